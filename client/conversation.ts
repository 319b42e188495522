/**
 * A small client for the conversation WebSocket (`<base>/conversation`), from the caller's side:
 * connect (with a signed URL from `getAgentLink`, or an agent id and an API key), send text as the
 * user, and wait for the agent's events. Used by the smoke check; usable by scripts and tests.
 *
 * Text stands in for speech: `sendText` sends `{"type":"user_message","text"}`, the service answers
 * `user_transcript`, then `agent_response` and `audio` chunks. Pings are answered automatically.
 *
 * @example
 * ```ts
 * const conv = await ConversationClient.open(new ElevenLabsApi(), "agent_123");
 * try {
 *   const greeting = await conv.next("agent_response");
 *   conv.sendText("What are your opening hours?");
 *   console.log((await conv.next("agent_response")).text);
 * } finally {
 *   await conv.close();
 * }
 * ```
 */
import type { IncomingMessage } from "node:http";
import WebSocket from "ws";
import { z } from "zod";
import type { ElevenLabsApi } from "./api";
import {
  ConnectionError,
  ElevenLabsError,
  errorBody,
  errorFromResponse,
  InvalidArgumentError,
  redact,
} from "./http/errors";
import type { PlainObject } from "./wire";

// ---------------------------------------------------------------------------------------------
// Events (camelCase; `raw` is the message as received)
// ---------------------------------------------------------------------------------------------

/** Something the server sent on the conversation socket. */
export type ConversationEvent =
  | {
      /** The conversation started; always the first event. */
      type: "conversation_initiation_metadata";
      conversationId: string;
      agentOutputAudioFormat?: string;
      userInputAudioFormat?: string;
      raw: PlainObject;
    }
  | {
      /** Text of what the agent says (its first message, then each reply). */
      type: "agent_response";
      text: string;
      raw: PlainObject;
    }
  | {
      /** The user's speech (or text) as the service understood it. */
      type: "user_transcript";
      text: string;
      raw: PlainObject;
    }
  | {
      /** A chunk of the agent's speech. */
      type: "audio";
      audio: Buffer;
      /** Groups the chunks of one response; an interruption names it. */
      eventId?: number;
      raw: PlainObject;
    }
  | {
      /** The user spoke while the agent was still speaking: the agent stops the response `eventId`. */
      type: "interruption";
      eventId?: number;
      raw: PlainObject;
    }
  | {
      /** Keep-alive; answered with a pong automatically unless `autoPong: false`. */
      type: "ping";
      eventId?: number;
      pingMs?: number;
      raw: PlainObject;
    }
  | {
      /** Any other message (e.g. `pong`, `client_tool_call`); `messageType` is its `type`. */
      type: "other";
      messageType: string;
      raw: PlainObject;
    };

/** The `type` of a {@link ConversationEvent}. */
export type ConversationEventType = ConversationEvent["type"];

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** Base class of failures on an open conversation socket. */
export class ConversationError extends ElevenLabsError {
  override name = "ConversationError";
}

/** No event of the awaited type arrived in time. */
export class ConversationTimeoutError extends ConversationError {
  override name = "ConversationTimeoutError";
  /** What was awaited, e.g. `agent_response`. */
  readonly waitingFor: string;
  readonly timeoutMs: number;
  constructor(waitingFor: string, timeoutMs: number) {
    super(`Conversation: no '${waitingFor}' event within ${timeoutMs} ms`);
    this.waitingFor = waitingFor;
    this.timeoutMs = timeoutMs;
  }
}

/** The socket closed (by the server, or by {@link ConversationClient.close}) before the awaited event. */
export class ConversationClosedError extends ConversationError {
  override name = "ConversationClosedError";
  /** WebSocket close code, e.g. 1000 (normal), 1006 (connection lost), 1011 (server error). */
  readonly code: number;
  readonly reason: string;
  /** `true` when this side closed the socket. */
  readonly byClient: boolean;
  constructor(code: number, reason: string, byClient: boolean, waitingFor?: string) {
    super(
      `Conversation: the ${byClient ? "client" : "server"} closed the socket (code ${code}${reason ? ` "${reason}"` : ""})` +
        (waitingFor ? ` while waiting for '${waitingFor}'` : ""),
    );
    this.code = code;
    this.reason = reason;
    this.byClient = byClient;
  }
}

