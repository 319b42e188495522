/**
 * State: one workspace per API key, keyed by a SHA-256 of the key (the state file never holds a
 * key). Optional JSON persistence, written atomically (tmp + rename) after every mutation.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { mergePatch } from "./defaults";
import { type AgentPatch, COLLECTIONS, type JsonObject, type StoredAgent, type WorkspaceData } from "./types";
import { deepClone, isPlainObject, nowSecs, sha256Hex } from "./util";

const STATE_VERSION = 1;

/** A workspace with no objects. */
export function emptyWorkspace(): WorkspaceData {
  return {
    agents: {},
    documents: {},
    phoneNumbers: {},
    conversations: {},
    tools: {},
    secrets: {},
    agentTests: {},
    testFolders: {},
    testInvocations: {},
    environmentVariables: {},
    mcpServers: {},
    whatsappAccounts: {},
    settings: {},
  };
}

/** The id of an API key's workspace: a SHA-256 of the key (the state file never holds a key). */
export function workspaceId(apiKey: string): string {
  return sha256Hex(`elevenlabs-emulator:${apiKey}`);
}

interface StateFile {
  version: number;
  workspaces: Record<string, WorkspaceData>;
}

/** Every workspace, with optional persistence to a state file. */
export class Store {
  private workspaces = new Map<string, WorkspaceData>();

  constructor(private readonly stateFile?: string) {
    if (stateFile && existsSync(stateFile)) this.load(stateFile);
  }

  private load(file: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      throw new Error(`elevenlabs-emulator: cannot read state file ${file}: ${(e as Error).message}`);
    }
    if (!isPlainObject(parsed) || parsed.version !== STATE_VERSION || !isPlainObject(parsed.workspaces)) {
      throw new Error(
        `elevenlabs-emulator: ${file} is not an emulator state file (version ${STATE_VERSION})`,
      );
    }
    for (const [id, ws] of Object.entries(parsed.workspaces)) {
      if (!isPlainObject(ws)) continue;
      const w = emptyWorkspace();
      for (const key of COLLECTIONS) {
        if (isPlainObject(ws[key])) Object.assign(w[key], ws[key]);
      }
      this.workspaces.set(id, w);
    }
  }

  /** Persist now (no-op without a state file). */
  save(): void {
    if (!this.stateFile) return;
    const state: StateFile = { version: STATE_VERSION, workspaces: Object.fromEntries(this.workspaces) };
    mkdirSync(dirname(this.stateFile), { recursive: true });
    const tmp = `${this.stateFile}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.stateFile);
  }

  /** The workspace of an API key, created on first use. */
  workspace(apiKey: string): WorkspaceData {
    const id = workspaceId(apiKey);
    let ws = this.workspaces.get(id);
    if (!ws) {
      ws = emptyWorkspace();
      this.workspaces.set(id, ws);
    }
    return ws;
  }

  /** Every workspace with its id (for WebSocket connections that name only an agent). */
  all(): [string, WorkspaceData][] {
    return [...this.workspaces.entries()];
  }

  byId(id: string): WorkspaceData | undefined {
    return this.workspaces.get(id);
  }

  /** Empty every workspace in place (views handed out earlier stay valid). */
  reset(): void {
    for (const ws of this.workspaces.values()) {
      for (const key of COLLECTIONS) {
        for (const id of Object.keys(ws[key])) delete ws[key][id];
      }
    }
    this.save();
  }
}

/**
 * Deep-merge a patch into a stored agent and bump updated_at. `patch` values of null remove; the
 * workflow is replaced whole.
 */
export function applyAgentPatch(agent: StoredAgent, patch: AgentPatch | JsonObject): void {
  const p = patch as JsonObject;
  if (typeof p.name === "string") agent.name = p.name;
  if (p.conversation_config === null) agent.conversation_config = {};
  else if (isPlainObject(p.conversation_config)) mergePatch(agent.conversation_config, p.conversation_config);
  if (p.platform_settings === null) delete agent.platform_settings;
  else if (isPlainObject(p.platform_settings)) {
    const ps = agent.platform_settings ?? {};
    mergePatch(ps, p.platform_settings);
    agent.platform_settings = ps;
  }
  // The service takes the workflow whole: what is sent replaces it (omitted nodes are deleted).
  if (isPlainObject(p.workflow)) agent.workflow = deepClone(p.workflow);
  if (p.tags === null) delete agent.tags;
  else if (Array.isArray(p.tags)) agent.tags = p.tags.filter((t): t is string => typeof t === "string");
  agent.metadata.updated_at_unix_secs = Math.max(nowSecs(), agent.metadata.created_at_unix_secs);
}

/**
 * Delete an agent with its cascade: its legacy per-agent knowledge-base documents are deleted
 * (workspace documents survive), its phone numbers and WhatsApp accounts unassigned (they
 * survive), its conversations and test invocations kept (they still name the agent id); its
 * branches go with it.
 */
export function deleteAgentCascade(ws: WorkspaceData, agentId: string): boolean {
  if (!ws.agents[agentId]) return false;
  delete ws.agents[agentId];
  for (const [id, doc] of Object.entries(ws.documents)) if (doc.agent_id === agentId) delete ws.documents[id];
  for (const num of Object.values(ws.phoneNumbers)) {
    if (num.assigned_agent_id !== agentId) continue;
    num.assigned_agent_id = null;
    delete num.assigned_branch_id;
    delete num.assigned_environment;
  }
  for (const account of Object.values(ws.whatsappAccounts))
    if (account.assigned_agent_id === agentId) account.assigned_agent_id = null;
  return true;
}
