/**
 * Resolution, the first stage: from the roots, every schema reachable becomes an IR node. `$ref`s
 * to objects, enums of 2+ values and unions become named types (a reference to the component's
 * key); the same inside a component are hoisted under `<owner>.<property>` keys. Nullability becomes
 * a `nullable` node, `anyOf`/`oneOf` a `union` (tagged by `unions.ts`), and each property records its
 * wire and camelCase names and what the dialect's tables say of it.
 *
 * A node is named by its owner component and a suffix, the wire path inside it (`.prop`, `[]`, `.*`,
 * `{}`, `#i`); `top` marks a component's own schema, which is its type rather than hoisted from it.
 */
import { camelName, roundTrips } from "../naming";
import { nonNullBranch, refName, type SchemaNode } from "../spec";
import type { IrContext } from "./context";
import { checkKeywords } from "./keywords";
import type { Ir, IrNode, IrProperty, IrType, Scalar } from "./types";
import { tagOf } from "./unions";

/** Resolves each root of the dialect to the key of its named type (hoisting a root property's). */
export function resolveRoots(ctx: IrContext): Ir["roots"] {
  return ctx.config.roots.map((spec) => {
    const schema = ctx.schemas[spec.schema];
    if (!schema) throw new Error(`root ${spec.name}: no component '${spec.schema}'`);
    if (!spec.property) {
      const node = component(ctx, `#/components/schemas/${spec.schema}`);
      if (node.kind !== "ref") throw new Error(`root ${spec.name}: '${spec.schema}' is not an object`);
      return { spec, key: node.key };
    }
    const p = schema.properties?.[spec.property];
    if (!p) throw new Error(`root ${spec.name}: no property ${spec.schema}.${spec.property}`);
    const key = `${spec.schema}.${spec.property}`;
    const node = convert(ctx, p, spec.schema, `.${spec.property}`);
    if (node.kind === "ref") return { spec, key: node.key };
    ctx.hoist(key, node, spec.schema);
    return { spec, key };
  });
}

/** A `$ref`: named types become references (registered before their children, for recursion). */
function component(ctx: IrContext, ref: string): IrNode {
  const original = refName(ref);
  const name = ctx.canonical(original);
  if (name !== original) ctx.noteOnce(ctx.notes.aliases, `${original} = ${name}`);
  if (ctx.types.has(name)) return { kind: "ref", key: name };
  const schema = ctx.schemas[name];
  if (!schema) throw new Error(`$ref to missing component '${name}'`);
  if (!isNamed(schema)) return convert(ctx, schema, name, "");
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
  ctx.types.set(name, placeholder);
  const node = convert(ctx, schema, name, "", true);
  ctx.types.set(name, { ...placeholder, node });
  return { kind: "ref", key: name };
}

/** Whether a schema becomes a named type when it is a component. */
function isNamed(s: SchemaNode): boolean {
  if (s.$ref) return false;
  if (s.properties || s.additionalProperties === false) return true;
  if (s.anyOf || s.oneOf) return nonNullBranch(s) === undefined;
  return Array.isArray(s.enum) && s.enum.filter((v) => v !== null).length > 1;
}

/** The IR node of schema `s`, found in component `owner` at `suffix`. */
function convert(ctx: IrContext, s: SchemaNode, owner: string, suffix: string, top = false): IrNode {
  const where = `${owner}${suffix}`;
  checkKeywords(s, where, ctx.notes);
  if (s.$ref) {
    // A discriminator beside a single `$ref` is a one-branch tagged union: there is no branch to
    // pick, so the tag stays as optional as the description makes it (the service fills it).
    return component(ctx, s.$ref);
  }
  if (Array.isArray(s.type)) {
    const { type, ...rest } = s;
    return convert(ctx, { ...rest, anyOf: type.map((t) => ({ ...rest, type: t })) }, owner, suffix, top);
  }
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return union(ctx, s, alternatives, owner, suffix, top);
  if (Array.isArray(s.enum)) return enumeration(ctx, s, s.enum, owner, suffix, top);
  if (s.const !== undefined) {
    if (!isScalar(s.const)) throw new Error(`${where}: non-scalar const`);
    return { kind: "enum", values: [s.const] };
  }
  return typed(ctx, s, owner, suffix, top);
}

