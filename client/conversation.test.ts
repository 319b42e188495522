/** ConversationClient against a scripted WebSocket server on loopback. */
import { afterEach, describe, expect, it } from "vitest";
import {
  type FakeConversationServer,
  type FakeOptions,
  greet,
  send,
  startFakeConversationServer,
} from "../test/helpers/fakeConversationServer";
import {
  ConversationClient,
  ConversationClosedError,
  type ConversationEvent,
  ConversationProtocolError,
  ConversationTimeoutError,
  parseConversationEvent,
} from "./conversation";
import { AuthenticationError, ConnectionError, InvalidArgumentError, NotFoundError } from "./http/errors";

let servers: FakeConversationServer[] = [];
let clients: ConversationClient[] = [];

async function fake(opts: FakeOptions): Promise<FakeConversationServer> {
  const s = await startFakeConversationServer(opts);
  servers.push(s);
  return s;
}
async function connect(url: string, opts: Parameters<typeof ConversationClient.connect>[1] = {}) {
  const c = await ConversationClient.connect(url, opts);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients) await c.close();
  for (const s of servers) await s.close();
  clients = [];
  servers = [];
});

describe("ConversationClient", () => {
  it("receives the metadata, the greeting and audio, in order", async () => {
    const s = await fake({ onConnection: (ws) => greet(ws, "Hello there", "conv_9", 2) });
    const c = await connect(s.url);
    const meta = await c.next("conversation_initiation_metadata");
    expect(meta.conversationId).toBe("conv_9");
    expect(meta.agentOutputAudioFormat).toBe("pcm_16000");
    expect(c.conversationId).toBe("conv_9");
    expect((await c.next("agent_response")).text).toBe("Hello there");
    const audio = await c.next("audio");
    expect([...audio.audio]).toEqual([1, 2, 0]);
    expect(audio.eventId).toBe(1);
    expect((await c.next()).type).toBe("audio");
  });

  it("sends user text and waits past skipped events; an interruption names the response", async () => {
    const s = await fake({
      onConnection: (ws) => {
        greet(ws, "Hi", "conv_1", 0);
        ws.on("message", (raw) => {
          const msg = JSON.parse(raw.toString()) as { type: string; text?: string };
          if (msg.type !== "user_message") return;
          send(ws, { type: "interruption", interruption_event: { event_id: 1 } });
          send(ws, { type: "user_transcript", user_transcript_event: { user_transcript: msg.text } });
          send(ws, {
            type: "agent_response",
            agent_response_event: { agent_response: `You said: ${msg.text}` },
          });
        });
      },
    });
    const c = await connect(s.url);
    await c.next("agent_response");
    c.sendText("opening hours?");
    expect(await c.next("interruption")).toMatchObject({ type: "interruption", eventId: 1 });
    expect((await c.next("agent_response")).text).toBe("You said: opening hours?");
    expect(s.received).toEqual([{ type: "user_message", text: "opening hours?" }]);
    // The transcript was skipped by next("agent_response") but is in the history.
    expect(c.history.map((e) => e.type)).toEqual([
      "conversation_initiation_metadata",
      "agent_response",
      "interruption",
      "user_transcript",
      "agent_response",
    ]);
  });

  it("a pending wait skips events of other types that arrive meanwhile", async () => {
    const s = await fake({
      onConnection: (ws) => {
        setTimeout(
          () => send(ws, { type: "audio", audio_event: { audio_base_64: "AAE=", event_id: 4 } }),
          30,
        );
        setTimeout(
          () => send(ws, { type: "agent_response", agent_response_event: { agent_response: "late" } }),
          60,
        );
      },
    });
    const c = await connect(s.url);
    expect((await c.next("agent_response")).text).toBe("late");
    expect(c.history.map((e) => e.type)).toEqual(["audio", "agent_response"]);
    // The skipped audio is gone: the next wait does not see it.
    await expect(c.next("audio", { timeoutMs: 50 })).rejects.toBeInstanceOf(ConversationTimeoutError);
  });

  it("refuses a second concurrent wait", async () => {
    const s = await fake({});
    const c = await connect(s.url);
    const first = c.next("agent_response", { timeoutMs: 50 });
    await expect(c.next("audio")).rejects.toThrow(/already waiting for 'agent_response'/);
    await expect(first).rejects.toBeInstanceOf(ConversationTimeoutError);
  });

  it("answers pings with pongs carrying the event id", async () => {
    const s = await fake({
      onConnection: (ws) => send(ws, { type: "ping", ping_event: { event_id: 7, ping_ms: 30 } }),
    });
    const c = await connect(s.url);
    expect(await c.next("ping")).toMatchObject({ eventId: 7, pingMs: 30 });
    await expect.poll(() => s.received).toEqual([{ type: "pong", event_id: 7 }]);
  });

  it("times out waiting for an event that does not come", async () => {
    const s = await fake({ onConnection: (ws) => greet(ws, "Hi", "conv_1", 0) });
    const c = await connect(s.url);
    const err = await c.next("user_transcript", { timeoutMs: 80 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConversationTimeoutError);
    expect((err as ConversationTimeoutError).waitingFor).toBe("user_transcript");
    expect((err as Error).message).toContain("within 80 ms");
    // The client is still usable after a timeout.
    expect(c.isOpen).toBe(true);
  });

  it("rejects a pending wait when the server closes, with code and reason", async () => {
    const s = await fake({
      onConnection: (ws) => {
        send(ws, {
          type: "conversation_initiation_metadata",
          conversation_initiation_metadata_event: { conversation_id: "conv_1" },
        });
        setTimeout(() => ws.close(4001, "agent unavailable"), 20);
      },
    });
    const c = await connect(s.url);
    const err = await c.next("agent_response", { timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConversationClosedError);
    expect(err).toMatchObject({ code: 4001, reason: "agent unavailable", byClient: false });
    expect((err as Error).message).toContain("while waiting for 'agent_response'");
    expect(() => c.sendText("hello?")).toThrow(ConversationClosedError);
  });

  it("iterates every event until the socket closes", async () => {
    const s = await fake({
      onConnection: (ws) => {
        greet(ws, "Hi", "conv_1", 3);
        setTimeout(() => ws.close(1000), 30);
      },
    });
    const c = await connect(s.url);
    const types: string[] = [];
    for await (const e of c) types.push(e.type);
    expect(types).toEqual(["conversation_initiation_metadata", "agent_response", "audio", "audio", "audio"]);
  });

  it("fails loudly on a frame that is not a protocol message", async () => {
    const s = await fake({ onConnection: (ws) => setTimeout(() => ws.send("garbage"), 10) });
    const c = await connect(s.url);
    await expect(c.next("agent_response")).rejects.toBeInstanceOf(ConversationProtocolError);
    await s.closed();
    expect(s.closes).toEqual([1007]);
  });

  it("sends the API key as a header when given", async () => {
    const s = await fake({});
    await connect(s.url, { apiKey: "sk_header_key" });
    expect(s.handshakes[0]?.headers["xi-api-key"]).toBe("sk_header_key");
  });

  it("turns a refused handshake into the API's error class, without the signature", async () => {
    const s = await fake({
      reject: {
        status: 401,
        body: { detail: { status: "invalid_signature", message: "Invalid conversation signature" } },
      },
    });
    const err = await ConversationClient.connect(s.url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ status: 401, code: "invalid_signature", requestId: "req_ws_1" });
    expect((err as Error).message).toContain("GET /v1/convai/conversation answered 401");
    expect((err as Error).message).not.toContain("sig_secret_123");
  });

  it("maps a 404 handshake to NotFoundError", async () => {
    const s = await fake({
      reject: { status: 404, body: { detail: { status: "agent_not_found", message: "Agent x not found" } } },
    });
    await expect(ConversationClient.connect(s.url)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("reports a refused connection as ConnectionError", async () => {
    const s = await startFakeConversationServer();
    const url = s.url;
    await s.close();
    const err = await ConversationClient.connect(url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).notSent).toBe(true);
    expect((err as Error).message).not.toContain("sig_secret_123");
  });

  it("refuses URLs that are not WebSocket URLs", () => {
    expect(() => ConversationClient.connect("ftp://x/y")).toThrow(InvalidArgumentError);
    expect(() => ConversationClient.connect("nope")).toThrow(/url: not a URL/);
  });

  it("close() closes the socket (the server sees 1000) and can be called twice", async () => {
    const s = await fake({});
    const c = await connect(s.url);
    await c.close();
    await c.close();
    await s.closed();
    expect(s.closes).toEqual([1000]);
    expect(c.isOpen).toBe(false);
    await expect(c.next("agent_response")).rejects.toMatchObject({ byClient: true });
  });
});

describe("parseConversationEvent", () => {
  it.each<[unknown, Partial<ConversationEvent>]>([
    [
      { type: "user_transcript", user_transcript_event: { user_transcript: "hi" } },
      { type: "user_transcript", text: "hi" },
    ],
    [
      { type: "interruption", interruption_event: { event_id: 3 } },
      { type: "interruption", eventId: 3 },
    ],
    [
      { type: "pong", event_id: 1 },
      { type: "other", messageType: "pong" },
    ],
  ])("parses %j", (msg, expected) => {
    expect(parseConversationEvent(JSON.stringify(msg))).toMatchObject(expected);
  });

  it.each([
    ['{"type":"agent_response","agent_response_event":{}}', "agent_response_event.agent_response"],
    ['{"no":"type"}', "without a 'type'"],
    ["[1]", "without a 'type'"],
  ])("refuses %s", (text, message) => {
    expect(() => parseConversationEvent(text)).toThrow(message);
  });
});
