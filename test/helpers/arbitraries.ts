/**
 * fast-check arbitraries of VALID camelCase values for a program schema (a zod schema such as the
 * generated `AgentArgsSchema`), built from its JSON Schema (`z.toJSONSchema(schema, { io: "input" })`):
 * every optional property is sometimes present, enums and ranges are respected, discriminated
 * unions pick a branch and set its tag, user-keyed maps use odd keys (`pt-br`, `Node_1`,
 * `X-Api-Key`) next to random ones, and recursion is bounded by depth. Checks zod keeps out of
 * JSON Schema are carried by the generator as keywords (`uniqueItems`, `minProperties`).
 *
 * Also: an arbitrary of random edits to a valid value (change a leaf, add or remove an optional
 * property) that stay valid, and helpers to measure which properties values exercise.
 *
 * A schema can accept more than a service does (values only the official SDK knows, ids of objects
 * that must exist): `enums` narrows named enum types, `overrides` draws chosen properties from
 * arbitraries of their own (e.g. ids of objects a test created).
 */
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { z } from "zod";
import { liveShapes } from "../../client/generated/live";
import type { ElevenLabsClient } from "../../client/http/client";
import { fromWire } from "../../client/wire";
import type { SchemaNode } from "../../codegen/openapi/spec";
import { description } from "../../emulator";
import { AgentArgsSchema } from "../../provider/generated/live";

/** Keys users give maps: language codes, node ids, HTTP headers, variable names, and some traps. */
export const ODD_KEYS: readonly string[] = [
  "pt-br",
  "Node_1",
  "X-Api-Key",
  "need_callback",
  "customer_tier",
  "snake_case",
  "camelCase",
  "with space",
  "ünïcödé",
  "constructor",
  "toString",
  "1",
];

/** How big generated values get. */
export interface ArbitraryOptions {
  /** Below this depth objects hold only required properties, arrays and maps only what they must. */
  readonly maxDepth?: number;
  /** Most optional properties present in one object, by depth (the last entry applies deeper). */
  readonly optionalPerObject?: readonly number[];
  /** Most items of an array, entries of a map. */
  readonly maxItems?: number;
  /** Generate values of this named type (`$defs` id) instead of the whole schema. */
  readonly root?: string;
  /** Values of named enum types (`$defs` id -> the values to draw from, a subset of the schema's). */
  readonly enums?: Readonly<Record<string, readonly Json[]>>;
  /**
   * Properties drawn from these arbitraries instead of their schema, by `<def id>.<property>` (named
   * as `propertiesOf` names them). Edits change such a property as one value.
   */
  readonly overrides?: Readonly<Record<string, fc.Arbitrary<Json>>>;
}

const DEFAULTS: Required<Omit<ArbitraryOptions, "root" | "enums" | "overrides">> = {
  maxDepth: 12,
  optionalPerObject: [20, 20, 16, 12, 10, 8, 6, 4, 3],
  maxItems: 2,
};
type Options = typeof DEFAULTS & Pick<ArbitraryOptions, "overrides">;

type Json = unknown;

const jsonSchemas = new WeakMap<z.ZodType, SchemaNode>();

/** The JSON Schema of a zod schema as these helpers read it (made once per schema: it is big). */
export function jsonSchemaOf(schema: z.ZodType): SchemaNode {
  let json = jsonSchemas.get(schema);
  if (!json) {
    json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as SchemaNode;
    jsonSchemas.set(schema, json);
  }
  return json;
}

/**
 * A walker over one JSON Schema document: resolves `$ref`s, knows how deep each node must go and
 * which named type (`$defs` id, `#` for the root) each object node is.
 */
class Schema {
  readonly root: SchemaNode;
  private readonly defs: Record<string, SchemaNode>;
  private readonly minDepths = new Map<SchemaNode, number>();
  private readonly owners = new Map<SchemaNode, string>();

  /** `enums` narrows named enum types (see `ArbitraryOptions.enums`). */
  constructor(root: SchemaNode, enums: Readonly<Record<string, readonly Json[]>> = {}) {
    const defs = { ...root.$defs };
    for (const [id, values] of Object.entries(enums)) {
      const def = defs[id];
      const known = def?.enum;
      if (!def || !known || values.length === 0 || values.some((v) => !known.includes(v)))
        throw new Error(`enums: ${id} is no enum type of the schema, or the values are not among its own`);
      defs[id] = { ...def, enum: [...values] };
    }
    this.defs = defs;
    this.root = { ...root, $defs: defs };
    this.owners.set(this.root, "#");
    for (const [id, def] of Object.entries(defs)) this.owners.set(def, id);
  }

