/**
 * The HTTP server: control routes under /_emulator/, the API under /v1/convai (auth, rate limit,
 * faults, route table, request log), and the WebSocket upgrade of /v1/convai/conversation.
 */
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import type { Ctx, Env, ParsedBody, Reply, ResolvedOptions, SignedLink } from "./context";
import { CONVERSATION_WS_ROUTE } from "./conversations";
import { classify } from "./dialect";
import { ApiError, ValidationError } from "./errors";
import { type FaultAction, Faults, faultStatusName } from "./faults";
import { parseMultipart } from "./multipart";
import { DIALECTS, type Dialect, description } from "./openapi";
import { RateLimiter } from "./ratelimit";
import { BASE_PATH, logRedacted, matchRoute } from "./routes";
import { faultSchema, parseOrThrow } from "./schemas";
import { Store } from "./store";
import {
  DEFAULT_API_KEY,
  type Emulator,
  type EmulatorOptions,
  type Fault,
  type RecordedRequest,
  type WorkspaceData,
  type WorkspaceView,
} from "./types";
import { randomAlnum, redactApiKey, redactSecrets } from "./util";
import { type BodyInput, validateRequest } from "./validate";
import { makeWorkspaceView } from "./view";
import { authorizeConversation, ConversationSession } from "./ws";

/** The prefix of the control routes (no key, not logged, not rate limited). */
export const CONTROL_PREFIX = "/_emulator";
const MiB = 1024 * 1024;

/** EmulatorOptions with their defaults; throws on an invalid option. */
export function resolveOptions(opts: EmulatorOptions = {}): ResolvedOptions {
  const apiKeys = opts.apiKeys && opts.apiKeys.length > 0 ? [...opts.apiKeys] : [];
  const readOnlyApiKeys = [...(opts.readOnlyApiKeys ?? [])];
  if (apiKeys.length === 0 && readOnlyApiKeys.length === 0) apiKeys.push(DEFAULT_API_KEY);
  const resolved: ResolvedOptions = {
    port: opts.port ?? 0,
    host: opts.host ?? "127.0.0.1",
    apiKeys,
    readOnlyApiKeys,
    rateLimit: opts.rateLimit ?? 100,
    linkTtlSeconds: opts.linkTtlSeconds ?? 900,
    audioChunkIntervalMs: opts.audioChunkIntervalMs ?? 20,
    maxFileBytes: opts.maxFileBytes ?? 20 * MiB,
    defaultDialect: opts.defaultDialect ?? "live",
  };
  if (opts.stateFile !== undefined) resolved.stateFile = opts.stateFile;
  if (!Number.isInteger(resolved.rateLimit) || resolved.rateLimit < 1)
    throw new Error("rateLimit must be an integer >= 1");
  if (!DIALECTS.includes(resolved.defaultDialect))
    throw new Error('defaultDialect must be "live" or "legacy"');
  return resolved;
}

function firstValues(q: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of q) if (!(k in out)) out[k] = v;
  return out;
}

function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

async function readBody(req: IncomingMessage, cap: number): Promise<{ bytes: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > cap) tooLarge = true;
    else chunks.push(b);
  }
  return { bytes: Buffer.concat(chunks), tooLarge };
}

function parseBody(bytes: Buffer, contentType: string): ParsedBody {
  if (bytes.length === 0) return { kind: "none" };
  const ct = contentType.toLowerCase();
  if (ct.startsWith("multipart/form-data")) {
    try {
      return { kind: "form", ...parseMultipart(bytes, contentType) };
    } catch (e) {
      return { kind: "invalid_form", error: (e as Error).message };
    }
  }
  if (ct.startsWith("application/x-www-form-urlencoded")) {
    return { kind: "form", fields: firstValues(new URLSearchParams(bytes.toString("utf8"))), files: {} };
  }
  try {
    return { kind: "json", value: JSON.parse(bytes.toString("utf8")) };
  } catch (e) {
    return { kind: "invalid_json", error: (e as Error).message };
  }
}

