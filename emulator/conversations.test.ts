import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { call as callEmulator } from "../test/helpers/http";
import {
  AUDIO_CHUNKS_PER_RESPONSE,
  DEFAULT_API_KEY,
  type Emulator,
  MP3_FRAME_BYTES,
  startEmulator,
} from "./index";

let emu: Emulator;
const extra: Emulator[] = [];
const sockets: WebSocket[] = [];

beforeAll(async () => {
  emu = await startEmulator({
    rateLimit: 10_000,
    audioChunkIntervalMs: 5,
    apiKeys: [DEFAULT_API_KEY, "other"],
  });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => emu.reset());
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await Promise.all(extra.splice(0).map((e) => e.close()));
});

async function call(method: string, path: string, body?: unknown, key = DEFAULT_API_KEY, on = emu) {
  return callEmulator(on, method, path, body, { key });
}

async function newAgent(extraBody: Record<string, unknown> = {}, on = emu): Promise<string> {
  const r = await call(
    "POST",
    "/agents/create",
    { name: "Talker", conversation_config: { agent: { first_message: "Hello there" } }, ...extraBody },
    DEFAULT_API_KEY,
    on,
  );
  expect(r.status).toBe(200);
  return r.json.agent_id;
}

async function newNumber(provider: "twilio" | "sip", phone = "+14155550100"): Promise<string> {
  const body =
    provider === "twilio"
      ? {
          provider,
          phone_number: phone,
          label: "T",
          twilio_config: { account_sid: "AC1", auth_token: "tok" },
        }
      : {
          provider,
          phone_number: phone,
          label: "S",
          sip_config: { address: "sip.example.com", transport: "tcp" },
        };
  return (await call("POST", "/phone-numbers", body)).json.phone_number_id;
}

// ---------------------------------------------------------------------------------------------
// WebSocket helpers

// biome-ignore lint/suspicious/noExplicitAny: server events are free-form JSON
type Msg = any;

class Client {
  readonly messages: Msg[] = [];
  private waiters: { pred: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
  private cursor = 0;
  constructor(readonly ws: WebSocket) {
    sockets.push(ws);
    ws.on("message", (data) => {
      const m = JSON.parse(data.toString());
      this.messages.push(m);
      for (const w of [...this.waiters]) {
        if (w.pred(m)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    });
  }
  /** The next message (after those already taken) of `type`. */
  next(type: string, timeoutMs = 2000): Promise<Msg> {
    for (let i = this.cursor; i < this.messages.length; i++) {
      if (this.messages[i].type === type) {
        this.cursor = i + 1;
        return Promise.resolve(this.messages[i]);
      }
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        pred: (m) => m.type === type,
        resolve: (m) => {
          clearTimeout(timer);
          this.cursor = this.messages.length;
          resolve(m);
        },
      });
    });
  }
  send(m: unknown): void {
    this.ws.send(JSON.stringify(m));
  }
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.ws.once("close", () => resolve());
      this.ws.close();
    });
  }
}

function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const client = new Client(ws);
    ws.once("open", () => resolve(client));
    ws.once("error", reject);
  });
}

