/**
 * What the package's Pulumi functions (`elevenlabs:index:getAgentLink`, `elevenlabs:index:getAgent`)
 * do, without Pulumi: their zod input/output schemas (which feed schema.json and the SDK's types)
 * and their implementations on {@link ElevenLabsApi}. `sdk/functions.ts` wraps these for programs.
 */
import { z } from "zod";
import { type AgentDetails, ElevenLabsApi } from "./api";
import type { ClientOptions } from "./http/client";
import { validateArgs } from "./validate";

const nonEmpty = (what: string) => z.string().regex(/\S/, `must be a non-empty ${what}`);

// ---------------------------------------------------------------------------------------------
// getAgentLink
// ---------------------------------------------------------------------------------------------

export const GetAgentLinkArgsSchema = z
  .strictObject({
    agentId: nonEmpty("agent id").describe(
      "Id of the agent to open conversations with, e.g. `agent.agentId`.",
    ),
  })
  .describe(
    "A signed URL that opens a conversation with an agent over the WebSocket, private agents included " +
      "(live: `GET /conversation/get-signed-url`; legacy: `GET /agents/{agent_id}/link`). The URL is a short-lived credential: the Output form returns it as a secret.",
  );

export const GetAgentLinkResultSchema = z.strictObject({
  agentId: z.string().describe("Id of the agent the URL opens conversations with."),
  signedUrl: z.string().meta({
    description:
      "`ws://`/`wss://` URL of the conversation endpoint carrying a signature; anyone holding it can talk to the agent until it expires.",
    secret: true,
  }),
  expiresAtUnixSecs: z
    .number()
    .optional()
    .describe("When the signature expires, in epoch seconds (when the service says)."),
});

export type GetAgentLinkArgs = z.input<typeof GetAgentLinkArgsSchema>;
export type GetAgentLinkResult = z.output<typeof GetAgentLinkResultSchema>;

// ---------------------------------------------------------------------------------------------
// getAgent
// ---------------------------------------------------------------------------------------------

export const GetAgentArgsSchema = z
  .strictObject({
    agentId: nonEmpty("agent id")
      .optional()
      .describe("Id of the agent to read. Give either `agentId` or `name`."),
    name: nonEmpty("name")
      .optional()
      .describe(
        "Exact (case-sensitive) display name of the agent to read. Give either `agentId` or `name`; it is an error when no agent or several agents have this name.",
      ),
  })
  .superRefine((v, ctx) => {
    const given = [v.agentId, v.name].filter((x) => x !== undefined).length;
    if (given !== 1)
      ctx.addIssue({
        code: "custom",
        path: [given === 0 ? "agentId" : "name"],
        message:
          given === 0
            ? "give either agentId or name to look the agent up by"
            : "give either agentId or name, not both",
      });
  })
  .describe(
    "Reads an existing agent by id, or by its exact name (`GET /agents/{agent_id}`, `GET /agents?search=`).",
  );

export const GetAgentResultSchema = z.strictObject({
  agentId: z.string().describe("The agent's id."),
  name: z.string().describe("Display name of the agent."),
  tags: z.array(z.string()).describe("Tags of the agent (empty when none)."),
  conversationConfig: z
    .record(z.string(), z.unknown())
    .describe(
      "The agent's whole live conversation config in camelCase, including the defaults the service fills in (e.g. `agent.firstMessage`, `tts.voiceId`).",
    ),
  platformSettings: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("The agent's live platform settings in camelCase (auth, widget, …)."),
  createdAtUnixSecs: z.number().optional().describe("Creation time, epoch seconds."),
  updatedAtUnixSecs: z.number().optional().describe("Time of the last change, epoch seconds."),
});

export type GetAgentArgs = z.input<typeof GetAgentArgsSchema>;
export type GetAgentResult = z.output<typeof GetAgentResultSchema>;

// ---------------------------------------------------------------------------------------------
// Implementations
// ---------------------------------------------------------------------------------------------

function apiOf(api: ElevenLabsApi | ClientOptions): ElevenLabsApi {
  return api instanceof ElevenLabsApi ? api : new ElevenLabsApi(api);
}

/**
 * getAgentLink: a fresh signed URL for the agent.
 * @param api the typed client, or client options to build one.
 * @param args `{ agentId }`.
 */
export async function invokeGetAgentLink(
  api: ElevenLabsApi | ClientOptions,
  args: GetAgentLinkArgs,
): Promise<GetAgentLinkResult> {
  const a = validateArgs("elevenlabs.getAgentLink", GetAgentLinkArgsSchema, args);
  return apiOf(api).getAgentLink(a.agentId);
}

function agentResult(agent: AgentDetails): GetAgentResult {
  const out: GetAgentResult = {
    agentId: agent.agentId,
    name: agent.name,
    tags: agent.tags ?? [],
    conversationConfig: agent.conversationConfig,
  };
  if (agent.platformSettings) out.platformSettings = agent.platformSettings;
  if (typeof agent.metadata?.createdAtUnixSecs === "number")
    out.createdAtUnixSecs = agent.metadata.createdAtUnixSecs;
  if (typeof agent.metadata?.updatedAtUnixSecs === "number")
    out.updatedAtUnixSecs = agent.metadata.updatedAtUnixSecs;
  return out;
}

/**
 * getAgent: the agent with this id, or the one agent with exactly this name.
 * @param api the typed client, or client options to build one.
 * @param args `{ agentId }` or `{ name }`.
 */
export async function invokeGetAgent(
  api: ElevenLabsApi | ClientOptions,
  args: GetAgentArgs,
): Promise<GetAgentResult> {
  const a = validateArgs("elevenlabs.getAgent", GetAgentArgsSchema, args);
  const client = apiOf(api);
  const id = a.agentId ?? (await client.findAgentByName(a.name as string)).agentId;
  return agentResult(await client.getAgent(id));
}
