/**
 * The HTTP client of the Agents Platform API, on undici. One method, {@link ElevenLabsClient.call},
 * sends a request named by its endpoint (see `../endpoints.ts`), retries what is safe to retry, paces
 * under the rate limit, maps failures onto the error hierarchy and parses the answer with the
 * endpoint's one answer schema.
 */
import { createHash } from "node:crypto";
import { type Dispatcher, type FormData, request, errors as undiciErrors } from "undici";
import {
  type AnswerOf,
  type BytesEndpointName,
  type EndpointName,
  endpoints,
  expandPath,
  type JsonEndpointName,
  type ParamsOf,
  parseRoute,
  routeOf,
} from "../endpoints";
import {
  type ApiError,
  CODE_SETTINGS,
  ConfigurationError,
  ConnectionError,
  ElevenLabsError,
  errorBody,
  errorFromResponse,
  ResponseValidationError,
  redact,
  type SettingNames,
} from "./errors";
import {
  sleep as defaultSleep,
  type HeaderBag,
  isRetryable,
  MAX_DELAY_MS,
  type Outcome,
  pacerFor,
  retryAfterSeconds,
  retryDelayMs,
} from "./retry";
import { type ClientSettings, resolveSettings } from "./settings";

export interface ClientOptions extends Partial<ClientSettings> {
  /** undici dispatcher (tests pass a MockAgent). */
  dispatcher?: Dispatcher;
  /** Replaces the sleep between attempts (tests). */
  sleep?: (ms: number) => Promise<void>;
  /** Told before every wait (a retry's backoff, a rate-limit pause), e.g. to show progress. */
  onWait?: (wait: Wait) => void;
  /** How the user sets the API key and base URL where this client runs (error advice names them). */
  settingNames?: SettingNames;
  /** Extra headers sent on every request. */
  headers?: Record<string, string>;
}

export interface CallOptions<N extends EndpointName> {
  params?: ParamsOf<N>;
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body (already in wire form). */
  json?: unknown;
  /** multipart/form-data body. */
  form?: FormData;
}

type Query = Record<string, string | number | boolean | undefined>;

/** A pause the client is about to take before sending a request (again). */
export interface Wait {
  /** The route, e.g. `POST /agents/create`. */
  route: string;
  /** `rate limit`: the window's budget is spent; `retry`: the last attempt failed (see `after`). */
  reason: "rate limit" | "retry";
  /** What the last attempt got, for a retry: e.g. `429`, `503`, `connection reset`. */
  after?: string;
  /** How long, in milliseconds. */
  ms: number;
  /** The attempt about to be made (1 is the first retry) and how many retries are allowed. */
  attempt: number;
  maxRetries: number;
}

const USER_AGENT = "pulumi-elevenlabs";

interface RawResponse {
  status: number;
  headers: HeaderBag;
  body: Buffer;
  requestId: string | undefined;
}

export class ElevenLabsClient {
  readonly settings: ClientSettings;
  private readonly dispatcher: Dispatcher | undefined;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly onWait: ((wait: Wait) => void) | undefined;
  private readonly names: SettingNames;
  private readonly extraHeaders: Record<string, string>;

  constructor(options: ClientOptions = {}) {
    const { dispatcher, sleep, headers, onWait, settingNames, ...overrides } = options;
    this.onWait = onWait;
    this.names = settingNames ?? CODE_SETTINGS;
    this.settings = resolveSettings(overrides);
    this.dispatcher = dispatcher;
    this.sleep = sleep ?? defaultSleep;
    this.extraHeaders = headers ?? {};
  }

