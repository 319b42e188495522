/**
 * The typed client against undici's MockAgent: exact requests (paths, query, bodies), paging
 * followed to the end, camelCase results, validation before sending, and answer validation.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MOCK_BASE, MOCK_KEY, MOCK_ORIGIN, useMockApi } from "../test/helpers/mockApi";
import { ElevenLabsApi } from "./api";
import { invokeGetAgent, invokeGetAgentLink } from "./functions";
import { InvalidArgumentError, LookupError, NotFoundError, ResponseValidationError } from "./http/errors";

const ORIGIN = MOCK_ORIGIN;
const BASE = MOCK_BASE;
const KEY = MOCK_KEY;
const mocked = useMockApi();

interface Seen {
  method: string;
  /** Path relative to the base, with its query, e.g. `/agents?page_size=2`. */
  url: string;
  body: string | undefined;
  key: string | undefined;
}

type Answer = { status?: number; json?: unknown; bytes?: Buffer; headers?: Record<string, string> };

let seen: Seen[];
let dirs: string[];

/** Answers every `method path` (query ignored for matching) with `handler(query)`. */
function serve(method: string, path: string, handler: (query: URLSearchParams) => Answer): void {
  mocked.agent
    .get(ORIGIN)
    .intercept({ method, path: (p: string) => p.split("?")[0] === `/v1/convai${path}` })
    .reply((opts) => {
      const url = new URL(opts.path, ORIGIN);
      const headers = opts.headers as Record<string, string>;
      seen.push({
        method: opts.method,
        url: `${url.pathname.replace("/v1/convai", "")}${url.search}`,
        body: opts.body === undefined || opts.body === null ? undefined : String(opts.body),
        key: headers["xi-api-key"],
      });
      const a = handler(url.searchParams);
      if (a.bytes)
        return { statusCode: a.status ?? 200, data: a.bytes, responseOptions: { headers: a.headers } };
      return {
        statusCode: a.status ?? 200,
        data: JSON.stringify(a.json),
        responseOptions: { headers: { "content-type": "application/json", ...(a.headers ?? {}) } },
      };
    })
    .persist();
}

/** The typed API in a dialect (legacy unless said: most routes below are the seed's). */
const api = (dialect: "live" | "legacy" = "legacy") =>
  new ElevenLabsApi({
    baseUrl: BASE,
    apiKey: KEY,
    dispatcher: mocked.agent,
    maxRetries: 0,
    delayScale: 0,
    dialect,
  });

const wireAgent = (id: string, name: string, firstMessage = "Hi!") => ({
  agent_id: id,
  name,
  conversation_config: {
    agent: { first_message: firstMessage, language: "en", prompt: { prompt: "p", tool_ids: [] } },
    tts: { voice_id: "v1", model_id: "eleven_turbo_v2" },
  },
  platform_settings: { auth: { enable_auth: true } },
  tags: ["prod"],
  metadata: { created_at_unix_secs: 1700000000, updated_at_unix_secs: 1700000100 },
});
const summary = (id: string, name: string) => ({ agent_id: id, name, tags: null, created_at_unix_secs: 1 });

