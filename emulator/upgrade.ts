/**
 * The WebSocket upgrade of GET /v1/convai/conversation on the emulator's HTTP server: it is logged
 * and takes faults like an API request, is authorized (ws.ts: authorizeConversation) and then
 * becomes a ConversationSession. Refusals are written on the raw socket as HTTP answers.
 */
import { type IncomingMessage, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import type { Env } from "./context";
import { CONVERSATION_WS_ROUTE } from "./conversations";
import { ApiError } from "./errors";
import type { Faults } from "./faults";
import { faultReply, headerValue, redactQuery, targetOf } from "./http";
import type { RecordedRequest } from "./types";
import { randomAlnum, redactApiKey } from "./util";
import { authorizeConversation, ConversationSession } from "./ws";

/** What an upgrade needs from the server it arrives on. */
export interface UpgradeHost {
  env: Env;
  /** Every configured API key. */
  accepted: Set<string>;
  faults: Faults;
  /** Appends an entry to the request log and returns it (its status is filled in later). */
  record(entry: Omit<RecordedRequest, "seq">): RecordedRequest;
  /** A delay that close() cuts short. */
  sleep(ms: number): Promise<void>;
  /** Whether the server is closing (then new sockets are dropped). */
  isClosing(): boolean;
}

/** Write an HTTP answer on a socket that asked for an upgrade, then end it. */
function rejectUpgrade(socket: Duplex, requestId: string, status: number, body: unknown, headers = {}): void {
  const bytes = Buffer.from(JSON.stringify(body));
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}`,
    "Content-Type: application/json",
    `Content-Length: ${bytes.length}`,
    `x-request-id: ${requestId}`,
    "Connection: close",
    ...Object.entries(headers).map(([h, v]) => `${h}: ${String(v)}`),
  ];
  socket.end(Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`), bytes]));
}

/** The conversation WebSockets of one server: the upgrades and the sessions they opened. */
export class ConversationUpgrades {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Set<ConversationSession>();

  constructor(private readonly host: UpgradeHost) {}

  /** Handle an upgrade request: log it, apply faults, authorize it, then open a session. */
  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const host = this.host;
    const requestId = `req_${randomAlnum(24)}`;
    const { url, path, inBase, rel } = targetOf(req);
    const isConversation = rel === "/conversation" && inBase;
    const headerKey = headerValue(req.headers["xi-api-key"]);
    const presentedKey = url.searchParams.get("xi-api-key") ?? headerKey;
    const entry = host.record({
      method: (req.method ?? "GET").toUpperCase(),
      path: rel,
      route: isConversation ? CONVERSATION_WS_ROUTE : "",
      query: redactQuery(url.searchParams),
      status: 0,
      body: null,
      ...(presentedKey ? { apiKey: redactApiKey(presentedKey) } : {}),
      requestId,
      time: Date.now(),
      dialect: "live",
    });
    const reject = (status: number, body: unknown) => {
      entry.status = status;
      rejectUpgrade(socket, requestId, status, body);
    };
    const fault = host.faults.take(entry.route, presentedKey);
    if (fault) {
      if (fault.latencyMs) await host.sleep(fault.latencyMs);
      if (host.isClosing() || fault.drop) {
        socket.destroy();
        return;
      }
      if (fault.status !== undefined || fault.body !== undefined) {
        const reply = faultReply(fault);
        reject(reply.status, reply.json);
        return;
      }
    }
    if (!isConversation) {
      reject(404, { detail: { status: "not_found", message: `No WebSocket at ${path}` } });
      return;
    }
    let auth: ReturnType<typeof authorizeConversation>;
    try {
      auth = authorizeConversation(host.env, url.searchParams, headerKey, host.accepted);
    } catch (e) {
      if (e instanceof ApiError) {
        reject(e.httpStatus, e.body());
        return;
      }
      throw e;
    }
    entry.dialect = auth.agent.dialect ?? "legacy";
    this.wss.handleUpgrade(req, socket, head, (client) => {
      entry.status = 101;
      if (host.isClosing()) {
        client.terminate();
        return;
      }
      const session = new ConversationSession(
        client,
        auth.ws,
        auth.agent,
        host.env.options.audioChunkIntervalMs,
        () => host.env.store.save(),
        (s) => this.sessions.delete(s),
      );
      this.sessions.add(session);
      // "lost answer" on the WebSocket: the conversation exists, the client's socket dies at once
      if (fault?.dropAfter) {
        entry.lost = true;
        session.terminate();
      }
    });
  }

  /** End every open conversation (reset). */
  endSessions(): void {
    for (const s of [...this.sessions]) s.terminate();
  }

  /** End every open conversation and WebSocket; the first step of closing the server. */
  terminate(): void {
    this.endSessions();
    for (const client of this.wss.clients) client.terminate();
  }

  /** Close the WebSocket server (after terminate). */
  close(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wss.close(() => resolve());
    });
  }
}
