/**
 * JSON Schema (from `z.toJSONSchema(schema, { io: "input" })`) -> Pulumi package schema types, and
 * Pulumi property specs -> the TypeScript types of the SDK.
 *
 * What `provider/schema.ts`'s `property()` cannot carry and this does: unions (`oneOf`, with a
 * `discriminator` when every branch is an object pinning a distinct `const` on one property),
 * enums as enum types (`type` + `enum: [{ value }]`, literal unions in the SDK), constants
 * (`const`, literal types), maps of any value type, recursion (through `$ref`s to object types),
 * nullable branches dropped, `deprecated` -> `deprecationMessage`. Pulumi has no named union
 * types: a `$def` that is a union is inlined as `oneOf` where it is used.
 */

import type { SchemaNode } from "./spec";

/** `#/types/<token>` prefix of type references, and the package token prefix. */
export const TOKEN_PREFIX = "elevenlabs:index:";
/** The schema's reference to a value of any type. */
export const ANY_REF = "pulumi.json#/Any";

/** A Pulumi property (or type) spec. */
export interface PropertySpec {
  type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
  $ref?: string;
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
  oneOf?: PropertySpec[];
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
  const?: string | number | boolean;
  description?: string;
  secret?: boolean;
  deprecationMessage?: string;
  willReplaceOnChanges?: boolean;
}

