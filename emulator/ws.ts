/**
 * The conversation WebSocket (GET /v1/convai/conversation, upgraded on the same HTTP server).
 * Text stands in for speech: the client sends user_message text (or user_audio_chunk, transcribed as
 * "[audio N bytes]"), the agent answers "You said: <text>" followed by AUDIO_CHUNKS_PER_RESPONSE
 * audio events of silence.
 */
import type { WebSocket } from "ws";
import { silenceChunk } from "./audio";
import type { Env } from "./context";
import { finishConversation, newConversation } from "./conversations";
import { agentAuthEnabled, agentVoiceSettings } from "./defaults";
import { ApiError, agentNotFound } from "./errors";
import type { StoredAgent, StoredConversation, WorkspaceData } from "./types";
import { isPlainObject } from "./util";

/** Audio events the agent sends per response. */
export const AUDIO_CHUNKS_PER_RESPONSE = 3;

/** What the emulated agent answers to a user message. */
export function agentReply(userText: string): string {
  return `You said: ${userText}`;
}

/** The workspace and agent a WebSocket connection was authorized for. */
export interface Authorized {
  ws: WorkspaceData;
  agent: StoredAgent;
}

/**
 * Who may open a conversation:
 * - a `conversation_signature` from GET /agents/{id}/link must exist (401 invalid_signature), be
 *   unexpired (401 signature_expired) and belong to the agent named (403 signature_agent_mismatch);
 * - else an `xi-api-key` (query or header) must be accepted (401 invalid_api_key) and the agent must
 *   be in its workspace (404 agent_not_found);
 * - else the agent is looked up in every workspace (404) and must not have enable_auth
 *   (401 authentication_required).
 */
export function authorizeConversation(
  env: Env,
  query: URLSearchParams,
  headerKey: string | undefined,
  acceptedKeys: Set<string>,
): Authorized {
  const agentId = query.get("agent_id");
  if (!agentId) throw new ApiError(400, "missing_agent_id", "Query parameter agent_id is required");
  const signature = query.get("conversation_signature");
  const key = query.get("xi-api-key") ?? headerKey;
  if (signature) {
    const link = env.links.get(signature);
    if (!link) throw new ApiError(401, "invalid_signature", "Invalid conversation signature");
    if (link.expiresAtMs <= Date.now()) {
      env.links.delete(signature);
      throw new ApiError(401, "signature_expired", "Conversation signature expired; request a new link");
    }
    if (link.agentId !== agentId) {
      throw new ApiError(
        403,
        "signature_agent_mismatch",
        "The conversation signature was issued for another agent",
      );
    }
    const ws = env.store.byId(link.workspaceId);
    const agent = ws?.agents[agentId];
    if (!ws || !agent) throw agentNotFound(agentId);
    return { ws, agent };
  }
  if (key) {
    if (!acceptedKeys.has(key)) throw new ApiError(401, "invalid_api_key", "Invalid API key");
    const ws = env.store.workspace(key);
    const agent = ws.agents[agentId];
    if (!agent) throw agentNotFound(agentId);
    return { ws, agent };
  }
  for (const [, ws] of env.store.all()) {
    const agent = ws.agents[agentId];
    if (!agent) continue;
    if (agentAuthEnabled(agent)) {
      throw new ApiError(
        401,
        "authentication_required",
        "This agent requires authentication: use a signed URL (GET /agents/{agent_id}/link) or an API key",
      );
    }
    return { ws, agent };
  }
  throw agentNotFound(agentId);
}

/** One conversation over the WebSocket: transcript, replies with audio, interruptions, end. */
export class ConversationSession {
  private readonly startMs = Date.now();
  private readonly conv: StoredConversation;
  private eventId = 0;
  private speaking: { eventId: number; timers: NodeJS.Timeout[] } | null = null;
  private closed = false;
  private readonly audioFormat: string;
  private readonly maxDuration: NodeJS.Timeout;

