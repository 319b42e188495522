/**
 * What every resource shares. A resource file describes its API (schema, how to read, create,
 * update and delete the object, how to compare it with a declaration); {@link defineResource} turns
 * that description into the six methods the serialized provider calls, with one implementation of
 * what is the same everywhere: check failures naming the property, adoption with the `import`
 * option, diff on declared keys (replacing what cannot change in place), "404 means gone" on read
 * and delete, and well-formed property bags for the engine.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { ElevenLabsClient, type Wait } from "../../client/http/client";
import { ApiError, ConnectionError, isNotFound } from "../../client/http/errors";
import { retryDelayMs, sleep } from "../../client/http/retry";
import { type Dialect, resolveSettings } from "../../client/http/settings";
import { type PlainObject, valueAt } from "../../client/wire";
import { ACCOUNT_KEY, AccountSwitchError, credentialsProblem, currentAccount, switched } from "./account";
import {
  IMPORT_KEY,
  importIdOf,
  isNew,
  mismatchError,
  mismatchFailures,
  missingError,
  replaceWhileImportingError,
} from "./adopt";
import { checkInputs, presentable } from "./check";
import { changedKeys, containsUnknown, deepEqual, prune } from "./converge";
import {
  type AnyDeclaration,
  argsOf,
  type Behaviour,
  bookkeepingOf,
  type Declaration,
  type Inputs,
  inputKeysOf,
  type Outputs,
  replacesIn,
  secretPathsIn,
} from "./declaration";
import { progress } from "./log";
import { rememberMade } from "./lookup";

/** The CRUD surface of one resource kind, called by the serialized provider in `sdk/`. */
export interface ResourceHandler {
  check(olds: Inputs, news: Inputs): Promise<dynamic.CheckResult>;
  diff(id: string, olds: Outputs, news: Inputs): Promise<dynamic.DiffResult>;
  create(inputs: Inputs): Promise<dynamic.CreateResult>;
  read(id: string, props: Outputs): Promise<dynamic.ReadResult>;
  update(id: string, olds: Outputs, news: Inputs): Promise<dynamic.UpdateResult>;
  delete(id: string, props: Outputs): Promise<void>;
}

