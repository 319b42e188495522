/**
 * THE route table of the emulated API (paths relative to the base /v1/convai), both dialects. Keys
 * are "METHOD /path/{param}"; the same keys name routes in faults, in the request log and in the
 * API descriptions. Each resource family declares its routes in its own module (a `Family`); this
 * module lists the families and matches requests against their union. Which dialects a route
 * belongs to is read from the descriptions (see dialect.ts: routeDialects); the legacy and live
 * outbound-call routes differ only by their path.
 */

import { AGENTS } from "./agents";
import { AGENT_TESTS } from "./agentTests";
import { BRANCHES } from "./branches";
import type { Family, Handler } from "./context";
import { CONVERSATIONS } from "./conversations";
import { ENVIRONMENT_VARIABLES } from "./environmentVariables";
import { KNOWLEDGE_BASE } from "./knowledge";
import { MCP_SERVERS } from "./mcp";
import { PHONE_NUMBERS } from "./phones";
import { RAG_INDEXES } from "./rag";
import { SECRETS } from "./secrets";
import { SETTINGS } from "./settings";
import { TOOLS } from "./tools";
import { WHATSAPP_ACCOUNTS } from "./whatsapp";

/** The base path of every API route. */
export const BASE_PATH = "/v1/convai";

/** Every resource family the emulator serves; a new family adds its module's `Family` here. */
const FAMILIES: readonly Family[] = [
  AGENTS,
  BRANCHES,
  KNOWLEDGE_BASE,
  RAG_INDEXES,
  PHONE_NUMBERS,
  TOOLS,
  SECRETS,
  AGENT_TESTS,
  ENVIRONMENT_VARIABLES,
  MCP_SERVERS,
  SETTINGS,
  WHATSAPP_ACCOUNTS,
  CONVERSATIONS,
];

const table: Record<string, Handler> = {};
const redacted: Record<string, ReadonlySet<string>> = {};
for (const family of FAMILIES) {
  for (const [key, handler] of Object.entries(family.routes)) {
    if (Object.hasOwn(table, key))
      throw new Error(`elevenlabs-emulator: route ${key} is declared by two families`);
    table[key] = handler;
  }
  for (const [key, names] of Object.entries(family.logRedacted ?? {})) {
    if (!Object.hasOwn(family.routes, key))
      throw new Error(`elevenlabs-emulator: logRedacted names ${key}, not a route`);
    redacted[key] = new Set(names);
  }
}

/** Route key -> handler, both dialects: the union of the families' routes. */
export const ROUTES: Record<string, Handler> = table;

/** The body keys the request log redacts on a route beyond the usual secret names (see Family). */
export function logRedacted(routeKey: string): ReadonlySet<string> | undefined {
  return redacted[routeKey];
}

interface CompiledRoute {
  key: string;
  method: string;
  segments: string[];
  handler: Handler;
  /** Number of literal segments: more literal = more specific. */
  literals: number;
}

const COMPILED: CompiledRoute[] = Object.entries(ROUTES).map(([key, handler]) => {
  const [method = "", path = ""] = key.split(" ");
  const segments = path.split("/").filter((s) => s !== "");
  return { key, method, segments, handler, literals: segments.filter((s) => !s.startsWith("{")).length };
});

function matchPath(route: CompiledRoute, parts: string[]): Record<string, string> | undefined {
  if (route.segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const seg = route.segments[i] ?? "";
    const part = parts[i] ?? "";
    if (seg.startsWith("{")) {
      let value: string;
      try {
        value = decodeURIComponent(part);
      } catch {
        return undefined;
      }
      params[seg.slice(1, -1)] = value;
    } else if (seg !== part) {
      return undefined;
    }
  }
  return params;
}

/** The outcome of matching a method and path against ROUTES. */
export type RouteMatch =
  | { kind: "ok"; key: string; handler: Handler; params: Record<string, string> }
  | { kind: "method_not_allowed"; allow: string[] }
  | { kind: "none" };

/** Resolve a method and a path relative to the base; literal segments win over parameters. */
export function matchRoute(method: string, path: string): RouteMatch {
  const parts = path.split("/").filter((s) => s !== "");
  const hits = COMPILED.map((r) => ({ r, params: matchPath(r, parts) })).filter(
    (h): h is { r: CompiledRoute; params: Record<string, string> } => h.params !== undefined,
  );
  if (hits.length === 0) return { kind: "none" };
  const same = hits.filter((h) => h.r.method === method).sort((a, b) => b.r.literals - a.r.literals);
  const best = same[0];
  if (best) return { kind: "ok", key: best.r.key, handler: best.r.handler, params: best.params };
  return { kind: "method_not_allowed", allow: [...new Set(hits.map((h) => h.r.method))].sort() };
}
