/**
 * Runs an example program (an ordinary Pulumi project: Pulumi.yaml + index.ts) inline through the
 * Automation API, the way `pulumi up` would with the Node language host, which cannot be had on
 * every machine. Used by `make demo` and the example tests.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { type ConfigMap, LocalWorkspace, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";

export const REPO_ROOT = resolve(__dirname, "..");

export interface ExampleOptions {
  /** The example's folder (holds Pulumi.yaml and index.ts). */
  dir: string;
  stackName: string;
  /** Folder for the file backend and PULUMI_HOME. */
  stateDir: string;
  baseUrl: string;
  apiKey: string;
  /** Extra stack config, plain or secret. */
  config?: ConfigMap;
  /** Where engine output goes (default: stdout). */
  onOutput?: (s: string) => void;
}

function projectName(dir: string): string {
  const yaml = readFileSync(join(dir, "Pulumi.yaml"), "utf8");
  const m = /^name:\s*(\S+)/m.exec(yaml);
  if (!m?.[1]) throw new Error(`${dir}/Pulumi.yaml has no name`);
  return m[1];
}

/** A program that evaluates the example's index.ts afresh on every run and returns its exports. */
export function exampleProgram(dir: string): PulumiFn {
  const entry = require.resolve(resolve(dir, "index.ts"));
  return async () => {
    delete require.cache[entry];
    return { ...(require(entry) as Record<string, unknown>) };
  };
}

export async function exampleStack(opts: ExampleOptions): Promise<Stack> {
  mkdirSync(join(opts.stateDir, "state"), { recursive: true });
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
  await stack.setAllConfig({
    "elevenlabs:apiKey": { value: opts.apiKey, secret: true },
    "elevenlabs:baseUrl": { value: opts.baseUrl },
    ...opts.config,
  });
  return stack;
}

/** True when a folder is an example this runner can load. */
export function isExample(dir: string): boolean {
  return existsSync(join(dir, "Pulumi.yaml")) && existsSync(join(dir, "index.ts"));
}
