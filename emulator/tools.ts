/**
 * Workspace tools (live): `{tool_config: webhook | client | system | mcp}`. Agents name them in
 * `conversation_config.agent.prompt.tool_ids` (unknown ids are 422). A tool that agents still use is
 * not deleted unless `?force=true` (409 tool_in_use); a forced delete also removes the id from
 * those agents. Webhook headers may name workspace secrets (`{secret_id}`), which must exist.
 */
import { type Ctx, type Family, objectBody, type Reply } from "./context";
import { ACCESS_INFO, renderObject, stripNulls } from "./defaults";
import { ApiError, notFound, ValidationError, type ValidationIssue } from "./errors";
import { newestFirst, paginate } from "./paging";
import type { JsonObject, StoredAgent, StoredTool, WorkspaceData } from "./types";
import { isPlainObject, newId, nowSecs } from "./util";

/** The answer schema of each tool type's configuration. */
const OUTPUT_SCHEMA: Record<string, string> = {
  webhook: "WebhookToolConfig-Output",
  client: "ClientToolConfig-Output",
  system: "SystemToolConfig-Output",
  mcp: "MCPToolConfig-Output",
};

function getToolOr404(ctx: Ctx): StoredTool {
  const id = ctx.params.tool_id ?? "";
  const t = ctx.ws.tools[id];
  if (!t) throw notFound("tool_not_found", `Tool ${id} not found`);
  return t;
}

/** The tool ids an agent's prompt names. */
export function agentToolIds(a: StoredAgent): string[] {
  const agent = a.conversation_config.agent;
  const prompt = isPlainObject(agent) ? agent.prompt : undefined;
  const ids = isPlainObject(prompt) ? prompt.tool_ids : undefined;
  return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === "string") : [];
}

function dependents(ws: WorkspaceData, toolId: string): StoredAgent[] {
  return newestFirst(
    Object.values(ws.agents).filter((a) => agentToolIds(a).includes(toolId)),
    (a) => a.agent_id,
  );
}

/** The secret ids a tool configuration's request headers name. */
export function toolSecretIds(config: JsonObject): string[] {
  const api = isPlainObject(config.api_schema) ? config.api_schema : undefined;
  const headers = api && isPlainObject(api.request_headers) ? api.request_headers : {};
  return Object.values(headers).flatMap((h) =>
    isPlainObject(h) && typeof h.secret_id === "string" ? [h.secret_id] : [],
  );
}