/** `anyOf`/`oneOf`: a null branch makes the node nullable; one other branch is that branch, more a union. */
function union(
  ctx: IrContext,
  s: SchemaNode,
  alternatives: SchemaNode[],
  owner: string,
  suffix: string,
  top: boolean,
): IrNode {
  const nonNull = alternatives.filter((b) => b.type !== "null");
  if (nonNull.length === 0) return { kind: "null" };
  let inner: IrNode;
  if (nonNull.length === 1) inner = convert(ctx, nonNull[0] as SchemaNode, owner, suffix, top);
  else {
    const branches = nonNull.map((b, i) => convert(ctx, b, owner, `${suffix}#${i}`));
    const tag = tagOf(ctx, branches, s.discriminator, `${owner}${suffix}`);
    inner = tag ? { kind: "union", branches, tag } : { kind: "union", branches };
  }
  return nonNull.length < alternatives.length ? { kind: "nullable", inner } : inner;
}

/** `enum`: 2+ values are a named type (hoisted unless `top`), a null value makes it nullable. */
function enumeration(
  ctx: IrContext,
  s: SchemaNode,
  all: unknown[],
  owner: string,
  suffix: string,
  top: boolean,
): IrNode {
  const where = `${owner}${suffix}`;
  const nonNull = all.filter((v) => v !== null);
  if (!nonNull.every(isScalar)) throw new Error(`${where}: non-scalar enum value`);
  const values = nonNull as Scalar[];
  let node: IrNode = { kind: "enum", values };
  if (values.length > 1) {
    node = top
      ? enumWithSdk(ctx, owner, values, s)
      : ctx.hoist(where, enumWithSdk(ctx, where, values, s), owner);
  }
  return values.length < all.length ? { kind: "nullable", inner: node } : node;
}

/** An enum merged with the SDK's when the `sdkEnums` table says so (the SDK's extras are noted). */
function enumWithSdk(ctx: IrContext, key: string, values: Scalar[], s: SchemaNode): IrNode {
  const sdkName = ctx.config.sdkEnums[key];
  if (sdkName === undefined) return { kind: "enum", values };
  ctx.used.sdkEnums.add(key);
  // The values the SDK knows beyond the description live in rules.json (one table the emulator
  // applies too); an SDK upgrade that adds more fails here, naming what to add.
  const missing = ctx.sdkEnum(sdkName).filter((v) => !values.includes(v));
  if (missing.length > 0) {
    throw new Error(
      `SDK enum ${sdkName} has values ${key} lacks: ${missing.join(", ")}; add them to emulator/spec/rules.json "${key}"`,
    );
  }
  // What rules.json added beyond the description (`applyRules` records it), for the docs.
  const added = (s as { "x-added-by-rules"?: Scalar[] })["x-added-by-rules"] ?? [];
  ctx.sdkExtra.set(key, added);
  return { kind: "enum", values };
}

/** A schema by its `type` (or `properties`): scalars, arrays, objects and maps; none is any JSON. */
function typed(ctx: IrContext, s: SchemaNode, owner: string, suffix: string, top: boolean): IrNode {
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
        items: s.items ? convert(ctx, s.items, owner, `${suffix}[]`) : { kind: "json" },
        minItems: s.minItems,
        maxItems: s.maxItems,
        uniqueItems: s.uniqueItems,
      });
    case "object":
      return objectOrMap(ctx, s, owner, suffix, top);
    default:
      throw new Error(`${owner}${suffix}: unsupported type '${String(type)}'`);
  }
}

