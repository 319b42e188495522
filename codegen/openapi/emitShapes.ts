/**
 * IR -> wire shapes (`client/generated/*.ts`): plain data, no zod, no Pulumi. Per named object or
 * union, the camelCase keys with their wire names and child shapes; enums and scalars are leaves.
 * `client/wire.ts` links the table and converts with it.
 */
import type { FieldData, ShapeData } from "../../client/wire";
import type { Ir, IrNode, IrType } from "./ir";

/** The serialized shape table of an IR: named shapes by type id, and one root per IR root. */
export function shapeTable(ir: Ir): { types: Record<string, ShapeData>; roots: Record<string, ShapeData> } {
  const typeOf = (k: string): IrType => ir.types.get(k) as IrType;

  function data(n: IrNode): ShapeData {
    switch (n.kind) {
      case "ref": {
        const t = typeOf(n.key);
        return t.node.kind === "object" || t.node.kind === "union" ? { ref: t.id } : data(t.node);
      }
      case "nullable":
        return data(n.inner);
      case "json":
        return "json";
      case "array":
        return { array: data(n.items) };
      case "map":
        return { map: data(n.values) };
      case "union": {
        const branches = n.branches.map(data);
        // Alternatives of scalars (`number | string`) convert like a scalar.
        if (branches.every((b) => b === "leaf")) return "leaf";
        if (!n.tag) return { union: branches };
        const tagged: Record<string, number> = {};
        n.tag.values.forEach((v, i) => {
          tagged[String(v)] = i;
        });
        return { union: branches, tag: { camel: n.tag.camel, wire: n.tag.wire, branches: tagged } };
      }
      case "object": {
        const fields: Record<string, FieldData> = {};
        for (const p of n.properties) {
          const child = data(p.node);
          // What removes the property: null where the description allows it, else its default.
          const reset = p.node.kind !== "nullable" && p.hasDefault ? { value: p.default } : undefined;
          if (reset) fields[p.camel] = [p.wire, child, reset];
          else fields[p.camel] = child === "leaf" ? p.wire : [p.wire, child];
        }
        return Object.keys(n.fixed).length > 0 ? { object: fields, fixed: n.fixed } : { object: fields };
      }
      default:
        return "leaf";
    }
  }

  const types: Record<string, ShapeData> = {};
  for (const t of ir.types.values()) {
    if (t.node.kind === "object" || t.node.kind === "union") types[t.id] = data(t.node);
  }
  const roots: Record<string, ShapeData> = {};
  for (const r of ir.roots) roots[r.spec.name] = data({ kind: "ref", key: r.key });
  return { types, roots };
}

/** The TypeScript module of a shape table: `<exportName>` holds the linked roots. */
export function emitShapes(ir: Ir, header: string, exportName: string): string {
  const { types, roots } = shapeTable(ir);
  return [
    header,
    'import { linkShapes, type ShapeTable } from "../wire";\n',
    "/** Named shapes by type id. */",
    `const types: ShapeTable["types"] = ${JSON.stringify(types)};\n`,
    `/** The wire shapes of the ${ir.dialect} dialect's roots, for \`toWire\`, \`fromWire\` and \`hasPath\`. */`,
    `export const ${exportName} = linkShapes({ types, roots: ${JSON.stringify(roots)} });\n`,
  ].join("\n");
}
