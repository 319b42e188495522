/**
 * Agent: a conversational agent of the ElevenLabs Agents Platform.
 *
 * Order: schemas, wire mapping, the resource (check rules, read, create, refresh, update, delete).
 * API: POST /agents/create, GET/PATCH/DELETE /agents/{agent_id}, in both dialects. Every property
 * changes in place, with one PATCH carrying only the change.
 *
 * Live: the whole live create body (generated from the API description: provider/generated/live.ts
 * for the schema, client/generated/live.ts for the wire names). Legacy: the seed's fields.
 *
 * The agent's knowledge-base list (`conversationConfig.agent.prompt.knowledgeBase`) is shared with
 * `KnowledgeDocument`s attached by `agentId`: the Agent owns only the locators it declares (see
 * provider/kit/knowledgeBase.ts).
 */
import { z } from "zod";
import type { WireAgent } from "../../client/endpoints";
import { liveShapes } from "../../client/generated/live";
import { fromWire, GENERIC, isPlainObject, type PlainObject, type Shape, toWire } from "../../client/wire";
import { AgentArgsSchema } from "../generated/live";
import { type Mismatch, mismatches } from "../kit/adopt";
import { patchBetween, project, prune } from "../kit/converge";
import { knowledgeBasePatch, type Locator, locatorsOf, withAgentList } from "../kit/knowledgeBase";
import { warn } from "../kit/log";
import { client, defineResource, ifFound, type Outputs, pick, type ResourceSpec } from "../kit/resource";

// ---------------------------------------------------------------------------------------------
// Schemas (camelCase, as programs write them). Descriptions feed schema.json and the SDK's docs.
// ---------------------------------------------------------------------------------------------

/** Inputs of an Agent in the live dialect: the whole create body, generated. */
export { AgentArgsSchema };

const unit = (what: string) => z.number().min(0).max(1).describe(what);

const AgentPromptSchema = z
  .strictObject({
    prompt: z.string().describe("The system prompt that defines the agent's behaviour and knowledge."),
  })
  .meta({ description: "The agent's system prompt." });

const AgentBehaviourSchema = z
  .strictObject({
    prompt: AgentPromptSchema.optional(),
    firstMessage: z
      .string()
      .optional()
      .describe("What the agent says first when a conversation starts. Empty: the agent waits for the user."),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[a-z0-9]{2,4})?$/, "must be a language code such as 'en' or 'pt-br'")
      .optional()
      .describe("Language of the conversation as an ISO 639-1 code, e.g. `en`, `es`, `de`."),
  })
  .meta({ description: "How the agent behaves: prompt, first message, language." });

const TtsSchema = z
  .strictObject({
    voiceId: z.string().min(1).optional().describe("Id of the ElevenLabs voice the agent speaks with."),
    modelId: z
      .string()
      .min(1)
      .optional()
      .describe("Text-to-speech model, e.g. `eleven_turbo_v2`, `eleven_flash_v2_5`."),
    stability: unit(
      "Voice stability from 0 to 1: higher is more consistent, lower more expressive.",
    ).optional(),
    similarityBoost: unit("How closely the voice follows the original, from 0 to 1.").optional(),
  })
  .meta({ description: "Text-to-speech settings." });

const SttSchema = z
  .strictObject({
    model: z.string().min(1).optional().describe("Speech-to-text model used to transcribe the user."),
  })
  .meta({ description: "Speech-to-text settings." });

const TurnDetectionSchema = z
  .strictObject({
    mode: z
      .enum(["server_vad", "turn_based"])
      .optional()
      .describe("How the end of the user's turn is detected: `server_vad` (voice activity) or `turn_based`."),
  })
  .meta({ description: "Turn detection settings." });

const ConversationConfigSchema = z
  .strictObject({
    agent: AgentBehaviourSchema.optional(),
    tts: TtsSchema.optional(),
    stt: SttSchema.optional(),
    turnDetection: TurnDetectionSchema.optional(),
  })
  .meta({ description: "Conversation settings: behaviour, voice, transcription and turn taking." });

const PlatformSettingsSchema = z
  .strictObject({
    auth: z
      .strictObject({
        enableAuth: z
          .boolean()
          .optional()
          .describe("Require a signed URL or an API key to start a conversation (private agent)."),
      })
      .meta({ description: "Access control for conversations." })
      .optional(),
    widget: z
      .strictObject({
        variant: z
          .enum(["compact", "full", "expanded"])
          .optional()
          .describe("Appearance of the embeddable widget: `compact`, `full` or `expanded`."),
      })
      .meta({ description: "The embeddable web widget." })
      .optional(),
  })
  .meta({ description: "Platform settings: authentication and widget." });

/** Inputs of an Agent in the legacy dialect (the seed reference's fields). */
export const LegacyAgentArgsSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/\S/, "must not be empty")
      .describe("Display name of the agent, shown in the ElevenLabs dashboard and agent lists."),
    conversationConfig: ConversationConfigSchema,
    platformSettings: PlatformSettingsSchema.optional(),
    tags: z
      .array(z.string().min(1))
      .optional()
      .describe("Tags for filtering agents in lists, e.g. the environment."),
  })
  .describe("A conversational agent on the ElevenLabs Agents Platform.");

