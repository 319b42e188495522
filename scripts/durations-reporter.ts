/**
 * A vitest reporter that writes each test file's wall time to a JSON file, for
 * `scripts/bench-tests.sh`. Vitest's JSON reporter measures a file from its first test to its last
 * one, which leaves out the import and the `beforeAll`/`afterAll` hooks where engine tests do much
 * of their work; this one takes the whole: import (collect), setup and every test and hook.
 *
 * Where: `TEST_DURATIONS_FILE` (default `dist/test-durations.json`). Each entry: project, file
 * (relative to the repository), seconds, import seconds, tests, state.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { Reporter, TestModule } from "vitest/node";

/** One test file's timing, as written to the JSON file. */
export interface FileDuration {
  project: string;
  file: string;
  seconds: number;
  importSeconds: number;
  tests: number;
  state: string;
}

const ROOT = join(__dirname, "..");

export default class DurationsReporter implements Reporter {
  /** Writes every file's timing, slowest first, once the run ends. */
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const rows: FileDuration[] = modules.map((m) => {
      const d = m.diagnostic();
      return {
        project: m.project.name,
        file: relative(ROOT, m.moduleId),
        seconds: round((d.collectDuration + d.setupDuration + d.duration) / 1000),
        importSeconds: round(d.collectDuration / 1000),
        tests: [...m.children.allTests()].length,
        state: m.state(),
      };
    });
    rows.sort((a, b) => b.seconds - a.seconds);
    const out = process.env.TEST_DURATIONS_FILE || join(ROOT, "dist", "test-durations.json");
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
  }
}

/** Rounds seconds to a tenth. */
function round(s: number): number {
  return Math.round(s * 10) / 10;
}
