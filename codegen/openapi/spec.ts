/**
 * Reading an OpenAPI 3.1 description and the rules overlay (`emulator/spec/rules.json`).
 *
 * The overlay's `$comment` defines its format; `applyRules` applies it with the emulator's own
 * implementation (`applyRules` of emulator/openapi.ts), so both read the file one way: each dialect
 * maps `SchemaName.property` (a component schema of that dialect's description) to JSON Schema
 * keywords merged into that property; for a nullable property (anyOf with null) they apply to the
 * non-null branch, for an array property to its items when the key ends in `[]`.
 */
import { readFileSync } from "node:fs";
import { applyRules as applyRulesToSchemas } from "../../emulator/openapi";

/**
 * A JSON Schema node, as an OpenAPI 3.1 description or `z.toJSONSchema` writes it: the keywords
 * codegen and the tests read; other keywords are kept.
 */
export interface SchemaNode {
  $ref?: string;
  $defs?: Record<string, SchemaNode>;
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: SchemaNode | boolean;
  propertyNames?: SchemaNode;
  minProperties?: number;
  maxProperties?: number;
  items?: SchemaNode;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  deprecated?: boolean;
  readOnly?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  description?: string;
  /** A note per enum value (`""` for none), parallel to `enum` (the convention of VS Code's schemas). */
  enumDescriptions?: string[];
  /** Set by the provider's schemas on values kept as Pulumi secrets. */
  secret?: boolean;
  [keyword: string]: unknown;
}

/** The part of an OpenAPI document codegen reads. */
export interface OpenApiDocument {
  openapi: string;
  components: { schemas: Record<string, SchemaNode> };
  [key: string]: unknown;
}

/** The rules overlay: `$comment` plus, per dialect, `SchemaName.property[[]]` -> keywords. */
export type RulesFile = { $comment?: string } & Record<string, unknown>;

const REF_PREFIX = "#/components/schemas/";

/** The component name a `$ref` points to (only local component references are supported). */
export function refName(ref: string): string {
  if (!ref.startsWith(REF_PREFIX)) throw new Error(`unsupported $ref '${ref}' (only ${REF_PREFIX}*)`);
  return ref.slice(REF_PREFIX.length);
}

/** Reads a JSON file. */
export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** The non-null branch of a nullable node (`anyOf` with exactly one non-null branch), else undefined. */
export function nonNullBranch(node: SchemaNode): SchemaNode | undefined {
  const branches = node.anyOf;
  if (!branches?.some((b) => b.type === "null")) return undefined;
  const rest = branches.filter((b) => b.type !== "null");
  return rest.length === 1 ? rest[0] : undefined;
}

/**
 * A copy of `doc` with the dialect's rules merged in. Throws when a rule names a property that does
 * not exist, or an array rule (`[]`) a property that is not an array: a stale rule must not pass.
 */
export function applyRules(doc: OpenApiDocument, rules: RulesFile, dialect: string): OpenApiDocument {
  const table = rules[dialect];
  if (table === undefined) throw new Error(`rules: no dialect '${dialect}'`);
  if (typeof table !== "object" || table === null) throw new Error(`rules: '${dialect}' is not an object`);
  const out = structuredClone(doc);
  const schemas = out.components.schemas;
  const before = new Map<string, unknown[]>();
  for (const [key, keywords] of Object.entries(table as Record<string, unknown>)) {
    if (typeof keywords !== "object" || keywords === null)
      throw new Error(`rules: '${key}' is not an object`);
    // A component schema's name alone: its enum before the rule, for the bookkeeping below.
    const component = schemas[key];
    if (component) before.set(key, Array.isArray(component.enum) ? [...component.enum] : []);
  }
  applyRulesToSchemas(schemas, table as Record<string, SchemaNode>, dialect);
  // Record the enum values a component's rule added, for the generated docs ("the SDK knows ...").
  for (const [key, was] of before) {
    const component = schemas[key] as SchemaNode;
    const added = (component.enum ?? []).filter((v) => !was.includes(v));
    if (added.length > 0) Object.assign(component, { "x-added-by-rules": added });
  }
  return out;
}

/** Loads a description and applies the rules of `dialect` to it. */
export function loadDescription(specPath: string, rulesPath: string, dialect: string): OpenApiDocument {
  const doc = readJson(specPath) as OpenApiDocument;
  if (typeof doc.openapi !== "string" || !doc.openapi.startsWith("3.1")) {
    throw new Error(`${specPath}: not an OpenAPI 3.1 description`);
  }
  return applyRules(doc, readJson(rulesPath) as RulesFile, dialect);
}
