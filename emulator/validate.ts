/**
 * A JSON Schema (OpenAPI 3.1) validator for request bodies and answers, reporting pydantic-style
 * issues `{loc, msg, type}` as the service's 422 answers do.
 *
 * Supported: type (and type lists), nullable (anyOf/oneOf with a null branch), enum, const,
 * minimum/maximum/exclusive*, minLength/maxLength/pattern, format binary (a multipart file part) and
 * uri (http/https), items/minItems/maxItems, properties/required/additionalProperties (schema, true,
 * false)/propertyNames/minProperties, oneOf/anyOf with an explicit discriminator or an implicit one
 * (every branch fixes the same property with a const), allOf, and `$ref` (recursive; keywords beside
 * a `$ref` apply as well).
 *
 * Requests are validated strictly: an object schema with `properties` and no `additionalProperties`
 * forbids unknown keys (422 `extra_forbidden`), so a client can never send a key the description
 * lacks. Answers are validated like the official SDK parses them: unknown keys pass, required keys
 * and types are enforced.
 *
 * One convention of rules.json: the pattern `\S` means "not blank" and fails as
 * `value_error` "String should not be blank" (pydantic's message for a custom validator).
 */
import { UploadedFile } from "./context";
import type { ValidationIssue } from "./errors";
import {
  type Description,
  type Dialect,
  description,
  operation,
  resolveRef,
  type Schema,
  unionBranches,
  unionTags,
} from "./openapi";
import { isPlainObject } from "./util";

type Loc = (string | number)[];

/** How to validate. */
export interface ValidateMode {
  /** Unknown keys of objects with `properties` are errors (requests); otherwise they pass (answers). */
  strict: boolean;
  /** Values come from form fields: strings are coerced to numbers/booleans where the schema wants them. */
  form: boolean;
}

/** JSON request bodies: strict. */
export const REQUEST_MODE: ValidateMode = { strict: true, form: false };
/** Form request bodies: strict, text coerced to scalars. */
export const FORM_MODE: ValidateMode = { strict: true, form: true };
/** Answers: unknown keys pass, as the official SDK parses them. */
export const ANSWER_MODE: ValidateMode = { strict: false, form: false };

/** The pattern rules.json uses for "not blank". */
export const NOT_BLANK_PATTERN = "\\S";

const regexCache = new Map<string, RegExp | null>();
function compile(pattern: string): RegExp | null {
  if (!regexCache.has(pattern)) {
    let re: RegExp | null;
    try {
      re = new RegExp(pattern, "u");
    } catch {
      try {
        re = new RegExp(pattern);
      } catch {
        re = null; // a Python-only construct: not enforceable here
      }
    }
    regexCache.set(pattern, re);
  }
  return regexCache.get(pattern) ?? null;
}

function show(v: unknown): string {
  return typeof v === "string" ? `'${v}'` : JSON.stringify(v);
}

function oneOfText(values: unknown[]): string {
  const shown = values.map(show);
  if (shown.length <= 1) return shown.join("");
  return `${shown.slice(0, -1).join(", ")} or ${shown[shown.length - 1]}`;
}

const TYPE_ISSUES: Record<string, [type: string, msg: string]> = {
  string: ["string_type", "Input should be a valid string"],
  number: ["number_type", "Input should be a valid number"],
  integer: ["int_type", "Input should be a valid integer"],
  boolean: ["bool_type", "Input should be a valid boolean"],
  array: ["list_type", "Input should be a valid list"],
  object: ["dict_type", "Input should be a valid dictionary"],
  null: ["none_required", "Input should be None"],
};

function fileIssue(loc: Loc): ValidationIssue {
  return { loc, msg: "Input should be a file (a multipart/form-data file part)", type: "file_type" };
}

