/**
 * Every endpoint of the Agents Platform API this package calls, in both dialects: one table of
 * `"METHOD /path/{param}"` strings relative to the base URL (`.../v1/convai`), each with THE schema
 * of its answer. An endpoint names its route in each dialect that has it (`live`, `legacy`); the
 * client picks the route of its dialect and refuses an endpoint its dialect lacks. The HTTP client
 * parses every answer with its endpoint's schema, so the resources, the typed API, the commands and
 * the tests all read one shape per route.
 *
 * Answers are parsed in their wire form (snake_case) and loosely: what this package uses is
 * checked, fields the service adds later are kept.
 */
import { z } from "zod";
import type { Dialect } from "./http/settings";

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
  /** Live, once versioning is on: the version shown, its branch, and the agent's main branch. */
  version_id: z.string().nullish(),
  branch_id: z.string().nullish(),
  main_branch_id: z.string().nullish(),
});

export const WireLink = z.looseObject({
  agent_id: z.string().optional(),
  signed_url: z.string().regex(/^(wss?|https?):\/\/\S+$/i, "must be a ws:// or wss:// URL"),
  expires_at_unix_secs: z.number().nullish(),
});

/** An agent that uses a document or a tool (live). */
const WireDependent = z.looseObject({ id: z.string(), type: z.string().optional() });

/** A knowledge-base document. */
export const WireDocument = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  type: z.string().optional(),
  url: z.string().nullish(),
  /** A text document's text (live `GET /knowledge-base/{id}`). */
  extracted_inner_html: z.string().nullish(),
  /** The uploaded file's name: `filename` (live), `file_name` (legacy). */
  filename: z.string().nullish(),
  file_name: z.string().nullish(),
  /** The agents that use it (live list answers). */
  dependent_agents: z.array(WireDependent).nullish(),
  /** The folder it is in (live; null: the root). */
  folder_parent_id: z.string().nullish(),
  metadata: z
    .looseObject({ created_at_unix_secs: z.number().nullish(), size_bytes: z.number().nullish() })
    .nullish(),
});
export const WireDocumentPage = z.looseObject({ documents: z.array(WireDocument), ...Cursor });

export const WireCreatedPhoneNumber = z.looseObject({ phone_number_id: z.string().min(1) });

/** A SIP trunk as the live dialect reports it (never with the password). */
const WireSipTrunk = z.looseObject({
  address: z.string().nullish(),
  transport: z.string().nullish(),
  username: z.string().nullish(),
  has_auth_credentials: z.boolean().nullish(),
});

/**
 * A phone number: never with credentials. Legacy answers carry `twilio_config` / `sip_config`
 * (provider `sip`); live answers carry `outbound_trunk` / `inbound_trunk` (provider `sip_trunk`).
 */
export const WirePhoneNumber = z.looseObject({
  phone_number_id: z.string().min(1),
  phone_number: z.string(),
  label: z.string().nullish(),
  provider: z.string(),
  assigned_agent: z
    .looseObject({
      agent_id: z.string(),
      agent_name: z.string().nullish(),
      /** Live: the branch that answers the number, and the environment its calls use. */
      branch_id: z.string().nullish(),
      environment: z.string().nullish(),
    })
    .nullish(),
  twilio_config: z.looseObject({ account_sid: z.string().nullish() }).nullish(),
  sip_config: z
    .looseObject({
      address: z.string().nullish(),
      transport: z.string().nullish(),
      username: z.string().nullish(),
      has_credentials: z.boolean().nullish(),
    })
    .nullish(),
  outbound_trunk: WireSipTrunk.nullish(),
  inbound_trunk: WireSipTrunk.nullish(),
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

/** A workspace document just made (live): its id and name. */
export const WireCreatedDocument = z.looseObject({ id: z.string().min(1), name: z.string() });

/** A signed conversation URL (live `GET /conversation/get-signed-url`). */
export const WireSignedUrl = z.looseObject({
  signed_url: z.string().regex(/^(wss?|https?):\/\/\S+$/i, "must be a ws:// or wss:// URL"),
});

/** A tool (live): its id and its configuration, as the service stores it. */
export const WireTool = z.looseObject({
  id: z.string().min(1),
  tool_config: z.looseObject({ type: z.string(), name: z.string().nullish() }),
});
export const WireToolPage = z.looseObject({ tools: z.array(WireTool), ...Cursor });

/** A workspace secret: never with its value. */
export const WireSecret = z.looseObject({
  secret_id: z.string().min(1),
  name: z.string(),
  type: z.string().optional(),
  /** What uses it (list answers). */
  used_by: z
    .looseObject({ tools: z.array(z.unknown()).nullish(), agents: z.array(z.unknown()).nullish() })
    .nullish(),
});

/** The agents that use a tool (live). */
export const WireDependentAgents = z.looseObject({ agents: z.array(WireDependent), ...Cursor });
export const WireSecretPage = z.looseObject({
  secrets: z.array(WireSecret),
  next_cursor: z.string().nullish(),
});

/** An agent test just made (live): its id. */
export const WireCreatedAgentTest = z.looseObject({ id: z.string().min(1) });

/** An agent test (live): a response (`llm`), tool-call (`tool`) or simulation test, as stored. */
export const WireAgentTest = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  type: z.string(),
});
export const WireAgentTestPage = z.looseObject({
  tests: z.array(z.looseObject({ id: z.string().min(1), name: z.string(), type: z.string() })),
  ...Cursor,
});