beforeEach(() => {
  seen = [];
  dirs = [];
});
afterEach(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("agents", () => {
  it("getAgent reads the agent with the key and answers camelCase", async () => {
    serve("GET", "/agents/agent_1", () => ({ json: wireAgent("agent_1", "Support") }));
    const a = await api().getAgent("agent_1");
    expect(seen).toEqual([{ method: "GET", url: "/agents/agent_1", body: undefined, key: KEY }]);
    expect(a.agentId).toBe("agent_1");
    expect(a.conversationConfig.agent?.firstMessage).toBe("Hi!");
    expect(a.conversationConfig.tts).toEqual({ voiceId: "v1", modelId: "eleven_turbo_v2" });
    expect(a.platformSettings).toEqual({ auth: { enableAuth: true } });
    expect(a.metadata).toEqual({ createdAtUnixSecs: 1700000000, updatedAtUnixSecs: 1700000100 });
  });

  it("getAgent URL-encodes the id", async () => {
    serve("GET", "/agents/a%2Fb", () => ({ json: wireAgent("a/b", "X") }));
    await api().getAgent("a/b");
    expect(seen.map((s) => s.url)).toEqual(["/agents/a%2Fb"]);
  });

  it.each([[""], ["   "]])("getAgent(%j) is refused before any request, naming agentId", async (id) => {
    const err = await api()
      .getAgent(id)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).field).toBe("agentId");
    expect((err as Error).message).toContain("agentId: must be a non-empty id");
    expect(seen).toEqual([]);
  });

  it("getAgent turns 404 into NotFoundError", async () => {
    serve("GET", "/agents/gone", () => ({
      status: 404,
      json: { detail: { status: "agent_not_found", message: "Agent not found" } },
      headers: { "x-request-id": "req_9" },
    }));
    const err = await api()
      .getAgent("gone")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).requestId).toBe("req_9");
  });

  it("getAgent fails loudly when the answer lacks a field it needs", async () => {
    serve("GET", "/agents/agent_1", () => ({ json: { agent_id: "agent_1", conversation_config: {} } }));
    const err = await api()
      .getAgent("agent_1")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as Error).message).toContain("name");
  });

  it("listAgents sends search, page_size and cursor and answers one camelCase page", async () => {
    serve("GET", "/agents", () => ({
      json: { agents: [summary("agent_2", "Support B")], next_cursor: "c2", has_more: true },
    }));
    const page = await api().listAgents({ search: "sup port", pageSize: 5, cursor: "c1" });
    expect(seen.map((s) => s.url)).toEqual(["/agents?search=sup+port&page_size=5&cursor=c1"]);
    expect(page).toEqual({
      agents: [{ agentId: "agent_2", name: "Support B", tags: [], createdAtUnixSecs: 1 }],
      nextCursor: "c2",
      hasMore: true,
    });
  });

  it("listAgents without options sends no query", async () => {
    serve("GET", "/agents", () => ({ json: { agents: [], next_cursor: null, has_more: false } }));
    expect(await api().listAgents()).toEqual({ agents: [], nextCursor: null, hasMore: false });
    expect(seen.map((s) => s.url)).toEqual(["/agents"]);
  });

  it.each([
    [{ pageSize: 0 }, "pageSize"],
    [{ pageSize: 101 }, "pageSize"],
    [{ pageSize: 2.5 }, "pageSize"],
    [{ cursor: "" }, "cursor"],
  ])("listAgents(%j) is refused, naming %s", async (opts, field) => {
    const err = await api()
      .listAgents(opts)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).field).toBe(field);
    expect(seen).toEqual([]);
  });

  it("listAllAgents and iterateAgents follow next_cursor until has_more is false", async () => {
    const pages: Record<string, unknown> = {
      "": { agents: [summary("a5", "s5"), summary("a4", "s4")], next_cursor: "c1", has_more: true },
      c1: { agents: [summary("a3", "s3"), summary("a2", "s2")], next_cursor: "c2", has_more: true },
      c2: { agents: [summary("a1", "s1")], next_cursor: null, has_more: false },
    };
    serve("GET", "/agents", (q) => ({ json: pages[q.get("cursor") ?? ""] }));
    const all = await api().listAllAgents({ search: "s", pageSize: 2 });
    expect(all.map((a) => a.agentId)).toEqual(["a5", "a4", "a3", "a2", "a1"]);
    expect(seen.map((s) => s.url)).toEqual([
      "/agents?search=s&page_size=2",
      "/agents?search=s&page_size=2&cursor=c1",
      "/agents?search=s&page_size=2&cursor=c2",
    ]);
    seen = [];
    const ids: string[] = [];
    for await (const a of api().iterateAgents({ pageSize: 2 })) ids.push(a.agentId);
    expect(ids).toEqual(["a5", "a4", "a3", "a2", "a1"]);
    expect(seen).toHaveLength(3);
  });

  it("paging stops with an error instead of looping on a repeated cursor", async () => {
    serve("GET", "/agents", () => ({
      json: { agents: [summary("a", "a")], next_cursor: "same", has_more: true },
    }));
    const err = await api()
      .listAllAgents()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as Error).message).toContain("already answered");
    expect(seen).toHaveLength(2);
  });

  it("paging refuses has_more without a cursor", async () => {
    serve("GET", "/agents", () => ({ json: { agents: [], next_cursor: null, has_more: true } }));
    await expect(api().listAllAgents()).rejects.toThrow(/has_more=true without a next_cursor/);
  });

  it("findAgentByName keeps only exact matches of the substring search", async () => {
    serve("GET", "/agents", () => ({
      json: {
        agents: [summary("a1", "Support (old)"), summary("a2", "Support"), summary("a3", "support")],
        next_cursor: null,
        has_more: false,
      },
    }));
    expect((await api().findAgentByName("Support")).agentId).toBe("a2");
    expect(seen.map((s) => s.url)).toEqual(["/agents?search=Support&page_size=100"]);
  });

  it("findAgentByName says when no agent or several agents match", async () => {
    serve("GET", "/agents", (q) => ({
      json: {
        agents: q.get("search") === "Twin" ? [summary("a1", "Twin"), summary("a2", "Twin")] : [],
        next_cursor: null,
        has_more: false,
      },
    }));
    const none = await api()
      .findAgentByName("Nobody")
      .catch((e: unknown) => e);
    expect(none).toBeInstanceOf(LookupError);
    expect((none as Error).message).toContain("No agent is named 'Nobody'");
    const two = await api()
      .findAgentByName("Twin")
      .catch((e: unknown) => e);
    expect(two).toBeInstanceOf(LookupError);
    expect((two as LookupError).candidates).toEqual(["a1", "a2"]);
    expect((two as Error).message).toContain("2 agents are named 'Twin' (a1, a2)");
  });

  it("getAgentLink answers the signed URL in camelCase", async () => {
    serve("GET", "/agents/agent_1/link", () => ({
      json: {
        agent_id: "agent_1",
        signed_url: "wss://x.test/v1/convai/conversation?agent_id=agent_1&conversation_signature=s",
        expires_at_unix_secs: 1800000000,
      },
    }));
    expect(await api().getAgentLink("agent_1")).toEqual({
      agentId: "agent_1",
      signedUrl: "wss://x.test/v1/convai/conversation?agent_id=agent_1&conversation_signature=s",
      expiresAtUnixSecs: 1800000000,
    });
    expect(seen.map((s) => s.url)).toEqual(["/agents/agent_1/link"]);
  });

  it("getAgentLink refuses an answer without a usable URL", async () => {
    serve("GET", "/agents/agent_1/link", () => ({ json: { agent_id: "agent_1", signed_url: "not a url" } }));
    await expect(api().getAgentLink("agent_1")).rejects.toBeInstanceOf(ResponseValidationError);
  });
});