function typeIssue(loc: Loc, type: string): ValidationIssue {
  const [t, msg] = TYPE_ISSUES[type] ?? ["type_error", `Input should be of type ${type}`];
  return { loc, msg, type: t };
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

function matchesType(type: string, v: unknown): boolean {
  switch (type) {
    case "string":
      return typeof v === "string";
    case "number":
      return typeof v === "number" && Number.isFinite(v);
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "boolean":
      return typeof v === "boolean";
    case "array":
      return Array.isArray(v);
    case "object":
      return isPlainObject(v) && !(v instanceof UploadedFile);
    case "null":
      return v === null;
    default:
      return true;
  }
}

/** A form field's text as the scalar the schema wants, or the text unchanged. */
function coerce(type: string, v: unknown): unknown {
  if (typeof v !== "string") return v;
  if (type === "integer" && /^-?\d+$/.test(v.trim())) return Number(v);
  if (type === "number" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  if (type === "boolean" && /^(true|false|1|0)$/i.test(v.trim())) return /^(true|1)$/i.test(v.trim());
  return v;
}

/** True when the schema admits null (a null branch, or "null" among its types). */
export function isNullable(desc: Description, s: Schema): boolean {
  if (s.type === "null" || (Array.isArray(s.type) && s.type.includes("null"))) return true;
  const u = unionBranches(s);
  if (u?.some((b) => b.type === "null")) return true;
  if (typeof s.$ref === "string" && !u) return isNullable(desc, resolveRef(desc, s.$ref));
  return false;
}

class Validator {
  constructor(
    private readonly desc: Description,
    private readonly mode: ValidateMode,
  ) {}

  /** Check `v` at `loc`; append issues. */
  check(s: Schema, v: unknown, loc: Loc, out: ValidationIssue[]): void {
    if (v === null && isNullable(this.desc, s)) return;
    if (typeof s.$ref === "string") {
      const target = resolveRef(this.desc, s.$ref);
      const union = unionBranches(s);
      // A partial of a model: only its free object here; the merged value meets the model.
      if (union && isPartialOf(s)) {
        this.checkUnion(s, union, v, loc, out);
        return;
      }
      // `$ref` beside a nullable anyOf: the ref governs non-null values.
      const siblings: Schema = {};
      for (const [k, x] of Object.entries(s)) {
        if (k !== "$ref" && k !== "default" && !(union && (k === "anyOf" || k === "oneOf"))) siblings[k] = x;
      }
      const before = out.length;
      this.check(target, v, loc, out);
      if (out.length === before && Object.keys(siblings).length > 0) this.check(siblings, v, loc, out);
      return;
    }
    if (Array.isArray(s.allOf)) {
      for (const part of s.allOf) if (isPlainObject(part)) this.check(part, v, loc, out);
    }
    const union = unionBranches(s);
    if (union) {
      this.checkUnion(s, union, v, loc, out);
      return;
    }
    if (s.const !== undefined && !deepEqual(v, s.const)) {
      out.push({ loc, msg: `Input should be ${show(s.const)}`, type: "literal_error" });
      return;
    }
    if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, v))) {
      out.push({ loc, msg: `Input should be ${oneOfText(s.enum)}`, type: "enum" });
      return;
    }
    const types = Array.isArray(s.type)
      ? s.type.filter((t): t is string => typeof t === "string")
      : typeof s.type === "string"
        ? [s.type]
        : isPlainObject(s.properties) || s.additionalProperties !== undefined
          ? ["object"]
          : s.items !== undefined
            ? ["array"]
            : [];
    if (types.length === 0) {
      // No type stated: the keywords that apply to the value's own type still hold.
      const own =
        typeof v === "string" ? "string" : typeof v === "number" ? "number" : Array.isArray(v) ? "array" : "";
      if (own !== "") this.checkTyped(s, own, v, loc, out);
      else if (matchesType("object", v)) this.checkTyped(s, "object", v, loc, out);
      else if (s.format === "binary" && !(v instanceof UploadedFile)) out.push(fileIssue(loc));
      return;
    }
    if (s.format === "binary" && v instanceof UploadedFile) return;
    let value = v;
    let type = types.find((t) => matchesType(t, v));
    if (type === undefined && this.mode.form) {
      type = types.find((t) => matchesType(t, coerce(t, v)));
      if (type !== undefined) value = coerce(type, v);
    }
    if (v === undefined || type === undefined) {
      out.push(
        s.format === "binary"
          ? fileIssue(loc)
          : typeIssue(loc, types.find((t) => t !== "null") ?? types[0] ?? "object"),
      );
      return;
    }
    this.checkTyped(s, type, value, loc, out);
  }

  private checkTyped(s: Schema, type: string, v: unknown, loc: Loc, out: ValidationIssue[]): void {
    switch (type) {
      case "string":
        this.checkString(s, v as string, loc, out);
        return;
      case "number":
      case "integer":
        this.checkNumber(s, v as number, loc, out);
        return;
      case "array":
        this.checkArray(s, v as unknown[], loc, out);
        return;
      case "object":
        this.checkObject(s, v as Record<string, unknown>, loc, out);
        return;
      default:
        return;
    }
  }

  private checkString(s: Schema, v: string, loc: Loc, out: ValidationIssue[]): void {
    if (s.format === "binary") {
      out.push(fileIssue(loc));
      return;
    }
    const length = [...v].length;
    if (typeof s.minLength === "number" && length < s.minLength) {
      const n = s.minLength;
      out.push({
        loc,
        msg: `String should have at least ${n} character${n === 1 ? "" : "s"}`,
        type: "string_too_short",
      });
      return;
    }
    if (typeof s.maxLength === "number" && length > s.maxLength) {
      const n = s.maxLength;
      out.push({
        loc,
        msg: `String should have at most ${n} character${n === 1 ? "" : "s"}`,
        type: "string_too_long",
      });
      return;
    }
    if (typeof s.pattern === "string") {
      const re = compile(s.pattern);
      if (re && !re.test(v)) {
        out.push(
          s.pattern === NOT_BLANK_PATTERN
            ? { loc, msg: "String should not be blank", type: "value_error" }
            : { loc, msg: `String should match pattern '${s.pattern}'`, type: "string_pattern_mismatch" },
        );
        return;
      }
    }
    if (s.format === "uri" && !isHttpUrl(v)) {
      out.push({ loc, msg: "URL scheme should be 'http' or 'https'", type: "url_scheme" });
    }
  }

  private checkNumber(s: Schema, v: number, loc: Loc, out: ValidationIssue[]): void {
    const bound = (k: string): number | undefined =>
      typeof s[k] === "number" ? (s[k] as number) : undefined;
    const min = bound("minimum");
    const max = bound("maximum");
    const xmin = bound("exclusiveMinimum");
    const xmax = bound("exclusiveMaximum");
    if (min !== undefined && v < min)
      out.push({ loc, msg: `Input should be greater than or equal to ${min}`, type: "greater_than_equal" });
    else if (xmin !== undefined && v <= xmin)
      out.push({ loc, msg: `Input should be greater than ${xmin}`, type: "greater_than" });
    else if (max !== undefined && v > max)
      out.push({ loc, msg: `Input should be less than or equal to ${max}`, type: "less_than_equal" });
    else if (xmax !== undefined && v >= xmax)
      out.push({ loc, msg: `Input should be less than ${xmax}`, type: "less_than" });
  }

  private checkArray(s: Schema, v: unknown[], loc: Loc, out: ValidationIssue[]): void {
    if (typeof s.minItems === "number" && v.length < s.minItems) {
      out.push({ loc, msg: `List should have at least ${s.minItems} items`, type: "too_short" });
      return;
    }
    if (typeof s.maxItems === "number" && v.length > s.maxItems) {
      out.push({ loc, msg: `List should have at most ${s.maxItems} items`, type: "too_long" });
      return;
    }
    if (isPlainObject(s.items)) {
      const items = s.items;
      v.forEach((x, i) => {
        this.check(items, x, [...loc, i], out);
      });
    }
    if (s.uniqueItems === true && v.some((x, i) => v.findIndex((y) => deepEqual(x, y)) !== i)) {
      out.push({ loc, msg: "List should have unique items", type: "value_error" });
    }
  }

  private checkObject(s: Schema, v: Record<string, unknown>, loc: Loc, out: ValidationIssue[]): void {
    const props = isPlainObject(s.properties) ? s.properties : undefined;
    const required = Array.isArray(s.required)
      ? s.required.filter((r): r is string => typeof r === "string")
      : [];
    for (const r of required) {
      if (v[r] === undefined) out.push({ loc: [...loc, r], msg: "Field required", type: "missing" });
    }
    const extra = s.additionalProperties;
    const names = isPlainObject(s.propertyNames) ? s.propertyNames : undefined;
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      const p = props?.[k];
      if (isPlainObject(p)) {
        this.check(p, x, [...loc, k], out);
        continue;
      }
      if (names) this.check(names, k, [...loc, k], out);
      if (isPlainObject(extra)) this.check(extra, x, [...loc, k], out);
      else if (extra === false || (extra === undefined && props && this.mode.strict)) {
        out.push({ loc: [...loc, k], msg: "Extra inputs are not permitted", type: "extra_forbidden" });
      }
    }
    if (typeof s.minProperties === "number" && Object.keys(v).length < s.minProperties) {
      out.push({ loc, msg: `Dictionary should have at least ${s.minProperties} items`, type: "too_short" });
    }
  }

  private checkUnion(s: Schema, union: Schema[], v: unknown, loc: Loc, out: ValidationIssue[]): void {
    const branches = union.filter((b) => b.type !== "null");
    if (v === null && branches.length < union.length) return;
    if (branches.length === 1 && branches[0]) {
      this.check(branches[0], v, loc, out);
      return;
    }
    const tagged = isPlainObject(v) ? unionTags(this.desc, s, branches) : undefined;
    if (tagged && isPlainObject(v)) {
      const tag = v[tagged.prop];
      if (tag !== undefined || tagged.explicit) {
        const branch = typeof tag === "string" ? tagged.byTag.get(tag) : undefined;
        if (tag === undefined) {
          out.push({ loc: [...loc, tagged.prop], msg: "Field required", type: "missing" });
        } else if (!branch) {
          out.push({
            loc: [...loc, tagged.prop],
            msg: `Input should be ${oneOfText([...tagged.byTag.keys()])}`,
            type: "enum",
          });
        } else {
          this.check(branch, v, loc, out);
        }
        return;
      }
    }
    let best: ValidationIssue[] | undefined;
    for (const b of branches) {
      const issues: ValidationIssue[] = [];
      this.check(b, v, loc, issues);
      if (issues.length === 0) return;
      if (!best || issues.length < best.length) best = issues;
    }
    out.push(...(best ?? []));
  }
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
  } catch {
    return false;
  }
}

