/**
 * Acceptance test of AgentDeployment (live) through the real Pulumi engine against the emulator,
 * with request counts: a traffic split between a versioned agent's main branch and a canary
 * (one POST), no-op preview and refresh, a new split as one POST, refresh after a split changed out
 * of band, the preview's checks (the sum, a branch of another agent), and destroy, which sends all
 * the traffic back to the main branch before the canary is archived.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent, AgentBranch, AgentDeployment } from "../sdk";
import { useEmulator } from "./helpers/emulator";
import { TestStack, typeToken } from "./helpers/engine";

describe("AgentDeployment through the engine (live)", () => {
  const env = useEmulator({}, "live");
  let stack: TestStack;
  const state = { canary: 10, main: 90, foreignBranch: "" };
  const ids = { agent: "", main: "", canary: "" };

  const program = async () => {
    const agent = new Agent("support", {
      name: "Support",
      versioning: true,
      conversationConfig: { agent: { firstMessage: "Hello!" } },
    });
    const canary = new AgentBranch("canary", {
      agentId: agent.agentId,
      name: "canary",
      conversationConfig: { agent: { firstMessage: "Hello from the canary!" } },
    });
    new AgentDeployment("rollout", {
      agentId: agent.agentId,
      traffic: [
        { branchId: agent.mainBranchId, percentage: state.main },
        { branchId: state.foreignBranch || canary.branchId, percentage: state.canary },
      ],
    });
    return { agentId: agent.agentId, mainBranchId: agent.mainBranchId, canaryId: canary.branchId };
  };

  const writes = () =>
    env.emu
      .requests()
      .filter((r) => r.method !== "GET")
      .map((r) => r.route);
  const traffic = () => env.emu.workspace(env.apiKey).agents[ids.agent]?.versioning?.traffic;

  beforeAll(async () => {
    stack = await TestStack.create(program, env);
  });

  afterAll(async () => {
    await stack?.dispose();
  });

  it("up splits the traffic with one POST", async () => {
    const r = await stack.up({ parallel: 1 });
    expect(r.changes).toEqual({ create: 4 });
    ids.agent = String(r.outputs.agentId);
    ids.main = String(r.outputs.mainBranchId);
    ids.canary = String(r.outputs.canaryId);
    expect(writes()).toEqual([
      "POST /agents/create",
      "POST /agents/{agent_id}/branches",
      "POST /agents/{agent_id}/deployments",
    ]);
    expect(traffic()).toEqual({ [ids.main]: 90, [ids.canary]: 10 });
    const deployments = await stack.resources(typeToken("AgentDeployment"));
    expect(deployments.map((d) => d.id)).toEqual([ids.agent]);
  });

  it("a second preview and a refresh show no changes and write nothing (one GET of the branches)", async () => {
    env.emu.clearRequests();
    expect((await stack.preview()).changes).toEqual({});
    expect((await stack.refresh()).changes).toEqual({});
    expect(writes()).toEqual([]);
    // The preview checks the branches are the agent's (one GET); the refresh reads the split (one more).
    expect(env.routes().filter((x) => x === "GET /agents/{agent_id}/branches")).toHaveLength(2);
  });

  it("a new split is one POST", async () => {
    env.emu.clearRequests();
    state.main = 50;
    state.canary = 50;
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes()).toEqual(["POST /agents/{agent_id}/deployments"]);
    expect(traffic()).toEqual({ [ids.main]: 50, [ids.canary]: 50 });
    expect((await stack.preview()).changes).toEqual({});
  });

  it("refresh shows a split changed out of band, and up puts it back with one POST", async () => {
    await env.api.call("createDeployment", {
      params: { agent_id: ids.agent },
      json: {
        deployment_request: {
          requests: [
            { branch_id: ids.main, deployment_strategy: { type: "percentage", traffic_percentage: 100 } },
          ],
        },
      },
    });
    expect((await stack.refresh()).changes).toEqual({ update: 1 });
    env.emu.clearRequests();
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes()).toEqual(["POST /agents/{agent_id}/deployments"]);
    expect(traffic()).toEqual({ [ids.main]: 50, [ids.canary]: 50 });
  });

  it("the preview refuses percentages that do not sum to 100, and a branch of another agent, before any write", async () => {
    env.emu.clearRequests();
    state.canary = 60;
    const sum = await stack.preview().then(
      () => "",
      (e: unknown) => String(e),
    );
    state.canary = 50;
    expect(sum).toContain("traffic: the percentages sum to 110, not 100");
    const other = await env.api.call("createAgent", {
      json: { name: "Other", conversation_config: {} },
      query: { enable_versioning: true },
    });
    const otherMain = String(
      (await env.api.call("getAgent", { params: { agent_id: other.agent_id } })).main_branch_id,
    );
    state.foreignBranch = otherMain;
    const foreign = await stack.preview().then(
      () => "",
      (e: unknown) => String(e),
    );
    state.foreignBranch = "";
    expect(foreign).toContain(`traffic[1].branchId: ${otherMain} is not a live branch of agent ${ids.agent}`);
    expect(writes()).toEqual(["POST /agents/create"]);
    await env.api.call("deleteAgent", { params: { agent_id: other.agent_id } });
  });

  it("destroy sends all the traffic back to main first, then archives the canary and deletes the agent", async () => {
    env.emu.clearRequests();
    expect((await stack.destroy()).changes).toEqual({ delete: 4 });
    expect(writes()).toEqual([
      "POST /agents/{agent_id}/deployments",
      "PATCH /agents/{agent_id}/branches/{branch_id}",
      "DELETE /agents/{agent_id}",
    ]);
    const reset = env.emu.requests().find((r) => r.route === "POST /agents/{agent_id}/deployments");
    expect(reset?.body).toEqual({
      deployment_request: {
        requests: [
          { branch_id: ids.main, deployment_strategy: { type: "percentage", traffic_percentage: 100 } },
        ],
      },
    });
    expect(env.emu.workspace(env.apiKey).isEmpty()).toBe(true);
  });
});
