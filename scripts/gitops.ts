/**
 * `make gitops`: the pipeline of examples/environments/.github/workflows/deploy.yml, run locally
 * against the emulator with two API keys (two isolated workspaces, like a staging and a production
 * account):
 *
 *   preview (staging, production) -> deploy staging -> smoke check staging -> test staging
 *                                 -> deploy production -> smoke check production
 *
 * Each step prints a `==> [n/6] ...` line and its outcome; the first failure stops the pipeline and
 * the script exits 1 (production is never deployed after a failed staging check or test).
 * "test staging" runs the tests attached to the staging agent with the `elevenlabs-test` command,
 * as CI does (its JUnit XML goes to the state dir).
 *
 *   tsx scripts/gitops.ts [--state-dir DIR] [--expect-first-message TEXT]
 *                         [--staging-first-message TEXT] [--quiet]
 *
 * --state-dir               where the emulator's and the stacks' state live (default: $GITOPS_STATE_DIR,
 *                           then .demo/gitops); a second run against the same dir changes nothing
 * --expect-first-message    the greeting the smoke checks expect (default: each agent's configured one);
 *                           a wrong one shows the pipeline stopping before production
 * --staging-first-message   deploy staging with this greeting instead of Pulumi.staging.yaml's, as a
 *                           change under review would; one that offers no help fails staging's test
 * --quiet                   leave out the engine's output
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { OpMap, Stack } from "@pulumi/pulumi/automation";
import { main as elevenlabsTest } from "../cli/elevenlabs-test";
import { smokeCheck } from "../client/smoke";
import { startEmulator } from "../emulator";
import { exampleStack, REPO_ROOT } from "./example-runner";

const EXAMPLE = join(REPO_ROOT, "examples", "environments");
const ENVIRONMENTS = ["staging", "production"] as const;
type Env = (typeof ENVIRONMENTS)[number];
/** The emulator's accounts; in CI these are the repository secrets ELEVENLABS_API_KEY_<ENV>. */
const KEYS: Record<Env, string> = { staging: "gitops-staging-key", production: "gitops-production-key" };

class StepFailed extends Error {}

/** `2 to create, 1 to update` (preview) or `2 created, 1 updated` (deploy); `no changes`. */
function summary(changes: Partial<OpMap> | Record<string, number> | undefined, done: boolean): string {
  const parts = Object.entries(changes ?? {})
    .filter(([op, n]) => op !== "same" && n)
    .map(([op, n]) => (done ? `${n} ${op.replace(/e?$/, "ed")}` : `${n} to ${op}`));
  return parts.length > 0 ? parts.join(", ") : "no changes";
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      "state-dir": { type: "string" },
      "expect-first-message": { type: "string" },
      "staging-first-message": { type: "string" },
      quiet: { type: "boolean" },
    },
    strict: true,
  });
  const stateDir = resolve(
    values["state-dir"] || process.env.GITOPS_STATE_DIR || join(REPO_ROOT, ".demo", "gitops"),
  );
  mkdirSync(stateDir, { recursive: true });
  const engineOutput = values.quiet
    ? undefined
    : (s: string) => process.stdout.write(`    ${s.replace(/\n(?=.)/g, "\n    ")}`);

  const emulator = await startEmulator({
    apiKeys: [KEYS.staging, KEYS.production],
    stateFile: join(stateDir, "emulator-state.json"),
    rateLimit: 10_000,
  });
  console.log(`gitops: emulator ${emulator.url}, state in ${stateDir}`);

  const steps: [string, () => Promise<string>][] = [];
  const stacks = {} as Record<Env, Stack>;
  const agentIds = {} as Record<Env, string>;
  const stackOf = async (env: Env) => {
    stacks[env] ??= await exampleStack({
      dir: EXAMPLE,
      stackName: env,
      stateDir: join(stateDir, "pulumi"),
      baseUrl: emulator.url,
      apiKey: KEYS[env],
      // A change under review: staging's greeting from the command line instead of its config file.
      ...(env === "staging" && values["staging-first-message"] !== undefined
        ? { config: { "support-agent:firstMessage": { value: values["staging-first-message"] } } }
        : {}),
    });
    return stacks[env];
  };
  const deploy = (env: Env) => async () => {
    const r = await (await stackOf(env)).up({ onOutput: engineOutput });
    agentIds[env] = String(r.outputs.agentId?.value ?? "");
    return `${env}: ${summary(r.summary.resourceChanges, true)}; agentId ${agentIds[env]}`;
  };
  const smoke = (env: Env) => async () => {
    const expect = values["expect-first-message"];
    const r = await smokeCheck({
      agentId: agentIds[env] ?? "",
      baseUrl: emulator.url,
      apiKey: KEYS[env],
      timeoutMs: 10_000,
      ...(expect !== undefined ? { expectFirstMessage: expect } : {}),
    });
    if (!r.ok) throw new StepFailed(`FAIL ${r.agentId}: ${r.reason ?? r.failure}`);
    return `PASS ${r.agentId}: greeted with ${JSON.stringify(r.firstMessage)}`;
  };

  /** The `elevenlabs-test` command on an environment's agent, as CI runs it: exit 0 passes, 1 fails. */
  const agentTests = (env: Env) => async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await elevenlabsTest(
      [
        "--agent",
        agentIds[env] ?? "",
        "--base-url",
        emulator.url,
        "--api-key",
        KEYS[env],
        "--poll-interval",
        "50ms",
        "--junit",
        join(stateDir, `test-results-${env}.xml`),
      ],
      { out: (l) => out.push(l), err: (l) => err.push(l) },
    );
    if (code === 1) throw new StepFailed(out.filter((l) => l.startsWith("FAIL ")).join("; "));
    if (code !== 0) throw new Error(err.at(-1) ?? `elevenlabs-test exited ${code}`);
    return out.at(-1) ?? "";
  };

  steps.push([
    "preview (staging, production)",
    async () => {
      const lines: string[] = [];
      for (const env of ENVIRONMENTS) {
        const r = await (await stackOf(env)).preview({ onOutput: engineOutput });
        lines.push(`${env}: ${summary(r.changeSummary, false)}`);
      }
      return lines.join("; ");
    },
  ]);
  steps.push(["deploy staging", deploy("staging")]);
  steps.push(["smoke check staging", smoke("staging")]);
  steps.push(["test staging", agentTests("staging")]);
  steps.push(["deploy production", deploy("production")]);
  steps.push(["smoke check production", smoke("production")]);

  try {
    for (const [i, [title, run]] of steps.entries()) {
      const n = `[${i + 1}/${steps.length}]`;
      console.log(`==> ${n} ${title}`);
      try {
        console.log(`    ok: ${await run()}`);
      } catch (err) {
        const reason = err instanceof StepFailed ? err.message : ((err as Error)?.message ?? String(err));
        console.log(`    failed: ${reason}`);
        console.error(`gitops: FAILED at step ${n} ${title}; later steps were not run`);
        return 1;
      }
    }
    console.log(`gitops: all ${steps.length} steps passed`);
    return 0;
  } finally {
    await emulator.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`gitops: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
