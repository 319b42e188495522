/**
 * Public types of the ElevenLabs Agents Platform emulator.
 * Stored objects are kept in wire (snake_case) form.
 */
import type { Dialect } from "./openapi";

export type { Dialect };

/** The key an emulator accepts when no apiKeys are given. */
export const DEFAULT_API_KEY = "el-emulator-dev-key";

/** Options of startEmulator (and the command line). */
export interface EmulatorOptions {
  /** Port to listen on; default 0 = a free port. */
  port?: number;
  /** Host to listen on; default "127.0.0.1". */
  host?: string;
  /** Accepted keys; each key is its own isolated workspace. Default [DEFAULT_API_KEY]. */
  apiKeys?: string[];
  /** Keys that may only read (GET): any other method answers 403 insufficient_permissions. Each is its own workspace too. */
  readOnlyApiKeys?: string[];
  /** Requests per minute per API key (fixed one-minute window), default 100. */
  rateLimit?: number;
  /** Optional JSON persistence: loaded at start if present, written after every mutation (tmp + rename). */
  stateFile?: string;
  /** Lifetime of signed-URL tokens in seconds, default 900. */
  linkTtlSeconds?: number;
  /** Pacing of WebSocket audio chunks in milliseconds, default 20. */
  audioChunkIntervalMs?: number;
  /** Largest accepted knowledge-base file in bytes, default 20 MiB. */
  maxFileBytes?: number;
  /**
   * The dialect of a request on a route both dialects share when nothing marks it legacy (no legacy
   * body marker, no legacy object named by the path). Default "live"; "legacy" serves a legacy
   * client whose bodies carry no markers as the emulator did before it spoke the live dialect.
   */
  defaultDialect?: Dialect;
  /**
   * Accept and store request fields the description does not list (the service adds settings
   * before its description shows them). Default false: unknown fields answer 422 `extra_forbidden`.
   */
  acceptUnknownFields?: boolean;
  /**
   * How many reads of a RAG index it takes to be ready: each read (GET or POST of the document's
   * `rag-index`) moves a new index one step on (`created`, `processing`, ..., `succeeded`). Default 2.
   */
  ragIndexSteps?: number;
}

/** One entry of the request log (API routes only). */
export interface RecordedRequest {
  seq: number;
  method: string;
  /** Path without the base prefix and query, e.g. "/agents/abc". */
  path: string;
  /** Route table key, e.g. "GET /agents/{agent_id}", or "" when no route matched. */
  route: string;
  query: Record<string, string>;
  /** Status answered; 0 for a dropped (faulted) request. */
  status: number;
  /** Parsed JSON body (secrets redacted), for multipart {fields..., file: {name, size}}, or null. */
  body: unknown;
  /** Redacted form of the presented key (see redactApiKey), never the key itself. */
  apiKey?: string;
  requestId: string;
  /** Arrival time, epoch milliseconds. */
  time: number;
  /** The dialect the request was classified as (see the README: markers of the legacy body, else live). */
  dialect: Dialect;
  /** True when a `dropAfter` fault handled the request and then destroyed the socket (the answer was lost). */
  lost?: boolean;
}

/** The failure kinds a random fault mode picks from: an HTTP status, "drop" or "dropAfter". */
export type RandomFaultKind = number | "drop" | "dropAfter";

/** A fault switch: what to do to matching requests (see the README). */
export interface Fault {
  /** Route key as in the table, e.g. "POST /agents/create", or "*". */
  route: string;
  status?: number;
  body?: unknown;
  /** How many matching requests it affects; default 1; -1 = every matching request until cleared. */
  count?: number;
  latencyMs?: number;
  /** Destroy the socket without answering (the request is not handled). */
  drop?: boolean;
  /**
   * "Lost answer": handle the request normally (the store changes), then destroy the socket
   * without answering. The request log records the status the handler produced.
   */
  dropAfter?: boolean;
  /**
   * Random mode: each matching request fails with probability `rate` (0..1), with a kind drawn
   * from `kinds` (default [500, 502, 503, 429, "drop", "dropAfter"]), from a PRNG seeded by `seed`
   * (default 1): the same seed and the same request sequence give the same failures. `count`
   * then counts failures, default -1 (until cleared).
   */
  rate?: number;
  seed?: number;
  kinds?: RandomFaultKind[];
  /** Only requests made with this API key (its workspace). */
  apiKey?: string;
  /** Extra response headers for a status fault (a 429 fault gets Retry-After: 1 unless given). */
  headers?: Record<string, string>;
}

