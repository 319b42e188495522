/**
 * From an account to code: reads what an account holds and writes a Pulumi TypeScript program that
 * declares it, every object with the `import` option, so that the first `pulumi up` takes it under
 * management with reads only. The `elevenlabs-export` bin prints it (or writes it with `--out`).
 *
 * Nothing here knows a resource: the export is each declaration's listing and its own projection
 * (`list` and `asDeclared` in `provider/resources/`), then one writer:
 * - every kind the dialect has is listed; `--search` chooses among the roots (agents, by name),
 *   and the rest follows them: what a chosen object refers to (an agent's tools and documents, a
 *   tool's secrets) and what belongs to one (a number assigned to a chosen agent);
 * - objects refer to each other by the variables of their declarations (`toolIds:
 *   [lookupOrder.toolId]`), so the program keeps the links; declarations come in the order the
 *   references need;
 * - settings equal to the default the API description gives them are left out (the service shows
 *   them anyway; `keepDefaults` declares them too); what the program cannot express (a setting the
 *   resource's schema does not have, or a value it refuses) is left out, and a warning names the
 *   object and the field;
 * - what the API never returns (credentials) becomes config the user sets (`cfg.requireSecret`),
 *   which is not a warning: the program says so in its header.
 */
import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { ElevenLabsClient } from "../../client/http/client";
import type { SettingNames } from "../../client/http/errors";
import type { Dialect } from "../../client/http/settings";
import type { PlainObject } from "../../client/wire";
import { type AnyDeclaration, type AsDeclared, argsOf, idOutputOf } from "../../provider/kit/declaration";
import { RESOURCES } from "../../provider/resources";
import { fillerOf, fitToSchema, setAt, withoutDefaults, withoutNulls } from "./trees";
import { Code, declarationText, mentioned, Names, References, type Written, words } from "./writer";

export { withoutDefaults } from "./trees";
export { literal, propertyKey } from "./writer";

/** Options of {@link exportAccount}. */
export interface ExportOptions {
  /** A ready client (tests, scripts); otherwise one is built from the options and the environment. */
  client?: ElevenLabsClient;
  baseUrl?: string;
  apiKey?: string;
  /** How the user sets the API key and base URL where this runs (error advice names them). */
  settingNames?: SettingNames;
  /** The API dialect to read (default: the client's, i.e. `ELEVENLABS_API_DIALECT`, then `live`). */
  dialect?: Dialect;
  /**
   * Only agents whose name contains this (case-insensitive, as `GET /agents?search=` matches), with
   * what they use (documents, tools, the secrets those refer to) and the numbers assigned to them;
   * everything else is left out.
   */
  search?: string;
  /** The module the program imports the resources from (default `pulumi-elevenlabs`). */
  importFrom?: string;
  /** Declare settings equal to the API description's defaults too (default: leave them out). */
  keepDefaults?: boolean;
  /**
   * Declare objects another Pulumi stack manages too (marked by its tags), with `takeOver: true`
   * (default: leave them out, with a note: two stacks would manage one object).
   */
  includeManaged?: boolean;
}

/** How many objects the program declares, by resource type, and how many it leaves commented out. */
export interface ExportCounts {
  declared: Record<string, number>;
  commentedOut: number;
}

/** The plural of a noun (`branch` -> `branches`). */
const plural = (noun: string) => (/(ch|sh|s|x)$/.test(noun) ? `${noun}es` : `${noun}s`);

/** `1 agent, 2 knowledge documents, …`: what a program declares (kinds it declares none of left out). */
export function countsText(c: ExportCounts): string {
  const parts = RESOURCES.filter((d) => (c.declared[d.type] ?? 0) > 0).map((d) => {
    const n = c.declared[d.type] ?? 0;
    return `${n} ${n === 1 ? d.noun : plural(d.noun)}`;
  });
  return parts.length > 0 ? parts.join(", ") : "nothing";
}

