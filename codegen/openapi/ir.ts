/**
 * The intermediate representation: the part of a description reachable from chosen roots, with
 * `$ref`s resolved into named types, nullability, unions and their discriminators made explicit,
 * every property's wire name recorded next to its camelCase name, and every named type given a
 * canonical wire path (where it is first reached) and a type id.
 *
 * Generic: nothing here knows the live description. What a dialect decides (roots, explicit ids,
 * secrets, SDK enum merges, docs) comes in a `DialectConfig`.
 *
 * This module is what the rest of codegen imports; the stages live in `ir/`: `types.ts` (the
 * nodes), `context.ts` (the state the stages share), `resolve.ts` (+ `keywords.ts`), `unions.ts`,
 * `placement.ts`, and `paths.ts` (walking nodes and wire paths).
 */

import { IrContext } from "./ir/context";
import { place } from "./ir/placement";
import { resolveRoots } from "./ir/resolve";
import type { DialectConfig, Ir, SdkEnumReader } from "./ir/types";
import { requireTags } from "./ir/unions";
import type { OpenApiDocument } from "./spec";

export { edges, joinPath, type PathToken, pathTokens, resolvePath, visit, wirePaths } from "./ir/paths";
export type {
  DialectConfig,
  Ir,
  IrNode,
  IrNotes,
  IrProperty,
  IrTag,
  IrType,
  RootSpec,
  Scalar,
  SdkEnumReader,
} from "./ir/types";

/** Builds the IR of `config.roots` in `doc` (rules already applied). */
export function buildIr(doc: OpenApiDocument, config: DialectConfig, sdkEnum: SdkEnumReader): Ir {
  const ctx = new IrContext(doc, config, sdkEnum);
  // 1. Build the graph from the roots: named types, nullability, unions and their tags.
  const roots = resolveRoots(ctx);
  // 2. Discriminators are required in every branch (a tagged union needs the tag to pick a branch).
  requireTags(ctx);
  // 3. Where each type is first reached (breadth-first over all roots), and its id.
  const types = place(ctx, roots);
  for (const [key, extra] of ctx.sdkExtra) {
    const t = types.get(key);
    if (t) t.sdkExtra = extra;
  }
  // Every table entry must have been used: a stale entry is a silent loss.
  const stale = ctx.staleEntries(types);
  if (stale.length > 0)
    throw new Error(`dialect ${config.dialect}: table entries match nothing:\n  ${stale.join("\n  ")}`);
  return { dialect: config.dialect, types, roots, notes: ctx.notes };
}
