/**
 * Versioning, branches and deployments of live agents. Versioning is turned on by
 * `POST /agents/create?enable_versioning=true` or `PATCH /agents/{id}?enable_versioning_if_not_enabled=true`
 * (it cannot be turned off): the agent gets a main branch (its own configuration) with a first
 * version. Every PATCH of a versioned agent commits a version on the branch it names
 * (`?branch_id=`, default main). Other branches keep their own configuration, made from a parent
 * version plus the create body's changes. The traffic split (`POST /agents/{id}/deployments`) sends
 * a percentage of conversations to each branch; percentages sum to 100, and a branch that receives
 * traffic cannot be archived. Branches are never deleted, only archived; they go with their agent.
 */
import { getAgentOr404 } from "./agents";
import { type Ctx, type Family, objectBody, type Reply } from "./context";
import { ACCESS_INFO, mergePatch, renderObject } from "./defaults";
import { ApiError, notFound, ValidationError, type ValidationIssue } from "./errors";
import type { AgentVersioning, JsonObject, StoredAgent, StoredBranch } from "./types";
import { deepClone, isPlainObject, newId, nowSecs } from "./util";
import { validateMerged } from "./validate";

/** The name the service gives an agent's main branch. */
export const MAIN_BRANCH_NAME = "Main";

/** The configuration a branch holds (the main branch's is the agent's own). */
export interface BranchConfig {
  conversation_config: JsonObject;
  platform_settings?: JsonObject;
  workflow?: JsonObject;
}

/** The configuration of `branch` of `agent`, as stored (a copy). */
export function configOf(agent: StoredAgent, branch?: StoredBranch): BranchConfig {
  const main = !branch || branch.id === agent.versioning?.main_branch_id;
  const src = main ? agent : branch;
  const out: BranchConfig = { conversation_config: deepClone(src.conversation_config ?? {}) };
  if (src.platform_settings) out.platform_settings = deepClone(src.platform_settings);
  if (src.workflow) out.workflow = deepClone(src.workflow);
  return out;
}

/** Commits the branch's configuration as its newest version; answers the version's id. */
export function commit(agent: StoredAgent, branchId: string): string {
  const v = agent.versioning;
  const branch = v?.branches[branchId];
  if (!v || !branch) throw new Error(`commit: ${agent.agent_id} has no branch ${branchId}`);
  const seq = Object.values(v.versions).filter((x) => x.branch_id === branchId).length;
  const id = newId("agtvrsn_");
  const now = nowSecs();
  v.versions[id] = {
    id,
    branch_id: branchId,
    seq_no_in_branch: seq,
    time_committed_secs: now,
    ...configOf(agent, branch),
  };
  branch.head_version_id = id;
  branch.last_committed_at = now;
  return id;
}

/** Turns versioning on (once): a main branch with the agent's configuration as its first version. */
export function enableVersioning(agent: StoredAgent): AgentVersioning {
  if (agent.versioning) return agent.versioning;
  const id = newId("agtbrch_");
  const now = nowSecs();
  agent.versioning = {
    main_branch_id: id,
    branches: {
      [id]: {
        id,
        name: MAIN_BRANCH_NAME,
        description: "",
        parent_branch_id: null,
        parent_version_id: null,
        is_archived: false,
        protection_status: "writer_perms_required",
        created_at: now,
        last_committed_at: now,
        head_version_id: "",
      },
    },
    versions: {},
    traffic: { [id]: 100 },
  };
  commit(agent, id);
  return agent.versioning;
}

/** The agent's versioning, or 400 `versioning_not_enabled`. */
export function versioningOf(agent: StoredAgent): AgentVersioning {
  if (!agent.versioning)
    throw new ApiError(
      400,
      "versioning_not_enabled",
      `Agent ${agent.agent_id} has no versioning; enable it first (enable_versioning_if_not_enabled=true)`,
    );
  return agent.versioning;
}

