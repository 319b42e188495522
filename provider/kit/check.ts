/**
 * Check failures that help: every failure names its property as programs write it; an unknown
 * property says which known one was probably meant (a typo, or the API's own snake_case spelling);
 * values the engine does not know yet are not judged; and no failure makes the engine print a
 * secret (the engine prints the value of a top-level property a failure names, secret or not, so
 * failures name their property in their text only).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { namedIssues, propertyPath } from "../../client/validate";
import { isPlainObject, type PlainObject, snakeToCamel, valueAt } from "../../client/wire";
import { pendingPaths } from "./converge";

/** The schema behind wrappers (optional, nullable, default, lazy, pipe). */
function unwrap(schema: z.ZodType): z.ZodType {
  let s: z.ZodType = schema;
  for (let i = 0; i < 32; i++) {
    const inner = unwrap1(s);
    if (inner === s) return s;
    s = inner;
  }
  return s;
}

/** The schemas a value at `segments` may match (several under unions). */
function schemasAt(schema: z.ZodType, segments: readonly PropertyKey[]): z.ZodType[] {
  const s = unwrap(schema);
  if (s instanceof z.ZodUnion) {
    return (s.options as z.ZodType[]).flatMap((o) => schemasAt(o, segments));
  }
  if (segments.length === 0) return [s];
  const [head, ...rest] = segments;
  if (s instanceof z.ZodObject) {
    const child = (s.shape as Record<string, z.ZodType>)[String(head)];
    return child ? schemasAt(child, rest) : [];
  }
  if (s instanceof z.ZodArray) return typeof head === "number" ? schemasAt(s.element as z.ZodType, rest) : [];
  if (s instanceof z.ZodRecord) return schemasAt(s._zod.def.valueType as z.ZodType, rest);
  return [];
}

/** The property names an object at `segments` may have (empty where any key goes or none does). */
export function knownKeys(schema: z.ZodType, segments: readonly PropertyKey[]): string[] {
  const keys = new Set<string>();
  for (const s of schemasAt(schema, segments)) {
    if (s instanceof z.ZodObject) for (const k of Object.keys(s.shape)) keys.add(k);
  }
  return [...keys];
}

/**
 * Edits from `a` to `b`, case-insensitive: insertions, deletions, substitutions, and swaps of two
 * neighbouring letters (`valeu` is one edit from `value`, the typo it usually is).
 */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? 0;
  for (let i = 1; i <= x.length; i++) {
    const row = d[i] as number[];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      row[j] = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        row[j] = Math.min(at(i, j), at(i - 2, j - 2) + 1);
      }
    }
  }
  return at(x.length, y.length);
}

/** `{auth: {enable_auth: true}}` -> `auth.enableAuth`: the first leaf of a value, in camelCase. */
function firstLeaf(v: unknown): string {
  if (!isPlainObject(v)) return "";
  const [k, x] = Object.entries(v)[0] ?? [];
  if (k === undefined) return "";
  const rest = firstLeaf(x);
  return rest ? `${snakeToCamel(k)}.${rest}` : snakeToCamel(k);
}

/**
 * What an unknown property probably meant: the camelCase spelling of an API (snake_case) name,
 * down to the first leaf of its value (`platform_settings: {auth: {enable_auth}}` ->
 * `platformSettings.auth.enableAuth`), or the closest known name.
 */
export function suggestion(
  schema: z.ZodType,
  segments: readonly PropertyKey[],
  value: unknown,
): string | undefined {
  const parent = segments.slice(0, -1);
  const key = String(segments[segments.length - 1] ?? "");
  const known = knownKeys(schema, parent);
  const camel = snakeToCamel(key);
  if (camel !== key && known.includes(camel)) {
    const leaf = firstLeaf(value);
    return propertyPath([...parent, camel]) + (leaf ? `.${leaf}` : "");
  }
  const limit = Math.max(1, Math.floor(key.length / 4));
  const close = known
    .map((k) => ({ k, d: distance(key, k) }))
    .filter((c) => c.d <= limit)
    .sort((a, b) => a.d - b.d)[0];
  return close ? propertyPath([...parent, close.k]) : undefined;
}

