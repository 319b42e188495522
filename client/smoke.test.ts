/**
 * The smoke check: HTTP through undici's MockAgent, the conversation through a scripted WebSocket
 * server on loopback.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type FakeConversationServer,
  type FakeOptions,
  greet,
  send,
  startFakeConversationServer,
} from "../test/helpers/fakeConversationServer";
import { MOCK_BASE, MOCK_KEY, MOCK_ORIGIN, useMockApi } from "../test/helpers/mockApi";
import { ElevenLabsApi } from "./api";
import { smokeCheck } from "./smoke";

const ORIGIN = MOCK_ORIGIN;
const KEY = MOCK_KEY;
const mocked = useMockApi();

let server: FakeConversationServer | undefined;
let paths: string[];

beforeEach(() => {
  paths = [];
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const api = () =>
  new ElevenLabsApi({
    dialect: "legacy",
    baseUrl: MOCK_BASE,
    apiKey: KEY,
    dispatcher: mocked.agent,
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
  const pool = mocked.agent.get(ORIGIN);
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
