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
 *
 * A tag the description leaves optional (a constant with a default, such as a system tool's
 * `type: "system"`) stays optional where its type is used outside a union: there nothing needs
 * picking, and the service fills the default. Such a type is copied for the union (key
 * `<key>@<tag>`, the copy's tag required) and the union's branch refers to the copy.
 */
export function requireTags(ctx: IrContext): void {
  const standalone = standaloneRefs(ctx);
  for (const t of [...ctx.types.values()])
    visit(t.node, (n) => {
      if (n.kind !== "union" || !n.tag) return;
      const branches = n.branches as IrNode[];
      branches.forEach((b, i) => {
        const wire = n.tag?.wire as string;
        if (b.kind === "ref" && standalone.has(b.key) && !tagRequired(ctx, b, wire)) {
          branches[i] = taggedCopy(ctx, b.key, wire);
        } else requireTag(ctx, b, wire);
      });
    });
}

/** The keys of the types referred to somewhere other than as the branch of a tagged union. */
function standaloneRefs(ctx: IrContext): Set<string> {
  const out = new Set<string>();
  const walk = (n: IrNode, isBranch: boolean): void => {
    switch (n.kind) {
      case "ref":
        if (!isBranch) out.add(n.key);
        return;
      case "union":
        for (const b of n.branches) walk(b, n.tag !== undefined);
        return;
      case "object":
        for (const p of n.properties) walk(p.node, false);
        return;
      case "map":
        walk(n.values, false);
        if (n.keys) walk(n.keys, false);
        return;
      case "array":
        walk(n.items, false);
        return;
      case "nullable":
        walk(n.inner, false);
        return;
      default:
        return;
    }
  };
  for (const t of ctx.types.values()) walk(t.node, false);
  return out;
}

/** Whether the object behind `node` requires `wire` already (a union behind it: never). */
function tagRequired(ctx: IrContext, node: IrNode, wire: string): boolean {
  const n = ctx.deref(node);
  return n?.kind === "object" && n.properties.some((p) => p.wire === wire && p.required);
}

/** A reference to the copy of type `key` whose tag `wire` is required, made once. */
function taggedCopy(ctx: IrContext, key: string, wire: string): IrNode {
  const copyKey = `${key}@${wire}`;
  if (!ctx.types.has(copyKey)) {
    const original = ctx.types.get(key);
    const node = original?.node;
    if (!original || node?.kind !== "object") throw new Error(`tagged copy of ${key}: not an object`);
    const properties = node.properties.map((p) => ({ ...p, required: p.required || p.wire === wire }));
    ctx.types.set(copyKey, { ...original, key: copyKey, node: { ...node, properties } });
    ctx.noteOnce(ctx.notes.requiredTags, `${copyKey}.${wire}`);
  }
  return { kind: "ref", key: copyKey };
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