  /** The property's name as `propertiesOf` writes it: `<def id>.<key>` (`#.<key>` at the root). */
  property(owner: SchemaNode, key: string): string {
    return `${this.owners.get(owner) ?? "?"}.${key}`;
  }

  /** The node behind `$ref`s. */
  deref(node: SchemaNode): SchemaNode {
    let n = node;
    for (let i = 0; n.$ref !== undefined; i++) {
      const target = this.defs[n.$ref.replace("#/$defs/", "")];
      if (!target || i > 50) throw new Error(`unresolved $ref ${n.$ref}`);
      n = target;
    }
    return n;
  }

  /** Alternatives of a node (a union's branches, or the node itself). */
  branches(node: SchemaNode): SchemaNode[] {
    const n = this.deref(node);
    if (n.anyOf ?? n.oneOf) return (n.anyOf ?? n.oneOf ?? []).flatMap((b) => this.branches(b));
    if (Array.isArray(n.type)) {
      const { type, ...rest } = n;
      return type.map((t) => ({ ...rest, type: t }));
    }
    return [n];
  }

  /**
   * The least object depth a valid value of `node` needs (required properties, non-empty arrays
   * and maps); recursive types that can stop have a finite one. Computed by iterating to a fixpoint.
   */
  minDepth(node: SchemaNode): number {
    const n = this.deref(node);
    const known = this.minDepths.get(n);
    if (known !== undefined) return known;
    this.minDepths.set(n, Number.POSITIVE_INFINITY);
    let changed = true;
    let value = Number.POSITIVE_INFINITY;
    for (let round = 0; changed && round < 64; round++) {
      const next = this.depthOnce(n);
      changed = next !== value;
      value = next;
      this.minDepths.set(n, value);
    }
    return value;
  }

  private depthOnce(n: SchemaNode): number {
    const branches = this.branches(n);
    if (branches.length > 1 || branches[0] !== n) return Math.min(...branches.map((b) => this.minDepth(b)));
    if (n.type === "object" && n.properties) {
      return 1 + Math.max(0, ...(n.required ?? []).map((k) => this.minDepth(n.properties?.[k] ?? {})));
    }
    if (n.type === "object" && n.minProperties && typeof n.additionalProperties === "object") {
      return 1 + this.minDepth(n.additionalProperties);
    }
    if (n.type === "array" && n.minItems && n.items) return this.minDepth(n.items);
    return 0;
  }
}

function numberArbitrary(n: SchemaNode, integer: boolean): fc.Arbitrary<number> {
  if (integer) {
    const min = n.exclusiveMinimum !== undefined ? Math.floor(n.exclusiveMinimum) + 1 : (n.minimum ?? -1000);
    const max = n.exclusiveMaximum !== undefined ? Math.ceil(n.exclusiveMaximum) - 1 : (n.maximum ?? 1000);
    return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  }
  return fc.double({
    min: n.exclusiveMinimum ?? n.minimum ?? -1000,
    max: n.exclusiveMaximum ?? n.maximum ?? 1000,
    minExcluded: n.exclusiveMinimum !== undefined,
    maxExcluded: n.exclusiveMaximum !== undefined,
    noNaN: true,
    noDefaultInfinity: true,
  });
}

function stringArbitrary(n: SchemaNode): fc.Arbitrary<string> {
  const minLength = n.minLength ?? 0;
  const maxLength = n.maxLength ?? Math.max(minLength, 12);
  if (n.pattern === undefined)
    return fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 12) });
  return fc
    .stringMatching(new RegExp(n.pattern), { size: "xsmall" })
    .filter((s) => s.length >= minLength && s.length <= maxLength);
}

/**
 * An arbitrary of valid values of a program schema (a zod schema, or its JSON Schema).
 * Optional properties appear at random (fewer deeper down); below `maxDepth` only what is required.
 */
