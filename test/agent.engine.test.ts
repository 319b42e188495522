/**
 * Acceptance test of Agent through the real Pulumi engine (Automation API, file backend) against
 * the emulator: create, empty preview and refresh, in-place update, drift, out-of-band delete,
 * destroy, bad input at preview, and no API key in state or output.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../sdk";
import { BOTH_DIALECTS } from "./helpers/dialect";
import { useEmulator } from "./helpers/emulator";
import { failedPreview, TestStack, typeToken } from "./helpers/engine";

describe.each(BOTH_DIALECTS)("Agent through the engine (%s)", (dialect) => {
  const env = useEmulator({}, dialect);
  let stack: TestStack;
  let prompt = "You are a helpful support assistant...";
  let firstMessage: string | undefined = "Hi! How can I help you today?";
  let agentId = "";

  const program = async () => {
    const agent = new Agent("support", {
      name: "Support Assistant",
      conversationConfig: {
        agent: { prompt: { prompt }, firstMessage, language: "en" },
        tts: { voiceId: "21m00Tcm4TlvDq8ikWAM" },
      },
    });
    return { agentId: agent.agentId };
  };

  beforeAll(async () => {
    stack = await TestStack.create(program, env);
  });

  afterAll(async () => {
    await stack?.dispose();
  });

  it("up creates the agent with one POST", async () => {
    const r = await stack.up();
    expect(r.changes).toEqual({ create: 2 }); // the stack and the agent
    agentId = String(r.outputs.agentId);
    expect(agentId).toMatch(/^agent_/);
    expect(env.routes().filter((x) => x === "POST /agents/create")).toHaveLength(1);
    const live = await env.api.call("getAgent", { params: { agent_id: agentId } });
    expect(live.name).toBe("Support Assistant");
  });

  it("a second preview and a refresh show no changes", async () => {
    env.emu.clearRequests();
    expect((await stack.preview()).changes).toEqual({});
    expect((await stack.refresh()).changes).toEqual({});
    expect((await stack.preview()).changes).toEqual({});
    // preview never writes; refresh reads once
    expect(env.routes()).toEqual(["GET /agents/{agent_id}"]);
  });

  it("a second up changes nothing and sends no request", async () => {
    env.emu.clearRequests();
    expect((await stack.up()).changes).toEqual({});
    expect(env.routes()).toEqual([]);
  });

  it("editing the prompt updates in place with exactly one PATCH", async () => {
    env.emu.clearRequests();
    prompt = "You are a concise support assistant.";
    const r = await stack.up();
    expect(r.changes).toEqual({ update: 1 });
    const writes = env.emu.requests().filter((x) => x.method !== "GET");
    expect(writes.map((w) => w.route)).toEqual(["PATCH /agents/{agent_id}"]);
    expect(writes[0]?.body).toEqual({ conversation_config: { agent: { prompt: { prompt } } } });
    expect((await stack.preview()).changes).toEqual({});
  });

  it("removing a declared setting puts the service's default back with one PATCH", async () => {
    env.emu.clearRequests();
    firstMessage = undefined;
    expect((await stack.up()).changes).toEqual({ update: 1 });
    const writes = env.emu.requests().filter((x) => x.method !== "GET");
    expect(writes.map((w) => w.route)).toEqual(["PATCH /agents/{agent_id}"]);
    // Live does not take null for first_message: its default ("") is sent; legacy takes null.
    const sent = dialect === "live" ? "" : null;
    expect(writes[0]?.body).toEqual({ conversation_config: { agent: { first_message: sent } } });
    const live = await env.api.call("getAgent", { params: { agent_id: agentId } });
    expect(live.conversation_config.agent?.first_message).toBe("");
    expect((await stack.preview()).changes).toEqual({});
    firstMessage = "Hi! How can I help you today?";
    expect((await stack.up()).changes).toEqual({ update: 1 });
  });

  it("refresh reports drift made outside Pulumi and up restores the declaration", async () => {
    await env.api.call("updateAgent", { params: { agent_id: agentId }, json: { name: "Renamed by hand" } });
    const refreshed = await stack.refresh();
    expect(refreshed.changes).toEqual({ update: 1 });
    const [state] = await stack.resources(typeToken("Agent"));
    expect(state?.outputs.name).toBe("Renamed by hand");
    env.emu.clearRequests();
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(env.emu.requests().filter((x) => x.method === "PATCH")).toHaveLength(1);
    const live = await env.api.call("getAgent", { params: { agent_id: agentId } });
    expect(live.name).toBe("Support Assistant");
  });

  it("an agent deleted outside Pulumi is dropped by refresh and recreated by up", async () => {
    await env.api.call("deleteAgent", { params: { agent_id: agentId } });
    expect((await stack.refresh()).changes).toEqual({ delete: 1 });
    const r = await stack.up();
    expect(r.changes).toEqual({ create: 1 });
    expect(r.outputs.agentId).not.toBe(agentId);
    agentId = String(r.outputs.agentId);
    expect((await stack.preview()).changes).toEqual({});
  });

  it("keeps the API key out of state and engine output, and the provider small", async () => {
    const state = await stack.exportState();
    expect(state).not.toContain(env.apiKey);
    expect(stack.output.join("")).not.toContain(env.apiKey);
    const [res] = await stack.resources(typeToken("Agent"));
    const provider = String(res?.outputs.__provider ?? "");
    expect(provider.length).toBeGreaterThan(0);
    expect(provider).toContain("pulumi-elevenlabs/provider");
    expect(provider.length).toBeLessThan(4096);
    console.log(`serialized provider: ${provider.length} bytes per resource`);
  });

  it("destroy deletes the agent; the emulator holds none", async () => {
    env.emu.clearRequests();
    expect((await stack.destroy()).changes).toEqual({ delete: 2 });
    expect(env.routes()).toEqual(["DELETE /agents/{agent_id}"]);
    const list = await env.api.call("listAgents", {});
    expect(list.agents).toEqual([]);
  });
});

describe("bad Agent arguments fail the preview, naming the field, before any request", () => {
  const env = useEmulator();
  afterAll(async () => {});

  it.each([
    ["stability: 3", { tts: { stability: 3 } }, "Support", "conversationConfig.tts.stability"],
    ["empty name", {}, "", "name"],
  ])("%s", async (_, conversationConfig, name, field) => {
    const message = await failedPreview(async () => {
      new Agent("bad", { name, conversationConfig });
    }, env);
    expect(message).toContain(field);
    expect(env.emu.requests()).toEqual([]);
  });
});