/** One test's run in an invocation: pending, then passed or failed, with the judge's reason. */
export const WireTestRun = z.looseObject({
  test_run_id: z.string(),
  test_id: z.string(),
  test_name: z.string().nullish(),
  status: z.enum(["pending", "passed", "failed"]),
  condition_result: z
    .looseObject({
      result: z.string(),
      rationale: z
        .looseObject({ messages: z.array(z.string()).nullish(), summary: z.string().nullish() })
        .nullish(),
    })
    .nullish(),
});
/** A run of an agent's tests (`POST /agents/{id}/run-tests`, `GET /test-invocations/{id}`). */
export const WireTestInvocation = z.looseObject({
  id: z.string().min(1),
  agent_id: z.string().nullish(),
  branch_id: z.string().nullish(),
  version_id: z.string().nullish(),
  test_runs: z.array(WireTestRun),
});

/** A branch of a versioned agent (live). */
export const WireBranch = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  agent_id: z.string(),
  description: z.string(),
  is_archived: z.boolean(),
  protection_status: z.string().nullish(),
  current_live_percentage: z.number().nullish(),
  parent_branch_id: z.string().nullish(),
});
export const WireBranchList = z.looseObject({ results: z.array(WireBranch) });
export const WireCreatedBranch = z.looseObject({
  created_branch_id: z.string().min(1),
  created_version_id: z.string().min(1),
});

/** An agent's traffic split: branch id -> percentage. */
export const WireDeployment = z.looseObject({
  traffic_percentage_branch_id_map: z.record(z.string(), z.number()),
});

/** An environment variable (live): a value per environment; a secret one's values are `{secret_id}`. */
export const WireEnvironmentVariable = z.looseObject({
  id: z.string().min(1),
  label: z.string(),
  type: z.enum(["string", "secret", "auth_connection"]),
  values: z.record(z.string(), z.unknown()),
});
export const WireEnvironmentVariablePage = z.looseObject({
  environment_variables: z.array(WireEnvironmentVariable),
  ...Cursor,
});

/** An MCP server (live): its id, its configuration as the service keeps it, and the agents that use it. */
export const WireMcpServer = z.looseObject({
  id: z.string().min(1),
  config: z.looseObject({
    name: z.string(),
    url: z.unknown(),
    approval_policy: z.string().nullish(),
    tool_approval_hashes: z
      .array(
        z.looseObject({
          tool_name: z.string(),
          tool_hash: z.string(),
          approval_policy: z.string().nullish(),
        }),
      )
      .nullish(),
    tool_config_overrides: z.array(z.looseObject({ tool_name: z.string() })).nullish(),
  }),
  dependent_agents: z.array(z.looseObject({ id: z.string(), name: z.string().nullish() })).nullish(),
});
export const WireMcpServerList = z.looseObject({ mcp_servers: z.array(WireMcpServer) });