/**
 * Validates `args` with `schema`. Every failure names its property; values the engine does not know
 * yet (preview of dependent resources) are not judged.
 */
export function checkInputs(schema: z.ZodType, args: PlainObject): dynamic.CheckFailure[] {
  const parsed = schema.safeParse(args);
  if (parsed.success) return [];
  const pending = pendingPaths(args);
  const waiting = (p: string) =>
    pending.some((u) => p === u || p.startsWith(`${u}.`) || p.startsWith(`${u}[`) || u.startsWith(`${p}.`));
  return namedIssues(parsed.error)
    .filter((i) => !waiting(i.path))
    .map((i) => {
      if (!i.unknownKey) return { property: i.path || "(inputs)", reason: `${i.path}: ${i.message}` };
      const meant = suggestion(schema, i.segments, valueAt(args, i.segments));
      return {
        property: i.path,
        reason: `unknown property '${i.path}'${meant ? `; did you mean ${meant}?` : ""}`,
      };
    });
}

/**
 * Where a schema marks values secret (`.meta({ secret: true })`), as dotted property paths (e.g.
 * `toolConfig.apiSchema.requestHeaders`), for a resource's `secretPaths`. Objects and unions are
 * followed; arrays and maps are not (their paths have a variable segment).
 */
export function secretPathsOf(schema: z.ZodType): string[] {
  const found = new Set<string>();
  const visit = (s: z.ZodType, path: readonly string[], depth: number): void => {
    if (depth > 16) return;
    let cur: z.ZodType = s;
    for (let i = 0; i < 32; i++) {
      if (z.globalRegistry.get(cur)?.secret === true && path.length > 0) {
        found.add(path.join("."));
        return;
      }
      const inner = unwrap1(cur);
      if (inner === cur) break;
      cur = inner;
    }
    if (cur instanceof z.ZodUnion) {
      for (const o of cur.options as z.ZodType[]) visit(o, path, depth + 1);
    } else if (cur instanceof z.ZodObject) {
      for (const [k, child] of Object.entries(cur.shape as Record<string, z.ZodType>)) {
        visit(child, [...path, k], depth + 1);
      }
    }
  };
  visit(schema, [], 0);
  return [...found];
}

/** One wrapper (optional, nullable, default, lazy, pipe) off a schema; the schema itself when none. */
function unwrap1(s: z.ZodType): z.ZodType {
  if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) {
    return s.unwrap() as z.ZodType;
  }
  if (s instanceof z.ZodLazy) return s._zod.def.getter() as z.ZodType;
  if (s instanceof z.ZodPipe) return s._zod.def.in as z.ZodType;
  return s;
}

/** The strings inside a value (object values, array items), at any depth. */
function stringsIn(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(stringsIn);
  if (isPlainObject(v)) return Object.values(v).flatMap(stringsIn);
  return [];
}

/**
 * Failures as the engine should get them: none names a property. The engine prints
 * `property X value V has a problem` for a failure naming a top-level property X, with the value
 * the program passed, and it prints secrets too: the provider cannot know which values the program
 * passed as secrets (a dynamic provider gets them unwrapped), and a secret may sit under a
 * misspelled or unknown property (`valeu`, `twilio_config`) that no rule marks secret. So every
 * failure names its property in its text only (the engine names the resource). Values of the
 * resource's secret properties are also blanked out of the text, should a reason ever quote them.
 */
export function presentable(
  failures: readonly dynamic.CheckFailure[],
  inputs: PlainObject,
  secretKeys: readonly string[],
): dynamic.CheckFailure[] {
  const secrets = secretKeys
    .flatMap((k) => stringsIn(inputs[k]))
    .filter((s) => s.length >= 4)
    .sort((a, b) => b.length - a.length);
  return failures.map((f) => ({
    property: "",
    reason: secrets.reduce((text, s) => text.split(s).join("(hidden)"), f.reason),
  }));
}
