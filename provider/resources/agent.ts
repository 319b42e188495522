/**
 * Agent: a conversational agent of the ElevenLabs Agents Platform.
 *
 * Order: schemas, wire mapping, check, diff, create, read, update, delete.
 * API: POST /agents/create, GET/PATCH/DELETE /agents/{agent_id}.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import {
  IMPORT_KEY,
  importIdOf,
  isNew,
  type Mismatch,
  mismatchError,
  mismatches,
  mismatchFailures,
  missingError,
} from "../adopt";
import { NO_BODY } from "../client/client";
import { isNotFound } from "../client/errors";
import { changedKeys, containsUnknown, patchBetween, project } from "../converge";
import {
  checkInputs,
  client,
  defineResource,
  type Inputs,
  type Outputs,
  type ResourceHandler,
} from "../resource";
import { fromWire, type PlainObject, toWire } from "../wire";

// ---------------------------------------------------------------------------------------------
// Schemas (camelCase, as programs write them). Descriptions feed schema.json and the SDK's docs.
// ---------------------------------------------------------------------------------------------

const unit = (what: string) => z.number().min(0).max(1).describe(what);

export const AgentPromptSchema = z
  .strictObject({
    prompt: z.string().describe("The system prompt that defines the agent's behaviour and knowledge."),
  })
  .meta({ id: "AgentPrompt", description: "The agent's system prompt." });

export const AgentBehaviourSchema = z
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
  .meta({ id: "AgentBehaviour", description: "How the agent behaves: prompt, first message, language." });

export const TtsSchema = z
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
  .meta({ id: "AgentTts", description: "Text-to-speech settings." });

export const SttSchema = z
  .strictObject({
    model: z.string().min(1).optional().describe("Speech-to-text model used to transcribe the user."),
  })
  .meta({ id: "AgentStt", description: "Speech-to-text settings." });

export const TurnDetectionSchema = z
  .strictObject({
    mode: z
      .enum(["server_vad", "turn_based"])
      .optional()
      .describe("How the end of the user's turn is detected: `server_vad` (voice activity) or `turn_based`."),
  })
  .meta({ id: "AgentTurnDetection", description: "Turn detection settings." });

export const ConversationConfigSchema = z
  .strictObject({
    agent: AgentBehaviourSchema.optional(),
    tts: TtsSchema.optional(),
    stt: SttSchema.optional(),
    turnDetection: TurnDetectionSchema.optional(),
  })
  .meta({
    id: "AgentConversationConfig",
    description: "Conversation settings: behaviour, voice, transcription and turn taking.",
  });

export const PlatformSettingsSchema = z
  .strictObject({
    auth: z
      .strictObject({
        enableAuth: z
          .boolean()
          .optional()
          .describe("Require a signed URL or an API key to start a conversation (private agent)."),
      })
      .meta({ id: "AgentAuth", description: "Access control for conversations." })
      .optional(),
    widget: z
      .strictObject({
        variant: z
          .enum(["compact", "full", "expanded"])
          .optional()
          .describe("Appearance of the embeddable widget: `compact`, `full` or `expanded`."),
      })
      .meta({ id: "AgentWidget", description: "The embeddable web widget." })
      .optional(),
  })
  .meta({ id: "AgentPlatformSettings", description: "Platform settings: authentication and widget." });

/** Inputs of an Agent. */
export const AgentArgsSchema = z
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

export type AgentArgs = z.infer<typeof AgentArgsSchema>;

/** Outputs of an Agent beyond its inputs. */
export const AgentOutputsSchema = z.strictObject({
  agentId: z.string().describe("The agent's id, e.g. `agent_7101k…`."),
});

/** Properties whose change replaces the agent (none: everything updates in place). */
export const agentReplaceOnChanges: readonly string[] = [];

/** The answers this resource reads. Loose: the service adds fields over time. */
const CreatedAgent = z.looseObject({ agent_id: z.string().min(1) });
export const LiveAgent = z.looseObject({
  agent_id: z.string(),
  name: z.string(),
  conversation_config: z.record(z.string(), z.unknown()),
  platform_settings: z.record(z.string(), z.unknown()).nullish(),
  tags: z.array(z.string()).nullish(),
});

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

