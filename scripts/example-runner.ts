/**
 * Runs an example program (an ordinary Pulumi project: Pulumi.yaml + index.ts) inline through the
 * Automation API, the way `pulumi up` would with the Node language host, which cannot be had on
 * every machine. Used by `make demo`, `make gitops` and the example tests.
 *
 * Like `pulumi` in the example's folder, it loads the example's Pulumi.yaml (checked here with the
 * engine's rules first, so that a project the CLI would reject fails with a clear message), and
 * reads the stack's plain config from the example's `Pulumi.<stack>.yaml` (if there is one); the
 * API key and base URL given here are set on top (the key as a secret), then `config`. Nothing is
 * written into the example's folder: the workspace (Pulumi.yaml and the stack's settings file)
 * lives in `stateDir/work`, the state in `stateDir/state`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join, resolve } from "node:path";
import { runInThisContext } from "node:vm";
import { type ConfigMap, LocalWorkspace, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";
import { dump, load } from "js-yaml";
import * as ts from "typescript";

export const REPO_ROOT = resolve(__dirname, "..");

export interface ExampleOptions {
  /** The example's folder (holds Pulumi.yaml and index.ts). */
  dir: string;
  stackName: string;
  /** Folder for the file backend, the workspace and PULUMI_HOME. */
  stateDir: string;
  baseUrl: string;
  apiKey: string;
  /** Extra stack config, plain or secret; wins over the stack's config file. */
  config?: ConfigMap;
  /** Where engine output goes (default: stdout). */
  onOutput?: (s: string) => void;
  /** Read the plain config of the example's `Pulumi.<stack>.yaml` (default: true). */
  stackConfigFile?: boolean;
}

/** One entry of a project's `config:` block, in its long form (shorthand values are rewritten). */
export interface ProjectConfigDeclaration {
  type?: "string" | "integer" | "boolean" | "array" | "object";
  description?: string;
  secret?: boolean;
  default?: unknown;
  value?: unknown;
  items?: unknown;
}

/** A project file (`Pulumi.yaml`), parsed and checked. */
export interface ProjectFile {
  /** The file read. */
  path: string;
  /** The parsed document, as the engine would load it (extra fields kept). */
  document: Record<string, unknown> & { name: string };
  name: string;
  /** The `config:` block by key as written (`agentName`, `elevenlabs:baseUrl`), long form. */
  config: Record<string, ProjectConfigDeclaration>;
}

/** A Pulumi.yaml that the Pulumi CLI would reject (the message says which rule and how to fix it). */
export class InvalidProjectError extends Error {
  override name = "InvalidProjectError";
}