/** The body as the validator and the classifier see it. */
function bodyInput(b: ParsedBody): BodyInput {
  if (b.kind === "json") return { kind: "json", value: b.value };
  if (b.kind === "form") return { kind: "form", value: { ...b.fields, ...b.files } };
  return { kind: "none" };
}

/** The body as the request log keeps it: secrets redacted, file parts as {name, size}. */
function logBody(b: ParsedBody, size: number, route: string): unknown {
  const extra = logRedacted(route);
  switch (b.kind) {
    case "none":
      return null;
    case "json":
      return redactSecrets(b.value, extra);
    case "form": {
      const out: Record<string, unknown> = redactSecrets(b.fields, extra) as Record<string, unknown>;
      for (const [k, f] of Object.entries(b.files)) out[k] = { name: f.name, size: f.bytes.length };
      return out;
    }
    case "invalid_json":
    case "invalid_form":
      return `(unparseable body, ${size} bytes)`;
  }
}

/** The dialect of the stored object a path names (an agent or a phone number), if any. */
function objectDialect(ws: WorkspaceData, params: Record<string, string>): Dialect | undefined {
  if (params.phone_number_id !== undefined) {
    const p = ws.phoneNumbers[params.phone_number_id];
    return p ? (p.dialect ?? "legacy") : undefined;
  }
  if (params.agent_id !== undefined) {
    const a = ws.agents[params.agent_id];
    return a ? (a.dialect ?? "legacy") : undefined;
  }
  return undefined;
}

function errorReply(e: unknown): Reply {
  if (e instanceof ApiError) return { status: e.httpStatus, json: e.body(), headers: e.headers };
  if (e instanceof ValidationError) return { status: 422, json: e.body() };
  process.stderr.write(`elevenlabs-emulator: internal error: ${(e as Error).stack ?? String(e)}\n`);
  return { status: 500, json: internalError() };
}

function redactQuery(q: URLSearchParams): Record<string, string> {
  return redactSecrets(firstValues(q)) as Record<string, string>;
}

/** One emulator: the HTTP server, the WebSocket upgrade, the store, faults and the request log. */
export class EmulatorServer {
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly store: Store;
  private readonly env: Env;
  private readonly faults = new Faults();
  private readonly limiter: RateLimiter;
  private readonly accepted: Set<string>;
  private readonly readOnly: Set<string>;
  private readonly sessions = new Set<ConversationSession>();
  private readonly sleepers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private log: RecordedRequest[] = [];
  private seq = 0;
  private closing = false;
  private boundPort = 0;

