/** Local, stateful emulator of the ElevenLabs Agents Platform API (base /v1/convai). */
export { MP3_FRAME_BYTES, MP3_FRAME_SECS, silentMp3 } from "./audio";
export { CONTROL_PREFIX } from "./control";
export { DEFAULT_VOICE_ID } from "./defaults";
export { classify, legacyMarkers, routeDialects } from "./dialect";
export { DEFAULT_RANDOM_KINDS, seededRandom } from "./faults";
export { type Dialect, description, findSpecDir, SPEC_FILES, specDir, supportedLanguages } from "./openapi";
export { BASE_PATH, ROUTES } from "./routes";
export { startEmulator } from "./server";
export type {
  AgentPatch,
  Emulator,
  EmulatorOptions,
  Fault,
  JsonObject,
  RandomFaultKind,
  RecordedRequest,
  StoredAgent,
  StoredConversation,
  StoredDocument,
  StoredMcpServer,
  StoredPhoneNumber,
  StoredRagIndex,
  StoredSecret,
  StoredTool,
  StoredWhatsAppAccount,
  TranscriptEntry,
  WhatsAppAccountSeed,
  WorkspaceCounts,
  WorkspaceData,
  WorkspaceView,
} from "./types";
export { DEFAULT_API_KEY } from "./types";
export { redactApiKey } from "./util";
export { type BodyInput, type RequestOptions, validateAnswer, validateRequest } from "./validate";
export { AUDIO_CHUNKS_PER_RESPONSE, agentReply } from "./ws";
