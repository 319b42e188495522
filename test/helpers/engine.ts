/**
 * Drives the real Pulumi engine through the Automation API for acceptance tests: a file backend
 * and a PULUMI_HOME in a temp dir of their own, inline programs served by this process, stack
 * config pointing at an emulator. Nothing leaks between runs; `dispose` removes the temp dir.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import {
  type ConfigMap,
  type EngineEvent,
  LocalWorkspace,
  type OpMap,
  PulumiCommand,
  type PulumiFn,
  type Stack,
} from "@pulumi/pulumi/automation";
import { REPO_ROOT } from "./paths";

export { REPO_ROOT };

// The engine and the Node 22 the provider processes need, whatever PATH vitest was started with.
process.env.PATH = [
  join(REPO_ROOT, "node_modules", ".bin"),
  join(REPO_ROOT, ".tools", "bin"),
  process.env.PATH,
].join(delimiter);
process.env.PULUMI_SKIP_UPDATE_CHECK = "true";

export interface StackOptions {
  /** Base URL of the API (an emulator's `url`). */
  baseUrl: string;
  apiKey: string;
  /** The API dialect (stack config `elevenlabs:apiDialect`); the package's default when absent. */
  dialect?: "live" | "legacy";
  stackName?: string;
  projectName?: string;
  /** Extra stack config (`key: value`, plain). */
  config?: Record<string, string>;
  /** Extra environment for the engine and provider processes. */
  env?: Record<string, string>;
}

export interface OpSummary {
  /** Resource operation counts, e.g. `{ create: 1 }`; `same` left out. */
  changes: Partial<Record<keyof OpMap, number>>;
  stdout: string;
}

/** What an operation's engine events said: its change counts and the stack's outputs. */
interface Heard {
  changes?: OpMap;
  outputs?: Record<string, unknown>;
}

/** The key that marks a secret value in Pulumi's serialized state and events. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

function changesOf(map: OpMap | Record<string, number> | undefined): OpSummary["changes"] {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(map ?? {})) if (k !== "same" && v) out[k] = v;
  return out;
}

let pulumiCommand: Promise<PulumiCommand> | undefined;

/**
 * The engine's CLI, found on PATH and version-checked once per test process instead of once per
 * stack (each check is a `pulumi version` run).
 */
function pulumiCli(): Promise<PulumiCommand> {
  pulumiCommand ??= PulumiCommand.get();
  return pulumiCommand;
}

export class TestStack {
  readonly output: string[] = [];
  private constructor(
    readonly stack: Stack,
    readonly dir: string,
  ) {}

  static async create(program: PulumiFn, opts: StackOptions): Promise<TestStack> {
    const dir = mkdtempSync(join(tmpdir(), "pulumi-elevenlabs-"));
    mkdirSync(join(dir, "state"));
    mkdirSync(join(dir, "work"));
    const projectName = opts.projectName ?? "elevenlabs-test";
    // The state dir is new, so the stack is too: create it (no `stack select` attempt first).
    const stack = await LocalWorkspace.createStack(
      { stackName: opts.stackName ?? "test", projectName, program },
      {
        pulumiCommand: await pulumiCli(),
        pulumiHome: join(dir, "home"),
        // The workspace (Pulumi.yaml) in the temp dir too, so that dispose leaves nothing behind.
        workDir: join(dir, "work"),
        projectSettings: {
          name: projectName,
          runtime: "nodejs",
          backend: { url: `file://${join(dir, "state")}` },
        },
        envVars: {
          PULUMI_CONFIG_PASSPHRASE: "test-passphrase",
          PULUMI_SKIP_UPDATE_CHECK: "true",
          // The provider process resolves `pulumi-elevenlabs/provider` and @pulumi/pulumi from here.
          NODE_PATH: join(REPO_ROOT, "node_modules"),
          PATH: process.env.PATH ?? "",
          ELEVENLABS_RETRY_DELAY_SCALE: "0",
          // Request counts asserted here are the resources' own; test/credentials.engine.test.ts
          // runs previews with the provider's credentials check on.
          ELEVENLABS_SKIP_CREDENTIALS_CHECK: "true",
          ...opts.env,
        },
      },
    );
    const config: ConfigMap = {
      "elevenlabs:apiKey": { value: opts.apiKey, secret: true },
      "elevenlabs:baseUrl": { value: opts.baseUrl },
    };
    if (opts.dialect) config["elevenlabs:apiDialect"] = { value: opts.dialect };
    for (const [k, v] of Object.entries(opts.config ?? {})) config[k] = { value: v };
    await stack.setAllConfig(config);
    return new TestStack(stack, dir);
  }

  private log = (s: string) => {
    this.output.push(s);
  };

  setProgram(program: PulumiFn): void {
    this.stack.workspace.program = program;
  }

