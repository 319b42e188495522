/**
 * What the IR's stages share while one IR is built: the description's components, the dialect's
 * tables (and which entries matched something), the named types found so far and the notes for the
 * reviewer. One `IrContext` per `buildIr`, passed to each stage instead of closures over shared maps.
 */
import type { OpenApiDocument, SchemaNode } from "../spec";
import type { DialectConfig, IrNode, IrNotes, IrType, RootSpec, Scalar, SdkEnumReader } from "./types";

/** The state of one IR build, shared by its stages. */
export class IrContext {
  /** The description's component schemas (rules already applied). */
  readonly schemas: Readonly<Record<string, SchemaNode>>;
  /** Named types by key, in the order they were found (placement returns them in its own order). */
  readonly types = new Map<string, IrType>();
  /** Findings for the reviewer, filled by every stage. */
  readonly notes: IrNotes = {
    naiveRoundTripFailures: [],
    requiredTags: [],
    readOnlyDropped: [],
    ignoredKeywords: [],
    aliases: [],
  };
  /** The table entries that matched something, so that stale ones can fail the build. */
  readonly used = { secrets: new Set<string>(), keepNull: new Set<string>(), sdkEnums: new Set<string>() };
  /** SDK enum values added by the rules, by type key; set on the placed types at the end. */
  readonly sdkExtra = new Map<string, Scalar[]>();
  /** Roots by component schema (a root's own schema adds its `require` and `fixed` tables). */
  readonly rootBySchema: ReadonlyMap<string, RootSpec>;
  /** Components that are exact copies of another: copy -> the one whose type they share. */
  private readonly aliasOf: ReadonlyMap<string, string>;

  /** `config` is the dialect's decisions; `sdkEnum` reads the SDK enums its `sdkEnums` table names. */
  constructor(
    doc: OpenApiDocument,
    readonly config: DialectConfig,
    readonly sdkEnum: SdkEnumReader,
  ) {
    this.schemas = doc.components.schemas;
    this.rootBySchema = new Map(config.roots.map((r) => [r.schema, r]));
    this.aliasOf = componentAliases(this.schemas);
  }

  /** The component whose type `name` uses: itself, or the earlier exact copy it is an alias of. */
  canonical(name: string): string {
    return this.aliasOf.get(name) ?? name;
  }

  /** Registers a schema found inside `owner` (a component) as a named type of its own. */
  hoist(key: string, node: IrNode, owner: string): IrNode {
    if (!this.types.has(key))
      this.types.set(key, { key, node, owner, id: "", root: "", path: "", description: "" });
    return { kind: "ref", key };
  }

  /** The node behind a reference (or the node itself); undefined for an unknown key. */
  deref(node: IrNode): IrNode | undefined {
    return node.kind === "ref" ? this.types.get(node.key)?.node : node;
  }

  /** Adds a note once. */
  noteOnce(list: string[], note: string): void {
    if (!list.includes(note)) list.push(note);
  }

  /**
   * The table entries that matched nothing, as `table: entry` (a stale entry is a silent loss).
   * `placed` are the types the roots reach; an `ids` entry must name one of them.
   */
  staleEntries(placed: ReadonlyMap<string, IrType>): string[] {
    const { config, used } = this;
    return [
      ...config.secrets.filter((s) => !used.secrets.has(s)).map((s) => `secrets: ${s}`),
      ...config.keepNull.filter((s) => !used.keepNull.has(s)).map((s) => `keepNull: ${s}`),
      ...Object.keys(config.sdkEnums)
        .filter((s) => !used.sdkEnums.has(s))
        .map((s) => `sdkEnums: ${s}`),
      ...Object.keys(config.ids)
        .filter((k) => !placed.has(k))
        .map((k) => `ids: ${k}`),
    ];
  }
}

/** Components that are exact copies of a sibling (`X` and `X-Input`) share one type: copy -> original. */
function componentAliases(schemas: Readonly<Record<string, SchemaNode>>): Map<string, string> {
  const aliasOf = new Map<string, string>();
  const byBase = new Map<string, string[]>();
  for (const name of Object.keys(schemas).sort()) {
    const base = name.replace(/-(Input|Output)$/, "");
    byBase.set(base, [...(byBase.get(base) ?? []), name]);
  }
  for (const group of byBase.values()) {
    for (const name of group) {
      const twin = group.find(
        (o) => o !== name && canonicalJson(schemas[o]) === canonicalJson(schemas[name]),
      );
      if (twin && twin < name) aliasOf.set(name, aliasOf.get(twin) ?? twin);
    }
  }
  return aliasOf;
}

/** JSON with object keys sorted, so that two equal schemas print the same. */
function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}
