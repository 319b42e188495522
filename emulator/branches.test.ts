/** Versioning, branches and the traffic split of live agents, and a number's branch and environment. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { client } from "../test/helpers/http";
import { type Emulator, startEmulator, validateAnswer } from "./index";

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ rateLimit: 10_000 });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => emu.reset());

const call = client(() => emu);

const AGENT = {
  name: "Versioned",
  conversation_config: { agent: { first_message: "Hi", prompt: { prompt: "Help." } } },
};

/** A versioned agent: its id, main branch and main version. */
async function versionedAgent(): Promise<{ agentId: string; main: string; version: string }> {
  const r = await call("POST", "/agents/create?enable_versioning=true", AGENT);
  expect(r.status).toBe(200);
  const g = await call("GET", `/agents/${r.json.agent_id}`);
  return { agentId: r.json.agent_id, main: g.json.main_branch_id, version: g.json.version_id };
}

describe("versioning", () => {
  it("an agent has no version fields until versioning is turned on, then a main branch and a version", async () => {
    const { agent_id: id } = (await call("POST", "/agents/create", AGENT)).json;
    const before = await call("GET", `/agents/${id}`);
    expect(before.json).toMatchObject({ version_id: null, branch_id: null, main_branch_id: null });
    const on = await call("PATCH", `/agents/${id}?enable_versioning_if_not_enabled=true`, {});
    expect(on.status).toBe(200);
    expect(on.json.main_branch_id).toMatch(/^agtbrch_/);
    expect(on.json.version_id).toMatch(/^agtvrsn_/);
    expect(on.json.branch_id).toBe(on.json.main_branch_id);
    // Every PATCH commits a new version on the main branch.
    const next = await call("PATCH", `/agents/${id}`, { name: "Versioned 2" });
    expect(next.json.version_id).not.toBe(on.json.version_id);
    expect(next.json.main_branch_id).toBe(on.json.main_branch_id);
    expect(validateAnswer("GET /agents/{agent_id}", 200, next.json, "live")).toEqual([]);
  });

  it("branches need versioning (400)", async () => {
    const { agent_id: id } = (await call("POST", "/agents/create", AGENT)).json;
    const r = await call("POST", `/agents/${id}/branches`, {
      parent_version_id: "x",
      name: "b",
      description: "",
    });
    expect(r.status).toBe(400);
    expect(r.json.detail.status).toBe("versioning_not_enabled");
  });
});

describe("branches", () => {
  it("a branch starts from a version with its own changes; a PATCH with branch_id changes only it", async () => {
    const { agentId, main, version } = await versionedAgent();
    const r = await call("POST", `/agents/${agentId}/branches`, {
      parent_version_id: version,
      name: "staging",
      description: "Staging configuration",
      conversation_config: { agent: { first_message: "Hi from staging" } },
    });
    expect(r.status).toBe(200);
    const branch = r.json.created_branch_id;
    expect(r.json.created_version_id).toMatch(/^agtvrsn_/);
    const onBranch = await call("GET", `/agents/${agentId}?branch_id=${branch}`);
    expect(onBranch.json.conversation_config.agent.first_message).toBe("Hi from staging");
    expect(onBranch.json.conversation_config.agent.prompt.prompt).toBe("Help.");
    expect(onBranch.json.branch_id).toBe(branch);
    const patched = await call("PATCH", `/agents/${agentId}?branch_id=${branch}`, {
      conversation_config: { agent: { prompt: { prompt: "Help, on staging." } } },
    });
    expect(patched.status).toBe(200);
    expect(patched.json.conversation_config.agent.prompt.prompt).toBe("Help, on staging.");
    const onMain = await call("GET", `/agents/${agentId}`);
    expect(onMain.json.conversation_config.agent).toMatchObject({
      first_message: "Hi",
      prompt: { prompt: "Help." },
    });
    expect(onMain.json.branch_id).toBe(main);
    // An invalid change to a branch is refused like one to the agent.
    const bad = await call("PATCH", `/agents/${agentId}?branch_id=${branch}`, {
      conversation_config: { tts: { stability: 7 } },
    });
    expect(bad.status).toBe(422);
  });

  it("lists, gets, renames, protects and archives; names are unique among live branches", async () => {
    const { agentId, main, version } = await versionedAgent();
    const body = { parent_version_id: version, name: "canary", description: "d" };
    const b = (await call("POST", `/agents/${agentId}/branches`, body)).json.created_branch_id;
    expect((await call("POST", `/agents/${agentId}/branches`, body)).status).toBe(409);
    const list = await call("GET", `/agents/${agentId}/branches`);
    expect(list.json.results.map((x: { id: string }) => x.id)).toEqual([main, b]);
    expect(validateAnswer("GET /agents/{agent_id}/branches", 200, list.json, "live")).toEqual([]);
    const got = await call("GET", `/agents/${agentId}/branches/${b}`);
    expect(got.json).toMatchObject({
      id: b,
      name: "canary",
      description: "d",
      is_archived: false,
      current_live_percentage: 0,
    });
    expect(got.json.parent_branch).toEqual({ id: main, name: "Main" });
    expect(validateAnswer("GET /agents/{agent_id}/branches/{branch_id}", 200, got.json, "live")).toEqual([]);
    const renamed = await call("PATCH", `/agents/${agentId}/branches/${b}`, {
      name: "canary-2",
      protection_status: "admin_perms_required",
    });
    expect(renamed.json).toMatchObject({ name: "canary-2", protection_status: "admin_perms_required" });
    expect((await call("PATCH", `/agents/${agentId}/branches/${main}`, { is_archived: true })).status).toBe(
      400,
    );
    expect(
      (await call("PATCH", `/agents/${agentId}/branches/${b}`, { is_archived: true })).json.is_archived,
    ).toBe(true);
    expect((await call("GET", `/agents/${agentId}/branches`)).json.results).toHaveLength(1);
    expect(
      (await call("GET", `/agents/${agentId}/branches?include_archived=true`)).json.results,
    ).toHaveLength(2);
    // An archived branch takes no change; its name is free again.
    expect((await call("PATCH", `/agents/${agentId}?branch_id=${b}`, { name: "x" })).status).toBe(409);
    expect((await call("POST", `/agents/${agentId}/branches`, { ...body, name: "canary-2" })).status).toBe(
      200,
    );
  });

  it("deleting the agent takes its branches with it", async () => {
    const { agentId, version } = await versionedAgent();
    await call("POST", `/agents/${agentId}/branches`, {
      parent_version_id: version,
      name: "b",
      description: "",
    });
    expect((await call("DELETE", `/agents/${agentId}`)).status).toBe(204);
    expect((await call("GET", `/agents/${agentId}/branches`)).status).toBe(404);
  });
});