  /** `pulumi up`; `parallel: 1` makes the order of operations (and so of requests) deterministic. */
  async up(opts: { parallel?: number } = {}): Promise<OpSummary & { outputs: Record<string, unknown> }> {
    const { result, heard } = await this.listening((onEvent) =>
      this.stack.up({ onOutput: this.log, onEvent, ...opts }),
    );
    return { changes: changesOf(heard.changes), stdout: result.stdout, outputs: await this.outputsOf(heard) };
  }

  async preview(): Promise<OpSummary> {
    const r = await this.stack.preview({ onOutput: this.log });
    return { changes: changesOf(r.changeSummary), stdout: r.stdout };
  }

  async refresh(): Promise<OpSummary> {
    const { result, heard } = await this.listening((onEvent) =>
      this.stack.refresh({ onOutput: this.log, onEvent }),
    );
    return { changes: changesOf(heard.changes), stdout: result.stdout };
  }

  async destroy(opts: { parallel?: number } = {}): Promise<OpSummary> {
    const { result, heard } = await this.listening((onEvent) =>
      this.stack.destroy({ onOutput: this.log, onEvent, ...opts }),
    );
    return { changes: changesOf(heard.changes), stdout: result.stdout };
  }

  /**
   * Runs `op` (this stack's up, refresh or destroy) with a listener to the engine's events, which
   * carry the operation's change counts (its summary) and the stack's outputs. Once the engine has
   * finished, the Automation API would start the CLI again for the same facts: `pulumi stack
   * history` for the counts and, after an up, `pulumi stack output` twice for the outputs; three
   * CLI starts per up, two of them deriving the passphrase key (skipping them takes about a fifth
   * off the CPU time of test/agent.engine.test.ts). So for the duration of `op`, this stack's
   * `outputs` and `info` answer nothing (the Automation API's result then carries no summary or
   * outputs; they are read from the events instead), and afterwards they are the Automation API's
   * again. Operations of one stack never overlap.
   */
  private async listening<T>(op: (onEvent: (e: EngineEvent) => void) => Promise<T>): Promise<{
    result: T;
    heard: Heard;
  }> {
    const heard: Heard = {};
    const onEvent = (e: EngineEvent) => {
      if (e.summaryEvent) heard.changes = e.summaryEvent.resourceChanges;
      const done = e.resOutputsEvent?.metadata;
      if (done?.type === "pulumi:pulumi:Stack") heard.outputs = done.new?.outputs ?? {};
    };
    const api = this.stack as unknown as Record<"outputs" | "info", unknown>;
    api.outputs = async () => ({});
    api.info = async () => undefined;
    try {
      const result = await op(onEvent);
      if (!heard.changes) throw new Error("the engine sent no summary event");
      return { result, heard };
    } finally {
      // Own properties gone, the prototype's methods answer again.
      delete (api as Partial<typeof api>).outputs;
      delete (api as Partial<typeof api>).info;
    }
  }

  /**
   * The stack's outputs after an up, from the engine's events. Events show a secret output blinded;
   * then (and if the events had no outputs) they are read in plaintext with `pulumi stack output`.
   */
  private async outputsOf(heard: Heard): Promise<Record<string, unknown>> {
    const text = JSON.stringify(heard.outputs ?? null);
    if (heard.outputs && !text.includes(SECRET_SIG) && !text.includes("[secret]")) return heard.outputs;
    const outputs = await this.stack.outputs();
    return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]));
  }

  /**
   * The stack's state as stored by the backend (every file under the state dir, including
   * history and backups): what anyone holding the state can read. (The Automation API's
   * `exportStack` shows secrets in plaintext, so it is not what to check for leaks.)
   */
  async exportState(): Promise<string> {
    const root = join(this.dir, "state");
    const files = readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    return files.map((f) => readFileSync(join(f.parentPath, f.name), "utf8")).join("\n");
  }

  /** Resources of a type in the exported state (outputs and inputs). */
  async resources(type: string): Promise<{ urn: string; id?: string; outputs: Record<string, unknown> }[]> {
    const dep = (await this.stack.exportStack()).deployment as {
      resources?: { urn: string; type: string; id?: string; outputs?: Record<string, unknown> }[];
    };
    return (dep.resources ?? [])
      .filter((r) => r.type === type)
      .map((r) => ({ urn: r.urn, id: r.id, outputs: r.outputs ?? {} }));
  }

  /**
   * Removes the stack's temp dir: state, PULUMI_HOME and workspace. (No `pulumi stack rm` first:
   * the state goes with the folder.)
   */
  async dispose(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Type token of a dynamic resource of this package, as it appears in state. */
export const typeToken = (name: string) => `pulumi-nodejs:dynamic/elevenlabs:${name}`;

/** Previews `program` on a fresh stack, expecting the preview to fail; returns the error text. */
export async function failedPreview(program: PulumiFn, opts: StackOptions): Promise<string> {
  const stack = await TestStack.create(program, opts);
  try {
    const err = await stack.preview().then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(err instanceof Error)) throw new Error("the preview succeeded; it was expected to fail");
    return err.message;
  } finally {
    await stack.dispose();
  }
}
