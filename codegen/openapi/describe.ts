/**
 * Descriptions for every property and type of the IR: the hand-written text of `docs.ts` where
 * there is one (the property's, else its type's), followed by a generated line of facts from the
 * description: the wire field, the default, the range, length, pattern or allowed values.
 * Deprecated properties say so first.
 */
import {
  type Ir,
  type IrNode,
  type IrProperty,
  type IrType,
  joinPath,
  resolvePath,
  type Scalar,
  wirePaths,
} from "./ir";

/** Hand-written text: properties per root name by wire path, types by id. */
export interface Docs {
  readonly properties: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly types: Readonly<Record<string, string>>;
}

/** Enums longer than this are summarized in property lines (their type lists every value). */
const LIST_LIMIT = 12;

/** A value in backquotes: strings bare (`en`), the empty string and everything else as JSON. */
const code = (v: unknown): string => `\`${typeof v === "string" && v !== "" ? v : JSON.stringify(v)}\``;

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** `Lower and upper.` from the parts present (`At least 0 and less than 2.`), or nothing. */
function range(
  lower: string | undefined,
  upper: string | undefined,
  unit?: readonly [string, string],
  n?: number,
): string[] {
  const parts = [lower, upper].filter((p): p is string => p !== undefined);
  if (parts.length === 0) return [];
  const suffix = unit ? ` ${n === 1 ? unit[0] : unit[1]}` : "";
  return [`${capital(parts.join(" and "))}${suffix}.`];
}

/** A count range: `At least 1 and at most 64 characters.` (the unit agrees with the last number). */
function counts(min: number | undefined, max: number | undefined, unit: readonly [string, string]): string[] {
  return range(
    min ? `at least ${min}` : undefined,
    max !== undefined ? `at most ${max}` : undefined,
    unit,
    max ?? min,
  );
}

/** Facts about a node: range, length, pattern, items, keys, values; through nullables and references. */
export function nodeFacts(node: IrNode, ir: Ir): string[] {
  switch (node.kind) {
    case "nullable":
      return nodeFacts(node.inner, ir);
    case "ref": {
      const t = ir.types.get(node.key) as IrType;
      return t.node.kind === "enum" ? nodeFacts(t.node, ir) : [];
    }
    case "number": {
      const lo =
        node.exclusiveMinimum !== undefined
          ? `greater than ${node.exclusiveMinimum}`
          : node.minimum !== undefined
            ? `at least ${node.minimum}`
            : undefined;
      const hi =
        node.exclusiveMaximum !== undefined
          ? `less than ${node.exclusiveMaximum}`
          : node.maximum !== undefined
            ? `at most ${node.maximum}`
            : undefined;
      return [...(node.integer ? ["Integer."] : []), ...range(lo, hi)];
    }
    case "string": {
      return [
        ...counts(node.minLength, node.maxLength, ["character", "characters"]),
        // `\S` is the rules overlay's "not blank" (see emulator/spec/rules.json).
        ...(node.pattern === "\\S" ? ["Not blank."] : []),
        ...(node.pattern !== undefined && node.pattern !== "\\S" ? [`Pattern ${code(node.pattern)}.`] : []),
        ...(node.format !== undefined ? [`Format ${code(node.format)}.`] : []),
      ];
    }
    case "enum":
      return [
        node.values.length === 1
          ? `Always ${code(node.values[0])}.`
          : node.values.length <= LIST_LIMIT
            ? `One of ${node.values.map(code).join(", ")}.`
            : `One of ${node.values.length} values, e.g. ${node.values.slice(0, 3).map(code).join(", ")}.`,
      ];
    case "array": {
      return [
        ...counts(node.minItems, node.maxItems, ["item", "items"]),
        ...(node.uniqueItems ? ["Items are unique."] : []),
        ...nodeFacts(node.items, ir).map((f) => `Items: ${f.charAt(0).toLowerCase()}${f.slice(1)}`),
      ];
    }
    case "map": {
      const keys = node.keys ? nodeFacts(node.keys, ir).join(" ") : "";
      return [
        keys
          ? `Keys: ${keys.charAt(0).toLowerCase()}${keys.slice(1)}`
          : "Keys are yours and are sent exactly as written.",
        ...counts(node.minProperties, node.maxProperties, ["entry", "entries"]),
      ];
    }
    case "json":
      return ["Any JSON value, sent as written."];
    default:
      return [];
  }
}