/** The server sent something that is not a valid protocol message. */
export class ConversationProtocolError extends ConversationError {
  override name = "ConversationProtocolError";
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

const EventId = z.number().nullish();
const wireEvents = {
  conversation_initiation_metadata: z.looseObject({
    conversation_initiation_metadata_event: z.looseObject({
      conversation_id: z.string().min(1),
      agent_output_audio_format: z.string().nullish(),
      user_input_audio_format: z.string().nullish(),
    }),
  }),
  agent_response: z.looseObject({ agent_response_event: z.looseObject({ agent_response: z.string() }) }),
  user_transcript: z.looseObject({ user_transcript_event: z.looseObject({ user_transcript: z.string() }) }),
  audio: z.looseObject({ audio_event: z.looseObject({ audio_base_64: z.string(), event_id: EventId }) }),
  interruption: z.looseObject({ interruption_event: z.looseObject({ event_id: EventId }).nullish() }),
  ping: z.looseObject({
    ping_event: z.looseObject({ event_id: EventId, ping_ms: z.number().nullish() }).nullish(),
  }),
};

function opt<K extends string, V>(key: K, v: V | null | undefined): Partial<Record<K, V>> {
  return v === null || v === undefined ? {} : ({ [key]: v } as Record<K, V>);
}

/** One text frame -> event. Throws {@link ConversationProtocolError} for malformed messages. */
export function parseConversationEvent(text: string): ConversationEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConversationProtocolError(
      `Conversation: the server sent a frame that is not JSON: ${text.slice(0, 120)}`,
    );
  }
  if (
    typeof raw !== "object" ||
    raw === null ||
    Array.isArray(raw) ||
    typeof (raw as PlainObject).type !== "string"
  ) {
    throw new ConversationProtocolError(
      `Conversation: the server sent a message without a 'type': ${text.slice(0, 120)}`,
    );
  }
  const msg = raw as PlainObject;
  const type = msg.type as string;
  const bad = (issues: z.ZodError): never => {
    throw new ConversationProtocolError(
      `Conversation: malformed '${type}' message (${issues.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})`,
    );
  };
  switch (type) {
    case "conversation_initiation_metadata": {
      const p = wireEvents[type].safeParse(msg);
      if (!p.success) return bad(p.error);
      const e = p.data.conversation_initiation_metadata_event;
      return {
        type,
        conversationId: e.conversation_id,
        ...opt("agentOutputAudioFormat", e.agent_output_audio_format),
        ...opt("userInputAudioFormat", e.user_input_audio_format),
        raw: msg,
      };
    }
    case "agent_response": {
      const p = wireEvents[type].safeParse(msg);
      if (!p.success) return bad(p.error);
      return { type, text: p.data.agent_response_event.agent_response, raw: msg };
    }
    case "user_transcript": {
      const p = wireEvents[type].safeParse(msg);
      if (!p.success) return bad(p.error);
      return { type, text: p.data.user_transcript_event.user_transcript, raw: msg };
    }
    case "audio": {
      const p = wireEvents[type].safeParse(msg);
      if (!p.success) return bad(p.error);
      const e = p.data.audio_event;
      return { type, audio: Buffer.from(e.audio_base_64, "base64"), ...opt("eventId", e.event_id), raw: msg };
    }
    case "interruption": {
      const p = wireEvents[type].safeParse(msg);
      if (!p.success) return bad(p.error);
      return { type, ...opt("eventId", p.data.interruption_event?.event_id), raw: msg };
    }
    case "ping": {
      const p = wireEvents[type].safeParse(msg);
      if (!p.success) return bad(p.error);
      const e = p.data.ping_event;
      return { type, ...opt("eventId", e?.event_id), ...opt("pingMs", e?.ping_ms), raw: msg };
    }
    default:
      return { type: "other", messageType: type, raw: msg };
  }
}

// ---------------------------------------------------------------------------------------------
// The client
// ---------------------------------------------------------------------------------------------

/** Options of {@link ConversationClient.connect}. */
export interface ConversationConnectOptions {
  /** Sent as `xi-api-key` (needed for private agents when the URL is not a signed URL). */
  apiKey?: string;
  /** How long to wait for the WebSocket handshake, ms (default 10 000). */
  connectTimeoutMs?: number;
  /** Default timeout of {@link ConversationClient.next}, ms (default 10 000). */
  eventTimeoutMs?: number;
  /** Answer `ping` events with a `pong` (default true). */
  autoPong?: boolean;
  /** Extra headers for the handshake. */
  headers?: Record<string, string>;
}

type Waiter = {
  match: (e: ConversationEvent) => boolean;
  waitingFor: string;
  resolve: (e: ConversationEvent) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout | undefined;
};

/** Turns `http(s)` into `ws(s)`; anything else but `ws(s)` is an error. */
function socketUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InvalidArgumentError(`ConversationClient.connect: url: not a URL`, "url");
  }
  if (u.protocol === "http:") u.protocol = "ws:";
  else if (u.protocol === "https:") u.protocol = "wss:";
  if (u.protocol !== "ws:" && u.protocol !== "wss:")
    throw new InvalidArgumentError(`ConversationClient.connect: url: must be a ws:// or wss:// URL`, "url");
  return u;
}

