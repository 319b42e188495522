/**
 * The intermediate representation: the part of a description reachable from chosen roots, with
 * `$ref`s resolved into named types, nullability, unions and their discriminators made explicit,
 * every property's wire name recorded next to its camelCase name, and every named type given a
 * canonical wire path (where it is first reached) and a type id.
 *
 * Generic: nothing here knows the live description. What a dialect decides (roots, explicit ids,
 * secrets, SDK enum merges, docs) comes in a `DialectConfig`.
 */
import { camelName, idProblems, pascal, prefixed, roundTrips, stem } from "./naming";
import { nonNullBranch, type OpenApiDocument, refName, type SchemaNode } from "./spec";

/** A JSON scalar (enum values, constants, defaults of scalars). */
export type Scalar = string | number | boolean | null;

/** A node of the IR. Objects, enums of 2+ values and component unions are named types (`ref`). */
export type IrNode =
  | { readonly kind: "ref"; readonly key: string }
  | {
      readonly kind: "object";
      readonly properties: IrProperty[];
      readonly fixed: Readonly<Record<string, Scalar>>;
    }
  | {
      readonly kind: "map";
      readonly values: IrNode;
      /** Allowed keys (from `propertyNames`), when restricted. */
      readonly keys?: IrNode;
      readonly minProperties?: number;
      readonly maxProperties?: number;
    }
  | {
      readonly kind: "array";
      readonly items: IrNode;
      readonly minItems?: number;
      readonly maxItems?: number;
      readonly uniqueItems?: boolean;
    }
  | { readonly kind: "enum"; readonly values: readonly Scalar[] }
  | {
      readonly kind: "string";
      readonly minLength?: number;
      readonly maxLength?: number;
      readonly pattern?: string;
      readonly format?: string;
    }
  | {
      readonly kind: "number";
      readonly integer: boolean;
      readonly minimum?: number;
      readonly maximum?: number;
      readonly exclusiveMinimum?: number;
      readonly exclusiveMaximum?: number;
    }
  | { readonly kind: "boolean" }
  | { readonly kind: "null" }
  | { readonly kind: "nullable"; readonly inner: IrNode }
  | { readonly kind: "union"; readonly branches: readonly IrNode[]; readonly tag?: IrTag }
  | { readonly kind: "json" };

/** A union's discriminator: the property (wire and camelCase) and each branch's value. */
export interface IrTag {
  readonly wire: string;
  readonly camel: string;
  /** True when the description declares it (`discriminator`), false when every branch pins a `const`. */
  readonly explicit: boolean;
  readonly values: readonly Scalar[];
}

/** A property of an object. */
export interface IrProperty {
  readonly wire: string;
  readonly camel: string;
  readonly node: IrNode;
  required: boolean;
  /** Whether null stays a valid value (required nullable properties, and the `keepNull` table). */
  readonly keepNull: boolean;
  readonly hasDefault: boolean;
  readonly default?: unknown;
  readonly deprecated: boolean;
  readonly secret: boolean;
  description: string;
}

/** A named type: an object, an enum or a union, with its id and where it lives on the wire. */
export interface IrType {
  /** Component schema name, or `<owner key><suffix>` for a schema hoisted out of another. */
  readonly key: string;
  readonly node: IrNode;
  /** The component schema it is, or undefined when hoisted out of one. */
  readonly component?: string;
  /** For a hoisted type: the component it was found in. */
  readonly owner?: string;
  id: string;
  /** The root that reaches it first (breadth-first over all roots) and the wire path there. */
  root: string;
  path: string;
  description: string;
  /** SDK enum values added to the description's (see `DialectConfig.sdkEnums`). */
  sdkExtra?: readonly Scalar[];
}

