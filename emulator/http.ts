/**
 * The HTTP plumbing the server shares between its routes: reading and parsing request bodies, the
 * forms a request takes in the request log, and writing answers (JSON, bytes, errors, faults).
 * Nothing here knows a route or a resource family.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ParsedBody, Reply } from "./context";
import { ApiError, ValidationError } from "./errors";
import { type FaultAction, faultStatusName } from "./faults";
import { parseMultipart } from "./multipart";
import { BASE_PATH } from "./routes";
import { redactSecrets } from "./util";
import type { BodyInput } from "./validate";

/** One mebibyte (the body cap is the largest upload plus this). */
export const MiB = 1024 * 1024;

/** Where a request goes: its URL, its path without a trailing slash and, under the base, the rest. */
export interface Target {
  url: URL;
  /** The path, a trailing slash removed. */
  path: string;
  /** Whether the path is under BASE_PATH. */
  inBase: boolean;
  /** The path relative to BASE_PATH ("/" for the base itself); the whole path outside it. */
  rel: string;
}

/** The target of a request: a path with or without a trailing slash is the same route. */
export function targetOf(req: IncomingMessage): Target {
  const url = new URL(req.url ?? "/", "http://emulator.invalid");
  let path = url.pathname;
  if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
  const inBase = path === BASE_PATH || path.startsWith(`${BASE_PATH}/`);
  const rel = inBase ? path.slice(BASE_PATH.length) || "/" : path;
  return { url, path, inBase, rel };
}

function firstValues(q: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of q) if (!(k in out)) out[k] = v;
  return out;
}

/** The first value of a request header (Node gives repeated headers as arrays). */
export function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

/** The whole body; past `cap` bytes it is drained, not kept, and reported too large. */
export async function readBody(
  req: IncomingMessage,
  cap: number,
): Promise<{ bytes: Buffer; tooLarge: boolean }> {
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

/** A body by its content type: multipart and urlencoded forms, else JSON; unparseable bodies say why. */
export function parseBody(bytes: Buffer, contentType: string): ParsedBody {
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
export function bodyInput(b: ParsedBody): BodyInput {
  if (b.kind === "json") return { kind: "json", value: b.value };
  if (b.kind === "form") return { kind: "form", value: { ...b.fields, ...b.files } };
  return { kind: "none" };
}

/**
 * The body as the request log keeps it: secrets redacted (the usual names plus `extra`, the
 * route's own), file parts as {name, size}, an unparseable body as its size.
 */
export function logBody(b: ParsedBody, size: number, extra?: ReadonlySet<string>): unknown {
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

/** The query as the request log keeps it: the first value of each name, secrets redacted. */
export function redactQuery(q: URLSearchParams): Record<string, string> {
  return redactSecrets(firstValues(q)) as Record<string, string>;
}

/** The answer of a failed request: the error's own for API and validation errors, else a logged 500. */
export function errorReply(e: unknown): Reply {
  if (e instanceof ApiError) return { status: e.httpStatus, json: e.body(), headers: e.headers };
  if (e instanceof ValidationError) return { status: 422, json: e.body() };
  process.stderr.write(`elevenlabs-emulator: internal error: ${(e as Error).stack ?? String(e)}\n`);
  return { status: 500, json: internalError() };
}

/** The body of a 500 answer. */
export function internalError(): { detail: { status: string; message: string } } {
  return { detail: { status: "internal_server_error", message: "Internal server error" } };
}

/** The answer of a status fault (a 429 carries Retry-After: 1 unless the fault gives one). */
export function faultReply(fault: FaultAction): Reply {
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

/** Write a JSON answer (no body for 204 or an undefined body); nothing once the answer has started. */
export function sendJson(
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

/** Write a handler's answer: its bytes with their content type, else its JSON. */
export function sendReply(res: ServerResponse, reply: Reply): void {
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
  sendJson(res, reply.status, reply.json, reply.headers);
}
