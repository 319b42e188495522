/**
 * `make gitops` (scripts/gitops.ts) as a user runs it: a separate process with its own state dir.
 * It must pass all five steps and exit 0; with a smoke check that cannot pass it must stop before
 * production and exit 1.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
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
  "==> [1/5] preview (staging, production)",
  "==> [2/5] deploy staging",
  "==> [3/5] smoke check staging",
  "==> [4/5] deploy production",
  "==> [5/5] smoke check production",
];

describe("make gitops", () => {
  const stateDir = mkdtempSync(join(tmpdir(), "gitops-"));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it("runs preview, staging, its smoke check, production and its smoke check, then exits 0", async () => {
    const r = await gitops([], { GITOPS_STATE_DIR: stateDir });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const steps = r.stdout.split("\n").filter((l) => l.startsWith("==> "));
    expect(steps).toEqual(STEPS);
    expect(r.stdout).toContain("ok: staging: 3 to create; production: 3 to create");
    expect(r.stdout).toMatch(/ok: staging: 3 created; agentId agent_\w+/);
    expect(r.stdout).toMatch(/ok: PASS agent_\w+: greeted with "Hi! How can I help you today\?"/);
    expect(r.stdout).toContain("gitops: all 5 steps passed");
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
    expect(r.stderr).toContain("gitops: FAILED at step [3/5] smoke check staging");
  });
});
