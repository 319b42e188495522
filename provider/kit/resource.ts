/**
 * What every resource shares. A resource file describes its API (schema, how to read, create,
 * update and delete the object, how to compare it with a declaration); {@link defineResource} turns
 * that description into the six methods the serialized provider calls, with one implementation of
 * what is the same everywhere: check failures naming the property, adoption with the `import`
 * option, diff on declared keys (replacing what cannot change in place), "404 means gone" on read
 * and delete, and well-formed property bags for the engine.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { z } from "zod";
import { ElevenLabsClient, type Wait } from "../../client/http/client";
import { ApiError, ConnectionError, isNotFound } from "../../client/http/errors";
import { retryDelayMs } from "../../client/http/retry";
import { type Dialect, resolveSettings } from "../../client/http/settings";
import type { PlainObject } from "../../client/wire";
import { ACCOUNT_KEY, AccountSwitchError, currentAccount, switched } from "./account";
import {
  IMPORT_KEY,
  importIdOf,
  isNew,
  type Mismatch,
  mismatchError,
  mismatchFailures,
  missingError,
  replaceWhileImportingError,
} from "./adopt";
import { checkInputs, presentable } from "./check";
import { changedKeys, containsUnknown, prune } from "./converge";
import { progress } from "./log";

export type Inputs = PlainObject;
export type Outputs = PlainObject;

/** The CRUD surface of one resource kind, called by the serialized provider in `sdk/`. */
export interface ResourceHandler {
  check(olds: Inputs, news: Inputs): Promise<dynamic.CheckResult>;
  diff(id: string, olds: Outputs, news: Inputs): Promise<dynamic.DiffResult>;
  create(inputs: Inputs): Promise<dynamic.CreateResult>;
  read(id: string, props: Outputs): Promise<dynamic.ReadResult>;
  update(id: string, olds: Outputs, news: Inputs): Promise<dynamic.UpdateResult>;
  delete(id: string, props: Outputs): Promise<void>;
}

/**
 * One resource kind described by its API. `Live` is the object as the API answers it. Every bag
 * passed in is the whole input or state bag (declared inputs, computed inputs such as a file hash,
 * the adoption id, outputs); use {@link pick} for the declared part.
 */
export interface ResourceSpec<Live> {
  /** Type name as programs write it, e.g. `PhoneNumber` (quoted in errors). */
  kind: string;
  /** What it is in prose, e.g. `phone number`. */
  noun: string;
  /** Schema of the declared inputs (camelCase); check validates them with it. */
  schema: z.ZodType;
  /** The declared input keys. */
  inputKeys: readonly string[];
  /** Keys diff compares (default: `inputKeys`); computed inputs such as a file's hash belong here. */
  diffKeys?: readonly string[];
  /** Keys that change in place; every other changed key replaces the object. `"all"`: nothing replaces. */
  updatable: readonly string[] | "all";
  /** A diff key reported under another property when it replaces (e.g. `fileHash` as `filePath`). */
  reportAs?: Readonly<Record<string, string>>;
  /** Delete the old object before creating its replacement (the API refuses two at once). */
  deleteBeforeReplace: boolean;
  /** Properties whose values never appear in messages. */
  secretPaths?: readonly string[];
  /**
   * Rules the schema cannot say (one of two keys, a readable file). `schemaFailed` tells whether
   * the schema already reported failures (skip work that needs valid values then).
   */
  refine?(args: PlainObject, news: Inputs, schemaFailed: boolean): CheckOutcome | Promise<CheckOutcome>;
  /** Reads the object; `undefined` when it does not exist (wrap reads in {@link ifFound}). */
  read(id: string, bag: PlainObject): Promise<Live | undefined>;
  /** Where an existing object differs from the declaration (adoption with `import`). */
  mismatches(live: Live, bag: PlainObject): Mismatch[];
  /** Where an id to adopt was looked for, in messages (default: `in this account`). */
  where?(bag: PlainObject): string;
  /** Creates the object. */
  create(bag: PlainObject): Promise<{ id: string; outs: Outputs }>;
  /**
   * Recognises the object an earlier attempt of this very create made (its answer was lost, the
   * process was killed, a later step of the create failed): the create then adopts it instead of
   * making a second one. Called before every create and again after a create whose outcome is
   * unknown; one read. Answers the object's id and what was read.
   */
  find?(bag: PlainObject): Promise<{ id: string; live: Live } | undefined>;
  /**
   * Brings an object found by `find` to the declaration (the steps the interrupted create did not
   * get to, or a value that differs), returning the outputs. Default: `update` from what `refresh`
   * reports of the object to the declaration.
   */
  resume?(id: string, live: Live, bag: PlainObject): Promise<Outputs>;
  /** The outputs of an object adopted with `import` (no write happened). */
  adopted(id: string, bag: PlainObject, live: Live): Outputs;
  /** What refresh reports: the live values at the declared keys (as inputs) and the outputs. */
  refresh(id: string, live: Live, props: Outputs): { inputs: PlainObject; outs: Outputs };
  /** Changes in place what diff allowed; returns the new outputs. */
  update(id: string, olds: Outputs, news: Inputs): Promise<Outputs>;
  /** Deletes the object; an object already gone is not an error (the kit ignores a 404). */
  delete(id: string, props: Outputs): Promise<void>;
}

