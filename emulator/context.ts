/** What a route handler receives and returns. */
import type { Store } from "./store";
import type { EmulatorOptions, WorkspaceData } from "./types";

export type ResolvedOptions = Required<Omit<EmulatorOptions, "stateFile">> & { stateFile?: string };

export interface UploadedFile {
  name: string;
  type: string;
  bytes: Buffer;
}

export type ParsedBody =
  | { kind: "none" }
  | { kind: "json"; value: unknown }
  | { kind: "invalid_json"; error: string }
  | { kind: "form"; fields: Record<string, string>; files: Record<string, UploadedFile> }
  | { kind: "invalid_form"; error: string };

export interface SignedLink {
  workspaceId: string;
  agentId: string;
  expiresAtMs: number;
}

export interface Env {
  store: Store;
  options: ResolvedOptions;
  links: Map<string, SignedLink>;
}

export interface Ctx {
  method: string;
  /** Path without the base prefix. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: ParsedBody;
  apiKey: string;
  ws: WorkspaceData;
  env: Env;
  /** Host header of the request (for building signed URLs). */
  host: string;
}

export interface Reply {
  status: number;
  json?: unknown;
  bytes?: Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;
