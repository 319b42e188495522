/**
 * A typed client for every endpoint of the Agents Platform API, usable outside Pulumi (scripts, CI
 * jobs). Methods take and return camelCase objects; arguments are validated with zod before any
 * request is sent (an {@link InvalidArgumentError} names the field), and every answer is parsed with
 * zod in its wire form, then converted with {@link fromWire}. Requests go through the one HTTP client
 * ({@link ElevenLabsClient}): same settings, retries, rate-limit pacing and error hierarchy.
 *
 * @example
 * ```ts
 * const api = new ElevenLabsApi(); // ELEVENLABS_API_KEY / ELEVENLABS_BASE_URL
 * for await (const a of api.iterateAgents({ search: "support" })) console.log(a.agentId, a.name);
 * ```
 */
import { writeFile } from "node:fs/promises";
import { z } from "zod";
import type { WireAgentSummary, WireConversationSummary, WirePhoneNumber } from "./endpoints";
import { type ClientOptions, ElevenLabsClient } from "./http/client";
import { LookupError, ResponseValidationError } from "./http/errors";
import { collect, listed, mapped } from "./paging";
import { E164, validateArgs } from "./validate";
import { fromWire, isPlainObject, objectShape, toWire, VERBATIM } from "./wire";

// ---------------------------------------------------------------------------------------------
// Results (camelCase). Answers are parsed loosely: fields the service adds later are kept (in
// camelCase) but not declared here.
// ---------------------------------------------------------------------------------------------

/** One agent as `GET /agents` lists it. */
export interface AgentSummary {
  /** The agent's id, e.g. `agent_7101k…`. */
  agentId: string;
  /** Display name. */
  name: string;
  /** Tags (empty when none). */
  tags: string[];
  /** Creation time, epoch seconds. */
  createdAtUnixSecs: number;
}

/** One page of `GET /agents`. */
export interface AgentPage {
  agents: AgentSummary[];
  /** Cursor of the next page; `null` on the last page. */
  nextCursor: string | null;
  /** Whether another page follows. */
  hasMore: boolean;
}

/** The agent part of a live conversation config (the service fills defaults for the rest). */
export interface AgentBehaviourView {
  /** What the agent says first; empty: it waits for the user. */
  firstMessage?: string | null;
  /** Conversation language, e.g. `en`. */
  language?: string | null;
  /** The system prompt and LLM settings. */
  prompt?: ({ prompt?: string | null } & Record<string, unknown>) | null;
  [key: string]: unknown;
}

/** A live conversation config: the whole tree in camelCase, with the service's defaults. */
export interface ConversationConfigView {
  agent?: AgentBehaviourView | null;
  [key: string]: unknown;
}

/** An agent as `GET /agents/{agent_id}` answers it (camelCase, defaults filled by the service). */
export interface AgentDetails {
  agentId: string;
  name: string;
  conversationConfig: ConversationConfigView;
  platformSettings?: Record<string, unknown> | null;
  tags?: string[] | null;
  metadata?: { createdAtUnixSecs?: number; updatedAtUnixSecs?: number } | null;
}

/** One conversation as `GET /conversations` lists it. */
export interface ConversationSummary {
  agentId: string;
  conversationId: string;
  /** Start time, epoch seconds. */
  startTimeUnixSecs: number;
  /** Duration in seconds (0 while in progress). */
  callDurationSecs: number;
  /** Number of transcript entries. */
  messageCount: number;
  /** e.g. `initiated`, `in-progress`, `processing`, `done`, `failed`. */
  status: string;
  /** The analysis verdict: `success`, `failure` or `unknown`. */
  callSuccessful: string | null;
}

/** One page of `GET /conversations`. */
export interface ConversationPage {
  conversations: ConversationSummary[];
  nextCursor: string | null;
  hasMore: boolean;
}

/** One turn of a transcript. */
export interface TranscriptEntry {
  /** `agent` or `user`. */
  role: string;
  /** What was said (`null` for turns without text, e.g. tool calls). */
  message: string | null;
  /** Seconds since the start of the call. */
  timeInCallSecs: number;
}

/** A conversation with its transcript and analysis (`GET /conversations/{conversation_id}`). */
export interface ConversationDetails {
  agentId: string;
  conversationId: string;
  status: string;
  transcript: TranscriptEntry[];
  metadata: { startTimeUnixSecs: number; callDurationSecs: number };
  /** The post-call analysis; user-keyed maps inside (data collection, evaluation criteria) keep their keys. */
  analysis:
    | ({ callSuccessful?: string | null; transcriptSummary?: string | null } & Record<string, unknown>)
    | null;
  /** Client data the conversation was started with, exactly as sent. */
  conversationInitiationClientData?: Record<string, unknown> | null;
}