export function validValue(
  schema: z.ZodType | SchemaNode,
  options: ArbitraryOptions = {},
): fc.Arbitrary<Json> {
  const s = schemaOf(schema, options);
  const start = options.root === undefined ? s.root : { $ref: `#/$defs/${options.root}` };
  return arbitraryAt(s, start, 0, { ...DEFAULTS, ...options });
}

function schemaOf(schema: z.ZodType | SchemaNode, options: ArbitraryOptions = {}): Schema {
  return new Schema(schema instanceof z.ZodType ? jsonSchemaOf(schema) : schema, options.enums);
}

function arbitraryAt(s: Schema, node: SchemaNode, depth: number, o: Options): fc.Arbitrary<Json> {
  const shallow = depth >= o.maxDepth;
  let branches = s.branches(node);
  if (branches.length > 1) {
    // Deep down, only branches that can end soon.
    if (shallow || depth + 3 >= o.maxDepth) {
      const least = Math.min(...branches.map((b) => s.minDepth(b)));
      branches = branches.filter((b) => s.minDepth(b) === least);
    }
    return fc.oneof(...branches.map((b) => fc.constant(b))).chain((b) => arbitraryAt(s, b, depth, o));
  }
  const n = branches[0] as SchemaNode;
  if (n.const !== undefined) return fc.constant(n.const);
  if (Array.isArray(n.enum)) return fc.constantFrom(...n.enum);
  switch (n.type) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return numberArbitrary(n, true);
    case "number":
      return numberArbitrary(n, false);
    case "string":
      return stringArbitrary(n);
    case "array": {
      const item = arbitraryAt(s, n.items ?? {}, depth, o);
      const minLength = n.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(n.maxItems ?? o.maxItems, shallow ? 0 : o.maxItems));
      return n.uniqueItems
        ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
        : fc.array(item, { minLength, maxLength });
    }
    case "object":
      return n.properties ? objectArbitrary(s, n, depth, o) : mapArbitrary(s, n, depth, o);
    case undefined:
      return fc.jsonValue({ maxDepth: 2 });
    default:
      throw new Error(`no arbitrary for type ${JSON.stringify(n.type)}`);
  }
}

function objectArbitrary(s: Schema, n: SchemaNode, depth: number, o: Options): fc.Arbitrary<Json> {
  const props = n.properties ?? {};
  const required = n.required ?? [];
  const optional = Object.keys(props).filter((k) => !required.includes(k));
  const limits = o.optionalPerObject;
  const most =
    depth >= o.maxDepth ? 0 : Math.min(optional.length, limits[Math.min(depth, limits.length - 1)] ?? 0);
  return fc.subarray(optional, { maxLength: most }).chain((chosen) => {
    const model: Record<string, fc.Arbitrary<Json>> = {};
    for (const k of [...required, ...chosen])
      model[k] = o.overrides?.[s.property(n, k)] ?? arbitraryAt(s, props[k] ?? {}, depth + 1, o);
    // Objects as programs write them: with Object.prototype (the engine's SDK stringifies them).
    return fc.record(model, { noNullPrototype: true });
  });
}

function mapArbitrary(s: Schema, n: SchemaNode, depth: number, o: Options): fc.Arbitrary<Json> {
  const values = typeof n.additionalProperties === "object" ? n.additionalProperties : {};
  const keyNode = n.propertyNames ? s.deref(n.propertyNames) : undefined;
  const keys = Array.isArray(keyNode?.enum)
    ? fc.constantFrom(...(keyNode.enum as string[]))
    : fc
        .oneof(fc.constantFrom(...ODD_KEYS), fc.string({ minLength: 1, maxLength: 8 }))
        .filter((k) => k !== "__proto__");
  const minKeys = n.minProperties ?? 0;
  const maxKeys = Math.max(minKeys, depth >= o.maxDepth ? 0 : o.maxItems);
  return fc.dictionary(keys, arbitraryAt(s, values, depth + 1, o), {
    minKeys,
    maxKeys,
    noNullPrototype: true,
  });
}

