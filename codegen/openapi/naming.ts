/**
 * Names: camelCase property names for programs (wire names are recorded, never recomputed), and
 * readable, collision-free type ids for `.meta({ id })` (schema.json tokens `elevenlabs:index:<Id>`,
 * SDK types `<Id>` and `<Id>Args`).
 */
import { camelToSnake, snakeToCamel } from "../../client/wire";

/** The camelCase name programs use for a wire property (`turn_timeout` -> `turnTimeout`). */
export function camelName(wire: string): string {
  return snakeToCamel(wire);
}

/**
 * Whether a naive converter pair (generic camel -> snake and back, as a case-converting wire
 * mapping would do) reproduces the wire name; names that do not are why wire names are recorded.
 */
export function roundTrips(wire: string): boolean {
  return camelToSnake(camelName(wire)) === wire;
}

/** Splits an identifier into words at `_`, `-`, case changes and acronym boundaries (`ASRConfig` -> ASR, Config). */
export function words(name: string): string[] {
  return name
    .split(/[^A-Za-z0-9]+/)
    .flatMap((part) => part.match(/[A-Z]+(?![a-z])\d*|[A-Z]?[a-z]+\d*|\d+/g) ?? [])
    .filter((w) => w.length > 0);
}

/** PascalCase with acronyms as words (`ASR_conversational-config` -> `AsrConversationalConfig`). */
export function pascal(name: string): string {
  return words(name)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join("");
}

/** Words that say nothing to a program author; removed from schema names when ids are derived. */
export const NOISE = [
  /-(Input|Output)$/,
  /APIModel/g,
  /RequestModel/g,
  /^Pydantic/,
  /(?<=[a-z])Enum$/,
] as const;

/**
 * The readable stem of a component schema name: noise removed, a trailing `Model` dropped from
 * object schemas (`WorkflowEdgeModel` -> `WorkflowEdge`; an enum such as `TurnModel` keeps it),
 * then PascalCase.
 */
export function stem(schemaName: string, isObject: boolean): string {
  let s = schemaName;
  for (const re of NOISE) s = s.replace(re, "");
  if (isObject) s = s.replace(/Model$/, "");
  return pascal(s || schemaName);
}

/**
 * `prefix + stem`. A stem that starts with the prefix's word keeps it once (`Agent` +
 * `AgentCallLimits` -> `AgentCallLimits`); a stem where the word only qualifies a trailing `Config`
 * has it moved to the front (`Tool` + `EndCallToolConfig` -> `ToolEndCallConfig`). Elsewhere the
 * word is part of the meaning and stays (`Agent` + `WorkflowOverrideAgentNode`).
 */
export function prefixed(prefix: string, name: string): string {
  if (prefix === "") return name;
  const parts = words(name).map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  if (parts[0] === prefix) return parts.join("");
  const at = parts.indexOf(prefix);
  if (at > 0 && parts[at + 1] === "Config" && at + 2 === parts.length) parts.splice(at, 1);
  return prefix + parts.join("");
}

/**
 * Problems with a set of type ids: duplicates, ids that clash with reserved names (types and
 * classes of the package that are not generated here), and ids whose SDK input name `<Id>Args`
 * equals another id.
 */
export function idProblems(ids: readonly string[], reserved: readonly string[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    if (!/^[A-Z][A-Za-z0-9]*$/.test(id)) problems.push(`'${id}' is not a PascalCase identifier`);
    if (seen.has(id)) problems.push(`'${id}' is used twice`);
    seen.add(id);
  }
  const all = new Set([...ids, ...reserved]);
  for (const id of ids) {
    if (reserved.includes(id)) problems.push(`'${id}' is reserved`);
    if (all.has(`${id}Args`))
      problems.push(`'${id}Args' (the SDK input type of '${id}') is also a type name`);
  }
  return problems;
}