/** A knowledge-base document (of an agent, or of the workspace). */
export interface KnowledgeDocumentInfo {
  id: string;
  name: string;
  /** `url`, `file` or `text`. */
  type?: string;
  /** How the agent uses it (live, in an agent's list): `auto` or `prompt`. */
  usageMode?: string;
  /** Source URL of URL documents. */
  url?: string | null;
  metadata?: { createdAtUnixSecs?: number; sizeBytes?: number } | null;
}

/** A phone number imported into the Agents Platform. Credentials are never returned. */
export interface PhoneNumberInfo {
  phoneNumberId: string;
  /** The number in E.164 form. */
  phoneNumber: string;
  /** Display label (`null` when the service has none). */
  label: string | null;
  /** `twilio` or `sip`. */
  provider: string;
  /** The agent answering the number, if any (`agentName` when the service says). */
  assignedAgent: { agentId: string; agentName: string | null } | null;
}

/** A signed URL that opens a conversation with an agent (private agents included). */
export interface AgentLink {
  agentId: string;
  /** `ws://` / `wss://` URL of the conversation endpoint carrying a short-lived signature. Treat as a secret. */
  signedUrl: string;
  /** When the signature expires, epoch seconds (if the service says). */
  expiresAtUnixSecs?: number;
}

/** Arguments of {@link ElevenLabsApi.twilioOutboundCall}. */
export interface TwilioOutboundCallArgs {
  /** The agent that speaks on the call. */
  agentId: string;
  /** Id of the Twilio phone number (in the Agents Platform) the call is placed from. */
  agentPhoneNumberId: string;
  /** The number to call, in E.164 form, e.g. `+14155550123`. */
  toNumber: string;
  /** Data handed to the conversation (dynamic variables, overrides, your own ids); sent untouched. */
  conversationInitiationClientData?: Record<string, unknown>;
}

/** The answer of `POST /twilio/outbound_call`. */
export interface OutboundCallResult {
  success: boolean;
  message: string;
  /** The conversation the call created (read it later with `getConversation`). */
  conversationId: string | null;
  /** Twilio's call SID. */
  callSid: string | null;
}

/** Paging options of list methods. */
export interface PageOptions {
  /** Items per page, 1..100 (service default 30). */
  pageSize?: number;
  /** Cursor from a previous page's `nextCursor`. */
  cursor?: string;
}

/** Options of {@link ElevenLabsApi.listAgents}. */
export interface ListAgentsOptions extends PageOptions {
  /** Case-insensitive substring of the agent name. */
  search?: string;
}

/** Options of {@link ElevenLabsApi.listConversations}. */
export interface ListConversationsOptions extends PageOptions {
  /** Only conversations of this agent. */
  agentId?: string;
}

// ---------------------------------------------------------------------------------------------
// Argument schemas (validated before any request)
// ---------------------------------------------------------------------------------------------

const Id = z.string().regex(/\S/, "must be a non-empty id");
const PageSize = z.int().min(1).max(100).optional();
const Cursor = z.string().min(1, "must be a non-empty cursor").optional();

const ListAgentsArgs = z.strictObject({ search: z.string().optional(), pageSize: PageSize, cursor: Cursor });
const ListConversationsArgs = z.strictObject({ agentId: Id.optional(), pageSize: PageSize, cursor: Cursor });
const OutboundCallArgs = z.strictObject({
  agentId: Id,
  agentPhoneNumberId: Id,
  toNumber: z.string().regex(E164, "must be in E.164 form, e.g. +14155550123"),
  conversationInitiationClientData: z.record(z.string(), z.unknown()).optional(),
});
/** The pagers' options: a list method's, without the cursor (the pager follows it). */
const IterateAgentsArgs = ListAgentsArgs.omit({ cursor: true });
const IterateConversationsArgs = ListConversationsArgs.omit({ cursor: true });
const AgentIdArgs = z.object({ agentId: Id });
const ConversationIdArgs = z.object({ conversationId: Id });
const PhoneNumberIdArgs = z.object({ phoneNumberId: Id });
const AgentNameArgs = z.object({ name: z.string().regex(/\S/, "must not be empty") });
const AudioPathArgs = z.object({ path: z.string().min(1, "must be a file path") });

// ---------------------------------------------------------------------------------------------
// The client
// ---------------------------------------------------------------------------------------------

