/**
 * Renders `docs/reference/agent.md` from the package schema (`schema.json`): every setting of the
 * `Agent` resource, a table per group (an object type at the place it is first met, breadth-first
 * from the resource's inputs), groups in reading order (depth first, the settings people use
 * most first, see `FIRST`). Columns: the camelCase path, the type (kind, values, range, default,
 * and the legacy dialect's own rules), what it does (the first sentence of the hand-written text)
 * and the dialect, where only one has the setting (read from the notes `openapi/dialectMerge.ts`
 * writes). Enums with many values are listed once at the end. Run by `make codegen`; a test fails
 * when the committed file differs.
 */
import { factSentences } from "./openapi/describe";
import { IN_LEGACY, LEGACY_ONLY, LIVE_ONLY, REQUIRED_IN_LEGACY } from "./openapi/dialectMerge";
import {
  ANY_REF,
  type ObjectTypeSpec,
  type PackageSchema,
  type PropertySpec,
  TOKEN_PREFIX,
  type TypeSpec,
} from "./schema";

/** Properties listed first in their table (and their groups first), in this order; the rest follow. */
const FIRST: readonly string[] = [
  "name",
  "tags",
  "conversationConfig",
  "platformSettings",
  "workflow",
  "agent",
  "prompt",
  "firstMessage",
  "language",
  "llm",
  "tts",
  "asr",
  "turn",
  "conversation",
  "vad",
  "languagePresets",
];

/** Enums with more values than this are listed at the end, not in the table. */
const INLINE_VALUES = 12;

type Dialect = "live" | "legacy";

/** A description taken apart: the text, the facts, and the dialect notes. */
interface Parsed {
  /** The first sentence of the hand-written text ("" when there is none). */
  readonly summary: string;
  readonly deprecated: boolean;
  readonly facts: readonly string[];
  /** Where only one dialect has the setting. */
  readonly dialect?: Dialect;
  /** The legacy dialect's own rules for a shared setting. */
  readonly legacyRules?: string;
  readonly requiredInLegacy: boolean;
}

