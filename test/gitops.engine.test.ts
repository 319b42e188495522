/**
 * `make gitops` (scripts/gitops.ts) as a user runs it: a separate process with its own state dir.
 * It must pass all six steps and exit 0; with a smoke check that cannot pass, or a staging change
 * that fails the agent's tests, it must stop before production and exit 1, and production must be
 * untouched.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/engine";

function gitops(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      join(REPO_ROOT, "node_modules", ".bin", "tsx"),
      ["scripts/gitops.ts", "--quiet", ...args],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env },
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const STEPS = [
  "==> [1/6] preview (staging, production)",
  "==> [2/6] deploy staging",
  "==> [3/6] smoke check staging",
  "==> [4/6] test staging",
  "==> [5/6] deploy production",
  "==> [6/6] smoke check production",
];

describe("make gitops", () => {
  const stateDir = mkdtempSync(join(tmpdir(), "gitops-"));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it("runs preview, staging, its smoke check and tests, production and its smoke check, then exits 0", async () => {
    const r = await gitops([], { GITOPS_STATE_DIR: stateDir });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const steps = r.stdout.split("\n").filter((l) => l.startsWith("==> "));
    expect(steps).toEqual(STEPS);
    expect(r.stdout).toContain("ok: staging: 4 to create; production: 4 to create");
    expect(r.stdout).toMatch(/ok: staging: 4 created; agentId agent_\w+/);
    expect(r.stdout).toMatch(/ok: all passed: 1 of 1 test\(s\) passed on agent agent_\w+/);
    expect(r.stdout).toMatch(/ok: PASS agent_\w+: greeted with "Hi! How can I help you today\?"/);
    expect(r.stdout).toContain("gitops: all 6 steps passed");
    expect(readFileSync(join(stateDir, "test-results-staging.xml"), "utf8")).toContain(
      '<testsuites name="elevenlabs-test" tests="1" failures="0" skipped="0">',
    );
  });

  it("stops before production and exits 1 when the staging smoke check fails", async () => {
    // Same state dir: the stacks exist, so this run deploys nothing new and only the check fails.
    const r = await gitops(["--state-dir", stateDir, "--expect-first-message", "Not what the agent says"]);
    expect(r.code).toBe(1);
    const steps = r.stdout.split("\n").filter((l) => l.startsWith("==> "));
    expect(steps).toEqual(STEPS.slice(0, 3));
    expect(r.stdout).toContain("ok: staging: no changes; production: no changes");
    expect(r.stdout).toContain("failed: FAIL agent_");
    expect(r.stdout).toContain('expected "Not what the agent says"');
    expect(r.stderr).toContain("gitops: FAILED at step [3/6] smoke check staging");
  });

  it("stops before production and exits 1 when a staging change fails the agent's tests; production is untouched", async () => {
    // A change under review: staging's greeting no longer offers help, which the attached test requires.
    const r = await gitops(["--state-dir", stateDir, "--staging-first-message", "Welcome to staging."]);
    expect(r.code).toBe(1);
    const steps = r.stdout.split("\n").filter((l) => l.startsWith("==> "));
    expect(steps).toEqual(STEPS.slice(0, 4));
    expect(r.stdout).toContain("ok: staging: 1 to update; production: no changes");
    expect(r.stdout).toMatch(/ok: staging: 1 updated; agentId agent_\w+/);
    expect(r.stdout).toMatch(
      /failed: FAIL Greets and offers help \(test_\w+\): the agent's first message and prompt lack "help"/,
    );
    expect(r.stderr).toContain("gitops: FAILED at step [4/6] test staging");
    expect(readFileSync(join(stateDir, "test-results-staging.xml"), "utf8")).toContain('failures="1"');
    // Production was never deployed: the next run finds nothing to do there, and staging to put back.
    const after = await gitops(["--state-dir", stateDir]);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain("ok: staging: 1 to update; production: no changes");
    expect(after.stdout).toContain("ok: production: no changes;");
  });
});
