/**
 * Invalid program inputs, generated from a resource's zod schema (through its JSON Schema, like
 * `arbitraries.ts`): starting from a valid value, every leaf the walk reaches gets one wrong value
 * its schema implies (an enum value outside the enum, a number past its bound, a blank or
 * mismatching string, a bad item, a value of the wrong type), and every object an unknown key, the
 * API's snake_case spelling of one of its keys and a typo of one. Each case is a whole argument
 * bag that is wrong at one place, with the property paths its failures must name.
 *
 * Also: packing cases into batches (one resource, many independent bad properties: the engine
 * prints every failure of the first resource that fails), and reading the failures out of the
 * engine's output.
 */
import fc from "fast-check";
import type { z } from "zod";
import { namedIssues, propertyPath } from "../../client/validate";
import { camelToSnake, snakeToCamel } from "../../client/wire";
import type { SchemaNode } from "../../codegen/openapi/spec";
import { jsonSchemaOf, validValue } from "./arbitraries";
import type { Args } from "./resources";

/** A path segment: a property name or an array index. */
export type Segment = string | number;

/** What kind of mistake a case makes. */
export type InvalidKind =
  | "enum"
  | "bound"
  | "pattern"
  | "length"
  | "type"
  | "unknown-key"
  | "wire-spelling"
  | "typo"
  | "rule";

/** One invalid input: a whole argument bag that is wrong at one place. */
export interface InvalidCase {
  /** How the report names it, e.g. `enum conversationConfig.asr.provider`. */
  readonly name: string;
  readonly kind: InvalidKind;
  /** The program's arguments. */
  readonly args: Args;
  /** Where the arguments are wrong (what no other case of a batch may touch); `[]`: everywhere. */
  readonly at: readonly Segment[];
  /** The properties the failures must name, as check writes them (`tags[0]`, `a.b.c`). */
  readonly paths: readonly string[];
  /** Text the failure naming the first path must contain (e.g. the "did you mean" of a typo). */
  readonly says?: string;
}

/** Where and how deep the walk goes. */
export interface WalkOptions {
  /** Longest property path that gets cases (segments). */
  readonly maxDepth?: number;
  /** Only paths for which this holds get cases (and are walked into). */
  readonly within?: (path: readonly Segment[]) => boolean;
}

/** The key no schema knows (far from every real key, so no suggestion is expected). */
export const UNKNOWN_KEY = "zzUnknownSetting";

const SAFE = Number.MAX_SAFE_INTEGER;

/** Edit distance, case-insensitive, a swap of neighbours counting one (as check measures closeness). */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? 0;
  for (let i = 1; i <= x.length; i++) {
    const row = d[i] as number[];
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(
        at(i - 1, j) + 1,
        at(i, j - 1) + 1,
        at(i - 1, j - 1) + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        row[j] = Math.min(at(i, j), at(i - 2, j - 2) + 1);
      }
    }
  }
  return at(x.length, y.length);
}

/** `value` with `v` at `path` (copies along the path; creates objects where missing). */
export function setAt(value: unknown, path: readonly Segment[], v: unknown): unknown {
  if (path.length === 0) return v;
  const [head, ...rest] = path as [Segment, ...Segment[]];
  if (typeof head === "number") {
    const arr = Array.isArray(value) ? [...value] : [];
    arr[head] = setAt(arr[head], rest, v);
    return arr;
  }
  const obj = isObject(value) ? { ...value } : {};
  obj[head] = setAt(obj[head], rest, v);
  return obj;
}

/** The value at `path` (`undefined` where the path leaves the value). */
function getAt(value: unknown, path: readonly Segment[]): unknown {
  let cur = value;
  for (const s of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<Segment, unknown>)[s];
  }
  return cur;
}

/** A plain object (not an array, not null). */
function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Walks one JSON Schema document, producing cases. */
class Walker {
  private readonly defs: Record<string, SchemaNode>;
  readonly cases: InvalidCase[] = [];