/** A program-facing root: a resource's arguments or one of their property types. */
export interface RootSpec {
  /** `AgentArgs`: the zod export is `AgentArgsSchema`, the shape root is `AgentArgs`. */
  readonly name: string;
  /** Component schema of the root; with `property`, the root is that property's schema. */
  readonly schema: string;
  readonly property?: string;
  /** Type id of the root; omitted for a resource's arguments (they are no type of the package). */
  readonly id?: string;
  /** Prefix of the ids derived for the types this root reaches first (`Agent`). */
  readonly prefix: string;
  /** Wire path of the root in docs (`""`, `"tool_config"`). */
  readonly path: string;
  /** Properties programs must set although the description has them optional. */
  readonly require?: readonly string[];
  /** Wire properties with a fixed value: never written by programs, sent by the converter. */
  readonly fixed?: Readonly<Record<string, Scalar>>;
  readonly description: string;
}

/** What a dialect decides; every table is explicit and checked against the description. */
export interface DialectConfig {
  readonly dialect: string;
  readonly roots: readonly RootSpec[];
  /** Explicit type ids by type key (component schema name, or a hoisted key like `Schema.property`). */
  readonly ids: Readonly<Record<string, string>>;
  /** Names the generated ids must not take (types and classes defined elsewhere in the package). */
  readonly reserved: readonly string[];
  /** Secret properties, `Schema.property`. */
  readonly secrets: readonly string[];
  /** Optional nullable properties where null means something (else programs omit, never pass null). */
  readonly keepNull: readonly string[];
  /** Enums whose values are merged with the official SDK's: type key -> SDK enum name. */
  readonly sdkEnums: Readonly<Record<string, string>>;
}

/** Findings a reviewer should see (reported by the generator). */
export interface IrNotes {
  /** `Schema.property` whose camelCase name a naive camel<->snake converter would not map back. */
  readonly naiveRoundTripFailures: string[];
  /** Discriminators the description leaves optional that programs must set (`Schema.property`). */
  readonly requiredTags: string[];
  /** Properties left out of program schemas because the description marks them `readOnly`. */
  readonly readOnlyDropped: string[];
  /** Keywords seen and deliberately ignored. */
  readonly ignoredKeywords: string[];
  /** Components that are exact copies of another and share its type. */
  readonly aliases: string[];
}

/** The IR of a dialect for its roots. */
export interface Ir {
  readonly dialect: string;
  /** Named types by key, in breadth-first order from the roots. */
  readonly types: ReadonlyMap<string, IrType>;
  readonly roots: readonly { readonly spec: RootSpec; readonly key: string }[];
  readonly notes: IrNotes;
}

/** Reads an SDK enum's values by name (injected, so the IR stays independent of node_modules). */
export type SdkEnumReader = (name: string) => readonly string[];

const STRUCTURE = new Set([
  "$ref",
  "type",
  "properties",
  "required",
  "additionalProperties",
  "propertyNames",
  "items",
  "anyOf",
  "oneOf",
  "discriminator",
  "enum",
  "const",
]);
const CONSTRAINTS = new Set([
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "maxProperties",
]);
const FACTS = new Set(["default", "deprecated", "readOnly", "description", "title", "examples", "example"]);
/** Keywords read by nothing: `optional` is a non-standard marker (`required` decides), `x-*` vendor data. */
const IGNORED = (k: string) => k === "optional" || k.startsWith("x-");

function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

function isScalar(v: unknown): v is Scalar {
  return v === null || ["string", "number", "boolean"].includes(typeof v);
}

