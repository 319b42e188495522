/**
 * The one place that maps between the camelCase trees programs write and the snake_case trees the
 * API speaks. The mapping is driven by shapes: data generated from the API descriptions
 * (`client/generated/*.ts`), or written by hand for a few answers. A shape says, per camelCase key,
 * the exact wire name and the shape of the child; it marks maps whose keys users name (keys pass
 * verbatim, values convert with their own shape), arrays, unions (the branch chosen by the
 * discriminator when there is one) and free JSON (passed verbatim). Keys a shape does not know, and
 * trees without a shape (`GENERIC`), convert generically (`turn_timeout` <-> `turnTimeout`).
 *
 * This module imports nothing: `client/` stands alone.
 */

/** A JSON object as this package passes trees around. */
export type PlainObject = Record<string, unknown>;

/** A scalar a shape can pin on the wire (`fixed`). */
export type WireScalar = string | number | boolean | null;

/**
 * The serialized form of a shape, as generated: `"leaf"` (a scalar or enum, copied as is), `"json"`
 * (free JSON, copied verbatim whatever its keys), a reference to a named shape of the table, an
 * array, a user-keyed map, a union, or an object.
 */
export type ShapeData =
  | "leaf"
  | "json"
  | "generic"
  | { readonly ref: string }
  | { readonly array: ShapeData }
  | { readonly map: ShapeData }
  | { readonly union: readonly ShapeData[]; readonly tag?: Tag }
  | {
      readonly object: Readonly<Record<string, FieldData>>;
      readonly fixed?: Readonly<Record<string, WireScalar>>;
    };

/**
 * A field of an object shape: its wire name alone (a leaf), or the wire name and the child's shape,
 * and, where the API does not take `null` for it, the value that resets it (its default).
 */
export type FieldData =
  | string
  | readonly [wire: string, shape: ShapeData]
  | readonly [wire: string, shape: ShapeData, reset: { readonly value: unknown }];

/** A union's discriminator: its camelCase and wire names, and the branch index of each value. */
export interface Tag {
  readonly camel: string;
  readonly wire: string;
  readonly branches: Readonly<Record<string, number>>;
}

/** Generated shapes: named shapes (which may refer to each other, recursively) and the roots. */
export interface ShapeTable {
  readonly types: Readonly<Record<string, ShapeData>>;
  readonly roots: Readonly<Record<string, ShapeData>>;
}

/** A scalar or enum: copied as is in both directions. */
export interface LeafShape {
  readonly kind: "leaf";
}
/** Free JSON: copied verbatim in both directions, keys included. */
export interface JsonShape {
  readonly kind: "json";
}
/** A tree no shape describes: every key converted generically, recursively, in both directions. */
export interface GenericShape {
  readonly kind: "generic";
}
/** One field of an object: the camelCase name, the wire name and the value's shape. */
export interface Field {
  readonly camel: string;
  readonly wire: string;
  readonly shape: Shape;
  /** What removes the field when the API does not take `null` for it (its default). */
  readonly reset?: { readonly value: unknown };
}
/** An object with known fields, looked up by either name; `fixed` wire values are sent, never shown. */
export interface ObjectShape {
  readonly kind: "object";
  readonly byCamel: ReadonlyMap<string, Field>;
  readonly byWire: ReadonlyMap<string, Field>;
  readonly fixed: ReadonlyMap<string, WireScalar>;
  /** Keys no field names convert generically towards the wire too (hand-written shapes). */
  readonly generic?: boolean;
}
/** A map whose keys users name: keys verbatim, values converted with `values`. */
export interface MapShape {
  readonly kind: "map";
  readonly values: Shape;
}
/** An array whose items convert with `items`. */
export interface ArrayShape {
  readonly kind: "array";
  readonly items: Shape;
}
/** A union: the branch is chosen by the tag when there is one, else by the keys the value has. */
export interface UnionShape {
  readonly kind: "union";
  readonly branches: readonly Shape[];
  readonly tag?: Tag;
}
/** A linked shape (recursive shapes are cyclic object graphs). */
export type Shape = LeafShape | JsonShape | GenericShape | ObjectShape | MapShape | ArrayShape | UnionShape;

