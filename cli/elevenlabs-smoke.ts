#!/usr/bin/env node
/**
 * `elevenlabs-smoke`: the smoke check as a command for CI. Prints one PASS or FAIL line and exits
 * 0 (pass) or 1 (fail); 2 for a usage error.
 *
 *   elevenlabs-smoke --agent-id agent_123 [--expect-first-message "Hi!"] [--base-url URL]
 *                    [--api-key KEY] [--timeout 15]
 *
 * The API key and base URL fall back to ELEVENLABS_API_KEY and ELEVENLABS_BASE_URL.
 */
import { type SmokeResult, smokeCheck } from "../client/smoke";
import { CLI_SETTINGS, type Command, type Io, runAsBin, runCommand, UsageError } from "./command";

/** `"15"` / `"15s"` -> 15000, `"500ms"` -> 500; undefined when malformed. */
export function parseTimeout(raw: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(raw.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const ms = m[2] === "ms" ? n : n * 1000;
  return ms > 0 ? Math.round(ms) : undefined;
}

/** The check's option names, as this command's flags. */
const FLAGS: Readonly<Record<string, string>> = {
  agentId: "--agent-id",
  expectFirstMessage: "--expect-first-message",
  timeoutMs: "--timeout",
  baseUrl: "--base-url",
  apiKey: "--api-key",
};

/** A result whose reason names options as flags (`expectFirstMessage` -> `--expect-first-message`). */
export function asFlags(r: SmokeResult): SmokeResult {
  if (!r.reason) return r;
  const reason = r.reason.replace(
    /\b(agentId|expectFirstMessage|timeoutMs|baseUrl|apiKey)\b(?=:)/g,
    (n) => FLAGS[n] ?? n,
  );
  return { ...r, reason };
}

/** The PASS/FAIL line of a result. */
export function formatResult(r: SmokeResult): string {
  if (r.ok) {
    return `PASS ${r.agentId}: greeted with ${JSON.stringify(r.firstMessage)} (conversation ${r.conversationId}, ${r.durationMs} ms)`;
  }
  return `FAIL ${r.agentId}: ${r.reason ?? "unknown failure"}${r.conversationId ? ` (conversation ${r.conversationId})` : ""}`;
}

const options = {
  "agent-id": { type: "string" },
  "expect-first-message": { type: "string" },
  "base-url": { type: "string" },
  "api-key": { type: "string" },
  timeout: { type: "string" },
  json: { type: "boolean" },
} as const;

export const smokeCommand: Command<typeof options> = {
  name: "elevenlabs-smoke",
  usage: `Usage: elevenlabs-smoke --agent-id <id> [options]

Opens a conversation with the agent and checks that it greets with its first message.

Options:
  --agent-id <id>                 the agent to check (required)
  --expect-first-message <text>   the greeting to expect (default: the agent's configured first message)
  --base-url <url>                API base URL (default: ELEVENLABS_BASE_URL, then https://api.elevenlabs.io/v1/convai)
  --api-key <key>                 API key (default: ELEVENLABS_API_KEY; prefer the variable in CI logs)
  --timeout <seconds>             how long to wait for the greeting (default 15; '500ms' and '20s' work too)
  --json                          print the result as JSON after the PASS/FAIL line
  -h, --help                      show this help

Exit status: 0 pass, 1 fail, 2 usage error.`,
  options,
  async run(values, io) {
    const agentId = values["agent-id"];
    if (!agentId) throw new UsageError("--agent-id is required");
    let timeoutMs: number | undefined;
    if (values.timeout !== undefined) {
      timeoutMs = parseTimeout(values.timeout);
      if (timeoutMs === undefined)
        throw new UsageError(
          `--timeout must be a positive number of seconds (or '500ms'), got '${values.timeout}'`,
        );
    }
    const result = await smokeCheck({
      agentId,
      ...(values["expect-first-message"] !== undefined
        ? { expectFirstMessage: values["expect-first-message"] }
        : {}),
      ...(values["base-url"] !== undefined ? { baseUrl: values["base-url"] } : {}),
      ...(values["api-key"] !== undefined ? { apiKey: values["api-key"] } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      clientOptions: { settingNames: CLI_SETTINGS },
    });
    io.out(formatResult(asFlags(result)));
    if (values.json) io.out(JSON.stringify(result));
    return result.ok ? 0 : 1;
  },
};

/**
 * Runs the command with `argv` (without `node` and the script) and returns the exit status.
 * @param argv command-line arguments.
 * @param io where to print (default: stdout/stderr).
 */
export const main = (argv: string[], io?: Io): Promise<number> => runCommand(smokeCommand, argv, io);

runAsBin(smokeCommand, module);
