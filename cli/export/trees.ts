/**
 * Trees of settings for the export: a copy without the API's `null`s, without what equals the
 * defaults the API description gives (the service shows them for settings nobody set), and fitted
 * to a resource's schema (what the schema refuses is left out and said, what it requires is put
 * back).
 */
import type { z } from "zod";
import type { Dialect } from "../../client/http/settings";
import { namedIssues, propertyPath } from "../../client/validate";
import { isPlainObject, type PlainObject, valueAt } from "../../client/wire";
import { render } from "../../emulator/defaults";
import { deepEqual } from "../../provider/kit/converge";

/** A path into a JSON tree: object keys and array indexes. */
export type Path = readonly (string | number)[];

/** Sets `value` at `path` (a key of an object that exists); false when the parent is not there. */
export function setAt(tree: PlainObject, path: Path, value: unknown): boolean {
  const parent = valueAt(tree, path.slice(0, -1));
  const key = path[path.length - 1];
  if (!isPlainObject(parent) || typeof key !== "string") return false;
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  return true;
}

/**
 * Removes what `path` names and answers the path actually removed: an array item takes its whole
 * array with it (declaring a shorter list would differ from the account, an undeclared one does not).
 */
function removeAt(tree: PlainObject, path: Path): Path | undefined {
  let target = path;
  while (typeof target[target.length - 1] === "number") target = target.slice(0, -1);
  const parent = valueAt(tree, target.slice(0, -1));
  const key = target[target.length - 1];
  if (!isPlainObject(parent) || typeof key !== "string" || !Object.hasOwn(parent, key)) return undefined;
  delete parent[key];
  return target;
}

/** A copy without `null`s (the API's "not set"), and without objects only `null`s filled. */
export function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (!isPlainObject(v)) return v;
  const out: PlainObject = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null || x === undefined) continue;
    const kept = withoutNulls(x);
    const emptied =
      isPlainObject(x) && Object.keys(x).length > 0 && isPlainObject(kept) && Object.keys(kept).length === 0;
    if (!emptied) setAt(out, [k], kept);
  }
  return out;
}

/**
 * A copy without the leaves at `paths`. With `dropEmptied`, objects that only those leaves filled
 * go too (objects that were empty stay); without, they stay as `{}` (where a filler fills them).
 */
function without(tree: PlainObject, paths: readonly Path[], dropEmptied: boolean): PlainObject {
  const copy = structuredClone(tree);
  const emptied = new Set<string>();
  for (const p of paths) {
    const parent = valueAt(copy, p.slice(0, -1));
    const key = p[p.length - 1];
    if (isPlainObject(parent) && typeof key === "string") {
      delete parent[key];
      emptied.add(JSON.stringify(p.slice(0, -1)));
    }
  }
  if (!dropEmptied) return copy;
  const byDepth = [...emptied].map((s) => JSON.parse(s) as Path).sort((a, b) => b.length - a.length);
  for (const p of byDepth) dropEmptyUp(copy, p, false);
  return copy;
}

/**
 * Removes the object at `path` if it is empty, then its parent if that left it empty, and so on up.
 * An empty object that is an array item stops the walk, unless `arrayItems`: then its whole array
 * goes (see {@link removeAt}) and the walk stops there.
 */
function dropEmptyUp(tree: PlainObject, path: Path, arrayItems: boolean): void {
  for (let up = path; up.length > 0; up = up.slice(0, -1)) {
    const v = valueAt(tree, up);
    if (!isPlainObject(v) || Object.keys(v).length > 0) break;
    if (!arrayItems && typeof up[up.length - 1] !== "string") break;
    if (removeAt(tree, up) === undefined) break;
  }
}

// ---------------------------------------------------------------------------------------------
// Defaults: what the service shows for a setting nobody set
// ---------------------------------------------------------------------------------------------

/** Answers a (wire) object as the service would: every property it lacks filled with its default. */
export type Fill = (value: PlainObject) => unknown;

/** The filler of a component schema of an API description (the emulator's renderer). */
export const fillerOf =
  (dialect: Dialect, schema: string): Fill =>
  (value) =>
    render(dialect, schema, value);

/** An object of a tree and its leaves: scalars, arrays without objects, empty objects. */
interface Node {
  path: Path;
  leaves: string[];
}

function nodesOf(v: PlainObject, path: Path, out: Node[]): Node[] {
  const leaves: string[] = [];
  for (const [k, x] of Object.entries(v)) {
    if (isPlainObject(x) && Object.keys(x).length > 0) nodesOf(x, [...path, k], out);
    else if (Array.isArray(x) && x.some(isPlainObject)) {
      x.forEach((item, i) => {
        if (isPlainObject(item)) nodesOf(item, [...path, k, i], out);
      });
    } else leaves.push(k);
  }
  if (leaves.length > 0) out.push({ path, leaves });
  return out;
}

/**
 * The `removed` leaves of `node` equal to the default `filled` shows in their place; `undefined`
 * when `filled` filled none of them (nothing known there, or a union member whose tag was removed).
 */
function defaultsIn(
  value: PlainObject,
  node: Node,
  removed: readonly string[],
  filled: unknown,
): Path[] | undefined {
  const at = valueAt(filled, node.path);
  const own = valueAt(value, node.path);
  if (!isPlainObject(at) || !isPlainObject(own)) return undefined;
  const known = removed.filter((k) => at[k] !== undefined);
  if (known.length === 0) return undefined;
  return known.filter((k) => deepEqual(at[k], own[k])).map((k) => [...node.path, k]);
}