/** Try to connect; resolve with the HTTP status and JSON body of a refused upgrade. */
function refused(url: string): Promise<{ status: number; body: Msg }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    sockets.push(ws);
    ws.once("open", () => reject(new Error("unexpectedly accepted")));
    ws.once("unexpected-response", (_req, res) => {
      let text = "";
      res.on("data", (d: Buffer) => {
        text += d.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    ws.once("error", () => undefined);
  });
}

const wsBase = () => `${emu.url.replace(/^http/, "ws")}/conversation`;

// ---------------------------------------------------------------------------------------------

describe("outbound calls and conversations", () => {
  it("a Twilio outbound call creates a finished conversation", async () => {
    const agent = await newAgent();
    const num = await newNumber("twilio");
    const r = await call("POST", "/twilio/outbound_call", {
      agent_id: agent,
      agent_phone_number_id: num,
      to_number: "+14155550199",
      conversation_initiation_client_data: { customer_id: "c1" },
    });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      success: true,
      message: "Call initiated",
      conversation_id: expect.stringMatching(/^conv_[A-Za-z0-9]{20,}$/),
      callSid: expect.stringMatching(/^CA[0-9a-f]{32}$/),
    });
    const c = await call("GET", `/conversations/${r.json.conversation_id}`);
    expect(c.status).toBe(200);
    expect(c.json).toMatchObject({
      agent_id: agent,
      conversation_id: r.json.conversation_id,
      status: "done",
      transcript: [{ role: "agent", message: "Hello there", time_in_call_secs: 0 }],
      metadata: { start_time_unix_secs: expect.any(Number), call_duration_secs: 1 },
      analysis: { call_successful: "failure", transcript_summary: expect.any(String) },
      conversation_initiation_client_data: { customer_id: "c1" },
    });
  });

  it("outbound call errors: 422 to_number, 404 agent / number, 400 for a SIP number", async () => {
    const agent = await newAgent();
    const num = await newNumber("twilio");
    const sip = await newNumber("sip", "+14155550111");
    const bad = await call("POST", "/twilio/outbound_call", {
      agent_id: agent,
      agent_phone_number_id: num,
      to_number: "555",
    });
    expect(bad.status).toBe(422);
    expect(bad.json.detail[0].loc).toEqual(["body", "to_number"]);
    const noAgent = await call("POST", "/twilio/outbound_call", {
      agent_id: "agent_x",
      agent_phone_number_id: num,
      to_number: "+14155550199",
    });
    expect([noAgent.status, noAgent.json.detail.status]).toEqual([404, "agent_not_found"]);
    const noNum = await call("POST", "/twilio/outbound_call", {
      agent_id: agent,
      agent_phone_number_id: "phnum_x",
      to_number: "+14155550199",
    });
    expect([noNum.status, noNum.json.detail.status]).toEqual([404, "phone_number_not_found"]);
    const viaSip = await call("POST", "/twilio/outbound_call", {
      agent_id: agent,
      agent_phone_number_id: sip,
      to_number: "+14155550199",
    });
    expect([viaSip.status, viaSip.json.detail.status]).toEqual([400, "phone_number_cannot_call_out"]);
    expect(emu.workspace().counts().conversations).toBe(0);
  });

  it("lists conversations newest first, filtered by agent, with paging", async () => {
    const a1 = await newAgent();
    const a2 = await newAgent();
    const num = await newNumber("twilio");
    const ids: string[] = [];
    for (const agent of [a1, a2, a1]) {
      const r = await call("POST", "/twilio/outbound_call", {
        agent_id: agent,
        agent_phone_number_id: num,
        to_number: "+14155550199",
      });
      ids.push(r.json.conversation_id);
    }
    const all = await call("GET", "/conversations");
    expect(all.json.conversations.map((c: { conversation_id: string }) => c.conversation_id)).toEqual(
      [...ids].reverse(),
    );
    expect(all.json.conversations[0]).toEqual({
      agent_id: a1,
      agent_name: "Talker",
      conversation_id: ids[2],
      start_time_unix_secs: expect.any(Number),
      call_duration_secs: 1,
      message_count: 1,
      status: "done",
      call_successful: "failure",
    });
    const mine = await call("GET", `/conversations?agent_id=${a1}&page_size=1`);
    expect(mine.json.conversations.map((c: { conversation_id: string }) => c.conversation_id)).toEqual([
      ids[2],
    ]);
    expect(mine.json.has_more).toBe(true);
    const rest = await call(
      "GET",
      `/conversations?agent_id=${a1}&page_size=1&cursor=${mine.json.next_cursor}`,
    );
    expect(rest.json.conversations.map((c: { conversation_id: string }) => c.conversation_id)).toEqual([
      ids[0],
    ]);
    expect(rest.json).toMatchObject({ has_more: false, next_cursor: null });
    expect((await call("GET", "/conversations?page_size=500")).status).toBe(422);
    // deleting the agent keeps its conversations
    await call("DELETE", `/agents/${a1}`);
    expect((await call("GET", `/conversations/${ids[0]}`)).status).toBe(200);
  });

  it("404 conversation_not_found", async () => {
    const r = await call("GET", "/conversations/conv_nope");
    expect([r.status, r.json.detail.status]).toEqual([404, "conversation_not_found"]);
    expect((await call("GET", "/conversations/conv_nope/audio")).status).toBe(404);
  });

  it("audio is a valid MP3 (MPEG-1 Layer III frames) as long as the call", async () => {
    const agent = await newAgent();
    const num = await newNumber("twilio");
    const conv = (
      await call("POST", "/twilio/outbound_call", {
        agent_id: agent,
        agent_phone_number_id: num,
        to_number: "+14155550199",
      })
    ).json.conversation_id as string;
    const stored = emu.workspace().conversations[conv];
    if (!stored) throw new Error("conversation not stored");
    stored.call_duration_secs = 10;
    const res = await fetch(`${emu.url}/conversations/${conv}/audio`, {
      headers: { "xi-api-key": DEFAULT_API_KEY },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("audio/mpeg");
    const bytes = Buffer.from(await res.arrayBuffer());
    // first frame header: 11-bit sync, MPEG-1, Layer III, no CRC
    const h = bytes.readUInt32BE(0);
    expect(h >>> 21).toBe(0x7ff);
    expect((h >>> 19) & 0b11).toBe(0b11); // MPEG-1
    expect((h >>> 17) & 0b11).toBe(0b01); // Layer III
    const bitrateIdx = (h >>> 12) & 0xf;
    const rateIdx = (h >>> 10) & 0b11;
    const padding = (h >>> 9) & 1;
    const bitrate = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320][bitrateIdx] ?? 0;
    const sampleRate = [44100, 48000, 32000][rateIdx] ?? 0;
    expect(bitrate).toBeGreaterThan(0);
    expect(sampleRate).toBeGreaterThan(0);
    const frameLen = Math.floor((144 * bitrate * 1000) / sampleRate) + padding;
    expect(frameLen).toBe(MP3_FRAME_BYTES);
    // the next frame starts where the first one ends
    expect(bytes.readUInt16BE(frameLen) & 0xffe0).toBe(0xffe0);
    expect(bytes.length % frameLen).toBe(0);
    const secs = (bytes.length / frameLen) * (1152 / sampleRate);
    expect(secs).toBeGreaterThanOrEqual(10);
    expect(secs).toBeLessThan(10.1);
  });
});

