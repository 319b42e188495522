/**
 * One program type for both dialects. Programs are written once; the provider validates each with
 * its dialect's own schema (`provider/generated/live.ts` or `legacy.ts`). What users read (the
 * package schema, the SDK's types, the reference) describes the live agent, the default, and adds
 * what exists only in the legacy one, found by walking both program schemas (their JSON Schemas)
 * together from the root:
 *
 * - a property only the legacy schema has is added, its description opening with `LEGACY_ONLY`;
 *   the legacy types it reaches come along under their own (`Legacy...`) ids;
 * - an enum gains the legacy-only values, noted on the enum (`enumDescriptions`) and the property;
 * - a property both have, whose legacy rules say more (a range, other values, a pattern), gets a
 *   line `IN_LEGACY ...` with the legacy facts the live ones lack; one the legacy dialect requires
 *   and the live one does not gets `REQUIRED_IN_LEGACY`;
 * - a property only the live schema has, inside an object both have, gets `LIVE_ONLY` (once, where
 *   the dialects part: everything below it is live-only too).
 *
 * Where the types differ otherwise (a free string in legacy, an enum in live), the live type wins:
 * the merge is for types and docs, and the live dialect is the default.
 */
import { factSentences } from "./describe";
import type { SchemaNode } from "./spec";

/** The setting that selects the legacy dialect, as notes name it. */
export const LEGACY_SETTING = "elevenlabs:apiDialect=legacy";
/** Opens the description of a setting only the legacy dialect has. */
export const LEGACY_ONLY = `Legacy dialect only (${LEGACY_SETTING}).`;
/** Closes the description of a setting only the live dialect has. */
export const LIVE_ONLY = `Live dialect only: the legacy dialect (${LEGACY_SETTING}) has no such setting.`;
/** Opens the line of a shared setting's legacy-only rules. */
export const IN_LEGACY = `In the legacy dialect (${LEGACY_SETTING}):`;
/** Closes the description of a setting the legacy dialect requires and the live one does not. */
export const REQUIRED_IN_LEGACY = `Required in the legacy dialect (${LEGACY_SETTING}).`;

/** What a merge added, by camelCase path from the root (`conversationConfig.stt`). */
export interface MergeReport {
  /** Properties only the legacy schema has. */
  readonly legacyOnly: string[];
  /** Properties only the live schema has, where the dialects part. */
  readonly liveOnly: string[];
  /** Shared properties with legacy rules the live ones lack: `path: facts`. */
  readonly legacyRules: string[];
  /** Enum values only the legacy schema has: `path: values`. */
  readonly legacyValues: string[];
  /** Properties only the legacy schema requires. */
  readonly requiredInLegacy: string[];
}

const DEF = "#/$defs/";
const defId = (n: SchemaNode): string | undefined =>
  n.$ref?.startsWith(DEF) ? n.$ref.slice(DEF.length) : undefined;
const code = (v: unknown): string => `\`${typeof v === "string" ? v : JSON.stringify(v)}\``;
const lower = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