describe("conversations", () => {
  const conv = (id: string) => ({
    agent_id: "agent_1",
    conversation_id: id,
    start_time_unix_secs: 10,
    call_duration_secs: 3,
    message_count: 2,
    status: "done",
    call_successful: "success",
  });

  it("listConversations sends agent_id, page_size and cursor", async () => {
    serve("GET", "/conversations", () => ({
      json: { conversations: [conv("c1")], next_cursor: null, has_more: false },
    }));
    const page = await api().listConversations({ agentId: "agent_1", pageSize: 50, cursor: "k" });
    expect(seen.map((s) => s.url)).toEqual(["/conversations?agent_id=agent_1&page_size=50&cursor=k"]);
    expect(page.conversations[0]).toEqual({
      agentId: "agent_1",
      conversationId: "c1",
      startTimeUnixSecs: 10,
      callDurationSecs: 3,
      messageCount: 2,
      status: "done",
      callSuccessful: "success",
    });
    expect(page.nextCursor).toBeNull();
  });

  it("listAllConversations follows every page, the largest pages unless told", async () => {
    serve("GET", "/conversations", (q) =>
      q.get("cursor") === "n1"
        ? { json: { conversations: [conv("c2")], next_cursor: null, has_more: false } }
        : { json: { conversations: [conv("c1")], next_cursor: "n1", has_more: true } },
    );
    const all = await api().listAllConversations({ agentId: "agent_1" });
    expect(all.map((c) => c.conversationId)).toEqual(["c1", "c2"]);
    expect(seen.map((s) => s.url)).toEqual([
      "/conversations?agent_id=agent_1&page_size=100",
      "/conversations?agent_id=agent_1&page_size=100&cursor=n1",
    ]);
  });

  it("getConversation answers transcript and analysis in camelCase, user data untouched", async () => {
    serve("GET", "/conversations/c1", () => ({
      json: {
        agent_id: "agent_1",
        conversation_id: "c1",
        status: "done",
        transcript: [
          { role: "agent", message: "Hi!", time_in_call_secs: 0 },
          { role: "user", message: null, time_in_call_secs: 2 },
        ],
        metadata: { start_time_unix_secs: 10, call_duration_secs: 3 },
        analysis: {
          call_successful: "success",
          transcript_summary: "ok",
          data_collection_results: { customer_name: { value: "Ann", json_schema: {} } },
        },
        conversation_initiation_client_data: {
          customer_id: "cust_1",
          dynamic_variables: { user_name: "Ann" },
        },
      },
    }));
    const c = await api().getConversation("c1");
    expect(c.transcript).toEqual([
      { role: "agent", message: "Hi!", timeInCallSecs: 0 },
      { role: "user", message: null, timeInCallSecs: 2 },
    ]);
    expect(c.metadata).toEqual({ startTimeUnixSecs: 10, callDurationSecs: 3 });
    expect(c.analysis).toEqual({
      callSuccessful: "success",
      transcriptSummary: "ok",
      dataCollectionResults: { customer_name: { value: "Ann", json_schema: {} } },
    });
    expect(c.conversationInitiationClientData).toEqual({
      customer_id: "cust_1",
      dynamic_variables: { user_name: "Ann" },
    });
  });

  it("getConversationAudio answers the bytes; saveConversationAudio writes them", async () => {
    const mp3 = Buffer.from([0xff, 0xfb, 0x90, 0x64, 0, 1, 2, 3, 250]);
    serve("GET", "/conversations/c1/audio", () => ({
      bytes: mp3,
      headers: { "content-type": "audio/mpeg" },
    }));
    expect(Buffer.compare(await api().getConversationAudio("c1"), mp3)).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), "el-audio-"));
    dirs.push(dir);
    const file = join(dir, "c1.mp3");
    expect(await api().saveConversationAudio("c1", file)).toBe(mp3.length);
    expect(Buffer.compare(readFileSync(file), mp3)).toBe(0);
    expect(seen.map((s) => s.url)).toEqual(["/conversations/c1/audio", "/conversations/c1/audio"]);
  });

  it("getConversationAudio refuses a JSON answer", async () => {
    serve("GET", "/conversations/c1/audio", () => ({ json: { oops: true } }));
    await expect(api().getConversationAudio("c1")).rejects.toBeInstanceOf(ResponseValidationError);
  });
});

