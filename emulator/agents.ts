/**
 * Agents: create, get, patch (deep merge), list, delete (links and signed URLs: conversations.ts).
 * Live agents may have versioning and branches (branches.ts): a GET or PATCH naming `branch_id`
 * reads or changes that branch's configuration, and every PATCH of a versioned agent commits a
 * version.
 */
import {
  asBranch,
  branchOr404,
  commit,
  configOf,
  enableVersioning,
  storeConfig,
  versionFields,
} from "./branches";
import { type Ctx, type Family, objectBody, type Reply } from "./context";
import { ACCESS_INFO, agentDialect, agentVoiceId, createdFrom, renderAgent, renderObject } from "./defaults";
import { ApiError, agentNotFound, ValidationError, type ValidationIssue } from "./errors";
import { newestFirst, paginate } from "./paging";
import { agentPhoneNumbers } from "./phones";
import { applyAgentPatch, deleteAgentCascade } from "./store";
import type { JsonObject, StoredAgent, WorkspaceData } from "./types";
import { deepClone, isPlainObject, newId, nowSecs } from "./util";
import { validateMerged } from "./validate";

/** The stored agent a path names, or 404 agent_not_found. */
export function getAgentOr404(ctx: Ctx, id = ctx.params.agent_id ?? ""): StoredAgent {
  const a = ctx.ws.agents[id];
  if (!a) throw agentNotFound(id);
  return a;
}

/**
 * The agent as GET /agents/{id} answers it, in the dialect it was created through; with a branch,
 * that branch's configuration (live, versioned agents).
 */
export function agentView(agent: StoredAgent, ws: WorkspaceData, branchId?: string): JsonObject {
  if (agentDialect(agent) !== "live") return renderAgent(agent, agentPhoneNumbers(agent, ws));
  const branch = branchId === undefined ? undefined : branchOr404(agent, branchId);
  const shown = branch ? asBranch(agent, branch) : agent;
  return renderAgent(shown, agentPhoneNumbers(agent, ws), versionFields(agent, branch));
}

/**
 * Live only: an agent's references must exist in its workspace. Every knowledge-base locator
 * (`conversation_config.agent.prompt.knowledge_base[i]`) must name a document of that type, every
 * `tool_ids[i]` a tool, every `mcp_server_ids[i]` and `native_mcp_server_ids[i]` an MCP server.
 * Otherwise 422 with the locator's loc, type `value_error`.
 */
