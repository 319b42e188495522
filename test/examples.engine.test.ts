/**
 * Every example deploys against the emulator the way `make demo` runs it (a child process, like
 * `pulumi up`), and a second run changes nothing. Keeps the examples from rotting.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/paths";

/**
 * Each example in each dialect it runs in (Tool, Secret and the release machinery exist in the live
 * one only). examples/environments itself runs in test/environments.engine.test.ts and `make gitops`.
 */
const EXAMPLES: [name: string, dialect: "live" | "legacy"][] = [
  ["agent-basic", "live"],
  ["agent-basic", "legacy"],
  ["support-line", "live"],
  ["support-line", "legacy"],
  ["production-agent", "live"],
  ["environments/one-agent", "live"],
];

describe.each(EXAMPLES)("examples/%s (%s dialect)", (name, dialect) => {
  it("deploys, then a second run reports no changes", () => {
    const demoDir = mkdtempSync(join(tmpdir(), `demo-${name.replaceAll("/", "-")}-`));
    try {
      const r = spawnSync(
        join(REPO_ROOT, "node_modules", ".bin", "tsx"),
        ["scripts/demo.ts", join("examples", name)],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, DEMO_DIR: demoDir, DIALECT: dialect },
          encoding: "utf8",
          timeout: 180_000,
        },
      );
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`${dialect} dialect`);
      // Every request the deployment made was in the dialect asked for.
      expect(r.stdout).toMatch(new RegExp(`requests so far, writes: \\d+ ${dialect}\n`));
      expect(r.stdout).toMatch(/output agentId = agent_/);
      expect(r.stdout).toMatch(/second run: no changes \(\d+ unchanged\)/);
      expect(r.stdout).not.toContain("not-a-real-secret");
    } finally {
      rmSync(demoDir, { recursive: true, force: true });
    }
  });
});
