/**
 * The provider plugin (`pulumi-resource-elevenlabs`) for engine tests, and programs in the languages
 * that need it: YAML projects run with the real CLI in a folder of their own (as users run them),
 * Python programs run through Pulumi's Python Automation API (.tools/python). The engine finds the
 * plugin on PATH, as it finds a globally installed npm package's bin: a launcher in a temp folder
 * that runs the built plugin (`dist/provider/plugin/main.js`, rebuilt by the tests' global set-up)
 * on the Node 22 of node_modules.
 */
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { REPO_ROOT } from "./paths";

/** Node 22 (the package's minimum): this process's when it is one, else the npm package's. */
export const NODE22 =
  Number(process.versions.node.split(".")[0]) >= 22
    ? process.execPath
    : join(REPO_ROOT, "node_modules", ".bin", "node");

/** The Python of .tools/python (make setup). */
export const PYTHON = join(REPO_ROOT, ".tools", "python", "bin", "python");

let launcherDir: string | undefined;

/** A folder holding `pulumi-resource-elevenlabs`, made once per test process. */
export function pluginBinDir(): string {
  if (launcherDir) return launcherDir;
  const dir = mkdtempSync(join(tmpdir(), "elevenlabs-plugin-bin-"));
  const main = join(REPO_ROOT, "dist", "provider", "plugin", "main.js");
  const launcher = join(dir, "pulumi-resource-elevenlabs");
  writeFileSync(launcher, `#!/bin/sh\nexec "${NODE22}" "${main}" "$@"\n`);
  chmodSync(launcher, 0o755);
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  launcherDir = dir;
  return dir;
}

/** PATH for the engine: the plugin, Node 22, the engine and the YAML host (.tools/bin), then the rest. */
export function pluginPath(): string {
  return [pluginBinDir(), dirname(NODE22), join(REPO_ROOT, ".tools", "bin"), process.env.PATH].join(
    delimiter,
  );
}

/**
 * The environment of every CLI and Automation API run: own home, file backend, no waits; the
 * plugin on PATH unless `pluginOnPath` is false (then only an installed plugin serves).
 */
