/**
 * Defaults filled when objects are rendered (GET, PATCH answers), taken from the answer schemas of
 * each dialect's description (their `default`s), never typed by hand. The store keeps only what
 * clients sent; rendering walks it along the answer schema and fills what it lacks, so a PATCH of
 * a subtree (or a null that removes a stored leaf) behaves naturally.
 */
import {
  type Description,
  type Dialect,
  description,
  resolveRef,
  type Schema,
  unionBranches,
  unionTags,
} from "./openapi";
import type { JsonObject, StoredAgent } from "./types";
import { deepClone, isPlainObject } from "./util";
import { isNullable } from "./validate";

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
function walkDefaults(desc: Description, s: Schema, seen: ReadonlySet<string>): unknown {
  if ("default" in s) return deepClone(s.default);
  if (typeof s.$ref === "string") {
    if (seen.has(s.$ref)) return undefined;
    return walkDefaults(desc, resolveRef(desc, s.$ref), new Set([...seen, s.$ref]));
  }
  if (!isPlainObject(s.properties)) return undefined;
  const out: JsonObject = {};
  for (const [k, p] of Object.entries(s.properties)) {
    if (!isPlainObject(p)) continue;
    const d = walkDefaults(desc, p, seen);
    if (d !== undefined) out[k] = d;
  }
  const required = Array.isArray(s.required) ? s.required : [];
  if (required.some((r) => typeof r === "string" && out[r] === undefined)) return undefined;
  return Object.keys(out).length > 0 ? out : undefined;
}

const defaultCache = new WeakMap<Schema, { value: unknown }>();

/** The default of a schema (see walkDefaults), computed once per schema, answered as a fresh copy. */
function defaultOf(desc: Description, s: Schema): unknown {
  let hit = defaultCache.get(s);
  if (!hit) {
    hit = { value: walkDefaults(desc, s, new Set()) };
    defaultCache.set(s, hit);
  }
  return deepClone(hit.value);
}

/** The schema a present value is rendered by: refs followed, the nullable or tagged union branch taken. */
function schemaFor(desc: Description, s: Schema, value: unknown): Schema | undefined {
  let cur: Schema | undefined = s;
  for (let i = 0; cur && i < 32; i++) {
    if (typeof cur.$ref === "string") {
      cur = resolveRef(desc, cur.$ref);
      continue;
    }
    const branches: Schema[] | undefined = unionBranches(cur)?.filter((b) => b.type !== "null");
    if (!branches) return cur;
    if (branches.length === 1) {
      cur = branches[0];
      continue;
    }
    const tags = unionTags(desc, cur, branches);
    const tag = tags && isPlainObject(value) ? value[tags.prop] : undefined;
    cur = tags && typeof tag === "string" ? tags.byTag.get(tag) : undefined;
  }
  return cur;
}

function fill(desc: Description, s: Schema, value: unknown): unknown {
  if (value === undefined) return defaultOf(desc, s);
  const r = schemaFor(desc, s, value);
  if (!r || value === null) return deepClone(value);
  const extra = isPlainObject(r.additionalProperties) ? r.additionalProperties : undefined;
  // Objects, and maps whose keys users name (their values are filled along `additionalProperties`).
  if (isPlainObject(value) && (isPlainObject(r.properties) || extra)) {
    const props = isPlainObject(r.properties) ? r.properties : {};
    const out: JsonObject = {};
    for (const [k, p] of Object.entries(props)) {
      if (!isPlainObject(p)) continue;
      const v = fill(desc, p, value[k]);
      if (v !== undefined) out[k] = v;
    }
    for (const [k, v] of Object.entries(value)) {
      if (!Object.hasOwn(out, k) && v !== undefined) out[k] = extra ? fill(desc, extra, v) : deepClone(v);
    }
    // Answer schemas require what the service always answers, also where the description states
    // no default (a default factory): nothing stored answers null where null is allowed (a workflow
    // edge's `backward_condition`), else an empty list or map (a node's `edge_order`, `edges`).
    for (const k of Array.isArray(r.required) ? r.required : []) {
      const p = typeof k === "string" ? props[k] : undefined;
      if (typeof k !== "string" || Object.hasOwn(out, k) || !isPlainObject(p)) continue;
      const target = schemaFor(desc, p, undefined);
      if (isNullable(desc, p)) out[k] = null;
      else if (target?.type === "array") out[k] = [];
      else if (target?.type === "object" && !target.properties && target.additionalProperties) out[k] = {};
    }
    return out;
  }
  if (Array.isArray(value) && isPlainObject(r.items)) {
    const items = r.items;
    return value.map((x) => fill(desc, items, x));
  }
  return deepClone(value);
}