/** A branch of the agent, or 404 `branch_not_found`. */
export function branchOr404(agent: StoredAgent, id: string): StoredBranch {
  const b = versioningOf(agent).branches[id];
  if (!b) throw notFound("branch_not_found", `Branch ${id} not found for agent ${agent.agent_id}`);
  return b;
}

/** `version_id`, `branch_id` and `main_branch_id` of an agent's GET (all null without versioning). */
export function versionFields(agent: StoredAgent, branch?: StoredBranch): JsonObject {
  const v = agent.versioning;
  if (!v) return { version_id: null, branch_id: null, main_branch_id: null };
  const b = branch ?? v.branches[v.main_branch_id];
  return {
    version_id: b?.head_version_id ?? null,
    branch_id: b?.id ?? null,
    main_branch_id: v.main_branch_id,
  };
}

/** A copy of the agent whose configuration is the branch's (for rendering, patching and test runs). */
export function asBranch(agent: StoredAgent, branch: StoredBranch): StoredAgent {
  const { conversation_config, platform_settings, workflow } = configOf(agent, branch);
  const copy: StoredAgent = { ...deepClone(agent), conversation_config };
  delete copy.platform_settings;
  delete copy.workflow;
  if (platform_settings) copy.platform_settings = platform_settings;
  if (workflow) copy.workflow = workflow;
  return copy;
}

/** Stores `config` as the branch's configuration (not the main branch: that is the agent's own). */
export function storeConfig(branch: StoredBranch, config: BranchConfig): void {
  branch.conversation_config = config.conversation_config;
  if (config.platform_settings) branch.platform_settings = config.platform_settings;
  else delete branch.platform_settings;
  if (config.workflow) branch.workflow = config.workflow;
  else delete branch.workflow;
}

function versionView(agent: StoredAgent, versionId: string): JsonObject | undefined {
  const v = agent.versioning?.versions[versionId];
  if (!v) return undefined;
  const branch = agent.versioning?.branches[v.branch_id];
  const sameBranch = Object.values(agent.versioning?.versions ?? {}).filter(
    (x) => x.branch_id === v.branch_id && x.seq_no_in_branch === v.seq_no_in_branch - 1,
  )[0];
  return {
    id: v.id,
    agent_id: agent.agent_id,
    branch_id: v.branch_id,
    version_description: "",
    seq_no_in_branch: v.seq_no_in_branch,
    time_committed_secs: v.time_committed_secs,
    parents: {
      in_branch_parent_id: sameBranch?.id ?? null,
      out_of_branch_parent_id: v.seq_no_in_branch === 0 ? (branch?.parent_version_id ?? null) : null,
    },
    access_info: { ...ACCESS_INFO },
  };
}

/** The fields a branch's list item and GET share. */
function branchCommon(agent: StoredAgent, b: StoredBranch): JsonObject {
  return {
    id: b.id,
    name: b.name,
    agent_id: agent.agent_id,
    description: b.description,
    created_at: b.created_at,
    last_committed_at: b.last_committed_at,
    is_archived: b.is_archived,
    protection_status: b.protection_status,
    access_info: { ...ACCESS_INFO },
    current_live_percentage: agent.versioning?.traffic[b.id] ?? 0,
  };
}

/** A branch as `GET /agents/{id}/branches/{branch_id}` answers it. */
export function branchView(agent: StoredAgent, b: StoredBranch): JsonObject {
  const parent = b.parent_branch_id ? agent.versioning?.branches[b.parent_branch_id] : undefined;
  const head = versionView(agent, b.head_version_id);
  return renderObject("live", "AgentBranchResponse", {
    ...branchCommon(agent, b),
    parent_branch: parent ? { id: parent.id, name: parent.name } : null,
    most_recent_versions: head ? [head] : [],
  });
}

