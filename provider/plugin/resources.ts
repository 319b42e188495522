/**
 * The package's resources as the plugin serves them: one type token per declaration of `RESOURCES`
 * (`elevenlabs:index:<type>`), with what the TypeScript SDK does on the program side done here from
 * the same declaration (the creation key, local files, secrets), the detailed diff the protocol can
 * carry, and the read of an object known only by its id (`pulumi import`). Nothing here is written
 * for one resource: everything follows from the declarations.
 */
import { createHash } from "node:crypto";
import { isAbsolute, resolve } from "node:path";
import { namedIssues } from "../../client/validate";
import { isPlainObject, type PlainObject, valueAt } from "../../client/wire";
import { ACCOUNT_KEY } from "../kit/account";
import { changedKeys, prune, UNKNOWN } from "../kit/converge";
import {
  type AnyDeclaration,
  argsOf,
  type Behaviour,
  bookkeepingOf,
  CREATION_KEY,
  idOutputOf,
  inputKeysOf,
  outputKeysOf,
  resolvedKey,
  STACK_KEY,
  secretPropertiesOf,
} from "../kit/declaration";
import { warn } from "../kit/log";
import { dialect, liveOnlyFailure, type Resource, stamped } from "../kit/resource";
import { RESOURCES } from "../resources";

/** The package name of every type token. */
export const PACKAGE = "elevenlabs";

/** The type token of a resource, e.g. `elevenlabs:index:Agent`. */
export function tokenOf(d: AnyDeclaration): string {
  return `${PACKAGE}:index:${d.type}`;
}

// biome-ignore lint/suspicious/noExplicitAny: each resource has its own remote type; the map holds any.
const BY_TOKEN: ReadonlyMap<string, Resource<any>> = new Map(RESOURCES.map((r) => [tokenOf(r), r]));

/** The parts of a URN: `urn:pulumi:<stack>::<project>::<parent types $ type>::<name>`. */
export function urnParts(urn: string): { stack: string; project: string; type: string; name: string } {
  const parts = urn.split("::");
  const head = parts[0] ?? "";
  const qualified = parts[2] ?? "";
  return {
    stack: head.replace(/^urn:pulumi:/, ""),
    project: parts[1] ?? "",
    type: qualified.split("$").pop() ?? "",
    name: parts.slice(3).join("::"),
  };
}

/** The resource of a type token (or of a URN's type); an unknown one is an error naming it. */
// biome-ignore lint/suspicious/noExplicitAny: see BY_TOKEN.
export function resourceOf(typeOrUrn: string): Resource<any> {
  const token = typeOrUrn.startsWith("urn:") ? urnParts(typeOrUrn).type : typeOrUrn;
  const r = BY_TOKEN.get(token);
  if (r === undefined)
    throw new Error(
      `unknown resource type ${token}; this provider serves ${[...BY_TOKEN.keys()].join(", ")}`,
    );
  return r;
}

/**
 * The creation key of a resource (see `CREATION_KEY`), from its URN. The TypeScript SDK hashes
 * organization, project, stack, type and name in the program; a plugin is not told the
 * organization, but it gets the URN, which is the engine's own identity of the resource: stack,
 * project, type (qualified by its parents' types) and name. Hashed the same way, it is equivalent
 * for what the key is for: it is the same on every run of the same program (so a create whose
 * answer was lost, or an `up` that was killed, finds the object its earlier attempt made), it
 * differs for every other resource of the stack and for every other stack and project, and it
 * changes exactly when the SDK's key would (a renamed resource, stack or project). Only two
 * organizations deploying stacks of the same project and stack name into one ElevenLabs account
 * would share keys, which the SDK's key tells apart.
 */
export function creationKeyFromUrn(urn: string): string {
  return createHash("sha256").update(urn).digest("hex").slice(0, 16);
}

/**
 * The stack key (see `STACK_KEY`), from a URN: the SDK hashes organization, project and stack; the
 * URN's stack and project, hashed the same way, tell a stack's objects apart within an account just
 * as well (see {@link creationKeyFromUrn} for what the organization adds).
 */
export function stackKeyFromUrn(urn: string): string {
  const { stack, project } = urnParts(urn);
  return createHash("sha256").update(`urn:pulumi:${stack}::${project}`).digest("hex").slice(0, 16);
}

/**
 * The inputs as the TypeScript SDK would send them: the creation and stack keys, and each local file's path
 * resolved against the program's folder (the SDK resolves it in the program; the plugin runs in the
 * program's folder, where the engine starts it).
 */
