/**
 * IR -> zod source (the provider's program-facing schemas, camelCase). Every named type becomes an
 * exported constant `<Id>Schema` with `.meta({ id, description })`; objects are strict (unknown
 * keys rejected), optional properties are optional but not nullable (programs leave a setting out
 * rather than pass null) unless null carries meaning, enums are `z.enum`, discriminators literals,
 * user-keyed maps `z.record(z.string(), X)` (keys verbatim), recursion goes through `z.lazy`, free
 * JSON is `z.unknown()`. Constants are typed `z.ZodObject`/`z.ZodType`/`z.ZodEnum` so the compiler
 * does not infer the (huge) deep types.
 */
import type { Ir, IrNode, IrProperty, IrType, Scalar } from "./ir";

const lit = (v: Scalar): string => JSON.stringify(v);
const str = (s: string): string => JSON.stringify(s);
const key = (k: string): string => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : str(k));

const CONTROL_ESCAPES: Readonly<Record<string, string>> = {
  "09": "\\t",
  "0a": "\\n",
  "0b": "\\v",
  "0c": "\\f",
  "0d": "\\r",
};

/**
 * A regex literal for a description's pattern (throws when JavaScript cannot compile it). Escapes
 * of tab, newline and the like are written `\t`, `\n` (lint rejects `\x09` as a control character).
 */
export function regex(pattern: string): string {
  // An escape is a backslash preceded by an even number of backslashes.
  const source = new RegExp(pattern).source.replace(
    /(?<!\\)((?:\\\\)*)\\x(0[9a-dA-D])/g,
    (all, before: string, hex: string) => {
      const short = CONTROL_ESCAPES[hex.toLowerCase()];
      return short ? before + short : all;
    },
  );
  if (/(?<!\\)(?:\\\\)*\\(x[01][0-9a-fA-F]|u00[01][0-9a-fA-F])/.test(source)) {
    throw new Error(`pattern ${pattern}: control characters other than \\t\\n\\v\\f\\r are not supported`);
  }
  return `/${source}/`;
}

