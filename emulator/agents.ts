/** Agents: create, get, patch (deep merge), list, delete, signed link. */
import type { Ctx, Reply } from "./context";
import { ACCESS_INFO, renderAgent, stripNulls } from "./defaults";
import { ApiError, agentNotFound } from "./errors";
import { newestFirst, paginate } from "./paging";
import { createAgentSchema, parseOrThrow, patchAgentSchema } from "./schemas";
import { applyAgentPatch, deleteAgentCascade, workspaceId } from "./store";
import type { JsonObject, StoredAgent } from "./types";
import { newId, nowSecs, randomAlnum } from "./util";

/** The JSON body of a JSON route: absent -> undefined (422 "Field required"), malformed -> 400. */
export function jsonBody(ctx: Ctx): unknown {
  const b = ctx.body;
  switch (b.kind) {
    case "none":
      return undefined;
    case "json":
      return b.value;
    case "invalid_json":
      throw new ApiError(400, "invalid_json", `Request body is not valid JSON: ${b.error}`);
    case "invalid_form":
      throw new ApiError(400, "invalid_body", `Request body cannot be parsed: ${b.error}`);
    case "form":
      return { ...b.fields };
  }
}

export function getAgentOr404(ctx: Ctx, id = ctx.params.agent_id ?? ""): StoredAgent {
  const a = ctx.ws.agents[id];
  if (!a) throw agentNotFound(id);
  return a;
}

export function createAgent(ctx: Ctx): Reply {
  const body = parseOrThrow(createAgentSchema, jsonBody(ctx));
  const now = nowSecs();
  const agent: StoredAgent = {
    agent_id: newId("agent_"),
    name: body.name,
    conversation_config: stripNulls(body.conversation_config) as JsonObject,
    metadata: { created_at_unix_secs: now, updated_at_unix_secs: now },
  };
  if (body.platform_settings) agent.platform_settings = stripNulls(body.platform_settings) as JsonObject;
  if (body.tags) agent.tags = [...body.tags];
  ctx.ws.agents[agent.agent_id] = agent;
  return { status: 200, json: { agent_id: agent.agent_id } };
}

export function getAgent(ctx: Ctx): Reply {
  return { status: 200, json: renderAgent(getAgentOr404(ctx), ctx.ws) };
}

export function patchAgent(ctx: Ctx): Reply {
  const body = parseOrThrow(patchAgentSchema, jsonBody(ctx));
  const agent = getAgentOr404(ctx);
  applyAgentPatch(agent, body as JsonObject);
  return { status: 200, json: renderAgent(agent, ctx.ws) };
}

export function deleteAgent(ctx: Ctx): Reply {
  const id = ctx.params.agent_id ?? "";
  if (!deleteAgentCascade(ctx.ws, id)) throw agentNotFound(id);
  for (const [token, link] of ctx.env.links) if (link.agentId === id) ctx.env.links.delete(token);
  return { status: 204 };
}

/** Newest first. `search`: case-insensitive substring of the name; `tags`: comma-separated, all must be present. */
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
    json: {
      agents: page.items.map((a) => ({
        agent_id: a.agent_id,
        name: a.name,
        tags: [...(a.tags ?? [])],
        created_at_unix_secs: a.metadata.created_at_unix_secs,
        access_info: { ...ACCESS_INFO },
      })),
      next_cursor: page.next_cursor,
      has_more: page.has_more,
    },
  };
}

export function getLink(ctx: Ctx): Reply {
  const agent = getAgentOr404(ctx);
  const now = Date.now();
  for (const [t, l] of ctx.env.links) if (l.expiresAtMs <= now) ctx.env.links.delete(t);
  const token = randomAlnum(40);
  const expiresAtMs = now + ctx.env.options.linkTtlSeconds * 1000;
  ctx.env.links.set(token, { workspaceId: workspaceId(ctx.apiKey), agentId: agent.agent_id, expiresAtMs });
  const qs = new URLSearchParams({ agent_id: agent.agent_id, conversation_signature: token });
  return {
    status: 200,
    json: {
      agent_id: agent.agent_id,
      signed_url: `ws://${ctx.host}/v1/convai/conversation?${qs.toString()}`,
      expires_at_unix_secs: Math.floor(expiresAtMs / 1000),
    },
  };
}