describe("knowledge base and phone numbers", () => {
  it("listKnowledgeDocuments reads every page of the agent's documents", async () => {
    const doc = (id: string) => ({
      id,
      name: `Doc ${id}`,
      type: "url",
      url: "https://x.test/faq",
      metadata: { created_at_unix_secs: 5, size_bytes: 99 },
    });
    serve("GET", "/agents/agent_1/knowledge-base", (q) =>
      q.get("cursor") === "k1"
        ? { json: { documents: [doc("d1")], next_cursor: null, has_more: false } }
        : { json: { documents: [doc("d2")], next_cursor: "k1", has_more: true } },
    );
    const docs = await api().listKnowledgeDocuments("agent_1");
    expect(docs).toEqual([
      {
        id: "d2",
        name: "Doc d2",
        type: "url",
        url: "https://x.test/faq",
        metadata: { createdAtUnixSecs: 5, sizeBytes: 99 },
      },
      {
        id: "d1",
        name: "Doc d1",
        type: "url",
        url: "https://x.test/faq",
        metadata: { createdAtUnixSecs: 5, sizeBytes: 99 },
      },
    ]);
    expect(seen.map((s) => s.url)).toEqual([
      "/agents/agent_1/knowledge-base?page_size=100",
      "/agents/agent_1/knowledge-base?page_size=100&cursor=k1",
    ]);
  });

  it("listPhoneNumbers and getPhoneNumber answer camelCase numbers", async () => {
    const num = {
      phone_number_id: "ph_1",
      phone_number: "+14155550100",
      label: "Support",
      provider: "twilio",
      assigned_agent: { agent_id: "agent_1", agent_name: "Support" },
      twilio_config: { account_sid: "AC1" },
    };
    serve("GET", "/phone-numbers", () => ({
      json: [num, { ...num, phone_number_id: "ph_2", assigned_agent: null }],
    }));
    serve("GET", "/phone-numbers/ph_1", () => ({ json: num }));
    const list = await api().listPhoneNumbers();
    expect(list.map((n) => [n.phoneNumberId, n.assignedAgent])).toEqual([
      ["ph_1", { agentId: "agent_1", agentName: "Support" }],
      ["ph_2", null],
    ]);
    const one = await api().getPhoneNumber("ph_1");
    expect(one).toMatchObject({
      phoneNumberId: "ph_1",
      phoneNumber: "+14155550100",
      label: "Support",
      provider: "twilio",
    });
    expect(seen.map((s) => s.url)).toEqual(["/phone-numbers", "/phone-numbers/ph_1"]);
  });
});

