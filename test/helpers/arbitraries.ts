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
 */
import fc from "fast-check";
import { z } from "zod";

/** A JSON Schema node (the keywords zod writes and these arbitraries read). */
export interface SchemaNode {
  $ref?: string;
  $defs?: Record<string, SchemaNode>;
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: SchemaNode | boolean;
  propertyNames?: SchemaNode;
  minProperties?: number;
  items?: SchemaNode;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

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
}

const DEFAULTS: Required<Omit<ArbitraryOptions, "root">> = {
  maxDepth: 12,
  optionalPerObject: [20, 20, 16, 12, 10, 8, 6, 4, 3],
  maxItems: 2,
};
type Options = typeof DEFAULTS;

type Json = unknown;

/** The JSON Schema of a zod schema as these helpers read it. */
export function jsonSchemaOf(schema: z.ZodType): SchemaNode {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as SchemaNode;
}

/** A walker over one JSON Schema document: resolves `$ref`s, knows how deep each node must go. */
class Schema {
  readonly root: SchemaNode;
  private readonly defs: Record<string, SchemaNode>;
  private readonly minDepths = new Map<SchemaNode, number>();

  constructor(root: SchemaNode) {
    this.root = root;
    this.defs = root.$defs ?? {};
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
  const s = new Schema(schema instanceof z.ZodType ? jsonSchemaOf(schema) : schema);
  const start = options.root === undefined ? s.root : { $ref: `#/$defs/${options.root}` };
  return arbitraryAt(s, start, 0, { ...DEFAULTS, ...options });
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
    for (const k of [...required, ...chosen]) model[k] = arbitraryAt(s, props[k] ?? {}, depth + 1, o);
    return fc.record(model);
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
  readonly depth: number;
}

function sites(
  s: Schema,
  node: SchemaNode,
  value: Json,
  path: (string | number)[],
  depth: number,
  out: Site[],
): void {
  const n = branchOf(s, node, value);
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      sites(s, n.items ?? {}, v, [...path, i], depth, out);
    });
    return;
  }
  if (typeof value !== "object" || value === null || n.type !== "object") return;
  const v = value as Record<string, Json>;
  if (!n.properties) {
    const values = typeof n.additionalProperties === "object" ? n.additionalProperties : undefined;
    if (values) for (const [k, x] of Object.entries(v)) sites(s, values, x, [...path, k], depth + 1, out);
    return;
  }
  for (const [k, p] of Object.entries(n.properties)) {
    const optional = !(n.required ?? []).includes(k);
    if (!(k in v)) {
      if (optional) out.push({ path: [...path, k], kind: "add", node: p, depth: depth + 1 });
      continue;
    }
    if (optional) out.push({ path: [...path, k], kind: "remove", depth: depth + 1 });
    const target = branchOf(s, p, v[k]);
    const leaf = target.type !== "object" && target.type !== "array";
    if (leaf) out.push({ path: [...path, k], kind: "change", node: p, depth: depth + 1 });
    else sites(s, p, v[k], [...path, k], depth + 1, out);
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
  const s = new Schema(schema instanceof z.ZodType ? jsonSchemaOf(schema) : schema);
  const o: Options = { ...DEFAULTS, ...options };
  return arbitraryAt(s, s.root, 0, o).chain((before) => {
    const found: Site[] = [];
    sites(s, s.root, before, [], 0, found);
    return fc.constantFrom(...found).chain((site) => {
      if (site.kind === "remove") {
        return fc.constant<Edit>({
          kind: "remove",
          path: site.path,
          before,
          after: applyEdit(before, site.path, undefined),
        });
      }
      return arbitraryAt(s, site.node ?? {}, site.depth, o).map(
        (x): Edit => ({
          kind: site.kind,
          path: site.path,
          before,
          after: applyEdit(before, site.path, { value: x }),
        }),
      );
    });
  });
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
  const s = new Schema(schema instanceof z.ZodType ? jsonSchemaOf(schema) : schema);
  const owners = new Map<SchemaNode, string>([[s.root, "#"]]);
  for (const [id, def] of Object.entries(s.root.$defs ?? {})) owners.set(def, id);
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
        into.add(`${owners.get(n) ?? "?"}.${k}`);
        walk(p, x);
      } else if (typeof n.additionalProperties === "object") walk(n.additionalProperties, x);
    }
  };
  walk(s.root, value);
  return into;
}
