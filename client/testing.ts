/**
 * Running an agent's tests from code or CI: start a run of the tests attached to an agent (or of
 * those named), poll the run with backoff until every test has a verdict, and report each test's
 * verdict and the judge's reason. The `elevenlabs-test` bin wraps it, and writes the report as JUnit
 * XML for CI systems that show test results.
 *
 * @example
 * ```ts
 * const report = await runAgentTests({ agentId: "agent_123", branchId: "agtbrch_456" });
 * if (!report.passed) process.exitCode = 1;
 * ```
 */
import { z } from "zod";
import type { WireTestInvocation } from "./endpoints";
import { type ClientOptions, ElevenLabsClient } from "./http/client";
import { sleep } from "./http/retry";

/** Options of {@link runAgentTests}. */
export interface RunAgentTestsOptions {
  /** The agent whose tests run. */
  agentId: string;
  /** Run against this branch of the agent (default: the agent as it answers, i.e. its main branch). */
  branchId?: string;
  /**
   * The tests to run, by id. Default: the tests attached to the agent (or to the branch),
   * `platformSettings.testing.attachedTests`.
   */
  testIds?: readonly string[];
  /** First wait between polls, ms (default 1000); each next wait is 1.5 times longer, at most `maxPollIntervalMs`. */
  pollIntervalMs?: number;
  /** Longest wait between polls, ms (default 10 000). */
  maxPollIntervalMs?: number;
  /** How long to wait for every verdict, ms (default 600 000); then a {@link TestRunTimeoutError}. */
  timeoutMs?: number;
  /** Called after the start and after every poll, with the run so far (e.g. to print a progress line). */
  onProgress?: (report: AgentTestReport) => void;
  /** A ready client (scripts that already have one, tests); else one from `baseUrl`, `apiKey` and `clientOptions`. */
  client?: ElevenLabsClient;
  /** Base URL of the API; default: `ELEVENLABS_BASE_URL`, then the public service. */
  baseUrl?: string;
  /** API key; default: `ELEVENLABS_API_KEY`. */
  apiKey?: string;
  /** Further client options when no `client` is given. */
  clientOptions?: ClientOptions;
}

/** One test's outcome in a run. */
export interface AgentTestResult {
  testId: string;
  testName: string;
  testRunId: string;
  /** `pending` until the service has judged it. */
  status: "pending" | "passed" | "failed";
  /** Why it passed or failed, as the judge said (empty while pending). */
  reason: string;
}

/** A run of an agent's tests, as far as it has got. */
export interface AgentTestReport {
  /** The run's id (`GET /test-invocations/{id}`). */
  invocationId: string;
  agentId: string;
  /** The branch the tests ran against, when the service says. */
  branchId?: string;
  /** The agent version the tests ran against, when the service says. */
  versionId?: string;
  results: AgentTestResult[];
  /** Counts by status. */
  passedCount: number;
  failedCount: number;
  pendingCount: number;
  /** True when every test has a verdict and all passed. */
  passed: boolean;
}

/** The run did not finish in time: some tests are still pending (the report says which). */
export class TestRunTimeoutError extends Error {
  override name = "TestRunTimeoutError";
  constructor(readonly report: AgentTestReport) {
    super(
      `the run ${report.invocationId} of agent ${report.agentId} still has ${report.pendingCount} pending test(s) after the timeout`,
    );
  }
}

/** The agent (or branch) names no tests to run and none were given. */
export class NoTestsError extends Error {
  override name = "NoTestsError";
}

/** The run as a report (wire -> camelCase, with counts). */
function reportOf(inv: z.output<typeof WireTestInvocation>, agentId: string): AgentTestReport {
  const results: AgentTestResult[] = inv.test_runs.map((r) => ({
    testId: r.test_id,
    testName: r.test_name ?? r.test_id,
    testRunId: r.test_run_id,
    status: r.status,
    reason:
      r.status === "pending"
        ? ""
        : (r.condition_result?.rationale?.summary ??
          r.condition_result?.rationale?.messages?.join(" ") ??
          ""),
  }));
  const count = (s: AgentTestResult["status"]) => results.filter((r) => r.status === s).length;
  const pendingCount = count("pending");
  const failedCount = count("failed");
  return {
    invocationId: inv.id,
    agentId: inv.agent_id ?? agentId,
    ...(inv.branch_id ? { branchId: inv.branch_id } : {}),
    ...(inv.version_id ? { versionId: inv.version_id } : {}),
    results,
    passedCount: count("passed"),
    failedCount,
    pendingCount,
    passed: pendingCount === 0 && failedCount === 0 && results.length > 0,
  };
}

