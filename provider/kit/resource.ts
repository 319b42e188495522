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
import { ElevenLabsClient } from "../../client/http/client";
import { isNotFound } from "../../client/http/errors";
import { namedIssues } from "../../client/validate";
import type { PlainObject } from "../../client/wire";
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
import { changedKeys, containsUnknown, prune, unknownPaths } from "./converge";

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
  /** The outputs of an object adopted with `import` (no write happened). */
  adopted(id: string, bag: PlainObject, live: Live): Outputs;
  /** What refresh reports: the live values at the declared keys (as inputs) and the outputs. */
  refresh(id: string, live: Live, props: Outputs): { inputs: PlainObject; outs: Outputs };
  /** Changes in place what diff allowed; returns the new outputs. */
  update(id: string, olds: Outputs, news: Inputs): Promise<Outputs>;
  /** Deletes the object; an object already gone is not an error (the kit ignores a 404). */
  delete(id: string, props: Outputs): Promise<void>;
}

/** What a resource's own check rules found: failures, and inputs it computed (e.g. a file hash). */
export interface CheckOutcome {
  failures?: dynamic.CheckFailure[];
  computed?: PlainObject;
}

/** The keys of `bag` named in `keys` (drops outputs, bookkeeping and the engine's `__provider`). */
export function pick(bag: PlainObject, keys: readonly string[]): PlainObject {
  const out: PlainObject = {};
  for (const k of keys) if (bag[k] !== undefined) out[k] = bag[k];
  return out;
}

/** A client for this call, with settings read now (stack config from `configure`, then env). */
export function client(): ElevenLabsClient {
  return new ElevenLabsClient();
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
 * Validates `args` with `schema`. Every failure names its property; values the engine does not know
 * yet (preview of dependent resources) are not judged.
 */
export function checkInputs(schema: z.ZodType, args: Inputs): dynamic.CheckFailure[] {
  const parsed = schema.safeParse(args);
  if (parsed.success) return [];
  const unknown = unknownPaths(args);
  const pending = (p: string) =>
    unknown.some((u) => p === u || p.startsWith(`${u}.`) || u.startsWith(`${p}.`));
  return namedIssues(parsed.error)
    .filter((i) => !pending(i.path))
    .map((i) => ({
      property: i.path || "(inputs)",
      reason: i.unknownKey ? `unknown property '${i.path}'` : `${i.path}: ${i.message}`,
    }));
}

/** The six provider methods of a resource described by `spec`. */
export function defineResource<Live>(spec: ResourceSpec<Live>): ResourceHandler {
  const where = (bag: PlainObject) => spec.where?.(bag) ?? "in this account";
  const diffKeys = spec.diffKeys ?? spec.inputKeys;
  const secretPaths = spec.secretPaths ?? [];

  /** The existing object to adopt and where it differs; `undefined` when there is none. */
  async function adoption(id: string, bag: PlainObject) {
    const live = await spec.read(id, bag);
    return live === undefined ? undefined : { live, found: spec.mismatches(live, bag) };
  }

  return {
    async check(olds, news) {
      const args = pick(news, spec.inputKeys);
      const failures = checkInputs(spec.schema, args);
      let inputs: PlainObject = { ...news };
      if (spec.refine) {
        const refined = await spec.refine(args, news, failures.length > 0);
        failures.push(...(refined.failures ?? []));
        inputs = { ...inputs, ...refined.computed };
      }
      // Adoption: compare with the existing object at preview, once, before it is in the state.
      const importId = importIdOf(news);
      if (importId !== undefined && failures.length === 0 && isNew(olds) && !containsUnknown(inputs)) {
        const adopted = await adoption(importId, inputs);
        if (adopted === undefined) {
          const reason = missingError(spec.kind, spec.noun, importId, where(inputs)).message;
          failures.push({ property: IMPORT_KEY, reason });
        } else failures.push(...mismatchFailures(spec.noun, importId, adopted.found, secretPaths));
      }
      return { inputs: prune(inputs), ...(failures.length > 0 ? { failures } : {}) };
    },

    async diff(id, olds, news) {
      const changed = changedKeys(olds, news, diffKeys, true);
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
      const importId = importIdOf(inputs);
      if (importId === undefined) {
        const { id, outs } = await spec.create(inputs);
        return { id, outs: prune(outs) };
      }
      // Adopt the existing object: no write, only a check that it is what the program declares.
      const adopted = await adoption(importId, inputs);
      if (adopted === undefined) throw missingError(spec.kind, spec.noun, importId, where(inputs));
      if (adopted.found.length > 0)
        throw mismatchError(spec.kind, spec.noun, importId, adopted.found, secretPaths);
      return { id: importId, outs: prune(spec.adopted(importId, inputs, adopted.live)) };
    },

    async read(id, props) {
      const live = await spec.read(id, props);
      if (live === undefined) return {};
      const { inputs, outs } = spec.refresh(id, live, props);
      return { id, props: prune(outs), inputs: prune(inputs) };
    },

    async update(id, olds, news) {
      return { outs: prune(await spec.update(id, olds, news)) };
    },

    async delete(id, props) {
      await ifFound(spec.delete(id, props));
    },
  };
}
