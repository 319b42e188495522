/**
 * A scripted stand-in for the conversation WebSocket, on 127.0.0.1 and a free port, for unit tests
 * of the conversation client and the smoke check. `close()` terminates every socket and the server.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";

export interface FakeConversationServer {
  /** `ws://127.0.0.1:<port>/v1/convai/conversation?agent_id=…&conversation_signature=sig`. */
  url: string;
  port: number;
  /** JSON messages the clients sent, in order. */
  received: Record<string, unknown>[];
  /** Handshake requests seen (accepted or refused). */
  handshakes: IncomingMessage[];
  /** Close codes of the client sockets that closed, in order. */
  closes: number[];
  /** Resolves when `n` client sockets have closed. */
  closed(n?: number): Promise<void>;
  close(): Promise<void>;
}

export interface FakeOptions {
  /** Runs for each accepted connection. */
  onConnection?: (socket: WebSocket, req: IncomingMessage) => void;
  /** Refuse the handshake with this status and JSON body. */
  reject?: { status: number; body: unknown };
  agentId?: string;
}

export const send = (socket: WebSocket, msg: unknown) => socket.send(JSON.stringify(msg));

/** The server half of the protocol: metadata, then the greeting and `chunks` audio events. */
export function greet(socket: WebSocket, text: string, conversationId = "conv_fake", chunks = 2): void {
  send(socket, {
    type: "conversation_initiation_metadata",
    conversation_initiation_metadata_event: {
      conversation_id: conversationId,
      agent_output_audio_format: "pcm_16000",
      user_input_audio_format: "pcm_16000",
    },
  });
  send(socket, { type: "agent_response", agent_response_event: { agent_response: text } });
  for (let i = 0; i < chunks; i++)
    send(socket, {
      type: "audio",
      audio_event: { audio_base_64: Buffer.from([1, 2, i]).toString("base64"), event_id: 1 },
    });
}

export async function startFakeConversationServer(opts: FakeOptions = {}): Promise<FakeConversationServer> {
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  const received: Record<string, unknown>[] = [];
  const handshakes: IncomingMessage[] = [];
  const closes: number[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server: Server = createServer((_req, res) => {
    res.writeHead(426);
    res.end();
  });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    handshakes.push(req);
    if (opts.reject) {
      const body = Buffer.from(JSON.stringify(opts.reject.body));
      socket.end(
        `HTTP/1.1 ${opts.reject.status} Refused\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nx-request-id: req_ws_1\r\nConnection: close\r\n\r\n${body.toString()}`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on("message", (data) => {
        received.push(JSON.parse(data.toString()) as Record<string, unknown>);
      });
      ws.on("close", (code) => {
        sockets.delete(ws);
        closes.push(code);
        for (const w of [...waiters]) {
          if (closes.length >= w.n) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
        }
      });
      opts.onConnection?.(ws, req);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const agentId = opts.agentId ?? "agent_1";
  return {
    url: `ws://127.0.0.1:${port}/v1/convai/conversation?agent_id=${agentId}&conversation_signature=sig_secret_123`,
    port,
    received,
    handshakes,
    closes,
    closed: (n = 1) =>
      closes.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve })),
    close: async () => {
      for (const s of sockets) s.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
