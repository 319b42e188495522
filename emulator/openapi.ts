/**
 * The API descriptions the emulator serves: the live dialect (`spec/elevenlabs-convai-openapi.json`,
 * the service's OpenAPI 3.1 document) and the legacy dialect (`spec/legacy-openapi.json`, the seed
 * reference written as OpenAPI 3.1), each with the overlay `spec/rules.json` applied.
 *
 * The files are read with `fs` (never `import`ed: type inference on a 900 KB JSON is slow), once per
 * process, on first use. They are found next to this module (`emulator/spec` when running from
 * source) or, when running compiled from `dist/emulator`, in the package's `emulator/spec`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { isPlainObject } from "./util";

/** Which wire contract a request speaks (the emulator imports nothing from the project). */
export type Dialect = "live" | "legacy";

/** Both dialects, live first. */
export const DIALECTS: readonly Dialect[] = ["live", "legacy"];

/** A JSON Schema object (OpenAPI 3.1 = JSON Schema 2020-12), as parsed from the description. */
export type Schema = { [keyword: string]: unknown };

/** The base path every route of both descriptions lives under. */
export const API_PREFIX = "/v1/convai";

/** The description file of each dialect and the overlay, relative to the spec directory. */
export const SPEC_FILES = {
  live: "elevenlabs-convai-openapi.json",
  legacy: "legacy-openapi.json",
  rules: "rules.json",
} as const;

/** One operation of a description. */
export interface Operation {
  /** Route key, "METHOD /path/{param}" relative to /v1/convai (the keys of ROUTES). */
  key: string;
  /** Request body schemas by media type; undefined when the operation takes no body. */
  body?: { required: boolean; content: Record<string, Schema> };
  /** Answer schemas by status code ("200", "204", ...); undefined for an answer without a JSON body. */
  answers: Record<string, Schema | undefined>;
}

/** A loaded description with its overlay applied. */
export interface Description {
  dialect: Dialect;
  /** components.schemas. */
  schemas: Record<string, Schema>;
  /** Operations by route key. */
  operations: Map<string, Operation>;
}

const cache = new Map<Dialect, Description>();
let rulesCache: Record<Dialect, Record<string, Schema>> | undefined;
let dirCache: string | undefined;

/**
 * Where the description files are, seen from a module directory: `./spec` beside it (running from
 * source, emulator/), else `../../emulator/spec` (running compiled from dist/emulator, with the
 * package shipping emulator/spec). Undefined when neither holds them.
 */
export function findSpecDir(moduleDir: string): string | undefined {
  const candidates = [join(moduleDir, "spec"), resolve(moduleDir, "..", "..", "emulator", "spec")];
  return candidates.find((d) => existsSync(join(d, SPEC_FILES.live)));
}

/** The directory holding the description files of this module (see findSpecDir); throws when absent. */
export function specDir(): string {
  if (dirCache) return dirCache;
  const found = findSpecDir(__dirname);
  if (!found) throw new Error(`elevenlabs-emulator: API descriptions not found beside ${__dirname}`);
  dirCache = found;
  return found;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(join(specDir(), file), "utf8"));
}

/** The overlay of rules.json: per dialect, "Schema.property" or "Schema.property[]" -> keywords. */
export function overlayRules(): Record<Dialect, Record<string, Schema>> {
  if (rulesCache) return rulesCache;
  const raw = readJson(SPEC_FILES.rules);
  if (!isPlainObject(raw)) throw new Error("elevenlabs-emulator: rules.json is not an object");
  const out: Record<Dialect, Record<string, Schema>> = { live: {}, legacy: {} };
  for (const d of DIALECTS) {
    const table = raw[d];
    if (table === undefined) continue;
    if (!isPlainObject(table)) throw new Error(`elevenlabs-emulator: rules.json "${d}" is not an object`);
    for (const [k, v] of Object.entries(table)) {
      if (!isPlainObject(v)) throw new Error(`elevenlabs-emulator: rule ${d}:${k} is not an object`);
      out[d][k] = v;
    }
  }
  rulesCache = out;
  return out;
}

/** True for `{type: "null"}`. */
function isNullSchema(s: unknown): boolean {
  return isPlainObject(s) && s.type === "null" && Object.keys(s).length === 1;
}

/**
 * The non-null branch of a nullable schema (anyOf, else oneOf, with exactly one non-null branch),
 * else the schema.
 */