/** Builds the IR of `config.roots` in `doc` (rules already applied). */
export function buildIr(doc: OpenApiDocument, config: DialectConfig, sdkEnum: SdkEnumReader): Ir {
  const schemas = doc.components.schemas;
  const types = new Map<string, IrType>();
  const notes: IrNotes = {
    naiveRoundTripFailures: [],
    requiredTags: [],
    readOnlyDropped: [],
    ignoredKeywords: [],
    aliases: [],
  };
  const usedConfig = { secrets: new Set<string>(), keepNull: new Set<string>(), sdkEnums: new Set<string>() };
  const rootOf = new Map<string, RootSpec>(config.roots.map((r) => [r.schema, r]));

  // Components that are exact copies of a sibling (`X` and `X-Input`) share one type.
  const aliasOf = new Map<string, string>();
  const byBase = new Map<string, string[]>();
  for (const name of Object.keys(schemas).sort()) {
    const base = name.replace(/-(Input|Output)$/, "");
    byBase.set(base, [...(byBase.get(base) ?? []), name]);
  }
  for (const group of byBase.values()) {
    for (const name of group) {
      const twin = group.find(
        (o) => o !== name && canonicalJson(schemas[o]) === canonicalJson(schemas[name]),
      );
      if (twin && twin < name) aliasOf.set(name, aliasOf.get(twin) ?? twin);
    }
  }

  function checkKeywords(node: SchemaNode, where: string): void {
    for (const k of Object.keys(node)) {
      if (STRUCTURE.has(k) || CONSTRAINTS.has(k) || FACTS.has(k)) continue;
      if (IGNORED(k)) {
        const note = `${k} (${where})`;
        if (!k.startsWith("x-") && !notes.ignoredKeywords.includes(note)) notes.ignoredKeywords.push(note);
        continue;
      }
      throw new Error(`${where}: unsupported keyword '${k}'`);
    }
    if (node.$ref !== undefined) {
      const extra = Object.keys(node).filter(
        (k) => k !== "$ref" && k !== "discriminator" && !FACTS.has(k) && !IGNORED(k),
      );
      if (extra.length > 0) throw new Error(`${where}: $ref with sibling keywords ${extra.join(", ")}`);
    }
  }

  /** Registers a schema found inside `owner` (a component) as a named type of its own. */
  function hoist(key: string, node: IrNode, owner: string): IrNode {
    if (!types.has(key)) types.set(key, { key, node, owner, id: "", root: "", path: "", description: "" });
    return { kind: "ref", key };
  }

  /** A `$ref`: named types become references (registered before their children, for recursion). */
  function component(ref: string): IrNode {
    const original = refName(ref);
    const name = aliasOf.get(original) ?? original;
    if (name !== original) {
      const note = `${original} = ${name}`;
      if (!notes.aliases.includes(note)) notes.aliases.push(note);
    }
    if (types.has(name)) return { kind: "ref", key: name };
    const schema = schemas[name];
    if (!schema) throw new Error(`$ref to missing component '${name}'`);
    if (!isNamed(schema)) return convert(schema, name, "");
    // Placeholder first: a child referring back to this component finds it.
    const placeholder: IrType = {
      key: name,
      node: { kind: "json" },
      component: name,
      id: "",
      root: "",
      path: "",
      description: "",
    };
    types.set(name, placeholder);
    const node = convert(schema, name, "", true);
    types.set(name, { ...placeholder, node });
    return { kind: "ref", key: name };
  }

  /** Whether a schema becomes a named type when it is a component. */
  function isNamed(s: SchemaNode): boolean {
    if (s.$ref) return false;
    if (s.properties || s.additionalProperties === false) return true;
    if (s.anyOf || s.oneOf) return nonNullBranch(s) === undefined;
    return Array.isArray(s.enum) && s.enum.filter((v) => v !== null).length > 1;
  }

  function convert(s: SchemaNode, owner: string, suffix: string, top = false): IrNode {
    const where = `${owner}${suffix}`;
    checkKeywords(s, where);
    if (s.$ref) {
      const ref = component(s.$ref);
      // A discriminator beside a single `$ref` is a one-branch tagged union: there is no branch to
      // pick, so the tag stays as optional as the description makes it (the service fills it).
      return ref;
    }
    if (Array.isArray(s.type)) {
      const { type, ...rest } = s;
      return convert({ ...rest, anyOf: type.map((t) => ({ ...rest, type: t })) }, owner, suffix, top);
    }
    const alternatives = s.anyOf ?? s.oneOf;
    if (alternatives) {
      const nonNull = alternatives.filter((b) => b.type !== "null");
      if (nonNull.length === 0) return { kind: "null" };
      let inner: IrNode;
      if (nonNull.length === 1) inner = convert(nonNull[0] as SchemaNode, owner, suffix, top);
      else {
        const branches = nonNull.map((b, i) => convert(b, owner, `${suffix}#${i}`));
        const tag = tagOf(branches, s.discriminator, where);
        inner = tag ? { kind: "union", branches, tag } : { kind: "union", branches };
      }
      return nonNull.length < alternatives.length ? { kind: "nullable", inner } : inner;
    }
    if (Array.isArray(s.enum)) {
      const values = s.enum.filter((v) => v !== null);
      if (!values.every(isScalar)) throw new Error(`${where}: non-scalar enum value`);
      let node: IrNode = { kind: "enum", values: values as Scalar[] };
      if (values.length > 1) {
        node = top
          ? enumWithSdk(owner, values as Scalar[], s)
          : hoist(where, enumWithSdk(where, values as Scalar[], s), owner);
      }
      return values.length < s.enum.length ? { kind: "nullable", inner: node } : node;
    }
    if (s.const !== undefined) {
      if (!isScalar(s.const)) throw new Error(`${where}: non-scalar const`);
      return { kind: "enum", values: [s.const] };
    }
    const type = s.type ?? (s.properties ? "object" : undefined);
    switch (type) {
      case undefined:
        return { kind: "json" };
      case "null":
        return { kind: "null" };
      case "boolean":
        return { kind: "boolean" };
      case "string":
        return clean({
          kind: "string",
          minLength: s.minLength,
          maxLength: s.maxLength,
          pattern: s.pattern,
          format: s.format,
        });
      case "integer":
      case "number":
        return clean({
          kind: "number",
          integer: type === "integer",
          minimum: s.minimum,
          maximum: s.maximum,
          exclusiveMinimum: s.exclusiveMinimum,
          exclusiveMaximum: s.exclusiveMaximum,
        });
      case "array":
        return clean({
          kind: "array",
          items: s.items ? convert(s.items, owner, `${suffix}[]`) : { kind: "json" },
          minItems: s.minItems,
          maxItems: s.maxItems,
          uniqueItems: s.uniqueItems,
        });
      case "object": {
        if (s.properties || s.additionalProperties === false) {
          if (typeof s.additionalProperties === "object") {
            throw new Error(
              `${where}: an object with both properties and additionalProperties is not supported`,
            );
          }
          const node = object(s, owner, suffix, top);
          return top ? node : hoist(where, node, owner);
        }
        const values =
          typeof s.additionalProperties === "object"
            ? convert(s.additionalProperties, owner, `${suffix}.*`)
            : ({ kind: "json" } as const);
        return clean({
          kind: "map",
          values,
          keys: s.propertyNames ? convert(s.propertyNames, owner, `${suffix}{}`) : undefined,
          minProperties: s.minProperties,
          maxProperties: s.maxProperties,
        });
      }
      default:
        throw new Error(`${where}: unsupported type '${String(type)}'`);
    }
  }

  function enumWithSdk(key: string, values: Scalar[], s: SchemaNode): IrNode {
    const sdkName = config.sdkEnums[key];
    if (sdkName === undefined) return { kind: "enum", values };
    usedConfig.sdkEnums.add(key);
    // The values the SDK knows beyond the description live in rules.json (one table the emulator
    // applies too); an SDK upgrade that adds more fails here, naming what to add.
    const missing = sdkEnum(sdkName).filter((v) => !values.includes(v));
    if (missing.length > 0) {
      throw new Error(
        `SDK enum ${sdkName} has values ${key} lacks: ${missing.join(", ")}; add them to emulator/spec/rules.json "${key}"`,
      );
    }
    // What rules.json added beyond the description (`applyRules` records it), for the docs.
    const added = (s as { "x-added-by-rules"?: Scalar[] })["x-added-by-rules"] ?? [];
    pendingSdkExtra.set(key, added);
    return { kind: "enum", values };
  }
  const pendingSdkExtra = new Map<string, Scalar[]>();

  function object(s: SchemaNode, owner: string, suffix: string, top: boolean): IrNode {
    const where = `${owner}${suffix}`;
    const root = top && suffix === "" ? rootOf.get(owner) : undefined;
    const required = new Set([
      ...(s.required ?? []),
      ...(root && !root.property ? (root.require ?? []) : []),
    ]);
    const fixed: Record<string, Scalar> = { ...(root && !root.property ? root.fixed : undefined) };
    const properties: IrProperty[] = [];
    const camels = new Map<string, string>();
    for (const [wire, p] of Object.entries(s.properties ?? {})) {
      if (Object.hasOwn(fixed, wire)) continue;
      if (p.readOnly === true) {
        notes.readOnlyDropped.push(`${where}.${wire}`);
        continue;
      }
      const camel = camelName(wire);
      const clash = camels.get(camel);
      if (clash !== undefined)
        throw new Error(`${where}: '${clash}' and '${wire}' are both '${camel}' in camelCase`);
      camels.set(camel, wire);
      if (!roundTrips(wire)) notes.naiveRoundTripFailures.push(`${where}.${wire} (${camel})`);
      const id = `${where}.${wire}`;
      const node = convert(p, owner, `${suffix}.${wire}`);
      const isRequired = required.has(wire);
      // Null means something where the description requires the property yet allows null.
      const keepNull = (s.required ?? []).includes(wire) || config.keepNull.includes(id);
      if (config.keepNull.includes(id)) usedConfig.keepNull.add(id);
      const secret = config.secrets.includes(id);
      if (secret) usedConfig.secrets.add(id);
      const dflt = p.default ?? p.anyOf?.find((b) => b.default !== undefined)?.default;
      properties.push({
        wire,
        camel,
        node,
        required: isRequired,
        keepNull,
        hasDefault: dflt !== undefined,
        default: dflt,
        deprecated: p.deprecated === true,
        secret,
        description: "",
      });
    }
    for (const r of required) {
      if (!properties.some((p) => p.wire === r) && !Object.hasOwn(fixed, r)) {
        throw new Error(`${where}: required property '${r}' is not defined`);
      }
    }
    return { kind: "object", properties, fixed };
  }

  /** The object type behind a node (through references), if it is one. */
  function objectOf(node: IrNode): Extract<IrNode, { kind: "object" }> | undefined {
    const n = node.kind === "ref" ? types.get(node.key)?.node : node;
    return n?.kind === "object" ? n : undefined;
  }

  function constOf(node: IrNode, wire: string): Scalar | undefined {
    const p = objectOf(node)?.properties.find((q) => q.wire === wire);
    return p?.node.kind === "enum" && p.node.values.length === 1 ? p.node.values[0] : undefined;
  }

  /** The explicit discriminator, or one every branch pins with a distinct `const`. */
  function tagOf(
    branches: IrNode[],
    discriminator: SchemaNode["discriminator"],
    where: string,
  ): IrTag | undefined {
    if (discriminator) {
      const wire = discriminator.propertyName;
      const mapping = Object.entries(discriminator.mapping ?? {});
      const values = branches.map((b, i) => {
        const found =
          b.kind === "ref"
            ? mapping.find(([, ref]) => (aliasOf.get(refName(ref)) ?? refName(ref)) === b.key)
            : undefined;
        const value = found ? found[0] : constOf(b, wire);
        if (value === undefined) throw new Error(`${where}: no '${wire}' value for branch ${i}`);
        return value;
      });
      return { wire, camel: camelName(wire), explicit: true, values };
    }
    // Implicit: resolvable only once the branches' types are built (they are: convert is depth-first),
    // except for a branch still under construction (recursion), which has no properties yet.
    const first = objectOf(branches[0] as IrNode);
    if (!first || branches.length < 2) return undefined;
    for (const p of first.properties) {
      const values = branches.map((b) => constOf(b, p.wire));
      if (values.every((v) => v !== undefined) && new Set(values).size === values.length) {
        return { wire: p.wire, camel: p.camel, explicit: false, values: values as Scalar[] };
      }
    }
    return undefined;
  }

  // 1. Build the graph from the roots.
  const roots = config.roots.map((spec) => {
    const schema = schemas[spec.schema];
    if (!schema) throw new Error(`root ${spec.name}: no component '${spec.schema}'`);
    if (!spec.property) {
      const node = component(`#/components/schemas/${spec.schema}`);
      if (node.kind !== "ref") throw new Error(`root ${spec.name}: '${spec.schema}' is not an object`);
      return { spec, key: node.key };
    }
    const p = schema.properties?.[spec.property];
    if (!p) throw new Error(`root ${spec.name}: no property ${spec.schema}.${spec.property}`);
    const key = `${spec.schema}.${spec.property}`;
    const node = convert(p, spec.schema, `.${spec.property}`);
    if (node.kind === "ref") return { spec, key: node.key };
    hoist(key, node, spec.schema);
    return { spec, key };
  });

  // 2. Discriminators are required in every branch (a tagged union needs the tag to pick a branch).
  for (const t of [...types.values()])
    visit(t.node, (n) => {
      if (n.kind === "union" && n.tag) requireTag(n, n.tag.wire);
    });
  function requireTag(node: IrNode, wire: string): void {
    const n = node.kind === "ref" ? types.get(node.key)?.node : node;
    if (n?.kind === "union") for (const b of n.branches) requireTag(b, wire);
    const p = n?.kind === "object" ? n.properties.find((q) => q.wire === wire) : undefined;
    if (p && !p.required) {
      p.required = true;
      const owner = node.kind === "ref" ? node.key : "?";
      if (!notes.requiredTags.includes(`${owner}.${wire}`)) notes.requiredTags.push(`${owner}.${wire}`);
    }
  }

  // 3. Where each type is first reached (breadth-first over all roots), and its id.
  const ordered = locate(types, roots);
  assignIds(ordered, roots, config);
  for (const [key, extra] of pendingSdkExtra) {
    const t = ordered.get(key);
    if (t) t.sdkExtra = extra;
  }

  // Every table entry must have been used: a stale entry is a silent loss.
  const stale = [
    ...config.secrets.filter((s) => !usedConfig.secrets.has(s)).map((s) => `secrets: ${s}`),
    ...config.keepNull.filter((s) => !usedConfig.keepNull.has(s)).map((s) => `keepNull: ${s}`),
    ...Object.keys(config.sdkEnums)
      .filter((s) => !usedConfig.sdkEnums.has(s))
      .map((s) => `sdkEnums: ${s}`),
    ...Object.keys(config.ids)
      .filter((k) => !ordered.has(k))
      .map((k) => `ids: ${k}`),
  ];
  if (stale.length > 0)
    throw new Error(`dialect ${config.dialect}: table entries match nothing:\n  ${stale.join("\n  ")}`);

  return { dialect: config.dialect, types: ordered, roots, notes };
}