/** Whether `value` fits `node` closely enough to tell union branches apart (types, tags, keys). */
function fits(s: Schema, node: SchemaNode, value: Json): boolean {
  const branches = s.branches(node);
  if (branches.length > 1) return branches.some((b) => fits(s, b, value));
  const n = branches[0] as SchemaNode;
  if (n.const !== undefined) return value === n.const;
  if (Array.isArray(n.enum)) return n.enum.includes(value);
  switch (n.type) {
    case "null":
      return value === null;
    case "boolean":
      return typeof value === "boolean";
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "string":
      return typeof value === "string";
    case "array":
      return Array.isArray(value);
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
      if (!n.properties) return true;
      const v = value as Record<string, Json>;
      return (
        (n.required ?? []).every((k) => k in v) &&
        Object.entries(v).every(
          ([k, x]) => n.properties?.[k] !== undefined && fits(s, n.properties[k] as SchemaNode, x),
        )
      );
    }
    default:
      return true;
  }
}

/** The branch of `node` that `value` belongs to. */
function branchOf(s: Schema, node: SchemaNode, value: Json): SchemaNode {
  const branches = s.branches(node);
  const found = branches.find((b) => fits(s, b, value));
  if (!found) throw new Error(`value fits no branch: ${JSON.stringify(value).slice(0, 200)}`);
  return found;
}

/** One place in a value where a valid edit can be made. */
interface Site {
  readonly path: readonly (string | number)[];
  readonly kind: "change" | "add" | "remove";
  /** The property's schema (for change and add). */
  readonly node?: SchemaNode;
  /** The property's own arbitrary (`ArbitraryOptions.overrides`), used instead of its schema. */
  readonly arbitrary?: fc.Arbitrary<Json>;
  readonly depth: number;
}

function sites(
  s: Schema,
  node: SchemaNode,
  value: Json,
  path: (string | number)[],
  depth: number,
  out: Site[],
  o: Options,
): void {
  const n = branchOf(s, node, value);
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      sites(s, n.items ?? {}, v, [...path, i], depth, out, o);
    });
    return;
  }
  if (typeof value !== "object" || value === null || n.type !== "object") return;
  const v = value as Record<string, Json>;
  if (!n.properties) {
    const values = typeof n.additionalProperties === "object" ? n.additionalProperties : undefined;
    if (values) for (const [k, x] of Object.entries(v)) sites(s, values, x, [...path, k], depth + 1, out, o);
    return;
  }
  for (const [k, p] of Object.entries(n.properties)) {
    const optional = !(n.required ?? []).includes(k);
    const arbitrary = o.overrides?.[s.property(n, k)];
    const at = { path: [...path, k], node: p, depth: depth + 1, ...(arbitrary ? { arbitrary } : {}) };
    if (!(k in v)) {
      if (optional) out.push({ ...at, kind: "add" });
      continue;
    }
    if (optional) out.push({ ...at, kind: "remove" });
    const target = branchOf(s, p, v[k]);
    const leaf = arbitrary !== undefined || (target.type !== "object" && target.type !== "array");
    if (leaf) out.push({ ...at, kind: "change" });
    else sites(s, p, v[k], [...path, k], depth + 1, out, o);
  }
}

function applyEdit(
  value: Json,
  path: readonly (string | number)[],
  replacement: { value: Json } | undefined,
): Json {
  if (path.length === 0) return replacement?.value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) {
    return value.map((x, i) => (i === head ? applyEdit(x, rest, replacement) : x));
  }
  const obj = value as Record<string, Json>;
  const entries = Object.entries(obj).filter(([k]) => !(k === head && rest.length === 0 && !replacement));
  const out = Object.fromEntries(
    entries.map(([k, x]) => [k, k === head ? applyEdit(x, rest, replacement) : x]),
  );
  if (!(head in obj) && replacement) out[head as string] = replacement.value;
  return out;
}

/** An edit of a valid value: its kind, where, and the values before and after. */
export interface Edit {
  readonly kind: "change" | "add" | "remove";
  readonly path: readonly (string | number)[];
  readonly before: Json;
  readonly after: Json;
}

/**
 * An arbitrary of valid values and a random valid edit of each: change a leaf (to another valid
 * value of its schema), add an optional property that is absent, or remove one that is present.
 */
export function validEdit(
  schema: z.ZodType | SchemaNode,
  options: ArbitraryOptions = {},
): fc.Arbitrary<Edit> {
  const s = schemaOf(schema, options);
  const o: Options = { ...DEFAULTS, ...options };
  return arbitraryAt(s, s.root, 0, o).chain((before) => editOf(s, before, o));
}