export function nonNullBranch(s: Schema): Schema {
  const union = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined;
  if (!union?.some(isNullSchema)) return s;
  const rest = union.filter((b) => !isNullSchema(b));
  const only = rest[0];
  return rest.length === 1 && isPlainObject(only) ? only : s;
}

/**
 * The property a rule key (`Schema.property`, without its `[]`) names: tried at every dot, since
 * both the schema name and the property name may contain dots. Undefined when no split names one.
 */
function locateRule(schemas: Record<string, Schema>, path: string): Schema | undefined {
  for (let dot = path.indexOf("."); dot > 0; dot = path.indexOf(".", dot + 1)) {
    const owner = schemas[path.slice(0, dot)];
    const props = isPlainObject(owner) && isPlainObject(owner.properties) ? owner.properties : undefined;
    const target = props?.[path.slice(dot + 1)];
    if (isPlainObject(target)) return target;
  }
  return undefined;
}

/**
 * Merge the overlay into a description's component schemas, in place: each rule's keywords are
 * assigned onto the named property (its non-null branch when nullable; its items for a "[]" key),
 * or onto the component schema a key names alone.
 * A rule naming a schema or property the description lacks is an error (the table must not rot).
 * The one implementation of rules.json: codegen's `applyRules` (codegen/openapi/spec.ts) wraps it.
 */
export function applyRules(
  schemas: Record<string, Schema>,
  rules: Record<string, Schema>,
  dialect: string,
): void {
  for (const [key, keywords] of Object.entries(rules)) {
    // A component schema's name alone: keywords merged into the schema itself.
    const component = schemas[key];
    if (isPlainObject(component)) {
      Object.assign(component, structuredClone(keywords));
      continue;
    }
    const items = key.endsWith("[]");
    const target = locateRule(schemas, items ? key.slice(0, -2) : key);
    if (!target) {
      throw new Error(
        `elevenlabs-emulator: rules.json ${dialect} rule "${key}" names no property of the description`,
      );
    }
    let into = nonNullBranch(target);
    if (items) {
      const arr = isPlainObject(into.items) ? into.items : undefined;
      if (!arr)
        throw new Error(`elevenlabs-emulator: rules.json ${dialect} rule "${key}": property is not an array`);
      into = arr;
    }
    Object.assign(into, structuredClone(keywords));
  }
}

function buildOperations(doc: Record<string, unknown>): Map<string, Operation> {
  const ops = new Map<string, Operation>();
  const paths = isPlainObject(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith(API_PREFIX) || !isPlainObject(item)) continue;
    const rel = path.slice(API_PREFIX.length) || "/";
    for (const [method, op] of Object.entries(item)) {
      if (!isPlainObject(op) || !isPlainObject(op.responses)) continue;
      const key = `${method.toUpperCase()} ${rel}`;
      const operation: Operation = { key, answers: {} };
      const rb = op.requestBody;
      if (isPlainObject(rb) && isPlainObject(rb.content)) {
        const content: Record<string, Schema> = {};
        for (const [mt, media] of Object.entries(rb.content)) {
          if (isPlainObject(media) && isPlainObject(media.schema)) content[mt] = media.schema;
        }
        operation.body = { required: rb.required === true, content };
      }
      for (const [status, answer] of Object.entries(op.responses)) {
        const content = isPlainObject(answer) && isPlainObject(answer.content) ? answer.content : undefined;
        const json =
          content && isPlainObject(content["application/json"]) ? content["application/json"] : undefined;
        operation.answers[status] = json && isPlainObject(json.schema) ? json.schema : undefined;
      }
      ops.set(key, operation);
    }
  }
  return ops;
}

/** The description of a dialect, loaded and overlaid on first use, then cached for the process. */
export function description(dialect: Dialect): Description {
  const hit = cache.get(dialect);
  if (hit) return hit;
  const doc = readJson(SPEC_FILES[dialect]);
  if (!isPlainObject(doc) || !isPlainObject(doc.components) || !isPlainObject(doc.components.schemas)) {
    throw new Error(`elevenlabs-emulator: ${SPEC_FILES[dialect]} is not an OpenAPI document with components`);
  }
  const schemas = doc.components.schemas as Record<string, Schema>;
  applyRules(schemas, overlayRules()[dialect], dialect);
  const desc: Description = { dialect, schemas, operations: buildOperations(doc) };
  cache.set(dialect, desc);
  return desc;
}

