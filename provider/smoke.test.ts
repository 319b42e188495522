/**
 * The smoke check and its bin: HTTP through undici's MockAgent, the conversation through a
 * scripted WebSocket server on loopback.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type FakeConversationServer,
  type FakeOptions,
  greet,
  send,
  startFakeConversationServer,
} from "../test/helpers/fakeConversationServer";
import { ElevenLabsApi } from "./api/elevenLabsApi";
import { smokeCheck } from "./smoke";
import { formatResult, main, parseTimeout } from "./smoke-bin";

const ORIGIN = "http://api.test";
const KEY = "sk_smoke_key_123";

let mock: MockAgent;
let server: FakeConversationServer | undefined;
let paths: string[];

beforeEach(() => {
  mock = new MockAgent();
  mock.disableNetConnect();
  paths = [];
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await mock.close();
});

const api = () =>
  new ElevenLabsApi({
    baseUrl: `${ORIGIN}/v1/convai`,
    apiKey: KEY,
    dispatcher: mock,
    maxRetries: 0,
    delayScale: 0,
  });

/** The HTTP side: GET /agents/{id} (with `firstMessage`) and its link to the fake socket server. */
async function setup(opts: {
  ws?: FakeOptions;
  firstMessage?: string;
  agentStatus?: number;
  linkStatus?: number;
}): Promise<FakeConversationServer> {
  server = await startFakeConversationServer(opts.ws ?? {});
  const url = server.url;
  const pool = mock.get(ORIGIN);
  const record = (p: string) => paths.push(p);
  pool
    .intercept({ method: "GET", path: "/v1/convai/agents/agent_1" })
    .reply((o) => {
      record(o.path);
      return opts.agentStatus
        ? {
            statusCode: opts.agentStatus,
            data: JSON.stringify({
              detail: { status: "agent_not_found", message: "Agent agent_1 not found" },
            }),
          }
        : {
            statusCode: 200,
            data: JSON.stringify({
              agent_id: "agent_1",
              name: "Support",
              conversation_config: { agent: { first_message: opts.firstMessage ?? "Hi! How can I help?" } },
            }),
          };
    })
    .persist();
  pool
    .intercept({ method: "GET", path: "/v1/convai/agents/agent_1/link" })
    .reply((o) => {
      record(o.path);
      return opts.linkStatus
        ? {
            statusCode: opts.linkStatus,
            data: JSON.stringify({ detail: { status: "invalid_api_key", message: "Invalid API key" } }),
          }
        : {
            statusCode: 200,
            data: JSON.stringify({ agent_id: "agent_1", signed_url: url, expires_at_unix_secs: 1 }),
          };
    })
    .persist();
  return server;
}