/** An arbitrary of random valid edits of one valid value (see {@link validEdit}). */
export function editsOf(
  schema: z.ZodType | SchemaNode,
  value: Json,
  options: ArbitraryOptions = {},
): fc.Arbitrary<Edit> {
  return editOf(schemaOf(schema, options), value, { ...DEFAULTS, ...options });
}

function editOf(s: Schema, before: Json, o: Options): fc.Arbitrary<Edit> {
  const found: Site[] = [];
  sites(s, s.root, before, [], 0, found, o);
  return fc.constantFrom(...found).chain((site) => {
    if (site.kind === "remove") {
      return fc.constant<Edit>({
        kind: "remove",
        path: site.path,
        before,
        after: applyEdit(before, site.path, undefined),
      });
    }
    return (site.arbitrary ?? arbitraryAt(s, site.node ?? {}, site.depth, o)).map(
      (x): Edit => ({
        kind: site.kind,
        path: site.path,
        before,
        after: applyEdit(before, site.path, { value: x }),
      }),
    );
  });
}

/**
 * An arbitrary of `count` successive edits of a valid value, each applied to the result of the one
 * before and each a real change (its value differs as JSON).
 */
export function editSteps(
  schema: z.ZodType | SchemaNode,
  value: Json,
  count: number,
  options: ArbitraryOptions = {},
): fc.Arbitrary<Edit[]> {
  const s = schemaOf(schema, options);
  const o: Options = { ...DEFAULTS, ...options };
  const from = (v: Json, left: number): fc.Arbitrary<Edit[]> =>
    left === 0
      ? fc.constant([])
      : editOf(s, v, o)
          .filter((e) => !sameJson(e.before, e.after))
          .chain((e) => from(e.after, left - 1).map((rest) => [e, ...rest]));
  return from(value, count);
}

/** An arbitrary of a valid value and `count` successive real edits of it (see {@link editSteps}). */
export function valueWithEdits(
  schema: z.ZodType | SchemaNode,
  count: number,
  options: ArbitraryOptions = {},
): fc.Arbitrary<{ start: Json; steps: Edit[] }> {
  return validValue(schema, options).chain((start) =>
    editSteps(schema, start, count, options).map((steps) => ({ start, steps })),
  );
}

/**
 * Every property of every object a schema defines, as `<def id or path>.<property>`: the surface
 * that values should cover.
 */
export function propertiesOf(schema: z.ZodType | SchemaNode): Set<string> {
  const root = schema instanceof z.ZodType ? jsonSchemaOf(schema) : schema;
  const out = new Set<string>();
  const visit = (n: SchemaNode, owner: string) => {
    for (const k of Object.keys(n.properties ?? {})) out.add(`${owner}.${k}`);
  };
  visit(root, "#");
  for (const [id, def] of Object.entries(root.$defs ?? {})) visit(def, id);
  return out;
}

/** The properties (named as in `propertiesOf`) that `value` sets. */
export function propertiesIn(
  schema: z.ZodType | SchemaNode,
  value: Json,
  into: Set<string> = new Set(),
): Set<string> {
  const s = schemaOf(schema);
  const walk = (node: SchemaNode, v: Json): void => {
    const n = branchOf(s, node, v);
    if (Array.isArray(v)) {
      for (const x of v) walk(n.items ?? {}, x);
      return;
    }
    if (typeof v !== "object" || v === null || n.type !== "object") return;
    for (const [k, x] of Object.entries(v as Record<string, Json>)) {
      const p = n.properties?.[k];
      if (p) {
        into.add(s.property(n, k));
        walk(p, x);
      } else if (typeof n.additionalProperties === "object") walk(n.additionalProperties, x);
    }
  };
  walk(s.root, value);
  return into;
}

/**
 * The paths of the user-keyed maps (objects whose keys users name, e.g. `languagePresets`) in a
 * valid value, outermost first; a map inside a map's value is listed too.
 */
