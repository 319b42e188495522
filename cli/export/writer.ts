/**
 * Writing the export's program: values as TypeScript (user keys verbatim, quoted where needed),
 * unique variable and resource names, references from one declaration to another's output, and
 * each declaration's text.
 */
import { isPlainObject, type PlainObject } from "../../client/wire";
import { setAt } from "./trees";

/** A value written as code rather than as a literal (a reference, a config lookup). */
export class Code {
  constructor(readonly text: string) {}
}

/** A reference to another declaration's output: code, and the variable it needs declared. */
export class Ref extends Code {
  constructor(
    readonly variable: string,
    output: string,
  ) {
    super(`${variable}.${output}`);
  }
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await pulumi elevenlabs cfg"
  ).split(" "),
);

/** An object key as TypeScript writes it: bare when it is an identifier, quoted otherwise. */
export function propertyKey(k: string): string {
  // `__proto__: x` (even quoted) sets the prototype; a computed key defines the property.
  if (k === "__proto__") return `["__proto__"]`;
  return IDENT.test(k) ? k : JSON.stringify(k);
}

/** `v` as a TypeScript expression; objects one entry a line, indented from `indent`. */
export function literal(v: unknown, indent = ""): string {
  if (v instanceof Code) return v.text;
  if (Array.isArray(v)) {
    const items = v.map((x) => literal(x, `${indent}  `));
    const flat = `[${items.join(", ")}]`;
    if (!items.some((i) => i.includes("\n")) && flat.length + indent.length <= 100) return flat;
    return `[\n${items.map((i) => `${indent}  ${i},`).join("\n")}\n${indent}]`;
  }
  if (isPlainObject(v)) {
    const inner = `${indent}  `;
    const entries = Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${inner}${propertyKey(k)}: ${literal(x, inner)},`);
    return entries.length === 0 ? "{}" : `{\n${entries.join("\n")}\n${indent}}`;
  }
  return JSON.stringify(v) ?? "undefined";
}

/** The words of a name, accents dropped (`Café Support` -> `Cafe`, `Support`). */
export function words(s: string): string[] {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

/** Unique names: a kebab-case resource name and a camelCase variable per object. */
export class Names {
  private readonly used = new Set<string>();
  take(base: string[], fallback: string): { resource: string; variable: string } {
    const w = base.length > 0 ? base : [fallback];
    const kebab = w.map((x) => x.toLowerCase()).join("-");
    let camel = w
      .map((x, i) => (i === 0 ? x.toLowerCase() : x[0]?.toUpperCase() + x.slice(1).toLowerCase()))
      .join("");
    if (!/^[A-Za-z_$]/.test(camel)) camel = `_${camel}`;
    let n = 1;
    let resource = kebab;
    let variable = camel;
    while (this.used.has(variable) || RESERVED.has(variable)) {
      n++;
      resource = `${kebab}-${n}`;
      variable = `${camel}${n}`;
    }
    this.used.add(variable);
    return { resource, variable };
  }
}

/** One declaration of the program, written once every reference to it is known. */
export interface Written {
  /** Comment lines above it (without `// `). */
  comment: string[];
  /** Its variable; written as `const` only when something refers to it or `exported`. */
  variable: string;
  kind: string;
  resource: string;
  args: PlainObject;
  importId: string;
  /** Written as a comment (it cannot be adopted as it is). */
  commentedOut?: boolean;
  /** Its id is a stack output: `export const <variable>Id = <variable>.<output>`. */
  exported?: string;
}

export function declarationText(d: Written, referenced: ReadonlySet<string>): string {
  const bound = d.exported !== undefined || referenced.has(d.variable);
  const head = bound && !d.commentedOut ? `const ${d.variable} = ` : "";
  const code =
    `${head}new elevenlabs.${d.kind}(\n  ${JSON.stringify(d.resource)},\n  ${literal(d.args, "  ")},\n` +
    `  { import: ${JSON.stringify(d.importId)} },\n);`;
  const comment = d.comment.map((l) => `// ${l}`);
  return [...comment, ...(d.commentedOut ? code.split("\n").map((l) => `// ${l}`) : [code])].join("\n");
}

/** Ids of declared objects -> references to their outputs; records which variables are used. */
export class References {
  private readonly byId = new Map<string, Ref>();
  readonly used = new Set<string>();

  add(id: string, variable: string, output: string): void {
    this.byId.set(id, new Ref(variable, output));
  }

  /** `tree` with every string that is the id of a declared object replaced by a reference to it. */
  link(tree: unknown): unknown {
    if (typeof tree === "string") {
      const ref = this.byId.get(tree);
      if (ref) this.used.add(ref.variable);
      return ref ?? tree;
    }
    if (Array.isArray(tree)) return tree.map((x) => this.link(x));
    if (!isPlainObject(tree)) return tree;
    const out: PlainObject = {};
    for (const [k, v] of Object.entries(tree)) setAt(out, [k], this.link(v));
    return out;
  }
}

/** The ids (strings) a tree mentions anywhere, among `known`. */
export function mentioned(tree: unknown, known: ReadonlySet<string>, out = new Set<string>()): Set<string> {
  if (typeof tree === "string" && known.has(tree)) out.add(tree);
  else if (Array.isArray(tree)) for (const x of tree) mentioned(x, known, out);
  else if (isPlainObject(tree)) for (const x of Object.values(tree)) mentioned(x, known, out);
  return out;
}
