/**
 * Walking the IR: every node inside a node (`visit`), the references inside it with the wire path
 * to each (`edges`), and wire paths themselves (`pathTokens`, `joinPath`, `resolvePath`). Placement
 * uses the edges to find each type's canonical path; docs and tests resolve paths to types.
 */
import type { Ir, IrNode, IrProperty, IrType } from "./types";

/** Calls `f` on `node` and every node inside it, stopping at references. */
export function visit(node: IrNode, f: (n: IrNode) => void): void {
  f(node);
  switch (node.kind) {
    case "object":
      for (const p of node.properties) visit(p.node, f);
      break;
    case "map":
      visit(node.values, f);
      if (node.keys) visit(node.keys, f);
      break;
    case "array":
      visit(node.items, f);
      break;
    case "nullable":
      visit(node.inner, f);
      break;
    case "union":
      for (const b of node.branches) visit(b, f);
      break;
    default:
      break;
  }
}

/**
 * The references inside a node with the wire path suffix that leads to each: `.prop`, `[]` (array
 * items), `.*` (map values), `{}` (map keys), `(value)` (union branch by tag) or `(#i)` (untagged
 * union branch).
 */
export function edges(node: IrNode, suffix = ""): { suffix: string; key: string; property?: string }[] {
  switch (node.kind) {
    case "ref":
      return [{ suffix, key: node.key }];
    case "object":
      return node.properties.flatMap((p) => edges(p.node, `${suffix}.${p.wire}`));
    case "map":
      return [...(node.keys ? edges(node.keys, `${suffix}{}`) : []), ...edges(node.values, `${suffix}.*`)];
    case "array":
      return edges(node.items, `${suffix}[]`);
    case "nullable":
      return edges(node.inner, suffix);
    case "union":
      return node.branches.flatMap((b, i) =>
        edges(b, `${suffix}(${node.tag ? String(node.tag.values[i]) : `#${i}`})`),
      );
    default:
      return [];
  }
}

/**
 * Every wire path at which each type is reached from the roots, in the order they are found
 * (depth first from each root); a path that would enter a type it is already inside (recursion)
 * ends there, so a recursive type counts at least two paths. Docs name a type's fields by their
 * full wire path only when the type has exactly one.
 */
export function wirePaths(ir: Ir): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (key: string, path: string, inside: readonly string[]): void => {
    const seen = out.get(key) ?? [];
    out.set(key, seen);
    if (inside.includes(key)) {
      seen.push(`${path} (again)`);
      return;
    }
    if (!seen.includes(path)) seen.push(path);
    const t = ir.types.get(key);
    if (!t) return;
    for (const e of edges(t.node)) walk(e.key, joinPath(path, e.suffix), [...inside, key]);
  };
  for (const r of ir.roots) walk(r.key, r.spec.path, []);
  return out;
}

/** Joins a wire path and a suffix (`""` + `.name` -> `name`). */
export function joinPath(base: string, suffix: string): string {
  return base === "" && suffix.startsWith(".") ? suffix.slice(1) : base + suffix;
}

/** One step of a wire path. */
export type PathToken =
  | { readonly kind: "property"; readonly name: string }
  | { readonly kind: "items" }
  | { readonly kind: "values" }
  | { readonly kind: "keys" }
  | { readonly kind: "branch"; readonly value: string };

/** Splits `a.b[].*(webhook).c` (and `{}` for map keys) into steps; throws on anything else. */
export function pathTokens(path: string): PathToken[] {
  const tokens: PathToken[] = [];
  const re = /\.?([A-Za-z0-9_$-]+)|\[\]|\.\*|\{\}|\(([^)]*)\)/gy;
  let m: RegExpExecArray | null = re.exec(path);
  let end = 0;
  while (m !== null) {
    if (m[0] === "[]") tokens.push({ kind: "items" });
    else if (m[0] === ".*") tokens.push({ kind: "values" });
    else if (m[0] === "{}") tokens.push({ kind: "keys" });
    else if (m[0].startsWith("(")) tokens.push({ kind: "branch", value: m[2] as string });
    else tokens.push({ kind: "property", name: m[1] as string });
    end = re.lastIndex;
    m = re.exec(path);
  }
  if (end !== path.length) throw new Error(`bad wire path '${path}' at ${end}`);
  return tokens;
}

/**
 * The type (and property) a wire path leads to from a root: `conversation_config.agent.prompt.llm`,
 * `workflow.nodes.*(tool)`, `tool_config(webhook).api_schema.request_headers`. Any path works, not
 * only canonical ones.
 */
export function resolvePath(ir: Ir, rootName: string, path: string): { type: IrType; property?: IrProperty } {
  const root = ir.roots.find((r) => r.spec.name === rootName);
  if (!root) throw new Error(`no root '${rootName}'`);
  let type = ir.types.get(root.key) as IrType;
  let node: IrNode = type.node;
  let property: IrProperty | undefined;
  const rest = pathTokens(path).slice(pathTokens(root.spec.path).length);
  for (const tok of rest) {
    for (;;) {
      if (node.kind === "nullable") node = node.inner;
      else if (node.kind === "ref") {
        type = ir.types.get(node.key) as IrType;
        node = type.node;
      } else break;
    }
    property = undefined;
    if (tok.kind === "property" && node.kind === "object") {
      property = node.properties.find((p) => p.wire === tok.name);
      if (!property) throw new Error(`${rootName}: '${path}': no property '${tok.name}' in ${type.id}`);
      node = property.node;
    } else if (tok.kind === "items" && node.kind === "array") node = node.items;
    else if (tok.kind === "values" && node.kind === "map") node = node.values;
    else if (tok.kind === "keys" && node.kind === "map" && node.keys) node = node.keys;
    else if (tok.kind === "branch" && node.kind === "union") {
      const u = node;
      const i = u.tag
        ? u.tag.values.findIndex((v) => String(v) === tok.value)
        : Number(tok.value.replace("#", ""));
      if (!(i >= 0 && i < u.branches.length))
        throw new Error(`${rootName}: '${path}': no branch '${tok.value}'`);
      node = u.branches[i] as IrNode;
    } else throw new Error(`${rootName}: '${path}': cannot apply ${tok.kind} to ${node.kind} in ${type.id}`);
  }
  if (!property && node.kind === "ref") type = ir.types.get(node.key) as IrType;
  return property ? { type, property } : { type };
}
