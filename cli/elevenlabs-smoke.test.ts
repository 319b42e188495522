/** The `elevenlabs-smoke` command: usage errors, help, a failing check, and its output format. */
import { describe, expect, it } from "vitest";
import { startFakeConversationServer } from "../test/helpers/fakeConversationServer";
import { formatResult, main, parseTimeout } from "./elevenlabs-smoke";

describe("elevenlabs-smoke", () => {
  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  };

  it.each([
    [[], "--agent-id is required"],
    [["--agent-id", "a", "--timeout", "soon"], "--timeout must be"],
    [["--agent-id", "a", "--bogus"], "Unknown option '--bogus'"],
  ])("exits 2 on usage error %j", async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err.join("\n")).toContain(message);
    expect(r.out).toEqual([]);
  });

  it("prints usage with --help and exits 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toContain("Usage: elevenlabs-smoke --agent-id");
  });

  it("exits 1 with a FAIL line when the check fails", async () => {
    // Nothing listens on this port: the check fails at the first request.
    const s = await startFakeConversationServer();
    const base = `http://127.0.0.1:${s.port}/v1/convai`;
    await s.close();
    const saved = process.env.ELEVENLABS_MAX_RETRIES;
    process.env.ELEVENLABS_MAX_RETRIES = "0";
    const r = await run([
      "--agent-id",
      "agent_1",
      "--base-url",
      base,
      "--api-key",
      "k_123456",
      "--timeout",
      "2",
    ]).finally(() => {
      if (saved === undefined) delete process.env.ELEVENLABS_MAX_RETRIES;
      else process.env.ELEVENLABS_MAX_RETRIES = saved;
    });
    expect(r.code).toBe(1);
    expect(r.out[0]).toContain("connect ECONNREFUSED");
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatch(/^FAIL agent_1: /);
    expect(r.out[0]).not.toContain("k_123456");
  });

  it.each([
    ["15", 15_000],
    ["2.5s", 2_500],
    ["500ms", 500],
    ["0", undefined],
    ["-1", undefined],
    ["abc", undefined],
  ])("parses --timeout %s", (raw, ms) => {
    expect(parseTimeout(raw)).toBe(ms);
  });

  it("formats PASS and FAIL lines", () => {
    expect(
      formatResult({ ok: true, agentId: "a", conversationId: "c", firstMessage: "Hi", durationMs: 12 }),
    ).toBe('PASS a: greeted with "Hi" (conversation c, 12 ms)');
    expect(formatResult({ ok: false, agentId: "a", reason: "timed out", durationMs: 1 })).toBe(
      "FAIL a: timed out",
    );
  });
});
