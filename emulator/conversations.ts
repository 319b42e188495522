/**
 * Conversations (read-only), their audio, the links and signed URLs that open the conversation
 * WebSocket, and Twilio outbound calls (which create conversations).
 */
import { getAgentOr404 } from "./agents";
import { silentMp3 } from "./audio";
import { type Ctx, type Family, objectBody, type Reply } from "./context";
import { agentVoiceSettings } from "./defaults";
import { ApiError, notFound, ValidationError } from "./errors";
import { newestFirst, paginate } from "./paging";
import { getNumberOr404 } from "./phones";
import { workspaceId } from "./store";
import type { JsonObject, StoredAgent, StoredConversation, WorkspaceData } from "./types";
import { isPlainObject, newId, nowSecs, randomAlnum, randomHex } from "./util";

/** The route key of the conversation WebSocket (faults and the log use it). */
export const CONVERSATION_WS_ROUTE = "GET /conversation";

/** Analysis of a finished conversation: success if the user said anything, failure otherwise. */
export function finishConversation(conv: StoredConversation, durationSecs: number): void {
  conv.status = "done";
  conv.call_duration_secs = Math.max(0, Math.round(durationSecs));
  const user = conv.transcript.filter((t) => t.role === "user").length;
  const agent = conv.transcript.length - user;
  conv.analysis = {
    call_successful: user > 0 ? "success" : "failure",
    transcript_summary: `${conv.transcript.length} messages: ${agent} from the agent, ${user} from the user.`,
  };
}

/** A new conversation record of an agent (not yet stored). */
export function newConversation(
  agentId: string,
  source: StoredConversation["source"],
  status: StoredConversation["status"],
): StoredConversation {
  return {
    conversation_id: newId("conv_"),
    agent_id: agentId,
    status,
    start_time_unix_secs: nowSecs(),
    call_duration_secs: 0,
    transcript: [],
    analysis: { call_successful: "unknown", transcript_summary: "" },
    source,
  };
}

function getConversationOr404(ctx: Ctx): StoredConversation {
  const id = ctx.params.conversation_id ?? "";
  const c = ctx.ws.conversations[id];
  if (!c) throw notFound("conversation_not_found", `Conversation ${id} not found`);
  return c;
}

function listItem(c: StoredConversation, ws: WorkspaceData): Record<string, unknown> {
  return {
    agent_id: c.agent_id,
    agent_name: ws.agents[c.agent_id]?.name ?? null,
    conversation_id: c.conversation_id,
    start_time_unix_secs: c.start_time_unix_secs,
    call_duration_secs: c.call_duration_secs,
    message_count: c.transcript.length,
    status: c.status,
    call_successful: c.analysis.call_successful,
  };
}

/** Newest first; `agent_id` filters (an unknown agent gives an empty list). */
export function listConversations(ctx: Ctx): Reply {
  const agentId = ctx.query.get("agent_id");
  const convs = newestFirst(
    Object.values(ctx.ws.conversations).filter((c) => !agentId || c.agent_id === agentId),
    (c) => c.conversation_id,
  );
  const page = paginate(convs, (c) => c.conversation_id, ctx.query);
  return {
    status: 200,
    json: {
      conversations: page.items.map((c) => listItem(c, ctx.ws)),
      next_cursor: page.next_cursor,
      has_more: page.has_more,
    },
  };
}

/**
 * GET /conversations/{conversation_id}, one shape for both dialects: the legacy keys plus what the
 * live answer requires (`has_audio`, `has_user_audio`, `has_response_audio`, `has_auxiliary_audio`,
 * `metadata.cost_fiat`, `agent_name`).
 */
export function getConversation(ctx: Ctx): Reply {
  const c = getConversationOr404(ctx);
  const out: JsonObject = {
    agent_id: c.agent_id,
    agent_name: ctx.ws.agents[c.agent_id]?.name ?? null,
    conversation_id: c.conversation_id,
    status: c.status,
    transcript: c.transcript.map((t) => ({ ...t })),
    metadata: {
      start_time_unix_secs: c.start_time_unix_secs,
      call_duration_secs: c.call_duration_secs,
      cost_fiat: null,
    },
    analysis: { ...c.analysis },
    has_audio: true,
    has_user_audio: c.transcript.some((t) => t.role === "user"),
    has_response_audio: c.transcript.some((t) => t.role === "agent"),
    has_auxiliary_audio: false,
  };
  if (c.conversation_initiation_client_data) {
    out.conversation_initiation_client_data = structuredClone(c.conversation_initiation_client_data);
  }
  return { status: 200, json: out };
}

/** MP3 silence as long as the call (at least 1 s, at most 600 s). */
export function getConversationAudio(ctx: Ctx): Reply {
  const c = getConversationOr404(ctx);
  return { status: 200, bytes: silentMp3(c.call_duration_secs), contentType: "audio/mpeg" };
}

