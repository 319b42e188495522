/** Local, stateful emulator of the ElevenLabs Agents Platform API (base /v1/convai). */
export { MP3_FRAME_BYTES, MP3_FRAME_SECS, silentMp3 } from "./audio";
export { DEFAULT_VOICE_ID } from "./defaults";
export { BASE_PATH, ROUTES } from "./routes";
export { SUPPORTED_LANGUAGES } from "./schemas";
export { CONTROL_PREFIX, startEmulator } from "./server";
export type {
  AgentPatch,
  Emulator,
  EmulatorOptions,
  Fault,
  JsonObject,
  RecordedRequest,
  StoredAgent,
  StoredConversation,
  StoredDocument,
  StoredPhoneNumber,
  TranscriptEntry,
  WorkspaceData,
  WorkspaceView,
} from "./types";
export { DEFAULT_API_KEY } from "./types";
export { redactApiKey } from "./util";
export { AUDIO_CHUNKS_PER_RESPONSE, agentReply } from "./ws";