describe("twilioOutboundCall", () => {
  const answer = { success: true, message: "Call initiated", conversation_id: "conv_1", callSid: "CA123" };

  it("posts the snake_case body with the client data untouched and answers camelCase", async () => {
    serve("POST", "/twilio/outbound_call", () => ({ json: answer }));
    const clientData = {
      customer_id: "cust_123",
      dynamic_variables: { user_name: "Ann", lastOrder: 7 },
      conversationConfigOverride: { agent: { first_message: "Hello Ann" } },
    };
    const res = await api().twilioOutboundCall({
      agentId: "agent_1",
      agentPhoneNumberId: "ph_1",
      toNumber: "+14155550123",
      conversationInitiationClientData: clientData,
    });
    expect(res).toEqual({
      success: true,
      message: "Call initiated",
      conversationId: "conv_1",
      callSid: "CA123",
    });
    expect(seen).toHaveLength(1);
    expect(JSON.parse(seen[0]?.body ?? "")).toEqual({
      agent_id: "agent_1",
      agent_phone_number_id: "ph_1",
      to_number: "+14155550123",
      conversation_initiation_client_data: clientData,
    });
  });

  it.each([
    [{ toNumber: "4155550123" }, "toNumber", "E.164"],
    [{ toNumber: "+0155" }, "toNumber", "E.164"],
    [{ agentId: "" }, "agentId", "non-empty id"],
    [{ agentPhoneNumberId: " " }, "agentPhoneNumberId", "non-empty id"],
    [{ conversationInitiationClientData: "x" }, "conversationInitiationClientData", "expected record"],
    [{ toNumbr: "+14155550123" }, "toNumbr", "unknown argument"],
  ])("refuses %j before sending, naming %s", async (patch, field, text) => {
    const args = { agentId: "agent_1", agentPhoneNumberId: "ph_1", toNumber: "+14155550123", ...patch };
    const err = await api()
      .twilioOutboundCall(args as Parameters<ElevenLabsApi["twilioOutboundCall"]>[0])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).field).toBe(field);
    expect((err as Error).message).toContain(text);
    expect((err as Error).message).toContain("ElevenLabsApi.twilioOutboundCall");
    expect(seen).toEqual([]);
  });

  it("is not re-sent when the service fails after receiving it", async () => {
    serve("POST", "/twilio/outbound_call", () => ({ status: 500, json: { detail: { status: "boom" } } }));
    const retrying = new ElevenLabsApi({
      dialect: "legacy",
      baseUrl: BASE,
      apiKey: KEY,
      dispatcher: mocked.agent,
      maxRetries: 3,
      delayScale: 0,
    });
    await expect(
      retrying.twilioOutboundCall({ agentId: "a", agentPhoneNumberId: "p", toNumber: "+14155550123" }),
    ).rejects.toThrow(/answered 500/);
    expect(seen).toHaveLength(1);
  });
});