const AttachedTests = z.looseObject({
  platform_settings: z
    .looseObject({
      testing: z
        .looseObject({ attached_tests: z.array(z.looseObject({ test_id: z.string() })).nullish() })
        .nullish(),
    })
    .nullish(),
});

/** The tests attached to an agent (or its branch). */
async function attachedTests(api: ElevenLabsClient, agentId: string, branchId?: string): Promise<string[]> {
  const agent = await api.call("getAgent", {
    params: { agent_id: agentId },
    ...(branchId !== undefined ? { query: { branch_id: branchId } } : {}),
  });
  const parsed = AttachedTests.safeParse(agent);
  const list = parsed.success ? (parsed.data.platform_settings?.testing?.attached_tests ?? []) : [];
  return list.map((t) => t.test_id);
}

/**
 * Runs an agent's tests and waits for every verdict: starts the run (`POST
 * /agents/{agent_id}/run-tests`), then polls it (`GET /test-invocations/{id}`) with backoff until
 * nothing is pending. Resolves with the report whether tests passed or failed (see `passed`);
 * rejects with the client's errors (authentication, not found, ...), a {@link NoTestsError} when
 * there is nothing to run, or a {@link TestRunTimeoutError}.
 * @param options the agent, the branch, the tests, the polling and the client.
 */
export async function runAgentTests(options: RunAgentTestsOptions): Promise<AgentTestReport> {
  const api =
    options.client ??
    new ElevenLabsClient({
      ...options.clientOptions,
      ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
      ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
    });
  const { agentId, branchId } = options;
  const testIds = options.testIds?.length
    ? [...options.testIds]
    : await attachedTests(api, agentId, branchId);
  if (testIds.length === 0)
    throw new NoTestsError(
      `agent ${agentId}${branchId ? ` (branch ${branchId})` : ""} has no attached tests (platformSettings.testing.attachedTests); attach some or name them`,
    );
  const started = await api.call("runAgentTests", {
    params: { agent_id: agentId },
    json: { tests: testIds.map((test_id) => ({ test_id })), ...(branchId ? { branch_id: branchId } : {}) },
  });
  let report = reportOf(started, agentId);
  options.onProgress?.(report);
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  let wait = options.pollIntervalMs ?? 1000;
  const maxWait = options.maxPollIntervalMs ?? 10_000;
  while (report.pendingCount > 0) {
    if (Date.now() + wait > deadline) throw new TestRunTimeoutError(report);
    await sleep(wait);
    wait = Math.min(maxWait, wait * 1.5);
    const inv = await api.call("getTestInvocation", { params: { test_invocation_id: report.invocationId } });
    report = reportOf(inv, agentId);
    options.onProgress?.(report);
  }
  return report;
}

/** `s` safe inside XML text and attribute values. */
function xml(s: string): string {
  return s.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] ?? c,
  );
}

/**
 * The report as JUnit XML (one `<testsuite>` for the run, one `<testcase>` per test, a `<failure>`
 * with the judge's reason for each failed one), for CI systems that show test results.
 * @param report a finished run.
 * @param timestamp when the run started (default: now).
 */
export function junitXml(report: AgentTestReport, timestamp: Date = new Date()): string {
  const suite = `${report.agentId}${report.branchId ? ` (branch ${report.branchId})` : ""}`;
  const cases = report.results.map((r) => {
    const open = `    <testcase name="${xml(r.testName)}" classname="elevenlabs.${xml(report.agentId)}" id="${xml(r.testId)}" time="0"`;
    if (r.status === "passed") return `${open}/>`;
    const tag = r.status === "failed" ? "failure" : "skipped";
    return `${open}>\n      <${tag} message="${xml(r.reason || r.status)}">${xml(r.reason)}</${tag}>\n    </testcase>`;
  });
  const counts = `tests="${report.results.length}" failures="${report.failedCount}" skipped="${report.pendingCount}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="elevenlabs-test" ${counts}>`,
    `  <testsuite name="${xml(suite)}" id="${xml(report.invocationId)}" ${counts} errors="0" timestamp="${timestamp.toISOString()}">`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