function checkSecrets(ctx: Ctx, config: JsonObject): void {
  const api = isPlainObject(config.api_schema) ? config.api_schema : undefined;
  const headers = api && isPlainObject(api.request_headers) ? api.request_headers : {};
  const issues: ValidationIssue[] = [];
  for (const [name, h] of Object.entries(headers)) {
    if (isPlainObject(h) && typeof h.secret_id === "string" && !ctx.ws.secrets[h.secret_id]) {
      issues.push({
        loc: ["body", "tool_config", "api_schema", "request_headers", name, "secret_id"],
        msg: `Secret ${h.secret_id} not found`,
        type: "value_error",
      });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

/** A tool as GET /tools/{id} answers it: its configuration with the type's defaults filled. */
export function toolView(t: StoredTool): JsonObject {
  const type = typeof t.tool_config.type === "string" ? t.tool_config.type : "webhook";
  const schema = OUTPUT_SCHEMA[type] ?? OUTPUT_SCHEMA.webhook ?? "";
  const out: JsonObject = {
    id: t.id,
    tool_config: renderObject("live", schema, t.tool_config),
    access_info: { ...ACCESS_INFO },
    usage_stats: { total_calls: 0, avg_latency_secs: 0 },
  };
  if (t.response_mocks) out.response_mocks = structuredClone(t.response_mocks);
  return out;
}

function store(t: StoredTool, body: Record<string, unknown>): void {
  t.tool_config = stripNulls(body.tool_config) as JsonObject;
  if (Array.isArray(body.response_mocks)) t.response_mocks = stripNulls(body.response_mocks) as unknown[];
  else if (body.response_mocks === null) delete t.response_mocks;
}

/** POST /tools: answers the tool. */
export function createTool(ctx: Ctx): Reply {
  const body = objectBody(ctx);
  checkSecrets(ctx, body.tool_config as JsonObject);
  const tool: StoredTool = { id: newId("tool_"), tool_config: {}, created_at_unix_secs: nowSecs() };
  store(tool, body);
  ctx.ws.tools[tool.id] = tool;
  return { status: 200, json: toolView(tool) };
}

/** GET /tools: newest first; `search` (name substring), `types`, paged. */
export function listTools(ctx: Ctx): Reply {
  const search = (ctx.query.get("search") ?? "").toLowerCase();
  const types = ctx.query
    .getAll("types")
    .flatMap((t) => t.split(","))
    .filter((t) => t !== "");
  const tools = newestFirst(Object.values(ctx.ws.tools), (t) => t.id)
    .filter((t) =>
      String(t.tool_config.name ?? "")
        .toLowerCase()
        .includes(search),
    )
    .filter((t) => types.length === 0 || types.includes(String(t.tool_config.type)));
  const page = paginate(tools, (t) => t.id, ctx.query);
  return {
    status: 200,
    json: { tools: page.items.map(toolView), next_cursor: page.next_cursor, has_more: page.has_more },
  };
}

/** GET /tools/{tool_id}. */
export function getTool(ctx: Ctx): Reply {
  return { status: 200, json: toolView(getToolOr404(ctx)) };
}

/** PATCH /tools/{tool_id}: the body's `tool_config` replaces the stored one (it is a whole ToolRequestModel). */
export function patchTool(ctx: Ctx): Reply {
  const body = objectBody(ctx);
  const tool = getToolOr404(ctx);
  checkSecrets(ctx, body.tool_config as JsonObject);
  store(tool, body);
  return { status: 200, json: toolView(tool) };
}

/** DELETE /tools/{tool_id}[?force=true]: 204; 409 tool_in_use while agents use it, unless forced. */
export function deleteTool(ctx: Ctx): Reply {
  const tool = getToolOr404(ctx);
  const users = dependents(ctx.ws, tool.id);
  if (users.length > 0 && ctx.query.get("force") !== "true") {
    throw new ApiError(
      409,
      "tool_in_use",
      `Tool ${tool.id} is used by agent(s) ${users.map((a) => a.agent_id).join(", ")}; delete with force=true to detach it`,
    );
  }
  for (const a of users) {
    const prompt = (a.conversation_config.agent as JsonObject).prompt as JsonObject;
    prompt.tool_ids = agentToolIds(a).filter((id) => id !== tool.id);
  }
  delete ctx.ws.tools[tool.id];
  return { status: 204 };
}

/** GET /tools/{tool_id}/dependent-agents. */
export function listToolDependents(ctx: Ctx): Reply {
  const tool = getToolOr404(ctx);
  const page = paginate(dependents(ctx.ws, tool.id), (a) => a.agent_id, ctx.query);
  return {
    status: 200,
    json: {
      agents: page.items.map((a) => ({
        id: a.agent_id,
        name: a.name,
        type: "available",
        created_at_unix_secs: a.metadata.created_at_unix_secs,
        access_level: "admin",
        referenced_resource_ids: [],
      })),
      next_cursor: page.next_cursor,
      has_more: page.has_more,
    },
  };
}

/** The tool routes (live). */
export const TOOLS: Family = {
  routes: {
    "POST /tools": createTool,
    "GET /tools": listTools,
    "GET /tools/{tool_id}": getTool,
    "PATCH /tools/{tool_id}": patchTool,
    "DELETE /tools/{tool_id}": deleteTool,
    "GET /tools/{tool_id}/dependent-agents": listToolDependents,
  },
};
