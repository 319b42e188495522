/**
 * Every example is a project the real Pulumi CLI accepts, the way a user meets it in the first
 * minutes: copied into a folder of its own, `pulumi login file://…`, `pulumi stack init` for each
 * `Pulumi.<stack>.yaml` it ships and for a fresh stack, `pulumi config set --secret
 * elevenlabs:apiKey …` (and the project's own secrets), then `pulumi config`. The CLI loads and
 * validates Pulumi.yaml on every one of these commands, so a project it rejects fails here.
 *
 * Each example gets its own PULUMI_HOME, backend folder and passphrase. The API key must never
 * appear in clear: not in any command's output, not in the stack settings files.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { load } from "js-yaml";
import { afterAll, describe, expect, it } from "vitest";
import { isExample, readProjectFile, readStackConfigFile } from "../scripts/example-runner";
import { REPO_ROOT } from "./helpers/engine"; // also puts the engine on PATH
import { PROJECT_FIXTURES } from "./helpers/projects";

const run = promisify(execFile);
const EXAMPLES_DIR = join(REPO_ROOT, "examples");
const EXAMPLES = readdirSync(EXAMPLES_DIR).filter((name) => isExample(join(EXAMPLES_DIR, name)));
/** Long and distinctive, so that any clear-text copy of it is found. */
const API_KEY = "sk_cli_test_key_do_not_print_0123456789abcdef";
/** The stack a user creates first, without a settings file shipped by the example. */
const FRESH = "dev-fresh";

/** The stacks an example ships settings for (`Pulumi.<stack>.yaml`), plus a fresh one. */
function stacksOf(dir: string): string[] {
  const shipped = readdirSync(dir)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined);
  return [...shipped, FRESH];
}

/**
 * The project's name and its own secret config keys (`secret: true`, e.g. a Twilio token), read
 * with the YAML parser only: whether the file is valid is for the CLI to say.
 */
function projectOf(dir: string): { name: string; secrets: string[] } {
  const doc = load(readFileSync(join(dir, "Pulumi.yaml"), "utf8")) as {
    name: string;
    config?: Record<string, unknown>;
  };
  const secrets = Object.entries(doc.config ?? {})
    .filter(
      ([, decl]) => typeof decl === "object" && decl !== null && "secret" in decl && decl.secret === true,
    )
    .map(([key]) => key);
  return { name: doc.name, secrets };
}

interface CliResult {
  stdout: string;
  stderr: string;
}

/** One example's copy, with a CLI of its own (home, backend, passphrase). */
class ExampleCopy {
  /** Every command's combined output, checked for a clear-text key at the end. */
  readonly transcript: string[] = [];
  readonly project: string;

  constructor(
    readonly root: string,
    readonly name: string,
  ) {
    this.project = join(root, "project");
    cpSync(join(EXAMPLES_DIR, name), this.project, { recursive: true });
    mkdirSync(join(root, "state"));
  }

  /** Runs `pulumi args…` in the project folder; a failure names the command and shows its output. */
  async pulumi(args: string[], opts: { record?: boolean } = {}): Promise<CliResult> {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: this.root,
      PULUMI_HOME: join(this.root, "home"),
      PULUMI_CONFIG_PASSPHRASE: `passphrase-of-${this.name}`,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
    try {
      const r = await run("pulumi", ["--non-interactive", ...args], { cwd: this.project, env });
      if (opts.record !== false) this.transcript.push(r.stdout, r.stderr);
      return r;
    } catch (err) {
      const e = err as Error & Partial<CliResult>;
      throw new Error(`pulumi ${args.join(" ")} failed in examples/${this.name}:\n${e.stderr ?? e.message}`);
    }
  }
}

describe("every example with the Pulumi CLI", () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  // The examples run side by side: each has its own folder, home and backend.
  it.concurrent.each(EXAMPLES)(
    "examples/%s: login, stack init, config set --secret, config",
    async (name) => {
      const root = mkdtempSync(join(tmpdir(), `cli-${name}-`));
      roots.push(root);
      const dir = join(EXAMPLES_DIR, name);
      const { name: projectName, secrets } = projectOf(dir);
      const copy = new ExampleCopy(root, name);
      await copy.pulumi(["login", `file://${join(root, "state")}`]);
      const stacks = stacksOf(dir);
      for (const stack of stacks) {
        await copy.pulumi(["stack", "init", stack]);
        await copy.pulumi(["config", "set", "--secret", "elevenlabs:apiKey", API_KEY, "--stack", stack]);
        for (const key of secrets)
          await copy.pulumi(["config", "set", "--secret", key, `${API_KEY}-${key}`, "--stack", stack]);

        const table = await copy.pulumi(["config", "--stack", stack]);
        expect(table.stdout).toMatch(/elevenlabs:apiKey\s+\[secret\]/);
        const listed = JSON.parse(
          (await copy.pulumi(["config", "--stack", stack, "--json"])).stdout,
        ) as Record<string, { value?: string; secret: boolean }>;
        expect(listed["elevenlabs:apiKey"]).toEqual({ secret: true });
        for (const key of secrets)
          expect(listed[key.includes(":") ? key : `${projectName}:${key}`], key).toEqual({ secret: true });
        // The plain values the example ships for this stack are what the CLI reads.
        for (const [key, { value }] of Object.entries(readStackConfigFile(dir, stack).config)) {
          expect(listed[key]?.value, `${stack}: ${key}`).toBe(value);
        }

        // The key is stored encrypted, and is the one that was set.
        const settings = readFileSync(join(copy.project, `Pulumi.${stack}.yaml`), "utf8");
        expect(settings).toMatch(/elevenlabs:apiKey:\s*\n\s+secure: v1:/);
        expect(settings).not.toContain(API_KEY);
        const shown = await copy.pulumi(["config", "get", "elevenlabs:apiKey", "--stack", stack], {
          record: false,
        });
        expect(shown.stdout.trim()).toBe(API_KEY);
      }

      const listedStacks = JSON.parse((await copy.pulumi(["stack", "ls", "--json"])).stdout) as {
        name: string;
      }[];
      expect(listedStacks.map((s) => s.name).sort()).toEqual([...stacks].sort());
      expect(copy.transcript.join("\n")).not.toContain(API_KEY);
    },
  );
});

describe("the example list", () => {
  it("covers every example folder", () => {
    expect(EXAMPLES).toEqual(
      expect.arrayContaining(["agent-basic", "environments", "production-agent", "support-line"]),
    );
  });
});

describe("the example runner and the Pulumi CLI agree on what a valid Pulumi.yaml is", () => {
  it.concurrent.each(PROJECT_FIXTURES.map((f) => [f.title, f] as const))("%s", async (_title, fixture) => {
    const root = mkdtempSync(join(tmpdir(), "cli-fixture-"));
    try {
      writeFileSync(join(root, "Pulumi.yaml"), fixture.yaml);
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: root,
        PULUMI_HOME: join(root, "home"),
        PULUMI_SKIP_UPDATE_CHECK: "true",
      };
      // `pulumi login` loads (and validates) the project in the current folder.
      const cli = await run("pulumi", ["--non-interactive", "login", `file://${root}`], {
        cwd: root,
        env,
      }).then(
        () => "accepted",
        (e: Error & { stderr?: string }) => e.stderr ?? e.message,
      );
      if (fixture.rejected === undefined) {
        expect(cli).toBe("accepted");
        expect(() => readProjectFile(root)).not.toThrow();
      } else {
        expect(cli).toMatch(/could not unmarshal|project is missing/);
        expect(() => readProjectFile(root)).toThrow(fixture.rejected);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