/** Writes the declarations of the IR's types (dependencies first) and the roots' exports. */
export function emitZod(ir: Ir, header: string): string {
  const emitted = new Set<string>();
  const onStack = new Set<string>();
  const out: string[] = [];
  let usesUnique = false;
  let usesEntries = false;

  const typeOf = (k: string): IrType => ir.types.get(k) as IrType;
  const constName = (t: IrType): string => `${t.id}Schema`;
  const resolved = (n: IrNode): IrNode => (n.kind === "ref" ? typeOf(n.key).node : n);

  function ref(k: string): string {
    const t = typeOf(k);
    return onStack.has(k) && !emitted.has(k) ? `z.lazy(() => ${constName(t)})` : constName(t);
  }

  function expr(n: IrNode): string {
    switch (n.kind) {
      case "ref":
        return ref(n.key);
      case "nullable":
        return `${expr(n.inner)}.nullable()`;
      case "null":
        return "z.null()";
      case "json":
        return "z.unknown()";
      case "boolean":
        return "z.boolean()";
      case "string":
        return [
          "z.string()",
          n.minLength ? `.min(${n.minLength})` : "",
          n.maxLength !== undefined ? `.max(${n.maxLength})` : "",
          n.pattern !== undefined ? `.regex(${regex(n.pattern)})` : "",
        ].join("");
      case "number":
        return [
          "z.number()",
          n.integer ? ".int()" : "",
          n.minimum !== undefined ? `.gte(${n.minimum})` : "",
          n.exclusiveMinimum !== undefined ? `.gt(${n.exclusiveMinimum})` : "",
          n.maximum !== undefined ? `.lte(${n.maximum})` : "",
          n.exclusiveMaximum !== undefined ? `.lt(${n.exclusiveMaximum})` : "",
        ].join("");
      case "enum":
        return enumExpr(n.values);
      case "array": {
        const parts = [`z.array(${expr(n.items)})`];
        if (n.minItems) parts.push(`.min(${n.minItems})`);
        if (n.maxItems !== undefined) parts.push(`.max(${n.maxItems})`);
        if (n.uniqueItems) {
          usesUnique = true;
          parts.push(`.refine(unique, "items must be unique").meta({ uniqueItems: true })`);
        }
        return parts.join("");
      }
      case "map": {
        const keys = n.keys ? resolved(n.keys) : undefined;
        const parts = [
          keys?.kind === "enum"
            ? `z.partialRecord(${expr(n.keys as IrNode)}, ${expr(n.values)})`
            : `z.record(${n.keys ? expr(n.keys) : "z.string()"}, ${expr(n.values)})`,
        ];
        if (n.minProperties) {
          usesEntries = true;
          parts.push(
            `.refine(atLeast(${n.minProperties}), "needs at least ${n.minProperties} entries").meta({ minProperties: ${n.minProperties} })`,
          );
        }
        if (n.maxProperties !== undefined) throw new Error("maxProperties is not supported");
        return parts.join("");
      }
      case "union":
        return unionExpr(n);
      case "object":
        return objectExpr(n.properties);
    }
  }

  function enumExpr(values: readonly Scalar[]): string {
    if (values.length === 1) return `z.literal(${lit(values[0] as Scalar)})`;
    return values.every((v) => typeof v === "string")
      ? `z.enum([${values.map(lit).join(", ")}])`
      : `z.literal([${values.map(lit).join(", ")}])`;
  }

  function unionExpr(n: Extract<IrNode, { kind: "union" }>): string {
    const branches = n.branches.map(expr).join(", ");
    // A discriminated union needs every branch to be an object (not a union, not a lazy reference).
    const discriminable =
      n.tag !== undefined &&
      n.branches.every((b) => resolved(b).kind === "object" && !(b.kind === "ref" && !emitted.has(b.key)));
    return discriminable
      ? `z.discriminatedUnion(${str(n.tag?.camel as string)}, [${branches}])`
      : `z.union([${branches}])`;
  }

  function property(p: IrProperty): string {
    const node = p.node.kind === "nullable" && !p.keepNull ? p.node.inner : p.node;
    const meta = [`description: ${str(p.description)}`];
    if (p.deprecated) meta.push("deprecated: true");
    if (p.secret) meta.push("secret: true");
    return `${key(p.camel)}: ${expr(node)}${p.required ? "" : ".optional()"}.meta({ ${meta.join(", ")} })`;
  }

  function objectExpr(properties: readonly IrProperty[]): string {
    return `z.strictObject({\n${properties.map((p) => `  ${property(p)},`).join("\n")}\n})`;
  }

  /** The references a node makes (to emit them first). */
  function refs(n: IrNode): string[] {
    switch (n.kind) {
      case "ref":
        return [n.key];
      case "nullable":
        return refs(n.inner);
      case "array":
        return refs(n.items);
      case "map":
        return [...(n.keys ? refs(n.keys) : []), ...refs(n.values)];
      case "union":
        return n.branches.flatMap(refs);
      case "object":
        return n.properties.flatMap((p) => refs(p.node));
      default:
        return [];
    }
  }

  function emit(k: string): void {
    if (emitted.has(k) || onStack.has(k)) return;
    onStack.add(k);
    const t = typeOf(k);
    for (const r of refs(t.node)) emit(r);
    const root = ir.roots.find((r) => r.key === k);
    const meta =
      root && !root.spec.id
        ? `{ description: ${str(t.description)} }`
        : `{ id: ${str(t.id)}, description: ${str(t.description)} }`;
    const annotation =
      t.node.kind === "object"
        ? "z.ZodObject"
        : t.node.kind === "enum" && t.node.values.every((v) => typeof v === "string")
          ? "z.ZodEnum"
          : "z.ZodType";
    out.push(`/** ${(t.description.split("\n")[0] as string).replaceAll("*/", "*\\/")} */`);
    out.push(`export const ${constName(t)}: ${annotation} = ${expr(t.node)}.meta(${meta});\n`);
    onStack.delete(k);
    emitted.add(k);
  }

  for (const r of ir.roots) emit(r.key);
  for (const k of ir.types.keys()) emit(k);

  const helpers: string[] = [];
  if (usesUnique) {
    helpers.push(
      "/** True when no two items are equal (compared as JSON). */",
      "const unique = (items: readonly unknown[]): boolean => new Set(items.map((i) => JSON.stringify(i))).size === items.length;\n",
    );
  }
  if (usesEntries) {
    helpers.push(
      "/** A check that an object has at least `n` keys. */",
      "const atLeast = (n: number) => (o: Record<PropertyKey, unknown>): boolean => Object.keys(o).length >= n;\n",
    );
  }
  return [header, 'import { z } from "zod";\n', ...helpers, ...out].join("\n");
}