  /**
   * Sends the request of endpoint `name` and returns its answer, parsed with the endpoint's schema
   * (`undefined` for endpoints without a body worth reading).
   */
  async call<N extends JsonEndpointName>(name: N, options: CallOptions<N> = {}): Promise<AnswerOf<N>> {
    const { route, res } = await this.send(name, options);
    const { answer } = endpoints[name];
    if (typeof answer === "string") return undefined as AnswerOf<N>;
    const text = res.body.toString("utf8");
    const where = `ElevenLabs API: ${route} answered ${res.status}`;
    const id = res.requestId ? `; request id ${res.requestId}` : "";
    let data: unknown;
    try {
      data = text === "" ? undefined : JSON.parse(text);
    } catch {
      throw new ResponseValidationError(`${where} with a body that is not JSON${id}`);
    }
    const parsed = answer.safeParse(data);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
        .join("; ");
      throw new ResponseValidationError(`${where} with an unexpected body (${issues})${id}`);
    }
    return parsed.data as AnswerOf<N>;
  }

  /** Sends the request of endpoint `name` and returns the raw bytes of the answer (e.g. audio). */
  async bytes<N extends BytesEndpointName>(
    name: N,
    options: CallOptions<N> = {},
  ): Promise<{ contentType: string | undefined; data: Buffer }> {
    const { res } = await this.send(name, options);
    const ct = res.headers["content-type"];
    return { contentType: Array.isArray(ct) ? ct[0] : ct, data: res.body };
  }

  private apiKey(): string {
    const key = this.settings.apiKey;
    if (!key) {
      throw new ConfigurationError(`No ElevenLabs API key: set it with ${this.names.apiKey}`);
    }
    return key;
  }

  private url(path: string, query: Query | undefined): string {
    const url = new URL(this.settings.baseUrl + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  }

  /** The route of endpoint `name` in this client's dialect; an endpoint the dialect lacks is an error. */
  route(name: EndpointName): string {
    const route = routeOf(name, this.settings.dialect);
    if (route === undefined) {
      const other = this.settings.dialect === "live" ? "legacy" : "live";
      throw new ConfigurationError(
        `${name} is not part of the ${this.settings.dialect} API dialect (only ${other}); set elevenlabs:apiDialect / ELEVENLABS_API_DIALECT to '${other}' to use it`,
      );
    }
    return route;
  }

  private async send<N extends EndpointName>(
    name: N,
    options: CallOptions<N>,
  ): Promise<{ route: string; res: RawResponse }> {
    const route = this.route(name);
    const { method, template } = parseRoute(route);
    const path = expandPath(template, (options.params ?? {}) as Record<string, string>);
    const apiKey = this.apiKey();
    const url = this.url(path, options.query);
    const pacer = pacerFor(
      `${this.settings.baseUrl}#${createHash("sha256").update(apiKey).digest("hex").slice(0, 16)}`,
    );
    const headers: Record<string, string> = {
      accept: "application/json",
      "user-agent": USER_AGENT,
      ...this.extraHeaders,
      "xi-api-key": apiKey,
    };
    let body: string | FormData | undefined;
    if (options.form) body = options.form;
    else if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers["content-type"] = "application/json";
    }

    for (let attempt = 0; ; attempt++) {
      for (let pace = pacer.reserve(Date.now()); pace.ms > 0; ) {
        const ms = Math.min(pace.ms, MAX_DELAY_MS) * this.settings.delayScale;
        if (pace.untilReset)
          this.onWait?.({ route, reason: "rate limit", ms, attempt, maxRetries: this.settings.maxRetries });
        await this.sleep(ms);
        pace = pacer.reserve(Date.now(), pace.untilReset);
      }
      let outcome: Outcome;
      let failure: ElevenLabsError;
      let answerHeaders: HeaderBag = {};
      try {
        const res = await request(url, {
          method: method as Dispatcher.HttpMethod,
          headers,
          body,
          dispatcher: this.dispatcher,
          headersTimeout: this.settings.timeoutMs,
          bodyTimeout: this.settings.timeoutMs,
        });
        const buf = Buffer.from(await res.body.arrayBuffer());
        answerHeaders = res.headers;
        pacer.answered(res.headers);
        const requestId = firstHeader(res.headers, "x-request-id");
        if (res.statusCode < 400)
          return { route, res: { status: res.statusCode, headers: res.headers, body: buf, requestId } };
        outcome = { kind: "status", status: res.statusCode };
        failure = this.apiError(
          res.statusCode,
          method,
          route,
          path,
          url,
          buf,
          res.headers,
          requestId,
          apiKey,
        );
      } catch (err) {
        if (err instanceof ElevenLabsError) throw err;
        pacer.answered({});
        const notSent = neverSent(err);
        outcome = { kind: "connection", notSent };
        failure = new ConnectionError(
          `ElevenLabs API: ${method} ${path} failed without an answer: ${redact(describe(err), [apiKey])}` +
            (notSent
              ? `; nothing answers at ${this.settings.baseUrl}: check the base URL (${this.names.baseUrl}), or start the emulator (elevenlabs-emulator) if you meant to work offline`
              : method === "POST"
                ? " (not retried: the request may have reached the service; check before re-running)"
                : ""),
          notSent,
          { cause: err },
        );
      }
      if (attempt >= this.settings.maxRetries || !isRetryable(method, outcome)) throw failure;
      const limited = outcome.kind === "status" && outcome.status === 429;
      const ms =
        retryDelayMs(attempt, answerHeaders, Date.now(), Math.random, limited) * this.settings.delayScale;
      const after = outcome.kind === "status" ? String(outcome.status) : "no answer";
      this.onWait?.({
        route,
        reason: "retry",
        after,
        ms,
        attempt: attempt + 1,
        maxRetries: this.settings.maxRetries,
      });
      await this.sleep(ms);
    }
  }

  private apiError(
    status: number,
    method: string,
    route: string,
    path: string,
    url: string,
    buf: Buffer,
    headers: HeaderBag,
    requestId: string | undefined,
    apiKey: string,
  ): ApiError {
    const { rawBody, detail } = errorBody(buf, [apiKey]);
    return errorFromResponse({
      status,
      method,
      route,
      path,
      url: redact(url, [apiKey]),
      baseUrl: this.settings.baseUrl,
      settings: this.names,
      requestId,
      detail,
      rawBody,
      retryAfterSeconds: retryAfterSeconds(headers, Date.now()),
    });
  }
}

function firstHeader(h: HeaderBag, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
  "EHOSTUNREACH",
]);

/** True when the failure happened before the request could reach the server. */
function neverSent(err: unknown): boolean {
  if (err instanceof undiciErrors.ConnectTimeoutError) return true;
  const code = (err as { code?: unknown })?.code;
  return typeof code === "string" && NOT_SENT_CODES.has(code);
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return `${err.message}${typeof code === "string" ? ` (${code})` : ""}`;
  }
  return String(err);
}