/** A JSON object. */
export type JsonObject = { [key: string]: unknown };

/** An agent's timestamps. */
export interface AgentMetadata {
  created_at_unix_secs: number;
  updated_at_unix_secs: number;
}

/** An agent as stored: only what clients sent (defaults are filled when rendering). */
export interface StoredAgent {
  agent_id: string;
  /** The dialect of the create request; GETs answer in its shape. Absent in old state files: legacy. */
  dialect?: Dialect;
  name: string;
  conversation_config: JsonObject;
  platform_settings?: JsonObject;
  /** Live: the workflow as last sent (a PATCH replaces it whole). */
  workflow?: JsonObject;
  tags?: string[];
  metadata: AgentMetadata;
  /** Live: branches and versions, once versioning is on (it cannot be turned off). */
  versioning?: AgentVersioning;
}

/**
 * A branch of a versioned agent. The main branch's configuration is the agent's own; every other
 * branch keeps its own copy (what `PATCH /agents/{id}?branch_id=` changes).
 */
export interface StoredBranch {
  id: string;
  name: string;
  description: string;
  /** The branch it was made from (null for the main branch). */
  parent_branch_id: string | null;
  /** The version it was made from (null for the main branch). */
  parent_version_id: string | null;
  is_archived: boolean;
  protection_status: "writer_perms_required" | "admin_perms_required";
  created_at: number;
  last_committed_at: number;
  /** The branch's newest version. */
  head_version_id: string;
  /** Not the main branch: its configuration, as stored for agents (sparse, defaults filled on read). */
  conversation_config?: JsonObject;
  platform_settings?: JsonObject;
  workflow?: JsonObject;
}

/** One committed version of a branch: a snapshot of the branch's configuration. */
export interface StoredVersion {
  id: string;
  branch_id: string;
  seq_no_in_branch: number;
  time_committed_secs: number;
  conversation_config: JsonObject;
  platform_settings?: JsonObject;
  workflow?: JsonObject;
}

/** An agent's versioning: its branches, their versions, and the traffic split (branch id -> %). */
export interface AgentVersioning {
  main_branch_id: string;
  branches: Record<string, StoredBranch>;
  versions: Record<string, StoredVersion>;
  traffic: Record<string, number>;
}

/**
 * A knowledge-base document. Legacy documents belong to an agent (`agent_id`) and die with it;
 * live documents belong to the workspace and are attached to agents by locator.
 */
export interface StoredDocument {
  id: string;
  /** The owning agent of a legacy per-agent document; absent for workspace (live) documents. */
  agent_id?: string;
  dialect?: Dialect;
  name: string;
  /** A live folder is an entry of the knowledge base too (`folder`): it holds documents and folders. */
  type: "url" | "file" | "text" | "folder";
  /** Live: the folder it is in (absent: the knowledge base's root). */
  parent_folder_id?: string;
  /** Live: its RAG indexes, one per embedding model. */
  rag_indexes?: StoredRagIndex[];
  url?: string;
  file_name?: string;
  content_sha256?: string;
  /** The text of a text document. */
  text?: string;
  metadata: { created_at_unix_secs: number; size_bytes: number; last_updated_at_unix_secs?: number };
}

/** SIP trunk credentials as stored: the username, the password only as a hash. */
export interface StoredSipCredentials {
  username: string;
  password_sha256: string | null;
}

/** A phone number as stored. Secrets are kept only as SHA-256 hashes. */
export interface StoredPhoneNumber {
  phone_number_id: string;
  /** The dialect of the import request; GETs answer in its shape. Absent in old state files: legacy. */
  dialect?: Dialect;
  phone_number: string;
  label: string;
  /** "twilio" (both dialects), "sip" (legacy) or "sip_trunk" (live). */
  provider: "twilio" | "sip" | "sip_trunk";
  assigned_agent_id: string | null;
  /** Live: the branch of the assigned agent that answers the number (absent: the traffic split decides). */
  assigned_branch_id?: string;
  /** Live: the environment whose variable values calls to the number use (absent: production). */
  assigned_environment?: string;
  twilio_config?: { account_sid: string; auth_token_sha256: string };
  sip_config?: {
    address: string;
    transport: "udp" | "tcp" | "tls";
    username: string | null;
    password_sha256: string | null;
  };
  /** Live SIP trunk: the inbound configuration as sent, credentials replaced by StoredSipCredentials. */
  inbound_trunk?: JsonObject;
  /** Live SIP trunk: the outbound configuration as sent, credentials replaced by StoredSipCredentials. */
  outbound_trunk?: JsonObject;
  /** Live create fields other than the above (supports_inbound, enable_sms, ...), as sent. */
  extra?: JsonObject;
  created_at_unix_secs: number;
}

