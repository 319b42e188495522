/**
 * Every endpoint of the Agents Platform API this package calls: one table of
 * `"METHOD /path/{param}"` strings relative to the base URL (`.../v1/convai`), each with THE schema
 * of its answer. The HTTP client parses every answer with its route's schema, so the resources,
 * the typed API, the commands and the tests all read one shape per route.
 *
 * Answers are parsed in their wire form (snake_case) and loosely: what this package uses is
 * checked, fields the service adds later are kept.
 */
import { z } from "zod";

// ---------------------------------------------------------------------------------------------
// Answer schemas (wire form)
// ---------------------------------------------------------------------------------------------

/** The paging fields of every list answer. */
const Cursor = { next_cursor: z.string().nullish(), has_more: z.boolean() };

export const WireCreatedAgent = z.looseObject({ agent_id: z.string().min(1) });

export const WireAgentSummary = z.looseObject({
  agent_id: z.string().min(1),
  name: z.string(),
  tags: z.array(z.string()).nullish(),
  created_at_unix_secs: z.number(),
});
export const WireAgentPage = z.looseObject({ agents: z.array(WireAgentSummary), ...Cursor });

/** An agent as `GET /agents/{agent_id}` (and the PATCH answer) gives it: the whole tree, defaults filled. */
export const WireAgent = z.looseObject({
  agent_id: z.string().min(1),
  name: z.string(),
  conversation_config: z.looseObject({
    agent: z.looseObject({ first_message: z.string().nullish(), language: z.string().nullish() }).nullish(),
  }),
  platform_settings: z.record(z.string(), z.unknown()).nullish(),
  tags: z.array(z.string()).nullish(),
  metadata: z
    .looseObject({ created_at_unix_secs: z.number().optional(), updated_at_unix_secs: z.number().optional() })
    .nullish(),
});

export const WireLink = z.looseObject({
  agent_id: z.string().optional(),
  signed_url: z.string().regex(/^(wss?|https?):\/\/\S+$/i, "must be a ws:// or wss:// URL"),
  expires_at_unix_secs: z.number().nullish(),
});

/** A knowledge-base document. */
export const WireDocument = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  type: z.string().optional(),
  url: z.string().nullish(),
  file_name: z.string().nullish(),
  metadata: z
    .looseObject({ created_at_unix_secs: z.number().nullish(), size_bytes: z.number().nullish() })
    .nullish(),
});
export const WireDocumentPage = z.looseObject({ documents: z.array(WireDocument), ...Cursor });

export const WireCreatedPhoneNumber = z.looseObject({ phone_number_id: z.string().min(1) });

/** A phone number: never with credentials. */
export const WirePhoneNumber = z.looseObject({
  phone_number_id: z.string().min(1),
  phone_number: z.string(),
  label: z.string().nullish(),
  provider: z.string(),
  assigned_agent: z.looseObject({ agent_id: z.string(), agent_name: z.string().nullish() }).nullish(),
  twilio_config: z.looseObject({ account_sid: z.string().nullish() }).nullish(),
  sip_config: z
    .looseObject({
      address: z.string().nullish(),
      transport: z.string().nullish(),
      username: z.string().nullish(),
      has_credentials: z.boolean().nullish(),
    })
    .nullish(),
});

export const WireConversationSummary = z.looseObject({
  agent_id: z.string(),
  conversation_id: z.string().min(1),
  start_time_unix_secs: z.number(),
  call_duration_secs: z.number(),
  message_count: z.number(),
  status: z.string(),
  call_successful: z.string().nullish(),
});
export const WireConversationPage = z.looseObject({
  conversations: z.array(WireConversationSummary),
  ...Cursor,
});

export const WireConversation = z.looseObject({
  agent_id: z.string(),
  conversation_id: z.string().min(1),
  status: z.string(),
  transcript: z.array(
    z.looseObject({ role: z.string(), message: z.string().nullish(), time_in_call_secs: z.number() }),
  ),
  metadata: z.looseObject({ start_time_unix_secs: z.number(), call_duration_secs: z.number() }),
  analysis: z
    .looseObject({ call_successful: z.string().nullish(), transcript_summary: z.string().nullish() })
    .nullish(),
  conversation_initiation_client_data: z.record(z.string(), z.unknown()).nullish(),
});