/** Outputs of an Agent beyond its inputs. */
export const AgentOutputsSchema = z.strictObject({
  agentId: z.string().describe("The agent's id, e.g. `agent_7101k…`."),
});

/** Properties whose change replaces the agent (none: everything updates in place). */
export const agentReplaceOnChanges: readonly string[] = [];

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

const INPUT_KEYS = ["name", "conversationConfig", "platformSettings", "workflow", "tags"] as const;

type Live = z.infer<typeof WireAgent>;

/**
 * Members the API takes whole on PATCH (wire names): the workflow graph (nodes and edges left out
 * are deleted, and the description allows no partial node nor null). A change sends the whole new
 * value; a removal sends an empty one.
 */
const SENT_WHOLE = ["workflow"] as const;

/** The locator list the Agent shares with attached documents, as a camelCase path. */
const KNOWLEDGE_BASE = ["conversationConfig", "agent", "prompt", "knowledgeBase"] as const;
/** The same list on the wire. */
const WIRE_KNOWLEDGE_BASE = ["conversation_config", "agent", "prompt", "knowledge_base"] as const;

/**
 * The PATCH body (wire) that turns declaration `before` into `after`, or `undefined` when nothing
 * changed. It is computed between the two declarations in their wire form: each declaration is
 * whole, so every union member converts by its own tag (a partial member, e.g. one changed leaf of
 * a built-in tool's params, carries no tag and could convert by the wrong branch).
 */
function patchBody(before: PlainObject, after: PlainObject, shape: Shape): PlainObject | undefined {
  const wireBefore = toWire(before, shape);
  const wireAfter = toWire(after, shape);
  const patch = patchBetween(wireBefore, wireAfter);
  if (!isPlainObject(patch)) return undefined;
  for (const k of SENT_WHOLE) if (patch[k] !== undefined) patch[k] = wireAfter[k] ?? {};
  return sparingSharedList(patch, wireBefore, WIRE_KNOWLEDGE_BASE);
}

/**
 * `body` without a null on an ancestor of the shared locator list (`agent`, `agent.prompt`), which
 * would drop the locators attached documents own: such a removal nulls instead each member the old
 * declaration had there, down the list's path (the list itself, when declared, is then merged).
 */
function sparingSharedList(body: PlainObject, old: PlainObject, path: readonly string[]): PlainObject {
  const [head, ...rest] = path;
  if (head === undefined || rest.length === 0) return body;
  const b = body[head];
  const o = old[head];
  if (!isPlainObject(o) || (b !== null && !isPlainObject(b))) return body;
  const members = b === null ? Object.fromEntries(Object.keys(o).map((k) => [k, null])) : b;
  return { ...body, [head]: sparingSharedList(members, o, rest) };
}

function at(tree: unknown, path: readonly string[]): unknown {
  let cur = tree;
  for (const k of path) cur = isPlainObject(cur) ? cur[k] : undefined;
  return cur;
}

function withAt(tree: PlainObject, path: readonly string[], value: unknown): PlainObject {
  const [head, ...rest] = path;
  if (head === undefined) return tree;
  const child = isPlainObject(tree[head]) ? (tree[head] as PlainObject) : {};
  return { ...tree, [head]: rest.length === 0 ? value : withAt(child, rest, value) };
}

/** Live agent (wire) -> its settable part, camelCase. */
export function agentArgsOf(live: Live, shape: Shape = liveShapes.AgentArgs): PlainObject {
  const args = fromWire(
    {
      name: live.name,
      conversation_config: live.conversation_config,
      platform_settings: live.platform_settings ?? undefined,
      workflow: (live as PlainObject).workflow ?? undefined,
      tags: live.tags ?? undefined,
    },
    shape,
  );
  return prune(args);
}

/**
 * What refresh and adoption compare: the live values at the declared keys. In the knowledge-base
 * list only the declared locators count (documents attached by `agentId` are theirs), in the
 * declared order.
 */
function projectDeclared(live: PlainObject, declared: PlainObject): PlainObject {
  const projected = project(live, declared) as PlainObject;
  const mine = at(declared, KNOWLEDGE_BASE);
  if (!Array.isArray(mine)) return projected;
  const theirs = at(live, KNOWLEDGE_BASE);
  const liveList = Array.isArray(theirs) ? theirs.filter(isPlainObject) : [];
  const kept = mine
    .filter(isPlainObject)
    .map((d) => {
      const found = liveList.find((l) => l.id === d.id);
      return found ? project(found, d) : undefined;
    })
    .filter((x) => x !== undefined);
  return withAt(projected, KNOWLEDGE_BASE, kept);
}

function outputs(id: string, args: PlainObject): Outputs {
  return { ...args, agentId: id };
}