function baseEnv(root: string, pluginOnPath = true): NodeJS.ProcessEnv {
  return {
    PATH: pluginOnPath
      ? pluginPath()
      : [dirname(NODE22), join(REPO_ROOT, ".tools", "bin"), process.env.PATH].join(delimiter),
    HOME: root,
    PULUMI_HOME: join(root, "home"),
    PULUMI_BACKEND_URL: `file://${join(root, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "test-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    // The plugin is on PATH; nothing is downloaded.
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    ELEVENLABS_RETRY_DELAY_SCALE: "0",
  };
}

/** The output of a command. */
export interface CliResult {
  stdout: string;
  stderr: string;
}

/** Where a stack's provider points. */
export interface ProviderSettings {
  baseUrl: string;
  apiKey: string;
  dialect?: "live" | "legacy";
}

/**
 * A YAML project in a folder of its own, run with the real `pulumi` CLI: its own PULUMI_HOME,
 * file backend and passphrase, one stack configured for an emulator.
 */
export class YamlProject {
  /** Every command's output, for leak checks. */
  readonly transcript: string[] = [];
  readonly dir: string;

  private constructor(
    readonly root: string,
    readonly stack: string,
    private readonly pluginOnPath: boolean,
  ) {
    this.dir = join(root, "project");
  }

  /** A project of `files` (at least `Pulumi.yaml`), a stack `stack`, config for `settings`. */
  static async create(
    files: Record<string, string>,
    settings: ProviderSettings,
    opts: {
      stack?: string;
      config?: Record<string, string>;
      secrets?: Record<string, string>;
      /** False: the plugin is not on PATH (the test installs it). */
      pluginOnPath?: boolean;
    } = {},
  ): Promise<YamlProject> {
    const p = new YamlProject(
      mkdtempSync(join(tmpdir(), "yaml-project-")),
      opts.stack ?? "dev",
      opts.pluginOnPath ?? true,
    );
    mkdirSync(join(p.root, "state"));
    p.write(files);
    await p.pulumi(["stack", "init", p.stack]);
    await p.pulumi(["config", "set", "elevenlabs:baseUrl", settings.baseUrl]);
    await p.pulumi(["config", "set", "--secret", "elevenlabs:apiKey", settings.apiKey]);
    if (settings.dialect) await p.pulumi(["config", "set", "elevenlabs:apiDialect", settings.dialect]);
    for (const [k, v] of Object.entries(opts.config ?? {})) await p.pulumi(["config", "set", k, v]);
    for (const [k, v] of Object.entries(opts.secrets ?? {}))
      await p.pulumi(["config", "set", "--secret", k, v]);
    return p;
  }

  /** Writes project files (paths relative to the project folder). */
  write(files: Record<string, string>): void {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(this.dir, path)), { recursive: true });
      writeFileSync(join(this.dir, path), text);
    }
  }

  /** Runs `pulumi args…` in the project folder; a failure throws with the command and its output. */
  pulumi(args: string[], opts: { allowFailure?: boolean } = {}): Promise<CliResult & { code: number }> {
    return new Promise((resolve, reject) => {
      execFile(
        "pulumi",
        [...args, "--non-interactive"],
        { cwd: this.dir, env: baseEnv(this.root, this.pluginOnPath), maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => {
          // The output only: a secret's value is in the arguments of `config set --secret`.
          this.transcript.push(`${stdout}\n${stderr}`);
          const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
          if (code !== 0 && !opts.allowFailure)
            reject(new Error(`pulumi ${args.slice(0, 2).join(" ")} failed (${code}):\n${stdout}\n${stderr}`));
          else resolve({ stdout, stderr, code });
        },
      );
    });
  }

  /** `pulumi up`, one operation at a time (deterministic request order). */
  up(): Promise<CliResult> {
    return this.pulumi(["up", "--yes", "--skip-preview", "--parallel", "1"]);
  }

  /** `pulumi preview --expect-no-changes`: fails when anything would change. */
  previewNoChanges(): Promise<CliResult> {
    return this.pulumi(["preview", "--expect-no-changes", "--diff"]);
  }

  /** `pulumi preview` with its JSON plan (steps by operation). */
  async previewSteps(): Promise<
    { op: string; urn: string; diffReasons?: string[]; replaceReasons?: string[] }[]
  > {
    const r = await this.pulumi(["preview", "--json"]);
    return (JSON.parse(r.stdout) as { steps?: { op: string; urn: string }[] }).steps ?? [];
  }

  /** `pulumi refresh`, returning its summary of changes (e.g. `{ update: 1 }`; `same` left out). */
  async refresh(): Promise<Record<string, number>> {
    const r = await this.pulumi(["refresh", "--yes", "--skip-preview", "--json"], { allowFailure: false });
    return changesOf(r.stdout);
  }

  /** `pulumi refresh --preview-only`: what a refresh would change, without changing the state. */
  async refreshPreview(): Promise<Record<string, number>> {
    const r = await this.pulumi(["refresh", "--preview-only", "--json"]);
    return changesOf(r.stdout);
  }

  /** `pulumi destroy`. */
  destroy(): Promise<CliResult> {
    return this.pulumi(["destroy", "--yes", "--skip-preview"]);
  }

  /** The stack's outputs (secrets shown). */
  async outputs(): Promise<Record<string, unknown>> {
    const r = await this.pulumi(["stack", "output", "--json", "--show-secrets"]);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  }

  /** The stack's resources as the state holds them (`pulumi stack export`, secrets encrypted). */
  async resources(): Promise<
    {
      urn: string;
      type: string;
      id?: string;
      inputs?: Record<string, unknown>;
      outputs?: Record<string, unknown>;
    }[]
  > {
    const r = await this.pulumi(["stack", "export"]);
    return (JSON.parse(r.stdout) as { deployment: { resources?: [] } }).deployment.resources ?? [];
  }

  /** Every file of the backend (state, history, backups): what anyone holding the state can read. */
  stateText(): string {
    return backendText(this.root);
  }

  /** Removes the folder (the stack's objects must have been destroyed by the test). */
  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Every file of the file backend under `root` (state, history, backups), as one text. */
export function backendText(root: string): string {
  const dir = join(root, "state");
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), "utf8"))
    .join("\n");
}

/**
 * Changes of an operation's JSON output, `same` left out: a preview's one document
 * (`changeSummary`), or an update's stream of engine events, one per line (`summaryEvent`).
 */
function changesOf(json: string): Record<string, number> {
  const lines = json.trim().split("\n");
  const summary =
    lines.length === 1 || !lines[0]?.startsWith('{"sequence"')
      ? (JSON.parse(json) as { changeSummary?: Record<string, number> }).changeSummary
      : lines
          .map((l) => JSON.parse(l) as { summaryEvent?: { resourceChanges?: Record<string, number> } })
          .find((e) => e.summaryEvent)?.summaryEvent?.resourceChanges;
  return Object.fromEntries(Object.entries(summary ?? {}).filter(([k, v]) => k !== "same" && v > 0));
}

/** What one step of a Python run reported. */
export interface PythonStep {
  step: string;
  /** Resource changes, `same` left out. */
  changes: Record<string, number>;
  outputs?: Record<string, unknown>;
  /** For a failed step: the error's text. */
  error?: string;
}

/** A Python run: its steps, and its folder (pass it as `root` to go on with the same stack). */
export interface PythonRun {
  root: string;
  steps: PythonStep[];
}

/**
 * Runs `program` (a Python module defining `program()`) through Pulumi's Python Automation API
 * (test/helpers/python_stack.py): `steps` in order (`up`, `preview`, `refresh`, `destroy`,
 * `refresh-preview`) on stack `dev` of project `python-stack`, configured for `settings` plus
 * `secrets` (full config keys, e.g. `python-stack:token`). `workDir` is the workspace's folder (the
 * program's, where the engine starts the plugin). A step that fails ends the run; its `error` says why.
 */
export async function runPython(
  program: string,
  steps: readonly string[],
  settings: ProviderSettings,
  opts: { root?: string; workDir?: string; secrets?: Record<string, string> } = {},
): Promise<PythonRun> {
  const root = opts.root ?? mkdtempSync(join(tmpdir(), "python-stack-"));
  mkdirSync(join(root, "state"), { recursive: true });
  const request = {
    program,
    steps,
    workDir: opts.workDir ?? root,
    stack: "dev",
    project: "python-stack",
    config: {
      "elevenlabs:baseUrl": settings.baseUrl,
      ...(settings.dialect ? { "elevenlabs:apiDialect": settings.dialect } : {}),
    },
    secrets: { "elevenlabs:apiKey": settings.apiKey, ...opts.secrets },
  };
  return new Promise((resolve, reject) => {
    execFile(
      PYTHON,
      [join(REPO_ROOT, "test", "helpers", "python_stack.py"), JSON.stringify(request)],
      {
        cwd: root,
        env: baseEnv(root),
        maxBuffer: 64 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const last = stdout.trim().split("\n").pop() ?? "";
        try {
          resolve({ root, steps: JSON.parse(last) as PythonStep[] });
        } catch {
          reject(new Error(`python program failed (${err?.message ?? "no result"}):\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}