function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Calls `f` on `node` and every node inside it, stopping at references. */
export function visit(node: IrNode, f: (n: IrNode) => void): void {
  f(node);
  switch (node.kind) {
    case "object":
      for (const p of node.properties) visit(p.node, f);
      break;
    case "map":
      visit(node.values, f);
      if (node.keys) visit(node.keys, f);
      break;
    case "array":
      visit(node.items, f);
      break;
    case "nullable":
      visit(node.inner, f);
      break;
    case "union":
      for (const b of node.branches) visit(b, f);
      break;
    default:
      break;
  }
}

/**
 * The references inside a node with the wire path suffix that leads to each: `.prop`, `[]` (array
 * items), `.*` (map values), `{}` (map keys), `(value)` (union branch by tag) or `(#i)` (untagged
 * union branch).
 */
export function edges(node: IrNode, suffix = ""): { suffix: string; key: string; property?: string }[] {
  switch (node.kind) {
    case "ref":
      return [{ suffix, key: node.key }];
    case "object":
      return node.properties.flatMap((p) => edges(p.node, `${suffix}.${p.wire}`));
    case "map":
      return [...(node.keys ? edges(node.keys, `${suffix}{}`) : []), ...edges(node.values, `${suffix}.*`)];
    case "array":
      return edges(node.items, `${suffix}[]`);
    case "nullable":
      return edges(node.inner, suffix);
    case "union":
      return node.branches.flatMap((b, i) =>
        edges(b, `${suffix}(${node.tag ? String(node.tag.values[i]) : `#${i}`})`),
      );
    default:
      return [];
  }
}

/** Joins a wire path and a suffix (`""` + `.name` -> `name`). */
export function joinPath(base: string, suffix: string): string {
  return base === "" && suffix.startsWith(".") ? suffix.slice(1) : base + suffix;
}

/** How direct a wire path is: map, array and union hops first (fewer is more direct), then length. */
function cost(path: string): [number, number] {
  const tokens = pathTokens(path);
  return [tokens.filter((t) => t.kind !== "property").length, tokens.length];
}

/**
 * Each type's canonical location: over all roots, the most direct wire path that reaches it (fewest
 * map/array/union hops, then fewest segments; ties go to the earlier root, then the earlier
 * property). Returns the types in that order.
 */
function locate(
  types: Map<string, IrType>,
  roots: readonly { spec: RootSpec; key: string }[],
): Map<string, IrType> {
  interface Candidate {
    key: string;
    root: string;
    path: string;
    cost: [number, number];
    seq: number;
  }
  let seq = 0;
  const best = new Map<string, Candidate>();
  const done = new Set<string>();
  const ordered = new Map<string, IrType>();
  const offer = (key: string, root: string, path: string) => {
    const c: Candidate = { key, root, path, cost: cost(path), seq: seq++ };
    const old = best.get(key);
    if (!done.has(key) && (!old || less(c, old))) best.set(key, c);
  };
  const less = (a: Candidate, b: Candidate) =>
    a.cost[0] !== b.cost[0]
      ? a.cost[0] < b.cost[0]
      : a.cost[1] !== b.cost[1]
        ? a.cost[1] < b.cost[1]
        : a.seq < b.seq;
  for (const r of roots) offer(r.key, r.spec.name, r.spec.path);
  for (;;) {
    let next: Candidate | undefined;
    for (const c of best.values()) if (!done.has(c.key) && (!next || less(c, next))) next = c;
    if (!next) break;
    done.add(next.key);
    const t = types.get(next.key);
    if (!t) throw new Error(`unknown type key ${next.key}`);
    t.root = next.root;
    t.path = next.path;
    ordered.set(t.key, t);
    for (const e of edges(t.node)) offer(e.key, next.root, joinPath(next.path, e.suffix));
  }
  return ordered;
}

/** One step of a wire path. */
export type PathToken =
  | { readonly kind: "property"; readonly name: string }
  | { readonly kind: "items" }
  | { readonly kind: "values" }
  | { readonly kind: "keys" }
  | { readonly kind: "branch"; readonly value: string };

/** Splits `a.b[].*(webhook).c` (and `{}` for map keys) into steps; throws on anything else. */
export function pathTokens(path: string): PathToken[] {
  const tokens: PathToken[] = [];
  const re = /\.?([A-Za-z0-9_$-]+)|\[\]|\.\*|\{\}|\(([^)]*)\)/gy;
  let m: RegExpExecArray | null = re.exec(path);
  let end = 0;
  while (m !== null) {
    if (m[0] === "[]") tokens.push({ kind: "items" });
    else if (m[0] === ".*") tokens.push({ kind: "values" });
    else if (m[0] === "{}") tokens.push({ kind: "keys" });
    else if (m[0].startsWith("(")) tokens.push({ kind: "branch", value: m[2] as string });
    else tokens.push({ kind: "property", name: m[1] as string });
    end = re.lastIndex;
    m = re.exec(path);
  }
  if (end !== path.length) throw new Error(`bad wire path '${path}' at ${end}`);
  return tokens;
}

