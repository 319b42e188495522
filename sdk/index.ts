/**
 * pulumi-elevenlabs: ElevenLabs conversational agents as Pulumi resources: Agent, KnowledgeDocument,
 * PhoneNumber, Tool and Secret, and the functions getAgent and getAgentLink.
 *
 * Configure with stack config `elevenlabs:apiKey` (secret) and optionally `elevenlabs:baseUrl` and
 * `elevenlabs:apiDialect` (`live`, the default, or `legacy`), or the environment variables
 * `ELEVENLABS_API_KEY` / `ELEVENLABS_BASE_URL` / `ELEVENLABS_API_DIALECT`.
 */

export * from "./functions";
export * from "./resources";
export * from "./types";