const CONFIG_TYPES = new Set(["string", "integer", "boolean", "array", "object"]);
const DECLARATION_KEYS = new Set(["type", "description", "secret", "default", "value", "items"]);

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** True when a value fits a declared config type (the engine's `ValidateConfigValue`, without items). */
function fitsType(type: string, v: unknown): boolean {
  switch (type) {
    case "string":
      return typeof v === "string";
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "boolean":
      return typeof v === "boolean";
    case "array":
      return Array.isArray(v);
    default:
      return isMap(v);
  }
}

/**
 * One `config:` entry checked against the engine's project rules (`Project.Validate` in
 * sdk/go/common/workspace/project.go): keys of the project's namespace (`agentName`,
 * `<project>:agentName`) are declarations (type, description, secret, default); keys of another
 * namespace (`elevenlabs:apiKey`) may only carry a `value` shared by every stack.
 */
function checkDeclaration(
  path: string,
  project: string,
  key: string,
  raw: unknown,
): ProjectConfigDeclaration {
  const own = !key.includes(":") || key.startsWith(`${project}:`);
  const where = `${path}: config '${key}'`;
  // Shorthand (`key: value`): a default for the project's keys, a value for another namespace's.
  if (!isMap(raw)) return own ? { default: raw } : { value: raw };
  const unknownKeys = Object.keys(raw).filter((k) => !DECLARATION_KEYS.has(k));
  if (unknownKeys.length > 0)
    throw new InvalidProjectError(
      `${where}: unknown attribute(s) ${unknownKeys.join(", ")} (allowed: ${[...DECLARATION_KEYS].join(", ")})`,
    );
  const decl = raw as ProjectConfigDeclaration;
  if (decl.type !== undefined && !CONFIG_TYPES.has(decl.type))
    throw new InvalidProjectError(
      `${where}: type '${decl.type}' is not one of ${[...CONFIG_TYPES].join(", ")}`,
    );
  if (decl.secret !== undefined && typeof decl.secret !== "boolean")
    throw new InvalidProjectError(`${where}: 'secret' must be true or false`);
  if (decl.default !== undefined && decl.value !== undefined)
    throw new InvalidProjectError(`${where} cannot have both a 'default' and a 'value'`);
  if (own) {
    if (decl.type === "array" && decl.items === undefined)
      throw new InvalidProjectError(`${where} declares an array but not the type of its 'items'`);
    if (decl.type !== undefined && decl.default !== undefined && !fitsType(decl.type, decl.default))
      throw new InvalidProjectError(`${where}: the default is not of type '${decl.type}'`);
    return decl;
  }
  const hint =
    "a key of another namespace than the project's cannot be declared in Pulumi.yaml; " +
    `set it per stack instead (pulumi config set${decl.secret ? " --secret" : ""} ${key} <value>)`;
  if (decl.type !== undefined || decl.default !== undefined || decl.value === undefined)
    throw new InvalidProjectError(
      `${where} is namespaced and must provide an attribute 'value' (and no 'type' or 'default'): ${hint}`,
    );
  return decl;
}

/**
 * Reads and checks a project's `Pulumi.yaml` (or `.yml`) with the YAML parser: a map with a `name`
 * and a `runtime`, and a `config:` block that follows the engine's rules. Throws an
 * {@link InvalidProjectError} naming the file and the rule for anything the Pulumi CLI would refuse.
 */
export function readProjectFile(dir: string): ProjectFile {
  const path = [".yaml", ".yml"].map((ext) => join(dir, `Pulumi${ext}`)).find((p) => existsSync(p));
  if (!path) throw new InvalidProjectError(`${dir}: no Pulumi.yaml`);
  let doc: unknown;
  try {
    doc = load(readFileSync(path, "utf8"), { filename: path });
  } catch (err) {
    throw new InvalidProjectError(`${path}: not valid YAML: ${err instanceof Error ? err.message : err}`);
  }
  if (!isMap(doc)) throw new InvalidProjectError(`${path}: must be a YAML map (name, runtime, ...)`);
  const name = doc.name;
  if (typeof name !== "string" || name.trim() === "")
    throw new InvalidProjectError(`${path}: 'name' must be a non-empty string`);
  const runtime = doc.runtime;
  if (typeof runtime !== "string" && !(isMap(runtime) && typeof runtime.name === "string"))
    throw new InvalidProjectError(`${path}: 'runtime' must be a name (e.g. nodejs) or { name, options }`);
  const rawConfig = doc.config ?? {};
  if (!isMap(rawConfig))
    throw new InvalidProjectError(`${path}: 'config' must be a map of keys to declarations`);
  const config: Record<string, ProjectConfigDeclaration> = {};
  for (const [key, raw] of Object.entries(rawConfig)) config[key] = checkDeclaration(path, name, key, raw);
  return { path, document: { ...doc, name }, name, config };
}

function projectName(dir: string): string {
  return readProjectFile(dir).name;
}

/**
 * A config key in full, as the CLI reads it: one without a namespace (`agentName`) is the project's
 * (`<project>:agentName`); one with a namespace (`elevenlabs:baseUrl`) stays as it is.
 */
export function fullConfigKey(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/** The plain config of a stack's settings file, and the keys it holds as secrets (left out). */
export interface StackConfigFile {
  /** The file read, or undefined when the stack has none. */
  path: string | undefined;
  /** Plain values by full key (`project:key`, `elevenlabs:baseUrl`). */
  config: ConfigMap;
  /**
   * Keys whose value in the file is encrypted (`secure:`). They are not loaded: an encrypted value
   * only decrypts with the secrets provider (and passphrase) of the state it was made in. Set them
   * with `config` instead (the runner sets `elevenlabs:apiKey` itself).
   */
  secureKeys: string[];
}

/**
 * Reads `Pulumi.<stack>.yaml` (or `.yml`, `.json`) from a project folder: its `config:` map, with
 * keys without a namespace put in the project's (as the CLI does), scalars as strings and
 * structured values as JSON (what `Config.getObject` reads). `project` is the project's name when
 * the caller has read Pulumi.yaml already (default: read from `dir` when needed).
 */
export function readStackConfigFile(dir: string, stackName: string, project?: string): StackConfigFile {
  const path = [".yaml", ".yml", ".json"]
    .map((ext) => join(dir, `Pulumi.${stackName}${ext}`))
    .find((p) => existsSync(p));
  const result: StackConfigFile = { path, config: {}, secureKeys: [] };
  if (!path) return result;
  const doc = load(readFileSync(path, "utf8"), { filename: path });
  const raw = typeof doc === "object" && doc !== null ? (doc as Record<string, unknown>).config : undefined;
  if (raw === undefined || raw === null) return result;
  if (typeof raw !== "object" || Array.isArray(raw)) throw new Error(`${path}: 'config' must be a map`);
  const namespace = project ?? projectName(dir);
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const key = fullConfigKey(namespace, k);
    if (v === null || v === undefined) continue;
    if (typeof v === "object" && !Array.isArray(v) && "secure" in v) result.secureKeys.push(key);
    else result.config[key] = { value: typeof v === "object" ? JSON.stringify(v) : String(v) };
  }
  return result;
}

/**
 * A program that evaluates the example's index.ts afresh on every run and returns its exports.
 * The file is compiled to CommonJS here and run as a module of its own folder (its imports resolve
 * from there), whatever loader the calling process has: `require` would cache it (and Node 22 may
 * load a .ts file as an ES module, whose cache cannot be cleared), and a second stack of the same
 * program must register its resources again.
 */
export function exampleProgram(dir: string): PulumiFn {
  const entry = resolve(dir, "index.ts");
  return async () => {
    const js = ts.transpileModule(readFileSync(entry, "utf8"), {
      fileName: entry,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
    }).outputText;
    const run = runInThisContext(`(function (exports, require, module, __filename, __dirname) {${js}\n})`, {
      filename: entry,
    }) as (
      exports: object,
      req: NodeJS.Require,
      module: { exports: object },
      file: string,
      dir: string,
    ) => void;
    const module = { exports: {} };
    run(module.exports, createRequire(entry), module, entry, dirname(entry));
    return { ...(module.exports as Record<string, unknown>) };
  };
}

export async function exampleStack(opts: ExampleOptions): Promise<Stack> {
  const workDir = join(opts.stateDir, "work");
  mkdirSync(join(opts.stateDir, "state"), { recursive: true });
  mkdirSync(workDir, { recursive: true });
  const envPath = [
    join(REPO_ROOT, "node_modules", ".bin"),
    join(REPO_ROOT, ".tools", "bin"),
    process.env.PATH,
  ].join(delimiter);
  process.env.PATH = envPath;
  const project = readProjectFile(opts.dir);
  // The workspace's Pulumi.yaml is the example's own (its config declarations included, so that the
  // engine checks and defaults the stack's config as `pulumi up` would), with the file backend.
  writeFileSync(
    join(workDir, "Pulumi.yaml"),
    dump({ ...project.document, backend: { url: `file://${join(opts.stateDir, "state")}` } }),
  );
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: opts.stackName, projectName: project.name, program: exampleProgram(opts.dir) },
    {
      workDir,
      pulumiHome: join(opts.stateDir, "home"),
      envVars: {
        PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "pulumi-elevenlabs-demo",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        NODE_PATH: join(REPO_ROOT, "node_modules"),
        PATH: envPath,
      },
    },
  );
  // The config is rebuilt on every run, so a key removed from the file is gone from the stack too.
  await clearConfig(stack);
  const file =
    opts.stackConfigFile === false ? undefined : readStackConfigFile(opts.dir, opts.stackName, project.name);
  await stack.setAllConfig({
    ...file?.config,
    "elevenlabs:apiKey": { value: opts.apiKey, secret: true },
    "elevenlabs:baseUrl": { value: opts.baseUrl },
    ...opts.config,
  });
  return stack;
}

/** Empties the stack's config in its settings file (in the runner's workspace), keeping the rest. */
async function clearConfig(stack: Stack): Promise<void> {
  const ws = stack.workspace;
  let settings: Awaited<ReturnType<typeof ws.stackSettings>>;
  try {
    settings = await ws.stackSettings(stack.name);
  } catch {
    return; // no settings file yet: nothing to clear
  }
  if (settings.config && Object.keys(settings.config).length > 0)
    await ws.saveStackSettings(stack.name, { ...settings, config: {} });
}

/** True when a folder is an example this runner can load. */
export function isExample(dir: string): boolean {
  return existsSync(join(dir, "Pulumi.yaml")) && existsSync(join(dir, "index.ts"));
}