  constructor(
    root: SchemaNode,
    private readonly options: Required<WalkOptions>,
  ) {
    this.defs = root.$defs ?? {};
  }

  /** The node behind `$ref`s. */
  private deref(node: SchemaNode): SchemaNode {
    let n = node;
    for (let i = 0; n.$ref !== undefined && i < 50; i++) {
      const target = this.defs[n.$ref.replace("#/$defs/", "")];
      if (!target) throw new Error(`unresolved $ref ${n.$ref}`);
      n = target;
    }
    return n;
  }

  /** A union's alternatives (flattened), or the node itself. */
  private branches(node: SchemaNode): SchemaNode[] {
    const n = this.deref(node);
    const alts = n.anyOf ?? n.oneOf;
    if (alts) return alts.flatMap((b) => this.branches(b));
    return [n];
  }

  /** A valid value of `node` with only what it requires (deterministic). */
  private minimal(node: SchemaNode): unknown {
    const arb = validValue(
      { ...node, $defs: this.defs },
      { optionalPerObject: [0], maxDepth: 0, maxItems: 0 },
    );
    return fc.sample(arb, { numRuns: 1, seed: 42 })[0];
  }

  /** Records a case: `root` with `bad` at `path`. */
  private add(kind: InvalidKind, root: unknown, path: readonly Segment[], bad: unknown, says?: string): void {
    const at = propertyPath(path);
    this.cases.push({
      name: `${kind} ${at}`,
      kind,
      args: setAt(root, path, bad) as Args,
      at: path,
      paths: [at],
      ...(says ? { says } : {}),
    });
  }

  /** Cases for the object `node` whose valid value sits at `path` in `root`. */
  walkObject(node: SchemaNode, root: unknown, path: readonly Segment[]): void {
    const props = node.properties ?? {};
    const keys = Object.keys(props).sort();
    const value = getAt(root, path);
    if (!isObject(value)) return;
    const inside = (p: readonly Segment[]) => p.length <= this.options.maxDepth && this.options.within(p);
    if (inside([...path, UNKNOWN_KEY])) this.add("unknown-key", root, [...path, UNKNOWN_KEY], "x");
    // The API's spelling of a leaf key: check names the camelCase property it meant.
    const wire = keys.find((k) => {
      const snake = camelToSnake(k);
      const leaf = this.branches(props[k] ?? {}).every((b) => b.type !== "object" && b.type !== "array");
      return snake !== k && snakeToCamel(snake) === k && !(snake in props) && leaf;
    });
    if (wire !== undefined && inside([...path, wire])) {
      const v = value[wire] ?? this.minimal(props[wire] ?? {});
      this.add(
        "wire-spelling",
        root,
        [...path, camelToSnake(wire)],
        v,
        `did you mean ${propertyPath([...path, wire])}?`,
      );
    }
    // A letter dropped from a key: check names the key when it is the one closest.
    for (const k of keys) {
      if (k.length < 6 || !inside([...path, k])) continue;
      const typo = k.slice(0, 2) + k.slice(3);
      const limit = Math.max(1, Math.floor(typo.length / 4));
      const ds = keys.map((o) => ({ o, d: distance(typo, o) })).sort((a, b) => a.d - b.d);
      const [first, second] = ds;
      if (typo in props || snakeToCamel(typo) !== typo || !first || first.o !== k || first.d > limit)
        continue;
      if (second && second.d === first.d) continue;
      this.add(
        "typo",
        root,
        [...path, typo],
        value[k] ?? this.minimal(props[k] ?? {}),
        `did you mean ${propertyPath([...path, k])}?`,
      );
      break;
    }
    for (const k of keys) {
      const child = props[k] ?? {};
      const p = [...path, k];
      if (inside(p)) this.walkProperty(child, root, p);
    }
  }

