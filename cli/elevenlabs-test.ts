#!/usr/bin/env node
/**
 * `elevenlabs-test`: runs an agent's tests as a CI gate. Starts a run of the tests attached to the
 * agent (or branch), or of those named with `--test`; polls it with backoff, printing a progress
 * line; prints each test's verdict and the judge's reason; writes JUnit XML when asked. Exit status:
 * 0 every test passed, 1 a test failed, 2 a usage or API error (or the run did not finish in time).
 *
 *   elevenlabs-test --agent agent_123 [--branch agtbrch_456] [--test test_1 ...] [--junit FILE]
 *
 * The API key and base URL fall back to ELEVENLABS_API_KEY and ELEVENLABS_BASE_URL.
 */
import { writeFile } from "node:fs/promises";
import { type AgentTestReport, junitXml, runAgentTests, TestRunTimeoutError } from "../client/testing";
import { CLI_SETTINGS, type Command, type Io, runAsBin, runCommand, UsageError } from "./command";
import { parseTimeout } from "./elevenlabs-smoke";

/** One line per test: `PASS name (id): reason` / `FAIL …`. */
export function verdictLines(r: AgentTestReport): string[] {
  return r.results.map((t) => {
    const word = t.status === "passed" ? "PASS" : t.status === "failed" ? "FAIL" : "PENDING";
    return `${word} ${t.testName} (${t.testId})${t.reason ? `: ${t.reason}` : ""}`;
  });
}

/** The progress line of a run so far. */
export function progressLine(r: AgentTestReport): string {
  const settled = r.results.length - r.pendingCount;
  return `elevenlabs-test: run ${r.invocationId}: ${settled}/${r.results.length} done (${r.passedCount} passed, ${r.failedCount} failed, ${r.pendingCount} pending)`;
}

/** The summary line. */
export function summaryLine(r: AgentTestReport): string {
  const where = `agent ${r.agentId}${r.branchId ? ` branch ${r.branchId}` : ""}`;
  const verdict = r.passed ? "all passed" : `${r.failedCount} failed`;
  return `${verdict}: ${r.passedCount} of ${r.results.length} test(s) passed on ${where} (run ${r.invocationId})`;
}

const options = {
  agent: { type: "string" },
  branch: { type: "string" },
  test: { type: "string", multiple: true },
  junit: { type: "string" },
  "base-url": { type: "string" },
  "api-key": { type: "string" },
  timeout: { type: "string" },
  "poll-interval": { type: "string" },
} as const;

export const testCommand: Command<typeof options> = {
  name: "elevenlabs-test",
  usage: `Usage: elevenlabs-test --agent <id> [options]

Runs the agent's tests and waits for every verdict: a gate for CI before a release.

Options:
  --agent <id>              the agent whose tests run (required)
  --branch <id>             run against this branch of the agent (default: its main branch)
  --test <id>               a test to run; repeat for more (default: the tests attached to the agent or branch)
  --junit <file>            also write the results as JUnit XML to this file
  --base-url <url>          API base URL (default: ELEVENLABS_BASE_URL, then https://api.elevenlabs.io/v1/convai)
  --api-key <key>           API key (default: ELEVENLABS_API_KEY; prefer the variable in CI logs)
  --timeout <seconds>       how long to wait for every verdict (default 600; '90s' and '500ms' work too)
  --poll-interval <seconds> first wait between polls, growing 1.5 times each poll up to 10 s (default 1)
  -h, --help                show this help

Exit status: 0 every test passed, 1 a test failed, 2 a usage or API error (or a timeout).`,
  options,
  async run(values, io) {
    const agentId = values.agent;
    if (!agentId) throw new UsageError("--agent is required");
    const duration = (flag: "timeout" | "poll-interval"): number | undefined => {
      const raw = values[flag];
      if (raw === undefined) return undefined;
      const ms = parseTimeout(raw);
      if (ms === undefined)
        throw new UsageError(`--${flag} must be a positive number of seconds (or '500ms'), got '${raw}'`);
      return ms;
    };
    const timeoutMs = duration("timeout");
    const pollIntervalMs = duration("poll-interval");
    let report: AgentTestReport;
    try {
      report = await runAgentTests({
        agentId,
        ...(values.branch !== undefined ? { branchId: values.branch } : {}),
        ...(values.test !== undefined ? { testIds: values.test } : {}),
        ...(values["base-url"] !== undefined ? { baseUrl: values["base-url"] } : {}),
        ...(values["api-key"] !== undefined ? { apiKey: values["api-key"] } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        ...(pollIntervalMs !== undefined ? { pollIntervalMs } : {}),
        clientOptions: { settingNames: CLI_SETTINGS },
        onProgress: (r) => io.err(progressLine(r)),
      });
    } catch (err) {
      // Not a verdict (the tests could not be run, or judged in time): never exit 1, which means a test failed.
      if (err instanceof TestRunTimeoutError) for (const line of verdictLines(err.report)) io.out(line);
      io.err(`elevenlabs-test: ${err instanceof Error ? err.message : String(err)}`);
      return 2;
    }
    for (const line of verdictLines(report)) io.out(line);
    io.out(summaryLine(report));
    if (values.junit !== undefined) {
      await writeFile(values.junit, junitXml(report));
      io.err(`elevenlabs-test: JUnit XML written to ${values.junit}`);
    }
    return report.passed ? 0 : 1;
  },
};

/**
 * Runs the command with `argv` (without `node` and the script) and returns the exit status.
 * @param argv command-line arguments.
 * @param io where to print (default: stdout/stderr).
 */
export const main = (argv: string[], io?: Io): Promise<number> => runCommand(testCommand, argv, io);

runAsBin(testCommand, module);