/** One open conversation. Not safe for concurrent `next` calls: await one before the next. */
export class ConversationClient {
  /** Every event received so far, in order (including those `next` skipped). */
  readonly history: ConversationEvent[] = [];
  private readonly queue: ConversationEvent[] = [];
  private waiter: Waiter | undefined;
  private failure: Error | undefined;
  private closeInfo: { code: number; reason: string } | undefined;
  private closingByClient = false;
  private readonly closed: Promise<void>;
  private id: string | undefined;

  private constructor(
    private readonly socket: WebSocket,
    private readonly eventTimeoutMs: number,
    private readonly autoPong: boolean,
    private readonly secrets: string[],
  ) {
    socket.on("message", (data, isBinary) => {
      if (isBinary) return; // The protocol is JSON text; binary frames carry nothing we read.
      this.receive(data.toString());
    });
    // Errors after the handshake are followed by 'close'; the listener keeps them from crashing.
    socket.on("error", (err) => {
      this.failure ??= new ConnectionError(
        `Conversation: socket error: ${redact(err.message, this.secrets)}`,
        false,
        { cause: err },
      );
    });
    this.closed = new Promise<void>((resolve) => {
      socket.once("close", (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        const w = this.waiter;
        if (w) {
          this.waiter = undefined;
          if (w.timer) clearTimeout(w.timer);
          w.reject(this.closedError(w.waitingFor));
        }
        resolve();
      });
    });
  }