function propertyLine(p: IrProperty, path: string, ir: Ir): string {
  return [
    `Wire field ${code(path)}.`,
    ...nodeFacts(p.node, ir),
    ...(p.keepNull && p.node.kind === "nullable" ? ["May be null."] : []),
    ...(p.hasDefault ? [`Default ${code(p.default as Scalar)}.`] : []),
  ].join(" ");
}

/** How many of a shared type's wire paths its description names. */
const PLACES_NAMED = 3;

/** Where a type is used: its one wire path, or the first few of its many. */
function placesOf(paths: readonly string[]): string {
  const named = (p: string) => (p === "" ? "the request body" : code(p));
  if (paths.length <= 1) return named(paths[0] ?? "");
  const first = paths.slice(0, PLACES_NAMED).map(named).join(", ");
  const more = paths.length - PLACES_NAMED;
  return more > 0 ? `${first} and ${more} more place${more === 1 ? "" : "s"}` : first;
}

function typeLine(t: IrType, ir: Ir, paths: readonly string[]): string {
  const root = ir.roots.find((r) => r.key === t.key);
  if (root && !root.spec.id) return root.spec.description;
  const source = t.component ? ` (API schema ${code(t.component)})` : "";
  const where = placesOf(paths.length > 0 ? paths : [t.path]);
  switch (t.node.kind) {
    case "enum": {
      const extra = t.sdkExtra?.length
        ? ` Includes ${t.sdkExtra.map(code).join(", ")}, which the official SDK knows and the API description does not list yet.`
        : "";
      return `Values of ${where}${source}.${extra}`;
    }
    case "union":
      return t.node.tag
        ? `The variants of ${where}, told apart by ${code(t.node.tag.camel)}${source}.`
        : `The alternatives of ${where}${source}.`;
    default:
      return paths.length > 1 ? `The object at ${where}${source}.` : `The ${where} object${source}.`;
  }
}

/**
 * Fills in the descriptions of `ir` (types and properties) from `docs` and the description's facts.
 * Throws for a doc key that resolves to nothing, two keys for one property, or a type doc for an
 * unknown id.
 */
export function describe(ir: Ir, docs: Docs): void {
  const hand = new Map<IrProperty, string>();
  const keyOf = new Map<IrProperty, string>();
  for (const [rootName, table] of Object.entries(docs.properties)) {
    for (const [path, text] of Object.entries(table)) {
      const { property } = resolvePath(ir, rootName, path);
      if (!property) throw new Error(`docs: ${rootName} '${path}' names a type, not a property`);
      const other = keyOf.get(property);
      if (other !== undefined) throw new Error(`docs: '${path}' and '${other}' describe the same property`);
      keyOf.set(property, path);
      hand.set(property, text);
    }
  }
  const ids = new Set([...ir.types.values()].map((t) => t.id));
  for (const id of Object.keys(docs.types)) if (!ids.has(id)) throw new Error(`docs: no type '${id}'`);

  /** The hand-written text of the type a property holds (through null), if any. */
  const typeText = (node: IrNode): string | undefined => {
    const n = node.kind === "nullable" ? node.inner : node;
    return n.kind === "ref" ? docs.types[(ir.types.get(n.key) as IrType).id] : undefined;
  };

  const places = wirePaths(ir);
  for (const t of ir.types.values()) {
    const paths = places.get(t.key) ?? [t.path];
    t.description = docs.types[t.id] ?? typeLine(t, ir, paths);
    if (t.node.kind !== "object") continue;
    for (const p of t.node.properties) {
      // A property without text of its own says what its type is, where that has text.
      const text = hand.get(p) ?? typeText(p.node);
      // A type used in several places names its fields by their own wire name: any one full path
      // would be wrong for the others.
      const wire = paths.length === 1 ? joinPath(t.path, `.${p.wire}`) : p.wire;
      const facts = propertyLine(p, wire, ir);
      const first = [p.deprecated ? "Deprecated." : "", text ?? ""].filter(Boolean).join(" ");
      p.description = first ? `${first}\n${facts}` : facts;
    }
  }
}

/**
 * The facts of a property description written by `describe` (its last line, without the wire
 * field), one sentence each: `["At least 0 and at most 2.", "Default `0`."]`. Empty for a
 * description this module did not write. Lets another program compare two dialects' rules.
 */
export function factSentences(description: string): string[] {
  const line = description.split("\n").at(-1) ?? "";
  const m = /^Wire field `[^`]*`\.\s*/.exec(line);
  if (!m) return [];
  const rest = line.slice(m[0].length);
  // Sentences end in `.` and the next starts with a capital; a `.` inside backquotes ends none.
  return rest === "" ? [] : rest.split(/(?<=\.) (?=[A-Z])/);
}