/** An object with properties (a named type, hoisted unless `top`), else a map of its values. */
function objectOrMap(ctx: IrContext, s: SchemaNode, owner: string, suffix: string, top: boolean): IrNode {
  const where = `${owner}${suffix}`;
  if (s.properties || s.additionalProperties === false) {
    if (typeof s.additionalProperties === "object") {
      throw new Error(`${where}: an object with both properties and additionalProperties is not supported`);
    }
    const node = object(ctx, s, owner, suffix, top);
    return top ? node : ctx.hoist(where, node, owner);
  }
  const values =
    typeof s.additionalProperties === "object"
      ? convert(ctx, s.additionalProperties, owner, `${suffix}.*`)
      : ({ kind: "json" } as const);
  return clean({
    kind: "map",
    values,
    keys: s.propertyNames ? convert(ctx, s.propertyNames, owner, `${suffix}{}`) : undefined,
    minProperties: s.minProperties,
    maxProperties: s.maxProperties,
  });
}

/**
 * An object's properties. A root's own schema adds the root's `require`, `fixed` and `omit` tables;
 * fixed, omitted and `readOnly` properties are left out (the converter sends the fixed ones, the
 * resource declares the omitted ones its own way; readOnly are noted).
 */
function object(ctx: IrContext, s: SchemaNode, owner: string, suffix: string, top: boolean): IrNode {
  const where = `${owner}${suffix}`;
  const root = top && suffix === "" ? ctx.rootBySchema.get(owner) : undefined;
  const own = root && !root.property ? root : undefined;
  const required = new Set([...(s.required ?? []), ...(own?.require ?? [])]);
  const fixed: Record<string, Scalar> = { ...own?.fixed };
  for (const wire of own?.omit ?? [])
    if (!Object.hasOwn(s.properties ?? {}, wire))
      throw new Error(`${where}: omitted property '${wire}' is not defined`);
  const properties: IrProperty[] = [];
  const camels = new Map<string, string>();
  for (const [wire, p] of Object.entries(s.properties ?? {})) {
    if (Object.hasOwn(fixed, wire) || own?.omit?.includes(wire)) continue;
    if (p.readOnly === true) {
      ctx.notes.readOnlyDropped.push(`${where}.${wire}`);
      continue;
    }
    const camel = camelName(wire);
    const clash = camels.get(camel);
    if (clash !== undefined)
      throw new Error(`${where}: '${clash}' and '${wire}' are both '${camel}' in camelCase`);
    camels.set(camel, wire);
    if (!roundTrips(wire)) ctx.notes.naiveRoundTripFailures.push(`${where}.${wire} (${camel})`);
    properties.push(property(ctx, s, p, wire, camel, required.has(wire), owner, suffix));
  }
  for (const r of required) {
    if (!properties.some((p) => p.wire === r) && !Object.hasOwn(fixed, r)) {
      throw new Error(`${where}: required property '${r}' is not defined`);
    }
  }
  return { kind: "object", properties, fixed };
}

/** Property `wire` (schema `p`) of object `s`, with what the `keepNull` and `secrets` tables say of it. */
function property(
  ctx: IrContext,
  s: SchemaNode,
  p: SchemaNode,
  wire: string,
  camel: string,
  required: boolean,
  owner: string,
  suffix: string,
): IrProperty {
  const { config, used } = ctx;
  const id = `${owner}${suffix}.${wire}`;
  const node = convert(ctx, p, owner, `${suffix}.${wire}`);
  // Null means something where the description requires the property yet allows null.
  const keepNull = (s.required ?? []).includes(wire) || config.keepNull.includes(id);
  if (config.keepNull.includes(id)) used.keepNull.add(id);
  const secret = config.secrets.includes(id);
  if (secret) used.secrets.add(id);
  const dflt = p.default ?? p.anyOf?.find((b) => b.default !== undefined)?.default;
  return {
    wire,
    camel,
    node,
    required,
    keepNull,
    hasDefault: dflt !== undefined,
    default: dflt,
    deprecated: p.deprecated === true,
    secret,
    description: "",
  };
}

/** The object without its undefined fields (so that absent constraints print as absent). */
function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Whether a value is a JSON scalar (enum values and consts must be). */
function isScalar(v: unknown): v is Scalar {
  return v === null || ["string", "number", "boolean"].includes(typeof v);
}
