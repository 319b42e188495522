/**
 * ElevenLabsApi, the conversation client and the smoke check against the real emulator over HTTP
 * and WebSocket: every endpoint, paging to the end, a conversation with an interruption, and each
 * error status the emulator produces turned into its own error class with its advice.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { main as smokeMain } from "../cli/elevenlabs-smoke";
import { ConversationClient, ElevenLabsApi, invokeGetAgent, invokeGetAgentLink, smokeCheck } from "../client";

import {
  type ApiError,
  AuthenticationError,
  BadRequestError,
  LookupError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  UnprocessableEntityError,
} from "../client/http/errors";
import { type Emulator, startEmulator } from "../emulator";

const KEY = "sk_emulator_api_test_0123456789";
const READ_ONLY_KEY = "sk_emulator_read_only_0123456789";

let emu: Emulator;
let extra: Emulator[];
let dirs: string[];
let conversations: ConversationClient[];

const apiFor = (url: string, key = KEY, maxRetries = 0) =>
  new ElevenLabsApi({ baseUrl: url, apiKey: key, maxRetries, delayScale: 0, dialect: "legacy" });
const api = () => apiFor(emu.url);

const _Created = z.object({ agent_id: z.string() });
async function createAgent(name: string, firstMessage = "Hi! How can I help?", extraBody: object = {}) {
  const { agent_id } = await api().client.call("createAgent", {
    json: { name, conversation_config: { agent: { first_message: firstMessage } }, ...extraBody },
  });
  return agent_id;
}
async function createNumber(provider: "twilio" | "sip", phone: string, agentId?: string) {
  const body =
    provider === "twilio"
      ? {
          provider,
          phone_number: phone,
          label: "Line",
          twilio_config: { account_sid: "AC1", auth_token: "tok_secret" },
        }
      : {
          provider,
          phone_number: phone,
          label: "PBX",
          sip_config: { address: "sip.example.com", transport: "tls" },
        };
  const { phone_number_id } = await api().client.call("createPhoneNumber", { json: body });
  if (agentId)
    await api().client.call("updatePhoneNumber", {
      params: { phone_number_id },
      json: { agent_id: agentId },
    });
  return phone_number_id;
}
const routeLog = (route: string) =>
  emu
    .requests()
    .filter((r) => r.route === route)
    .map((r) => ({ query: r.query, status: r.status }));

beforeEach(async () => {
  // The typed API in the legacy dialect (the live routes are covered by test/contract.emulator.test.ts
  // with the official SDK, and by the live tests below).
  emu = await startEmulator({
    defaultDialect: "legacy",
    apiKeys: [KEY],
    readOnlyApiKeys: [READ_ONLY_KEY],
    rateLimit: 100000,
    audioChunkIntervalMs: 100,
  });
  extra = [];
  dirs = [];
  conversations = [];
});
afterEach(async () => {
  for (const c of conversations) await c.close();
  await emu.close();
  for (const e of extra) await e.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("agents", () => {
  it("getAgent answers the whole agent in camelCase, defaults filled", async () => {
    const id = await createAgent("Support", "Hello there");
    const a = await api().getAgent(id);
    expect(a.agentId).toBe(id);
    expect(a.name).toBe("Support");
    expect(a.conversationConfig.agent?.firstMessage).toBe("Hello there");
    expect(a.conversationConfig.agent?.language).toBe("en");
    expect(a.conversationConfig.tts).toMatchObject({ modelId: "eleven_turbo_v2", stability: 0.5 });
    expect(a.platformSettings).toMatchObject({ auth: { enableAuth: false } });
  });

  it("listAgents pages with page_size, search and cursor; listAllAgents reads to the end", async () => {
    const ids: string[] = [];
    for (const n of ["Support A", "Sales", "Support B", "support C", "Support D"])
      ids.push(await createAgent(n));
    const first = await api().listAgents({ search: "support", pageSize: 2 });
    expect(first.agents.map((a) => a.name)).toEqual(["Support D", "support C"]);
    expect(first.hasMore).toBe(true);
    expect(first.agents[0]).toMatchObject({
      agentId: ids[4],
      tags: [],
      createdAtUnixSecs: expect.any(Number),
    });
    const second = await api().listAgents({ search: "support", pageSize: 2, cursor: first.nextCursor ?? "" });
    expect(second.agents.map((a) => a.name)).toEqual(["Support B", "Support A"]);

    emu.clearRequests();
    const all = await api().listAllAgents({ search: "support", pageSize: 2 });
    expect(all.map((a) => a.name)).toEqual(["Support D", "support C", "Support B", "Support A"]);
    const log = routeLog("GET /agents");
    expect(log).toHaveLength(2);
    expect(log[0]).toEqual({ query: { search: "support", page_size: "2" }, status: 200 });
    expect(log[1]?.query).toEqual({ search: "support", page_size: "2", cursor: expect.any(String) });

    const iterated: string[] = [];
    for await (const a of api().iterateAgents({ pageSize: 1 })) iterated.push(a.agentId);
    expect(iterated).toEqual([...ids].reverse());
  });

  it("finds an agent by exact name and refuses ambiguous or missing names", async () => {
    const id = await createAgent("Support");
    await createAgent("Support 2");
    await createAgent("Twin");
    await createAgent("Twin");
    expect((await invokeGetAgent(api(), { name: "Support" })).agentId).toBe(id);
    const twin = await invokeGetAgent(api(), { name: "Twin" }).catch((e: unknown) => e);
    expect(twin).toBeInstanceOf(LookupError);
    expect((twin as LookupError).candidates).toHaveLength(2);
    await expect(invokeGetAgent(api(), { name: "support" })).rejects.toThrow(/No agent is named 'support'/);
  });

  it("getAgentLink answers a signed ws:// URL to the conversation endpoint", async () => {
    const id = await createAgent("Support");
    const link = await invokeGetAgentLink(api(), { agentId: id });
    expect(link.agentId).toBe(id);
    const url = new URL(link.signedUrl);
    expect(url.protocol).toBe("ws:");
    expect(url.pathname).toBe("/v1/convai/conversation");
    expect(url.searchParams.get("agent_id")).toBe(id);
    expect(url.searchParams.get("conversation_signature")).toMatch(/\S{20,}/);
    expect(link.expiresAtUnixSecs).toBeGreaterThan(Date.now() / 1000);
  });
});

describe("conversations over the WebSocket", () => {
  it("greets, is interrupted, answers, and is stored with transcript, analysis and audio", async () => {
    const id = await createAgent("Private", "Hi! How can I help?", {
      platform_settings: { auth: { enable_auth: true } },
    });
    const conv = await ConversationClient.open(api(), id);
    conversations.push(conv);
    const meta = await conv.next("conversation_initiation_metadata");
    expect(meta.conversationId).toMatch(/^conv_/);
    expect((await conv.next("agent_response")).text).toBe("Hi! How can I help?");
    // The greeting's audio is still streaming (one chunk per 100 ms): speaking now interrupts it.
    conv.sendText("What are your opening hours?");
    expect((await conv.next("interruption")).eventId).toBe(1);
    expect((await conv.next("user_transcript")).text).toBe("What are your opening hours?");
    expect((await conv.next("agent_response")).text).toBe("You said: What are your opening hours?");
    const reply = await conv.next("audio");
    expect(reply.eventId).toBe(2);
    expect(reply.audio.length).toBe(3200);
    expect(conv.history.filter((e) => e.type === "audio" && e.eventId === 1).length).toBeLessThan(3);
    await conv.close();

    const c = await eventually(async () => {
      const got = await api().getConversation(meta.conversationId);
      return got.status === "done" ? got : undefined;
    });
    expect(c.agentId).toBe(id);
    expect(c.transcript.map((t) => [t.role, t.message])).toEqual([
      ["agent", "Hi! How can I help?"],
      ["user", "What are your opening hours?"],
      ["agent", "You said: What are your opening hours?"],
    ]);
    expect(c.transcript[0]).toHaveProperty("timeInCallSecs", 0);
    expect(c.metadata.callDurationSecs).toBeGreaterThanOrEqual(1);
    expect(c.analysis?.callSuccessful).toBe("success");

    const listed = await api().listConversations({ agentId: id });
    expect(listed.conversations.map((x) => [x.conversationId, x.status, x.messageCount])).toEqual([
      [meta.conversationId, "done", 3],
    ]);

    const audio = await api().getConversationAudio(meta.conversationId);
    expect([...audio.subarray(0, 4)]).toEqual([0xff, 0xfb, 0x18, 0xc4]);
    expect(audio.length % 144).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), "el-conv-audio-"));
    dirs.push(dir);
    const file = join(dir, "call.mp3");
    expect(await api().saveConversationAudio(meta.conversationId, file)).toBe(audio.length);
    expect(Buffer.compare(readFileSync(file), audio)).toBe(0);
  });

  it("a signed URL cannot be reused for another agent (403 on the handshake)", async () => {
    const a = await createAgent("A");
    const b = await createAgent("B");
    const link = await api().getAgentLink(a);
    const wrong = link.signedUrl.replace(`agent_id=${a}`, `agent_id=${b}`);
    const err = await ConversationClient.connect(wrong).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect((err as ApiError).code).toBe("signature_agent_mismatch");
  });
});

describe("outbound calls, knowledge base, phone numbers", () => {
  it("places a Twilio call with the client data untouched, then lists every conversation page", async () => {
    const id = await createAgent("Caller", "Hello, this is a reminder call.");
    const num = await createNumber("twilio", "+14155550100", id);
    const clientData = { customer_id: "cust_123", dynamic_variables: { user_name: "Ann", lastOrder: 7 } };
    const call = await api().twilioOutboundCall({
      agentId: id,
      agentPhoneNumberId: num,
      toNumber: "+14155550123",
      conversationInitiationClientData: clientData,
    });
    expect(call).toMatchObject({ success: true, message: "Call initiated" });
    expect(call.conversationId).toMatch(/^conv_/);
    expect(call.callSid).toMatch(/^CA[0-9a-f]{32}$/);
    const logged = emu.requests().find((r) => r.route === "POST /twilio/outbound_call");
    expect(logged?.body).toEqual({
      agent_id: id,
      agent_phone_number_id: num,
      to_number: "+14155550123",
      conversation_initiation_client_data: clientData,
    });
    const conv = await api().getConversation(call.conversationId ?? "");
    expect(conv.conversationInitiationClientData).toEqual(clientData);
    expect(conv.transcript).toEqual([
      { role: "agent", message: "Hello, this is a reminder call.", timeInCallSecs: 0 },
    ]);

    for (let i = 0; i < 4; i++)
      await api().twilioOutboundCall({ agentId: id, agentPhoneNumberId: num, toNumber: "+14155550123" });
    emu.clearRequests();
    const all = await api().listAllConversations({ agentId: id, pageSize: 2 });
    expect(all).toHaveLength(5);
    expect(new Set(all.map((c) => c.conversationId)).size).toBe(5);
    expect(all.every((c) => c.status === "done" && c.callSuccessful === "failure")).toBe(true);
    const log = routeLog("GET /conversations");
    expect(log.map((r) => r.query.page_size)).toEqual(["2", "2", "2"]);
    expect(log.map((r) => r.query.cursor === undefined)).toEqual([true, false, false]);
  });

  it("lists an agent's knowledge documents in camelCase", async () => {
    const id = await createAgent("Docs");
    for (const name of ["FAQ", "Pricing"]) {
      await api().client.call("createKnowledgeDocument", {
        params: { agent_id: id },
        json: { name, url: `https://docs.example.com/${name.toLowerCase()}` },
      });
    }
    const docs = await api().listKnowledgeDocuments(id);
    expect(docs.map((d) => [d.name, d.type, d.url])).toEqual([
      ["Pricing", "url", "https://docs.example.com/pricing"],
      ["FAQ", "url", "https://docs.example.com/faq"],
    ]);
    expect(docs[0]?.metadata).toEqual({ createdAtUnixSecs: expect.any(Number), sizeBytes: 0 });
    await expect(api().listKnowledgeDocuments("agent_missing")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("lists and reads phone numbers with their assigned agent", async () => {
    const id = await createAgent("Answerer");
    const twilio = await createNumber("twilio", "+14155550100", id);
    const sip = await createNumber("sip", "+14155550101");
    const list = await api().listPhoneNumbers();
    expect(list.map((n) => [n.phoneNumberId, n.provider, n.assignedAgent])).toEqual([
      [sip, "sip", null],
      [twilio, "twilio", { agentId: id, agentName: "Answerer" }],
    ]);
    const one = await api().getPhoneNumber(twilio);
    expect(one).toMatchObject({ phoneNumber: "+14155550100", label: "Line", provider: "twilio" });
    expect(JSON.stringify(one)).not.toContain("tok_secret");
  });
});

describe("smoke check against the emulator", () => {
  it("passes for a (private) agent and fails for a deleted one", async () => {
    const id = await createAgent("Smoke", "Welcome to support!", {
      platform_settings: { auth: { enable_auth: true } },
    });
    const pass = await smokeCheck({ agentId: id, baseUrl: emu.url, apiKey: KEY, timeoutMs: 5_000 });
    expect(pass).toMatchObject({ ok: true, firstMessage: "Welcome to support!" });
    expect(pass.conversationId).toMatch(/^conv_/);

    const mismatch = await smokeCheck({
      agentId: id,
      baseUrl: emu.url,
      apiKey: KEY,
      expectFirstMessage: "Hi",
    });
    expect(mismatch).toMatchObject({ ok: false, failure: "mismatch" });
    expect(mismatch.reason).toBe('greeting mismatch: expected "Hi" but the agent said "Welcome to support!"');

    await api().client.call("deleteAgent", { params: { agent_id: id } });
    const gone = await smokeCheck({ agentId: id, baseUrl: emu.url, apiKey: KEY });
    expect(gone).toMatchObject({ ok: false, failure: "not_found" });
    expect(gone.reason).toContain(`agent ${id} not found (404 from GET /agents/${id})`);

    const badKey = await smokeCheck({ agentId: id, baseUrl: emu.url, apiKey: "sk_wrong_key_000" });
    expect(badKey).toMatchObject({ ok: false, failure: "authentication" });
  });

  it("the bin prints PASS and exits 0, FAIL and exits 1", async () => {
    const id = await createAgent("Bin", "Hi from the bin");
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(`err: ${l}`) };
    expect(
      await smokeMain(["--agent-id", id, "--base-url", emu.url, "--api-key", KEY, "--timeout", "5"], io),
    ).toBe(0);
    expect(out[0]).toMatch(
      new RegExp(`^PASS ${id}: greeted with "Hi from the bin" \\(conversation conv_\\w+, \\d+ ms\\)$`),
    );
    out.length = 0;
    const code = await smokeMain(
      ["--agent-id", id, "--base-url", emu.url, "--api-key", KEY, "--expect-first-message", "Bye"],
      io,
    );
    expect(code).toBe(1);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(
      new RegExp(
        `^FAIL ${id}: greeting mismatch: expected "Bye" but the agent said "Hi from the bin" \\(conversation conv_\\w+\\)$`,
      ),
    );
  });
});

describe("errors from the emulator", () => {
  it("400: an outbound call through a SIP number is a BadRequestError", async () => {
    const id = await createAgent("A");
    const sip = await createNumber("sip", "+14155550101");
    const err = await api()
      .twilioOutboundCall({ agentId: id, agentPhoneNumberId: sip, toNumber: "+14155550123" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err).toMatchObject({ status: 400, code: "phone_number_cannot_call_out" });
    expect((err as Error).message).toContain("fix the request parameters");
    expect((err as ApiError).requestId).toMatch(/^req_/);
  });

  it("401: a wrong key is an AuthenticationError that never shows the key", async () => {
    const err = await apiFor(emu.url, "sk_wrong_key_000")
      .listPhoneNumbers()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ status: 401, code: "invalid_api_key" });
    expect((err as Error).message).toContain("check the API key");
    expect((err as Error).message).not.toContain("sk_wrong_key_000");
  });

  it("403: a read-only key placing a call is a PermissionDeniedError", async () => {
    const err = await apiFor(emu.url, READ_ONLY_KEY)
      .twilioOutboundCall({ agentId: "agent_x", agentPhoneNumberId: "phnum_x", toNumber: "+14155550123" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect(err).toMatchObject({ status: 403, code: "insufficient_permissions" });
    expect((err as Error).message).toContain("lacks permission");
  });

  it("404: an unknown agent, conversation or number is a NotFoundError", async () => {
    for (const p of [
      api().getAgent("agent_missing"),
      api().getConversation("conv_missing"),
      api().getConversationAudio("conv_missing"),
      api().getPhoneNumber("phnum_missing"),
      api().getAgentLink("agent_missing"),
    ]) {
      const err = await p.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotFoundError);
      expect((err as Error).message).toContain("does not exist");
    }
  });

  it("422: a garbage cursor is an UnprocessableEntityError naming the query parameter", async () => {
    const err = await api()
      .listAgents({ cursor: "garbage" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnprocessableEntityError);
    expect((err as UnprocessableEntityError).issues[0]?.loc).toEqual(["query", "cursor"]);
    expect((err as Error).message).toContain("cursor: Invalid cursor");
  });

  it("429: past the rate limit is a RateLimitError with Retry-After", async () => {
    const tight = await startEmulator({ apiKeys: [KEY], rateLimit: 2 });
    extra.push(tight);
    const limited = apiFor(tight.url, KEY, 0);
    await limited.listPhoneNumbers();
    await limited.listPhoneNumbers();
    const err = await limited.listPhoneNumbers().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({ status: 429, code: "rate_limit_exceeded" });
    expect((err as RateLimitError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect((err as Error).message).toMatch(/rate limited; retry after \d+s/);
  });

  it("500: a faulted GET is retried, then a ServerError", async () => {
    const id = await createAgent("Flaky");
    emu.addFault({ route: "GET /agents/{agent_id}", status: 500, count: 5 });
    const err = await apiFor(emu.url, KEY, 2)
      .getAgent(id)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect((err as Error).message).toContain("the service failed; retry later");
    expect(routeLog("GET /agents/{agent_id}")).toEqual([
      { query: {}, status: 500 },
      { query: {}, status: 500 },
      { query: {}, status: 500 },
    ]);
  });
});

/** Polls `probe` until it answers a value (the emulator finishes a conversation on socket close). */
async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
