/**
 * MCP servers (live): `{config}` as the description says (URL, transport, headers, approval policy,
 * tool approvals, tool config overrides, ...). Agents use them by id in
 * `conversation_config.agent.prompt.mcp_server_ids` and `native_mcp_server_ids` (unknown ids are 422,
 * see agents.ts); a server agents use is not deleted (409 mcp_server_in_use, naming them). The
 * approval policy, the tool approvals and the tool config overrides change through their own routes.
 * A tool approval's hash is the SHA-256 of the approved tool (name, description, input schema): the
 * service binds an approval to what the tool was. The emulator never connects to an MCP server, so
 * `GET /mcp-servers/{id}/tools` is not emulated.
 */
import { type Ctx, type Family, objectBody, type Reply } from "./context";
import { ACCESS_INFO, mergePatch, renderObject, stripNulls } from "./defaults";
import { ApiError, notFound, ValidationError, type ValidationIssue } from "./errors";
import { newestFirst } from "./paging";
import type { JsonObject, StoredAgent, StoredMcpServer, WorkspaceData } from "./types";
import { isPlainObject, newId, nowSecs, sha256Hex } from "./util";

/** Settings of the config a PATCH may set to null to remove (the config allows null there). */
const NULLABLE = new Set(["tool_call_sound", "secret_token", "auth_connection"]);

function getServerOr404(ctx: Ctx): StoredMcpServer {
  const id = ctx.params.mcp_server_id ?? "";
  const s = ctx.ws.mcpServers[id];
  if (!s) throw notFound("mcp_server_not_found", `MCP server ${id} not found`);
  return s;
}

/** The MCP server ids an agent's prompt names (both lists). */
export function agentMcpServerIds(a: StoredAgent): string[] {
  const agent = a.conversation_config.agent;
  const prompt = isPlainObject(agent) ? agent.prompt : undefined;
  if (!isPlainObject(prompt)) return [];
  return ["mcp_server_ids", "native_mcp_server_ids"].flatMap((k) => {
    const ids = prompt[k];
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === "string") : [];
  });
}

/** The agents that use a server, newest first. */
function dependents(ws: WorkspaceData, id: string): StoredAgent[] {
  return newestFirst(
    Object.values(ws.agents).filter((a) => agentMcpServerIds(a).includes(id)),
    (a) => a.agent_id,
  );
}

/** A server as the routes answer it (`MCPServerResponseModel`). */
function serverView(ws: WorkspaceData, s: StoredMcpServer): JsonObject {
  return {
    id: s.id,
    config: renderObject("live", "MCPServerConfig-Output", structuredClone(s.config)),
    access_info: { ...ACCESS_INFO },
    dependent_agents: dependents(ws, s.id).map((a) => ({
      id: a.agent_id,
      name: a.name,
      type: "available",
      created_at_unix_secs: a.metadata.created_at_unix_secs,
      access_level: "admin",
      referenced_resource_ids: [],
    })),
    metadata: { created_at: s.created_at_unix_secs, owner_user_id: null },
  };
}

