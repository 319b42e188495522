/**
 * pulumi-elevenlabs: ElevenLabs conversational agents as Pulumi resources.
 *
 * Configure with stack config `elevenlabs:apiKey` (secret) and optionally `elevenlabs:baseUrl`, or
 * the environment variables `ELEVENLABS_API_KEY` / `ELEVENLABS_BASE_URL`.
 */
export { Agent } from "./agent";
export * from "./functions";
export { KnowledgeDocument } from "./knowledgeDocument";
export { PhoneNumber } from "./phoneNumber";
export { Secret } from "./secret";
export { Tool } from "./tool";
export * from "./types";
