/**
 * Pulumi functions: read-only lookups that run in the program process (during preview too) and
 * call the Agents Platform API directly. They read stack config `elevenlabs:apiKey` (secret) and
 * `elevenlabs:baseUrl`, then `ELEVENLABS_API_KEY` / `ELEVENLABS_BASE_URL`.
 *
 * Each comes in two forms, as in every Pulumi package: `getX(args)` takes plain values and returns
 * a promise; `getXOutput(args)` takes Inputs (e.g. another resource's output) and returns an Output.
 */
import * as pulumi from "@pulumi/pulumi";
import { ElevenLabsApi } from "../client/api";
import { invokeGetAgent, invokeGetAgentLink } from "../client/functions";
import type { Dialect } from "../client/http/settings";
import type {
  GetAgentArgs,
  GetAgentLinkArgs,
  GetAgentLinkOutputArgs,
  GetAgentLinkResult,
  GetAgentOutputArgs,
  GetAgentResult,
} from "./types";

/** A client with the stack's `elevenlabs:*` config, falling back to the environment. Read per call. */
function api(): ElevenLabsApi {
  const config = new pulumi.Config("elevenlabs");
  const timeoutSeconds = config.getNumber("timeoutSeconds");
  return new ElevenLabsApi({
    apiKey: config.get("apiKey"),
    baseUrl: config.get("baseUrl"),
    timeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
    maxRetries: config.getNumber("maxRetries"),
    dialect: config.get("apiDialect") as Dialect | undefined,
    settingNames: {
      apiKey: "pulumi config set --secret elevenlabs:apiKey <key>, or ELEVENLABS_API_KEY",
      baseUrl: "pulumi config set elevenlabs:baseUrl <url>, or ELEVENLABS_BASE_URL",
    },
  });
}

/**
 * A signed URL that opens a conversation with an agent over the WebSocket (private agents too).
 *
 * The URL is a short-lived credential. This promise form returns it in cleartext: do not export
 * it as a stack output; use {@link getAgentLinkOutput}, whose result is a secret.
 *
 * @param args `agentId`: id of the agent to open conversations with.
 * @example
 * ```ts
 * const link = await elevenlabs.getAgentLink({ agentId: "agent_123" });
 * ```
 */
export async function getAgentLink(args: GetAgentLinkArgs): Promise<GetAgentLinkResult> {
  return invokeGetAgentLink(api(), args);
}

/**
 * {@link getAgentLink} for Inputs. The whole result is a secret (it holds `signedUrl`), so it can be
 * exported or passed to other resources without showing the URL in cleartext. During a preview
 * of a stack that creates the agent, the result is unknown.
 *
 * @param args `agentId`: id of the agent (e.g. `agent.agentId`).
 * @example
 * ```ts
 * export const conversationUrl = elevenlabs.getAgentLinkOutput({ agentId: agent.agentId }).signedUrl;
 * ```
 */
export function getAgentLinkOutput(args: GetAgentLinkOutputArgs): pulumi.Output<GetAgentLinkResult> {
  return pulumi.secret(pulumi.output(args).apply((a) => getAgentLink(a)));
}

/**
 * Reads an existing agent, by id or by exact (case-sensitive) name. Looking up by name fails when
 * no agent or several agents have that name, saying which.
 *
 * @param args either `agentId` (the agent's id) or `name` (its exact display name), not both.
 * @example
 * ```ts
 * const support = await elevenlabs.getAgent({ name: "Support Assistant" });
 * console.log(support.agentId, support.conversationConfig);
 * ```
 */
export async function getAgent(args: GetAgentArgs): Promise<GetAgentResult> {
  return invokeGetAgent(api(), args);
}

/**
 * {@link getAgent} for Inputs.
 *
 * @param args either `agentId` or `name` (each may be an Input), not both.
 * @example
 * ```ts
 * const voice = elevenlabs.getAgentOutput({ agentId: agent.agentId }).conversationConfig.apply((c) => c.tts);
 * ```
 */
export function getAgentOutput(args: GetAgentOutputArgs): pulumi.Output<GetAgentResult> {
  return pulumi.output(args).apply((a) => getAgent(a));
}