/**
 * `value` as the service answers it: walked along the schema (a component name or a schema),
 * every property the value lacks filled with the schema's default, at every depth the value
 * reaches (so a stored `{api_schema: {url}}` answers `api_schema.method: "GET"` too). Present
 * values, nulls included, are kept; keys the schema does not know are kept as they are.
 */
export function render(dialect: Dialect, schema: string | Schema, value: unknown): unknown {
  const desc = description(dialect);
  const s = typeof schema === "string" ? resolveRef(desc, `#/components/schemas/${schema}`) : schema;
  return fill(desc, s, value);
}

/** `value` (an object) rendered by a named component schema of a dialect. */
export function renderObject(dialect: Dialect, schemaName: string, value: JsonObject): JsonObject {
  return render(dialect, schemaName, value) as JsonObject;
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

/**
 * What a create stores of a configuration object: what a PATCH of an empty one would store. Null
 * means "not set" as a PATCH's null removes (objects drop null members, maps too); arrays are
 * values, kept as sent, nulls inside included (`version_id: null` of a pronunciation dictionary
 * locator), as a PATCH replaces them.
 */
export function createdFrom(v: JsonObject): JsonObject {
  const out: JsonObject = {};
  mergePatch(out, v);
  return out;
}

/** A copy without null values, in arrays too. */
export function stripNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripNulls);
  if (isPlainObject(v)) {
    const out: JsonObject = {};
    for (const [k, val] of Object.entries(v)) if (val !== null && val !== undefined) out[k] = stripNulls(val);
    return out;
  }
  return v;
}

/** An agent's stored `conversation_config` or `platform_settings`, rendered with its dialect's defaults. */
function agentPart(agent: StoredAgent, key: "conversation_config" | "platform_settings"): JsonObject {
  const dialect = agentDialect(agent);
  const answer = resolveRef(description(dialect), `#/components/schemas/${AGENT_ANSWER_SCHEMA[dialect]}`);
  const prop = isPlainObject(answer.properties) ? answer.properties[key] : undefined;
  const rendered = isPlainObject(prop) ? render(dialect, prop, agent[key] ?? {}) : undefined;
  return isPlainObject(rendered) ? rendered : {};
}

/** The agent's conversation_config with its dialect's defaults filled. */
export function renderConversationConfig(agent: StoredAgent): JsonObject {
  return agentPart(agent, "conversation_config");
}

/** The agent's platform_settings with its dialect's defaults filled. */
export function renderPlatformSettings(agent: StoredAgent): JsonObject {
  return agentPart(agent, "platform_settings");
}

/**
 * The agent as GET /agents/{id} answers it in its dialect: what was stored, plus `phone_numbers`
 * (rendered by the caller), `access_info` and `extra` (live: the version fields), with the answer
 * schema's defaults filled.
 */
export function renderAgent(agent: StoredAgent, phoneNumbers: unknown[], extra: JsonObject = {}): JsonObject {
  const dialect = agentDialect(agent);
  return renderObject(dialect, AGENT_ANSWER_SCHEMA[dialect], {
    agent_id: agent.agent_id,
    name: agent.name,
    conversation_config: agent.conversation_config,
    metadata: { ...agent.metadata },
    platform_settings: agent.platform_settings ?? {},
    workflow: agent.workflow,
    tags: [...(agent.tags ?? [])],
    phone_numbers: phoneNumbers,
    access_info: { ...ACCESS_INFO },
    ...extra,
  });
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
