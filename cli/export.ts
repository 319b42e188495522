/**
 * From an account to code: reads what an account holds and writes a Pulumi TypeScript program that
 * declares it, every object with the `import` option, so that the first `pulumi up` takes it under
 * management with reads only. The `elevenlabs-export` bin prints it (or writes it with `--out`).
 *
 * What is read depends on the API dialect:
 * - live: the agents, the workspace tools and documents they use, the workspace secrets tools (or
 *   agents) refer to, and the phone numbers. Agents refer to tools, documents and secrets by the
 *   variables of their declarations (`toolIds: [lookupOrder.toolId]`), so the program keeps the
 *   links; without `--search`, every tool, document and secret of the workspace is declared.
 * - legacy: the agents with their per-agent documents, and the phone numbers.
 *
 * Every setting an object has is declared, except those equal to the default the API description
 * gives them (the service shows them anyway; see {@link withoutDefaults}); `keepDefaults` declares
 * those too. What the program cannot express (a setting the resource's schema does not have, or a
 * value it refuses) is left out, and a warning names the object and the field:
 * - file documents: the API never gives a file back; they are emitted commented out;
 * - text documents whose text the answer does not carry;
 * - credentials (secret values, Twilio auth tokens, SIP passwords) and live Twilio account SIDs are
 *   never returned; they become config the user sets (`cfg.requireSecret(...)`, `cfg.require(...)`),
 *   which is not a warning: the program says so in its header.
 */
import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { z } from "zod";
import type { WireAgent, WireDocument, WirePhoneNumber, WireTool } from "../client/endpoints";
import { liveShapes } from "../client/generated/live";
import { ElevenLabsClient } from "../client/http/client";
import type { SettingNames } from "../client/http/errors";
import type { Dialect } from "../client/http/settings";
import { collect, listed } from "../client/paging";
import { E164, namedIssues, propertyPath } from "../client/validate";
import { fromWire, isPlainObject, type PlainObject, type Shape, snakeToCamel } from "../client/wire";
import { AGENT_ANSWER_SCHEMA, render } from "../emulator/defaults";
import { deepEqual } from "../provider/kit/converge";
import { ifFound } from "../provider/kit/resource";
import { AGENT_DIALECTS, argsOfSettable, settableOf } from "../provider/resources/agent";
import { providerOf, sipHasCredentials, sipView } from "../provider/resources/phoneNumber";
import { ToolArgsSchema } from "../provider/resources/tool";

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
}

/** How many objects of each kind the program declares (and how many it leaves commented out). */
export interface ExportCounts {
  agents: number;
  tools: number;
  secrets: number;
  documents: number;
  phoneNumbers: number;
  commentedOut: number;
}