/** The workspace's Agents Platform settings (live), defaults filled. */
export const WireSettings = z.looseObject({
  conversation_initiation_client_data_webhook: z
    .looseObject({ url: z.string(), request_headers: z.record(z.string(), z.unknown()).nullish() })
    .nullish(),
  webhooks: z.record(z.string(), z.unknown()).nullish(),
});

/** A WhatsApp account connected in the dashboard (live). */
export const WireWhatsAppAccount = z.looseObject({
  phone_number_id: z.string().min(1),
  phone_number: z.string(),
  business_account_id: z.string(),
  business_account_name: z.string().nullish(),
  phone_number_name: z.string().nullish(),
  assigned_agent_id: z.string().nullish(),
  assigned_agent_name: z.string().nullish(),
  enable_messaging: z.boolean().nullish(),
  enable_audio_message_response: z.boolean().nullish(),
  enable_typing_indicator: z.boolean().nullish(),
});
export const WireWhatsAppAccountList = z.looseObject({ items: z.array(WireWhatsAppAccount) });

/** A document's RAG index for one embedding model (live). */
export const WireRagIndex = z.looseObject({
  id: z.string().min(1),
  model: z.string(),
  status: z.string(),
  progress_percentage: z.number(),
});
export const WireRagIndexList = z.looseObject({ indexes: z.array(WireRagIndex) });

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

/** The route of an endpoint in each dialect that has it. */
export type Routes = Partial<Record<Dialect, string>>;

/**
 * How a list endpoint pages: the answer's key that holds the items, and how it says more follow
 * (`has_more`, the usual; `cursor`: the answer has no `has_more`, another page follows while it
 * answers a `next_cursor`).
 */
export interface Listing {
  readonly items: string;
  readonly more: "has_more" | "cursor";
}

/** One endpoint: its route per dialect (`"METHOD /path/{param}"`), how it answers, how it pages. */
export interface Endpoint {
  readonly routes: Routes;
  readonly answer: Answer;
  readonly list?: Listing;
}

/** An endpoint with the same route in both dialects. */
const both = <R extends string, A extends Answer>(route: R, answer: A) =>
  ({ routes: { live: route, legacy: route }, answer }) as const;
/** An endpoint of the live dialect only. */
const live = <R extends string, A extends Answer>(route: R, answer: A) =>
  ({ routes: { live: route }, answer }) as const;
/** An endpoint of the legacy dialect only. */
const legacy = <R extends string, A extends Answer>(route: R, answer: A) =>
  ({ routes: { legacy: route }, answer }) as const;
/** A list endpoint: `endpoint` whose answer holds its items under `items` (see {@link Listing}). */
const paged = <E extends { routes: Routes; answer: Answer }, I extends string>(
  endpoint: E,
  items: I,
  more: Listing["more"] = "has_more",
) => ({ ...endpoint, list: { items, more } }) as const;