/** Secret locators (`{secret_id}`) in the URL, the token and the headers must name secrets of the workspace. */
function checkSecrets(ctx: Ctx, config: JsonObject, at: (string | number)[]): void {
  const issues: ValidationIssue[] = [];
  const check = (v: unknown, loc: (string | number)[]) => {
    if (isPlainObject(v) && typeof v.secret_id === "string" && !ctx.ws.secrets[v.secret_id])
      issues.push({
        loc: [...loc, "secret_id"],
        msg: `Secret ${v.secret_id} not found`,
        type: "value_error",
      });
  };
  check(config.url, [...at, "url"]);
  check(config.secret_token, [...at, "secret_token"]);
  for (const k of ["request_headers", "request_meta"]) {
    const map = config[k];
    if (isPlainObject(map)) for (const [name, v] of Object.entries(map)) check(v, [...at, k, name]);
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

/** The hash of an approved tool: what it was when approved (name, description, input schema). */
export function toolHash(name: string, description: string, inputSchema: unknown): string {
  return sha256Hex(JSON.stringify({ name, description, input_schema: inputSchema ?? {} }));
}

/** POST /mcp-servers `{config}`: answers the server. */
export function createServer(ctx: Ctx): Reply {
  const config = stripNulls(objectBody(ctx).config) as JsonObject;
  checkSecrets(ctx, config, ["body", "config"]);
  const server: StoredMcpServer = { id: newId("mcp_"), config, created_at_unix_secs: nowSecs() };
  ctx.ws.mcpServers[server.id] = server;
  return { status: 200, json: serverView(ctx.ws, server) };
}

/** GET /mcp-servers: every server, newest first (the description pages nothing). */
export function listServers(ctx: Ctx): Reply {
  const all = newestFirst(Object.values(ctx.ws.mcpServers), (s) => s.id);
  return { status: 200, json: { mcp_servers: all.map((s) => serverView(ctx.ws, s)) } };
}

/** GET /mcp-servers/{mcp_server_id}. */
export function getServer(ctx: Ctx): Reply {
  return { status: 200, json: serverView(ctx.ws, getServerOr404(ctx)) };
}

/**
 * PATCH /mcp-servers/{mcp_server_id} (`MCPServerConfigUpdateRequestModel`): each setting sent
 * replaces the stored one; null removes those the config allows null for and leaves the rest.
 */
export function patchServer(ctx: Ctx): Reply {
  const body = objectBody(ctx);
  const server = getServerOr404(ctx);
  checkSecrets(ctx, body as JsonObject, ["body"]);
  for (const [k, v] of Object.entries(body)) {
    if (v === null) {
      if (NULLABLE.has(k)) delete server.config[k];
    } else server.config[k] = structuredClone(v);
  }
  return { status: 200, json: serverView(ctx.ws, server) };
}

/** DELETE /mcp-servers/{mcp_server_id}: 204; 409 mcp_server_in_use while agents use it, naming them. */
export function deleteServer(ctx: Ctx): Reply {
  const server = getServerOr404(ctx);
  const users = dependents(ctx.ws, server.id);
  if (users.length > 0) {
    const named = users.map((a) => `${JSON.stringify(a.name)} (${a.agent_id})`).join(", ");
    throw new ApiError(409, "mcp_server_in_use", `MCP server ${server.id} is used by agent(s) ${named}`);
  }
  delete ctx.ws.mcpServers[server.id];
  return { status: 204 };
}

/** PATCH /mcp-servers/{mcp_server_id}/approval-policy `{approval_policy}`. */
export function patchApprovalPolicy(ctx: Ctx): Reply {
  const server = getServerOr404(ctx);
  server.config.approval_policy = objectBody(ctx).approval_policy;
  return { status: 200, json: serverView(ctx.ws, server) };
}

function approvals(server: StoredMcpServer): JsonObject[] {
  const list = server.config.tool_approval_hashes;
  return Array.isArray(list) ? list.filter(isPlainObject) : [];
}

/** POST /mcp-servers/{mcp_server_id}/tool-approvals: approves a tool (again: replaces its approval). */
export function addToolApproval(ctx: Ctx): Reply {
  const b = objectBody(ctx);
  const server = getServerOr404(ctx);
  const name = String(b.tool_name);
  const entry: JsonObject = {
    tool_name: name,
    tool_hash: toolHash(name, String(b.tool_description), b.input_schema),
  };
  if (b.approval_policy !== undefined) entry.approval_policy = b.approval_policy;
  server.config.tool_approval_hashes = [...approvals(server).filter((a) => a.tool_name !== name), entry];
  return { status: 200, json: serverView(ctx.ws, server) };
}

/** DELETE /mcp-servers/{mcp_server_id}/tool-approvals/{tool_name}: 404 for a tool not approved. */
export function removeToolApproval(ctx: Ctx): Reply {
  const server = getServerOr404(ctx);
  const name = ctx.params.tool_name ?? "";
  const list = approvals(server);
  if (!list.some((a) => a.tool_name === name))
    throw notFound("tool_approval_not_found", `MCP server ${server.id} has no approval of tool ${name}`);
  server.config.tool_approval_hashes = list.filter((a) => a.tool_name !== name);
  return { status: 200, json: serverView(ctx.ws, server) };
}

function overrides(server: StoredMcpServer): JsonObject[] {
  const list = server.config.tool_config_overrides;
  return Array.isArray(list) ? list.filter(isPlainObject) : [];
}

function overrideOr404(server: StoredMcpServer, name: string): JsonObject {
  const found = overrides(server).find((o) => o.tool_name === name);
  if (!found)
    throw notFound("tool_config_not_found", `MCP server ${server.id} has no config of tool ${name}`);
  return found;
}

/** POST /mcp-servers/{mcp_server_id}/tool-configs: adds a tool's overrides; 409 when it has some. */
export function addToolConfig(ctx: Ctx): Reply {
  const b = stripNulls(objectBody(ctx)) as JsonObject;
  const server = getServerOr404(ctx);
  if (overrides(server).some((o) => o.tool_name === b.tool_name))
    throw new ApiError(
      409,
      "tool_config_exists",
      `MCP server ${server.id} has a config of tool ${b.tool_name}`,
    );
  server.config.tool_config_overrides = [...overrides(server), b];
  return { status: 200, json: serverView(ctx.ws, server) };
}

/** GET /mcp-servers/{mcp_server_id}/tool-configs/{tool_name}. */
export function getToolConfig(ctx: Ctx): Reply {
  const found = overrideOr404(getServerOr404(ctx), ctx.params.tool_name ?? "");
  return { status: 200, json: renderObject("live", "MCPToolConfigOverride-Output", structuredClone(found)) };
}

/** PATCH /mcp-servers/{mcp_server_id}/tool-configs/{tool_name}: merges the body (null removes). */
export function patchToolConfig(ctx: Ctx): Reply {
  const server = getServerOr404(ctx);
  const found = overrideOr404(server, ctx.params.tool_name ?? "");
  mergePatch(found, objectBody(ctx) as JsonObject);
  return { status: 200, json: serverView(ctx.ws, server) };
}

/** DELETE /mcp-servers/{mcp_server_id}/tool-configs/{tool_name}. */
export function removeToolConfig(ctx: Ctx): Reply {
  const server = getServerOr404(ctx);
  const name = ctx.params.tool_name ?? "";
  overrideOr404(server, name);
  server.config.tool_config_overrides = overrides(server).filter((o) => o.tool_name !== name);
  return { status: 200, json: serverView(ctx.ws, server) };
}

/** The MCP server routes (live). */
export const MCP_SERVERS: Family = {
  routes: {
    "POST /mcp-servers": createServer,
    "GET /mcp-servers": listServers,
    "GET /mcp-servers/{mcp_server_id}": getServer,
    "PATCH /mcp-servers/{mcp_server_id}": patchServer,
    "DELETE /mcp-servers/{mcp_server_id}": deleteServer,
    "PATCH /mcp-servers/{mcp_server_id}/approval-policy": patchApprovalPolicy,
    "POST /mcp-servers/{mcp_server_id}/tool-approvals": addToolApproval,
    "DELETE /mcp-servers/{mcp_server_id}/tool-approvals/{tool_name}": removeToolApproval,
    "POST /mcp-servers/{mcp_server_id}/tool-configs": addToolConfig,
    "GET /mcp-servers/{mcp_server_id}/tool-configs/{tool_name}": getToolConfig,
    "PATCH /mcp-servers/{mcp_server_id}/tool-configs/{tool_name}": patchToolConfig,
    "DELETE /mcp-servers/{mcp_server_id}/tool-configs/{tool_name}": removeToolConfig,
  },
};
