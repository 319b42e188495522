/**
 * THE route table of the emulated API (paths relative to the base /v1/convai), both dialects. Keys
 * are "METHOD /path/{param}"; the same keys name routes in faults, in the request log and in the
 * API descriptions. Which dialects a route belongs to is read from the descriptions (see
 * dialect.ts: routeDialects); the legacy and live outbound-call routes differ only by their path.
 */
import { createAgent, deleteAgent, getAgent, getLink, getSignedUrl, listAgents, patchAgent } from "./agents";
import type { Handler, Reply } from "./context";
import { getConversation, getConversationAudio, listConversations, outboundCall } from "./conversations";
import {
  createAgentDocument,
  createFileDocument,
  createTextDocument,
  createUrlDocument,
  deleteAgentDocument,
  deleteDocument,
  getDocument,
  listAgentDocuments,
  listDocumentDependents,
  listDocuments,
  patchDocument,
} from "./knowledge";
import {
  createPhoneNumber,
  deletePhoneNumber,
  getPhoneNumber,
  listPhoneNumbers,
  patchPhoneNumber,
} from "./phones";
import { createSecret, deleteSecret, getSecret, listSecrets, patchSecret } from "./secrets";
import { createTool, deleteTool, getTool, listToolDependents, listTools, patchTool } from "./tools";

/** The base path of every API route. */
export const BASE_PATH = "/v1/convai";
/** The route key of the conversation WebSocket (faults and the log use it). */
export const CONVERSATION_WS_ROUTE = "GET /conversation";

/** A plain HTTP GET on the WebSocket endpoint. */
function upgradeRequired(): Reply {
  return {
    status: 426,
    json: { detail: { status: "upgrade_required", message: "This endpoint speaks WebSocket only" } },
    headers: { Upgrade: "websocket" },
  };
}

/** Route key -> handler, both dialects. */
export const ROUTES: Record<string, Handler> = {
  // agents (both dialects)
  "POST /agents/create": createAgent,
  "GET /agents": listAgents,
  "GET /agents/{agent_id}": getAgent,
  "PATCH /agents/{agent_id}": patchAgent,
  "DELETE /agents/{agent_id}": deleteAgent,
  "GET /agents/{agent_id}/link": getLink,
  // knowledge base: per agent (legacy), workspace documents (live)
  "POST /agents/{agent_id}/knowledge-base": createAgentDocument,
  "GET /agents/{agent_id}/knowledge-base": listAgentDocuments,
  "DELETE /agents/{agent_id}/knowledge-base/{document_id}": deleteAgentDocument,
  "POST /knowledge-base/url": createUrlDocument,
  "POST /knowledge-base/file": createFileDocument,
  "POST /knowledge-base/text": createTextDocument,
  "GET /knowledge-base": listDocuments,
  "GET /knowledge-base/{documentation_id}": getDocument,
  "PATCH /knowledge-base/{documentation_id}": patchDocument,
  "DELETE /knowledge-base/{documentation_id}": deleteDocument,
  "GET /knowledge-base/{documentation_id}/dependent-agents": listDocumentDependents,
  // phone numbers (both dialects)
  "POST /phone-numbers": createPhoneNumber,
  "GET /phone-numbers": listPhoneNumbers,
  "GET /phone-numbers/{phone_number_id}": getPhoneNumber,
  "PATCH /phone-numbers/{phone_number_id}": patchPhoneNumber,
  "DELETE /phone-numbers/{phone_number_id}": deletePhoneNumber,
  // tools and secrets (live)
  "POST /tools": createTool,
  "GET /tools": listTools,
  "GET /tools/{tool_id}": getTool,
  "PATCH /tools/{tool_id}": patchTool,
  "DELETE /tools/{tool_id}": deleteTool,
  "GET /tools/{tool_id}/dependent-agents": listToolDependents,
  "POST /secrets": createSecret,
  "GET /secrets": listSecrets,
  "GET /secrets/{secret_id}": getSecret,
  "PATCH /secrets/{secret_id}": patchSecret,
  "DELETE /secrets/{secret_id}": deleteSecret,
  // conversations, calls, links
  "GET /conversations": listConversations,
  "GET /conversations/{conversation_id}": getConversation,
  "GET /conversations/{conversation_id}/audio": getConversationAudio,
  "POST /twilio/outbound_call": outboundCall,
  "POST /twilio/outbound-call": outboundCall,
  "GET /conversation/get-signed-url": getSignedUrl,
  [CONVERSATION_WS_ROUTE]: upgradeRequired,
};

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