/** A conversation: user data inside keeps its keys (converted keys would not match what was sent). */
const CONVERSATION = objectShape({
  conversationInitiationClientData: ["conversation_initiation_client_data", VERBATIM],
  analysis: [
    "analysis",
    objectShape({
      dataCollectionResults: ["data_collection_results", VERBATIM],
      evaluationCriteriaResults: ["evaluation_criteria_results", VERBATIM],
    }),
  ],
});

/** An outbound call's arguments: the client data is the caller's, sent verbatim. */
const OUTBOUND_CALL = objectShape({
  conversationInitiationClientData: ["conversation_initiation_client_data", VERBATIM],
});

/** The typed Agents Platform API. One instance may be shared; it holds no per-call state. */
export class ElevenLabsApi {
  /** The underlying HTTP client (for routes this class does not wrap, e.g. `createAgent`). */
  readonly client: ElevenLabsClient;

  /**
   * @param options client options (`baseUrl`, `apiKey`, `timeoutMs`, `maxRetries`, …; unset ones
   *   fall back to stack config, then `ELEVENLABS_API_KEY` / `ELEVENLABS_BASE_URL`, then defaults),
   *   or an existing {@link ElevenLabsClient} to share.
   */
  constructor(options: ClientOptions | ElevenLabsClient = {}) {
    this.client = options instanceof ElevenLabsClient ? options : new ElevenLabsClient(options);
  }

  // ----- agents ------------------------------------------------------------------------------

  /**
   * Reads one agent (`GET /agents/{agent_id}`), defaults filled by the service.
   * @param agentId the agent's id; a missing agent throws {@link NotFoundError}.
   */
  async getAgent(agentId: string): Promise<AgentDetails> {
    const id = validateArgs("getAgent", AgentIdArgs, { agentId }).agentId;
    return fromWire<AgentDetails>(await this.client.call("getAgent", { params: { agent_id: id } }));
  }

  /**
   * One page of agents (`GET /agents`), newest first.
   * @param options `search` (substring of the name), `pageSize` (1..100), `cursor` (from `nextCursor`).
   */
  async listAgents(options: ListAgentsOptions = {}): Promise<AgentPage> {
    return this.agentPage(validateArgs("listAgents", ListAgentsArgs, options));
  }

  /** One page of agents, options already validated (the pager validates once, not per page). */
  private async agentPage(o: z.output<typeof ListAgentsArgs>): Promise<AgentPage> {
    const wire = await this.client.call("listAgents", {
      query: { search: o.search, page_size: o.pageSize, cursor: o.cursor },
    });
    return fromWire<AgentPage>({
      ...wire,
      agents: wire.agents.map(summary),
      next_cursor: wire.next_cursor ?? null,
    });
  }

  /**
   * Every agent matching `search`, page after page (follows `next_cursor` while `has_more`).
   * @param options `search` (substring of the name), `pageSize` per request (1..100).
   */
  iterateAgents(options: Omit<ListAgentsOptions, "cursor"> = {}): AsyncIterable<AgentSummary> {
    const o = validateArgs("iterateAgents", IterateAgentsArgs, options);
    const all = listed(this.client, "listAgents", { query: { search: o.search, page_size: o.pageSize } });
    return mapped(all, (a) => fromWire<AgentSummary>(summary(a)));
  }

  /**
   * Every agent matching `search`, collected from all pages.
   * @param options `search` (substring of the name), `pageSize` per request (1..100).
   */
  async listAllAgents(options: Omit<ListAgentsOptions, "cursor"> = {}): Promise<AgentSummary[]> {
    return collect(this.iterateAgents(options));
  }

  /**
   * The one agent whose name is exactly `name` (the list's search is a substring match, so the
   * candidates are filtered here). Throws {@link LookupError} when none or several match.
   * @param name the agent's exact display name (case-sensitive).
   */
  async findAgentByName(name: string): Promise<AgentSummary> {
    const n = validateArgs("findAgentByName", AgentNameArgs, { name }).name;
    const matches = (await this.listAllAgents({ search: n, pageSize: 100 })).filter((a) => a.name === n);
    if (matches.length === 1 && matches[0]) return matches[0];
    const ids = matches.map((a) => a.agentId);
    throw new LookupError(
      matches.length === 0
        ? `No agent is named '${n}' (exact, case-sensitive match); look the agent up by id instead, or check the name`
        : `${matches.length} agents are named '${n}' (${ids.join(", ")}); look the agent up by id instead`,
      ids,
    );
  }