/** A declared resource with its provider methods: what `provider/resources/index.ts` lists. */
export interface Resource<Remote = unknown> extends Declaration<Remote> {
  readonly handler: ResourceHandler;
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
function dialectFailures(d: AnyDeclaration, current: Dialect, args: PlainObject): dynamic.CheckFailure[] {
  const failures = checkInputs(argsOf(d, current), args);
  if (failures.length === 0 || d.legacy === undefined) return failures;
  const other: Dialect = current === "live" ? "legacy" : "live";
  const refusedThere = new Set(checkInputs(argsOf(d, other), args).map((f) => f.property));
  return failures.map((f) => {
    // Refused there too, or inside something the other dialect refuses as a whole: not a dialect matter.
    const there = [...refusedThere].some(
      (r) => r === f.property || f.property.startsWith(`${r}.`) || f.property.startsWith(`${r}[`),
    );
    if (there) return f;
    const counterpart = Object.entries(d.counterparts ?? {}).find(
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

/** The check failure of a resource that exists only in the live dialect, in a legacy stack. */
export function liveOnlyFailure(type: string): dynamic.CheckFailure {
  return {
    property: "",
    reason: `${type} exists only in the live API dialect; this stack speaks legacy (elevenlabs:apiDialect). Remove the ${type}, or set elevenlabs:apiDialect to live`,
  };
}

/**
 * True when a failed create may have made the object anyway: the connection broke after the request
 * was sent, the service answered 5xx or 408. Such a create is safe to repeat only after `findOwn`.
 */
export function outcomeUnknown(err: unknown): boolean {
  if (err instanceof ConnectionError) return !err.notSent;
  return err instanceof ApiError && (err.status >= 500 || err.status === 408);
}

/**
 * Creates once, whatever the faults: first looks for the object an earlier attempt made (and
 * adopts it), then creates; a create whose outcome is unknown is looked for again and, if it did
 * not happen, repeated (with the client's backoff), up to the client's retry budget.
 */
async function createOnce<Remote>(
  type: string,
  b: Behaviour<Remote>,
  bag: PlainObject,
): Promise<{ id: string; outs: Outputs }> {
  const { maxRetries, delayScale } = resolveSettings();
  for (let attempt = 0; ; attempt++) {
    const found = b.findOwn ? await b.findOwn(bag, attempt > 0) : undefined;
    if (found) {
      rememberMade(found.id);
      const outs = b.resume
        ? await b.resume(found.id, found.remote, bag)
        : await b.update(found.id, b.project(found.id, found.remote, bag).outs, bag);
      return { id: found.id, outs };
    }
    try {
      const created = await b.create(bag);
      rememberMade(created.id);
      return created;
    } catch (err) {
      if (!b.findOwn || !outcomeUnknown(err) || attempt >= maxRetries) throw err;
      const ms = retryDelayMs(attempt, {}, Date.now()) * delayScale;
      showWait({
        route: `${type} create`,
        reason: "retry",
        after: err instanceof ApiError ? String(err.status) : "no answer",
        ms,
        attempt: attempt + 1,
        maxRetries,
      });
      await sleep(ms);
    }
  }
}

/** Outputs with the account they live in (see provider/kit/account.ts). */
export function stamped(outs: Outputs): Outputs {
  return prune({ ...outs, [ACCOUNT_KEY]: currentAccount() });
}

/**
 * Stops before any write when the stack now points at another account than the one holding the
 * object: the object is looked up in the configured account, and only a miss is a switch (a hit is
 * the same account under a rotated key).
 */
async function guardAccount<Remote>(
  type: string,
  b: Behaviour<Remote>,
  id: string,
  bag: PlainObject,
): Promise<void> {
  const moved = switched(bag);
  if (!moved) return;
  if ((await b.read(id, bag)) === undefined) throw new AccountSwitchError(type, id, moved.from, moved.to);
}

/**
 * The properties a change between `olds` and `news` replaces, reported as top-level properties:
 * every changed property `replaces` names, and those with a changed path inside (`toolConfig.type`).
 * A computed input counts as the property it stands for.
 */
export function replacedBy(
  d: AnyDeclaration,
  dialect: Dialect,
  changed: readonly string[],
  olds: PlainObject,
  news: PlainObject,
): string[] {
  const rule = replacesIn(d, dialect);
  const out = new Set<string>();
  for (const k of changed) {
    const owner = d.computed?.[k] ?? k;
    if (rule === "all" || rule.includes(owner)) {
      out.add(owner);
      continue;
    }
    const inside = rule.filter((p) => p.startsWith(`${owner}.`)).map((p) => p.split("."));
    if (inside.some((p) => !deepEqual(valueAt(olds, p), valueAt(news, p)))) out.add(owner);
  }
  return [...out];
}

/** The provider methods of a declared resource. */
export function defineResource<Remote>(d: Declaration<Remote>): Resource<Remote> {
  const inputKeys = inputKeysOf(d);
  const diffKeys = [...inputKeys, ...Object.keys(d.computed ?? {})];
  const bookkeeping = bookkeepingOf(d);
  /** What a program declared: the bag without the provider's bookkeeping. */
  const declared = (bag: PlainObject): PlainObject => {
    const out: PlainObject = {};
    for (const [k, v] of Object.entries(bag)) if (v !== undefined && !bookkeeping.includes(k)) out[k] = v;
    return out;
  };
  /** The behaviour of the stack's dialect, picked on every call (the one place resources branch). */
  const current = (): Behaviour<Remote> | undefined => (dialect() === "legacy" ? d.legacy : d.live);
  /** The behaviour of the stack's dialect; a resource of the live dialect only is refused in the other. */
  const behaviour = (): Behaviour<Remote> => {
    const b = current();
    if (b === undefined) throw new Error(liveOnlyFailure(d.type).reason);
    return b;
  };
  const where = (b: Behaviour<Remote>, bag: PlainObject) => b.where?.(bag) ?? "in this account";

  /** The existing object to adopt and where it differs; `undefined` when there is none. */
  async function adoption(b: Behaviour<Remote>, id: string, bag: PlainObject) {
    const remote = await b.read(id, bag);
    return remote === undefined ? undefined : { remote, found: b.mismatches(remote, bag) };
  }

  const handler: ResourceHandler = {
    async check(olds, news) {
      const b = current();
      if (b === undefined) return { inputs: prune({ ...news }), failures: [liveOnlyFailure(d.type)] };
      const stackDialect = dialect();
      const secretPaths = secretPathsIn(d, stackDialect);
      // Everything the program passed is checked: an unknown property is an error, not dropped.
      const args = declared(news);
      const failures = dialectFailures(d, stackDialect, args);
      let inputs: PlainObject = { ...news };
      if (b.refine) {
        const refined = await b.refine(args, news, failures.length > 0, olds);
        failures.push(...(refined.failures ?? []));
        inputs = { ...inputs, ...refined.computed };
      }
      // Valid inputs: the account they go to must answer (once per process; bad inputs cost no request).
      if (failures.length === 0) {
        const problem = await credentialsProblem(client);
        if (problem !== undefined) failures.push({ property: "", reason: problem });
      }
      // Adoption: compare with the existing object at preview, once, before it is in the state.
      // Values not known yet (another resource's output) are compared at create; the rest now.
      const importId = importIdOf(news);
      if (importId !== undefined && failures.length === 0 && isNew(olds)) {
        const pending = containsUnknown(inputs);
        const adopted = await adoption(b, importId, inputs);
        if (adopted === undefined) {
          // A read that needs a pending value (a legacy document's agent) cannot tell yet.
          if (!pending) {
            const reason = missingError(d.type, d.noun, importId, where(b, inputs)).message;
            failures.push({ property: IMPORT_KEY, reason });
          }
        } else {
          const known = adopted.found.filter((m) => !containsUnknown(m.declared));
          failures.push(...mismatchFailures(d.noun, importId, known, secretPaths));
        }
      }
      if (failures.length === 0) return { inputs: prune(inputs) };
      const topSecrets = secretPaths.filter((p) => !p.includes("."));
      return { inputs: prune(inputs), failures: presentable(failures, args, topSecrets) };
    },

    async diff(id, olds, news) {
      const b = behaviour();
      await guardAccount(d.type, b, id, olds);
      const changed = changedKeys(olds, news, diffKeys, true);
      const replaces = replacedBy(d, dialect(), changed, olds, news);
      const importId = importIdOf(news);
      // Still adopting this very object: a replacement would adopt it again, or delete it.
      if (importId === id && replaces.length > 0) throw replaceWhileImportingError(d.type, id, replaces);
      // Adopting another existing object in place of this one (native import's semantics).
      if (importId !== undefined && importId !== id) replaces.push(IMPORT_KEY);
      return {
        changes: changed.length > 0 || replaces.length > 0,
        replaces,
        deleteBeforeReplace: (d.deleteBeforeReplace ?? false) && replaces.length > 0,
      };
    },

    async create(inputs) {
      const b = behaviour();
      const importId = importIdOf(inputs);
      if (importId === undefined) {
        const { id, outs } = await createOnce(d.type, b, inputs);
        return { id, outs: stamped(outs) };
      }
      // Adopt the existing object: no write, only a check that it is what the program declares.
      const adopted = await adoption(b, importId, inputs);
      if (adopted === undefined) throw missingError(d.type, d.noun, importId, where(b, inputs));
      if (adopted.found.length > 0)
        throw mismatchError(d.type, d.noun, importId, adopted.found, secretPathsIn(d, dialect()));
      return { id: importId, outs: stamped(b.adopted(importId, inputs, adopted.remote)) };
    },

    async read(id, props) {
      const b = behaviour();
      const remote = await b.read(id, props);
      if (remote === undefined) {
        // Gone, or never in this account: a refresh must not drop what another account holds.
        const moved = switched(props);
        if (moved) throw new AccountSwitchError(d.type, id, moved.from, moved.to);
        return {};
      }
      const { inputs, outs } = b.project(id, remote, props);
      return { id, props: stamped(outs), inputs: prune(inputs) };
    },

    async update(id, olds, news) {
      return { outs: stamped(await behaviour().update(id, olds, news)) };
    },

    async delete(id, props) {
      const b = behaviour();
      await guardAccount(d.type, b, id, props);
      await ifFound(b.delete(id, props));
    },
  };
  return { ...d, handler };
}