/**
 * A resource whose API differs between the dialects: one spec per dialect. The kit picks the spec
 * of the stack's dialect on every call, so a resource file says once how each dialect works.
 */
export interface DialectSpecs<Live> {
  live: ResourceSpec<Live>;
  legacy: ResourceSpec<Live>;
  /**
   * Where a property of one dialect has a counterpart in the other, what to tell users, by
   * property path (e.g. `conversationConfig.stt` -> `use conversationConfig.asr`).
   */
  counterparts?: Readonly<Record<string, string>>;
}

/**
 * A resource only the live dialect has (tools, secrets): in a legacy stack, check fails saying so,
 * before any request.
 */
export function liveOnly<Live>(spec: ResourceSpec<Live>): DialectSpecs<Live> {
  const refuse = (): CheckOutcome => ({
    failures: [
      {
        property: "",
        reason: `${spec.kind} exists only in the live API dialect; this stack speaks legacy (elevenlabs:apiDialect). Remove the ${spec.kind}, or set elevenlabs:apiDialect to live`,
      },
    ],
  });
  return { live: spec, legacy: { ...spec, refine: refuse } };
}

/** What a resource's own check rules found: failures, and inputs it computed (e.g. a file hash). */
export interface CheckOutcome {
  failures?: dynamic.CheckFailure[];
  computed?: PlainObject;
}

/**
 * The input that carries a resource's creation key: a stable hash of the stack and the resource's
 * name (see `sdk/resource.ts`), never shown in diffs. Resources whose objects can carry it (an
 * agent's tags) use it to recognise the object their own earlier create made.
 */
export const CREATION_KEY = "creationKey";

/** The creation key of a bag, when the program's SDK sent one. */
export function creationKeyOf(bag: PlainObject): string | undefined {
  const v = bag[CREATION_KEY];
  return typeof v === "string" && /^[0-9a-f]{16}$/.test(v) ? v : undefined;
}

/**
 * Inputs the provider itself adds to a resource's bag: never declared by programs, never checked
 * (the engine's serialized provider, the adoption id, the SDK's resolved file path, a file's hash).
 */
export const BOOKKEEPING: readonly string[] = [
  "__provider",
  IMPORT_KEY,
  CREATION_KEY,
  "resolvedFilePath",
  "fileHash",
  "toolType",
];

/** What a program declared: the bag without the provider's bookkeeping. */
export function declaredInputs(bag: PlainObject): PlainObject {
  const out: PlainObject = {};
  for (const [k, v] of Object.entries(bag)) if (v !== undefined && !BOOKKEEPING.includes(k)) out[k] = v;
  return out;
}

/** The keys of `bag` named in `keys` (drops outputs, bookkeeping and the engine's `__provider`). */
export function pick(bag: PlainObject, keys: readonly string[]): PlainObject {
  const out: PlainObject = {};
  for (const k of keys) if (bag[k] !== undefined) out[k] = bag[k];
  return out;
}

/** How a Pulumi program sets the client's settings (error advice names them). */
const PULUMI_SETTINGS = {
  apiKey: "pulumi config set --secret elevenlabs:apiKey <key>, or ELEVENLABS_API_KEY",
  baseUrl: "pulumi config set elevenlabs:baseUrl <url>, or ELEVENLABS_BASE_URL",
};

/** A client for this call, with settings read now (stack config from `configure`, then env). */
export function client(): ElevenLabsClient {
  return new ElevenLabsClient({ onWait: showWait, settingNames: PULUMI_SETTINGS });
}

/** Long waits show in the engine's progress display, saying why and for how long. */
function showWait(w: Wait): void {
  if (w.ms < 1000) return;
  const secs = Math.ceil(w.ms / 1000);
  const why =
    w.reason === "rate limit"
      ? "the API's rate limit is spent for this window"
      : `the last attempt got ${w.after}; retry ${w.attempt} of ${w.maxRetries}`;
  void progress(`ElevenLabs ${w.route}: waiting ${secs} s (${why})`);
}