  /**
   * A signed URL that opens a conversation with the agent over the WebSocket, for private agents
   * too (live: `GET /conversation/get-signed-url?agent_id=`; legacy: `GET /agents/{agent_id}/link`).
   * The URL is a credential until it expires.
   * @param agentId the agent's id.
   */
  async getAgentLink(agentId: string): Promise<AgentLink> {
    const id = validateArgs("getAgentLink", AgentIdArgs, { agentId }).agentId;
    if (this.client.settings.dialect === "live") {
      const wire = await this.client.call("getSignedUrl", { query: { agent_id: id } });
      return { agentId: id, signedUrl: wire.signed_url };
    }
    const wire = await this.client.call("getAgentLink", { params: { agent_id: id } });
    const link: AgentLink = { agentId: wire.agent_id ?? id, signedUrl: wire.signed_url };
    if (typeof wire.expires_at_unix_secs === "number") link.expiresAtUnixSecs = wire.expires_at_unix_secs;
    return link;
  }

  // ----- conversations -----------------------------------------------------------------------

  /**
   * One page of conversations (`GET /conversations`), newest first.
   * @param options `agentId` (only that agent's), `pageSize` (1..100), `cursor` (from `nextCursor`).
   */
  async listConversations(options: ListConversationsOptions = {}): Promise<ConversationPage> {
    return this.conversationPage(validateArgs("listConversations", ListConversationsArgs, options));
  }

  /** One page of conversations, options already validated (the pager validates once, not per page). */
  private async conversationPage(o: z.output<typeof ListConversationsArgs>): Promise<ConversationPage> {
    const wire = await this.client.call("listConversations", {
      query: { agent_id: o.agentId, page_size: o.pageSize, cursor: o.cursor },
    });
    return fromWire<ConversationPage>({
      ...wire,
      conversations: wire.conversations.map(conversationSummary),
      next_cursor: wire.next_cursor ?? null,
    });
  }

  /**
   * Every conversation (of `agentId`, if given), page after page.
   * @param options `agentId` (only that agent's), `pageSize` per request (1..100).
   */
  iterateConversations(
    options: Omit<ListConversationsOptions, "cursor"> = {},
  ): AsyncIterable<ConversationSummary> {
    const o = validateArgs("iterateConversations", IterateConversationsArgs, options);
    const all = listed(this.client, "listConversations", {
      query: { agent_id: o.agentId, page_size: o.pageSize },
    });
    return mapped(all, (c) => fromWire<ConversationSummary>(conversationSummary(c)));
  }

  /**
   * Every conversation (of `agentId`, if given), collected from all pages.
   * @param options `agentId` (only that agent's), `pageSize` per request (1..100).
   */
  async listAllConversations(
    options: Omit<ListConversationsOptions, "cursor"> = {},
  ): Promise<ConversationSummary[]> {
    return collect(this.iterateConversations(options));
  }

  /**
   * One conversation with its transcript and analysis (`GET /conversations/{conversation_id}`).
   * @param conversationId the conversation's id, e.g. from `listConversations` or an outbound call.
   */
  async getConversation(conversationId: string): Promise<ConversationDetails> {
    const id = validateArgs("getConversation", ConversationIdArgs, {
      conversationId,
    }).conversationId;
    const wire = await this.client.call("getConversation", { params: { conversation_id: id } });
    return fromWire<ConversationDetails>(
      {
        ...wire,
        transcript: wire.transcript.map((t) => ({ ...t, message: t.message ?? null })),
        analysis: wire.analysis ?? null,
      },
      CONVERSATION,
    );
  }

  /**
   * The recording of a conversation (`GET /conversations/{conversation_id}/audio`), MP3 bytes.
   * @param conversationId the conversation's id.
   */
  async getConversationAudio(conversationId: string): Promise<Buffer> {
    const id = validateArgs("getConversationAudio", ConversationIdArgs, {
      conversationId,
    }).conversationId;
    const { contentType, data } = await this.client.bytes("getConversationAudio", {
      params: { conversation_id: id },
    });
    if (contentType?.toLowerCase().startsWith("application/json")) {
      throw new ResponseValidationError(
        `ElevenLabs API: GET /conversations/${id}/audio answered JSON instead of audio: ${data.toString("utf8").slice(0, 200)}`,
      );
    }
    return data;
  }

  /**
   * Downloads the recording of a conversation into a file (overwritten if present).
   * @param conversationId the conversation's id.
   * @param path where to write the MP3 file.
   * @returns the number of bytes written.
   */
  async saveConversationAudio(conversationId: string, path: string): Promise<number> {
    validateArgs("saveConversationAudio", AudioPathArgs, { path });
    const audio = await this.getConversationAudio(conversationId);
    await writeFile(path, audio);
    return audio.length;
  }