export function mapPathsIn(schema: z.ZodType | SchemaNode, value: Json): (string | number)[][] {
  const s = schemaOf(schema);
  const out: (string | number)[][] = [];
  const walk = (node: SchemaNode, v: Json, path: (string | number)[]): void => {
    const n = branchOf(s, node, v);
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        walk(n.items ?? {}, x, [...path, i]);
      });
      return;
    }
    if (typeof v !== "object" || v === null || n.type !== "object") return;
    if (!n.properties) out.push(path);
    for (const [k, x] of Object.entries(v as Record<string, Json>)) {
      const p =
        n.properties?.[k] ??
        (typeof n.additionalProperties === "object" ? n.additionalProperties : undefined);
      if (p) walk(p, x, [...path, k]);
    }
  };
  walk(s.root, value, []);
  return out;
}

/**
 * The named enum types of a schema narrowed to the values a service's description lists, for the
 * types whose values the description does not all list (e.g. values only the official SDK knows).
 * A type names its API schema in its description (`... (API schema \`LLM\`) ...`); `listed` answers
 * that schema's values, or `undefined` when the description has no such enum.
 */
export function describedEnums(
  schema: z.ZodType | SchemaNode,
  listed: (apiSchema: string) => readonly Json[] | undefined,
): Record<string, Json[]> {
  const root = schema instanceof z.ZodType ? jsonSchemaOf(schema) : schema;
  const out: Record<string, Json[]> = {};
  for (const [id, def] of Object.entries(root.$defs ?? {})) {
    const api = /\(API schema `([^`]+)`\)/.exec(def.description ?? "")?.[1];
    const values = api === undefined ? undefined : listed(api);
    if (!def.enum || !values) continue;
    const kept = def.enum.filter((v) => values.includes(v));
    if (kept.length < def.enum.length) out[id] = kept;
  }
  return out;
}

/** A path in a value: object keys and array indexes. */
export type Path = readonly (string | number)[];

/** True when `path` is `outer` or lies inside it. */
export function isWithin(path: Path, outer: Path): boolean {
  return outer.length <= path.length && outer.every((k, i) => k === path[i]);
}

const samePath = (a: Path, b: Path) => a.length === b.length && isWithin(a, b);

/** A value as the wire carries it: `-0` is `0`, undefined members are absent. */
export function asJson(v: Json): Json {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}

/** Equal as JSON (key order aside): see {@link asJson}. */
export function sameJson(a: Json, b: Json): boolean {
  return isDeepStrictEqual(asJson(a), asJson(b));
}

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The value at `path` in a tree (`undefined` where there is none). */
export function valueAt(tree: Json, path: Path): Json {
  let cur = tree;
  for (const k of path) {
    const holder = cur as Record<string, Json>;
    cur = (Array.isArray(cur) || isObject(cur)) && Object.hasOwn(holder, k) ? holder[k] : undefined;
  }
  return cur;
}

/**
 * The paths of the leaves of a tree (e.g. a PATCH body): scalars, nulls, arrays and the objects at
 * `wholes` (user-keyed maps) count as one value each; an empty object is a leaf too.
 */
export function leafPaths(tree: Json, wholes: readonly Path[] = [], at: Path = []): Path[] {
  if (!isObject(tree) || Object.keys(tree).length === 0 || wholes.some((w) => samePath(w, at))) return [at];
  return Object.entries(tree).flatMap(([k, v]) => leafPaths(v, wholes, [...at, k]));
}

/**
 * Where two values differ, outermost: a property present on one side only, a changed scalar, and a
 * changed array or object at `wholes` (user-keyed maps, see `mapPathsIn`) are one path each.
 */
export function changedPaths(before: Json, after: Json, wholes: readonly Path[] = []): Path[] {
  const walk = (a: Json, b: Json, at: Path): Path[] => {
    if (sameJson(a, b)) return [];
    if (!isObject(a) || !isObject(b) || wholes.some((w) => samePath(w, at))) return [at];
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => walk(valueAt(a, [k]), valueAt(b, [k]), [...at, k]));
  };
  return walk(before, after, []);
}

/**
 * How a PATCH body (camelCase) strays from a change between two values: leaves it sends outside
 * every changed path (`stray`; a redacted secret, logged as `"***"`, stands for its subtree) and
 * changed paths it does not send (`unsent`). Both empty: the PATCH carries exactly the change.
 */
export function patchMismatch(
  body: Json,
  before: Json,
  after: Json,
  wholes: readonly Path[],
): { stray: Path[]; unsent: Path[] } {
  const changed = changedPaths(before, after, wholes);
  const leaves = leafPaths(body, wholes);
  const covers = (leaf: Path, c: Path) =>
    isWithin(leaf, c) || (valueAt(body, leaf) === "***" && isWithin(c, leaf));
  return {
    stray: leaves.filter((leaf) => !changed.some((c) => covers(leaf, c))),
    unsent: changed.filter((c) => !leaves.some((leaf) => covers(leaf, c) || isWithin(c, leaf))),
  };
}

// ---------------------------------------------------------------------------------------------
// Live agents the emulator accepts
// ---------------------------------------------------------------------------------------------

/**
 * Options for valid live agents (`AgentArgsSchema`) that a workspace of the emulator accepts as
 * they are: enum values its description lists (the schema adds values only the official SDK knows,
 * which the emulator refuses), and tool ids, MCP server ids, attached tests and knowledge-base
 * locators naming objects created here in the client's workspace (the emulator refuses unknown
 * references, as the service).
 */
export async function emulatorAgentOptions(api: ElevenLabsClient): Promise<ArbitraryOptions> {
  const tools: string[] = [];
  for (const name of ["lookup_order", "Handoff", "tool-3"]) {
    const json = { tool_config: { type: "client", name, description: `The ${name} tool` } };
    tools.push((await api.call("createTool", { json })).id);
  }
  const documents = [
    {
      type: "url",
      id: (await api.call("createUrlDocument", { json: { url: "https://example.com/faq" } })).id,
    },
    {
      type: "text",
      id: (await api.call("createTextDocument", { json: { text: "Opening hours", name: "Hours" } })).id,
    },
    {
      type: "url",
      id: (await api.call("createUrlDocument", { json: { url: "https://example.com/prices" } })).id,
    },
  ];
  const servers: string[] = [];
  for (const name of ["Docs search", "CRM"]) {
    const json = { config: { name, url: `https://mcp.example.com/${servers.length}/sse` } };
    servers.push((await api.call("createMcpServer", { json })).id);
  }
  const tests: string[] = [];
  for (const name of ["Greets", "Mentions hours"]) {
    const json = {
      type: "llm",
      name,
      chat_history: [{ role: "user", message: "Hello", time_in_call_secs: 1 }],
      success_condition: "Greets the user.",
    };
    tests.push((await api.call("createAgentTest", { json })).id);
  }
  const schemas = description("live").schemas;
  const listed = (name: string) => {
    const values = schemas[name]?.enum;
    return Array.isArray(values) ? values : undefined;
  };
  const locator = validValue(AgentArgsSchema, { root: "AgentKnowledgeBaseLocator" });
  return {
    enums: describedEnums(AgentArgsSchema, listed),
    overrides: {
      "AgentPrompt.toolIds": fc.subarray(tools, { maxLength: 2 }),
      "AgentPrompt.mcpServerIds": fc.subarray(servers, { maxLength: 2 }),
      "AgentPrompt.nativeMcpServerIds": fc.subarray(servers, { maxLength: 2 }),
      "AgentTestingSettings.attachedTests": fc
        .subarray(tests, { maxLength: 2 })
        .map((ids) => ids.map((testId) => ({ testId }))),
      "AgentPrompt.knowledgeBase": fc
        .subarray(documents, { maxLength: 2 })
        .chain((docs) => fc.tuple(...docs.map((d) => locator.map((l) => ({ ...(l as object), ...d }))))),
    },
  };
}

/** The workflow is one value: the API takes the whole graph (see `SENT_WHOLE` in the Agent). */
export const AGENT_WORKFLOW: Path = ["workflow"];

/**
 * How the PATCH of an agent (its logged wire body) strays from the change between two
 * declarations (see {@link patchMismatch}): the workflow and user-keyed maps are one value each.
 */
export function agentPatchMismatch(
  wireBody: Json,
  before: Json,
  after: Json,
): { stray: Path[]; unsent: Path[] } {
  const wholes = [
    AGENT_WORKFLOW,
    ...mapPathsIn(AgentArgsSchema, before),
    ...mapPathsIn(AgentArgsSchema, after),
  ];
  return patchMismatch(fromWire(wireBody, liveShapes.AgentArgs), before, after, wholes);
}
