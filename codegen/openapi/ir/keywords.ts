/**
 * The JSON Schema keywords the IR knows. Resolution checks every schema node against them: an
 * unknown keyword fails (it might change what a value may be), a known one is read by a stage or is
 * a fact for the docs, and `x-*` vendor data and the non-standard `optional` are ignored.
 */
import type { SchemaNode } from "../spec";
import type { IrNotes } from "./types";

/** Keywords that decide what a node is. */
const STRUCTURE = new Set([
  "$ref",
  "type",
  "properties",
  "required",
  "additionalProperties",
  "propertyNames",
  "items",
  "anyOf",
  "oneOf",
  "discriminator",
  "enum",
  "const",
]);
/** Keywords that narrow the values of a scalar, array or map. */
const CONSTRAINTS = new Set([
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "maxProperties",
]);
/** Keywords that change no value: read for defaults, drops and docs, or not at all. */
const FACTS = new Set(["default", "deprecated", "readOnly", "description", "title", "examples", "example"]);
/** Keywords read by nothing: `optional` is a non-standard marker (`required` decides), `x-*` vendor data. */
const IGNORED = (k: string) => k === "optional" || k.startsWith("x-");

/**
 * Fails on a keyword the IR does not know and on a `$ref` with sibling keywords that would change
 * it; notes the ignored non-standard ones in `notes.ignoredKeywords`. `where` names the node.
 */
export function checkKeywords(node: SchemaNode, where: string, notes: IrNotes): void {
  for (const k of Object.keys(node)) {
    if (STRUCTURE.has(k) || CONSTRAINTS.has(k) || FACTS.has(k)) continue;
    if (IGNORED(k)) {
      const note = `${k} (${where})`;
      if (!k.startsWith("x-") && !notes.ignoredKeywords.includes(note)) notes.ignoredKeywords.push(note);
      continue;
    }
    throw new Error(`${where}: unsupported keyword '${k}'`);
  }
  if (node.$ref !== undefined) {
    const extra = Object.keys(node).filter(
      (k) => k !== "$ref" && k !== "discriminator" && !FACTS.has(k) && !IGNORED(k),
    );
    if (extra.length > 0) throw new Error(`${where}: $ref with sibling keywords ${extra.join(", ")}`);
  }
}
