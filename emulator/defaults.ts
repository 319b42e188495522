/**
 * Defaults filled when objects are rendered (GET, PATCH answers), taken from the answer schemas of
 * each dialect's description (their `default`s), never typed by hand. The store keeps only what
 * clients sent; rendering overlays it on the default tree, so a PATCH of a subtree (or a null that
 * removes a stored leaf) behaves naturally.
 */
import { type Dialect, description, resolveRef, type Schema } from "./openapi";
import type { JsonObject, StoredAgent } from "./types";
import { deepClone, isPlainObject } from "./util";

/** The default voice of both dialects' descriptions (a test holds this equal to them). */
export const DEFAULT_VOICE_ID = "cjVigY5qzO86Huf0OWal";

/** Who created every object of an emulated workspace (`access_info` of agents, documents, tools). */
export const ACCESS_INFO = {
  is_creator: true,
  creator_name: "Emulator User",
  creator_email: "emulator@localhost",
  role: "admin",
} as const;

/**
 * The value a schema defaults to: its `default`, else (for an object schema) the object of its
 * properties' defaults when that object has every required key and is not empty, else undefined.
 * Unions without a default and recursive references contribute nothing.
 */
function walkDefaults(dialect: Dialect, s: Schema, seen: ReadonlySet<string>): unknown {
  if ("default" in s) return deepClone(s.default);
  if (typeof s.$ref === "string") {
    if (seen.has(s.$ref)) return undefined;
    return walkDefaults(dialect, resolveRef(description(dialect), s.$ref), new Set([...seen, s.$ref]));
  }
  if (!isPlainObject(s.properties)) return undefined;
  const out = propertyDefaults(dialect, s, seen);
  const required = Array.isArray(s.required) ? s.required : [];
  if (required.some((r) => typeof r === "string" && out[r] === undefined)) return undefined;
  return Object.keys(out).length > 0 ? out : undefined;
}

function propertyDefaults(dialect: Dialect, s: Schema, seen: ReadonlySet<string>): JsonObject {
  const out: JsonObject = {};
  const props = isPlainObject(s.properties) ? s.properties : {};
  for (const [k, p] of Object.entries(props)) {
    if (!isPlainObject(p)) continue;
    const d = walkDefaults(dialect, p, seen);
    if (d !== undefined) out[k] = d;
  }
  return out;
}

const objectCache = new Map<string, JsonObject>();

/**
 * The defaults of each property of a named component schema (required keys without a default are
 * simply absent: the caller supplies them). Computed once per schema, answered as a fresh copy.
 */
export function objectDefaults(dialect: Dialect, schemaName: string): JsonObject {
  const key = `${dialect}:${schemaName}`;
  let hit = objectCache.get(key);
  if (!hit) {
    const s = resolveRef(description(dialect), `#/components/schemas/${schemaName}`);
    hit = propertyDefaults(dialect, s, new Set([`#/components/schemas/${schemaName}`]));
    objectCache.set(key, hit);
  }
  return deepClone(hit);
}

/** The answer schema of GET /agents/{agent_id} in each dialect. */
export const AGENT_ANSWER_SCHEMA: Record<Dialect, string> = {
  live: "GetAgentResponseModel",
  legacy: "LegacyAgent",
};

/** The dialect an agent answers in (objects from state files older than dialects are legacy). */
export function agentDialect(agent: StoredAgent): Dialect {
  return agent.dialect ?? "legacy";
}

/** `base` with `over` laid on top: objects merge, everything else (arrays, scalars) replaces; null/undefined in `over` keep the base. */
export function overlay(base: unknown, over: unknown): unknown {
  if (over === undefined || over === null) return deepClone(base);
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: JsonObject = deepClone(base);
    for (const [k, v] of Object.entries(over)) out[k] = overlay(base[k], v);
    return out;
  }
  return deepClone(over);
}

/**
 * PATCH semantics on a stored (sparse) tree, in place: objects deep-merge, arrays and scalars
 * replace, an explicit null deletes the stored key.
 */
export function mergePatch(target: JsonObject, patch: JsonObject): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    if (v === null) {
      delete target[k];
    } else if (isPlainObject(v)) {
      const cur = target[k];
      const next: JsonObject = isPlainObject(cur) ? cur : {};
      mergePatch(next, v);
      target[k] = next;
    } else {
      target[k] = deepClone(v);
    }
  }
}

/** A copy without null values (create: null means "not set"). */
export function stripNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripNulls);
  if (isPlainObject(v)) {
    const out: JsonObject = {};
    for (const [k, val] of Object.entries(v)) if (val !== null && val !== undefined) out[k] = stripNulls(val);
    return out;
  }
  return v;
}

function agentDefaultsOf(agent: StoredAgent, key: "conversation_config" | "platform_settings"): unknown {
  return objectDefaults(agentDialect(agent), AGENT_ANSWER_SCHEMA[agentDialect(agent)])[key] ?? {};
}

/** The agent's conversation_config with its dialect's defaults filled. */
export function renderConversationConfig(agent: StoredAgent): JsonObject {
  return overlay(agentDefaultsOf(agent, "conversation_config"), agent.conversation_config) as JsonObject;
}

/** The agent's platform_settings with its dialect's defaults filled. */
export function renderPlatformSettings(agent: StoredAgent): JsonObject {
  return overlay(agentDefaultsOf(agent, "platform_settings"), agent.platform_settings) as JsonObject;
}

/**
 * The agent as GET /agents/{id} answers it in its dialect: the answer schema's defaults, overlaid
 * with what was stored, plus `phone_numbers` (rendered by the caller) and `access_info`.
 */
export function renderAgent(agent: StoredAgent, phoneNumbers: unknown[]): JsonObject {
  const dialect = agentDialect(agent);
  const stored: JsonObject = {
    agent_id: agent.agent_id,
    name: agent.name,
    conversation_config: agent.conversation_config,
    metadata: { ...agent.metadata },
    platform_settings: agent.platform_settings ?? {},
    tags: [...(agent.tags ?? [])],
    phone_numbers: phoneNumbers,
    access_info: { ...ACCESS_INFO },
  };
  return overlay(objectDefaults(dialect, AGENT_ANSWER_SCHEMA[dialect]), stored) as JsonObject;
}

/** What a conversation needs from an agent's rendered configuration. */
export function agentVoiceSettings(agent: StoredAgent): {
  firstMessage: string;
  audioFormat: string;
  maxDurationSecs: number;
} {
  const cc = renderConversationConfig(agent);
  const a = isPlainObject(cc.agent) ? cc.agent : {};
  const t = isPlainObject(cc.tts) ? cc.tts : {};
  const c = isPlainObject(cc.conversation) ? cc.conversation : {};
  return {
    firstMessage: typeof a.first_message === "string" ? a.first_message : "",
    audioFormat: typeof t.agent_output_audio_format === "string" ? t.agent_output_audio_format : "pcm_16000",
    maxDurationSecs: typeof c.max_duration_seconds === "number" ? c.max_duration_seconds : 600,
  };
}

/** The voice an agent speaks with (rendered, so the default when none was set). */
export function agentVoiceId(agent: StoredAgent): string {
  const tts = renderConversationConfig(agent).tts;
  return isPlainObject(tts) && typeof tts.voice_id === "string" ? tts.voice_id : DEFAULT_VOICE_ID;
}

/** True when conversations with the agent need a signed URL or an API key. */
export function agentAuthEnabled(agent: StoredAgent): boolean {
  const ps = renderPlatformSettings(agent);
  return isPlainObject(ps.auth) && ps.auth.enable_auth === true;
}