export function withProgramSide(
  d: AnyDeclaration,
  news: PlainObject,
  urn: string,
  programDir: string,
): PlainObject {
  const out: PlainObject = {
    ...news,
    [CREATION_KEY]: creationKeyFromUrn(urn),
    [STACK_KEY]: stackKeyFromUrn(urn),
  };
  for (const p of d.program?.localFiles ?? []) {
    const path = news[p];
    if (path === UNKNOWN) out[resolvedKey(p)] = UNKNOWN;
    else if (typeof path === "string")
      out[resolvedKey(p)] = isAbsolute(path) ? path : resolve(programDir, path);
    else delete out[resolvedKey(p)];
  }
  return out;
}

/** True when a map named in `maps` anywhere in `v` (or `v` itself, named `key`) holds a plain string. */
function holdsCredential(v: unknown, maps: readonly string[], key: string): boolean {
  if (Array.isArray(v)) return v.some((x) => holdsCredential(x, maps, ""));
  if (!isPlainObject(v)) return false;
  if (maps.includes(key) && Object.values(v).some((x) => typeof x === "string" && x !== UNKNOWN)) return true;
  return Object.entries(v).some(([k, x]) => holdsCredential(x, maps, k));
}

/**
 * The top-level properties of `bag` to keep secret in state: those that arrived secret, the
 * declaration's secret properties, and those holding a credential map with a plain value (the same
 * rules as the TypeScript SDK's).
 */
export function secretsOf(d: AnyDeclaration, bag: PlainObject, arrived: Iterable<string> = []): string[] {
  const out = new Set(arrived);
  for (const k of secretPropertiesOf(d)) if (bag[k] !== undefined) out.add(k);
  const maps = d.program?.credentialMaps ?? [];
  if (maps.length > 0) for (const [k, v] of Object.entries(bag)) if (holdsCredential(v, maps, k)) out.add(k);
  return [...out].filter((k) => bag[k] !== undefined);
}

/** How a property changes, as the protocol's `PropertyDiff.Kind` names it. */
export type DiffKind = "ADD" | "ADD_REPLACE" | "DELETE" | "DELETE_REPLACE" | "UPDATE" | "UPDATE_REPLACE";

/**
 * The detailed diff: each changed input property (a computed input counts as the property it
 * stands for, e.g. a file's hash as its path), and whether its change replaces the object.
 */
export function detailedDiff(
  d: AnyDeclaration,
  olds: PlainObject,
  news: PlainObject,
  replaces: readonly string[],
): Record<string, DiffKind> {
  const keys = [...inputKeysOf(d), ...Object.keys(d.computed ?? {})];
  const out: Record<string, DiffKind> = {};
  for (const k of [...changedKeys(olds, news, keys, true), ...replaces]) {
    const property = d.computed?.[k] ?? k;
    const replace = replaces.includes(property);
    const kind = olds[property] === undefined ? "ADD" : news[property] === undefined ? "DELETE" : "UPDATE";
    out[property] = replace ? (`${kind}_REPLACE` as DiffKind) : kind;
  }
  return out;
}

/** The outputs an in-place update cannot change: the object's id. */
export function stablesOf(d: AnyDeclaration): string[] {
  return [idOutputOf(d)];
}

/**
 * The outputs a preview shows for a create (`olds` absent) or an update: the declared inputs, the
 * old outputs an update cannot change (the id, the account), and the other outputs not known yet.
 * So a resource that refers to an updated one by id sees no change in preview.
 */
export function previewOutputs(d: AnyDeclaration, news: PlainObject, olds?: PlainObject): PlainObject {
  const out: PlainObject = {};
  for (const k of [...inputKeysOf(d), ...Object.keys(d.computed ?? {})])
    if (news[k] !== undefined) out[k] = news[k];
  for (const k of outputKeysOf(d)) out[k] = UNKNOWN;
  if (olds !== undefined) {
    for (const k of [...stablesOf(d), ACCOUNT_KEY]) if (olds[k] !== undefined) out[k] = olds[k];
  }
  return out;
}

/** Bookkeeping inputs of the old inputs (creation key, resolved paths, computed values), kept by a refresh. */
export function bookkeepingIn(d: AnyDeclaration, oldInputs: PlainObject): PlainObject {
  const out: PlainObject = {};
  for (const k of bookkeepingOf(d)) if (oldInputs[k] !== undefined) out[k] = oldInputs[k];
  return out;
}

/** The behaviour of the configured dialect; a live-only resource in a legacy stack is refused. */
// biome-ignore lint/suspicious/noExplicitAny: see BY_TOKEN.
function behaviourOf(r: Resource<any>): Behaviour<any> {
  const b = dialect() === "legacy" ? r.legacy : r.live;
  if (b === undefined) throw new Error(liveOnlyFailure(r.type).reason);
  return b;
}

/**
 * The output that lists, after `pulumi import`, the arguments the API never returns (a Twilio token,
 * a secret's value): the state lacks them until the program declares them (see {@link withUnreadable}).
 */
export const UNREADABLE_KEY = "unreadableAtImport";