  constructor(private readonly options: ResolvedOptions) {
    // Load both descriptions now, not on the first request.
    description("live");
    description("legacy");
    this.store = new Store(options.stateFile);
    this.env = { store: this.store, options, links: new Map<string, SignedLink>() };
    this.limiter = new RateLimiter(options.rateLimit);
    this.accepted = new Set([...options.apiKeys, ...options.readOnlyApiKeys]);
    this.readOnly = new Set(options.readOnlyApiKeys.filter((k) => !options.apiKeys.includes(k)));
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        process.stderr.write(`elevenlabs-emulator: internal error: ${(e as Error).stack ?? String(e)}\n`);
        if (!res.headersSent && !res.destroyed) this.sendJson(res, 500, internalError());
      });
    });
    this.server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.onUpgrade(req, socket, head).catch(() => socket.destroy());
    });
    this.server.on("clientError", (_err: Error, socket: Duplex) => socket.destroy());
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off("error", reject);
        this.boundPort = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  get port(): number {
    return this.boundPort;
  }

  /** host:port as clients should dial it. */
  private get authority(): string {
    const h = this.options.host;
    const host = h === "0.0.0.0" || h === "::" ? "127.0.0.1" : h.includes(":") ? `[${h}]` : h;
    return `${host}:${this.boundPort}`;
  }

  get url(): string {
    return `http://${this.authority}${BASE_PATH}`;
  }

  // --------------------------------------------------------------------------------------------
  // helpers

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.sleepers.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.sleepers.add(entry);
    });
  }

  private sendJson(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    if (res.headersSent || res.destroyed) return;
    if (status === 204 || body === undefined) {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    const bytes = Buffer.from(JSON.stringify(body));
    res.writeHead(status, {
      ...headers,
      "Content-Type": "application/json",
      "Content-Length": String(bytes.length),
    });
    res.end(bytes);
  }

  private record(entry: Omit<RecordedRequest, "seq">): RecordedRequest {
    const full: RecordedRequest = { seq: ++this.seq, ...entry };
    this.log.push(full);
    return full;
  }

  // --------------------------------------------------------------------------------------------
  // HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = `req_${randomAlnum(24)}`;
    res.setHeader("x-request-id", requestId);
    const time = Date.now();
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    let path = url.pathname;
    if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);

    const { bytes, tooLarge } = await readBody(req, this.options.maxFileBytes + MiB);
    if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
      return this.control(method, path, url.searchParams, req, res, bytes);
    }

    const inBase = path === BASE_PATH || path.startsWith(`${BASE_PATH}/`);
    const rel = inBase ? path.slice(BASE_PATH.length) || "/" : path;
    const match = inBase ? matchRoute(method, rel) : ({ kind: "none" } as const);
    const routeKey = match.kind === "ok" ? match.key : "";
    const contentType = headerValue(req.headers["content-type"]) ?? "";
    const body = tooLarge ? ({ kind: "none" } as const) : parseBody(bytes, contentType);
    const input = bodyInput(body);
    const bodyValue = input.kind === "none" ? undefined : input.value;
    const key = headerValue(req.headers["xi-api-key"]);
    const entry = this.record({
      method,
      path: rel,
      route: routeKey,
      query: redactQuery(url.searchParams),
      status: 0,
      body: logBody(body, bytes.length, routeKey),
      ...(key !== undefined ? { apiKey: redactApiKey(key) } : {}),
      requestId,
      time,
      // refined once the workspace is known (the dialect of the object the path names)
      dialect: classify(routeKey, bodyValue, undefined, this.options.defaultDialect),
    });

    let fault: FaultAction | undefined;
    let reply: Reply;
    try {
      if (!inBase) throw new ApiError(404, "not_found", `No route for ${method} ${path}`);
      if (key === undefined || !this.accepted.has(key))
        throw new ApiError(401, "invalid_api_key", "Invalid API key");
      const rate = this.limiter.hit(key);
      for (const [h, v] of Object.entries(rate.headers)) res.setHeader(h, v);
      if (!rate.allowed) {
        throw new ApiError(
          429,
          "rate_limit_exceeded",
          `Rate limit of ${this.options.rateLimit} requests per minute exceeded; retry in ${rate.retryAfterSecs} s`,
          { "Retry-After": String(rate.retryAfterSecs) },
        );
      }
      fault = this.faults.take(routeKey, key);
      if (fault?.latencyMs) await this.sleep(fault.latencyMs);
      if (this.closing) return;
      if (fault?.drop) {
        req.socket.destroy();
        return;
      }
      reply =
        fault && (fault.status !== undefined || fault.body !== undefined)
          ? injected(fault)
          : await this.route({
              method,
              rel,
              match,
              body,
              input,
              bodyValue,
              query: url.searchParams,
              key,
              req,
              entry,
              tooLarge,
            });
    } catch (e) {
      reply = errorReply(e);
    }
    entry.status = reply.status;
    if (fault?.dropAfter) {
      entry.lost = true;
      req.socket.destroy();
      return;
    }
    this.send(res, reply);
  }

  /** Route, classify, validate and handle a request that passed auth, the rate limit and faults. */
  private async route(r: {
    method: string;
    rel: string;
    match: ReturnType<typeof matchRoute>;
    body: ParsedBody;
    input: BodyInput;
    bodyValue: unknown;
    query: URLSearchParams;
    key: string;
    req: IncomingMessage;
    entry: RecordedRequest;
    tooLarge: boolean;
  }): Promise<Reply> {
    const { method, rel, match, body, input, key } = r;
    if (r.tooLarge) throw new ApiError(413, "payload_too_large", "Request body too large");
    if (match.kind === "none") throw new ApiError(404, "not_found", `No route for ${method} ${rel}`);
    if (match.kind === "method_not_allowed") {
      throw new ApiError(405, "method_not_allowed", `Method ${method} not allowed on ${rel}`, {
        Allow: match.allow.join(", "),
      });
    }
    if (method !== "GET" && this.readOnly.has(key)) {
      throw new ApiError(403, "insufficient_permissions", "This API key is read-only");
    }
    if (body.kind === "invalid_json")
      throw new ApiError(400, "invalid_json", `Request body is not valid JSON: ${body.error}`);
    if (body.kind === "invalid_form")
      throw new ApiError(400, "invalid_body", `Request body cannot be parsed: ${body.error}`);
    const ws = this.store.workspace(key);
    const dialect = classify(
      match.key,
      r.bodyValue,
      objectDialect(ws, match.params),
      this.options.defaultDialect,
    );
    r.entry.dialect = dialect;
    const issues = validateRequest(match.key, input, dialect);
    if (issues.length > 0) throw new ValidationError(issues);
    const ctx: Ctx = {
      method,
      path: rel,
      params: match.params,
      query: r.query,
      body,
      dialect,
      apiKey: key,
      ws,
      env: this.env,
      host: headerValue(r.req.headers.host) ?? this.authority,
    };
    const reply = await match.handler(ctx);
    if (method !== "GET" && reply.status < 400) this.store.save();
    return reply;
  }

  private send(res: ServerResponse, reply: Reply): void {
    if (reply.bytes) {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(reply.status, {
        ...(reply.headers ?? {}),
        "Content-Type": reply.contentType ?? "application/octet-stream",
        "Content-Length": String(reply.bytes.length),
      });
      res.end(reply.bytes);
      return;
    }
    this.sendJson(res, reply.status, reply.json, reply.headers);
  }

  // --------------------------------------------------------------------------------------------
  // control routes (no key, not logged, not rate limited)

  private control(
    method: string,
    path: string,
    query: URLSearchParams,
    req: IncomingMessage,
    res: ServerResponse,
    bytes: Buffer,
  ): void {
    const [status, body] = this.controlReply(method, path, query, req, bytes);
    this.sendJson(res, status, body);
  }

  private controlReply(
    method: string,
    path: string,
    query: URLSearchParams,
    req: IncomingMessage,
    bytes: Buffer,
  ): [number, unknown] {
    const route = `${method} ${path.slice(CONTROL_PREFIX.length) || "/"}`;
    const err = (status: number, s: string, message: string): [number, unknown] => [
      status,
      { detail: { status: s, message } },
    ];
    try {
      switch (route) {
        case "GET /health":
          return [200, { status: "ok", url: this.url }];
        case "GET /requests":
          return [200, this.requests()];
        case "DELETE /requests":
          this.log = [];
          return [204, undefined];
        case "GET /faults":
          return [200, this.faults.list()];
        case "POST /faults": {
          let input: unknown;
          try {
            input = JSON.parse(bytes.toString("utf8"));
          } catch {
            return err(400, "invalid_json", "Body must be a Fault or an array of Faults");
          }
          const list = Array.isArray(input) ? input : [input];
          const faults = list.map((f, i) =>
            parseOrThrow(faultSchema, f, Array.isArray(input) ? ["body", i] : ["body"]),
          ) as Fault[];
          for (const f of faults) this.faults.add(f);
          return [204, undefined];
        }
        case "DELETE /faults":
          this.faults.clear();
          return [204, undefined];
        case "POST /reset":
          this.reset();
          return [204, undefined];
        case "GET /workspace": {
          const key = headerValue(req.headers["xi-api-key"]) ?? query.get("api_key") ?? undefined;
          const view = this.workspace(key);
          return [
            200,
            {
              agents: view.agents,
              documents: view.documents,
              phoneNumbers: view.phoneNumbers,
              conversations: view.conversations,
              tools: view.tools,
              secrets: view.secrets,
              counts: view.counts(),
              isEmpty: view.isEmpty(),
            },
          ];
        }
        default:
          return err(404, "not_found", `No control route ${route}`);
      }
    } catch (e) {
      if (e instanceof ValidationError) return [422, e.body()];
      return err(400, "bad_request", (e as Error).message);
    }
  }

  // --------------------------------------------------------------------------------------------
  // WebSocket upgrade

  private rejectUpgrade(
    socket: Duplex,
    requestId: string,
    status: number,
    body: unknown,
    headers = {},
  ): void {
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

  private async onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const requestId = `req_${randomAlnum(24)}`;
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    let path = url.pathname;
    if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
    const inBase = path === BASE_PATH || path.startsWith(`${BASE_PATH}/`);
    const rel = inBase ? path.slice(BASE_PATH.length) || "/" : path;
    const isConversation = rel === "/conversation" && inBase;
    const headerKey = headerValue(req.headers["xi-api-key"]);
    const presentedKey = url.searchParams.get("xi-api-key") ?? headerKey;
    const entry = this.record({
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
      this.rejectUpgrade(socket, requestId, status, body);
    };
    const fault = this.faults.take(entry.route, presentedKey);
    if (fault) {
      if (fault.latencyMs) await this.sleep(fault.latencyMs);
      if (this.closing || fault.drop) {
        socket.destroy();
        return;
      }
      if (fault.status !== undefined || fault.body !== undefined) {
        const reply = injected(fault);
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
      auth = authorizeConversation(this.env, url.searchParams, headerKey, this.accepted);
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
      if (this.closing) {
        client.terminate();
        return;
      }
      const session = new ConversationSession(
        client,
        auth.ws,
        auth.agent,
        this.options.audioChunkIntervalMs,
        () => this.store.save(),
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

  // --------------------------------------------------------------------------------------------
  // programmatic control

  requests(): RecordedRequest[] {
    return this.log.map((r) => structuredClone(r));
  }

  clearRequests(): void {
    this.log = [];
  }

  addFault(f: Fault): void {
    this.faults.add(parseOrThrow(faultSchema, f, ["fault"]) as Fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  reset(): void {
    for (const s of [...this.sessions]) s.terminate();
    this.store.reset();
    this.log = [];
    this.faults.clear();
    this.env.links.clear();
    this.limiter.reset();
  }

  workspace(apiKey?: string): WorkspaceView {
    const key = apiKey ?? this.options.apiKeys[0] ?? this.options.readOnlyApiKeys[0] ?? DEFAULT_API_KEY;
    if (!this.accepted.has(key)) throw new Error("elevenlabs-emulator: that API key is not configured");
    return makeWorkspaceView(this.store, key);
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const s of [...this.sessions]) s.terminate();
    for (const client of this.wss.clients) client.terminate();
    for (const s of [...this.sleepers]) {
      clearTimeout(s.timer);
      s.resolve();
    }
    this.sleepers.clear();
    await new Promise<void>((resolve) => {
      this.wss.close(() => resolve());
    });
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  api(): Emulator {
    return {
      url: this.url,
      port: this.port,
      requests: () => this.requests(),
      clearRequests: () => this.clearRequests(),
      addFault: (f) => this.addFault(f),
      clearFaults: () => this.clearFaults(),
      reset: () => this.reset(),
      workspace: (k) => this.workspace(k),
      close: () => this.close(),
    };
  }
}

/** The answer of a status fault (a 429 carries Retry-After: 1 unless the fault gives one). */
function injected(fault: FaultAction): Reply {
  const status = fault.status ?? 500;
  const headers: Record<string, string> = { ...(fault.headers ?? {}) };
  if (status === 429 && !Object.keys(headers).some((h) => h.toLowerCase() === "retry-after")) {
    headers["Retry-After"] = "1";
  }
  const body = fault.body ?? {
    detail: { status: faultStatusName(status), message: `Injected fault (${status})` },
  };
  return { status, json: status === 204 ? undefined : body, headers };
}

function internalError(): { detail: { status: string; message: string } } {
  return { detail: { status: "internal_server_error", message: "Internal server error" } };
}

/** Start an emulator; resolves once it listens. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const server = new EmulatorServer(resolveOptions(opts));
  await server.listen();
  return server.api();
}
