/**
 * Acceptance test of Tool and Secret (live dialect) through the real Pulumi engine against the
 * emulator, with an Agent that uses the tool: create, empty preview and refresh, in-place edits of
 * the tool and of the secret's value (one PATCH each, the value never in state or output in
 * clear), a tool whose type changes replaced without breaking the agent, out-of-band deletion,
 * and destroy in dependency order.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent, Secret, Tool } from "../sdk";
import { useEmulator } from "./helpers/emulator";
import { TestStack, typeToken } from "./helpers/engine";

describe("Tool and Secret through the engine (live)", () => {
  const env = useEmulator({}, "live");
  let stack: TestStack;
  const state = {
    secretValue: "crm-key-first-value-0001",
    description: "Looks up an order",
    toolType: "webhook" as "webhook" | "client",
  };
  const ids = { tool: "", secret: "", agent: "" };

  const program = async () => {
    const key = new Secret("crm-key", { name: "crm_key", value: pulumi.secret(state.secretValue) });
    const lookup = new Tool("lookup", {
      toolConfig:
        state.toolType === "webhook"
          ? {
              type: "webhook",
              name: "lookup_order",
              description: state.description,
              apiSchema: {
                url: "https://crm.example.com/orders/{order_id}",
                method: "GET",
                pathParamsSchema: { order_id: { type: "string", description: "The order number" } },
                requestHeaders: { Authorization: { secretId: key.secretId } },
              },
            }
          : { type: "client", name: "lookup_order", description: state.description, expectsResponse: true },
    });
    const agent = new Agent("support", {
      name: "Support",
      conversationConfig: { agent: { prompt: { prompt: "You help.", toolIds: [lookup.toolId] } } },
    });
    return { toolId: lookup.toolId, secretId: key.secretId, agentId: agent.agentId };
  };

  const writes = () =>
    env.emu
      .requests()
      .filter((r) => r.method !== "GET")
      .map((r) => r.route);

  /** The tool ids the agent uses, as the API answers them. */
  const toolIdsOfAgent = async () => {
    const agent = await env.api.call("getAgent", { params: { agent_id: ids.agent } });
    return (agent.conversation_config.agent?.prompt as { tool_ids?: string[] } | undefined)?.tool_ids;
  };

  beforeAll(async () => {
    stack = await TestStack.create(program, env);
  });

  afterAll(async () => {
    await stack?.dispose();
  });

  it("up creates the secret, the tool that refers to it and the agent that uses it, one POST each", async () => {
    const r = await stack.up();
    expect(r.changes).toEqual({ create: 4 });
    expect(writes()).toEqual(["POST /secrets", "POST /tools", "POST /agents/create"]);
    ids.tool = String(r.outputs.toolId);
    ids.secret = String(r.outputs.secretId);
    ids.agent = String(r.outputs.agentId);
    const tool = await env.api.call("getTool", { params: { tool_id: ids.tool } });
    expect(tool.tool_config).toMatchObject({
      type: "webhook",
      name: "lookup_order",
      api_schema: { request_headers: { Authorization: { secret_id: ids.secret } } },
    });
    expect(await toolIdsOfAgent()).toEqual([ids.tool]);
  });

  it("a second preview and a refresh show no changes, and write nothing", async () => {
    env.emu.clearRequests();
    expect((await stack.preview()).changes).toEqual({});
    expect((await stack.refresh()).changes).toEqual({});
    expect((await stack.preview()).changes).toEqual({});
    expect(writes()).toEqual([]);
    expect(env.routes().sort()).toEqual(
      ["GET /agents/{agent_id}", "GET /secrets/{secret_id}", "GET /tools/{tool_id}"].sort(),
    );
  });

  it("editing the tool's description updates it in place with one PATCH", async () => {
    env.emu.clearRequests();
    state.description = "Looks up an order by its number";
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes()).toEqual(["PATCH /tools/{tool_id}"]);
    const tool = await env.api.call("getTool", { params: { tool_id: ids.tool } });
    expect(tool.tool_config.description).toBe(state.description);
    expect((await stack.preview()).changes).toEqual({});
  });

  it("rotating the secret's value is one PATCH, and the value never shows in clear", async () => {
    env.emu.clearRequests();
    const old = state.secretValue;
    state.secretValue = "crm-key-second-value-0002";
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes()).toEqual(["PATCH /secrets/{secret_id}"]);
    // The emulator logs the value redacted and keeps only its hash.
    const sent = env.emu.requests().find((r) => r.method === "PATCH")?.body;
    expect(sent).toEqual({ type: "update", name: "crm_key", value: "***" });
    const stored = env.emu.workspace(env.apiKey).secrets[ids.secret];
    expect(stored?.value_sha256).toBe(createHash("sha256").update(state.secretValue).digest("hex"));
    const saved = await stack.exportState();
    const printed = stack.output.join("");
    for (const value of [old, state.secretValue]) {
      expect(saved).not.toContain(value);
      expect(printed).not.toContain(value);
    }
    expect((await stack.preview()).changes).toEqual({});
  });

  it("a new tool type replaces the tool: the new one first, the agent moved to it, then the old one deleted", async () => {
    env.emu.clearRequests();
    state.toolType = "client";
    const r = await stack.up();
    expect(r.changes).toEqual({ replace: 1, update: 1 });
    expect(writes()).toEqual(["POST /tools", "PATCH /agents/{agent_id}", "DELETE /tools/{tool_id}"]);
    const newId = String(r.outputs.toolId);
    expect(newId).not.toBe(ids.tool);
    const ws = env.emu.workspace(env.apiKey);
    expect(Object.keys(ws.tools)).toEqual([newId]);
    expect(await toolIdsOfAgent()).toEqual([newId]);
    ids.tool = newId;
    expect((await stack.preview()).changes).toEqual({});
  });

  it("a tool deleted outside Pulumi is dropped by refresh and made again by up", async () => {
    await env.api.call("deleteTool", { params: { tool_id: ids.tool }, query: { force: true } });
    const refreshed = await stack.refresh();
    expect(refreshed.changes.delete).toBe(1);
    env.emu.clearRequests();
    const r = await stack.up();
    expect(r.changes.create).toBe(1);
    expect(writes().filter((w) => w === "POST /tools")).toHaveLength(1);
    ids.tool = String(r.outputs.toolId);
    expect(await toolIdsOfAgent()).toEqual([ids.tool]);
    expect((await stack.preview()).changes).toEqual({});
  });

  it("a create whose answer is lost is found and finished, not made twice", async () => {
    await env.api.call("deleteTool", { params: { tool_id: ids.tool }, query: { force: true } });
    expect((await stack.refresh()).changes.delete).toBe(1);
    env.emu.clearRequests();
    env.emu.addFault({ route: "POST /tools", dropAfter: true });
    const r = await stack.up();
    expect(r.changes.create).toBe(1);
    // The lost create made the tool; the retry found it and set its configuration once more.
    expect(writes().filter((w) => w.endsWith("/tools") || w.includes("/tools/"))).toEqual([
      "POST /tools",
      "PATCH /tools/{tool_id}",
    ]);
    ids.tool = String(r.outputs.toolId);
    expect(Object.keys(env.emu.workspace(env.apiKey).tools)).toEqual([ids.tool]);
    expect(await toolIdsOfAgent()).toEqual([ids.tool]);
    expect((await stack.preview()).changes).toEqual({});
  });

  it("destroy deletes the agent before the tool it uses: nothing is left", async () => {
    env.emu.clearRequests();
    expect((await stack.destroy()).changes).toEqual({ delete: 4 });
    const deletes = writes();
    expect([...deletes].sort()).toEqual(
      ["DELETE /agents/{agent_id}", "DELETE /secrets/{secret_id}", "DELETE /tools/{tool_id}"].sort(),
    );
    expect(deletes.indexOf("DELETE /agents/{agent_id}")).toBeLessThan(
      deletes.indexOf("DELETE /tools/{tool_id}"),
    );
    expect(env.emu.workspace(env.apiKey).isEmpty()).toBe(true);
    expect(await stack.resources(typeToken("Tool"))).toEqual([]);
  });
});