describe("signed links", () => {
  it("GET /agents/{id}/link answers a ws URL with a signature and an expiry", async () => {
    const agent = await newAgent();
    const r = await call("GET", `/agents/${agent}/link`);
    expect(r.status).toBe(200);
    expect(r.json.agent_id).toBe(agent);
    const url = new URL(r.json.signed_url);
    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe(
      `ws://127.0.0.1:${emu.port}/v1/convai/conversation`,
    );
    expect(url.searchParams.get("agent_id")).toBe(agent);
    expect(url.searchParams.get("conversation_signature")).toMatch(/^[A-Za-z0-9]{32,}$/);
    const now = Math.floor(Date.now() / 1000);
    expect(r.json.expires_at_unix_secs).toBeGreaterThanOrEqual(now + 899);
    expect(r.json.expires_at_unix_secs).toBeLessThanOrEqual(now + 901);
    expect((await call("GET", "/agents/agent_nope/link")).status).toBe(404);
  });
});

describe("conversation WebSocket", () => {
  it("full exchange: metadata, greeting, transcript, reply, audio; done on close", async () => {
    const agent = await newAgent();
    const c = await connect(`${wsBase()}?agent_id=${agent}`);
    const meta = await c.next("conversation_initiation_metadata");
    const convId = meta.conversation_initiation_metadata_event.conversation_id as string;
    expect(meta.conversation_initiation_metadata_event).toMatchObject({
      conversation_id: expect.stringMatching(/^conv_/),
      agent_output_audio_format: "pcm_16000",
    });
    expect((await c.next("agent_response")).agent_response_event).toEqual({ agent_response: "Hello there" });
    const greetingAudio = [];
    for (let i = 0; i < AUDIO_CHUNKS_PER_RESPONSE; i++) greetingAudio.push(await c.next("audio"));
    expect(greetingAudio.map((a) => a.audio_event.event_id)).toEqual([1, 1, 1]);
    expect(Buffer.from(greetingAudio[0].audio_event.audio_base_64, "base64").length).toBe(3200);

    expect((await call("GET", `/conversations/${convId}`)).json.status).toBe("in-progress");

    c.send({ type: "user_message", text: "What are your hours?" });
    expect((await c.next("user_transcript")).user_transcript_event).toEqual({
      user_transcript: "What are your hours?",
    });
    expect((await c.next("agent_response")).agent_response_event.agent_response).toBe(
      "You said: What are your hours?",
    );
    for (let i = 0; i < AUDIO_CHUNKS_PER_RESPONSE; i++)
      expect((await c.next("audio")).audio_event.event_id).toBe(2);

    c.send({ user_audio_chunk: Buffer.alloc(640).toString("base64") });
    expect((await c.next("user_transcript")).user_transcript_event.user_transcript).toBe("[audio 640 bytes]");
    for (let i = 0; i < AUDIO_CHUNKS_PER_RESPONSE; i++) await c.next("audio");
    c.send({ type: "pong", event_id: 1 });
    c.send({ type: "ping", ping_event: { event_id: 9 } });
    expect(await c.next("pong")).toEqual({ type: "pong", event_id: 9 });
    expect(c.messages.some((m) => m.type === "interruption")).toBe(false);
    await c.close();

    await expect
      .poll(async () => (await call("GET", `/conversations/${convId}`)).json.status, {
        timeout: 2000,
        interval: 10,
      })
      .toBe("done");
    const conv = (await call("GET", `/conversations/${convId}`)).json;
    expect(conv.transcript.map((t: { role: string; message: string }) => [t.role, t.message])).toEqual([
      ["agent", "Hello there"],
      ["user", "What are your hours?"],
      ["agent", "You said: What are your hours?"],
      ["user", "[audio 640 bytes]"],
      ["agent", "You said: [audio 640 bytes]"],
    ]);
    expect(conv.metadata.call_duration_secs).toBeGreaterThanOrEqual(1);
    expect(conv.analysis.call_successful).toBe("success");
    const listed = (await call("GET", `/conversations?agent_id=${agent}`)).json.conversations[0];
    expect(listed).toMatchObject({ conversation_id: convId, message_count: 5, status: "done" });
    // the upgrade is in the request log, signature-free
    expect(emu.requests().some((r) => r.route === "GET /conversation" && r.status === 101)).toBe(true);
  });

  it("a user message during agent audio interrupts it", async () => {
    const slow = await startEmulator({ audioChunkIntervalMs: 200 });
    extra.push(slow);
    const agent = await newAgent({}, slow);
    const c = await connect(`${slow.url.replace(/^http/, "ws")}/conversation?agent_id=${agent}`);
    await c.next("agent_response");
    c.send({ type: "user_message", text: "Stop" });
    const interruption = await c.next("interruption");
    expect(interruption).toEqual({ type: "interruption", interruption_event: { event_id: 1 } });
    await c.next("user_transcript");
    const order = c.messages.map((m) => m.type);
    expect(order.indexOf("interruption")).toBeLessThan(order.indexOf("user_transcript"));
    expect((await c.next("agent_response")).agent_response_event.agent_response).toBe("You said: Stop");
    // no greeting audio arrives after the interruption; the new response's audio does
    const audio = await c.next("audio", 3000);
    expect(audio.audio_event.event_id).toBe(2);
    const afterInterrupt = c.messages.slice(c.messages.indexOf(interruption));
    expect(afterInterrupt.filter((m) => m.type === "audio" && m.audio_event.event_id === 1)).toEqual([]);
    await c.close();
  });

  it("a signed URL opens a conversation with an auth-enabled agent; a bare agent_id is refused", async () => {
    const agent = await newAgent({ platform_settings: { auth: { enable_auth: true } } });
    const bare = await refused(`${wsBase()}?agent_id=${agent}`);
    expect(bare.status).toBe(401);
    expect(bare.body.detail.status).toBe("authentication_required");
    const link = (await call("GET", `/agents/${agent}/link`)).json.signed_url as string;
    const c = await connect(link);
    expect((await c.next("conversation_initiation_metadata")).type).toBe("conversation_initiation_metadata");
    await c.close();
    // an API key of the agent's workspace works too (query or header); another workspace's does not
    const viaKey = await connect(`${wsBase()}?agent_id=${agent}&xi-api-key=${DEFAULT_API_KEY}`);
    await viaKey.next("conversation_initiation_metadata");
    await viaKey.close();
    const viaHeader = await connect(`${wsBase()}?agent_id=${agent}`, { "xi-api-key": DEFAULT_API_KEY });
    await viaHeader.next("conversation_initiation_metadata");
    await viaHeader.close();
    expect((await refused(`${wsBase()}?agent_id=${agent}&xi-api-key=other`)).status).toBe(404);
    expect((await refused(`${wsBase()}?agent_id=${agent}&xi-api-key=wrong`)).status).toBe(401);
    const log = JSON.stringify(emu.requests());
    expect(log).not.toContain(new URL(link).searchParams.get("conversation_signature"));
  });

  it("refuses bad signatures: unknown 401, expired 401, other agent 403; unknown agent 404", async () => {
    const short = await startEmulator({ linkTtlSeconds: 0.3 });
    extra.push(short);
    const agent = await newAgent({}, short);
    const other = await newAgent({}, short);
    const base = `${short.url.replace(/^http/, "ws")}/conversation`;
    const link = (await call("GET", `/agents/${agent}/link`, undefined, DEFAULT_API_KEY, short)).json
      .signed_url as string;
    const sig = new URL(link).searchParams.get("conversation_signature");
    const mismatch = await refused(`${base}?agent_id=${other}&conversation_signature=${sig}`);
    expect([mismatch.status, mismatch.body.detail.status]).toEqual([403, "signature_agent_mismatch"]);
    const unknown = await refused(`${base}?agent_id=${agent}&conversation_signature=forged`);
    expect([unknown.status, unknown.body.detail.status]).toEqual([401, "invalid_signature"]);
    expect((await refused(`${base}?agent_id=agent_nope`)).status).toBe(404);
    expect((await refused(`${base}`)).status).toBe(400);
    await new Promise((r) => setTimeout(r, 350));
    const expired = await refused(link);
    expect([expired.status, expired.body.detail.status]).toEqual([401, "signature_expired"]);
  });

  it("the server ends a conversation at max_duration_seconds", async () => {
    const agent = await newAgent({ conversation_config: { conversation: { max_duration_seconds: 1 } } });
    const c = await connect(`${wsBase()}?agent_id=${agent}`);
    const meta = await c.next("conversation_initiation_metadata");
    const t0 = Date.now();
    const code = await new Promise<number>((resolve) => c.ws.once("close", (n: number) => resolve(n)));
    expect(code).toBe(1000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    const id = meta.conversation_initiation_metadata_event.conversation_id;
    await expect
      .poll(() => emu.workspace().conversations[id]?.status, { timeout: 1000, interval: 10 })
      .toBe("done");
  });

  it("a dropAfter fault on the upgrade opens the conversation, then kills the socket", async () => {
    const agent = await newAgent();
    emu.addFault({ route: "GET /conversation", dropAfter: true });
    const ws = new WebSocket(`${wsBase()}?agent_id=${agent}`);
    sockets.push(ws);
    await new Promise<void>((resolve) => {
      ws.once("close", () => resolve());
      ws.once("error", () => resolve());
    });
    const convs = Object.values(emu.workspace().conversations);
    expect(convs.map((c) => [c.agent_id, c.status])).toEqual([[agent, "done"]]);
    expect(emu.requests().at(-1)).toMatchObject({ route: "GET /conversation", status: 101, lost: true });
  });

  it("a plain GET on the WebSocket endpoint answers 426", async () => {
    const r = await call("GET", "/conversation");
    expect(r.status).toBe(426);
  });

  it("close() ends open conversations and leaves nothing running", async () => {
    const own = await startEmulator({ audioChunkIntervalMs: 1000 });
    extra.push(own);
    const agent = await newAgent({}, own);
    const c = await connect(`${own.url.replace(/^http/, "ws")}/conversation?agent_id=${agent}`);
    const meta = await c.next("conversation_initiation_metadata");
    const closed = new Promise<void>((resolve) => c.ws.once("close", () => resolve()));
    await own.close();
    await closed;
    const conv = own.workspace().conversations[meta.conversation_initiation_metadata_event.conversation_id];
    expect(conv?.status).toBe("done");
  });
});
