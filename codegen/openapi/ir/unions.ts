/**
 * Unions and their tags. While resolving, `tagOf` finds a union's discriminator (declared, or a
 * property every branch pins to a distinct `const`); once every type is resolved, `requireTags`
 * makes each tag required in its branches, because programs pick a branch by it.
 */
import { camelName } from "../naming";
import { refName, type SchemaNode } from "../spec";
import type { IrContext } from "./context";
import { visit } from "./paths";
import type { IrNode, IrTag, Scalar } from "./types";

/** The object type behind a node (through references), if it is one. */
function objectOf(ctx: IrContext, node: IrNode): Extract<IrNode, { kind: "object" }> | undefined {
  const n = ctx.deref(node);
  return n?.kind === "object" ? n : undefined;
}

/** The value a node's object pins `wire` to (a one-value enum), if it does. */
function constOf(ctx: IrContext, node: IrNode, wire: string): Scalar | undefined {
  const p = objectOf(ctx, node)?.properties.find((q) => q.wire === wire);
  return p?.node.kind === "enum" && p.node.values.length === 1 ? p.node.values[0] : undefined;
}

/**
 * A union's tag: the explicit discriminator (each branch's value from its `mapping` or its `const`),
 * or else the first property of the first branch that every branch pins to a distinct `const`.
 * `branches` must already be resolved; `where` names the union in errors.
 */
export function tagOf(
  ctx: IrContext,
  branches: IrNode[],
  discriminator: SchemaNode["discriminator"],
  where: string,
): IrTag | undefined {
  if (discriminator) {
    const wire = discriminator.propertyName;
    const mapping = Object.entries(discriminator.mapping ?? {});
    const values = branches.map((b, i) => {
      const found =
        b.kind === "ref" ? mapping.find(([, ref]) => ctx.canonical(refName(ref)) === b.key) : undefined;
      const value = found ? found[0] : constOf(ctx, b, wire);
      if (value === undefined) throw new Error(`${where}: no '${wire}' value for branch ${i}`);
      return value;
    });
    return { wire, camel: camelName(wire), explicit: true, values };
  }
  // Implicit: resolvable only once the branches' types are built (they are: resolution is
  // depth-first), except for a branch still under construction (recursion), which has no properties yet.
  const first = objectOf(ctx, branches[0] as IrNode);
  if (!first || branches.length < 2) return undefined;
  for (const p of first.properties) {
    const values = branches.map((b) => constOf(ctx, b, p.wire));
    if (values.every((v) => v !== undefined) && new Set(values).size === values.length) {
      return { wire: p.wire, camel: p.camel, explicit: false, values: values as Scalar[] };
    }
  }
  return undefined;
}

/**
 * Makes every union tag required in every branch (a tagged union needs the tag to pick a branch),
 * noting each property it changes in `notes.requiredTags`.
 */
export function requireTags(ctx: IrContext): void {
  for (const t of [...ctx.types.values()])
    visit(t.node, (n) => {
      if (n.kind === "union" && n.tag) requireTag(ctx, n, n.tag.wire);
    });
}

/** Makes `wire` required in the object behind `node`, or in each branch of the union behind it. */
function requireTag(ctx: IrContext, node: IrNode, wire: string): void {
  const n = ctx.deref(node);
  if (n?.kind === "union") for (const b of n.branches) requireTag(ctx, b, wire);
  const p = n?.kind === "object" ? n.properties.find((q) => q.wire === wire) : undefined;
  if (p && !p.required) {
    p.required = true;
    const owner = node.kind === "ref" ? node.key : "?";
    ctx.noteOnce(ctx.notes.requiredTags, `${owner}.${wire}`);
  }
}