  // ----- knowledge base ----------------------------------------------------------------------

  /**
   * Every knowledge-base document of an agent. Live: the documents the agent's knowledge base lists
   * (`conversation_config.agent.prompt.knowledge_base`, one `GET /agents/{agent_id}`); legacy: the
   * agent's documents, page after page (`GET /agents/{agent_id}/knowledge-base`).
   * @param agentId the agent's id; a missing agent throws {@link NotFoundError}.
   */
  async listKnowledgeDocuments(agentId: string): Promise<KnowledgeDocumentInfo[]> {
    const id = validateArgs("listKnowledgeDocuments", AgentIdArgs, { agentId }).agentId;
    if (this.client.settings.dialect === "live") {
      const agent = await this.client.call("getAgent", { params: { agent_id: id } });
      const prompt = agent.conversation_config.agent?.prompt;
      const list = isPlainObject(prompt) && Array.isArray(prompt.knowledge_base) ? prompt.knowledge_base : [];
      return list.filter(isPlainObject).map((l) => fromWire<KnowledgeDocumentInfo>(l));
    }
    const all = listed(this.client, "listKnowledgeDocuments", { params: { agent_id: id } });
    return collect(mapped(all, (d) => fromWire<KnowledgeDocumentInfo>(d)));
  }

  /**
   * Every document of the workspace (live: `GET /knowledge-base`), page after page.
   * @param options `search` (a substring of the name), `pageSize` per request (1..100).
   */
  iterateWorkspaceDocuments(
    options: { search?: string; pageSize?: number } = {},
  ): AsyncIterable<KnowledgeDocumentInfo> {
    const o = validateArgs("iterateWorkspaceDocuments", IterateAgentsArgs, options);
    const all = listed(this.client, "listDocuments", { query: { search: o.search, page_size: o.pageSize } });
    return mapped(all, (d) => fromWire<KnowledgeDocumentInfo>(d));
  }

  // ----- phone numbers -----------------------------------------------------------------------

  /** Every phone number of the workspace (`GET /phone-numbers`). */
  async listPhoneNumbers(): Promise<PhoneNumberInfo[]> {
    return (await this.client.call("listPhoneNumbers")).map(phoneNumberInfo);
  }

  /**
   * One phone number (`GET /phone-numbers/{phone_number_id}`).
   * @param phoneNumberId the number's id in the Agents Platform (not the number itself).
   */
  async getPhoneNumber(phoneNumberId: string): Promise<PhoneNumberInfo> {
    const id = validateArgs("getPhoneNumber", PhoneNumberIdArgs, {
      phoneNumberId,
    }).phoneNumberId;
    return phoneNumberInfo(await this.client.call("getPhoneNumber", { params: { phone_number_id: id } }));
  }

  // ----- outbound calls ----------------------------------------------------------------------

  /**
   * Places a phone call from a Twilio number, answered by the agent (live: `POST /twilio/outbound-call`;
   * legacy: `POST /twilio/outbound_call`).
   * Not retried once it may have reached the service (it would place a second call).
   * @param args the agent, the number to call from, the E.164 number to call and optional client data.
   */
  async twilioOutboundCall(args: TwilioOutboundCallArgs): Promise<OutboundCallResult> {
    const a = validateArgs("twilioOutboundCall", OutboundCallArgs, args);
    const wire = await this.client.call("twilioOutboundCall", {
      json: toWire(a, OUTBOUND_CALL),
    });
    return {
      success: wire.success,
      message: wire.message,
      conversationId: wire.conversation_id ?? null,
      callSid: wire.callSid ?? null,
    };
  }
}

/** A conversation summary as the typed API answers it: `call_successful` always present. */
function conversationSummary(
  c: z.infer<typeof WireConversationSummary>,
): z.infer<typeof WireConversationSummary> {
  return { ...c, call_successful: c.call_successful ?? null };
}

function summary(a: z.infer<typeof WireAgentSummary>): z.infer<typeof WireAgentSummary> {
  return { ...a, tags: a.tags ?? [] };
}

function phoneNumberInfo(p: z.infer<typeof WirePhoneNumber>): PhoneNumberInfo {
  return {
    phoneNumberId: p.phone_number_id,
    phoneNumber: p.phone_number,
    label: p.label ?? null,
    provider: p.provider,
    assignedAgent: p.assigned_agent
      ? { agentId: p.assigned_agent.agent_id, agentName: p.assigned_agent.agent_name ?? null }
      : null,
  };
}
