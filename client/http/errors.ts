/**
 * The one error hierarchy of the client. Every failure a caller can see is an `ElevenLabsError`;
 * failures that carry an HTTP answer are `ApiError`s, whose subclass is chosen by status in
 * {@link errorFromResponse}. Messages say what went wrong, where, what the API said, the request id,
 * and what to do next. Credentials are redacted before anything is stored on an error.
 */

import { snakeToCamel } from "../wire";

/** A single validation issue as the API reports it in a 422 body. */
export interface ValidationIssue {
  /** Location, e.g. `["body", "conversation_config", "tts", "stability"]`. */
  loc: (string | number)[];
  msg: string;
  type?: string;
}

/** Base class of every error this package throws for a failed API interaction. */
export class ElevenLabsError extends Error {
  override name = "ElevenLabsError";
}

/** The request never produced an HTTP answer: connection refused/reset, DNS, or a timeout. */
export class ConnectionError extends ElevenLabsError {
  override name = "ConnectionError";
  /** `true` when the request cannot have reached the server (e.g. connection refused). */
  readonly notSent: boolean;
  constructor(message: string, notSent: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.notSent = notSent;
  }
}

/** The service answered with a body this package does not understand (the API changed?). */
export class ResponseValidationError extends ElevenLabsError {
  override name = "ResponseValidationError";
}

/** Configuration needed for a call is missing or malformed (e.g. no API key). */
export class ConfigurationError extends ElevenLabsError {
  override name = "ConfigurationError";
}

/**
 * An argument passed to a typed API function is invalid; nothing was sent. `field` names the
 * argument as callers write it (camelCase), e.g. `toNumber`.
 */
export class InvalidArgumentError extends ElevenLabsError {
  override name = "InvalidArgumentError";
  /** The offending argument, e.g. `toNumber` or `conversationInitiationClientData`. */
  readonly field: string;
  constructor(message: string, field: string) {
    super(message);
    this.field = field;
  }
}

/**
 * A lookup by something other than an id (e.g. an agent by name) found no match or several.
 * `candidates` holds the ids that matched (empty when none did).
 */
export class LookupError extends ElevenLabsError {
  override name = "LookupError";
  /** Ids of the objects that matched; empty when none did, several when the lookup was ambiguous. */
  readonly candidates: string[];
  constructor(message: string, candidates: string[]) {
    super(message);
    this.candidates = candidates;
  }
}

/**
 * How the user sets the client's settings where the client runs: a Pulumi program (stack config),
 * a command (flags), or code (options); error advice names these, not the other contexts'.
 */
export interface SettingNames {
  /** E.g. `stack config elevenlabs:apiKey (pulumi config set --secret) or ELEVENLABS_API_KEY`. */
  apiKey: string;
  /** E.g. `--base-url or ELEVENLABS_BASE_URL`. */
  baseUrl: string;
}

/** Setting names for code that uses the client directly (scripts, CI jobs). */
export const CODE_SETTINGS: SettingNames = {
  apiKey: "the apiKey option or ELEVENLABS_API_KEY",
  baseUrl: "the baseUrl option or ELEVENLABS_BASE_URL",
};

export interface ApiErrorInit {
  status: number;
  method: string;
  route: string;
  path: string;
  /** The full URL requested (no secrets in it). */
  url?: string;
  /** The base URL in use. */
  baseUrl?: string;
  /** How the user sets the settings in this context (advice names them). */
  settings?: SettingNames;
  requestId?: string;
  /** The `detail` of the API's error body, when there was one. */
  detail?: unknown;
  /** The raw body text (redacted). */
  rawBody?: string;
  /** Seconds the API asked us to wait (429). */
  retryAfterSeconds?: number;
}