describe("function implementations", () => {
  it("getAgent by id reads the agent and shapes the result", async () => {
    serve("GET", "/agents/agent_1", () => ({ json: wireAgent("agent_1", "Support") }));
    const r = await invokeGetAgent(api(), { agentId: "agent_1" });
    expect(r).toEqual({
      agentId: "agent_1",
      name: "Support",
      tags: ["prod"],
      conversationConfig: {
        agent: { firstMessage: "Hi!", language: "en", prompt: { prompt: "p", toolIds: [] } },
        tts: { voiceId: "v1", modelId: "eleven_turbo_v2" },
      },
      platformSettings: { auth: { enableAuth: true } },
      createdAtUnixSecs: 1700000000,
      updatedAtUnixSecs: 1700000100,
    });
  });

  it("getAgent by name searches, then reads the one exact match", async () => {
    serve("GET", "/agents", () => ({
      json: {
        agents: [summary("a1", "Support"), summary("a2", "Support 2")],
        next_cursor: null,
        has_more: false,
      },
    }));
    serve("GET", "/agents/a1", () => ({ json: wireAgent("a1", "Support") }));
    expect((await invokeGetAgent(api(), { name: "Support" })).agentId).toBe("a1");
    expect(seen.map((s) => s.url)).toEqual(["/agents?search=Support&page_size=100", "/agents/a1"]);
  });

  it.each([
    [{}, "agentId", "give either agentId or name"],
    [{ agentId: "a", name: "b" }, "name", "give either agentId or name, not both"],
  ])("getAgent(%j) is refused, naming %s", async (args, field, text) => {
    const err = await invokeGetAgent(api(), args).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).field).toBe(field);
    expect((err as Error).message).toContain(`elevenlabs.getAgent: invalid argument ${field}: ${text}`);
    expect(seen).toEqual([]);
  });

  it("getAgentLink validates and answers the link", async () => {
    serve("GET", "/agents/agent_1/link", () => ({
      json: { agent_id: "agent_1", signed_url: "ws://h/c?x=1" },
    }));
    expect(await invokeGetAgentLink(api(), { agentId: "agent_1" })).toEqual({
      agentId: "agent_1",
      signedUrl: "ws://h/c?x=1",
    });
    await expect(invokeGetAgentLink(api(), { agentId: "" })).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

describe("the live dialect's routes", () => {
  it("getAgentLink asks get-signed-url for the agent", async () => {
    serve("GET", "/conversation/get-signed-url", (q) => ({
      json: {
        signed_url: `wss://api.test/v1/convai/conversation?agent_id=${q.get("agent_id")}&conversation_signature=s`,
      },
    }));
    const link = await api("live").getAgentLink("agent_1");
    expect(link).toEqual({
      agentId: "agent_1",
      signedUrl: "wss://api.test/v1/convai/conversation?agent_id=agent_1&conversation_signature=s",
    });
    expect(seen.map((r) => r.url)).toEqual(["/conversation/get-signed-url?agent_id=agent_1"]);
  });

  it("listKnowledgeDocuments reads the agent's locators in one GET", async () => {
    serve("GET", "/agents/agent_1", () => ({
      json: {
        agent_id: "agent_1",
        name: "A",
        conversation_config: {
          agent: {
            prompt: { knowledge_base: [{ type: "url", name: "FAQ", id: "d1", usage_mode: "prompt" }] },
          },
        },
      },
    }));
    expect(await api("live").listKnowledgeDocuments("agent_1")).toEqual([
      { type: "url", name: "FAQ", id: "d1", usageMode: "prompt" },
    ]);
    expect(seen).toHaveLength(1);
  });

  it("twilioOutboundCall posts to the hyphenated route", async () => {
    serve("POST", "/twilio/outbound-call", () => ({
      json: { success: true, message: "ok", conversation_id: "c1", callSid: "CA1" },
    }));
    const r = await api("live").twilioOutboundCall({
      agentId: "agent_1",
      agentPhoneNumberId: "ph_1",
      toNumber: "+14155550123",
    });
    expect(r).toEqual({ success: true, message: "ok", conversationId: "c1", callSid: "CA1" });
    expect(seen.map((x) => `${x.method} ${x.url}`)).toEqual(["POST /twilio/outbound-call"]);
  });

  it("refuses an endpoint the dialect lacks, before any request", async () => {
    await expect(
      api("live").client.call("listKnowledgeDocuments", { params: { agent_id: "a" } }),
    ).rejects.toThrow("listKnowledgeDocuments is not part of the live API dialect (only legacy)");
    expect(seen).toEqual([]);
  });
});