  constructor(
    private readonly client: WebSocket,
    ws: WorkspaceData,
    agent: StoredAgent,
    private readonly intervalMs: number,
    private readonly save: () => void,
    private readonly onEnd: (s: ConversationSession) => void,
  ) {
    this.conv = newConversation(agent.agent_id, "websocket", "in-progress");
    ws.conversations[this.conv.conversation_id] = this.conv;
    this.save();
    const { firstMessage, audioFormat, maxDurationSecs } = agentVoiceSettings(agent);
    this.audioFormat = audioFormat;
    this.maxDuration = setTimeout(
      () => this.client.close(1000, "max_duration_seconds reached"),
      maxDurationSecs * 1000,
    );
    client.on("message", (data, isBinary) => this.onMessage(isBinary ? null : data.toString()));
    client.on("close", () => this.end());
    client.on("error", () => this.end());
    this.send({
      type: "conversation_initiation_metadata",
      conversation_initiation_metadata_event: {
        conversation_id: this.conv.conversation_id,
        agent_output_audio_format: audioFormat,
        user_input_audio_format: "pcm_16000",
      },
    });
    if (firstMessage !== "") this.agentSays(firstMessage);
  }

  get conversationId(): string {
    return this.conv.conversation_id;
  }

  private send(msg: unknown): void {
    if (this.client.readyState === this.client.OPEN) this.client.send(JSON.stringify(msg));
  }

  private secsInCall(): number {
    return Math.floor((Date.now() - this.startMs) / 1000);
  }

  private agentSays(text: string): void {
    this.eventId++;
    const eventId = this.eventId;
    this.conv.transcript.push({ role: "agent", message: text, time_in_call_secs: this.secsInCall() });
    this.save();
    this.send({ type: "agent_response", agent_response_event: { agent_response: text } });
    const audio = silenceChunk(this.audioFormat).toString("base64");
    const timers: NodeJS.Timeout[] = [];
    const speaking = { eventId, timers };
    for (let i = 1; i <= AUDIO_CHUNKS_PER_RESPONSE; i++) {
      timers.push(
        setTimeout(() => {
          this.send({ type: "audio", audio_event: { audio_base_64: audio, event_id: eventId } });
          if (i === AUDIO_CHUNKS_PER_RESPONSE && this.speaking === speaking) this.speaking = null;
        }, i * this.intervalMs),
      );
    }
    this.speaking = speaking;
  }

  private stopSpeaking(): void {
    if (!this.speaking) return;
    for (const t of this.speaking.timers) clearTimeout(t);
    this.speaking = null;
  }

  private userSays(text: string): void {
    if (this.speaking) {
      const eventId = this.speaking.eventId;
      this.stopSpeaking();
      this.send({ type: "interruption", interruption_event: { event_id: eventId } });
    }
    this.conv.transcript.push({ role: "user", message: text, time_in_call_secs: this.secsInCall() });
    this.send({ type: "user_transcript", user_transcript_event: { user_transcript: text } });
    this.agentSays(agentReply(text));
  }

  private onMessage(raw: string | null): void {
    if (this.closed) return;
    let msg: unknown;
    try {
      msg = raw === null ? undefined : JSON.parse(raw);
    } catch {
      msg = undefined;
    }
    if (!isPlainObject(msg)) {
      this.client.close(1007, "messages must be JSON objects");
      return;
    }
    if (typeof msg.user_audio_chunk === "string") {
      this.userSays(`[audio ${Buffer.from(msg.user_audio_chunk, "base64").length} bytes]`);
      return;
    }
    switch (msg.type) {
      case "user_message":
        if (typeof msg.text === "string") this.userSays(msg.text);
        return;
      case "ping": {
        const ev = isPlainObject(msg.ping_event) ? msg.ping_event : {};
        this.send({ type: "pong", event_id: ev.event_id ?? null });
        return;
      }
      case "conversation_initiation_client_data":
        if (isPlainObject(msg)) {
          const { type: _type, ...rest } = msg;
          this.conv.conversation_initiation_client_data = rest;
          this.save();
        }
        return;
      default:
        // pong, contextual_update, user_activity and anything unknown: ignored.
        return;
    }
  }

  /** Finish the conversation (idempotent): status done, duration, analysis, persisted. */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.maxDuration);
    this.stopSpeaking();
    finishConversation(this.conv, Math.ceil((Date.now() - this.startMs) / 1000));
    this.save();
    this.onEnd(this);
  }

  /** Close the socket now (emulator shutdown). */
  terminate(): void {
    this.end();
    this.client.terminate();
  }
}