export const endpoints = {
  createAgent: both("POST /agents/create", WireCreatedAgent),
  getAgent: both("GET /agents/{agent_id}", WireAgent),
  updateAgent: both("PATCH /agents/{agent_id}", WireAgent),
  listAgents: paged(both("GET /agents", WireAgentPage), "agents"),
  deleteAgent: both("DELETE /agents/{agent_id}", "none"),

  /** Legacy: a document in one agent's knowledge base. */
  createKnowledgeDocument: legacy("POST /agents/{agent_id}/knowledge-base", WireDocument),
  listKnowledgeDocuments: paged(
    legacy("GET /agents/{agent_id}/knowledge-base", WireDocumentPage),
    "documents",
  ),
  deleteKnowledgeDocument: legacy("DELETE /agents/{agent_id}/knowledge-base/{document_id}", "none"),

  /** Live: workspace documents, attached to agents by `conversation_config.agent.prompt.knowledge_base`. */
  createUrlDocument: live("POST /knowledge-base/url", WireCreatedDocument),
  createFileDocument: live("POST /knowledge-base/file", WireCreatedDocument),
  createTextDocument: live("POST /knowledge-base/text", WireCreatedDocument),
  getDocument: live("GET /knowledge-base/{documentation_id}", WireDocument),
  updateDocument: live("PATCH /knowledge-base/{documentation_id}", WireDocument),
  deleteDocument: live("DELETE /knowledge-base/{documentation_id}", "none"),
  listDocuments: paged(live("GET /knowledge-base", WireDocumentPage), "documents"),
  /** Live: folders are knowledge-base entries (type `folder`): read, renamed and deleted as documents. */
  createFolder: live("POST /knowledge-base/folder", WireCreatedDocument),
  moveDocument: live("POST /knowledge-base/{document_id}/move", "none"),
  computeRagIndex: live("POST /knowledge-base/{documentation_id}/rag-index", WireRagIndex),
  listRagIndexes: live("GET /knowledge-base/{documentation_id}/rag-index", WireRagIndexList),
  deleteRagIndex: live("DELETE /knowledge-base/{documentation_id}/rag-index/{rag_index_id}", WireRagIndex),

  listPhoneNumbers: both("GET /phone-numbers", z.array(WirePhoneNumber)),
  getPhoneNumber: both("GET /phone-numbers/{phone_number_id}", WirePhoneNumber),
  createPhoneNumber: both("POST /phone-numbers", WireCreatedPhoneNumber),
  updatePhoneNumber: both("PATCH /phone-numbers/{phone_number_id}", WirePhoneNumber),
  deletePhoneNumber: both("DELETE /phone-numbers/{phone_number_id}", "none"),

  createTool: live("POST /tools", WireTool),
  getTool: live("GET /tools/{tool_id}", WireTool),
  updateTool: live("PATCH /tools/{tool_id}", WireTool),
  deleteTool: live("DELETE /tools/{tool_id}", "none"),
  listTools: paged(live("GET /tools", WireToolPage), "tools"),
  listToolDependentAgents: paged(
    live("GET /tools/{tool_id}/dependent-agents", WireDependentAgents),
    "agents",
  ),

  createSecret: live("POST /secrets", WireSecret),
  getSecret: live("GET /secrets/{secret_id}", WireSecret),
  updateSecret: live("PATCH /secrets/{secret_id}", WireSecret),
  deleteSecret: live("DELETE /secrets/{secret_id}", "none"),
  listSecrets: paged(live("GET /secrets", WireSecretPage), "secrets", "cursor"),

  /** Live: agent tests, and runs of an agent's tests. */
  createAgentTest: live("POST /agent-testing/create", WireCreatedAgentTest),
  getAgentTest: live("GET /agent-testing/{test_id}", WireAgentTest),
  updateAgentTest: live("PUT /agent-testing/{test_id}", WireAgentTest),
  deleteAgentTest: live("DELETE /agent-testing/{test_id}", "none"),
  listAgentTests: paged(live("GET /agent-testing", WireAgentTestPage), "tests"),
  runAgentTests: live("POST /agents/{agent_id}/run-tests", WireTestInvocation),
  getTestInvocation: live("GET /test-invocations/{test_invocation_id}", WireTestInvocation),

  /** Live: branches of a versioned agent (a branch's configuration: `updateAgent` with `branch_id`). */
  createBranch: live("POST /agents/{agent_id}/branches", WireCreatedBranch),
  getBranch: live("GET /agents/{agent_id}/branches/{branch_id}", WireBranch),
  updateBranch: live("PATCH /agents/{agent_id}/branches/{branch_id}", WireBranch),
  listBranches: live("GET /agents/{agent_id}/branches", WireBranchList),
  createDeployment: live("POST /agents/{agent_id}/deployments", WireDeployment),

  /** Live: environment variables (the API has no DELETE). */
  createEnvironmentVariable: live("POST /environment-variables", WireEnvironmentVariable),
  getEnvironmentVariable: live("GET /environment-variables/{env_var_id}", WireEnvironmentVariable),
  updateEnvironmentVariable: live("PATCH /environment-variables/{env_var_id}", WireEnvironmentVariable),
  listEnvironmentVariables: paged(
    live("GET /environment-variables", WireEnvironmentVariablePage),
    "environment_variables",
  ),

  createMcpServer: live("POST /mcp-servers", WireMcpServer),
  getMcpServer: live("GET /mcp-servers/{mcp_server_id}", WireMcpServer),
  updateMcpServer: live("PATCH /mcp-servers/{mcp_server_id}", WireMcpServer),
  deleteMcpServer: live("DELETE /mcp-servers/{mcp_server_id}", "none"),
  /** Every MCP server at once (the API pages nothing here). */
  listMcpServers: live("GET /mcp-servers", WireMcpServerList),
  updateMcpApprovalPolicy: live("PATCH /mcp-servers/{mcp_server_id}/approval-policy", WireMcpServer),
  addMcpToolApproval: live("POST /mcp-servers/{mcp_server_id}/tool-approvals", WireMcpServer),
  removeMcpToolApproval: live(
    "DELETE /mcp-servers/{mcp_server_id}/tool-approvals/{tool_name}",
    WireMcpServer,
  ),
  addMcpToolConfig: live("POST /mcp-servers/{mcp_server_id}/tool-configs", WireMcpServer),
  updateMcpToolConfig: live("PATCH /mcp-servers/{mcp_server_id}/tool-configs/{tool_name}", WireMcpServer),
  removeMcpToolConfig: live("DELETE /mcp-servers/{mcp_server_id}/tool-configs/{tool_name}", WireMcpServer),

  getSettings: live("GET /settings", WireSettings),
  updateSettings: live("PATCH /settings", WireSettings),

  /** WhatsApp accounts are connected in the dashboard; the API reads and assigns them. */
  listWhatsAppAccounts: live("GET /whatsapp-accounts", WireWhatsAppAccountList),
  getWhatsAppAccount: live("GET /whatsapp-accounts/{phone_number_id}", WireWhatsAppAccount),
  updateWhatsAppAccount: live("PATCH /whatsapp-accounts/{phone_number_id}", WireWhatsAppAccount),

  listConversations: paged(both("GET /conversations", WireConversationPage), "conversations"),
  getConversation: both("GET /conversations/{conversation_id}", WireConversation),
  getConversationAudio: both("GET /conversations/{conversation_id}/audio", "bytes"),

  /** Legacy: a signed URL from the agent's link. Live: `getSignedUrl`. */
  getAgentLink: legacy("GET /agents/{agent_id}/link", WireLink),
  getSignedUrl: live("GET /conversation/get-signed-url", WireSignedUrl),

  twilioOutboundCall: {
    routes: { live: "POST /twilio/outbound-call", legacy: "POST /twilio/outbound_call" },
    answer: WireOutboundCall,
  },
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof endpoints;

/** Endpoints whose answer is JSON (or nothing), called with `ElevenLabsClient.call`. */
export type JsonEndpointName = {
  [N in EndpointName]: (typeof endpoints)[N]["answer"] extends "bytes" ? never : N;
}[EndpointName];

/** List endpoints (see {@link Listing}), read page by page with `listed` (`client/paging.ts`). */
export type ListEndpointName = {
  [N in EndpointName]: (typeof endpoints)[N] extends { list: Listing } ? N : never;
}[EndpointName];

/** One item of a list endpoint's answer. */
export type ItemOf<N extends ListEndpointName> = (typeof endpoints)[N] extends {
  answer: infer A extends z.ZodType;
  list: { items: infer K extends string };
}
  ? z.output<A> extends Record<K, readonly (infer T)[]>
    ? T
    : never
  : never;

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

/** Every route string of an endpoint (both dialects). */
type RoutesOf<N extends EndpointName> = Extract<
  (typeof endpoints)[N]["routes"][keyof (typeof endpoints)[N]["routes"]],
  string
>;

/** The path parameters an endpoint needs. */
export type ParamsOf<N extends EndpointName> = [RouteParams<RoutesOf<N>>] extends [never]
  ? Record<string, never>
  : Record<RouteParams<RoutesOf<N>>, string>;

/** The route of endpoint `name` in `dialect`, or `undefined` when that dialect lacks it. */
export function routeOf(name: EndpointName, dialect: Dialect): string | undefined {
  return (endpoints[name].routes as Routes)[dialect];
}

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