/**
 * The type (and property) a wire path leads to from a root: `conversation_config.agent.prompt.llm`,
 * `workflow.nodes.*(tool)`, `tool_config(webhook).api_schema.request_headers`. Any path works, not
 * only canonical ones.
 */
export function resolvePath(ir: Ir, rootName: string, path: string): { type: IrType; property?: IrProperty } {
  const root = ir.roots.find((r) => r.spec.name === rootName);
  if (!root) throw new Error(`no root '${rootName}'`);
  let type = ir.types.get(root.key) as IrType;
  let node: IrNode = type.node;
  let property: IrProperty | undefined;
  const rest = pathTokens(path).slice(pathTokens(root.spec.path).length);
  for (const tok of rest) {
    for (;;) {
      if (node.kind === "nullable") node = node.inner;
      else if (node.kind === "ref") {
        type = ir.types.get(node.key) as IrType;
        node = type.node;
      } else break;
    }
    property = undefined;
    if (tok.kind === "property" && node.kind === "object") {
      property = node.properties.find((p) => p.wire === tok.name);
      if (!property) throw new Error(`${rootName}: '${path}': no property '${tok.name}' in ${type.id}`);
      node = property.node;
    } else if (tok.kind === "items" && node.kind === "array") node = node.items;
    else if (tok.kind === "values" && node.kind === "map") node = node.values;
    else if (tok.kind === "keys" && node.kind === "map" && node.keys) node = node.keys;
    else if (tok.kind === "branch" && node.kind === "union") {
      const u = node;
      const i = u.tag
        ? u.tag.values.findIndex((v) => String(v) === tok.value)
        : Number(tok.value.replace("#", ""));
      if (!(i >= 0 && i < u.branches.length))
        throw new Error(`${rootName}: '${path}': no branch '${tok.value}'`);
      node = u.branches[i] as IrNode;
    } else throw new Error(`${rootName}: '${path}': cannot apply ${tok.kind} to ${node.kind} in ${type.id}`);
  }
  if (!property && node.kind === "ref") type = ir.types.get(node.key) as IrType;
  return property ? { type, property } : { type };
}

