/**
 * Acceptance test of AgentBranch (live) and the Agent's versioning through the real Pulumi engine
 * against the emulator, with request counts: a versioned agent made with one request, a branch from
 * its main version, no-op preview and refresh, a configuration edit as one `PATCH
 * /agents/{id}?branch_id=`, a rename and a protection change as one PATCH of the branch, refresh
 * after an out-of-band change, a new description that replaces (archive first, then create),
 * versioning that cannot be turned off (preview), turned on later (a warning at preview, one PATCH),
 * a branch of an agent without versioning (an error naming `versioning: true`), and destroy, which
 * archives the branch and says so.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent, AgentBranch } from "../sdk";
import { useEmulator } from "./helpers/emulator";
import { TestStack, typeToken } from "./helpers/engine";

describe("AgentBranch through the engine (live)", () => {
  const env = useEmulator({}, "live");
  let stack: TestStack;
  const state = {
    greeting: "Hello from staging!",
    name: "staging",
    description: "The staging configuration",
    protection: undefined as "admin_perms_required" | undefined,
    versioning: true as boolean,
  };
  const ids = { agent: "", branch: "", main: "" };

  const program = async () => {
    const agent = new Agent("support", {
      name: "Support",
      versioning: state.versioning,
      conversationConfig: { agent: { firstMessage: "Hello!", prompt: { prompt: "Help customers." } } },
    });
    const branch = new AgentBranch("staging", {
      agentId: agent.agentId,
      name: state.name,
      description: state.description,
      conversationConfig: { agent: { firstMessage: state.greeting } },
      ...(state.protection ? { protectionStatus: state.protection } : {}),
    });
    return {
      agentId: agent.agentId,
      mainBranchId: agent.mainBranchId,
      versionId: agent.versionId,
      branchId: branch.branchId,
    };
  };

  const writes = () =>
    env.emu
      .requests()
      .filter((r) => r.method !== "GET")
      .map(
        (r) =>
          `${r.route}${r.query.branch_id ? "?branch_id" : ""}${r.query.enable_versioning ? "?enable_versioning" : ""}`,
      );
  const stored = () => env.emu.workspace(env.apiKey).agents[ids.agent]?.versioning;

  beforeAll(async () => {
    stack = await TestStack.create(program, env);
  });

  afterAll(async () => {
    await stack?.dispose();
  });

  it("up makes a versioned agent with one request, and the branch from its main version with one more", async () => {
    const r = await stack.up({ parallel: 1 });
    expect(r.changes).toEqual({ create: 3 });
    expect(writes()).toEqual(["POST /agents/create?enable_versioning", "POST /agents/{agent_id}/branches"]);
    ids.agent = String(r.outputs.agentId);
    ids.main = String(r.outputs.mainBranchId);
    ids.branch = String(r.outputs.branchId);
    expect(ids.main).toMatch(/^agtbrch_/);
    expect(r.outputs.versionId).toMatch(/^agtvrsn_/);
    const onBranch = await env.api.call("getAgent", {
      params: { agent_id: ids.agent },
      query: { branch_id: ids.branch },
    });
    expect(onBranch.conversation_config.agent?.first_message).toBe(state.greeting);
    expect((onBranch.conversation_config.agent?.prompt as { prompt?: string } | undefined)?.prompt).toBe(
      "Help customers.",
    );
    const branch = stored()?.branches[ids.branch];
    expect(branch).toMatchObject({ name: "staging", description: state.description, is_archived: false });
    expect(branch?.parent_version_id).toBe(r.outputs.versionId);
  });

  it("a second preview and a refresh show no changes and write nothing", async () => {
    env.emu.clearRequests();
    expect((await stack.preview()).changes).toEqual({});
    expect((await stack.refresh()).changes).toEqual({});
    expect((await stack.preview()).changes).toEqual({});
    expect(writes()).toEqual([]);
    // The branch reads as two GETs: the branch, and its configuration.
    expect(env.routes().filter((x) => x === "GET /agents/{agent_id}/branches/{branch_id}")).toHaveLength(1);
  });

  it("a configuration edit is one PATCH of the agent naming the branch; main stays as it was", async () => {
    env.emu.clearRequests();
    state.greeting = "Hi, staging here!";
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes()).toEqual(["PATCH /agents/{agent_id}?branch_id"]);
    expect(env.emu.requests().find((r) => r.method === "PATCH")?.body).toEqual({
      conversation_config: { agent: { first_message: state.greeting } },
    });
    const main = await env.api.call("getAgent", { params: { agent_id: ids.agent } });
    expect(main.conversation_config.agent?.first_message).toBe("Hello!");
    expect((await stack.preview()).changes).toEqual({});
  });

  it("a rename and a protection change are one PATCH of the branch", async () => {
    env.emu.clearRequests();
    state.name = "staging-eu";
    state.protection = "admin_perms_required";
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes()).toEqual(["PATCH /agents/{agent_id}/branches/{branch_id}"]);
    expect(stored()?.branches[ids.branch]).toMatchObject({
      name: "staging-eu",
      protection_status: "admin_perms_required",
    });
    expect((await stack.preview()).changes).toEqual({});
  });

  it("refresh shows a branch changed out of band, and up puts it back with one PATCH", async () => {
    await env.api.call("updateAgent", {
      params: { agent_id: ids.agent },
      query: { branch_id: ids.branch },
      json: { conversation_config: { agent: { first_message: "Changed by hand" } } },
    });
    expect((await stack.refresh()).changes).toEqual({ update: 1 });
    env.emu.clearRequests();
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes()).toEqual(["PATCH /agents/{agent_id}?branch_id"]);
    expect(stored()?.branches[ids.branch]?.conversation_config).toMatchObject({
      agent: { first_message: state.greeting },
    });
  });

  it("turning versioning off fails the preview: the service cannot", async () => {
    state.versioning = false;
    const err = await stack.preview().then(
      () => "",
      (e: unknown) => String(e),
    );
    state.versioning = true;
    expect(err).toContain("versioning: the agent has versioning, and the service cannot turn it off again");
  });

  it("a new description replaces the branch: the old one archived first, then the new one made", async () => {
    env.emu.clearRequests();
    const from = stack.output.length;
    state.description = "Staging, for the EU team";
    const r = await stack.up();
    expect(r.changes).toEqual({ replace: 1 });
    expect(writes()).toEqual([
      "PATCH /agents/{agent_id}/branches/{branch_id}",
      "POST /agents/{agent_id}/branches",
      "PATCH /agents/{agent_id}/branches/{branch_id}",
    ]);
    expect(stored()?.branches[ids.branch]?.is_archived).toBe(true);
    expect(stack.output.slice(from).join("")).toContain("archived, not deleted");
    ids.branch = String(r.outputs.branchId);
    expect(stored()?.branches[ids.branch]).toMatchObject({
      name: "staging-eu",
      protection_status: "admin_perms_required",
    });
    expect((await stack.preview()).changes).toEqual({});
  });

  it("destroy archives the branch (the API deletes none), says so, then deletes the agent", async () => {
    env.emu.clearRequests();
    const from = stack.output.length;
    expect((await stack.destroy()).changes).toEqual({ delete: 3 });
    expect(writes()).toEqual(["PATCH /agents/{agent_id}/branches/{branch_id}", "DELETE /agents/{agent_id}"]);
    expect(stack.output.slice(from).join("")).toContain(
      `AgentBranch "staging-eu" (${ids.branch}) of agent ${ids.agent}: archived, not deleted`,
    );
    expect(env.emu.workspace(env.apiKey).isEmpty()).toBe(true);
    expect(await stack.resources(typeToken("AgentBranch"))).toEqual([]);
  });
});

describe("versioning turned on later, and a branch of an agent without it (live)", () => {
  const env = useEmulator({}, "live");
  const state = { versioning: false, branch: false };
  const program = async () => {
    const agent = new Agent("support", {
      name: "Later",
      versioning: state.versioning,
      conversationConfig: {},
    });
    if (state.branch) new AgentBranch("b", { agentId: agent.agentId, name: "b" });
    return { mainBranchId: agent.mainBranchId };
  };

  it("warns at preview that it cannot be undone, turns it on with one PATCH; a branch without it fails naming versioning", async () => {
    const stack = await TestStack.create(program, env);
    try {
      await stack.up();
      state.branch = true;
      const failed = await stack.up().then(
        () => "",
        (e: unknown) => String(e),
      );
      expect(failed).toContain(
        "has no versioning, so it can have no branches; set `versioning: true` on its Agent",
      );
      state.branch = false;
      state.versioning = true;
      const from = stack.output.length;
      await stack.preview();
      expect(stack.output.slice(from).join("")).toContain(
        'Agent "Later": versioning will be turned on; the service cannot turn it off again',
      );
      env.emu.clearRequests();
      const r = await stack.up();
      expect(r.changes).toEqual({ update: 1 });
      const writes = env.emu.requests().filter((x) => x.method !== "GET");
      expect(writes.map((w) => [w.route, w.query.enable_versioning_if_not_enabled, w.body])).toEqual([
        ["PATCH /agents/{agent_id}", "true", {}],
      ]);
      expect(r.outputs.mainBranchId).toMatch(/^agtbrch_/);
      expect((await stack.preview()).changes).toEqual({});
      expect((await stack.refresh()).changes).toEqual({});
      await stack.destroy();
      expect(env.emu.workspace(env.apiKey).isEmpty()).toBe(true);
    } finally {
      await stack.dispose();
    }
  });
});