/** Validate `value` against `schema` of a dialect's description; issues' locs start with `loc`. */
export function validateSchema(
  dialect: Dialect,
  schema: Schema,
  value: unknown,
  loc: Loc,
  mode: ValidateMode,
): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  new Validator(description(dialect), mode).check(schema, value, loc, out);
  return out;
}

/**
 * True for a property the description types as a free object and refers, beside, to the model
 * it must amount to: `{anyOf: [{type: object, additionalProperties: true}, {type: null}], $ref}`
 * (the live agent PATCH's `conversation_config` and `platform_settings`). The service takes such a
 * value as a partial: it merges it into what it stores (null removes) and validates the result. So
 * a request is checked against the free object only, and the merged value against the model
 * ({@link validateMerged}): a partial needs no required member, no union tag, and may remove a
 * member that cannot be null.
 */
function isPartialOf(s: Schema): boolean {
  const free = (b: Schema) =>
    b.type === "object" && b.additionalProperties === true && b.properties === undefined;
  return typeof s.$ref === "string" && (unionBranches(s)?.some(free) ?? false);
}

/**
 * Issues of the merged values of a route's partial body members (see `isPartialOf`): `merged` maps
 * such a member the request sent to the stored value after merging the request into it.
 */
export function validateMerged(
  routeKey: string,
  merged: Record<string, unknown>,
  dialect: Dialect,
  options: RequestOptions = {},
): ValidationIssue[] {
  const desc = description(dialect);
  const schema = operation(dialect, routeKey)?.body?.content["application/json"];
  const body = schema && typeof schema.$ref === "string" ? resolveRef(desc, schema.$ref) : schema;
  const members = body && isPlainObject(body.properties) ? body.properties : {};
  return Object.entries(merged).flatMap(([k, v]) => {
    const p = members[k];
    if (!isPlainObject(p) || !isPartialOf(p) || typeof p.$ref !== "string") return [];
    return validateSchema(dialect, { $ref: p.$ref }, v, ["body", k], requestMode(options, false));
  });
}