/** A Pulumi object type. */
export interface ObjectTypeSpec {
  type: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

/** A Pulumi enum type. */
export interface EnumTypeSpec {
  type: "string" | "number" | "integer" | "boolean";
  description?: string;
  enum: { value: string | number | boolean; description?: string }[];
}

/** A named type of the package. */
export type TypeSpec = ObjectTypeSpec | EnumTypeSpec;

/** The Pulumi view of one root object schema: its properties and every type they reach. */
export interface PulumiTypes {
  description?: string;
  properties: Record<string, PropertySpec>;
  required: string[];
  /** By token (`elevenlabs:index:<Id>`). */
  types: Record<string, TypeSpec>;
}

/** Deprecation message for properties the API marks deprecated. */
export const DEPRECATED = "Deprecated in the ElevenLabs API.";

function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const isObjectDef = (d: SchemaNode): boolean =>
  d.type === "object" && (d.properties !== undefined || d.additionalProperties === false);
const isEnumDef = (d: SchemaNode): boolean => Array.isArray(d.enum) && d.$ref === undefined;
const scalarType = (v: unknown): "string" | "number" | "integer" | "boolean" =>
  typeof v === "boolean"
    ? "boolean"
    : typeof v === "number"
      ? Number.isInteger(v)
        ? "integer"
        : "number"
      : "string";

/**
 * Converts the JSON Schema of a root object (a resource's or a function's arguments) into Pulumi
 * property specs and the named types they use. `$defs` that are objects become object types,
 * enums become enum types, everything else is inlined. Throws for an inline object with
 * properties (give it `.meta({ id })`) or a cycle that passes through no object type.
 */
export function pulumiTypesOf(root: SchemaNode, tokenPrefix: string = TOKEN_PREFIX): PulumiTypes {
  const defs = root.$defs ?? {};
  const types: Record<string, TypeSpec> = {};
  const inlining = new Set<string>();
  const typeRef = (id: string): string => `#/types/${tokenPrefix}${id}`;

  function define(id: string): void {
    const token = `${tokenPrefix}${id}`;
    if (types[token]) return;
    const def = defs[id] as SchemaNode;
    if (isEnumDef(def)) {
      const values = (def.enum ?? []) as (string | number | boolean)[];
      const kinds = new Set(values.map(scalarType));
      const type = kinds.size === 1 ? [...kinds][0] : kinds.has("string") ? "string" : "number";
      const notes = def.enumDescriptions ?? [];
      types[token] = clean({
        type: type ?? "string",
        description: def.description,
        enum: values.map((value, i) => (notes[i] ? { value, description: notes[i] } : { value })),
      });
      return;
    }
    const spec: ObjectTypeSpec = { type: "object", description: def.description, properties: {} };
    types[token] = spec; // registered first: properties may refer back to it
    // An object type breaks inlining cycles: its properties start a fresh chain.
    const outer = [...inlining];
    inlining.clear();
    Object.assign(spec, objectProperties(def));
    for (const id of outer) inlining.add(id);
    if (spec.description === undefined) delete spec.description;
  }

  function objectProperties(node: SchemaNode): {
    properties: Record<string, PropertySpec>;
    required?: string[];
  } {
    const properties: Record<string, PropertySpec> = {};
    for (const [k, v] of Object.entries(node.properties ?? {})) {
      const spec = property(v);
      // A property that says nothing of its own takes its type's description.
      const target = spec.$ref ? types[spec.$ref.replace("#/types/", "")] : undefined;
      properties[k] =
        spec.description === undefined && target?.description
          ? { ...spec, description: target.description }
          : spec;
    }
    const required = node.required?.slice();
    return required?.length ? { properties, required } : { properties };
  }

  /** Description, secret and deprecation of a node, laid over a converted spec. */
  function annotate(node: SchemaNode, spec: PropertySpec): PropertySpec {
    return clean({
      ...spec,
      description: node.description ?? spec.description,
      secret: node.secret === true ? true : spec.secret,
      deprecationMessage: node.deprecated === true ? DEPRECATED : spec.deprecationMessage,
    });
  }

  function property(node: SchemaNode): PropertySpec {
    return annotate(node, convert(node));
  }

  function convert(node: SchemaNode): PropertySpec {
    if (node.$ref !== undefined) {
      const id = node.$ref.replace("#/$defs/", "");
      const def = defs[id];
      if (!def) throw new Error(`unresolved $ref ${node.$ref}`);
      if (isObjectDef(def) || isEnumDef(def)) {
        define(id);
        return { $ref: typeRef(id) };
      }
      // Unions, maps, scalars with an id: Pulumi has no such named types; inline them.
      if (inlining.has(id)) throw new Error(`$def ${id} refers to itself through no object type`);
      inlining.add(id);
      const spec = property(def);
      inlining.delete(id);
      return spec;
    }
    const alternatives = node.anyOf ?? node.oneOf;
    if (alternatives) return union(alternatives.filter((b) => b.type !== "null"));
    if (Array.isArray(node.type)) {
      return union(node.type.filter((t) => t !== "null").map((t) => ({ ...node, type: t })));
    }
    if (node.const !== undefined) {
      const c = node.const as string | number | boolean;
      return { type: scalarType(c), const: c };
    }
    if (Array.isArray(node.enum)) {
      const values = node.enum.filter((v) => v !== null);
      return {
        type: scalarType(values[0]),
        description: `One of ${values.map((v) => `\`${String(v)}\``).join(", ")}.`,
      };
    }
    switch (node.type) {
      case undefined:
        return { $ref: ANY_REF };
      case "string":
      case "number":
      case "integer":
      case "boolean":
        return { type: node.type };
      case "null":
        return { $ref: ANY_REF };
      case "array":
        return { type: "array", items: node.items ? property(node.items) : { $ref: ANY_REF } };
      case "object": {
        if (node.properties && Object.keys(node.properties).length > 0) {
          throw new Error(
            `an inline object with properties (${Object.keys(node.properties).join(", ")}) needs .meta({ id })`,
          );
        }
        const values = node.additionalProperties;
        const names = node.propertyNames;
        const keys = (names?.$ref ? defs[names.$ref.replace("#/$defs/", "")] : names)?.enum;
        return clean({
          type: "object",
          additionalProperties:
            typeof values === "object" && Object.keys(values).length > 0
              ? property(values)
              : { $ref: ANY_REF },
          description: Array.isArray(keys)
            ? `Keys: ${keys.map((k) => `\`${String(k)}\``).join(", ")}.`
            : undefined,
        }) as PropertySpec;
      }
      default:
        throw new Error(`unsupported JSON Schema type ${JSON.stringify(node.type)}`);
    }
  }

  function union(branches: SchemaNode[]): PropertySpec {
    if (branches.length === 1) return property(branches[0] as SchemaNode);
    const oneOf = branches.map(property);
    const discriminator = discriminatorOf(branches);
    return discriminator ? { oneOf, discriminator } : { oneOf };
  }

  /** A property every branch (an object type) pins to a distinct string `const`, and requires. */
  function discriminatorOf(branches: SchemaNode[]): PropertySpec["discriminator"] {
    const objects = branches.map((b) => {
      const id = b.$ref?.replace("#/$defs/", "");
      const def = id === undefined ? undefined : defs[id];
      return def && id !== undefined && isObjectDef(def) ? { id, def } : undefined;
    });
    if (objects.some((o) => o === undefined)) return undefined;
    const first = objects[0]?.def;
    for (const name of Object.keys(first?.properties ?? {})) {
      const mapping: Record<string, string> = {};
      const ok = objects.every((o) => {
        const c = o?.def.properties?.[name]?.const;
        if (typeof c !== "string" || mapping[c] !== undefined || !o?.def.required?.includes(name))
          return false;
        mapping[c] = typeRef(o.id);
        return true;
      });
      if (ok) return { propertyName: name, mapping };
    }
    return undefined;
  }

  const { properties, required } = objectProperties(root);
  return clean({ description: root.description, properties, required: required ?? [], types });
}

/** The name of a type token (`elevenlabs:index:AgentTts` -> `AgentTts`). */
function typeName(ref: string, tokenPrefix: string): string {
  return ref.replace(`#/types/${tokenPrefix}`, "");
}

/**
 * The SDK's TypeScript type of a property: object types as `<Name>` (outputs) or `<Name>Args`
 * (inputs), enum types by name, unions as TypeScript unions, constants as literal types; inputs
 * wrapped in `pulumi.Input<...>` at every level, as `scripts/sdkgen.ts` does, except constants:
 * a discriminator must be a plain literal for TypeScript to narrow a union by it (and to reject
 * another branch's properties).
 */
export function sdkType(
  p: PropertySpec,
  input: boolean,
  types: Record<string, TypeSpec>,
  tokenPrefix: string = TOKEN_PREFIX,
): string {
  const base = sdkBaseType(p, input, types, tokenPrefix);
  return input && p.const === undefined ? `pulumi.Input<${base}>` : base;
}

function sdkBaseType(
  p: PropertySpec,
  input: boolean,
  types: Record<string, TypeSpec>,
  tokenPrefix: string,
): string {
  if (p.$ref === ANY_REF) return "unknown";
  if (p.$ref) {
    const name = typeName(p.$ref, tokenPrefix);
    const t = types[`${tokenPrefix}${name}`];
    if (!t) throw new Error(`unknown type ${p.$ref}`);
    return t.type === "object" && input ? `${name}Args` : name;
  }
  if (p.oneOf) return p.oneOf.map((b) => sdkBaseType(b, input, types, tokenPrefix)).join(" | ");
  if (p.const !== undefined) return JSON.stringify(p.const);
  switch (p.type) {
    case "array": {
      const item = sdkType(p.items ?? { $ref: ANY_REF }, input, types, tokenPrefix);
      return input || !item.includes(" | ") ? `${item}[]` : `(${item})[]`;
    }
    case "object":
      return `Record<string, ${sdkType(p.additionalProperties ?? { $ref: ANY_REF }, input, types, tokenPrefix)}>`;
    case "integer":
    case "number":
      return "number";
    case "string":
    case "boolean":
      return p.type;
    default:
      return "unknown";
  }
}

/** A JSDoc comment of `lines` at `indent` (a comment end inside is escaped); empty for no lines. */
export function docComment(lines: readonly string[], indent: string): string {
  const text = lines.flatMap((l) => l.split("\n"));
  if (text.length === 0) return "";
  return `${indent}/**\n${text.map((l) => `${indent} * ${l.replaceAll("*/", "*\\/")}`.trimEnd()).join("\n")}\n${indent} */\n`;
}

/** The note on a secret property of a resource's inputs or outputs. */
export const SECRET_NOTE = "Stored as a secret in state.";

/** What a property's doc comment says: its description, and whether it is secret, replaces, is deprecated. */
export function notes(p: PropertySpec, secretNote: string = SECRET_NOTE): string[] {
  return [
    ...(p.description ? [p.description] : []),
    ...(p.secret ? [secretNote] : []),
    ...(p.willReplaceOnChanges ? ["Changing it replaces the resource."] : []),
    ...(p.deprecationMessage ? [`@deprecated ${p.deprecationMessage}`] : []),
  ];
}

/**
 * An interface of the SDK for an object type or a resource's inputs; `secretNote` is what the doc
 * comment of a secret property says (a function's result says where the secret is kept).
 */
export function sdkInterface(
  name: string,
  spec: { description?: string; properties: Record<string, PropertySpec>; required?: string[] },
  input: boolean,
  types: Record<string, TypeSpec>,
  tokenPrefix: string = TOKEN_PREFIX,
  secretNote: string = SECRET_NOTE,
): string {
  let out = docComment(spec.description ? [spec.description] : [], "");
  out += `export interface ${name} {\n`;
  for (const [k, p] of Object.entries(spec.properties)) {
    const optional = spec.required?.includes(k) ? "" : "?";
    const key = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k);
    out += docComment(notes(p, secretNote), "  ");
    out += `  ${key}${optional}: ${sdkType(p, input, types, tokenPrefix)};\n`;
  }
  return `${out}}\n`;
}

/**
 * The SDK declarations of every named type: `<Name>` and `<Name>Args` interfaces for object types,
 * a literal union type for enum types.
 */
export function sdkDeclarations(types: Record<string, TypeSpec>, tokenPrefix: string = TOKEN_PREFIX): string {
  const parts: string[] = [];
  for (const [token, t] of Object.entries(types)) {
    const name = token.replace(tokenPrefix, "");
    if (t.type === "object") {
      parts.push(sdkInterface(name, t, false, types, tokenPrefix));
      parts.push(sdkInterface(`${name}Args`, t, true, types, tokenPrefix));
    } else {
      parts.push(
        `${docComment(t.description ? [t.description] : [], "")}export type ${name} = ${t.enum.map((e) => JSON.stringify(e.value)).join(" | ")};\n`,
      );
    }
  }
  return parts.join("\n");
}
