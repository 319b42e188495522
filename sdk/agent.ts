import * as pulumi from "@pulumi/pulumi";
import { splitImport } from "./adopt";
import { dynamicProvider } from "./provider";
import type { AgentArgs, AgentConversationConfig, AgentPlatformSettings } from "./types";

/**
 * A conversational agent on the ElevenLabs Agents Platform.
 *
 * Every property updates in place (one `PATCH /agents/{agent_id}`); removing a property from the
 * program resets it to the service's default. Server-filled defaults never show as changes.
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
export class Agent extends pulumi.dynamic.Resource {
  /** The agent's id, e.g. `agent_7101k…`. */
  declare readonly agentId: pulumi.Output<string>;
  /** Display name of the agent. */
  declare readonly name: pulumi.Output<string>;
  /** Conversation settings as declared (live values at the declared keys). */
  declare readonly conversationConfig: pulumi.Output<AgentConversationConfig>;
  /** Platform settings as declared. */
  declare readonly platformSettings: pulumi.Output<AgentPlatformSettings | undefined>;
  /** Tags as declared. */
  declare readonly tags: pulumi.Output<string[] | undefined>;

  constructor(name: string, args: AgentArgs, opts?: pulumi.CustomResourceOptions) {
    // `import: id` adopts an existing agent (see adopt.ts).
    const adopt = splitImport(opts);
    super(
      dynamicProvider("agent"),
      name,
      { agentId: undefined, platformSettings: undefined, tags: undefined, ...args, ...adopt.inputs },
      adopt.opts,
      "elevenlabs",
      "Agent",
    );
  }
}