export const WireOutboundCall = z.looseObject({
  success: z.boolean(),
  message: z.string(),
  conversation_id: z.string().nullish(),
  callSid: z.string().nullish(),
});

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------

/** How an endpoint answers: a JSON body parsed with a schema, nothing worth reading, or raw bytes. */
export type Answer = z.ZodType | "none" | "bytes";

/** One endpoint: its route (`"METHOD /path/{param}"`) and how it answers. */
export interface Endpoint {
  readonly route: string;
  readonly answer: Answer;
}

const endpoint = <R extends string, A extends Answer>(route: R, answer: A) => ({ route, answer }) as const;

export const endpoints = {
  createAgent: endpoint("POST /agents/create", WireCreatedAgent),
  getAgent: endpoint("GET /agents/{agent_id}", WireAgent),
  updateAgent: endpoint("PATCH /agents/{agent_id}", WireAgent),
  listAgents: endpoint("GET /agents", WireAgentPage),
  deleteAgent: endpoint("DELETE /agents/{agent_id}", "none"),
  getAgentLink: endpoint("GET /agents/{agent_id}/link", WireLink),

  createKnowledgeDocument: endpoint("POST /agents/{agent_id}/knowledge-base", WireDocument),
  listKnowledgeDocuments: endpoint("GET /agents/{agent_id}/knowledge-base", WireDocumentPage),
  deleteKnowledgeDocument: endpoint("DELETE /agents/{agent_id}/knowledge-base/{document_id}", "none"),

  listPhoneNumbers: endpoint("GET /phone-numbers", z.array(WirePhoneNumber)),
  getPhoneNumber: endpoint("GET /phone-numbers/{phone_number_id}", WirePhoneNumber),
  createPhoneNumber: endpoint("POST /phone-numbers", WireCreatedPhoneNumber),
  updatePhoneNumber: endpoint("PATCH /phone-numbers/{phone_number_id}", WirePhoneNumber),
  deletePhoneNumber: endpoint("DELETE /phone-numbers/{phone_number_id}", "none"),

  listConversations: endpoint("GET /conversations", WireConversationPage),
  getConversation: endpoint("GET /conversations/{conversation_id}", WireConversation),
  getConversationAudio: endpoint("GET /conversations/{conversation_id}/audio", "bytes"),

  twilioOutboundCall: endpoint("POST /twilio/outbound_call", WireOutboundCall),
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof endpoints;

/** Endpoints whose answer is JSON (or nothing), called with `ElevenLabsClient.call`. */
export type JsonEndpointName = {
  [N in EndpointName]: (typeof endpoints)[N]["answer"] extends "bytes" ? never : N;
}[EndpointName];

/** Endpoints whose answer is raw bytes, called with `ElevenLabsClient.bytes`. */
export type BytesEndpointName = Exclude<EndpointName, JsonEndpointName>;

/** What `call(name)` resolves to: the parsed answer, or `undefined` for routes without a body. */
export type AnswerOf<N extends EndpointName> = (typeof endpoints)[N]["answer"] extends z.ZodType
  ? z.output<(typeof endpoints)[N]["answer"]>
  : undefined;

/** Path parameter names of a route string, e.g. `"agent_id" | "document_id"`. */
export type RouteParams<R extends string> = R extends `${string}{${infer P}}${infer Rest}`
  ? P | RouteParams<Rest>
  : never;

/** The path parameters an endpoint needs. */
export type ParamsOf<N extends EndpointName> = [RouteParams<(typeof endpoints)[N]["route"]>] extends [never]
  ? Record<string, never>
  : Record<RouteParams<(typeof endpoints)[N]["route"]>, string>;

/** Splits a route into method and path template. */
export function parseRoute(route: string): { method: string; template: string } {
  const space = route.indexOf(" ");
  return { method: route.slice(0, space), template: route.slice(space + 1) };
}

/** Fills `{param}` placeholders, URL-encoding each value; a missing or empty value is an error. */
export function expandPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{([a-z_]+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined || v === "") throw new Error(`missing path parameter '${name}' for ${template}`);
    return encodeURIComponent(v);
  });
}