  /** Cases for the property at `path` (its schema `node`). */
  private walkProperty(node: SchemaNode, root: unknown, path: readonly Segment[]): void {
    const current = getAt(root, path);
    const branches = this.branches(node);
    if (branches.length > 1) {
      const tag = discriminator(branches);
      if (tag === undefined) {
        this.add("type", root, path, 12345);
        return;
      }
      const chosen =
        branches.find((b) => isObject(current) && current[tag] === b.properties?.[tag]?.const) ?? branches[0];
      if (chosen) this.walkObjectProperty(chosen, root, path, current);
      return;
    }
    const n = branches[0] ?? {};
    if (n.const !== undefined) {
      this.add("enum", root, path, typeof n.const === "string" ? `${n.const}_x` : 999);
      return;
    }
    if (Array.isArray(n.enum)) {
      const numeric = n.enum.every((e) => typeof e === "number");
      this.add("enum", root, path, numeric ? Math.max(...(n.enum as number[])) + 10 : "not_an_option");
      return;
    }
    switch (n.type) {
      case "boolean":
        this.add("type", root, path, "yes");
        return;
      case "integer":
      case "number":
        this.numberCases(n, root, path);
        return;
      case "string":
        this.stringCases(n, root, path);
        return;
      case "array":
        this.arrayCases(n, root, path);
        return;
      case "object":
        if (n.properties) this.walkObjectProperty(n, root, path, current);
        else this.add("type", root, path, "not-a-map");
        return;
      default:
        return;
    }
  }

  /** Walks into an object property, made from its required properties where the value has none. */
  private walkObjectProperty(n: SchemaNode, root: unknown, path: readonly Segment[], current: unknown): void {
    const value = isObject(current) ? current : this.minimal(n);
    this.walkObject(n, setAt(root, path, value), path);
  }

  /** A number past its bound (the upper one where there is one), else a fraction or a string. */
  private numberCases(n: SchemaNode, root: unknown, path: readonly Segment[]): void {
    const bounded = (b: number | undefined) => (b !== undefined && Math.abs(b) < SAFE ? b : undefined);
    const max = bounded(n.maximum);
    const min = bounded(n.minimum);
    const xmax = bounded(n.exclusiveMaximum);
    const xmin = bounded(n.exclusiveMinimum);
    if (max !== undefined) this.add("bound", root, path, max + 1);
    else if (xmax !== undefined) this.add("bound", root, path, xmax);
    else if (min !== undefined) this.add("bound", root, path, min - 1);
    else if (xmin !== undefined) this.add("bound", root, path, xmin);
    else if (n.type === "integer") this.add("type", root, path, 0.5);
    else this.add("type", root, path, "12");
  }

  /** A blank or mismatching string for a pattern, else one too short or too long, else a number. */
  private stringCases(n: SchemaNode, root: unknown, path: readonly Segment[]): void {
    const re = n.pattern === undefined ? undefined : new RegExp(n.pattern);
    const bad = re && ["   ", "", "!! no match !!", "\u00e9\u00e9"].find((x) => !re.test(x));
    if (bad !== undefined) this.add("pattern", root, path, bad);
    else if ((n.minLength ?? 0) >= 1) this.add("length", root, path, "");
    else if (n.maxLength !== undefined) this.add("length", root, path, "x".repeat(n.maxLength + 1));
    else this.add("type", root, path, 42);
  }

  /** A bad item where items are constrained, else too many items, else not a list. */
  private arrayCases(n: SchemaNode, root: unknown, path: readonly Segment[]): void {
    const items = this.branches(n.items ?? {});
    const item = items.length === 1 ? items[0] : undefined;
    const badItem =
      item && (Array.isArray(item.enum) ? "not_an_option" : item.pattern !== undefined ? "   " : undefined);
    if (item && badItem !== undefined && !new RegExp(item.pattern ?? "$^").test(badItem)) {
      this.add("pattern", root, [...path, 0], badItem);
    } else if (n.maxItems !== undefined && n.maxItems < 30) {
      const one = this.minimal(n.items ?? {});
      const many = Array.from({ length: n.maxItems + 1 }, (_, i) =>
        typeof one === "string" ? `${one}${i}` : one,
      );
      this.add("bound", root, path, many);
    } else {
      this.add("type", root, path, "not-a-list");
    }
  }
}

