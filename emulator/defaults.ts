/**
 * Defaults filled when an agent is rendered (GET, PATCH answer). The store keeps only what clients
 * sent; rendering overlays it on these trees, so a PATCH of a subtree (or a null that removes a
 * stored leaf) behaves naturally.
 */
import type { JsonObject, StoredAgent, WorkspaceData } from "./types";
import { deepClone, isPlainObject } from "./util";

export const DEFAULT_VOICE_ID = "cjVigY5qzO86Huf0OWal";

export function defaultConversationConfig(): JsonObject {
  return {
    agent: {
      first_message: "",
      language: "en",
      prompt: {
        prompt: "",
        llm: "gemini-2.0-flash",
        temperature: 0,
        max_tokens: -1,
        tool_ids: [],
        knowledge_base: [],
      },
    },
    tts: {
      voice_id: DEFAULT_VOICE_ID,
      model_id: "eleven_turbo_v2",
      stability: 0.5,
      similarity_boost: 0.8,
      optimize_streaming_latency: 3,
      speed: 1.0,
      agent_output_audio_format: "pcm_16000",
    },
    stt: { model: null },
    turn_detection: { mode: "server_vad" },
    turn: { turn_timeout: 7 },
    conversation: { max_duration_seconds: 600 },
  };
}

export function defaultPlatformSettings(): JsonObject {
  return { auth: { enable_auth: false }, widget: { variant: "full" } };
}

export const ACCESS_INFO = {
  is_creator: true,
  creator_name: "Emulator User",
  creator_email: "emulator@localhost",
  role: "admin",
} as const;

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

export function renderConversationConfig(agent: StoredAgent): JsonObject {
  return overlay(defaultConversationConfig(), agent.conversation_config) as JsonObject;
}

export function renderPlatformSettings(agent: StoredAgent): JsonObject {
  return overlay(defaultPlatformSettings(), agent.platform_settings) as JsonObject;
}

/** The agent as GET /agents/{id} answers it. */
export function renderAgent(agent: StoredAgent, ws: WorkspaceData): JsonObject {
  const phoneNumbers = Object.values(ws.phoneNumbers)
    .filter((p) => p.assigned_agent_id === agent.agent_id)
    .map((p) => ({
      phone_number_id: p.phone_number_id,
      phone_number: p.phone_number,
      label: p.label,
      provider: p.provider,
    }));
  return {
    agent_id: agent.agent_id,
    name: agent.name,
    conversation_config: renderConversationConfig(agent),
    metadata: { ...agent.metadata },
    platform_settings: renderPlatformSettings(agent),
    tags: [...(agent.tags ?? [])],
    phone_numbers: phoneNumbers,
    access_info: { ...ACCESS_INFO },
    workflow: null,
  };
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

export function agentAuthEnabled(agent: StoredAgent): boolean {
  const ps = renderPlatformSettings(agent);
  return isPlainObject(ps.auth) && ps.auth.enable_auth === true;
}