describe("deployments (the traffic split)", () => {
  it("splits traffic between branches summing to 100; a branch with traffic cannot be archived", async () => {
    const { agentId, main, version } = await versionedAgent();
    const b = (
      await call("POST", `/agents/${agentId}/branches`, {
        parent_version_id: version,
        name: "b",
        description: "",
      })
    ).json.created_branch_id;
    const split = (pairs: [string, number][]) => ({
      deployment_request: {
        requests: pairs.map(([branch_id, p]) => ({
          branch_id,
          deployment_strategy: { type: "percentage", traffic_percentage: p },
        })),
      },
    });
    const r = await call(
      "POST",
      `/agents/${agentId}/deployments`,
      split([
        [main, 90],
        [b, 10],
      ]),
    );
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ traffic_percentage_branch_id_map: { [main]: 90, [b]: 10 } });
    expect((await call("GET", `/agents/${agentId}/branches/${b}`)).json.current_live_percentage).toBe(10);
    expect((await call("PATCH", `/agents/${agentId}/branches/${b}`, { is_archived: true })).status).toBe(409);
    const bad = await call(
      "POST",
      `/agents/${agentId}/deployments`,
      split([
        [main, 90],
        [b, 20],
      ]),
    );
    expect(bad.status).toBe(422);
    expect(bad.json.detail[0].msg).toContain("sum to 100");
    const foreign = await call("POST", `/agents/${agentId}/deployments`, split([["agtbrch_nope", 100]]));
    expect(foreign.status).toBe(422);
    expect(foreign.json.detail[0].loc).toEqual(["body", "deployment_request", "requests", 0, "branch_id"]);
    // Back to main: the branch can go.
    await call("POST", `/agents/${agentId}/deployments`, split([[main, 100]]));
    expect((await call("PATCH", `/agents/${agentId}/branches/${b}`, { is_archived: true })).status).toBe(200);
  });
});

describe("a number's branch and environment (live)", () => {
  it("PATCH sets the answering branch and environment; they must belong to the assigned agent", async () => {
    const { agentId, version } = await versionedAgent();
    const b = (
      await call("POST", `/agents/${agentId}/branches`, {
        parent_version_id: version,
        name: "b",
        description: "",
      })
    ).json.created_branch_id;
    const num = (
      await call("POST", "/phone-numbers", {
        phone_number: "+14155550100",
        label: "Line",
        sid: "AC0123456789",
        token: "t0k3n-value",
        agent_id: agentId,
      })
    ).json.phone_number_id;
    const r = await call("PATCH", `/phone-numbers/${num}`, { branch_id: b, environment: "staging" });
    expect(r.status).toBe(200);
    expect(r.json.assigned_agent).toMatchObject({ agent_id: agentId, branch_id: b, environment: "staging" });
    expect((await call("PATCH", `/phone-numbers/${num}`, { branch_id: "agtbrch_nope" })).status).toBe(422);
    const off = await call("PATCH", `/phone-numbers/${num}`, { branch_id: null, environment: null });
    expect(off.json.assigned_agent).toEqual({ agent_id: agentId, agent_name: "Versioned" });
  });
});