/** What {@link exportAccount} produced. */
export interface ExportResult {
  /** The program (index.ts). */
  program: string;
  /** The dialect the account was read in (the program's stack must speak it: `elevenlabs:apiDialect`). */
  dialect: Dialect;
  /**
   * What the program leaves out, one sentence each, naming the object and the field (the bin prints
   * them on stderr and exits 3 when there are any).
   */
  warnings: string[];
  /** What was found, when it is not a warning (an empty account, a search that matches nothing). */
  notes: string[];
  counts: ExportCounts;
  /** Secret config keys the program requires (set with `pulumi config set --secret`). */
  secrets: string[];
  /** Plain config keys the program requires (set with `pulumi config set`). */
  config: string[];
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/** One object of the account, as its declaration projects it. */
interface Found {
  d: AnyDeclaration;
  id: string;
  as: AsDeclared;
  /** The arguments to write (defaults left out, fitted to the schema); none: not declared. */
  args: PlainObject | undefined;
  /** Warnings about it, named. */
  warnings: string[];
}

/** `kind "name" (id)`, as warnings name an object. */
const named = (noun: string, name: string, id: string) => `${noun} ${JSON.stringify(name)} (${id})`;

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? "undefined";
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** The arguments the program declares for `as`, and what is left out (named warnings). */
function declaredArgs(
  d: AnyDeclaration,
  id: string,
  as: AsDeclared,
  dialect: Dialect,
  keepDefaults: boolean,
): { args: PlainObject | undefined; warnings: string[] } {
  const what = named(d.noun, as.name, id);
  const warnings: string[] = [];
  let args = as.args === undefined ? undefined : structuredClone(as.args);
  if (args !== undefined && as.settings !== undefined) {
    const { wire, answer, toArgs } = as.settings;
    const clean = withoutNulls(wire) as PlainObject;
    const full = toArgs(clean);
    const sparse = toArgs(withoutDefaults(clean, fillerOf(dialect, answer)));
    // A singleton that always exists (the workspace settings) is worth declaring only when set.
    if (as.onlyIfSet === true && Object.keys(withoutNulls(sparse) as PlainObject).length === 0)
      return { args: undefined, warnings: [] };
    args = structuredClone(keepDefaults ? full : sparse);
    const fitted = fitToSchema(argsOf(d, dialect), args, sparse, full);
    for (const l of fitted.leftOut)
      warnings.push(
        `${what}: left out ${l.path} = ${short(l.value)} (${l.reason}); it stays as it is in the account`,
      );
    if (fitted.refused !== undefined) {
      warnings.push(`${what}: left out entirely (${fitted.refused.join("; ")})`);
      args = undefined;
    }
  }
  warnings.push(...(as.warnings ?? []).map((w) => `${what}: ${w}`));
  return { args, warnings };
}

/** Every object of every kind the dialect has, listed and projected by its declaration. */
async function readAccount(
  api: ElevenLabsClient,
  dialect: Dialect,
  search: string | undefined,
  keepDefaults: boolean,
): Promise<Found[]> {
  const found: Found[] = [];
  for (const d of RESOURCES) {
    const b = dialect === "legacy" ? d.legacy : d.live;
    if (b?.list === undefined || b.asDeclared === undefined) continue;
    for (const { id, remote } of await b.list(api, search)) {
      const as = b.asDeclared(id, remote);
      found.push({ d, id, as, ...declaredArgs(d, id, as, dialect, keepDefaults) });
    }
  }
  return found;
}

/**
 * The objects another stack manages: left out with a note (and what belongs to them goes too), or,
 * when included, declared with `takeOver: true`.
 */
function managed(found: Found[], include: boolean, notes: string[]): Found[] {
  return found.flatMap((f) => {
    const tags = f.as.managedBy ?? [];
    if (tags.length === 0 || f.args === undefined) return [f];
    const what = named(f.d.noun, f.as.name, f.id);
    if (include) {
      notes.push(
        `${what}: another Pulumi stack manages it (${tags.join(", ")}); declared with takeOver: true`,
      );
      return [{ ...f, args: { ...f.args, takeOver: true } }];
    }
    notes.push(
      `${what}: left out, another Pulumi stack manages it (${tags.join(", ")}); --include-managed declares it to take it over`,
    );
    return [];
  });
}

/**
 * What the program declares: without a search, everything; with one, the chosen roots, what
 * they (and what joins) refer to, and what belongs to them. Either way an object that belongs to
 * one not declared is left out (a number assigned to an agent that cannot be declared).
 */
function chosen(found: readonly Found[], search: string | undefined): Found[] {
  const ids = new Set(found.map((f) => f.id));
  let inScope = new Set(search === undefined ? found : found.filter((f) => f.d.exportRoot));
  for (let grew = true; grew; ) {
    grew = false;
    const mentions = new Set<string>();
    for (const f of inScope) mentioned(f.args, ids, mentions);
    const inIds = new Set([...inScope].map((f) => f.id));
    for (const f of found) {
      if (inScope.has(f)) continue;
      const owned = (f.as.owners ?? []).length > 0 && (f.as.owners ?? []).every((o) => inIds.has(o));
      if (mentions.has(f.id) || owned) {
        inScope.add(f);
        grew = true;
      }
    }
  }
  // Belonging to an object that is not declared: left out, and so on down.
  for (let shrank = true; shrank; ) {
    shrank = false;
    const declared = new Set([...inScope].filter((f) => f.args !== undefined).map((f) => f.id));
    for (const f of inScope) {
      if ((f.as.owners ?? []).some((o) => !declared.has(o))) {
        inScope.delete(f);
        shrank = true;
      }
    }
  }
  inScope = new Set(found.filter((f) => inScope.has(f)));
  return [...inScope];
}

/**
 * The objects in the order their references need: kinds ordered so that a kind comes after the
 * kinds its objects refer to (ties, and cycles, in the declarations' order), objects of a kind in
 * listing order.
 */
function ordered(objects: readonly Found[]): Found[] {
  const kindOf = new Map(objects.map((f) => [f.id, f.d.type]));
  const needs = new Map<string, Set<string>>();
  for (const f of objects) {
    const refs = mentioned(f.args, new Set(kindOf.keys()));
    for (const id of refs) {
      const k = kindOf.get(id);
      if (k !== undefined && k !== f.d.type) needs.set(f.d.type, (needs.get(f.d.type) ?? new Set()).add(k));
    }
  }
  const kinds = RESOURCES.map((d) => d.type);
  const done: string[] = [];
  while (done.length < kinds.length) {
    const ready = kinds.filter(
      (k) => !done.includes(k) && [...(needs.get(k) ?? [])].every((n) => done.includes(n)),
    );
    done.push(ready[0] ?? (kinds.find((k) => !done.includes(k)) as string));
  }
  return done.flatMap((k) => objects.filter((f) => f.d.type === k));
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/** The state of one program being written. */
class Program {
  readonly secrets: string[] = [];
  readonly config: string[] = [];
  readonly names = new Names();
  readonly refs = new References();
  readonly declarations: Written[] = [];

  constructor(
    readonly dialect: Dialect,
    readonly search: string | undefined,
    readonly counts: ExportCounts,
    /** Objects other stacks manage, said in the header. */
    readonly managedNotes: readonly string[],
  ) {}

  /** A config lookup the program makes, recorded for the header. */
  cfg(key: string, secret: boolean): Code {
    (secret ? this.secrets : this.config).push(key);
    return new Code(`cfg.${secret ? "requireSecret" : "require"}(${JSON.stringify(key)})`);
  }

  /** Declares one object (commented out where it cannot be adopted as it is). */
  declare(f: Found, args: PlainObject): void {
    const { d, id, as } = f;
    const base = (as.words ?? [as.name]).flatMap(words);
    const v = this.names.take(base, d.noun.replace(/ /g, "-"));
    const heading = `${d.noun.charAt(0).toUpperCase()}${d.noun.slice(1)} ${JSON.stringify(as.name)} (${id})`;
    if (as.commentedOut !== undefined) {
      this.declarations.push({
        comment: [heading, ...as.commentedOut],
        variable: v.variable,
        kind: d.type,
        resource: v.resource,
        args,
        importId: id,
        commentedOut: true,
      });
      this.counts.commentedOut++;
      return;
    }
    const linked = this.refs.link(args) as PlainObject;
    const notes: string[] = [];
    for (const u of as.unreadable ?? []) {
      const key = `${v.variable}${u.key}`;
      setAt(linked, u.path.split("."), this.cfg(key, u.secret));
      notes.push(u.note.replaceAll("{key}", key));
    }
    notes.push(...(as.notes ?? []));
    this.declarations.push({
      comment: [heading, ...notes.map((n) => `Note: ${n}.`)],
      variable: v.variable,
      kind: d.type,
      resource: v.resource,
      args: linked,
      importId: id,
      ...(d.exportRoot ? { exported: idOutputOf(d) } : {}),
    });
    this.refs.add(id, v.variable, idOutputOf(d));
    this.counts.declared[d.type] = (this.counts.declared[d.type] ?? 0) + 1;
  }

  /** The program's text. */
  text(importFrom: string): string {
    const active = this.declarations.filter((d) => !d.commentedOut);
    const c = this.counts;
    const header = [
      `// Generated by elevenlabs-export (${this.dialect} API dialect${this.search !== undefined ? `, --search ${JSON.stringify(this.search)}` : ""}): ` +
        `${countsText(c)}${c.commentedOut > 0 ? `, ${c.commentedOut} commented out` : ""}.`,
      "// Every object is adopted with the `import` option: the first `pulumi up` takes it under management",
      "// with reads only, and fails (naming the field) if the account no longer matches this program.",
      "// Once adopted, the `import` options may be removed; from then on, this program is the truth.",
      ...(this.dialect === "legacy"
        ? ["// The stack must speak the same dialect: pulumi config set elevenlabs:apiDialect legacy"]
        : []),
      ...this.managedNotes.map((n) => `// Note: ${n}.`),
      ...(this.secrets.length + this.config.length > 0
        ? [
            "// Before the first `pulumi up`, set what the API never returns:",
            ...this.secrets.map((k) => `//   pulumi config set --secret ${k} <value>`),
            ...this.config.map((k) => `//   pulumi config set ${k} <value>`),
          ]
        : []),
    ];
    const usesCfg = this.secrets.length + this.config.length > 0;
    const imports = [
      ...(usesCfg ? ['import * as pulumi from "@pulumi/pulumi";'] : []),
      ...(active.length > 0 ? [`import * as elevenlabs from ${JSON.stringify(importFrom)};`] : []),
    ];
    const outputs = this.declarations
      .filter((d) => d.exported !== undefined && !d.commentedOut)
      .map((d) => `export const ${d.variable}Id = ${d.variable}.${d.exported};`);
    const sections = [
      header.join("\n"),
      ...(imports.length > 0 ? [imports.join("\n")] : []),
      ...(usesCfg ? ["const cfg = new pulumi.Config();"] : []),
      ...this.declarations.map((d) => declarationText(d, this.refs.used)),
      ...(outputs.length > 0 ? [outputs.join("\n")] : []),
      // A file with neither imports nor exports would be a script, not a module.
      ...(imports.length === 0 && outputs.length === 0 ? ["export {};"] : []),
    ];
    return `${sections.join("\n\n")}\n`;
  }
}

/**
 * Reads the account and writes the program. Throws the client's errors (authentication, network).
 * @param options where to read from, in which dialect, which agents, and the module to import from.
 */
export async function exportAccount(options: ExportOptions = {}): Promise<ExportResult> {
  const api =
    options.client ??
    new ElevenLabsClient({
      ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
      ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
      ...(options.dialect !== undefined ? { dialect: options.dialect } : {}),
      ...(options.settingNames !== undefined ? { settingNames: options.settingNames } : {}),
    });
  const dialect = api.settings.dialect;
  if (options.dialect !== undefined && options.dialect !== dialect) {
    throw new Error(`exportAccount: the client speaks the ${dialect} dialect, not ${options.dialect}`);
  }
  const search = options.search === "" ? undefined : options.search;
  const notes: string[] = [];
  const found = managed(
    await readAccount(api, dialect, search, options.keepDefaults ?? false),
    options.includeManaged ?? false,
    notes,
  );
  const objects = chosen(found, search);
  const kinds = RESOURCES.filter((d) => (dialect === "legacy" ? d.legacy : d.live)?.list !== undefined);
  const counts: ExportCounts = {
    declared: Object.fromEntries(kinds.map((d) => [d.type, 0])),
    commentedOut: 0,
  };
  const program = new Program(dialect, search, counts, [...notes]);
  for (const f of ordered(objects)) if (f.args !== undefined) program.declare(f, f.args);
  // Nothing declared, and nothing said yet of why.
  if (program.declarations.length === 0 && notes.length === 0) {
    const roots = RESOURCES.filter((d) => d.exportRoot).map((d) => d.noun);
    notes.push(
      search !== undefined
        ? `no ${roots.join(" or ")} matches ${JSON.stringify(search)}`
        : "the account holds nothing to export",
    );
  }
  return {
    program: program.text(options.importFrom ?? "pulumi-elevenlabs"),
    dialect,
    warnings: objects.flatMap((f) => f.warnings),
    notes,
    counts,
    secrets: program.secrets,
    config: program.config,
  };
}

/**
 * Writes `text` to `path` atomically: into a temporary file beside it, then renamed over it, so a
 * reader (or a failed run) never sees a half-written or emptied file.
 */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(tmp, text, { flag: "wx" });
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
