/** What a route handler receives and returns. */
import type { Dialect } from "./openapi";
import type { Store } from "./store";
import type { EmulatorOptions, WorkspaceData } from "./types";

/** EmulatorOptions with every default applied. */
export type ResolvedOptions = Required<Omit<EmulatorOptions, "stateFile">> & { stateFile?: string };

/** A file part of a multipart body (a class, so validators can tell it from an object). */
export class UploadedFile {
  constructor(
    readonly name: string,
    readonly type: string,
    readonly bytes: Buffer,
  ) {}
}

/** A request body as parsed by the server (before validation). */
export type ParsedBody =
  | { kind: "none" }
  | { kind: "json"; value: unknown }
  | { kind: "invalid_json"; error: string }
  | { kind: "form"; fields: Record<string, string>; files: Record<string, UploadedFile> }
  | { kind: "invalid_form"; error: string };

/** A conversation token handed out by a link or signed-URL route (in memory only). */
export interface SignedLink {
  workspaceId: string;
  agentId: string;
  expiresAtMs: number;
}

/** What every handler shares: the store, the options and the signed links. */
export interface Env {
  store: Store;
  options: ResolvedOptions;
  links: Map<string, SignedLink>;
}

/** One request, as a handler sees it (the body is already validated against `dialect`). */
export interface Ctx {
  method: string;
  /** Path without the base prefix. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: ParsedBody;
  /** The dialect the request was classified as. */
  dialect: Dialect;
  apiKey: string;
  ws: WorkspaceData;
  env: Env;
  /** Host header of the request (for building signed URLs). */
  host: string;
}

/** A handler's answer: JSON, or bytes with a content type. */
export interface Reply {
  status: number;
  json?: unknown;
  bytes?: Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

/** A route handler. */
export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

/**
 * What one resource family (agents, documents, phone numbers, ...) contributes to the route table.
 * Each family declares it in its own module, and routes.ts lists the families, so a new family is
 * one module and one line there.
 */
export interface Family {
  /** Route key ("METHOD /path/{param}", relative to the base path) -> handler. */
  routes: Record<string, Handler>;
  /**
   * Route key -> body keys the request log shows as "***" on that route, for secrets under names
   * the log does not already redact everywhere (e.g. a secret's `value`).
   */
  logRedacted?: Record<string, readonly string[]>;
}

/** The JSON body of a validated request (form bodies as their fields; no body: undefined). */
export function jsonBody(ctx: Ctx): unknown {
  const b = ctx.body;
  if (b.kind === "json") return b.value;
  if (b.kind === "form") return { ...b.fields, ...b.files };
  return undefined;
}

/** The JSON object body of a validated request (`{}` when there is none). */
export function objectBody(ctx: Ctx): Record<string, unknown> {
  const v = jsonBody(ctx);
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