/**
 * POST /twilio/outbound_call (legacy) and /twilio/outbound-call (live), one behaviour. The
 * emulated callee answers and hangs up after the agent's greeting: the conversation is created
 * "done", its transcript holds the first message (if any), its duration is one second per 15
 * characters of it (at least 1 s), and its analysis says "failure" (the callee said nothing).
 */
export function outboundCall(ctx: Ctx): Reply {
  const body = objectBody(ctx);
  const agent = getAgentOr404(ctx, String(body.agent_id));
  const num = getNumberOr404(ctx, String(body.agent_phone_number_id));
  if (num.provider !== "twilio") {
    throw new ApiError(
      400,
      "phone_number_cannot_call_out",
      `Phone number ${num.phone_number_id} (provider ${num.provider}) cannot place Twilio outbound calls`,
    );
  }
  const conv = newConversation(agent.agent_id, "outbound_call", "initiated");
  const { firstMessage } = agentVoiceSettings(agent);
  if (firstMessage !== "")
    conv.transcript.push({ role: "agent", message: firstMessage, time_in_call_secs: 0 });
  conv.call_sid = `CA${randomHex(16)}`;
  conv.to_number = String(body.to_number);
  conv.phone_number_id = num.phone_number_id;
  if (isPlainObject(body.conversation_initiation_client_data)) {
    conv.conversation_initiation_client_data = structuredClone(body.conversation_initiation_client_data);
  }
  finishConversation(conv, Math.max(1, Math.ceil(firstMessage.length / 15)));
  ctx.ws.conversations[conv.conversation_id] = conv;
  return {
    status: 200,
    json: {
      success: true,
      message: "Call initiated",
      conversation_id: conv.conversation_id,
      callSid: conv.call_sid,
    },
  };
}

/** A fresh conversation token for an agent, valid for `linkTtlSeconds`, and its WebSocket URL. */
function issueLink(ctx: Ctx, agent: StoredAgent): { token: string; expiresAtMs: number; signedUrl: string } {
  const now = Date.now();
  for (const [t, l] of ctx.env.links) if (l.expiresAtMs <= now) ctx.env.links.delete(t);
  const token = randomAlnum(40);
  const expiresAtMs = now + ctx.env.options.linkTtlSeconds * 1000;
  ctx.env.links.set(token, { workspaceId: workspaceId(ctx.apiKey), agentId: agent.agent_id, expiresAtMs });
  const qs = new URLSearchParams({ agent_id: agent.agent_id, conversation_signature: token });
  return { token, expiresAtMs, signedUrl: `ws://${ctx.host}/v1/convai/conversation?${qs.toString()}` };
}

/**
 * GET /agents/{agent_id}/link, one answer for both dialects: the legacy keys (`signed_url`,
 * `expires_at_unix_secs`) and the live `token` (a ConversationTokenResponseModel). The official SDK
 * parses it (its only required key is agent_id; the others pass through), legacy clients find
 * their signed URL, and the token opens the same WebSocket as `conversation_signature`.
 */
export function getLink(ctx: Ctx): Reply {
  const agent = getAgentOr404(ctx);
  const link = issueLink(ctx, agent);
  const expires = Math.floor(link.expiresAtMs / 1000);
  return {
    status: 200,
    json: {
      agent_id: agent.agent_id,
      token: {
        agent_id: agent.agent_id,
        conversation_token: link.token,
        expiration_time_unix_secs: expires,
        conversation_id: null,
        purpose: "shareable_link",
      },
      signed_url: link.signedUrl,
      expires_at_unix_secs: expires,
    },
  };
}

/** GET /conversation/get-signed-url?agent_id=: `{signed_url}` for the emulator's conversation WebSocket. */
export function getSignedUrl(ctx: Ctx): Reply {
  const id = ctx.query.get("agent_id");
  if (!id) {
    throw new ValidationError([{ loc: ["query", "agent_id"], msg: "Field required", type: "missing" }]);
  }
  const agent = getAgentOr404(ctx, id);
  return { status: 200, json: { signed_url: issueLink(ctx, agent).signedUrl } };
}

/** A plain HTTP GET on the WebSocket endpoint (the upgrade itself is upgrade.ts's). */
function upgradeRequired(): Reply {
  return {
    status: 426,
    json: { detail: { status: "upgrade_required", message: "This endpoint speaks WebSocket only" } },
    headers: { Upgrade: "websocket" },
  };
}

/** Conversations, outbound calls (legacy underscore, live hyphen), links and the WebSocket route. */
export const CONVERSATIONS: Family = {
  routes: {
    "GET /conversations": listConversations,
    "GET /conversations/{conversation_id}": getConversation,
    "GET /conversations/{conversation_id}/audio": getConversationAudio,
    "POST /twilio/outbound_call": outboundCall,
    "POST /twilio/outbound-call": outboundCall,
    "GET /agents/{agent_id}/link": getLink,
    "GET /conversation/get-signed-url": getSignedUrl,
    [CONVERSATION_WS_ROUTE]: upgradeRequired,
  },
};
