/**
 * Placement, the last stage: each named type gets its canonical wire path (the most direct one over
 * all roots, breadth-first) and then its type id. The ids follow the placement, because a derived
 * id takes the prefix of the root that reaches the type first.
 */
import { idProblems, pascal, prefixed, stem } from "../naming";
import type { IrContext } from "./context";
import { edges, joinPath, pathTokens } from "./paths";
import type { Ir, IrType } from "./types";

/**
 * Places every type the roots reach (sets `root`, `path` and `id`) and returns them in placement
 * order, which is the order of `Ir.types`. Types no root reaches are left out.
 */
export function place(ctx: IrContext, roots: Ir["roots"]): Map<string, IrType> {
  const placed = locate(ctx.types, roots);
  assignIds(ctx, placed, roots);
  return placed;
}

/** A wire path that reaches a type, waiting to be compared with the others that do. */
interface Candidate {
  key: string;
  root: string;
  path: string;
  cost: [number, number];
  /** Offer order: ties go to the earlier root, then the earlier property. */
  seq: number;
}

/** How direct a wire path is: map, array and union hops first (fewer is more direct), then length. */
function cost(path: string): [number, number] {
  const tokens = pathTokens(path);
  return [tokens.filter((t) => t.kind !== "property").length, tokens.length];
}

/** Whether `a` is the more direct path (then the earlier offered). */
function less(a: Candidate, b: Candidate): boolean {
  return a.cost[0] !== b.cost[0]
    ? a.cost[0] < b.cost[0]
    : a.cost[1] !== b.cost[1]
      ? a.cost[1] < b.cost[1]
      : a.seq < b.seq;
}

/**
 * Each type's canonical location: over all roots, the most direct wire path that reaches it (fewest
 * map/array/union hops, then fewest segments; ties go to the earlier root, then the earlier
 * property); a type the primary roots reach is placed by them before any secondary root is
 * walked. Returns the types in that order.
 */
function locate(types: ReadonlyMap<string, IrType>, roots: Ir["roots"]): Map<string, IrType> {
  let seq = 0;
  const best = new Map<string, Candidate>();
  const done = new Set<string>();
  const ordered = new Map<string, IrType>();
  const offer = (key: string, root: string, path: string) => {
    const c: Candidate = { key, root, path, cost: cost(path), seq: seq++ };
    const old = best.get(key);
    if (!done.has(key) && (!old || less(c, old))) best.set(key, c);
  };
  // The primary roots together, then each secondary root in turn, over what is left.
  const groups = [
    roots.filter((r) => !r.spec.secondary),
    ...roots.filter((r) => r.spec.secondary).map((r) => [r]),
  ];
  for (const group of groups) {
    for (const r of group) offer(r.key, r.spec.name, r.spec.path);
    for (;;) {
      let next: Candidate | undefined;
      for (const c of best.values()) if (!done.has(c.key) && (!next || less(c, next))) next = c;
      if (!next) break;
      done.add(next.key);
      const t = types.get(next.key);
      if (!t) throw new Error(`unknown type key ${next.key}`);
      t.root = next.root;
      t.path = next.path;
      ordered.set(t.key, t);
      for (const e of edges(t.node)) offer(e.key, next.root, joinPath(next.path, e.suffix));
    }
  }
  return ordered;
}

/**
 * Ids: the explicit table and root ids first, then `prefix + stem` for components (the prefix of
 * the root that reaches the type first), then `owner id + suffix` for hoisted types. A resource's
 * argument type keeps its root name as a naming base only: it gets no type id.
 */
function assignIds(ctx: IrContext, types: Map<string, IrType>, roots: Ir["roots"]): void {
  const { config } = ctx;
  const prefixOf = new Map(config.roots.map((r) => [r.name, r.prefix]));
  const rootOf = new Map(roots.map((r) => [r.key, r.spec]));
  for (const t of types.values()) {
    const root = rootOf.get(t.key);
    const explicit = config.ids[t.key] ?? root?.id ?? root?.name;
    if (explicit) t.id = explicit;
    else if (t.component)
      t.id =
        prefixed(prefixOf.get(t.root) ?? "", stem(t.component, t.node.kind === "object")) +
        // A union's copy of a type used elsewhere too (see unions.ts: `<key>@<tag>`).
        (t.key.includes("@") ? "Member" : "");
  }
  // Hoisted keys extend their owner's key, so shorter keys (owners) are named first.
  const hoisted = [...types.values()].filter((t) => !t.id).sort((a, b) => a.key.length - b.key.length);
  for (const t of hoisted) {
    const owner = t.owner === undefined ? undefined : types.get(t.owner);
    if (!owner?.id || t.owner === undefined)
      throw new Error(`hoisted type ${t.key} needs an id in the ids table`);
    t.id = owner.id + suffixName(t.key.slice(t.owner.length));
  }
  const typeIds = [...types.values()]
    .filter((t) => !rootOf.has(t.key) || rootOf.get(t.key)?.id)
    .map((t) => t.id);
  const problems = idProblems(typeIds, config.reserved);
  if (problems.length > 0) throw new Error(`type ids:\n  ${problems.join("\n  ")}`);
}

/** `.request_headers.*#1` -> `RequestHeadersValueVariant2`. */
function suffixName(suffix: string): string {
  return suffix
    .replace(/\[\]/g, ".item")
    .replace(/\.\*/g, ".value")
    .replace(/\{\}/g, ".key")
    .replace(/#(\d+)/g, (_, i: string) => `.variant${Number(i) + 1}`)
    .split(".")
    .map(pascal)
    .join("");
}
