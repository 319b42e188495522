/**
 * Converging on what the user declared. The service fills defaults on read, so a live object is
 * always a superset of the declaration; these helpers compare and patch only the declared keys.
 */
import { propertyPath } from "../../client/validate";
import { isPlainObject, type PlainObject } from "../../client/wire";

/** The engine's placeholder for a value not known until apply (preview of a dependent resource). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (isPlainObject(v)) return Object.values(v).some(containsUnknown);
  return false;
}

/** Paths (as programs write them, e.g. `toolIds[1]`) of every value the engine does not know yet. */
export function pendingPaths(v: unknown, path: PropertyKey[] = []): string[] {
  if (v === UNKNOWN) return [propertyPath(path)];
  if (isPlainObject(v)) return Object.entries(v).flatMap(([k, x]) => pendingPaths(x, [...path, k]));
  if (Array.isArray(v)) return v.flatMap((x, i) => pendingPaths(x, [...path, i]));
  return [];
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  // Numbers from the wire may come back as 1 where 1.0 was sent; both are the same JS number.
  return false;
}

/**
 * The live values at the keys of `shape`, recursively: objects keep only the declared keys, arrays
 * of the declared length are projected element by element (the service fills defaults inside list
 * items too), scalars are taken whole. A declared key that the live object lacks is left out, so
 * it reads as drift; but a key declared `null` that the service holds as null or not at all is
 * `null`: the service treats null as "not set" (create drops it, PATCH removes with it), so both
 * are the declaration (e.g. `versionId: null` of a pronunciation dictionary, a `null` placeholder).
 */
export function project(live: unknown, shape: unknown): unknown {
  if (Array.isArray(shape) && Array.isArray(live)) {
    return live.length === shape.length ? live.map((x, i) => project(x, shape[i])) : live;
  }
  if (!isPlainObject(shape) || !isPlainObject(live)) return live;
  const out: PlainObject = {};
  for (const [k, s] of Object.entries(shape)) {
    const v = own(live, k);
    if (v === null || v === undefined) {
      if (s === null) out[k] = null;
      continue;
    }
    if (s !== undefined) out[k] = project(v, s);
  }
  return out;
}

/** `obj[k]` if `obj` has its own `k`: map keys users name may be `constructor` or `toString`. */
function own(obj: PlainObject, k: string): unknown {
  return Object.hasOwn(obj, k) ? obj[k] : undefined;
}

/** Drops keys whose value is `undefined`, recursively, so absent and undefined compare equal. */
export function prune<T>(v: T): T {
  if (Array.isArray(v)) return v.map(prune) as T;
  if (!isPlainObject(v)) return v;
  const out: PlainObject = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = prune(x);
  return out as T;
}

/**
 * Top-level keys whose declared value differs between `olds` and `news`.
 * With `strictRemoval`, a key declared before and absent now is a change (the user removed it);
 * without, only keys present in `news` are compared (olds is a full live tree, e.g. after import).
 */
export function changedKeys(
  olds: PlainObject,
  news: PlainObject,
  keys: readonly string[],
  strictRemoval: boolean,
): string[] {
  return keys.filter((k) => {
    const n = news[k];
    const o = olds[k];
    if (n === undefined) return strictRemoval && o !== undefined;
    if (containsUnknown(n)) return true;
    return !deepEqual(prune(strictRemoval ? o : project(o, n)), prune(n));
  });
}

/**
 * The smallest PATCH body that turns declaration `olds` into `news`: changed leaves carry their new
 * value, a removed key carries `null` (the service then shows its default again). A removed object
 * is removed whole: nulling its leaves one by one would leave an empty object behind, which the
 * service answers unlike a fresh one and refuses where members are required (a map entry, a
 * webhook without its url).
 */
export function patchBetween(olds: unknown, news: unknown): unknown {
  if (!isPlainObject(olds) || !isPlainObject(news)) return deepEqual(olds, news) ? undefined : (news ?? null);
  const out: PlainObject = {};
  for (const [k, n] of Object.entries(news)) {
    if (n === undefined) continue;
    const p = patchBetween(own(olds, k), n);
    if (p !== undefined) out[k] = p;
  }
  for (const [k, o] of Object.entries(olds)) {
    if (o !== undefined && own(news, k) === undefined) out[k] = null;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Deep merge of two wire PATCH bodies (objects merge, everything else from `extra`). */
export function mergeWire(base: PlainObject, extra: PlainObject): PlainObject {
  const out: PlainObject = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? mergeWire(b, v) : v;
  }
  return out;
}