const LEAF: LeafShape = { kind: "leaf" };
const JSON_SHAPE: JsonShape = { kind: "json" };
/** Generic conversion of every key (for trees no description covers). */
export const GENERIC: GenericShape = { kind: "generic" };

/** Generic snake_case -> camelCase (`turn_timeout` -> `turnTimeout`), for keys no shape knows. */
export function snakeToCamel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Generic camelCase -> snake_case (`turnTimeout` -> `turn_timeout`). */
export function camelToSnake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** True for `{...}` objects (not arrays, dates, class instances). */
export function isPlainObject(v: unknown): v is PlainObject {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * The value at `path` in a JSON tree (object keys, array indexes), or `undefined`. Only own
 * properties count: map keys users name may be `constructor` or `toString`.
 */
export function valueAt(tree: unknown, path: readonly PropertyKey[]): unknown {
  let cur = tree;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === "number") cur = cur[seg];
    else if (isPlainObject(cur) && typeof seg === "string" && Object.hasOwn(cur, seg)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

/**
 * Links a generated table into shapes, one per root. Named shapes are linked once, so recursive
 * descriptions become cyclic graphs; an unknown reference throws.
 */
export function linkShapes<R extends string>(table: {
  readonly types: ShapeTable["types"];
  readonly roots: Readonly<Record<R, ShapeData>>;
}): Readonly<Record<R, Shape>> {
  const linked = new Map<string, Shape>();
  const pending = new Set<string>();

  // Objects and unions are registered under their name before their children are linked, so a
  // child that refers back to them finds them: recursion becomes a cycle in the graph.
  function named(name: string): Shape {
    const done = linked.get(name);
    if (done) return done;
    if (!Object.hasOwn(table.types, name)) throw new Error(`shape: unknown type '${name}'`);
    const data = table.types[name] as ShapeData;
    if (typeof data === "object" && ("object" in data || "union" in data)) {
      return build(data, (shape) => linked.set(name, shape));
    }
    // Arrays, maps, leaves: nothing to register, but a cycle through them alone would never end.
    if (pending.has(name)) throw new Error(`shape: '${name}' refers to itself through no object or union`);
    pending.add(name);
    const shape = link(data);
    pending.delete(name);
    linked.set(name, shape);
    return shape;
  }

  function build(data: ShapeData, register: (shape: Shape) => void): Shape {
    if (typeof data === "object" && "object" in data) {
      const byCamel = new Map<string, Field>();
      const byWire = new Map<string, Field>();
      const fixed = new Map(Object.entries(data.fixed ?? {}));
      const shape: ObjectShape = { kind: "object", byCamel, byWire, fixed };
      register(shape);
      for (const [camel, field] of Object.entries(data.object)) {
        const f: Field =
          typeof field === "string"
            ? { camel, wire: field, shape: LEAF }
            : field.length === 3
              ? { camel, wire: field[0], shape: link(field[1]), reset: field[2] }
              : { camel, wire: field[0], shape: link(field[1]) };
        byCamel.set(camel, f);
        byWire.set(f.wire, f);
      }
      return shape;
    }
    if (typeof data === "object" && "union" in data) {
      const branches: Shape[] = [];
      const shape: UnionShape = data.tag
        ? { kind: "union", branches, tag: data.tag }
        : { kind: "union", branches };
      register(shape);
      for (const b of data.union) branches.push(link(b));
      return shape;
    }
    return link(data);
  }

  function link(data: ShapeData): Shape {
    if (data === "leaf") return LEAF;
    if (data === "json") return JSON_SHAPE;
    if (data === "generic") return GENERIC;
    if ("ref" in data) return named(data.ref);
    if ("array" in data) return { kind: "array", items: link(data.array) };
    if ("map" in data) return { kind: "map", values: link(data.map) };
    return build(data, () => {});
  }

  const roots = {} as Record<R, Shape>;
  for (const name of Object.keys(table.roots) as R[]) roots[name] = link(table.roots[name]);
  return roots;
}

type Direction = "toWire" | "fromWire";

/** An object built from entries (safe for keys like `__proto__`, which plain assignment would eat). */
function fromEntries(entries: Iterable<readonly [string, unknown]>): Record<string, unknown> {
  return Object.fromEntries(entries);
}

/** Generic conversion of a subtree no shape describes: every key, recursively. */
function convertKeys(value: unknown, rename: (k: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => convertKeys(v, rename));
  if (!isPlainObject(value)) return value;
  return fromEntries(Object.entries(value).map(([k, v]) => [rename(k), convertKeys(v, rename)]));
}

function camelizeKeys(value: unknown): unknown {
  return convertKeys(value, snakeToCamel);
}

/** A value the shape does not expect: left as it is towards the wire, generically converted from it. */
function unexpected(value: unknown, dir: Direction): unknown {
  return dir === "toWire" ? value : camelizeKeys(value);
}

/** How well `value` fits `shape` (higher is better, -1: not at all). */
function fitness(value: unknown, shape: Shape, dir: Direction): number {
  switch (shape.kind) {
    case "json":
    case "generic":
      return 0;
    case "leaf":
      // Scalars, and lists of scalars (copied as is like any leaf); never an object.
      return isPlainObject(value) || (Array.isArray(value) && value.some(isPlainObject)) ? -1 : 1;
    case "array":
      return Array.isArray(value) ? 1 : -1;
    case "map":
      return isPlainObject(value) ? 1 : -1;
    case "union":
      return Math.max(-1, ...shape.branches.map((b) => fitness(value, b, dir)));
    case "object": {
      if (!isPlainObject(value)) return -1;
      const names = dir === "toWire" ? shape.byCamel : shape.byWire;
      let known = 0;
      for (const [k, v] of Object.entries(value)) {
        const field = names.get(k);
        if (field) {
          // A known key whose value cannot be what the field holds (a list where an object goes)
          // says this is not the branch.
          if (v !== null && v !== undefined && fitness(v, field.shape, dir) < 0) return 0;
          known++;
        } else if (!shape.fixed.has(k)) return 0;
      }
      return 2 + known;
    }
  }
}

/** The branch of a union `value` belongs to: by its tag if it has one, else the best structural fit. */
function branchOf(value: unknown, shape: UnionShape, dir: Direction): Shape | undefined {
  if (shape.tag && isPlainObject(value)) {
    const tagValue = value[dir === "toWire" ? shape.tag.camel : shape.tag.wire];
    if (typeof tagValue === "string" && Object.hasOwn(shape.tag.branches, tagValue)) {
      return shape.branches[shape.tag.branches[tagValue] as number];
    }
  }
  let best: Shape | undefined;
  let bestFit = -1;
  for (const b of shape.branches) {
    const f = fitness(value, b, dir);
    if (f > bestFit) [best, bestFit] = [b, f];
  }
  return best;
}

function convertObject(
  value: Record<string, unknown>,
  shape: ObjectShape,
  dir: Direction,
): Record<string, unknown> {
  const entries: [string, unknown][] = [];
  if (dir === "toWire") {
    for (const [k, v] of Object.entries(value)) {
      const field = shape.byCamel.get(k);
      if (field) entries.push([field.wire, convert(v, field.shape, dir)]);
      else entries.push(shape.generic ? [camelToSnake(k), convertKeys(v, camelToSnake)] : [k, v]);
    }
    for (const [k, v] of shape.fixed) if (!Object.hasOwn(value, k)) entries.push([k, v]);
  } else {
    for (const [k, v] of Object.entries(value)) {
      if (shape.fixed.has(k)) continue;
      const field = shape.byWire.get(k);
      entries.push(field ? [field.camel, convert(v, field.shape, dir)] : [snakeToCamel(k), camelizeKeys(v)]);
    }
  }
  return fromEntries(entries);
}

function convert(value: unknown, shape: Shape, dir: Direction): unknown {
  if (value === null || value === undefined) return value;
  switch (shape.kind) {
    case "leaf":
    case "json":
      return value;
    case "generic":
      return convertKeys(value, dir === "toWire" ? camelToSnake : snakeToCamel);
    case "array":
      return Array.isArray(value) ? value.map((v) => convert(v, shape.items, dir)) : unexpected(value, dir);
    case "map":
      return isPlainObject(value)
        ? fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, shape.values, dir)]))
        : unexpected(value, dir);
    case "union": {
      const branch = branchOf(value, shape, dir);
      return branch ? convert(value, branch, dir) : unexpected(value, dir);
    }
    case "object":
      return isPlainObject(value) ? convertObject(value, shape, dir) : unexpected(value, dir);
  }
}