/** How many `$ref`s point at each `$def` of a JSON Schema document. */
function refCounts(doc: SchemaNode): Map<string, number> {
  const counts = new Map<string, number>();
  JSON.stringify(doc, (k, v: unknown) => {
    if (k === "$ref" && typeof v === "string" && v.startsWith(DEF)) {
      const id = v.slice(DEF.length);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return v;
  });
  return counts;
}

/** A node's description with a line added. */
function withLine(description: string | undefined, line: string): string {
  return description ? `${description}\n${line}` : line;
}

/**
 * The live program schema `live` (a root object's JSON Schema, `z.toJSONSchema(..., { io: "input" })`)
 * with what only `legacy` has (see the module comment). Neither argument is changed. Throws where a
 * legacy-only property or value would land in a live type used in more than one place (it would
 * show up where the legacy dialect has nothing): such a place needs its own live type first.
 */
export function mergeLegacy(
  live: SchemaNode,
  legacy: SchemaNode,
): { schema: SchemaNode; report: MergeReport } {
  const out = structuredClone(live);
  const defs: Record<string, SchemaNode> = out.$defs ?? {};
  const legacyDefs = legacy.$defs ?? {};
  const uses = refCounts(live);
  const report: MergeReport = {
    legacyOnly: [],
    liveOnly: [],
    legacyRules: [],
    legacyValues: [],
    requiredInLegacy: [],
  };
  const merged = new Set<string>();

  /** The node behind `$ref`s (and a kept null) and the id of the last `$def` on the way. */
  const resolve = (n: SchemaNode, table: Record<string, SchemaNode>): { node: SchemaNode; id?: string } => {
    let node = n;
    let last: string | undefined;
    for (let id = defId(node); id !== undefined; id = defId(node)) {
      const target = table[id];
      if (!target) throw new Error(`unresolved $ref ${node.$ref}`);
      node = target;
      last = id;
    }
    // A nullable node (null kept on purpose) merges through its value.
    const branches = node.anyOf?.filter((b) => b.type !== "null");
    if (branches?.length === 1 && node.anyOf?.length === 2) {
      const inner = resolve(branches[0] as SchemaNode, table);
      return { node: inner.node, id: inner.id ?? last };
    }
    return last === undefined ? { node } : { node, id: last };
  };
  const deref = (n: SchemaNode, table: Record<string, SchemaNode>): SchemaNode => resolve(n, table).node;

  /** Throws when a live type that gains something is used in more than one place. */
  const soleUse = (liveId: string | undefined, at: string, what: string): void => {
    const n = liveId === undefined ? 0 : (uses.get(liveId) ?? 0);
    if (n > 1)
      throw new Error(
        `${at}: ${what} only the legacy dialect has would go into the live type ${liveId}, which is used in ${n} places`,
      );
  };

  /** Copies the legacy `$defs` a node reaches into the merged document. */
  const adopt = (node: SchemaNode): void => {
    JSON.stringify(node, (k, v: unknown) => {
      if (k !== "$ref" || typeof v !== "string" || !v.startsWith(DEF)) return v;
      const id = v.slice(DEF.length);
      if (defs[id] !== undefined) {
        if (JSON.stringify(defs[id]) !== JSON.stringify(legacyDefs[id]))
          throw new Error(`legacy type ${id} has the id of a live type`);
        return v;
      }
      const def = legacyDefs[id];
      if (!def) throw new Error(`unresolved $ref ${v}`);
      defs[id] = structuredClone(def);
      adopt(def);
      return v;
    });
  };

  function mergeObject(l: SchemaNode, g: SchemaNode, at: string, liveId: string | undefined): void {
    const lp = l.properties ?? {};
    const gp = g.properties ?? {};
    for (const [k, gv] of Object.entries(gp)) {
      const path = at === "" ? k : `${at}.${k}`;
      const lv = lp[k];
      if (lv === undefined) {
        soleUse(liveId, path, "a property");
        lp[k] = { ...structuredClone(gv), description: `${LEGACY_ONLY} ${gv.description ?? ""}`.trimEnd() };
        adopt(gv);
        report.legacyOnly.push(path);
        continue;
      }
      mergeProperty(lv, gv, path, !(l.required ?? []).includes(k) && (g.required ?? []).includes(k));
    }
    for (const [k, lv] of Object.entries(lp)) {
      if (k in gp) continue;
      lv.description = withLine(lv.description, LIVE_ONLY);
      report.liveOnly.push(at === "" ? k : `${at}.${k}`);
    }
    l.properties = lp;
  }

  function mergeProperty(lv: SchemaNode, gv: SchemaNode, at: string, requiredInLegacy: boolean): void {
    const l = deref(lv, defs);
    const g = deref(gv, legacyDefs);
    const notes: string[] = [];
    if (Array.isArray(l.enum) && Array.isArray(g.enum)) {
      // Values are compared as sets (the facts list them in each description's order).
      const lValues = l.enum;
      const gValues = g.enum;
      const missing = lValues.filter((v) => !gValues.includes(v));
      const extra = gValues.filter((v) => !lValues.includes(v));
      if (missing.length > 0) notes.push(`not ${missing.map(code).join(", ")}`);
      if (extra.length > 0) notes.push(`${extra.map(code).join(", ")} only there`);
    } else {
      // A free text where live has a list of values (a model name): say so first.
      if (Array.isArray(l.enum) && g.type === "string" && g.enum === undefined) notes.push("any text");
      const liveFacts = new Set(factSentences(lv.description ?? ""));
      const extra = factSentences(gv.description ?? "").filter((f) => !liveFacts.has(f));
      if (extra.length > 0) notes.push(lower(extra.join(" ")).replace(/\.$/, ""));
    }
    if (notes.length > 0) {
      const facts = `${notes.join("; ")}.`;
      lv.description = withLine(lv.description, `${IN_LEGACY} ${facts}`);
      report.legacyRules.push(`${at}: ${facts}`);
    }
    if (requiredInLegacy) {
      lv.description = withLine(lv.description, REQUIRED_IN_LEGACY);
      report.requiredInLegacy.push(at);
    }
    mergeNode(lv, gv, at);
  }

  function mergeNode(ln: SchemaNode, gn: SchemaNode, at: string): void {
    const { node: l, id: liveId } = resolve(ln, defs);
    const { node: g, id: legacyId } = resolve(gn, legacyDefs);
    if (liveId !== undefined && legacyId !== undefined) {
      const pair = `${liveId} ${legacyId}`;
      if (merged.has(pair)) return;
      merged.add(pair);
    }
    if (l.type === "object" && l.properties && g.type === "object" && g.properties) {
      mergeObject(l, g, at, liveId);
    } else if (Array.isArray(l.enum) && Array.isArray(g.enum)) {
      mergeEnum(l, g, at, liveId);
    } else if (l.type === "array" && g.type === "array" && l.items && g.items) {
      mergeNode(l.items, g.items, `${at}[]`);
    } else if (typeof l.additionalProperties === "object" && typeof g.additionalProperties === "object") {
      mergeNode(l.additionalProperties, g.additionalProperties, `${at}.*`);
    }
  }

  function mergeEnum(l: SchemaNode, g: SchemaNode, at: string, liveId: string | undefined): void {
    const values = l.enum ?? [];
    const extra = (g.enum ?? []).filter((v) => !values.includes(v));
    if (extra.length === 0) return;
    soleUse(liveId, at, "values");
    const notes = (l.enumDescriptions as string[] | undefined) ?? values.map(() => "");
    l.enum = [...values, ...extra];
    l.enumDescriptions = [...notes, ...extra.map(() => LEGACY_ONLY)];
    l.description = withLine(l.description, `${extra.map(code).join(", ")}: ${lower(LEGACY_ONLY)}`);
    report.legacyValues.push(`${at}: ${extra.map(String).join(", ")}`);
  }

  mergeNode(out, legacy, "");
  if (Object.keys(defs).length > 0) out.$defs = defs;
  return { schema: out, report };
}