/**
 * `value` (a wire object) without the leaves equal to the default the API description gives them in
 * their place: the settings the service shows for an object nobody configured. `fill` is the
 * description's renderer (the one that fills defaults in the emulator), so the defaults are the
 * description's, never typed here.
 *
 * One fill with every leaf removed settles most objects. An object it cannot settle (nothing was
 * filled in it: the member of a union whose tag went with the other leaves, or a place without
 * defaults) is tried alone, and then with each of its string leaves kept in turn (the union's tag,
 * which is then kept).
 */
export function withoutDefaults(value: PlainObject, fill: Fill): PlainObject {
  const nodes = nodesOf(value, [], []);
  const paths = (n: Node, keys: readonly string[]) => keys.map((k) => [...n.path, k]);
  const found: Path[] = [];
  const all = fill(
    without(
      value,
      nodes.flatMap((n) => paths(n, n.leaves)),
      false,
    ),
  );
  for (const node of nodes) {
    const tryWithout = (keys: readonly string[]) =>
      defaultsIn(value, node, keys, fill(without(value, paths(node, keys), false)));
    let hits = defaultsIn(value, node, node.leaves, all) ?? tryWithout(node.leaves);
    const own = valueAt(value, node.path) as PlainObject;
    const tags = node.leaves.length > 1 ? node.leaves.filter((k) => typeof own[k] === "string") : [];
    for (const tag of hits === undefined ? tags : []) {
      hits = tryWithout(node.leaves.filter((k) => k !== tag));
      if (hits !== undefined) break;
    }
    found.push(...(hits ?? []));
  }
  return without(value, found, true);
}

// ---------------------------------------------------------------------------------------------
// Fitting a tree to a resource's schema
// ---------------------------------------------------------------------------------------------

/** Puts the keys of the object at `path` in `tree` in the order they have in `like` (the answer's). */
function inOrderOf(tree: PlainObject, like: PlainObject, path: Path): void {
  const obj = valueAt(tree, path);
  const model = valueAt(like, path);
  if (!isPlainObject(obj) || !isPlainObject(model)) return;
  const order = Object.keys(model);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  const entries = Object.entries(obj).sort(([a], [b]) => rank(a) - rank(b));
  for (const [k] of entries) delete obj[k];
  for (const [k, v] of entries) setAt(obj, [k], v);
}

/** A setting left out of the program: where, its value and why. */
export interface LeftOut {
  path: string;
  value: unknown;
  reason: string;
}

/**
 * Makes `declared` (the settings to declare, camelCase) valid for `schema`, in place. What the
 * schema refuses is left out; it is reported unless `sparse` (the settings without defaults) lacks
 * it, i.e. unless it is a default the service shows anyway. What the schema requires and was left
 * out as a default (a union's tag, a required object) is put back from `full`. `refused`: what
 * the schema still refuses when nothing more can be left out (the object cannot be declared).
 */
export function fitToSchema(
  schema: z.ZodType,
  declared: PlainObject,
  sparse: PlainObject,
  full: PlainObject,
): { leftOut: LeftOut[]; refused?: string[] } {
  const leftOut: LeftOut[] = [];
  const gone = new Set<string>();
  const restored = new Set<string>();
  const key = (p: Path) => JSON.stringify(p);

  /** Puts back what `path` lacks from `full`: the value itself, or the scalars of an object there. */
  const restore = (path: Path): boolean => {
    if (restored.has(key(path))) return false;
    const have = valueAt(declared, path);
    const source = valueAt(full, path);
    let done = false;
    if (have === undefined && source !== undefined && !gone.has(key(path))) {
      done = setAt(declared, path, isPlainObject(source) ? {} : structuredClone(source));
    } else if (isPlainObject(have) && isPlainObject(source)) {
      for (const [k, v] of Object.entries(source)) {
        if (!(k in have) && !isPlainObject(v) && !gone.has(key([...path, k])))
          done = setAt(have, [k], v) || done;
      }
    }
    if (done) {
      restored.add(key(path));
      inOrderOf(declared, full, isPlainObject(valueAt(declared, path)) ? path : path.slice(0, -1));
    }
    return done;
  };

  /** Removes `path` (and the objects only it filled); reported unless it was a default. */
  const leaveOut = (path: Path, reason: string): boolean => {
    const removed = removeAt(declared, path);
    if (removed === undefined) return false;
    gone.add(key(removed));
    dropEmptyUp(declared, removed.slice(0, -1), true);
    const value = valueAt(sparse, removed);
    if (value !== undefined) leftOut.push({ path: propertyPath(removed), value, reason });
    return true;
  };

  for (;;) {
    const parsed = schema.safeParse(declared);
    if (parsed.success) return { leftOut };
    const issues = namedIssues(parsed.error).map((i) => ({
      ...i,
      at: i.segments.filter((s): s is string | number => typeof s !== "symbol"),
    }));
    // Unknown settings go first: what they leave empty needs nothing put back.
    let progress = false;
    for (const i of issues) if (i.unknownKey) progress = leaveOut(i.at, "no such setting") || progress;
    if (!progress) {
      for (const i of issues) progress = restore(i.at) || leaveOut(i.at, i.message) || progress;
    }
    // Every round removes or restores something, and nothing twice: this ends.
    if (!progress) return { leftOut, refused: issues.map((i) => `${i.path || "(object)"}: ${i.message}`) };
  }
}