/** The stack's API dialect, read now (stack config `elevenlabs:apiDialect`, then env, then `live`). */
export function dialect(): Dialect {
  return resolveSettings().dialect;
}

/** The value of a read, or `undefined` when the API answered 404 (the object is gone). */
export async function ifFound<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * Failures of `args` under the stack's dialect; where the other dialect accepts what this one
 * refuses, the failure says so (the property exists, or the value is valid, only in the other).
 */
function dialectFailures<Live>(
  specs: DialectSpecs<Live>,
  current: Dialect,
  args: PlainObject,
): dynamic.CheckFailure[] {
  const failures = checkInputs(specs[current].schema, args);
  if (failures.length === 0) return failures;
  const other: Dialect = current === "live" ? "legacy" : "live";
  const refusedThere = new Set(checkInputs(specs[other].schema, args).map((f) => f.property));
  return failures.map((f) => {
    // Refused there too, or inside something the other dialect refuses as a whole: not a dialect matter.
    const there = [...refusedThere].some(
      (r) => r === f.property || f.property.startsWith(`${r}.`) || f.property.startsWith(`${r}[`),
    );
    if (there) return f;
    const counterpart = Object.entries(specs.counterparts ?? {}).find(
      ([path]) => f.property === path || f.property.startsWith(`${path}.`),
    );
    const what = f.reason.startsWith("unknown property")
      ? `${f.property} exists only in the ${other} API dialect`
      : f.reason.startsWith(`${f.property}: required`)
        ? `${f.property}: required in the ${current} API dialect (the ${other} one does without it)`
        : `${f.reason} (the ${other} API dialect would accept it)`;
    const hint = counterpart ? `; ${counterpart[1]}` : "";
    return {
      property: f.property,
      reason: `${what}; this stack speaks the ${current} dialect (elevenlabs:apiDialect)${hint}`,
    };
  });
}

/**
 * True when a failed create may have made the object anyway: the connection broke after the request
 * was sent, the service answered 5xx or 408. Such a create is safe to repeat only after `find`.
 */
