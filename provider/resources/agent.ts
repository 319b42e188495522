/**
 * Agent: a conversational agent of the ElevenLabs Agents Platform.
 *
 * Order: schemas, wire mapping, the resource (check rules, read, create, refresh, update, delete).
 * API: POST /agents/create, GET/PATCH/DELETE /agents/{agent_id}. Every property changes in place.
 */
import { z } from "zod";
import type { WireAgent } from "../../client/endpoints";
import { fromWire, type PlainObject, toWire } from "../../client/wire";
import { mismatches } from "../kit/adopt";
import { patchBetween, project } from "../kit/converge";
import { client, defineResource, ifFound, type Outputs, pick } from "../kit/resource";

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

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

const INPUT_KEYS = ["name", "conversationConfig", "platformSettings", "tags"] as const;

type Live = z.infer<typeof WireAgent>;

/** Live agent (wire) -> its settable part, camelCase. */
export function agentArgsOf(live: Live): PlainObject {
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

// ---------------------------------------------------------------------------------------------
// The resource
// ---------------------------------------------------------------------------------------------

export const agent = defineResource<Live>({
  kind: "Agent",
  noun: "agent",
  schema: AgentArgsSchema,
  inputKeys: INPUT_KEYS,
  updatable: "all",
  deleteBeforeReplace: false,

  read: (id) => ifFound(client().call("getAgent", { params: { agent_id: id } })),

  mismatches: (live, bag) => mismatches(agentArgsOf(live), pick(bag, INPUT_KEYS)),

  async create(bag) {
    const args = pick(bag, INPUT_KEYS);
    const { agent_id: id } = await client().call("createAgent", { json: toWire(args) });
    return { id, outs: outputs(id, args) };
  },

  adopted: (id, bag) => outputs(id, pick(bag, INPUT_KEYS)),

  refresh(id, live, props) {
    // Compare like with like: the live values at the keys the user declared.
    const args = project(agentArgsOf(live), pick(props, INPUT_KEYS)) as PlainObject;
    return { inputs: args, outs: outputs(id, args) };
  },

  async update(id, olds, news) {
    const args = pick(news, INPUT_KEYS);
    const patch = patchBetween(pick(olds, INPUT_KEYS), args);
    if (patch !== undefined) {
      await client().call("updateAgent", { params: { agent_id: id }, json: toWire(patch) });
    }
    return outputs(id, args);
  },

  async delete(id) {
    await client().call("deleteAgent", { params: { agent_id: id } });
  },
});
