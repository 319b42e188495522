/**
 * The one HTTP helper of the emulator tests: call a route of a running emulator and read its
 * answer (status, headers, text, parsed JSON). No retries, no parsing beyond JSON.
 */
import { DEFAULT_API_KEY } from "../../emulator";

/** Something with a base URL (an Emulator), or a getter for one (an emulator started in beforeAll). */
export type Target = { url: string } | (() => { url: string });

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON answer (undefined for an empty body). Tests navigate it freely. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  json: any;
}

export interface CallOptions {
  /** The xi-api-key to send; null sends none. Default DEFAULT_API_KEY. */
  key?: string | null;
  /** Content type of a string body (default application/json). */
  contentType?: string;
  /** Extra request headers. */
  headers?: Record<string, string>;
}

/**
 * Call `method path` (relative to the emulator's base URL). `body`: a FormData is sent as multipart,
 * a string as is (JSON unless `contentType` says otherwise), anything else as JSON.
 */
export async function call(
  target: Target,
  method: string,
  path: string,
  body?: unknown,
  opts: CallOptions = {},
): Promise<Answer> {
  const base = typeof target === "function" ? target().url : target.url;
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  const key = opts.key === undefined ? DEFAULT_API_KEY : opts.key;
  if (key !== null) headers["xi-api-key"] = key;
  let payload: string | FormData | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    payload = typeof body === "string" ? body : JSON.stringify(body);
    headers["content-type"] = opts.contentType ?? "application/json";
  }
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(payload !== undefined ? { body: payload } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** `call` bound to one target and default options: `const api = client(() => emu); await api("GET", "/agents")`. */
export function client(
  target: Target,
  defaults: CallOptions = {},
): (method: string, path: string, body?: unknown, opts?: CallOptions) => Promise<Answer> {
  return (method, path, body, opts = {}) => call(target, method, path, body, { ...defaults, ...opts });
}