/** How far a request is checked (the emulator's `acceptUnknownFields`). */
export interface RequestOptions {
  /** Fields the description does not list pass (and are stored) instead of answering `extra_forbidden`. */
  acceptUnknownFields?: boolean;
}

/** The mode of a request body: strict unless unknown fields are accepted. */
function requestMode(options: RequestOptions, form: boolean): ValidateMode {
  const mode = form ? FORM_MODE : REQUEST_MODE;
  return options.acceptUnknownFields === true ? { ...mode, strict: false } : mode;
}

/** A request body as the validator sees it: parsed JSON, or the fields and file parts of a form. */
export type BodyInput =
  | { kind: "none" }
  | { kind: "json"; value: unknown }
  | { kind: "form"; value: Record<string, string | UploadedFile> };

/**
 * Validate a request body of a route against a dialect's description: the route's `requestBody`
 * schema for the body's media type (JSON, or multipart/urlencoded form fields). Answers the issues
 * (empty when valid, or when the route takes no body). Exported so tests can re-check a request log.
 * With `acceptUnknownFields`, fields the description does not list pass.
 */
export function validateRequest(
  routeKey: string,
  body: BodyInput,
  dialect: Dialect,
  options: RequestOptions = {},
): ValidationIssue[] {
  const op = operation(dialect, routeKey);
  if (!op?.body) return [];
  const content = op.body.content;
  if (body.kind === "none") {
    return op.body.required ? [{ loc: ["body"], msg: "Field required", type: "missing" }] : [];
  }
  const schema =
    body.kind === "json"
      ? (content["application/json"] ??
        content["multipart/form-data"] ??
        content["application/x-www-form-urlencoded"])
      : (content["multipart/form-data"] ??
        content["application/x-www-form-urlencoded"] ??
        content["application/json"]);
  if (!schema) return [];
  return validateSchema(dialect, schema, body.value, ["body"], requestMode(options, body.kind !== "json"));
}

/**
 * Validate an answer against the route's answer schema for its status (unknown keys pass, as the
 * official SDK parses them). Empty when valid or when the description states no JSON answer.
 */
export function validateAnswer(
  routeKey: string,
  status: number,
  body: unknown,
  dialect: Dialect,
): ValidationIssue[] {
  const op = operation(dialect, routeKey);
  const schema = op?.answers[String(status)];
  if (!schema || Object.keys(schema).length === 0) return [];
  return validateSchema(dialect, schema, body, ["response"], ANSWER_MODE);
}
