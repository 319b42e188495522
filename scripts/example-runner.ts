/**
 * Runs an example program (an ordinary Pulumi project: Pulumi.yaml + index.ts) inline through the
 * Automation API, the way `pulumi up` would with the Node language host, which cannot be had on
 * every machine. Used by `make demo`, `make gitops` and the example tests.
 *
 * Like `pulumi` in the example's folder, it reads the stack's plain config from the example's
 * `Pulumi.<stack>.yaml` (if there is one); the API key and base URL given here are set on top (the
 * key as a secret), then `config`. Nothing is written into the example's folder: the workspace
 * (Pulumi.yaml and the stack's settings file) lives in `stateDir/work`, the state in `stateDir/state`.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join, resolve } from "node:path";
import { runInThisContext } from "node:vm";
import { type ConfigMap, LocalWorkspace, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";
import { load } from "js-yaml";
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

function projectName(dir: string): string {
  const yaml = readFileSync(join(dir, "Pulumi.yaml"), "utf8");
  const m = /^name:\s*(\S+)/m.exec(yaml);
  if (!m?.[1]) throw new Error(`${dir}/Pulumi.yaml has no name`);
  return m[1];
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
 * structured values as JSON (what `Config.getObject` reads).
 */
export function readStackConfigFile(dir: string, stackName: string): StackConfigFile {
  const path = [".yaml", ".yml", ".json"]
    .map((ext) => join(dir, `Pulumi.${stackName}${ext}`))
    .find((p) => existsSync(p));
  const result: StackConfigFile = { path, config: {}, secureKeys: [] };
  if (!path) return result;
  const doc = load(readFileSync(path, "utf8"), { filename: path });
  const raw = typeof doc === "object" && doc !== null ? (doc as Record<string, unknown>).config : undefined;
  if (raw === undefined || raw === null) return result;
  if (typeof raw !== "object" || Array.isArray(raw)) throw new Error(`${path}: 'config' must be a map`);
  const project = projectName(dir);
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const key = k.includes(":") ? k : `${project}:${k}`;
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
  const name = projectName(opts.dir);
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: opts.stackName, projectName: name, program: exampleProgram(opts.dir) },
    {
      workDir,
      pulumiHome: join(opts.stateDir, "home"),
      projectSettings: {
        name,
        runtime: "nodejs",
        backend: { url: `file://${join(opts.stateDir, "state")}` },
      },
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
  const file = opts.stackConfigFile === false ? undefined : readStackConfigFile(opts.dir, opts.stackName);
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