const INPUT_KEYS = ["name", "conversationConfig", "platformSettings", "tags"] as const;

/** The declared part of a state or input bag (drops outputs and the engine's `__provider`). */
function declared(bag: PlainObject): PlainObject {
  const out: PlainObject = {};
  for (const k of INPUT_KEYS) if (bag[k] !== undefined) out[k] = bag[k];
  return out;
}

/** Live agent (wire) -> its settable part, camelCase. */
function liveArgs(live: z.infer<typeof LiveAgent>): PlainObject {
  return fromWire({
    name: live.name,
    conversation_config: live.conversation_config,
    platform_settings: live.platform_settings ?? undefined,
    tags: live.tags ?? undefined,
  });
}

function outputs(id: string, args: PlainObject): Outputs {
  return { ...args, agentId: id };
}

async function getLive(id: string): Promise<z.infer<typeof LiveAgent> | undefined> {
  try {
    return await client().call("getAgent", { params: { agent_id: id } }, LiveAgent);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Adoption (`import`): where the existing agent differs from the declaration; undefined if absent. */
async function adoptionMismatches(id: string, args: PlainObject): Promise<Mismatch[] | undefined> {
  const live = await getLive(id);
  return live && mismatches(liveArgs(live), args);
}

// ---------------------------------------------------------------------------------------------
// CRUD
// ---------------------------------------------------------------------------------------------

export const agent: ResourceHandler = defineResource({
  async check(olds: Inputs, news: Inputs): Promise<dynamic.CheckResult> {
    const args = declared(news);
    const result = checkInputs(AgentArgsSchema, args);
    const importId = importIdOf(news);
    if (importId === undefined) return result;
    // Adoption: compare with the existing agent at preview, once, before it is in the state.
    const inputs = { ...result.inputs, [IMPORT_KEY]: importId };
    if (result.failures?.length || !isNew(olds) || containsUnknown(args)) return { ...result, inputs };
    const found = await adoptionMismatches(importId, args);
    if (found === undefined)
      return {
        inputs,
        failures: [{ property: IMPORT_KEY, reason: missingError("Agent", "agent", importId).message }],
      };
    return found.length > 0 ? { inputs, failures: mismatchFailures("agent", importId, found) } : { inputs };
  },

  async diff(id: string, olds: Outputs, news: Inputs): Promise<dynamic.DiffResult> {
    const changes = changedKeys(declared(olds), declared(news), INPUT_KEYS, true);
    // Adopting another existing agent in place of this one (native import's semantics).
    const importId = importIdOf(news);
    const replaces = importId !== undefined && importId !== id ? [IMPORT_KEY] : [];
    return { changes: changes.length > 0 || replaces.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs: Inputs): Promise<dynamic.CreateResult> {
    const args = declared(inputs);
    const importId = importIdOf(inputs);
    if (importId !== undefined) {
      // Adopt the existing agent: no write, only a check that it is what the program declares.
      const found = await adoptionMismatches(importId, args);
      if (found === undefined) throw missingError("Agent", "agent", importId);
      if (found.length > 0) throw mismatchError("Agent", "agent", importId, found);
      return { id: importId, outs: outputs(importId, args) };
    }
    const { agent_id } = await client().call("createAgent", { json: toWire(args) }, CreatedAgent);
    return { id: agent_id, outs: outputs(agent_id, args) };
  },

  async read(id: string, props: Outputs): Promise<dynamic.ReadResult> {
    const live = await getLive(id);
    if (!live) return {};
    // Compare like with like: the live values at the keys the user declared.
    const args = project(liveArgs(live), declared(props)) as PlainObject;
    return { id, props: outputs(id, args), inputs: args };
  },

  async update(id: string, olds: Outputs, news: Inputs): Promise<dynamic.UpdateResult> {
    const args = declared(news);
    const patch = patchBetween(declared(olds), args);
    if (patch !== undefined) {
      await client().call("updateAgent", { params: { agent_id: id }, json: toWire(patch) }, NO_BODY);
    }
    return { outs: outputs(id, args) };
  },

  async delete(id: string): Promise<void> {
    try {
      await client().call("deleteAgent", { params: { agent_id: id } }, NO_BODY);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  },
});