/** A branch as an item of `GET /agents/{id}/branches`. */
function branchSummary(agent: StoredAgent, b: StoredBranch): JsonObject {
  return renderObject("live", "AgentBranchSummary", {
    ...branchCommon(agent, b),
    parent_branch_id: b.parent_branch_id,
  });
}

/** 422 at `loc` with one message. */
function invalid(loc: (string | number)[], msg: string): ValidationError {
  return new ValidationError([{ loc, msg, type: "value_error" }]);
}

/** 409 when another live branch of the agent has the name. */
function checkNameFree(agent: StoredAgent, name: string, except?: string): void {
  const taken = Object.values(versioningOf(agent).branches).some(
    (b) => !b.is_archived && b.id !== except && b.name === name,
  );
  if (taken)
    throw new ApiError(
      409,
      "branch_name_taken",
      `Agent ${agent.agent_id} already has a branch named '${name}'`,
    );
}

/** POST /agents/{agent_id}/branches: a branch from a version, with the body's changes; answers its ids. */
export function createBranch(ctx: Ctx): Reply {
  const agent = getAgentOr404(ctx);
  const v = versioningOf(agent);
  const body = objectBody(ctx);
  const parent = v.versions[String(body.parent_version_id)];
  if (!parent)
    throw invalid(
      ["body", "parent_version_id"],
      `Version ${String(body.parent_version_id)} is not a version of agent ${agent.agent_id}`,
    );
  const name = String(body.name);
  checkNameFree(agent, name);
  const config: BranchConfig = {
    conversation_config: deepClone(parent.conversation_config),
    ...(parent.platform_settings ? { platform_settings: deepClone(parent.platform_settings) } : {}),
    ...(parent.workflow ? { workflow: deepClone(parent.workflow) } : {}),
  };
  if (isPlainObject(body.conversation_config))
    mergePatch(config.conversation_config, body.conversation_config);
  if (isPlainObject(body.platform_settings)) {
    const ps = config.platform_settings ?? {};
    mergePatch(ps, body.platform_settings);
    config.platform_settings = ps;
  }
  if (isPlainObject(body.workflow)) config.workflow = deepClone(body.workflow);
  const parts: Record<string, unknown> = {};
  for (const k of ["conversation_config", "platform_settings"] as const)
    if (isPlainObject(body[k])) parts[k] = config[k] ?? {};
  const issues: ValidationIssue[] = validateMerged("PATCH /agents/{agent_id}", parts, "live");
  if (issues.length > 0) throw new ValidationError(issues);
  const now = nowSecs();
  const branch: StoredBranch = {
    id: newId("agtbrch_"),
    name,
    description: String(body.description ?? ""),
    parent_branch_id: parent.branch_id,
    parent_version_id: parent.id,
    is_archived: false,
    protection_status: "writer_perms_required",
    created_at: now,
    last_committed_at: now,
    head_version_id: "",
  };
  storeConfig(branch, config);
  v.branches[branch.id] = branch;
  const version = commit(agent, branch.id);
  return { status: 200, json: { created_branch_id: branch.id, created_version_id: version } };
}

/** GET /agents/{agent_id}/branches: oldest first (main first); archived ones with `include_archived=true`. */
export function listBranches(ctx: Ctx): Reply {
  const agent = getAgentOr404(ctx);
  const v = versioningOf(agent);
  const archived = ctx.query.get("include_archived") === "true";
  const branches = Object.values(v.branches)
    .filter((b) => archived || !b.is_archived)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    status: 200,
    json: {
      meta: { total: branches.length, page: 0, page_size: branches.length },
      results: branches.map((b) => branchSummary(agent, b)),
    },
  };
}

/** GET /agents/{agent_id}/branches/{branch_id}. */
export function getBranch(ctx: Ctx): Reply {
  const agent = getAgentOr404(ctx);
  return { status: 200, json: branchView(agent, branchOr404(agent, ctx.params.branch_id ?? "")) };
}