/**
 * Ids: the explicit table and root ids first, then `prefix + stem` for components (the prefix of
 * the root that reaches the type first), then `owner id + suffix` for hoisted types. A resource's
 * argument type keeps its root name as a naming base only: it gets no type id.
 */
function assignIds(
  types: Map<string, IrType>,
  roots: readonly { spec: RootSpec; key: string }[],
  config: DialectConfig,
): void {
  const prefixOf = new Map(config.roots.map((r) => [r.name, r.prefix]));
  const rootOf = new Map(roots.map((r) => [r.key, r.spec]));
  for (const t of types.values()) {
    const root = rootOf.get(t.key);
    const explicit = config.ids[t.key] ?? root?.id ?? root?.name;
    if (explicit) t.id = explicit;
    else if (t.component)
      t.id = prefixed(prefixOf.get(t.root) ?? "", stem(t.component, t.node.kind === "object"));
  }
  // Hoisted keys extend their owner's key, so shorter keys (owners) are named first.
  const hoisted = [...types.values()].filter((t) => !t.id).sort((a, b) => a.key.length - b.key.length);
  for (const t of hoisted) {
    const owner = t.owner === undefined ? undefined : types.get(t.owner);
    if (!owner?.id || t.owner === undefined)
      throw new Error(`hoisted type ${t.key} needs an id in the ids table`);
    t.id = owner.id + suffixName(t.key.slice(t.owner.length));
  }
  const typeIds = [...types.values()]
    .filter((t) => !rootOf.has(t.key) || rootOf.get(t.key)?.id)
    .map((t) => t.id);
  const problems = idProblems(typeIds, config.reserved);
  if (problems.length > 0) throw new Error(`type ids:\n  ${problems.join("\n  ")}`);
}

/** `.request_headers.*#1` -> `RequestHeadersValueVariant2`. */
function suffixName(suffix: string): string {
  return suffix
    .replace(/\[\]/g, ".item")
    .replace(/\.\*/g, ".value")
    .replace(/\{\}/g, ".key")
    .replace(/#(\d+)/g, (_, i: string) => `.variant${Number(i) + 1}`)
    .split(".")
    .map(pascal)
    .join("");
}