/** The property every branch fixes with a `const` (a discriminated union's tag), if any. */
function discriminator(branches: readonly SchemaNode[]): string | undefined {
  const first = branches[0];
  if (!first?.properties) return undefined;
  return Object.keys(first.properties).find((k) =>
    branches.every((b) => b.type === "object" && b.properties?.[k]?.const !== undefined),
  );
}

/**
 * Invalid cases for a resource: `base` (a valid argument bag) with one wrong property each,
 * generated from `schema` (the resource's zod schema). Only cases the schema itself rejects at
 * exactly their path are kept (zod is the judge, not the provider's check); `dropped` counts the
 * rest (generator artefacts such as a union that accepts the "wrong" type).
 */
export function invalidCases(
  schema: z.ZodType,
  base: Args,
  options: WalkOptions = {},
): { cases: InvalidCase[]; dropped: InvalidCase[] } {
  const root = jsonSchemaOf(schema);
  const walker = new Walker(root, { maxDepth: 4, within: () => true, ...options });
  walker.walkObject(root, base, []);
  const cases: InvalidCase[] = [];
  const dropped: InvalidCase[] = [];
  const seen = new Set<string>();
  for (const c of walker.cases) {
    const key = JSON.stringify(c.args);
    if (seen.has(key)) continue;
    seen.add(key);
    const named = zodPaths(schema, c.args);
    (named.length > 0 && named.every((p) => c.paths.includes(p)) ? cases : dropped).push(c);
  }
  return { cases, dropped };
}

/** The property paths zod names for `args` (unknown keys one each). */
export function zodPaths(schema: z.ZodType, args: Args): string[] {
  const r = schema.safeParse(args);
  return r.success ? [] : [...new Set(namedIssues(r.error).map((i) => i.path))];
}

/**
 * A case written by hand (a class of mistake the schema walk cannot make): `base` with `bad` at
 * `at` (`undefined`: without the property at `at`), failing at `paths` (default: the property at
 * `at`).
 */
export function handCase(
  kind: InvalidKind,
  base: Args,
  at: readonly Segment[],
  bad: unknown,
  options: { paths?: readonly string[]; says?: string; name?: string } = {},
): InvalidCase {
  const paths = options.paths ?? [propertyPath(at)];
  return {
    name: `${kind} ${options.name ?? paths.join(" + ")}`,
    kind,
    args: (bad === undefined ? withoutAt(base, at) : setAt(base, at, bad)) as Args,
    at,
    paths,
    ...(options.says ? { says: options.says } : {}),
  };
}

/** `value` without the property at `path`. */
function withoutAt(value: unknown, path: readonly Segment[]): unknown {
  const [head, ...rest] = path;
  if (head === undefined || !isObject(value)) return value;
  const key = String(head);
  if (rest.length === 0) {
    const out = { ...value };
    delete out[key];
    return out;
  }
  return { ...value, [key]: withoutAt(value[key], rest) };
}

/** Cases packed into one resource's arguments: their paths are independent and none hides another. */
export interface Batch {
  readonly cases: InvalidCase[];
  readonly args: Args;
}

const isPrefix = (a: readonly Segment[], b: readonly Segment[]) => a.every((s, i) => b[i] === s);
const samePath = (a: readonly Segment[], b: readonly Segment[]) => a.length === b.length && isPrefix(a, b);

/**
 * A batch's arguments and one more case's merged: where a member of the batch (`batchAt`) or the
 * extra case (`extraAt`) is wrong, its value wins (or its removal); elsewhere the two must agree
 * (objects merge). `undefined` when they cannot be merged: the wrong places overlap, or the two
 * disagree elsewhere (e.g. they picked different kinds of tool).
 */