function checkReferences(ctx: Ctx, body: Record<string, unknown>): void {
  if (ctx.dialect !== "live") return;
  const cc = body.conversation_config;
  const agent = isPlainObject(cc) ? cc.agent : undefined;
  const prompt = isPlainObject(agent) ? agent.prompt : undefined;
  checkAttachedTests(ctx, body);
  if (!isPlainObject(prompt)) return;
  const at = ["body", "conversation_config", "agent", "prompt"];
  const issues: ValidationIssue[] = [];
  const kb = Array.isArray(prompt.knowledge_base) ? prompt.knowledge_base : [];
  kb.forEach((loc, i) => {
    if (!isPlainObject(loc) || typeof loc.id !== "string") return;
    const doc = ctx.ws.documents[loc.id];
    if (!doc) {
      issues.push({
        loc: [...at, "knowledge_base", i, "id"],
        msg: `Knowledge base document ${loc.id} not found`,
        type: "value_error",
      });
    } else if (loc.type !== doc.type) {
      issues.push({
        loc: [...at, "knowledge_base", i, "type"],
        msg: `Document ${loc.id} is of type '${doc.type}'`,
        type: "value_error",
      });
    }
  });
  const toolIds = Array.isArray(prompt.tool_ids) ? prompt.tool_ids : [];
  toolIds.forEach((id, i) => {
    if (typeof id === "string" && !ctx.ws.tools[id]) {
      issues.push({ loc: [...at, "tool_ids", i], msg: `Tool ${id} not found`, type: "value_error" });
    }
  });
  for (const key of ["mcp_server_ids", "native_mcp_server_ids"]) {
    const ids = Array.isArray(prompt[key]) ? (prompt[key] as unknown[]) : [];
    ids.forEach((id, i) => {
      if (typeof id === "string" && !ctx.ws.mcpServers[id])
        issues.push({ loc: [...at, key, i], msg: `MCP server ${id} not found`, type: "value_error" });
    });
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

/** Live only: every attached test (`platform_settings.testing.attached_tests[i].test_id`) must exist. */
function checkAttachedTests(ctx: Ctx, body: Record<string, unknown>): void {
  if (ctx.dialect !== "live") return;
  const ps = body.platform_settings;
  const testing = isPlainObject(ps) ? ps.testing : undefined;
  const attached =
    isPlainObject(testing) && Array.isArray(testing.attached_tests) ? testing.attached_tests : [];
  const issues: ValidationIssue[] = [];
  attached.forEach((t, i) => {
    if (isPlainObject(t) && typeof t.test_id === "string" && !ctx.ws.agentTests[t.test_id])
      issues.push({
        loc: ["body", "platform_settings", "testing", "attached_tests", i, "test_id"],
        msg: `Test ${t.test_id} not found`,
        type: "value_error",
      });
  });
  if (issues.length > 0) throw new ValidationError(issues);
}

/** POST /agents/create: answers `{agent_id}`; the agent remembers the dialect it was created through. */
export function createAgent(ctx: Ctx): Reply {
  const body = objectBody(ctx);
  checkReferences(ctx, body);
  const now = nowSecs();
  const agent: StoredAgent = {
    agent_id: newId("agent_"),
    dialect: ctx.dialect,
    name: typeof body.name === "string" ? body.name : "",
    conversation_config: isPlainObject(body.conversation_config) ? createdFrom(body.conversation_config) : {},
    metadata: { created_at_unix_secs: now, updated_at_unix_secs: now },
  };
  if (isPlainObject(body.platform_settings)) agent.platform_settings = createdFrom(body.platform_settings);
  if (isPlainObject(body.workflow)) agent.workflow = deepClone(body.workflow);
  if (Array.isArray(body.tags)) agent.tags = body.tags.filter((t): t is string => typeof t === "string");
  if (ctx.dialect === "live" && ctx.query.get("enable_versioning") === "true") enableVersioning(agent);
  ctx.ws.agents[agent.agent_id] = agent;
  return { status: 200, json: { agent_id: agent.agent_id } };
}

/** GET /agents/{agent_id}[?branch_id=]. */
export function getAgent(ctx: Ctx): Reply {
  const branchId = ctx.query.get("branch_id") ?? undefined;
  return { status: 200, json: agentView(getAgentOr404(ctx), ctx.ws, branchId) };
}

/**
 * PATCH /agents/{agent_id}: deep merge (null removes), answers the whole agent. The configuration
 * parts the description types as partials are validated once merged (see `validateMerged`).
 */
export function patchAgent(ctx: Ctx): Reply {
  const body = objectBody(ctx);
  const agent = getAgentOr404(ctx);
  checkReferences(ctx, body);
  const live = ctx.dialect === "live";
  const versioned = deepClone(agent);
  if (live && ctx.query.get("enable_versioning_if_not_enabled") === "true") enableVersioning(versioned);
  const branchId = live ? (ctx.query.get("branch_id") ?? undefined) : undefined;
  const branch = branchId === undefined ? undefined : branchOr404(versioned, branchId);
  const onMain = branch === undefined || branch.id === versioned.versioning?.main_branch_id;
  if (branch?.is_archived)
    throw new ApiError(409, "branch_archived", `Branch ${branch.id} is archived; it cannot change`);
  // The configuration the patch applies to: the agent's own, or the branch's.
  const merged = onMain || !branch ? versioned : asBranch(versioned, branch);
  applyAgentPatch(merged, body);
  const parts: Record<string, unknown> = {};
  for (const k of ["conversation_config", "platform_settings"] as const)
    if (isPlainObject(body[k])) parts[k] = merged[k] ?? {};
  const issues = validateMerged("PATCH /agents/{agent_id}", parts, ctx.dialect, ctx.env.options);
  if (issues.length > 0) throw new ValidationError(issues);
  // Valid: the merged copy becomes the agent, or the branch (the patch is applied once).
  let result = merged;
  if (!onMain && branch) {
    storeConfig(branch, configOf(merged));
    versioned.name = merged.name;
    if (merged.tags) versioned.tags = merged.tags;
    else delete versioned.tags;
    versioned.metadata = merged.metadata;
    result = versioned;
  }
  if (result.versioning) commit(result, branch?.id ?? result.versioning.main_branch_id);
  ctx.ws.agents[result.agent_id] = result;
  return { status: 200, json: agentView(result, ctx.ws, branch?.id) };
}

/** DELETE /agents/{agent_id}: the cascade, and its links stop working. */
export function deleteAgent(ctx: Ctx): Reply {
  const id = ctx.params.agent_id ?? "";
  if (!deleteAgentCascade(ctx.ws, id)) throw agentNotFound(id);
  for (const [token, link] of ctx.env.links) if (link.agentId === id) ctx.env.links.delete(token);
  return { status: 204 };
}

/** A list item of GET /agents in the agent's dialect. */
function agentSummary(a: StoredAgent): JsonObject {
  const common = {
    agent_id: a.agent_id,
    name: a.name,
    tags: [...(a.tags ?? [])],
    created_at_unix_secs: a.metadata.created_at_unix_secs,
    access_info: { ...ACCESS_INFO },
  };
  if (agentDialect(a) === "legacy") return common;
  return renderObject("live", "AgentSummaryResponseModel", { ...common, voice_id: agentVoiceId(a) });
}

/** Newest first. `search`: case-insensitive substring of the name; `tags`: comma-separated or repeated, all must be present. */
export function listAgents(ctx: Ctx): Reply {
  const search = (ctx.query.get("search") ?? "").toLowerCase();
  const wanted = ctx.query
    .getAll("tags")
    .flatMap((t) => t.split(","))
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  const agents = newestFirst(Object.values(ctx.ws.agents), (a) => a.agent_id)
    .filter((a) => a.name.toLowerCase().includes(search))
    .filter((a) => wanted.every((t) => (a.tags ?? []).includes(t)));
  const page = paginate(agents, (a) => a.agent_id, ctx.query);
  return {
    status: 200,
    json: { agents: page.items.map(agentSummary), next_cursor: page.next_cursor, has_more: page.has_more },
  };
}

/** The agent routes (both dialects). */
export const AGENTS: Family = {
  routes: {
    "POST /agents/create": createAgent,
    "GET /agents": listAgents,
    "GET /agents/{agent_id}": getAgent,
    "PATCH /agents/{agent_id}": patchAgent,
    "DELETE /agents/{agent_id}": deleteAgent,
  },
};