/**
 * PATCH /agents/{agent_id}/branches/{branch_id}: `name`, `is_archived`, `protection_status`. The main
 * branch cannot be archived, nor a branch that receives traffic (409 `branch_has_traffic`).
 */
export function patchBranch(ctx: Ctx): Reply {
  const agent = getAgentOr404(ctx);
  const branch = branchOr404(agent, ctx.params.branch_id ?? "");
  const v = versioningOf(agent);
  const body = objectBody(ctx);
  if (typeof body.name === "string" && body.name !== branch.name) {
    checkNameFree(agent, body.name, branch.id);
    branch.name = body.name;
  }
  if (body.is_archived === true && !branch.is_archived) {
    if (branch.id === v.main_branch_id)
      throw new ApiError(400, "cannot_archive_main_branch", "The main branch cannot be archived");
    if ((v.traffic[branch.id] ?? 0) > 0)
      throw new ApiError(
        409,
        "branch_has_traffic",
        `Branch ${branch.id} receives ${v.traffic[branch.id]}% of the traffic; move it to other branches first`,
      );
  }
  if (typeof body.is_archived === "boolean") {
    if (!body.is_archived && branch.is_archived) checkNameFree(agent, branch.name, branch.id);
    branch.is_archived = body.is_archived;
  }
  if (body.protection_status === "writer_perms_required" || body.protection_status === "admin_perms_required")
    branch.protection_status = body.protection_status;
  return { status: 200, json: branchView(agent, branch) };
}

/**
 * POST /agents/{agent_id}/deployments: the traffic split, `{deployment_request: {requests:
 * [{branch_id, deployment_strategy: {type: "percentage", traffic_percentage}}]}}`. Every branch must
 * be a live branch of the agent, named once, and the percentages must sum to 100; branches left out
 * get none. Answers `{traffic_percentage_branch_id_map}`.
 */
export function createDeployment(ctx: Ctx): Reply {
  const agent = getAgentOr404(ctx);
  const v = versioningOf(agent);
  const request = objectBody(ctx).deployment_request as JsonObject;
  const items = Array.isArray(request.requests) ? (request.requests as JsonObject[]) : [];
  const at = ["body", "deployment_request", "requests"];
  const traffic: Record<string, number> = {};
  const issues: ValidationIssue[] = [];
  items.forEach((item, i) => {
    const id = String(item.branch_id);
    const b = v.branches[id];
    if (!b || b.is_archived)
      issues.push({
        loc: [...at, i, "branch_id"],
        msg: `Branch ${id} is not a branch of agent ${agent.agent_id}`,
        type: "value_error",
      });
    else if (id in traffic)
      issues.push({ loc: [...at, i, "branch_id"], msg: `Branch ${id} is named twice`, type: "value_error" });
    const strategy = item.deployment_strategy as JsonObject;
    traffic[id] = Number(strategy.traffic_percentage);
  });
  const sum = Object.values(traffic).reduce((a, b) => a + b, 0);
  if (issues.length === 0 && Math.abs(sum - 100) > 1e-9)
    issues.push({ loc: at, msg: `Traffic percentages must sum to 100, not ${sum}`, type: "value_error" });
  if (issues.length > 0) throw new ValidationError(issues);
  v.traffic = Object.fromEntries(Object.entries(traffic).filter(([, p]) => p > 0));
  return { status: 200, json: { traffic_percentage_branch_id_map: { ...v.traffic } } };
}

/** The branch and deployment routes (live). */
export const BRANCHES: Family = {
  routes: {
    "POST /agents/{agent_id}/branches": createBranch,
    "GET /agents/{agent_id}/branches": listBranches,
    "GET /agents/{agent_id}/branches/{branch_id}": getBranch,
    "PATCH /agents/{agent_id}/branches/{branch_id}": patchBranch,
    "POST /agents/{agent_id}/deployments": createDeployment,
  },
};