/** A workspace tool: its `tool_config` as sent (defaults are filled when rendering). */
export interface StoredTool {
  id: string;
  tool_config: JsonObject;
  response_mocks?: unknown[];
  created_at_unix_secs: number;
}

/** A document's RAG index: it becomes ready after `steps` reads (see EmulatorOptions.ragIndexSteps). */
export interface StoredRagIndex {
  id: string;
  model: string;
  /** Reads so far; the index is `succeeded` once they reach `steps`. */
  reads: number;
  steps: number;
}

/** An MCP server: its configuration as sent (defaults filled when rendering). */
export interface StoredMcpServer {
  id: string;
  config: JsonObject;
  created_at_unix_secs: number;
}

/**
 * A WhatsApp account: connected in the dashboard (seeded in the emulator with the control route
 * `POST /_emulator/whatsapp-accounts`), then assigned to an agent through the API.
 */
export interface StoredWhatsAppAccount {
  phone_number_id: string;
  business_account_id: string;
  business_account_name: string;
  phone_number_name: string;
  phone_number: string;
  account_type?: "cloud_api" | "coexistence";
  assigned_agent_id: string | null;
  enable_messaging?: boolean;
  enable_audio_message_response?: boolean;
  enable_typing_indicator?: boolean;
}

/** What seeds a WhatsApp account (`POST /_emulator/whatsapp-accounts`, `WorkspaceView.seedWhatsAppAccount`). */
export type WhatsAppAccountSeed = Pick<StoredWhatsAppAccount, "phone_number_id" | "phone_number"> &
  Partial<Omit<StoredWhatsAppAccount, "phone_number_id" | "phone_number">>;

/** A workspace secret: never the value, only its SHA-256. */
export interface StoredSecret {
  secret_id: string;
  name: string;
  value_sha256: string;
  created_at_unix_secs: number;
}

/** An agent test (live `agent-testing`): its create body as sent (nulls dropped). */
export interface StoredAgentTest {
  id: string;
  /** `llm` (response), `tool` (tool call) or `simulation`. */
  type: string;
  /** The create (or last PUT) body, without `type`. */
  body: JsonObject;
  created_at_unix_secs: number;
  last_updated_at_unix_secs: number;
}

/** A folder of agent tests. */
export interface StoredTestFolder {
  id: string;
  name: string;
  parent_folder_id: string | null;
  created_at_unix_secs: number;
}

/** One test's run within an invocation, decided when the run starts and revealed over polls. */
export interface StoredTestRun {
  test_run_id: string;
  test_id: string;
  test_name: string;
  /** `llm` or `tool` (`simulation` runs fail: not emulated). */
  type: string;
  verdict: "passed" | "failed";
  /** Why, in one sentence (the run's condition rationale). */
  reason: string;
  /** The invocation's GET count at which this run stops being pending. */
  settles_at_poll: number;
}

/** A run of an agent's tests (`POST /agents/{id}/run-tests`). */
export interface StoredTestInvocation {
  id: string;
  agent_id: string;
  branch_id: string | null;
  version_id: string | null;
  created_at_unix_secs: number;
  /** How many times `GET /test-invocations/{id}` answered it. */
  polls: number;
  runs: StoredTestRun[];
}

/** A workspace environment variable: a value per environment (secrets by reference). */
export interface StoredEnvironmentVariable {
  id: string;
  label: string;
  type: "string" | "secret" | "auth_connection";
  /** Environment -> a string, `{secret_id}` or `{auth_connection_id}` by type. */
  values: JsonObject;
  created_at_unix_secs: number;
  updated_at_unix_secs: number;
}

/** One message of a conversation. */
export interface TranscriptEntry {
  role: "agent" | "user";
  message: string;
  time_in_call_secs: number;
}