  /**
   * Opens a conversation at `url` (a signed URL from `getAgentLink`, or
   * `<base>/conversation?agent_id=…` with `apiKey` for a private agent). Resolves once the
   * handshake is done; a refused handshake throws the API's error class (401
   * {@link AuthenticationError}, 404 {@link NotFoundError}, …), a network failure {@link ConnectionError}.
   * @param url `ws://` / `wss://` URL (`http(s)` is turned into `ws(s)`).
   * @param options API key, timeouts, auto-pong, extra headers.
   */
  static connect(url: string, options: ConversationConnectOptions = {}): Promise<ConversationClient> {
    const target = socketUrl(url);
    const secrets = [
      options.apiKey,
      target.searchParams.get("conversation_signature") ?? undefined,
      target.searchParams.get("xi-api-key") ?? undefined,
    ].filter((s): s is string => typeof s === "string");
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.apiKey) headers["xi-api-key"] = options.apiKey;
    const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    return new Promise<ConversationClient>((resolve, reject) => {
      const socket = new WebSocket(target, { headers, handshakeTimeout: connectTimeoutMs });
      const client = new ConversationClient(
        socket,
        options.eventTimeoutMs ?? 10_000,
        options.autoPong ?? true,
        secrets,
      );
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        reject(err);
      };
      socket.once("open", () => {
        settled = true;
        resolve(client);
      });
      socket.once("unexpected-response", (_req, res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", () => undefined);
        res.once("end", () => {
          fail(handshakeError(res, Buffer.concat(chunks), target, secrets));
          socket.terminate();
        });
      });
      socket.once("error", (err) => {
        const code = (err as { code?: unknown }).code;
        fail(
          new ConnectionError(
            `Conversation: could not connect to ${target.origin}${target.pathname}: ${redact(err.message, secrets)}`,
            code === "ECONNREFUSED" || code === "ENOTFOUND",
            { cause: err },
          ),
        );
      });
      socket.once("close", () => fail(client.closedError("the handshake")));
    });
  }

  /**
   * Opens a conversation with an agent through a fresh signed URL (works for private agents).
   * @param api the typed API client that fetches the signed URL.
   * @param agentId the agent to talk to.
   * @param options timeouts and auto-pong (the signed URL carries the authorization).
   */
  static async open(
    api: ElevenLabsApi,
    agentId: string,
    options: Omit<ConversationConnectOptions, "apiKey"> = {},
  ): Promise<ConversationClient> {
    const link = await api.getAgentLink(agentId);
    return ConversationClient.connect(link.signedUrl, options);
  }

  /** The conversation's id, once `conversation_initiation_metadata` has arrived. */
  get conversationId(): string | undefined {
    return this.id;
  }

  /** Whether the socket is open (messages can be sent). */
  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /**
   * Says `text` as the user (`{"type":"user_message","text"}`). If the agent is still speaking, the
   * service interrupts it (an `interruption` event) before transcribing.
   * @param text what the user says.
   */
  sendText(text: string): void {
    if (typeof text !== "string" || text.length === 0)
      throw new InvalidArgumentError("ConversationClient.sendText: text: must be a non-empty string", "text");
    this.send({ type: "user_message", text });
  }

  /**
   * Sends any protocol message as JSON (e.g. `{ type: "user_activity" }`).
   * @param message the message, in wire form (snake_case), with its `type`.
   */
  send(message: PlainObject): void {
    if (!this.isOpen) throw this.closedError();
    this.socket.send(JSON.stringify(message));
  }

  /**
   * The next event of `type` (any type if omitted). Events of other types that come first are
   * skipped (they stay in {@link history}). Rejects with {@link ConversationTimeoutError} after
   * `timeoutMs`, with {@link ConversationClosedError} if the socket closes first.
   * @param type the event type to wait for, e.g. `agent_response`.
   * @param options `timeoutMs` (default: the connect option `eventTimeoutMs`, 10 s).
   */
  next<T extends ConversationEventType>(
    type: T,
    options?: { timeoutMs?: number },
  ): Promise<Extract<ConversationEvent, { type: T }>>;
  next(type?: undefined, options?: { timeoutMs?: number }): Promise<ConversationEvent>;
  next(type?: ConversationEventType, options: { timeoutMs?: number } = {}): Promise<ConversationEvent> {
    return this.wait(type, options.timeoutMs ?? this.eventTimeoutMs);
  }

  /** Every event from now on (queued ones first) until the socket closes. */
  async *[Symbol.asyncIterator](): AsyncGenerator<ConversationEvent> {
    for (;;) {
      try {
        yield await this.wait(undefined, 0);
      } catch (err) {
        if (err instanceof ConversationClosedError) return;
        throw err;
      }
    }
  }

  /**
   * Closes the conversation and waits until the socket is closed (at most `2 s`, then it is
   * terminated). Safe to call more than once.
   * @param code close code (default 1000).
   * @param reason close reason.
   */
  async close(code = 1000, reason = ""): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.closingByClient = true;
    if (this.socket.readyState === WebSocket.CONNECTING) this.socket.terminate();
    else if (this.socket.readyState === WebSocket.OPEN) this.socket.close(code, reason);
    let timer: NodeJS.Timeout | undefined;
    const forced = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.socket.terminate();
        resolve();
      }, 2_000);
    });
    await Promise.race([this.closed, forced]);
    clearTimeout(timer);
    await this.closed;
  }

  private wait(type: ConversationEventType | undefined, timeoutMs: number): Promise<ConversationEvent> {
    if (this.waiter) {
      return Promise.reject(
        new ConversationError(
          `Conversation: already waiting for '${this.waiter.waitingFor}'; await it first`,
        ),
      );
    }
    const match = (e: ConversationEvent) => type === undefined || e.type === type;
    while (this.queue.length > 0) {
      const e = this.queue.shift() as ConversationEvent;
      if (match(e)) return Promise.resolve(e);
    }
    const waitingFor = type ?? "any event";
    if (this.failure instanceof ConversationProtocolError) return Promise.reject(this.failure);
    if (this.closeInfo) return Promise.reject(this.closedError(waitingFor));
    return new Promise<ConversationEvent>((resolve, reject) => {
      const w: Waiter = { match, waitingFor, resolve, reject, timer: undefined };
      if (timeoutMs > 0) {
        w.timer = setTimeout(() => {
          if (this.waiter === w) this.waiter = undefined;
          reject(new ConversationTimeoutError(waitingFor, timeoutMs));
        }, timeoutMs);
      }
      this.waiter = w;
    });
  }

  private receive(text: string): void {
    let event: ConversationEvent;
    try {
      event = parseConversationEvent(text);
    } catch (err) {
      this.failure = err as Error;
      const w = this.waiter;
      if (w) {
        this.waiter = undefined;
        if (w.timer) clearTimeout(w.timer);
        w.reject(err as Error);
      }
      this.socket.close(1007, "invalid message");
      return;
    }
    this.history.push(event);
    if (event.type === "conversation_initiation_metadata") this.id = event.conversationId;
    if (event.type === "ping" && this.autoPong && this.isOpen) {
      this.socket.send(JSON.stringify({ type: "pong", event_id: event.eventId ?? null }));
    }
    const w = this.waiter;
    if (w) {
      // A waiter exists only when the queue is empty; what it does not match is skipped.
      if (!w.match(event)) return;
      this.waiter = undefined;
      if (w.timer) clearTimeout(w.timer);
      w.resolve(event);
      return;
    }
    this.queue.push(event);
  }

  private closedError(waitingFor?: string): ConversationClosedError {
    const info = this.closeInfo ?? { code: 1006, reason: "" };
    return new ConversationClosedError(info.code, info.reason, this.closingByClient, waitingFor);
  }
}

/** A refused handshake -> the API's error class (same mapping as HTTP answers). */
function handshakeError(res: IncomingMessage, body: Buffer, target: URL, secrets: string[]): Error {
  const { rawBody, detail } = errorBody(body, secrets);
  const rid = res.headers["x-request-id"];
  return errorFromResponse({
    status: res.statusCode ?? 0,
    method: "GET",
    route: "GET /conversation",
    path: target.pathname,
    requestId: Array.isArray(rid) ? rid[0] : rid,
    detail,
    rawBody,
  });
}
