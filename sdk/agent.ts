import type * as pulumi from "@pulumi/pulumi";
import { ElevenLabsResource, type ResourceShape } from "./resource";
import type { AgentArgs, AgentConversationConfig, AgentPlatformSettings, AgentWorkflow } from "./types";

const SHAPE: ResourceShape = {
  kind: "agent",
  type: "Agent",
  outputs: ["agentId", "platformSettings", "workflow", "tags"],
};

/**
 * A conversational agent on the ElevenLabs Agents Platform.
 *
 * Every property updates in place (one `PATCH /agents/{agent_id}`); removing a property from the
 * program resets it to the service's default. Server-filled defaults never show as changes. The
 * live dialect (default) takes every setting of the live API (see docs/reference/agent.md); a few
 * settings exist only in the legacy dialect and say so.
 *
 * @example
 * ```ts
 * const agent = new elevenlabs.Agent("support", {
 *   name: "Support Assistant",
 *   conversationConfig: {
 *     agent: { prompt: { prompt: "You are a helpful support assistant..." }, firstMessage: "Hi!", language: "en" },
 *     tts: { voiceId: "21m00Tcm4TlvDq8ikWAM" },
 *   },
 * });
 * export const agentId = agent.agentId;
 * ```
 */
export class Agent extends ElevenLabsResource {
  /** The agent's id, e.g. `agent_7101k…`. */
  declare readonly agentId: pulumi.Output<string>;
  /** Display name of the agent. */
  declare readonly name: pulumi.Output<string>;
  /** Conversation settings as declared (live values at the declared keys). */
  declare readonly conversationConfig: pulumi.Output<AgentConversationConfig>;
  /** Platform settings as declared. */
  declare readonly platformSettings: pulumi.Output<AgentPlatformSettings | undefined>;
  /** The agent's workflow as declared (live dialect). */
  declare readonly workflow: pulumi.Output<AgentWorkflow | undefined>;
  /** Tags as declared. */
  declare readonly tags: pulumi.Output<string[] | undefined>;

  constructor(name: string, args: AgentArgs, opts?: pulumi.CustomResourceOptions) {
    super(SHAPE, name, { ...args }, opts);
  }
}