/**
 * Declared values the service did not keep (it dropped or changed them), reported at once as
 * warnings naming the field rather than found as drift by the next refresh.
 */
function reportUnkept(id: string, live: Live, declared: PlainObject, shape: Shape): void {
  const kept = projectDeclared(agentArgsOf(live, shape), declared);
  for (const m of mismatches(kept, declared)) {
    void warn(
      `Agent ${JSON.stringify(declared.name)} (${id}): the service did not keep ${m.path} = ${JSON.stringify(m.declared)}` +
        ` (it has ${m.live === undefined ? "nothing" : JSON.stringify(m.live)}); the next refresh will show it as drift`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The resource
// ---------------------------------------------------------------------------------------------

/** The Agent's API, with the schema and the wire shape of a dialect. */
function agentSpec(schema: z.ZodType, shape: Shape): ResourceSpec<Live> {
  /** Sends `body` (wire, declared keys); a changed locator list is merged with the live one. */
  async function send(id: string, body: PlainObject, before: PlainObject, after: PlainObject): Promise<Live> {
    const api = client();
    const ownedBefore = at(before, KNOWLEDGE_BASE);
    const ownedAfter = at(after, KNOWLEDGE_BASE);
    if (at(body, WIRE_KNOWLEDGE_BASE) === undefined) {
      return api.call("updateAgent", { params: { agent_id: id }, json: body });
    }
    // The list is shared: keep what others attached, replace only this Agent's locators.
    return withAgentList(id, async () => {
      const current = locatorsOf(await api.call("getAgent", { params: { agent_id: id } }));
      const dropped = new Set(
        (Array.isArray(ownedBefore) ? ownedBefore : []).filter(isPlainObject).map((l) => l.id),
      );
      const mine = (Array.isArray(ownedAfter) ? ownedAfter : []).map((l) => toWire(l, GENERIC) as Locator);
      for (const l of mine) dropped.add(l.id);
      const merged = [...current.filter((l) => !dropped.has(l.id)), ...mine];
      // No longer declared and nobody else's: removed (null), so the service's default shows again.
      const json =
        merged.length === 0 && ownedAfter === undefined
          ? withAt({}, WIRE_KNOWLEDGE_BASE, null)
          : knowledgeBasePatch(merged);
      return api.call("updateAgent", { params: { agent_id: id }, json: mergeWire(body, json) });
    });
  }

  return {
    kind: "Agent",
    noun: "agent",
    schema,
    inputKeys: INPUT_KEYS,
    updatable: "all",
    deleteBeforeReplace: false,

    read: (id) => ifFound(client().call("getAgent", { params: { agent_id: id } })),

    mismatches: (live, bag): Mismatch[] => {
      const declared = pick(bag, INPUT_KEYS);
      return mismatches(projectDeclared(agentArgsOf(live, shape), declared), declared);
    },

    async create(bag) {
      const args = pick(bag, INPUT_KEYS);
      const api = client();
      const { agent_id: id } = await api.call("createAgent", { json: toWire(args, shape) });
      const live = await ifFound(api.call("getAgent", { params: { agent_id: id } }));
      if (live) reportUnkept(id, live, args, shape);
      return { id, outs: outputs(id, args) };
    },

    adopted: (id, bag) => outputs(id, pick(bag, INPUT_KEYS)),

    refresh(id, live, props) {
      // Compare like with like: the live values at the keys the user declared.
      const args = projectDeclared(agentArgsOf(live, shape), pick(props, INPUT_KEYS));
      return { inputs: args, outs: outputs(id, args) };
    },

    async update(id, olds, news) {
      const before = pick(olds, INPUT_KEYS);
      const after = pick(news, INPUT_KEYS);
      const body = patchBody(before, after, shape);
      if (body) {
        const live = await send(id, body, before, after);
        reportUnkept(id, live, after, shape);
      }
      return outputs(id, after);
    },

    async delete(id) {
      await client().call("deleteAgent", { params: { agent_id: id } });
    },
  };
}

/** Deep merge of two wire PATCH bodies (objects merge, everything else from `extra`). */
function mergeWire(base: PlainObject, extra: PlainObject): PlainObject {
  const out: PlainObject = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? mergeWire(b, v) : v;
  }
  return out;
}

export const agent = defineResource<Live>({
  live: agentSpec(AgentArgsSchema, liveShapes.AgentArgs),
  legacy: agentSpec(LegacyAgentArgsSchema, GENERIC),
  counterparts: {
    "conversationConfig.stt":
      "the live API transcribes with conversationConfig.asr (quality, provider, keywords)",
    "conversationConfig.turnDetection":
      "the live API takes turns with conversationConfig.turn (turnTimeout, mode, turnEagerness)",
    "conversationConfig.asr": "the legacy API's speech-to-text is conversationConfig.stt.model",
    "conversationConfig.turn": "the legacy API's turn taking is conversationConfig.turnDetection.mode",
  },
});