export function merge(
  batch: unknown,
  batchAt: readonly (readonly Segment[])[],
  extra: unknown,
  extraAt: readonly Segment[],
): unknown {
  if (batchAt.some((b) => isPrefix(b, extraAt) || isPrefix(extraAt, b))) return undefined;
  const conflict = Symbol("conflict");
  const go = (a: unknown, b: unknown, path: readonly Segment[]): unknown => {
    if (samePath(path, extraAt)) return b;
    if (batchAt.some((p) => samePath(p, path))) return a;
    if (Array.isArray(a) && Array.isArray(b)) {
      const out: unknown[] = [];
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const m = i >= b.length ? a[i] : i >= a.length ? b[i] : go(a[i], b[i], [...path, i]);
        if (m === conflict) return conflict;
        out.push(m);
      }
      return out;
    }
    if (isObject(a) && isObject(b)) {
      const out: Record<string, unknown> = {};
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
        const here = [...path, k];
        const m = !(k in b)
          ? samePath(here, extraAt)
            ? undefined
            : a[k]
          : !(k in a)
            ? batchAt.some((p) => samePath(p, here))
              ? undefined
              : b[k]
            : go(a[k], b[k], here);
        if (m === conflict) return conflict;
        if (m !== undefined) out[k] = m;
      }
      return out;
    }
    return JSON.stringify(a) === JSON.stringify(b) ? a : conflict;
  };
  const merged = go(batch, extra, []);
  return merged === conflict ? undefined : merged;
}

/**
 * Packs `cases` into as few batches as possible (first fit): a case joins a batch when the merged
 * arguments still fail at exactly the union of the members' paths, as `judge` (the provider's own
 * check, in process) sees them. A case `judge` does not name at all gets a batch of its own, so the
 * engine run shows the miss.
 */
export async function pack(
  cases: readonly InvalidCase[],
  judge: (args: Args) => Promise<string[]>,
): Promise<Batch[]> {
  const batches: Batch[] = [];
  const same = (a: readonly string[], b: readonly string[]) => {
    const x = new Set(a);
    const y = new Set(b);
    return x.size === y.size && [...x].every((p) => y.has(p));
  };
  for (const c of cases) {
    let placed = false;
    for (const [i, b] of batches.entries()) {
      const args = merge(
        b.args,
        b.cases.map((x) => x.at),
        c.args,
        c.at,
      );
      if (!isObject(args)) continue;
      if (same(await judge(args), [...b.cases.flatMap((x) => x.paths), ...c.paths])) {
        batches[i] = { cases: [...b.cases, c], args };
        placed = true;
        break;
      }
    }
    if (!placed) batches.push({ cases: [c], args: c.args });
  }
  return batches;
}

/**
 * The property a check failure's text names: `unknown property '<path>'`, `<path>: ...` or
 * `<path> exists only ...` (for a whole resource refused, its type name).
 */
export function reasonPath(reason: string): string {
  const p = /^(?:unknown property '([^']+)'|([^\s:;]+)(?::| exists))/.exec(reason);
  return p?.[1] ?? p?.[2] ?? reason;
}

/** A failure as the engine printed it: the property path its text names, and the text. */
export interface PrintedFailure {
  readonly path: string;
  readonly reason: string;
}

/**
 * The check failures in an engine's output (`... has a problem: <reason>` lines, each failure
 * once). The path is what the reason names: `unknown property '<path>'`, `<path>: ...` or
 * `<path> exists only ...`; a failure of the resource as a whole (e.g. `Tool exists only in the
 * live API dialect`) names the resource's type.
 */
export function printedFailures(output: string): PrintedFailure[] {
  const seen = new Map<string, PrintedFailure>();
  for (const line of output.split("\n")) {
    const m = / has a problem: (.*)$/.exec(line);
    if (!m?.[1]) continue;
    const reason = m[1].trim();
    seen.set(reason, { path: reasonPath(reason), reason });
  }
  return [...seen.values()];
}
