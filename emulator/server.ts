/**
 * The HTTP server and its dispatch: control routes (control.ts) under /_emulator/, the API under
 * /v1/convai (auth, rate limit, faults, the route table of routes.ts, request log), and the
 * WebSocket upgrade of /v1/convai/conversation (upgrade.ts). Body parsing and answer writing are
 * http.ts's; what each route does is its resource family's module.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { Ctx, Env, ParsedBody, Reply, ResolvedOptions, SignedLink } from "./context";
import { controlReply, isControlPath } from "./control";
import { classify, pathObjectDialect } from "./dialect";
import { ApiError, ValidationError } from "./errors";
import { type FaultAction, Faults } from "./faults";
import {
  bodyInput,
  errorReply,
  faultReply,
  headerValue,
  internalError,
  logBody,
  MiB,
  parseBody,
  readBody,
  redactQuery,
  sendJson,
  sendReply,
  targetOf,
} from "./http";
import { description } from "./openapi";
import { resolveOptions } from "./options";
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
  type WorkspaceView,
} from "./types";
import { ConversationUpgrades } from "./upgrade";
import { randomAlnum, redactApiKey } from "./util";
import { type BodyInput, validateRequest } from "./validate";
import { makeWorkspaceView } from "./view";

/** A request that passed auth, the rate limit and faults, as dispatch sees it. */
interface Routed {
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
}

/** One emulator: the HTTP server, the WebSocket upgrade, the store, faults and the request log. */
export class EmulatorServer {
  private readonly server: Server;
  private readonly store: Store;
  private readonly env: Env;
  /** Pending faults (the control routes read and change them too). */
  readonly faults = new Faults();
  private readonly limiter: RateLimiter;
  private readonly accepted: Set<string>;
  private readonly readOnly: Set<string>;
  private readonly upgrades: ConversationUpgrades;
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
    this.upgrades = new ConversationUpgrades({
      env: this.env,
      accepted: this.accepted,
      faults: this.faults,
      record: (entry) => this.record(entry),
      sleep: (ms) => this.sleep(ms),
      isClosing: () => this.closing,
    });
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        process.stderr.write(`elevenlabs-emulator: internal error: ${(e as Error).stack ?? String(e)}\n`);
        if (!res.headersSent && !res.destroyed) sendJson(res, 500, internalError());
      });
    });
    this.server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.upgrades.upgrade(req, socket, head).catch(() => socket.destroy());
    });
    this.server.on("clientError", (_err: Error, socket: Duplex) => socket.destroy());
  }

  /** Listen on the configured host and port; resolves once bound. */
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

  /** The bound port (0 before listen). */
  get port(): number {
    return this.boundPort;
  }

  /** host:port as clients should dial it. */
  private get authority(): string {
    const h = this.options.host;
    const host = h === "0.0.0.0" || h === "::" ? "127.0.0.1" : h.includes(":") ? `[${h}]` : h;
    return `${host}:${this.boundPort}`;
  }

  /** The API's base URL as clients should dial it. */
  get url(): string {
    return `http://${this.authority}${BASE_PATH}`;
  }

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
    const { url, path, inBase, rel } = targetOf(req);
    const { bytes, tooLarge } = await readBody(req, this.options.maxFileBytes + MiB);
    if (isControlPath(path)) {
      const [status, body] = controlReply(this, method, path, url.searchParams, req, bytes);
      sendJson(res, status, body);
      return;
    }

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
      body: logBody(body, bytes.length, logRedacted(routeKey)),
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
          ? faultReply(fault)
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
    sendReply(res, reply);
  }

  /** Route, classify, validate and handle a request that passed auth, the rate limit and faults. */
  private async route(r: Routed): Promise<Reply> {
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
      pathObjectDialect(ws, match.params),
      this.options.defaultDialect,
    );
    r.entry.dialect = dialect;
    const issues = validateRequest(match.key, input, dialect, this.options);
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

  // --------------------------------------------------------------------------------------------
  // programmatic control

  /** Copies of the request log. */
  requests(): RecordedRequest[] {
    return this.log.map((r) => structuredClone(r));
  }

  /** Empty the request log. */
  clearRequests(): void {
    this.log = [];
  }

  /** Add a fault; throws on a malformed one. */
  addFault(f: Fault): void {
    this.faults.add(parseOrThrow(faultSchema, f, ["fault"]) as Fault);
  }

  /** Drop every pending fault. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** Empty every workspace, the log, faults, links and rate windows; end open WebSockets. */
  reset(): void {
    this.upgrades.endSessions();
    this.store.reset();
    this.log = [];
    this.faults.clear();
    this.env.links.clear();
    this.limiter.reset();
  }

  /** The live store of one workspace (default: the first configured key). */
  workspace(apiKey?: string): WorkspaceView {
    const key = apiKey ?? this.options.apiKeys[0] ?? this.options.readOnlyApiKeys[0] ?? DEFAULT_API_KEY;
    if (!this.accepted.has(key)) throw new Error("elevenlabs-emulator: that API key is not configured");
    return makeWorkspaceView(this.store, key);
  }

  /** Close the server, keep-alive sockets, WebSockets and pending delays. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.upgrades.terminate();
    for (const s of [...this.sleepers]) {
      clearTimeout(s.timer);
      s.resolve();
    }
    this.sleepers.clear();
    await this.upgrades.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** The public handle (Emulator) of this server. */
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

/** Start an emulator; resolves once it listens. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const server = new EmulatorServer(resolveOptions(opts));
  await server.listen();
  return server.api();
}
