/**
 * Acceptance test of McpServer (live) through the real Pulumi engine against the emulator, with a
 * Secret for its header and an Agent that uses it (the agent's end-call built-in tool is declared
 * without its constant `type`): create, empty preview and refresh, in-place edits each one write
 * through its own route (approval policy, a tool config, the plain settings, a tool approval), an
 * out-of-band change shown by refresh and undone by up, a new URL replacing the server without
 * breaking the agent, adoption with `import` (reads only), and a destroy that refuses to delete a
 * server an agent outside the stack uses, naming it.
 */
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent, McpServer, Secret } from "../sdk";
import { useEmulator } from "./helpers/emulator";
import { TestStack, typeToken } from "./helpers/engine";

const HEADER_TOKEN = "mcp-token-engine-test-5f1e2d";

describe("McpServer through the engine (live)", () => {
  const env = useEmulator({}, "live");
  let stack: TestStack;
  const state = {
    url: "https://mcp.crm.example.com/mcp",
    approvalPolicy: "require_approval_per_tool" as "require_approval_per_tool" | "auto_approve_all",
    ticketMode: "async" as "async" | "immediate",
    preToolSpeech: "auto" as "auto" | "force",
    approved: ["lookup_customer"],
  };
  const ids = { server: "", agent: "", secret: "" };

  const program = async () => {
    const token = new Secret("mcp-token", { name: "crm_mcp_token", value: pulumi.secret(HEADER_TOKEN) });
    const crm = new McpServer("crm", {
      name: "CRM tools",
      url: state.url,
      transport: "STREAMABLE_HTTP",
      requestHeaders: { Authorization: { secretId: token.secretId } },
      approvalPolicy: state.approvalPolicy,
      preToolSpeech: state.preToolSpeech,
      toolApprovals: state.approved.map((toolName) => ({
        toolName,
        toolDescription: `The ${toolName} tool.`,
        approvalPolicy: "auto_approved" as const,
      })),
      toolConfigOverrides: [{ toolName: "create_ticket", executionMode: state.ticketMode }],
    });
    const agent = new Agent("support", {
      name: "Support",
      conversationConfig: {
        agent: {
          prompt: {
            prompt: "Look customers up first.",
            mcpServerIds: [crm.mcpServerId],
            // No `type`: the service fills `system` (a preview used to refuse it).
            builtInTools: { endCall: { name: "end_call", params: { systemToolType: "end_call" } } },
          },
        },
      },
    });
    return { serverId: crm.mcpServerId, agentId: agent.agentId, secretId: token.secretId };
  };

  const writes = () =>
    env.emu
      .requests()
      .filter((r) => r.method !== "GET")
      .map((r) => r.route);
  const server = () => env.emu.workspace(env.apiKey).mcpServers[ids.server];

  beforeAll(async () => {
    stack = await TestStack.create(program, env);
  });
  afterAll(async () => {
    await stack?.dispose();
  });

  it("up creates the secret, the server (then its approval) and the agent that uses it", async () => {
    const r = await stack.up();
    expect(r.changes).toEqual({ create: 4 });
    expect(writes()).toEqual([
      "POST /secrets",
      "POST /mcp-servers",
      "POST /mcp-servers/{mcp_server_id}/tool-approvals",
      "POST /agents/create",
    ]);
    // Before its create, the server was looked for (a lost answer must not make two).
    expect(env.routes().filter((r) => r.includes("/mcp-servers"))).toEqual([
      "GET /mcp-servers",
      "POST /mcp-servers",
      "POST /mcp-servers/{mcp_server_id}/tool-approvals",
    ]);
    ids.server = String(r.outputs.serverId);
    ids.agent = String(r.outputs.agentId);
    ids.secret = String(r.outputs.secretId);
    expect(server()?.config).toMatchObject({
      name: "CRM tools",
      url: state.url,
      request_headers: { Authorization: { secret_id: ids.secret } },
      approval_policy: "require_approval_per_tool",
      tool_approval_hashes: [{ tool_name: "lookup_customer", approval_policy: "auto_approved" }],
      tool_config_overrides: [{ tool_name: "create_ticket", execution_mode: "async" }],
    });
    const agent = env.emu.workspace(env.apiKey).getAgent(ids.agent) as {
      conversation_config: { agent: { prompt: Record<string, unknown> } };
    };
    expect(agent.conversation_config.agent.prompt.mcp_server_ids).toEqual([ids.server]);
    expect(agent.conversation_config.agent.prompt.built_in_tools).toMatchObject({
      end_call: { type: "system", name: "end_call" },
    });
  });

  it("a second preview and a refresh show no changes; the server is read once each, nothing written", async () => {
    env.emu.clearRequests();
    expect((await stack.preview()).changes).toEqual({});
    expect((await stack.refresh()).changes).toEqual({});
    expect(writes()).toEqual([]);
    expect(env.routes().filter((r) => r.includes("/mcp-servers"))).toEqual([
      "GET /mcp-servers/{mcp_server_id}",
    ]);
  });

  it.each([
    [
      "the approval policy",
      () => (state.approvalPolicy = "auto_approve_all"),
      "PATCH /mcp-servers/{mcp_server_id}/approval-policy",
    ],
    [
      "a tool's config",
      () => (state.ticketMode = "immediate"),
      "PATCH /mcp-servers/{mcp_server_id}/tool-configs/{tool_name}",
    ],
    ["a plain setting", () => (state.preToolSpeech = "force"), "PATCH /mcp-servers/{mcp_server_id}"],
    [
      "a new tool approval",
      () => state.approved.push("create_ticket"),
      "POST /mcp-servers/{mcp_server_id}/tool-approvals",
    ],
  ])("editing %s is one write, through its own route", async (_, edit, route) => {
    env.emu.clearRequests();
    edit();
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes()).toEqual([route]);
    expect((await stack.preview()).changes).toEqual({});
  });

  it("the account now holds every edit", () => {
    expect(server()?.config).toMatchObject({
      approval_policy: "auto_approve_all",
      pre_tool_speech: "force",
      tool_config_overrides: [{ tool_name: "create_ticket", execution_mode: "immediate" }],
    });
    expect(
      ((server()?.config.tool_approval_hashes ?? []) as { tool_name: string }[]).map((a) => a.tool_name),
    ).toEqual(["lookup_customer", "create_ticket"]);
  });

  it("an approval removed outside Pulumi shows on refresh, and up approves it again with one write", async () => {
    await env.api.call("removeMcpToolApproval", {
      params: { mcp_server_id: ids.server, tool_name: "create_ticket" },
    });
    expect((await stack.refresh()).changes).toEqual({ update: 1 });
    env.emu.clearRequests();
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes()).toEqual(["POST /mcp-servers/{mcp_server_id}/tool-approvals"]);
    expect((await stack.preview()).changes).toEqual({});
  });

  it("a new URL replaces the server: the new one first, the agent moved to it, then the old one deleted", async () => {
    env.emu.clearRequests();
    state.url = "https://mcp-eu.crm.example.com/mcp";
    const r = await stack.up();
    expect(r.changes).toEqual({ replace: 1, update: 1 });
    expect(writes().filter((w) => !w.includes("tool-approvals"))).toEqual([
      "POST /mcp-servers",
      "PATCH /agents/{agent_id}",
      "DELETE /mcp-servers/{mcp_server_id}",
    ]);
    const next = String(r.outputs.serverId);
    expect(next).not.toBe(ids.server);
    expect(Object.keys(env.emu.workspace(env.apiKey).mcpServers)).toEqual([next]);
    ids.server = next;
    expect((await stack.preview()).changes).toEqual({});
  });

  it("destroy refuses to delete the server while an agent outside the stack uses it, naming that agent", async () => {
    const outside = await env.api.call("createAgent", {
      json: {
        name: "Night shift",
        conversation_config: { agent: { prompt: { mcp_server_ids: [ids.server] } } },
      },
    });
    const err = await stack.destroy().then(
      () => undefined,
      (e: unknown) => String(e),
    );
    expect(err).toContain(`"Night shift" (${outside.agent_id})`);
    expect(err).not.toContain(HEADER_TOKEN);
    expect(Object.keys(env.emu.workspace(env.apiKey).mcpServers)).toEqual([ids.server]);
    await env.api.call("deleteAgent", { params: { agent_id: outside.agent_id } });
    await stack.destroy();
    expect(env.emu.workspace(env.apiKey).isEmpty()).toBe(true);
    expect(await stack.resources(typeToken("McpServer"))).toEqual([]);
    expect(await stack.exportState()).not.toContain(HEADER_TOKEN);
  });
});

describe("McpServer adopted with import (live)", () => {
  const env = useEmulator({}, "live");
  let stack: TestStack;
  let id = "";
  const program = async () => {
    new McpServer(
      "docs",
      { name: "Docs search", url: "https://mcp.docs.example.com/sse", approvalPolicy: "auto_approve_all" },
      { import: id },
    );
  };
  afterAll(async () => {
    await stack?.dispose();
  });

  it("takes an existing server under management with reads only", async () => {
    const made = await env.api.call("createMcpServer", {
      json: {
        config: {
          name: "Docs search",
          url: "https://mcp.docs.example.com/sse",
          approval_policy: "auto_approve_all",
        },
      },
    });
    id = made.id;
    stack = await TestStack.create(program, env);
    env.emu.clearRequests();
    expect((await stack.up()).changes).toEqual({ create: 2 });
    expect(env.emu.requests().filter((r) => r.method !== "GET")).toEqual([]);
    expect((await stack.preview()).changes).toEqual({});
    expect((await stack.refresh()).changes).toEqual({});
    await stack.destroy();
    expect(env.emu.workspace(env.apiKey).mcpServers).toEqual({});
  });
});