/** `N agent(s), N tool(s), N secret(s), N document(s), N phone number(s)`: what a program declares. */
export function countsText(c: ExportCounts): string {
  return (
    `${c.agents} agent(s), ${c.tools} tool(s), ${c.secrets} secret(s), ${c.documents} document(s), ` +
    `${c.phoneNumbers} phone number(s)`
  );
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
// Trees
// ---------------------------------------------------------------------------------------------

/** A path into a JSON tree: object keys and array indexes. */
type Path = readonly (string | number)[];

/** The value at `path`, or `undefined`. */
function valueAt(tree: unknown, path: Path): unknown {
  let cur = tree;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === "number") cur = cur[seg];
    else if (isPlainObject(cur) && typeof seg === "string" && Object.hasOwn(cur, seg)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

/** Sets `value` at `path` (a key of an object that exists); false when the parent is not there. */
function setAt(tree: PlainObject, path: Path, value: unknown): boolean {
  const parent = valueAt(tree, path.slice(0, -1));
  const key = path[path.length - 1];
  if (!isPlainObject(parent) || typeof key !== "string") return false;
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  return true;
}

/**
 * Removes what `path` names and answers the path actually removed: an array item takes its whole
 * array with it (declaring a shorter list would differ from the account, an undeclared one does not).
 */
function removeAt(tree: PlainObject, path: Path): Path | undefined {
  let target = path;
  while (typeof target[target.length - 1] === "number") target = target.slice(0, -1);
  const parent = valueAt(tree, target.slice(0, -1));
  const key = target[target.length - 1];
  if (!isPlainObject(parent) || typeof key !== "string" || !Object.hasOwn(parent, key)) return undefined;
  delete parent[key];
  return target;
}

/** A copy without `null`s (the API's "not set"), and without objects only `null`s filled. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (!isPlainObject(v)) return v;
  const out: PlainObject = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null || x === undefined) continue;
    const kept = withoutNulls(x);
    const emptied =
      isPlainObject(x) && Object.keys(x).length > 0 && isPlainObject(kept) && Object.keys(kept).length === 0;
    if (!emptied) setAt(out, [k], kept);
  }
  return out;
}

/**
 * A copy without the leaves at `paths`. With `dropEmptied`, objects that only those leaves filled
 * go too (objects that were empty stay); without, they stay as `{}` (where a filler fills them).
 */
function without(tree: PlainObject, paths: readonly Path[], dropEmptied: boolean): PlainObject {
  const copy = structuredClone(tree);
  const emptied = new Set<string>();
  for (const p of paths) {
    const parent = valueAt(copy, p.slice(0, -1));
    const key = p[p.length - 1];
    if (isPlainObject(parent) && typeof key === "string") {
      delete parent[key];
      emptied.add(JSON.stringify(p.slice(0, -1)));
    }
  }
  if (!dropEmptied) return copy;
  const byDepth = [...emptied].map((s) => JSON.parse(s) as Path).sort((a, b) => b.length - a.length);
  for (const p of byDepth) dropEmptyUp(copy, p, false);
  return copy;
}

/**
 * Removes the object at `path` if it is empty, then its parent if that left it empty, and so on up.
 * An empty object that is an array item stops the walk, unless `arrayItems`: then its whole array
 * goes (see {@link removeAt}) and the walk stops there.
 */
function dropEmptyUp(tree: PlainObject, path: Path, arrayItems: boolean): void {
  for (let up = path; up.length > 0; up = up.slice(0, -1)) {
    const v = valueAt(tree, up);
    if (!isPlainObject(v) || Object.keys(v).length > 0) break;
    if (!arrayItems && typeof up[up.length - 1] !== "string") break;
    if (removeAt(tree, up) === undefined) break;
  }
}

// ---------------------------------------------------------------------------------------------
// Defaults: what the service shows for a setting nobody set
// ---------------------------------------------------------------------------------------------

/** Answers a (wire) object as the service would: every property it lacks filled with its default. */
type Fill = (value: PlainObject) => unknown;

/** The filler of a component schema of an API description (the emulator's renderer). */
const fillerOf =
  (dialect: Dialect, schema: string): Fill =>
  (value) =>
    render(dialect, schema, value);

/** An object of a tree and its leaves: scalars, arrays without objects, empty objects. */
interface Node {
  path: Path;
  leaves: string[];
}

function nodesOf(v: PlainObject, path: Path, out: Node[]): Node[] {
  const leaves: string[] = [];
  for (const [k, x] of Object.entries(v)) {
    if (isPlainObject(x) && Object.keys(x).length > 0) nodesOf(x, [...path, k], out);
    else if (Array.isArray(x) && x.some(isPlainObject)) {
      x.forEach((item, i) => {
        if (isPlainObject(item)) nodesOf(item, [...path, k, i], out);
      });
    } else leaves.push(k);
  }
  if (leaves.length > 0) out.push({ path, leaves });
  return out;
}

/**
 * The `removed` leaves of `node` equal to the default `filled` shows in their place; `undefined`
 * when `filled` filled none of them (nothing known there, or a union member whose tag was removed).
 */
function defaultsIn(
  value: PlainObject,
  node: Node,
  removed: readonly string[],
  filled: unknown,
): Path[] | undefined {
  const at = valueAt(filled, node.path);
  const own = valueAt(value, node.path);
  if (!isPlainObject(at) || !isPlainObject(own)) return undefined;
  const known = removed.filter((k) => at[k] !== undefined);
  if (known.length === 0) return undefined;
  return known.filter((k) => deepEqual(at[k], own[k])).map((k) => [...node.path, k]);
}

/**
 * `value` (a wire object) without the leaves equal to the default the API description gives them in
 * their place: the settings the service shows for an object nobody configured. `fill` is the
 * description's renderer (the one that fills defaults in the emulator), so the defaults are the
 * description's, never typed here.
 *
 * One fill with every leaf removed settles most objects. An object it cannot settle (nothing was
 * filled in it: the member of a union whose tag went with the other leaves, or a place without
 * defaults) is tried alone, and then with each of its string leaves kept in turn (the union's tag,
 * which is then kept).
 */
export function withoutDefaults(value: PlainObject, fill: Fill): PlainObject {
  const nodes = nodesOf(value, [], []);
  const paths = (n: Node, keys: readonly string[]) => keys.map((k) => [...n.path, k]);
  const found: Path[] = [];
  const all = fill(
    without(
      value,
      nodes.flatMap((n) => paths(n, n.leaves)),
      false,
    ),
  );
  for (const node of nodes) {
    const tryWithout = (keys: readonly string[]) =>
      defaultsIn(value, node, keys, fill(without(value, paths(node, keys), false)));
    let hits = defaultsIn(value, node, node.leaves, all) ?? tryWithout(node.leaves);
    const own = valueAt(value, node.path) as PlainObject;
    const tags = node.leaves.length > 1 ? node.leaves.filter((k) => typeof own[k] === "string") : [];
    for (const tag of hits === undefined ? tags : []) {
      hits = tryWithout(node.leaves.filter((k) => k !== tag));
      if (hits !== undefined) break;
    }
    found.push(...(hits ?? []));
  }
  return without(value, found, true);
}

// ---------------------------------------------------------------------------------------------
// Fitting a tree to a resource's schema
// ---------------------------------------------------------------------------------------------

/** Puts the keys of the object at `path` in `tree` in the order they have in `like` (the answer's). */
function inOrderOf(tree: PlainObject, like: PlainObject, path: Path): void {
  const obj = valueAt(tree, path);
  const model = valueAt(like, path);
  if (!isPlainObject(obj) || !isPlainObject(model)) return;
  const order = Object.keys(model);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  const entries = Object.entries(obj).sort(([a], [b]) => rank(a) - rank(b));
  for (const [k] of entries) delete obj[k];
  for (const [k, v] of entries) setAt(obj, [k], v);
}

/** A setting left out of the program: where, its value and why. */
interface LeftOut {
  path: string;
  value: unknown;
  reason: string;
}

/**
 * Makes `declared` (the settings to declare, camelCase) valid for `schema`, in place. What the
 * schema refuses is left out; it is reported unless `sparse` (the settings without defaults) lacks
 * it, i.e. unless it is a default the service shows anyway. What the schema requires and was left
 * out as a default (a union's tag, a required object) is put back from `full`. `refused`: what
 * the schema still refuses when nothing more can be left out (the object cannot be declared).
 */
function fitToSchema(
  schema: z.ZodType,
  declared: PlainObject,
  sparse: PlainObject,
  full: PlainObject,
): { leftOut: LeftOut[]; refused?: string[] } {
  const leftOut: LeftOut[] = [];
  const gone = new Set<string>();
  const restored = new Set<string>();
  const key = (p: Path) => JSON.stringify(p);

  /** Puts back what `path` lacks from `full`: the value itself, or the scalars of an object there. */
  const restore = (path: Path): boolean => {
    if (restored.has(key(path))) return false;
    const have = valueAt(declared, path);
    const source = valueAt(full, path);
    let done = false;
    if (have === undefined && source !== undefined && !gone.has(key(path))) {
      done = setAt(declared, path, isPlainObject(source) ? {} : structuredClone(source));
    } else if (isPlainObject(have) && isPlainObject(source)) {
      for (const [k, v] of Object.entries(source)) {
        if (!(k in have) && !isPlainObject(v) && !gone.has(key([...path, k])))
          done = setAt(have, [k], v) || done;
      }
    }
    if (done) {
      restored.add(key(path));
      inOrderOf(declared, full, isPlainObject(valueAt(declared, path)) ? path : path.slice(0, -1));
    }
    return done;
  };

  /** Removes `path` (and the objects only it filled); reported unless it was a default. */
  const leaveOut = (path: Path, reason: string): boolean => {
    const removed = removeAt(declared, path);
    if (removed === undefined) return false;
    gone.add(key(removed));
    dropEmptyUp(declared, removed.slice(0, -1), true);
    const value = valueAt(sparse, removed);
    if (value !== undefined) leftOut.push({ path: propertyPath(removed), value, reason });
    return true;
  };

  for (;;) {
    const parsed = schema.safeParse(declared);
    if (parsed.success) return { leftOut };
    const issues = namedIssues(parsed.error).map((i) => ({
      ...i,
      at: i.segments.filter((s): s is string | number => typeof s !== "symbol"),
    }));
    // Unknown settings go first: what they leave empty needs nothing put back.
    let progress = false;
    for (const i of issues) if (i.unknownKey) progress = leaveOut(i.at, "no such setting") || progress;
    if (!progress) {
      for (const i of issues) progress = restore(i.at) || leaveOut(i.at, i.message) || progress;
    }
    // Every round removes or restores something, and nothing twice: this ends.
    if (!progress) return { leftOut, refused: issues.map((i) => `${i.path || "(object)"}: ${i.message}`) };
  }
}

// ---------------------------------------------------------------------------------------------
// Writing TypeScript
// ---------------------------------------------------------------------------------------------

/** A value written as code rather than as a literal (a reference, a config lookup). */
class Code {
  constructor(readonly text: string) {}
}

/** A reference to another declaration's output: code, and the variable it needs declared. */
class Ref extends Code {
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

function words(s: string): string[] {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

/** Unique names: a kebab-case resource name and a camelCase variable per object. */
class Names {
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
interface Declaration {
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

function declarationText(d: Declaration, referenced: ReadonlySet<string>): string {
  const bound = d.exported !== undefined || referenced.has(d.variable);
  const head = bound && !d.commentedOut ? `const ${d.variable} = ` : "";
  const code =
    `${head}new elevenlabs.${d.kind}(\n  ${JSON.stringify(d.resource)},\n  ${literal(d.args, "  ")},\n` +
    `  { import: ${JSON.stringify(d.importId)} },\n);`;
  const comment = d.comment.map((l) => `// ${l}`);
  return [...comment, ...(d.commentedOut ? code.split("\n").map((l) => `// ${l}`) : [code])].join("\n");
}

/** Ids of declared objects -> references to their outputs; records which variables are used. */
class References {
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
function mentioned(tree: unknown, known: ReadonlySet<string>, out = new Set<string>()): Set<string> {
  if (typeof tree === "string" && known.has(tree)) out.add(tree);
  else if (Array.isArray(tree)) for (const x of tree) mentioned(x, known, out);
  else if (isPlainObject(tree)) for (const x of Object.values(tree)) mentioned(x, known, out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// What is read
// ---------------------------------------------------------------------------------------------

type LiveAgent = z.infer<typeof WireAgent>;
type Doc = z.infer<typeof WireDocument>;
type Num = z.infer<typeof WirePhoneNumber>;
type Tool = z.infer<typeof WireTool>;

/** The Agent resource per dialect: the schema programs declare and the wire mapping. */
const AGENT: Record<Dialect, { schema: z.ZodType; shape: Shape }> = AGENT_DIALECTS;

/**
 * What a live document answer says beyond `WireDocument`: a text document's text
 * (`extracted_inner_html`) and a file document's name (`filename`; legacy says `file_name`).
 */
const DocumentDetails = z.looseObject({
  extracted_inner_html: z.string().nullish(),
  filename: z.string().nullish(),
});

function listAgents(api: ElevenLabsClient, search: string | undefined) {
  return collect(listed(api, "listAgents", { query: { search } }));
}

function listAgentDocuments(api: ElevenLabsClient, agentId: string): Promise<Doc[]> {
  return collect(listed(api, "listKnowledgeDocuments", { params: { agent_id: agentId } }));
}

function listWorkspaceDocuments(api: ElevenLabsClient): Promise<Doc[]> {
  return collect(listed(api, "listDocuments"));
}

function listTools(api: ElevenLabsClient): Promise<Tool[]> {
  return collect(listed(api, "listTools"));
}

function listSecrets(api: ElevenLabsClient) {
  return collect(listed(api, "listSecrets"));
}

// ---------------------------------------------------------------------------------------------
// The export
// ---------------------------------------------------------------------------------------------

/** `name (id)` as warnings name an object. */
const named = (what: string, name: string, id: string) => `${what} ${JSON.stringify(name)} (${id})`;

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? "undefined";
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** The state of one export run. */
class Exporter {
  readonly warnings: string[] = [];
  readonly notes: string[] = [];
  readonly secrets: string[] = [];
  readonly config: string[] = [];
  readonly counts: ExportCounts = {
    agents: 0,
    tools: 0,
    secrets: 0,
    documents: 0,
    phoneNumbers: 0,
    commentedOut: 0,
  };
  readonly names = new Names();
  readonly refs = new References();
  readonly declarations: Declaration[] = [];
  /** Agent ids declared (phone numbers assigned to others are left out under `--search`). */
  readonly agentIds = new Set<string>();

  constructor(
    readonly api: ElevenLabsClient,
    readonly dialect: Dialect,
    readonly search: string | undefined,
    readonly keepDefaults: boolean,
  ) {}

  /**
   * The declarable settings of a wire object: camelCase, defaults left out (unless kept), fitted
   * to the resource's schema; what is left out is a warning naming `what` and the field.
   */
  settings(
    what: string,
    wire: PlainObject,
    fill: Fill,
    toArgs: (w: PlainObject) => PlainObject,
    schema: z.ZodType,
  ) {
    const clean = withoutNulls(wire) as PlainObject;
    const full = toArgs(clean);
    const sparse = toArgs(withoutDefaults(clean, fill));
    const declared = structuredClone(this.keepDefaults ? full : sparse);
    const fitted = fitToSchema(schema, declared, sparse, full);
    for (const l of fitted.leftOut) {
      this.warnings.push(
        `${what}: left out ${l.path} = ${short(l.value)} (${l.reason}); it stays as it is in the account`,
      );
    }
    if (fitted.refused === undefined) return declared;
    this.warnings.push(`${what}: left out entirely (${fitted.refused.join("; ")})`);
    return undefined;
  }

  cfg(key: string, secret: boolean): Code {
    (secret ? this.secrets : this.config).push(key);
    return new Code(`cfg.${secret ? "requireSecret" : "require"}(${JSON.stringify(key)})`);
  }

  // ----- agents ------------------------------------------------------------------------------

  async agents(): Promise<LiveAgent[]> {
    // Oldest first, so that a program exported twice from the same account reads the same.
    const found: LiveAgent[] = [];
    for (const s of (await listAgents(this.api, this.search)).reverse()) {
      const live = await ifFound(this.api.call("getAgent", { params: { agent_id: s.agent_id } }));
      if (live) found.push(live);
    }
    return found;
  }

  /** The agent's declarable settings; `undefined` when it cannot be declared at all (a warning). */
  agentArgs(live: LiveAgent): PlainObject | undefined {
    const { schema, shape } = AGENT[this.dialect];
    const fill = fillerOf(this.dialect, AGENT_ANSWER_SCHEMA[this.dialect]);
    // A tree without defaults may lack conversation_config; the args keep it, empty.
    const toArgs = (w: PlainObject) =>
      argsOfSettable({ name: live.name, conversation_config: {}, ...w }, shape);
    return this.settings(named("agent", live.name, live.agent_id), settableOf(live), fill, toArgs, schema);
  }

  /** Declares an agent with its settings (`args`, from {@link agentArgs}; none: not declared). */
  declareAgent(live: LiveAgent, args: PlainObject | undefined): void {
    if (args === undefined) return;
    const v = this.names.take(words(live.name), "agent");
    this.declarations.push({
      comment: [`Agent ${JSON.stringify(live.name)} (${live.agent_id})`],
      variable: v.variable,
      kind: "Agent",
      resource: v.resource,
      args: this.refs.link(args) as PlainObject,
      importId: live.agent_id,
      exported: "agentId",
    });
    this.refs.add(live.agent_id, v.variable, "agentId");
    this.agentIds.add(live.agent_id);
    this.counts.agents++;
  }

  // ----- documents ---------------------------------------------------------------------------

  /** A document: URL and text documents declared, file documents commented out (a warning). */
  declareDocument(doc: Doc, owner: LiveAgent | undefined, text: string | undefined): void {
    const base = owner ? [...words(owner.name), ...words(doc.name)] : words(doc.name);
    const v = this.names.take(base, "document");
    const type = doc.type ?? (doc.url ? "url" : "file");
    const agentId = owner ? { agentId: this.refs.link(owner.agent_id) } : {};
    const of = owner ? ` of ${owner.name}` : "";
    const what = named("document", doc.name, doc.id) + (owner ? ` (agent ${owner.agent_id})` : "");
    const declaration = (args: PlainObject, comment: string[], commentedOut = false): void => {
      this.declarations.push({
        comment,
        variable: v.variable,
        kind: "KnowledgeDocument",
        resource: v.resource,
        args,
        importId: doc.id,
        commentedOut,
      });
    };
    const heading = `Document ${JSON.stringify(doc.name)} (${doc.id})${of}`;
    if (type === "url" && doc.url) {
      declaration({ ...agentId, name: doc.name, url: doc.url }, [heading]);
    } else if (type === "text" && text !== undefined) {
      declaration({ ...agentId, name: doc.name, text }, [heading]);
    } else if (type === "text") {
      this.warnings.push(`${what}: left out (a text document whose text the API did not answer)`);
      return;
    } else if (type === "file") {
      const file = doc.file_name ?? `${v.resource}.pdf`;
      declaration(
        { ...agentId, name: doc.name, filePath: `./${file}` },
        [
          `${heading} is a file document: the API cannot`,
          "give its content back, so it cannot be exported. To adopt it, put the same file next to this",
          `program as ./${file} (the provider checks the name and, where the service reports it, the size;`,
          "the content itself is assumed to match) and uncomment:",
        ],
        true,
      );
      this.warnings.push(
        `${what}: left out (a file document; its content cannot be read back, so it is emitted commented out)`,
      );
      this.counts.commentedOut++;
      return;
    } else {
      this.warnings.push(
        `${what}: left out (a ${type} document, which the KnowledgeDocument resource cannot declare)`,
      );
      return;
    }
    this.refs.add(doc.id, v.variable, "documentId");
    this.counts.documents++;
  }

  // ----- tools and secrets (live) ------------------------------------------------------------

  /** The tool's declarable configuration; `undefined` when it cannot be declared at all (a warning). */
  toolArgs(tool: Tool): PlainObject | undefined {
    const name = tool.tool_config.name ?? tool.id;
    const fill: Fill = (w) => render("live", "ToolResponseModel", { id: tool.id, ...w });
    const toArgs = (w: PlainObject) => ({ toolConfig: fromWire(w.tool_config ?? {}, liveShapes.ToolConfig) });
    return this.settings(
      named("tool", name, tool.id),
      { tool_config: tool.tool_config },
      fill,
      toArgs,
      ToolArgsSchema,
    );
  }

  declareTool(tool: Tool): void {
    const args = this.toolArgs(tool);
    if (args === undefined) return;
    const v = this.names.take(words(tool.tool_config.name ?? ""), "tool");
    this.declarations.push({
      comment: [`Tool ${JSON.stringify(tool.tool_config.name ?? tool.id)} (${tool.id})`],
      variable: v.variable,
      kind: "Tool",
      resource: v.resource,
      args: this.refs.link(args) as PlainObject,
      importId: tool.id,
    });
    this.refs.add(tool.id, v.variable, "toolId");
    this.counts.tools++;
  }

  declareSecret(secret: { secret_id: string; name: string }): void {
    const v = this.names.take(words(secret.name), "secret");
    const key = `${v.variable}Value`;
    this.declarations.push({
      comment: [
        `Secret ${JSON.stringify(secret.name)} (${secret.secret_id})`,
        `Note: its value is never returned: pulumi config set --secret ${key} <value>.`,
      ],
      variable: v.variable,
      kind: "Secret",
      resource: v.resource,
      args: { name: secret.name, value: this.cfg(key, true) },
      importId: secret.secret_id,
    });
    this.refs.add(secret.secret_id, v.variable, "secretId");
    this.counts.secrets++;
  }

  // ----- phone numbers -----------------------------------------------------------------------

  async phoneNumbers(): Promise<void> {
    const numbers = await this.api.call("listPhoneNumbers");
    for (const listed of [...numbers].reverse()) {
      const assigned = listed.assigned_agent?.agent_id;
      if (assigned === undefined ? this.search !== undefined : !this.agentIds.has(assigned)) continue;
      const live = await ifFound(
        this.api.call("getPhoneNumber", { params: { phone_number_id: listed.phone_number_id } }),
      );
      if (live) this.declarePhoneNumber(live);
    }
  }

  declarePhoneNumber(live: Num): void {
    const label = live.label ?? live.phone_number;
    const v = this.names.take(words(label), "phone-number");
    const what = named("phone number", label, live.phone_number_id);
    const args: PlainObject = {
      provider: providerOf(live),
      phoneNumber: live.phone_number,
      label,
    };
    const notes: string[] = [];
    if (live.provider === "twilio") {
      const tokenKey = `${v.variable}TwilioAuthToken`;
      const sid = live.twilio_config?.account_sid;
      const sidKey = `${v.variable}TwilioAccountSid`;
      args.twilioConfig = { accountSid: sid ?? this.cfg(sidKey, false), authToken: this.cfg(tokenKey, true) };
      notes.push(`the Twilio auth token is never returned: pulumi config set --secret ${tokenKey} <token>`);
      if (sid === undefined)
        notes.push(`the live API does not return the account SID: pulumi config set ${sidKey} <AC…>`);
    } else if (args.provider === "sip") {
      const trunk = sipView(live) ?? {};
      const conf: PlainObject = { address: trunk.address ?? "", transport: trunk.transport ?? "auto" };
      if (trunk.username) conf.username = trunk.username;
      if (sipHasCredentials(live)) {
        const key = `${v.variable}SipPassword`;
        conf.password = this.cfg(key, true);
        notes.push(`the SIP password is never returned: pulumi config set --secret ${key} <password>`);
      }
      args.sipConfig = conf;
      if (live.provider === "sip_trunk") this.trunkLeftovers(what, live);
    } else {
      this.warnings.push(
        `${what}: left out (provider '${live.provider}', which the PhoneNumber resource cannot declare)`,
      );
      return;
    }
    const assigned = live.assigned_agent?.agent_id;
    if (assigned !== undefined) args.agentId = this.refs.link(assigned);
    if (!E164.test(live.phone_number))
      this.warnings.push(
        `${what}: phoneNumber '${live.phone_number}' is not in E.164 form; fix it in the program`,
      );
    notes.push(
      "the provider cannot verify credentials: it assumes the ones you set are those the service holds",
    );
    this.declarations.push({
      comment: [
        `Phone number ${live.phone_number} (${live.phone_number_id})`,
        ...notes.map((x) => `Note: ${x}.`),
      ],
      variable: v.variable,
      kind: "PhoneNumber",
      resource: v.resource,
      args,
      importId: live.phone_number_id,
    });
    this.counts.phoneNumbers++;
  }

  /**
   * Warns for a live SIP trunk's settings the PhoneNumber resource lacks (those beyond the outbound
   * trunk's address, transport and credentials) where they differ from the defaults.
   */
  trunkLeftovers(what: string, live: Num): void {
    const sparse = withoutDefaults(
      withoutNulls(live) as PlainObject,
      fillerOf("live", "GetPhoneNumberSIPTrunkResponseModel"),
    );
    const outbound = valueAt(sparse, ["outbound_trunk"]);
    const declared = new Set(["address", "transport", "username", "has_auth_credentials"]);
    const extra = isPlainObject(outbound) ? Object.keys(outbound).filter((k) => !declared.has(k)) : [];
    for (const k of extra) {
      this.warnings.push(
        `${what}: left out sipConfig.${snakeToCamel(k)} = ${short(valueAt(outbound, [k]))} (no such setting); it stays as it is in the account`,
      );
    }
    if (sparse.inbound_trunk !== undefined) {
      this.warnings.push(
        `${what}: left out inboundTrunk = ${short(fromWire(sparse.inbound_trunk))} (no such setting); it stays as it is in the account`,
      );
    }
  }

  // ----- per dialect -------------------------------------------------------------------------

  async live(): Promise<void> {
    const agents = await this.agents();
    const [tools, docs, secrets] = await Promise.all([
      listTools(this.api),
      listWorkspaceDocuments(this.api),
      listSecrets(this.api),
    ]);
    const agentArgs = agents.map((a) => ({ live: a, args: this.agentArgs(a) }));
    // With --search, only what the chosen agents use (and the secrets their tools refer to).
    const use = (known: readonly string[], trees: readonly unknown[]) =>
      this.search === undefined ? new Set(known) : mentioned(trees, new Set(known));
    const usedTools = use(
      tools.map((t) => t.id),
      agentArgs.map((a) => a.args),
    );
    const chosenTools = tools.filter((t) => usedTools.has(t.id)).reverse();
    const usedSecrets = use(
      secrets.map((s) => s.secret_id),
      [...chosenTools.map((t) => t.tool_config), ...agentArgs.map((a) => a.args)],
    );
    const usedDocs = use(
      docs.map((d) => d.id),
      agentArgs.map((a) => a.args),
    );
    for (const s of [...secrets].reverse()) if (usedSecrets.has(s.secret_id)) this.declareSecret(s);
    for (const t of chosenTools) this.declareTool(t);
    for (const listed of [...docs].reverse()) {
      if (!usedDocs.has(listed.id)) continue;
      const doc = await ifFound(this.api.call("getDocument", { params: { documentation_id: listed.id } }));
      if (!doc) continue;
      const details = DocumentDetails.parse(doc);
      const text = doc.type === "text" ? details.extracted_inner_html || undefined : undefined;
      this.declareDocument({ ...doc, file_name: doc.file_name ?? details.filename }, undefined, text);
    }
    for (const a of agentArgs) this.declareAgent(a.live, a.args);
    await this.phoneNumbers();
  }

  async legacy(): Promise<void> {
    for (const live of await this.agents()) {
      this.declareAgent(live, this.agentArgs(live));
      for (const doc of (await listAgentDocuments(this.api, live.agent_id)).reverse()) {
        this.declareDocument(doc, live, undefined);
      }
    }
    await this.phoneNumbers();
  }

  // ----- the program -------------------------------------------------------------------------

  program(importFrom: string): string {
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
  const run = new Exporter(api, dialect, search, options.keepDefaults ?? false);
  await (dialect === "live" ? run.live() : run.legacy());
  if (run.declarations.length === 0) {
    run.notes.push(
      search !== undefined
        ? `no agent matches ${JSON.stringify(search)}`
        : "the account holds nothing to export",
    );
  }
  return {
    program: run.program(options.importFrom ?? "pulumi-elevenlabs"),
    dialect,
    warnings: run.warnings,
    notes: run.notes,
    counts: run.counts,
    secrets: run.secrets,
    config: run.config,
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