/** The life of a conversation. */
export type ConversationStatus = "initiated" | "in-progress" | "done";

/** A conversation as stored. */
export interface StoredConversation {
  conversation_id: string;
  agent_id: string;
  status: ConversationStatus;
  start_time_unix_secs: number;
  call_duration_secs: number;
  transcript: TranscriptEntry[];
  analysis: { call_successful: "success" | "failure" | "unknown"; transcript_summary: string };
  source: "outbound_call" | "websocket";
  call_sid?: string;
  to_number?: string;
  phone_number_id?: string;
  conversation_initiation_client_data?: JsonObject;
}

/** The objects of one workspace, by id. */
export interface WorkspaceData {
  agents: Record<string, StoredAgent>;
  documents: Record<string, StoredDocument>;
  phoneNumbers: Record<string, StoredPhoneNumber>;
  conversations: Record<string, StoredConversation>;
  tools: Record<string, StoredTool>;
  secrets: Record<string, StoredSecret>;
  agentTests: Record<string, StoredAgentTest>;
  testFolders: Record<string, StoredTestFolder>;
  testInvocations: Record<string, StoredTestInvocation>;
  environmentVariables: Record<string, StoredEnvironmentVariable>;
  mcpServers: Record<string, StoredMcpServer>;
  whatsappAccounts: Record<string, StoredWhatsAppAccount>;
  /** The workspace's settings as PATCHed (`convai`: `PATCH /settings`); defaults filled when rendering. */
  settings: Record<string, JsonObject>;
}

/** The collections of a workspace, in the order counts and the state file list them. */
export const COLLECTIONS = [
  "agents",
  "documents",
  "phoneNumbers",
  "conversations",
  "tools",
  "secrets",
  "agentTests",
  "testFolders",
  "testInvocations",
  "environmentVariables",
  "mcpServers",
  "whatsappAccounts",
  "settings",
] as const;

/** Object counts of a workspace. */
export type WorkspaceCounts = Record<(typeof COLLECTIONS)[number], number>;

/** What WorkspaceView.patchAgent takes (PATCH's deep merge, no validation). */
export interface AgentPatch {
  name?: string;
  conversation_config?: JsonObject;
  platform_settings?: JsonObject;
  workflow?: JsonObject;
  tags?: string[] | null;
}

/**
 * Read/write access to one workspace. The maps (keyed by id) are the live store objects:
 * editing them is an out-of-band change, visible to the next request. Call save() afterwards if a
 * state file is in use; the helpers persist on their own. Lists order by id (ids sort in creation
 * order), newest first.
 */
export interface WorkspaceView extends WorkspaceData {
  /** The agent as GET /agents/{id} renders it (defaults filled), or undefined. */
  getAgent(agentId: string): JsonObject | undefined;
  /** Deep-merge like PATCH /agents/{id} (no validation), bump updated_at, persist; returns the rendered agent. */
  patchAgent(agentId: string, patch: AgentPatch): JsonObject;
  /** Delete like DELETE /agents/{id} (with the cascade); returns false when unknown. */
  deleteAgent(agentId: string): boolean;
  /** Numbers of stored objects. */
  counts(): WorkspaceCounts;
  /**
   * True when the workspace holds no agents, documents (folders included), phone numbers, tools,
   * secrets, agent tests, test folders, environment variables or MCP servers. Conversations and
   * test invocations are records, branches live and die with their agent, settings always exist,
   * and WhatsApp accounts are connected in the dashboard: none of them counts.
   */
  isEmpty(): boolean;
  /** Connects a WhatsApp account as the dashboard does (defaults for what `seed` leaves out); persists. */
  seedWhatsAppAccount(seed: WhatsAppAccountSeed): StoredWhatsAppAccount;
  /** Write the state file (no-op without one). */
  save(): void;
}

/** A running emulator (startEmulator). */
export interface Emulator {
  /** Base URL, e.g. "http://127.0.0.1:PORT/v1/convai". */
  url: string;
  port: number;
  /** The request log (API routes only, not control routes). */
  requests(): RecordedRequest[];
  clearRequests(): void;
  addFault(f: Fault): void;
  clearFaults(): void;
  /** Empties every workspace, the log, the faults, signed links and rate-limit windows. */
  reset(): void;
  workspace(apiKey?: string): WorkspaceView;
  /** Closes the server, WebSocket connections and timers. */
  close(): Promise<void>;
}