/** An HTTP error answer from the Agents Platform API. */
export class ApiError extends ElevenLabsError {
  override name = "ApiError";
  readonly status: number;
  /** The API's machine-readable status, e.g. `agent_not_found`, `invalid_api_key`. */
  readonly code: string | undefined;
  readonly detail: unknown;
  readonly requestId: string | undefined;
  readonly method: string;
  readonly route: string;
  readonly path: string;
  readonly rawBody: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(init: ApiErrorInit, hint?: string) {
    const code = detailStatus(init.detail);
    const said = describeDetail(init.detail) ?? init.rawBody?.slice(0, 300) ?? "";
    const parts = [`${init.method} ${init.path} answered ${init.status}${code ? ` (${code})` : ""}`];
    if (said) parts.push(said);
    if (hint) parts.push(hint);
    if (init.requestId) parts.push(`request id ${init.requestId}`);
    super(`ElevenLabs API: ${parts.join(": ").replace(/: request id/, "; request id")}`);
    this.status = init.status;
    this.code = code;
    this.detail = init.detail;
    this.requestId = init.requestId;
    this.method = init.method;
    this.route = init.route;
    this.path = init.path;
    this.rawBody = init.rawBody;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/** 400: the request was malformed or not allowed in the object's current state. */
export class BadRequestError extends ApiError {
  override name = "BadRequestError";
  constructor(init: ApiErrorInit) {
    super(init, "fix the request parameters named above");
  }
}

/** 401: the API key is missing or invalid. */
export class AuthenticationError extends ApiError {
  override name = "AuthenticationError";
  constructor(init: ApiErrorInit) {
    const names = init.settings ?? CODE_SETTINGS;
    super(
      init,
      `check the API key (${names.apiKey}) and that it belongs to the account at ${init.baseUrl ?? "the configured base URL"}`,
    );
  }
}

/** 403: the key is valid but lacks the permission for this operation. */
export class PermissionDeniedError extends ApiError {
  override name = "PermissionDeniedError";
  constructor(init: ApiErrorInit) {
    super(
      init,
      "the API key lacks permission for this operation; use a key with write access to the Agents Platform",
    );
  }
}

/** 404: the object does not exist (resources treat this as "gone"), or the route does not. */
export class NotFoundError extends ApiError {
  override name = "NotFoundError";
  /** True when the answer names a missing object (`..._not_found`), not a missing route. */
  readonly objectMissing: boolean;
  constructor(init: ApiErrorInit) {
    const names = init.settings ?? CODE_SETTINGS;
    const baseLooksRight = init.baseUrl === undefined || /\/v1\/convai$/.test(init.baseUrl);
    const objectMissing =
      /\{/.test(init.route) && (/_not_found$/.test(detailStatus(init.detail) ?? "") || baseLooksRight);
    const where = `nothing answers ${init.route} at ${init.url ?? init.path}`;
    super(
      init,
      objectMissing
        ? "the object does not exist (deleted outside this program?)"
        : baseLooksRight
          ? where
          : `${where}: the base URL ${init.baseUrl} does not look like the Agents Platform API (it ends with /v1/convai; set it with ${names.baseUrl})`,
    );
    this.objectMissing = objectMissing;
  }
}

/** 409: the object already exists (e.g. a phone number imported twice). */
export class ConflictError extends ApiError {
  override name = "ConflictError";
  constructor(init: ApiErrorInit) {
    super(
      init,
      "the object already exists; adopt it with the 'import' resource option or remove the duplicate",
    );
  }
}

/** 422: the body failed the API's validation; `issues` names each field. */
export class UnprocessableEntityError extends ApiError {
  override name = "UnprocessableEntityError";
  readonly issues: ValidationIssue[];
  constructor(init: ApiErrorInit) {
    super(init);
    this.issues = Array.isArray(init.detail) ? (init.detail as ValidationIssue[]) : [];
  }
}

/** 429: rate limited. `retryAfterSeconds` says when to try again. */
export class RateLimitError extends ApiError {
  override name = "RateLimitError";
  constructor(init: ApiErrorInit) {
    super(
      init,
      init.retryAfterSeconds !== undefined
        ? `rate limited; retry after ${init.retryAfterSeconds}s (or lower the request rate / raise the plan's limit)`
        : "rate limited; retry later (or lower the request rate / raise the plan's limit)",
    );
  }
}

/** 5xx: the service failed. Safe requests were already retried. */
export class ServerError extends ApiError {
  override name = "ServerError";
  constructor(init: ApiErrorInit) {
    super(init, "the service failed; retry later, and quote the request id if it persists");
  }
}

/** Picks the error class for an HTTP status. The one place that maps statuses to classes. */
export function errorFromResponse(init: ApiErrorInit): ApiError {
  switch (init.status) {
    case 400:
      return new BadRequestError(init);
    case 401:
      return new AuthenticationError(init);
    case 403:
      return new PermissionDeniedError(init);
    case 404:
      return new NotFoundError(init);
    case 409:
      return new ConflictError(init);
    case 422:
      return new UnprocessableEntityError(init);
    case 429:
      return new RateLimitError(init);
    default:
      return init.status >= 500 ? new ServerError(init) : new ApiError(init);
  }
}

export function isNotFound(err: unknown): err is NotFoundError {
  return err instanceof NotFoundError;
}

function detailStatus(detail: unknown): string | undefined {
  if (detail && typeof detail === "object" && !Array.isArray(detail)) {
    const s = (detail as Record<string, unknown>).status;
    return typeof s === "string" ? s : undefined;
  }
  return undefined;
}

function describeDetail(detail: unknown): string | undefined {
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((d) => {
        const issue = d as Partial<ValidationIssue>;
        // Name fields as programs do (camelCase); the wire's snake_case is an implementation detail.
        const loc = (issue.loc ?? [])
          .filter((p, i) => !(i === 0 && (p === "body" || p === "query")))
          .map((p) => (typeof p === "string" ? snakeToCamel(p) : p))
          .join(".");
        return `${loc || "(body)"}: ${issue.msg ?? "invalid"}`;
      })
      .join("; ");
  }
  if (detail && typeof detail === "object") {
    const m = (detail as Record<string, unknown>).message;
    if (typeof m === "string") return m;
  }
  return undefined;
}

/** An error answer's body as errors keep it: the text with `secrets` redacted, and its JSON `detail`. */
export function errorBody(
  body: Buffer,
  secrets: readonly (string | undefined)[],
): { rawBody: string; detail: unknown } {
  const rawBody = redact(body.toString("utf8"), secrets);
  try {
    return { rawBody, detail: (JSON.parse(rawBody) as { detail?: unknown }).detail };
  } catch {
    return { rawBody, detail: undefined };
  }
}

/**
 * Replaces every occurrence of the given secrets in a string. Used on bodies and messages before
 * they are stored on an error or logged.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join("[redacted]");
  }
  return out;
}