/**
 * A camelCase tree -> the wire tree: known keys take their wire names, user-keyed map keys stay as
 * written, free JSON passes verbatim, and keys the shape does not know are left as they are.
 */
export function toWire<T = PlainObject>(value: unknown, shape: Shape = GENERIC): T {
  return convert(value, shape, "toWire") as T;
}

/**
 * A wire tree -> the camelCase tree. Keys the shape does not know (the service adds fields over
 * time) fall back to a generic snake_case -> camelCase conversion, recursively.
 */
export function fromWire<T = PlainObject>(value: unknown, shape: Shape = GENERIC): T {
  return convert(value, shape, "fromWire") as T;
}

/**
 * Whether a camelCase path names something the shape can hold: `"conversationConfig.asr.quality"`
 * or `["workflow", "nodes", "Node_1", "type"]`. Map keys match any segment, array indexes are
 * optional (`tags.0` and `tags` both reach the items), free JSON holds any path below it.
 */
export function hasPath(shape: Shape, path: string | readonly (string | number)[]): boolean {
  const segments = typeof path === "string" ? (path === "" ? [] : path.split(".")) : path.map(String);
  return walk(shape, segments, 0);
}

function walk(shape: Shape, segments: readonly string[], i: number): boolean {
  if (i === segments.length) return true;
  const seg = segments[i] as string;
  switch (shape.kind) {
    case "json":
    case "generic":
      return true;
    case "leaf":
      return false;
    case "map":
      return walk(shape.values, segments, i + 1);
    case "array":
      return /^\d+$/.test(seg) ? walk(shape.items, segments, i + 1) : walk(shape.items, segments, i);
    case "union":
      return shape.branches.some((b) => walk(b, segments, i));
    case "object": {
      const field = shape.byCamel.get(seg);
      return field !== undefined && walk(field.shape, segments, i + 1);
    }
  }
}