/** The operation of a route key in a dialect, if that description has it. */
export function operation(dialect: Dialect, routeKey: string): Operation | undefined {
  return description(dialect).operations.get(routeKey);
}

/** The component schema a local `$ref` ("#/components/schemas/Name") points to. */
export function resolveRef(desc: Description, ref: string): Schema {
  const prefix = "#/components/schemas/";
  const target = ref.startsWith(prefix) ? desc.schemas[ref.slice(prefix.length)] : undefined;
  if (!target)
    throw new Error(`elevenlabs-emulator: unresolvable $ref ${ref} in the ${desc.dialect} description`);
  return target;
}

/** The branches of an anyOf/oneOf (objects only), or undefined for a schema that is no union. */
export function unionBranches(s: Schema): Schema[] | undefined {
  const u = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined;
  return u?.filter(isPlainObject);
}

function constOf(desc: Description, branch: Schema, prop: string): string | undefined {
  const b = typeof branch.$ref === "string" ? resolveRef(desc, branch.$ref) : branch;
  const p = isPlainObject(b.properties) ? b.properties[prop] : undefined;
  if (!isPlainObject(p)) return undefined;
  if (typeof p.const === "string") return p.const;
  if (Array.isArray(p.enum) && p.enum.length === 1 && typeof p.enum[0] === "string") return p.enum[0];
  return undefined;
}

/** How a union of object branches is told apart: a property and the branch for each of its values. */
export interface UnionTags {
  prop: string;
  byTag: Map<string, Schema>;
  /** True for a `discriminator` keyword; false when inferred (every branch fixes `prop` with a const). */
  explicit: boolean;
}

/**
 * The tags of a union: its `discriminator` (mapping, or the branches' consts), else the first
 * property that every branch fixes to a distinct const (the live phone-number body has no
 * discriminator but each branch has `provider: const`). Undefined when branches cannot be told apart.
 */
export function unionTags(desc: Description, s: Schema, branches: Schema[]): UnionTags | undefined {
  const disc = isPlainObject(s.discriminator) ? s.discriminator : undefined;
  if (disc && typeof disc.propertyName === "string") {
    const prop = disc.propertyName;
    const byTag = new Map<string, Schema>();
    if (isPlainObject(disc.mapping)) {
      for (const [tag, ref] of Object.entries(disc.mapping))
        if (typeof ref === "string") byTag.set(tag, { $ref: ref });
    } else {
      for (const b of branches) {
        const tag = constOf(desc, b, prop);
        if (tag !== undefined) byTag.set(tag, b);
      }
    }
    return { prop, byTag, explicit: true };
  }
  const first =
    branches[0] && (typeof branches[0].$ref === "string" ? resolveRef(desc, branches[0].$ref) : branches[0]);
  const props = first && isPlainObject(first.properties) ? Object.keys(first.properties) : [];
  for (const prop of props) {
    const byTag = new Map<string, Schema>();
    for (const b of branches) {
      const tag = constOf(desc, b, prop);
      if (tag === undefined || byTag.has(tag)) break;
      byTag.set(tag, b);
    }
    if (byTag.size === branches.length) return { prop, byTag, explicit: false };
  }
  return undefined;
}

/** A named component schema of a dialect (throws when absent). */
export function componentSchema(dialect: Dialect, name: string): Schema {
  return resolveRef(description(dialect), `#/components/schemas/${name}`);
}

/** The schema and property that hold an agent's `language` in each dialect's request body. */
const LANGUAGE_PROPERTY: Record<Dialect, [schema: string, property: string]> = {
  live: ["AgentConfigAPIModel-Input", "language"],
  legacy: ["LegacyAgentBehaviour-Input", "language"],
};

/** The language codes an agent may speak in a dialect (from its description and the overlay). */
export function supportedLanguages(dialect: Dialect = "legacy"): string[] {
  const [schema, prop] = LANGUAGE_PROPERTY[dialect];
  const owner = componentSchema(dialect, schema);
  const p = isPlainObject(owner.properties) ? owner.properties[prop] : undefined;
  const values = isPlainObject(p) ? nonNullBranch(p).enum : undefined;
  return Array.isArray(values) ? values.filter((v): v is string => typeof v === "string") : [];
}