/** `tree` with `value` at `path` (dotted), copying the objects on the way. */
function withValueAt(tree: PlainObject, path: readonly string[], value: unknown): PlainObject {
  const [head, ...rest] = path;
  if (head === undefined) return tree;
  const child = isPlainObject(tree[head]) ? (tree[head] as PlainObject) : {};
  return { ...tree, [head]: rest.length === 0 ? value : withValueAt(child, rest, value) };
}

/**
 * Old outputs with what an import could not read filled in: the value the state's inputs have by now
 * (a later run recorded the program's), else the program's own. As the kit's adoption does, the
 * declared credentials are taken to be those the service holds, so the first `up` after an import
 * neither replaces nor rewrites the object; a later change of them is a change as usual.
 */
export function withUnreadable(olds: PlainObject, oldInputs: PlainObject, news: PlainObject): PlainObject {
  const paths = olds[UNREADABLE_KEY];
  if (!Array.isArray(paths)) return olds;
  let out = olds;
  for (const path of paths.filter((p): p is string => typeof p === "string").map((p) => p.split("."))) {
    if (valueAt(out, path) !== undefined) continue;
    const known = valueAt(oldInputs, path) ?? valueAt(news, path);
    if (known !== undefined) out = withValueAt(out, path, known);
  }
  return out;
}

/**
 * Inputs a refresh read, with the values the old inputs have where an import could not read (the
 * program's, recorded by a later run): the next diff compares them, not their absence.
 */
export function keepUnreadable(inputs: PlainObject, state: PlainObject, oldInputs: PlainObject): PlainObject {
  const paths = state[UNREADABLE_KEY];
  if (!Array.isArray(paths)) return inputs;
  let out = inputs;
  for (const path of paths.filter((p): p is string => typeof p === "string").map((p) => p.split("."))) {
    const old = valueAt(oldInputs, path);
    if (valueAt(out, path) === undefined && old !== undefined) out = withValueAt(out, path, old);
  }
  return out;
}

/** `args` without what the declaration's schema refuses as unknown; the paths left out. */
function declarable(d: AnyDeclaration, args: PlainObject): { args: PlainObject; leftOut: string[] } {
  const parsed = argsOf(d, dialect()).safeParse(args);
  if (parsed.success) return { args, leftOut: [] };
  let out = structuredClone(args);
  const leftOut: string[] = [];
  for (const issue of namedIssues(parsed.error)) {
    if (!issue.unknownKey) continue;
    const parent = valueAt(out, issue.segments.slice(0, -1));
    const key = issue.segments.at(-1);
    if (isPlainObject(parent) && typeof key === "string") {
      delete parent[key];
      leftOut.push(issue.path);
    }
  }
  out = prune(out);
  return { args: out, leftOut };
}

/**
 * An existing object read with nothing but its id (`pulumi import`, a `get`): its inputs as a
 * program would declare it (`asDeclared`, less what the schema cannot declare) and its outputs as a
 * refresh would record them, with the arguments the API never returns listed (`UNREADABLE_KEY`).
 * One read (`seed`: inputs the engine still has, if any); `undefined` when there is no such object.
 */
export async function readById(
  // biome-ignore lint/suspicious/noExplicitAny: see BY_TOKEN.
  r: Resource<any>,
  id: string,
  seed: PlainObject = {},
): Promise<{ inputs: PlainObject; outs: PlainObject } | undefined> {
  const b = behaviourOf(r);
  if (b.asDeclared === undefined)
    throw new Error(
      `${r.type} cannot be imported by id with this version of pulumi-elevenlabs: it cannot yet describe an existing ${r.noun} as a program would declare it.`,
    );
  const remote = await b.read(id, seed);
  if (remote === undefined) return undefined;
  const declared = b.asDeclared(id, remote);
  if (declared.args === undefined) {
    const why = declared.warnings ?? [];
    throw new Error(
      `${r.type} ${id} cannot be imported: ${why.length > 0 ? why.join(" ") : `this ${r.noun} cannot be declared in a program`}`,
    );
  }
  const { args: inputs, leftOut } = declarable(r, prune(declared.args));
  if (leftOut.length > 0)
    void warn(
      `${r.type} ${id}: the API answers settings a program cannot declare with this version of the provider; the import leaves them out: ${leftOut.join(", ")}`,
    );
  const { outs } = b.project(id, remote, inputs);
  const unreadable = (declared.unreadable ?? []).map((u) => u.path);
  // Outputs record the account they live in, as every create and refresh does (provider/kit/account.ts).
  return {
    inputs,
    outs: stamped({ ...outs, ...(unreadable.length > 0 ? { [UNREADABLE_KEY]: unreadable } : {}) }),
  };
}

/** Every type token the plugin serves. */
export function tokens(): string[] {
  return [...BY_TOKEN.keys()];
}