/**
 * A hand-written object shape: the given camelCase fields with their wire names and shapes; every
 * other key converts generically. For answers no description drives (e.g. conversation data whose
 * user-keyed maps must stay verbatim).
 */
export function objectShape(fields: Readonly<Record<string, readonly [wire: string, shape: Shape]>>): Shape {
  const byCamel = new Map<string, Field>();
  const byWire = new Map<string, Field>();
  for (const [camel, [wire, shape]] of Object.entries(fields)) {
    const f: Field = { camel, wire, shape };
    byCamel.set(camel, f);
    byWire.set(wire, f);
  }
  return { kind: "object", byCamel, byWire, fixed: new Map(), generic: true };
}

/** Free JSON: a subtree passed verbatim (user data). */
export const VERBATIM: Shape = JSON_SHAPE;

/**
 * A wire PATCH where `null` means "remove what was declared": each `null` on a field the API does
 * not take `null` for becomes the field's default (the shape's `reset`), so that removing a
 * declared setting puts the service's default back instead of being refused.
 */
export function withResets(patch: unknown, shape: Shape): unknown {
  if (!isPlainObject(patch)) return patch;
  if (shape.kind === "union") {
    return shape.branches.reduce<unknown>((p, b) => (b.kind === "object" ? withResets(p, b) : p), patch);
  }
  if (shape.kind !== "object") return patch;
  return fromEntries(
    Object.entries(patch).map(([k, v]) => {
      const field = shape.byWire.get(k);
      if (!field) return [k, v];
      if (v === null) return [k, field.reset ? field.reset.value : null];
      return [k, withResets(v, field.shape)];
    }),
  );
}