describe("smokeCheck", () => {
  it("passes when the agent greets with its configured first message, and closes the socket", async () => {
    const s = await setup({ ws: { onConnection: (ws) => greet(ws, "Hi! How can I help?", "conv_42") } });
    const r = await smokeCheck({ agentId: "agent_1", api: api() });
    expect(r).toMatchObject({
      ok: true,
      agentId: "agent_1",
      conversationId: "conv_42",
      firstMessage: "Hi! How can I help?",
      expected: "Hi! How can I help?",
    });
    expect(r.reason).toBeUndefined();
    expect(paths).toEqual(["/v1/convai/agents/agent_1", "/v1/convai/agents/agent_1/link"]);
    await s.closed();
    expect(s.closes).toEqual([1000]);
  });

  it("uses expectFirstMessage instead of reading the agent", async () => {
    await setup({ ws: { onConnection: (ws) => greet(ws, "Custom") } });
    const r = await smokeCheck({ agentId: "agent_1", api: api(), expectFirstMessage: "Custom" });
    expect(r.ok).toBe(true);
    expect(paths).toEqual(["/v1/convai/agents/agent_1/link"]);
  });

  it("fails on a greeting mismatch, showing expected and got", async () => {
    const s = await setup({ ws: { onConnection: (ws) => greet(ws, "Hello, stranger", "conv_7") } });
    const r = await smokeCheck({ agentId: "agent_1", api: api() });
    expect(r).toMatchObject({
      ok: false,
      failure: "mismatch",
      conversationId: "conv_7",
      firstMessage: "Hello, stranger",
    });
    expect(r.reason).toBe(
      'greeting mismatch: expected "Hi! How can I help?" but the agent said "Hello, stranger"',
    );
    await s.closed();
  });

  it("times out when no greeting comes", async () => {
    const s = await setup({
      ws: {
        onConnection: (ws) =>
          send(ws, {
            type: "conversation_initiation_metadata",
            conversation_initiation_metadata_event: { conversation_id: "conv_slow" },
          }),
      },
    });
    const started = Date.now();
    const r = await smokeCheck({ agentId: "agent_1", api: api(), timeoutMs: 150 });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(r).toMatchObject({ ok: false, failure: "timeout", conversationId: "conv_slow" });
    expect(r.reason).toMatch(/^timed out after \d+ ms waiting for the greeting \(agent_response\)$/);
    await s.closed();
  });

  it("fails when the server closes before greeting", async () => {
    await setup({ ws: { onConnection: (ws) => ws.close(1011, "internal error") } });
    const r = await smokeCheck({ agentId: "agent_1", api: api() });
    expect(r).toMatchObject({ ok: false, failure: "closed" });
    expect(r.reason).toContain('code 1011 "internal error"');
  });

  it("reports an unknown agent without opening a socket", async () => {
    const s = await setup({ agentStatus: 404 });
    const r = await smokeCheck({ agentId: "agent_1", api: api() });
    expect(r).toMatchObject({ ok: false, failure: "not_found" });
    expect(r.reason).toContain("agent agent_1 not found (404 from GET /agents/agent_1)");
    expect(s.handshakes).toHaveLength(0);
  });

  it("reports an authentication failure with advice", async () => {
    const s = await setup({ linkStatus: 401 });
    const r = await smokeCheck({ agentId: "agent_1", api: api(), expectFirstMessage: "x" });
    expect(r).toMatchObject({ ok: false, failure: "authentication" });
    expect(r.reason).toContain("authentication failed (401 from GET /agents/agent_1/link)");
    expect(r.reason).toContain("ELEVENLABS_API_KEY");
    expect(r.reason).not.toContain(KEY);
    expect(s.handshakes).toHaveLength(0);
  });

  it("reports a refused WebSocket handshake by its class", async () => {
    await setup({
      ws: { reject: { status: 404, body: { detail: { status: "agent_not_found", message: "gone" } } } },
    });
    const r = await smokeCheck({ agentId: "agent_1", api: api(), expectFirstMessage: "x" });
    expect(r).toMatchObject({ ok: false, failure: "not_found" });
    expect(r.reason).toContain("the conversation WebSocket");
  });

  it("fails clearly for an agent without a first message", async () => {
    const s = await setup({ firstMessage: "" });
    const r = await smokeCheck({ agentId: "agent_1", api: api() });
    expect(r).toMatchObject({ ok: false, failure: "no_first_message" });
    expect(r.reason).toContain("has no first message");
    expect(s.handshakes).toHaveLength(0);
  });

  it.each([
    [{ agentId: "" }, "agentId"],
    [{ agentId: "agent_1", timeoutMs: 0 }, "timeoutMs"],
    [{ agentId: "agent_1", expectFirstMessage: "" }, "expectFirstMessage"],
  ])("refuses bad options %j", async (opts, field) => {
    const r = await smokeCheck({ ...opts, api: api() });
    expect(r).toMatchObject({ ok: false, failure: "configuration" });
    expect(r.reason).toContain(field);
    expect(paths).toEqual([]);
  });
});

describe("elevenlabs-smoke", () => {
  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  };

  it("is an executable script registered as a bin", () => {
    const root = join(__dirname, "..");
    expect(readFileSync(join(__dirname, "smoke-bin.ts"), "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      bin: Record<string, string>;
    };
    expect(pkg.bin["elevenlabs-smoke"]).toBe("dist/provider/smoke-bin.js");
  });

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
