/**
 * Which dialect a request speaks. A route that only one description has is that dialect. Where a
 * route exists in both (POST /agents/create, PATCH /agents/{id}, POST /phone-numbers, GET /agents,
 * ...), the request is legacy when its body carries a marker of the legacy body, or, without a
 * body marker, when the object its path names was created through the legacy dialect; anything
 * else is live.
 */
import { DIALECTS, type Dialect, operation } from "./openapi";
import type { WorkspaceData } from "./types";
import { isPlainObject } from "./util";

/** The legacy-only parts of a body the live description has no place for, by route key. */
const MARKERS: Record<string, (body: Record<string, unknown>) => string[]> = {
  "POST /agents/create": agentMarkers,
  "PATCH /agents/{agent_id}": agentMarkers,
  "POST /phone-numbers": (b) => {
    const found: string[] = [];
    if (b.provider === "sip") found.push('provider: "sip"');
    if ("twilio_config" in b) found.push("twilio_config");
    if ("sip_config" in b) found.push("sip_config");
    return found;
  },
};

function agentMarkers(b: Record<string, unknown>): string[] {
  const found: string[] = [];
  const cc = b.conversation_config;
  if (isPlainObject(cc)) {
    if ("stt" in cc) found.push("conversation_config.stt");
    if ("turn_detection" in cc) found.push("conversation_config.turn_detection");
  }
  const ps = b.platform_settings;
  const widget = isPlainObject(ps) ? ps.widget : undefined;
  if (isPlainObject(widget) && widget.variant === "expanded")
    found.push('platform_settings.widget.variant: "expanded"');
  return found;
}

/** The legacy markers a body carries for a route (empty: none). */
export function legacyMarkers(routeKey: string, body: unknown): string[] {
  const find = MARKERS[routeKey];
  return find && isPlainObject(body) ? find(body) : [];
}

const dialectsCache = new Map<string, readonly Dialect[]>();

/**
 * The dialects whose description has a route (both for routes neither describes, e.g. the
 * conversation WebSocket, which both dialects share).
 */
export function routeDialects(routeKey: string): readonly Dialect[] {
  let hit = dialectsCache.get(routeKey);
  if (!hit) {
    const found = DIALECTS.filter((d) => operation(d, routeKey) !== undefined);
    hit = found.length > 0 ? found : DIALECTS;
    dialectsCache.set(routeKey, hit);
  }
  return hit;
}

/**
 * Classify a request. `body` is the parsed JSON (or form fields); `objectDialect` the dialect of
 * the stored object the path names, when there is one; `fallback` the answer when nothing decides
 * (the emulator's `defaultDialect`, "live" unless configured).
 */
export function classify(
  routeKey: string,
  body: unknown,
  objectDialect?: Dialect,
  fallback: Dialect = "live",
): Dialect {
  const dialects = routeDialects(routeKey);
  const only = dialects.length === 1 ? dialects[0] : undefined;
  if (only) return only;
  if (legacyMarkers(routeKey, body).length > 0) return "legacy";
  return objectDialect ?? fallback;
}

/** The dialect of the stored object a path names (an agent or a phone number), if any. */
export function pathObjectDialect(ws: WorkspaceData, params: Record<string, string>): Dialect | undefined {
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