export function outcomeUnknown(err: unknown): boolean {
  if (err instanceof ConnectionError) return !err.notSent;
  return err instanceof ApiError && (err.status >= 500 || err.status === 408);
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Creates once, whatever the faults: first looks for the object an earlier attempt made (and
 * adopts it), then creates; a create whose outcome is unknown is looked for again and, if it did
 * not happen, repeated (with the client's backoff), up to the client's retry budget.
 */
async function createOnce<Live>(
  spec: ResourceSpec<Live>,
  bag: PlainObject,
): Promise<{ id: string; outs: Outputs }> {
  const { maxRetries, delayScale } = resolveSettings();
  for (let attempt = 0; ; attempt++) {
    const found = spec.find ? await spec.find(bag) : undefined;
    if (found) {
      const outs = spec.resume
        ? await spec.resume(found.id, found.live, bag)
        : await spec.update(found.id, spec.refresh(found.id, found.live, bag).outs, bag);
      return { id: found.id, outs };
    }
    try {
      return await spec.create(bag);
    } catch (err) {
      if (!spec.find || !outcomeUnknown(err) || attempt >= maxRetries) throw err;
      const ms = retryDelayMs(attempt, {}, Date.now()) * delayScale;
      showWait({
        route: `${spec.kind} create`,
        reason: "retry",
        after: err instanceof ApiError ? String(err.status) : "no answer",
        ms,
        attempt: attempt + 1,
        maxRetries,
      });
      await wait(ms);
    }
  }
}

/** Outputs with the account they live in (see provider/kit/account.ts). */
function stamped(outs: Outputs): Outputs {
  return prune({ ...outs, [ACCOUNT_KEY]: currentAccount() });
}

/**
 * Stops before any write when the stack now points at another account than the one holding the
 * object: the object is looked up in the configured account, and only a miss is a switch (a hit is
 * the same account under a rotated key).
 */
async function guardAccount<Live>(spec: ResourceSpec<Live>, id: string, bag: PlainObject): Promise<void> {
  const moved = switched(bag);
  if (!moved) return;
  if ((await spec.read(id, bag)) === undefined)
    throw new AccountSwitchError(spec.kind, id, moved.from, moved.to);
}

/** The six provider methods of a resource described by `spec` (one spec, or one per dialect). */
export function defineResource<Live>(specs: ResourceSpec<Live> | DialectSpecs<Live>): ResourceHandler {
  const perDialect = "live" in specs;
  /** The spec of the stack's dialect, picked on every call (the one place resources branch). */
  const current = (): ResourceSpec<Live> => (perDialect ? specs[dialect()] : specs);
  const where = (spec: ResourceSpec<Live>, bag: PlainObject) => spec.where?.(bag) ?? "in this account";

  /** The existing object to adopt and where it differs; `undefined` when there is none. */
  async function adoption(spec: ResourceSpec<Live>, id: string, bag: PlainObject) {
    const live = await spec.read(id, bag);
    return live === undefined ? undefined : { live, found: spec.mismatches(live, bag) };
  }

  return {
    async check(olds, news) {
      const spec = current();
      const secretPaths = spec.secretPaths ?? [];
      // Everything the program passed is checked: an unknown property is an error, not dropped.
      const args = declaredInputs(news);
      const failures = perDialect ? dialectFailures(specs, dialect(), args) : checkInputs(spec.schema, args);
      let inputs: PlainObject = { ...news };
      if (spec.refine) {
        const refined = await spec.refine(args, news, failures.length > 0);
        failures.push(...(refined.failures ?? []));
        inputs = { ...inputs, ...refined.computed };
      }
      // Adoption: compare with the existing object at preview, once, before it is in the state.
      // Values not known yet (another resource's output) are compared at create; the rest now.
      const importId = importIdOf(news);
      if (importId !== undefined && failures.length === 0 && isNew(olds)) {
        const pending = containsUnknown(inputs);
        const adopted = await adoption(spec, importId, inputs);
        if (adopted === undefined) {
          // A read that needs a pending value (a legacy document's agent) cannot tell yet.
          if (!pending) {
            const reason = missingError(spec.kind, spec.noun, importId, where(spec, inputs)).message;
            failures.push({ property: IMPORT_KEY, reason });
          }
        } else {
          const known = adopted.found.filter((m) => !containsUnknown(m.declared));
          failures.push(...mismatchFailures(spec.noun, importId, known, secretPaths));
        }
      }
      if (failures.length === 0) return { inputs: prune(inputs) };
      const topSecrets = secretPaths.filter((p) => !p.includes("."));
      return { inputs: prune(inputs), failures: presentable(failures, args, topSecrets) };
    },

    async diff(id, olds, news) {
      const spec = current();
      await guardAccount(spec, id, olds);
      const changed = changedKeys(olds, news, spec.diffKeys ?? spec.inputKeys, true);
      const updatable = spec.updatable;
      const replaced = updatable === "all" ? [] : changed.filter((k) => !updatable.includes(k));
      const replaces = [...new Set(replaced.map((k) => spec.reportAs?.[k] ?? k))];
      const importId = importIdOf(news);
      // Still adopting this very object: a replacement would adopt it again, or delete it.
      if (importId === id && replaces.length > 0) throw replaceWhileImportingError(spec.kind, id, replaces);
      // Adopting another existing object in place of this one (native import's semantics).
      if (importId !== undefined && importId !== id) replaces.push(IMPORT_KEY);
      return {
        changes: changed.length > 0 || replaces.length > 0,
        replaces,
        deleteBeforeReplace: spec.deleteBeforeReplace && replaces.length > 0,
      };
    },

    async create(inputs) {
      const spec = current();
      const importId = importIdOf(inputs);
      if (importId === undefined) {
        const { id, outs } = await createOnce(spec, inputs);
        return { id, outs: stamped(outs) };
      }
      // Adopt the existing object: no write, only a check that it is what the program declares.
      const adopted = await adoption(spec, importId, inputs);
      if (adopted === undefined) throw missingError(spec.kind, spec.noun, importId, where(spec, inputs));
      if (adopted.found.length > 0)
        throw mismatchError(spec.kind, spec.noun, importId, adopted.found, spec.secretPaths ?? []);
      return { id: importId, outs: stamped(spec.adopted(importId, inputs, adopted.live)) };
    },

    async read(id, props) {
      const spec = current();
      const live = await spec.read(id, props);
      if (live === undefined) {
        // Gone, or never in this account: a refresh must not drop what another account holds.
        const moved = switched(props);
        if (moved) throw new AccountSwitchError(spec.kind, id, moved.from, moved.to);
        return {};
      }
      const { inputs, outs } = spec.refresh(id, live, props);
      return { id, props: stamped(outs), inputs: prune(inputs) };
    },

    async update(id, olds, news) {
      return { outs: stamped(await current().update(id, olds, news)) };
    },

    async delete(id, props) {
      const spec = current();
      await guardAccount(spec, id, props);
      await ifFound(spec.delete(id, props));
    },
  };
}