/** Splits a description written by `describe` and `mergeLegacy`. */
function parse(description: string | undefined): Parsed {
  let lines = (description ?? "").split("\n");
  let dialect: Dialect | undefined;
  if (lines[0]?.startsWith(LEGACY_ONLY)) {
    dialect = "legacy";
    lines = [(lines[0] as string).slice(LEGACY_ONLY.length).trim(), ...lines.slice(1)];
  }
  if (lines.includes(LIVE_ONLY)) dialect = "live";
  const legacyRules = lines
    .find((l) => l.startsWith(IN_LEGACY))
    ?.slice(IN_LEGACY.length)
    .trim();
  const factLine = lines.find((l) => l.startsWith("Wire field "));
  const notes = new Set([LIVE_ONLY, REQUIRED_IN_LEGACY]);
  const text = lines.find((l) => l !== "" && l !== factLine && !notes.has(l) && !l.startsWith(IN_LEGACY));
  const deprecated = text?.startsWith("Deprecated.") ?? false;
  const own = (deprecated ? text?.slice("Deprecated.".length).trim() : text) ?? "";
  const summary = own === "" ? "" : ((own.split(/(?<=\.)\s+(?=[A-Z`])/)[0] as string) ?? "");
  return {
    summary,
    deprecated,
    facts: factLine ? factSentences(factLine) : [],
    ...(dialect ? { dialect } : {}),
    ...(legacyRules ? { legacyRules } : {}),
    requiredInLegacy: lines.includes(REQUIRED_IN_LEGACY),
  };
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, "")
    .replace(/ /g, "-");
}

const cell = (s: string): string => s.replaceAll("|", "\\|").replaceAll("\n", " ");
const code = (v: unknown): string => `\`${typeof v === "string" ? v : JSON.stringify(v)}\``;
const lower = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
const tokenName = (ref: string): string => ref.replace(`#/types/${TOKEN_PREFIX}`, "");

/** Properties in reading order: `FIRST` first, then as the schema lists them. */
function ordered(properties: Record<string, PropertySpec>): [string, PropertySpec][] {
  const rank = (k: string) => {
    const i = FIRST.indexOf(k);
    return i < 0 ? FIRST.length : i;
  };
  return Object.entries(properties)
    .map((e, i) => [e, i] as const)
    .sort(([[a], i], [[b], j]) => rank(a) - rank(b) || i - j)
    .map(([e]) => e);
}

/** A place a property leads to an object type: the path suffix and the type's token. */
interface Child {
  readonly suffix: string;
  readonly token: string;
  /** List, map and union steps on the way. */
  readonly hops: number;
  /** For a union branch: the tag and its value, or the type's name. */
  readonly branch?: string;
}

/** The object types a property holds (through arrays, maps and unions), with the path to each. */
function children(p: PropertySpec, types: Record<string, TypeSpec>, suffix = "", hops = 0): Child[] {
  if (p.$ref && p.$ref !== ANY_REF) {
    const token = p.$ref.replace("#/types/", "");
    return types[token]?.type === "object" ? [{ suffix, token, hops }] : [];
  }
  if (p.oneOf) {
    const tags = Object.entries(p.discriminator?.mapping ?? {});
    return p.oneOf.flatMap((b) =>
      children(b, types, suffix, hops + 1).map((c) => {
        if (c.suffix !== suffix || c.branch !== undefined) return c;
        const tag = tags.find(([, ref]) => ref === b.$ref);
        const branch = tag ? `${p.discriminator?.propertyName} = ${tag[0]}` : tokenName(`#/types/${c.token}`);
        return { ...c, branch };
      }),
    );
  }
  if (p.type === "array" && p.items) return children(p.items, types, `${suffix}[]`, hops + 1);
  if (p.type === "object" && p.additionalProperties)
    return children(p.additionalProperties, types, `${suffix}.<key>`, hops + 1);
  return [];
}

/** Renders the reference of resource `name` (default `Agent`) from the package schema. */
export function agentReference(schema: PackageSchema, name = "Agent"): string {
  const { types } = schema;
  const resource = schema.resources[`${TOKEN_PREFIX}${name}`];
  if (!resource) throw new Error(`schema.json has no resource ${name}`);
  const root: ObjectTypeSpec = {
    type: "object",
    properties: resource.inputProperties,
    required: resource.requiredInputs,
  };

  // 1. Where each object type is first met: the most direct path (fewest list, map and union
  //    steps, then fewest segments; ties to the earlier in reading order), as the generator places
  //    types on the wire. Its section is there; other places link to it.
  const home = new Map<string, string>();
  const best = new Map<string, { path: string; cost: [number, number, number] }>();
  const less = (a: readonly number[], b: readonly number[]): boolean => {
    const i = a.findIndex((x, j) => x !== b[j]);
    return i >= 0 && (a[i] as number) < (b[i] as number);
  };
  let seq = 0;
  const offer = (token: string, path: string, hops: number) => {
    const cost: [number, number, number] = [hops, path.split(".").length, seq++];
    const old = best.get(token);
    if (!home.has(token) && (!old || less(cost, old.cost))) best.set(token, { path, cost });
  };
  const expand = (t: ObjectTypeSpec, path: string, hops: number) => {
    for (const [k, p] of ordered(t.properties))
      for (const c of children(p, types))
        offer(c.token, `${path === "" ? k : `${path}.${k}`}${c.suffix}`, hops + c.hops);
  };
  expand(root, "", 0);
  for (;;) {
    let next: [string, { path: string; cost: [number, number, number] }] | undefined;
    for (const e of best) if (!next || less(e[1].cost, next[1].cost)) next = e;
    if (!next) break;
    const [token, { path, cost }] = next;
    best.delete(token);
    home.set(token, path);
    expand(types[token] as ObjectTypeSpec, path, cost[0]);
  }

  // 2. Headings and their anchors, in the order the sections are written (depth first).
  const anchors = new Map<string, string>();
  const used = new Map<string, number>();
  const anchor = (heading: string): string => {
    const base = slug(heading);
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    return n === 0 ? base : `${base}-${n}`;
  };
  const heading = (token: string, branch?: string): string =>
    `${home.get(token)}${branch ? ` (${branch})` : ""}`;

  const bigEnums = new Set<string>();
  const typeCell = (p: PropertySpec, required: boolean, parsed: Parsed): string => {
    const kind = kindOf(p);
    const rules = parsed.facts.filter(
      (f) =>
        !/^(One of|Always|Keys are yours|Keys:)/.test(f) && !(kind.startsWith("integer") && f === "Integer."),
    );
    return [
      kind,
      ...(required ? ["required"] : []),
      ...rules.map((f) => lower(f).replace(/\.$/, "")),
      ...(parsed.requiredInLegacy ? ["required in legacy"] : []),
      ...(parsed.legacyRules ? [`legacy: ${parsed.legacyRules.replace(/\.$/, "")}`] : []),
    ].join("; ");
  };
  const link = (token: string): string => `[${tokenName(`#/types/${token}`)}](#${anchors.get(token) ?? ""})`;
  function kindOf(p: PropertySpec): string {
    if (p.$ref === ANY_REF) return "any JSON";
    if (p.$ref) {
      const token = p.$ref.replace("#/types/", "");
      const t = types[token];
      if (t?.type === "object") return link(token);
      if (!t) return "?";
      if (t.enum.length > INLINE_VALUES) {
        bigEnums.add(token);
        return `[${tokenName(p.$ref)}](#${slug(tokenName(p.$ref))}) (${t.enum.length} values)`;
      }
      return t.enum
        .map((e) => `${code(e.value)}${e.description === LEGACY_ONLY ? " (legacy)" : ""}`)
        .join(" | ");
    }
    if (p.const !== undefined) return code(p.const);
    if (p.oneOf) {
      const by = p.discriminator ? ` by ${code(p.discriminator.propertyName)}` : "";
      return `one of${by}: ${p.oneOf.map(kindOf).join(", ")}`;
    }
    if (p.type === "array") return `list of ${kindOf(p.items ?? { $ref: ANY_REF })}`;
    if (p.type === "object")
      return `map of ${kindOf(p.additionalProperties ?? { $ref: ANY_REF })} by your keys`;
    return p.type ?? "?";
  }

  const sections: {
    token?: string;
    level: number;
    depth: number;
    heading: string;
    anchor: string;
    render: () => string;
  }[] = [];
  const visited = new Set<string>();

  function table(t: ObjectTypeSpec, path: string, inherited: Dialect | undefined): string {
    const rows = ordered(t.properties).map(([k, p]) => {
      const parsed = parse(p.description);
      const dialect = inherited ?? parsed.dialect;
      const what = [
        ...(parsed.deprecated ? ["Deprecated."] : []),
        ...(parsed.summary ? [parsed.summary] : []),
      ].join(" ");
      return `| ${code(path === "" ? k : `${path}.${k}`)} | ${cell(typeCell(p, (t.required ?? []).includes(k), parsed))} | ${cell(what || "—")} | ${dialect ?? ""} |`;
    });
    return ["| Property | Type | What it does | Dialect |", "|---|---|---|---|", ...rows].join("\n");
  }

  function visit(
    token: string | undefined,
    t: ObjectTypeSpec,
    path: string,
    inherited?: Dialect,
    branch?: string,
  ): void {
    if (token) visited.add(token);
    const h = token ? heading(token, branch) : name;
    // `conversationConfig` and the resource itself are groups of the first level, `.agent` of the second.
    const depth = path === "" ? 0 : path.replaceAll(".<key>", "").split(".").length - 1;
    const section = { level: 2 + Math.min(depth, 2), depth, heading: h, anchor: anchor(h), render: () => "" };
    if (token) {
      section.render = () => {
        const dialect = inherited ? ` Only in the ${inherited} dialect.` : "";
        return `${t.description?.split("\n")[0] ?? ""} Type \`${tokenName(`#/types/${token}`)}\`.${dialect}\n\n${table(t, path, inherited)}`;
      };
      anchors.set(token, section.anchor);
    } else section.render = () => `${resource?.description ?? ""}\n\n${table(t, path, inherited)}`;
    sections.push(token ? { token, ...section } : section);
    for (const [k, p] of ordered(t.properties)) {
      const dialect = inherited ?? parse(p.description).dialect;
      for (const c of children(p, types)) {
        const at = `${path === "" ? k : `${path}.${k}`}${c.suffix}`;
        if (visited.has(c.token) || home.get(c.token) !== at) continue;
        visit(c.token, types[c.token] as ObjectTypeSpec, at, dialect, c.branch);
      }
    }
  }
  visit(undefined, root, "");

  const contents = sections
    .filter((s) => s.depth <= 2)
    .map((s) => `${"  ".repeat(s.depth)}- [${s.heading}](#${s.anchor})`);
  const body = sections.map((s) => `${"#".repeat(s.level)} ${s.heading}\n\n${s.render()}\n`);
  const enums = [...bigEnums].sort().map((token) => {
    const t = types[token] as Exclude<TypeSpec, ObjectTypeSpec>;
    const values = t.enum.map((e) => `${code(e.value)}${e.description === LEGACY_ONLY ? " (legacy)" : ""}`);
    return `### ${tokenName(`#/types/${token}`)}\n\n${t.description?.split("\n")[0] ?? ""}\n\n${values.join(", ")}\n`;
  });
  const settings = sections.length;
  return [
    `# ${name} reference`,
    "",
    "<!-- GENERATED by codegen/agentReference.ts from schema.json; do not edit. Run `make codegen`. -->",
    "",
    `Every setting of \`elevenlabs.${name}\`, a table per group (${settings} groups). ` +
      "**Type** gives the kind, the values or the range, the default, and where the legacy dialect has rules of its own (`legacy: ...`). " +
      "**What it does** is the first sentence of the description your editor shows (`—` where the setting has no text of its own yet: its tooltip still gives the API's field name and the rules). " +
      "**Dialect** says where only one dialect has a setting: `live` (the default) or `legacy` (`elevenlabs:apiDialect=legacy`); " +
      "a setting of the other dialect fails the provider's check. Everything below a setting belongs to its dialect too.",
    "",
    "## Contents",
    "",
    ...contents,
    ...(enums.length ? ["- [Values of the longer enums](#values-of-the-longer-enums)"] : []),
    "",
    ...body,
    ...(enums.length ? ["## Values of the longer enums", "", ...enums] : []),
  ].join("\n");
}
