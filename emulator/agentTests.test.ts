/** Agent tests, folders and runs: the emulator's rule, and runs that settle over polls. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { client } from "../test/helpers/http";
import { keyWords } from "./agentTests";
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

const RESPONSE_TEST = {
  type: "llm",
  name: "Greets and offers help",
  chat_history: [{ role: "user", message: "Hello?", time_in_call_secs: 0 }],
  success_condition: 'The agent says "opening hours" when asked.',
  success_examples: [{ response: "We open at nine.", type: "success" }],
  failure_examples: [{ response: "I cannot help", type: "failure" }],
  dynamic_variables: { customer_name: "Ada" },
};

async function agent(first: string, prompt: string, toolIds: string[] = []): Promise<string> {
  const r = await call("POST", "/agents/create", {
    name: "Tested",
    conversation_config: { agent: { first_message: first, prompt: { prompt, tool_ids: toolIds } } },
  });
  expect(r.status).toBe(200);
  return r.json.agent_id;
}

/** Runs tests against an agent and polls until no run is pending; answers the polls' statuses and the last answer. */
async function runUntilDone(agentId: string, tests: string[], branchId?: string) {
  const started = await call("POST", `/agents/${agentId}/run-tests`, {
    tests: tests.map((test_id) => ({ test_id })),
    ...(branchId ? { branch_id: branchId } : {}),
  });
  expect(started.status).toBe(200);
  const seen: string[][] = [started.json.test_runs.map((r: { status: string }) => r.status)];
  let last = started;
  for (let i = 0; i < 5 && seen.at(-1)?.includes("pending"); i++) {
    last = await call("GET", `/test-invocations/${started.json.id}`);
    expect(validateAnswer("GET /test-invocations/{test_invocation_id}", 200, last.json, "live")).toEqual([]);
    seen.push(last.json.test_runs.map((r: { status: string }) => r.status));
  }
  return { seen, last: last.json };
}

describe("agent tests", () => {
  it("create answers {id}; GET, PUT, list and summaries answer what was sent, with defaults", async () => {
    const r = await call("POST", "/agent-testing/create", RESPONSE_TEST);
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(["id"]);
    const id = r.json.id;
    const got = await call("GET", `/agent-testing/${id}`);
    expect(got.json).toMatchObject({ ...RESPONSE_TEST, id });
    expect(validateAnswer("GET /agent-testing/{test_id}", 200, got.json, "live")).toEqual([]);
    const put = await call("PUT", `/agent-testing/${id}`, {
      ...RESPONSE_TEST,
      success_condition: "Says hours.",
    });
    expect(put.json.success_condition).toBe("Says hours.");
    expect(put.json.failure_examples).toEqual(RESPONSE_TEST.failure_examples);
    // A PUT is the whole test: what it leaves out is gone.
    const bare = await call("PUT", `/agent-testing/${id}`, { type: "llm", name: "Bare" });
    expect(bare.json.failure_examples).toBeUndefined();
    expect((await call("PUT", `/agent-testing/${id}`, { type: "tool", name: "x" })).status).toBe(400);
    const list = await call("GET", "/agent-testing?search=bare");
    expect(list.json.tests.map((t: { id: string }) => t.id)).toEqual([id]);
    expect(list.json.tests[0]).toMatchObject({ name: "Bare", type: "llm" });
    const sums = await call("POST", "/agent-testing/summaries", { test_ids: [id, "test_nope"] });
    expect(Object.keys(sums.json.tests)).toEqual([id]);
    expect((await call("DELETE", `/agent-testing/${id}`)).status).toBe(200);
    expect((await call("GET", `/agent-testing/${id}`)).status).toBe(404);
  });

  it("agents attach tests by id (unknown: 422); deleting a test detaches it", async () => {
    const id = (await call("POST", "/agent-testing/create", RESPONSE_TEST)).json.id;
    const bad = await call("POST", "/agents/create", {
      name: "x",
      conversation_config: {},
      platform_settings: { testing: { attached_tests: [{ test_id: "test_nope" }] } },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.detail[0].loc).toEqual([
      "body",
      "platform_settings",
      "testing",
      "attached_tests",
      0,
      "test_id",
    ]);
    const a = (
      await call("POST", "/agents/create", {
        name: "x",
        conversation_config: {},
        platform_settings: { testing: { attached_tests: [{ test_id: id }] } },
      })
    ).json.agent_id;
    await call("DELETE", `/agent-testing/${id}`);
    expect((await call("GET", `/agents/${a}`)).json.platform_settings.testing.attached_tests).toEqual([]);
  });

  it("folders: create, get, rename; a test in an unknown folder is 422; a folder with tests needs force", async () => {
    const f = (await call("POST", "/agent-testing/folders", { name: "Release" })).json;
    expect(f.id).toMatch(/^tfold_/);
    expect((await call("PATCH", `/agent-testing/folders/${f.id}`, { name: "Release gate" })).json.name).toBe(
      "Release gate",
    );
    expect(
      (await call("POST", "/agent-testing/create", { ...RESPONSE_TEST, parent_folder_id: "tfold_x" })).status,
    ).toBe(422);
    const t = (await call("POST", "/agent-testing/create", { ...RESPONSE_TEST, parent_folder_id: f.id })).json
      .id;
    const got = await call("GET", `/agent-testing/folders/${f.id}`);
    expect(got.json).toMatchObject({ name: "Release gate", children_count: 1 });
    expect((await call("DELETE", `/agent-testing/folders/${f.id}`)).status).toBe(409);
    expect((await call("DELETE", `/agent-testing/folders/${f.id}?force=true`)).status).toBe(204);
    expect((await call("GET", `/agent-testing/${t}`)).status).toBe(404);
  });
});

describe("runs: the emulator's rule", () => {
  it("splits a condition into quoted phrases, else its long words", () => {
    expect(keyWords('Mentions "opening hours" and `refund`')).toEqual({
      words: ["opening hours", "refund"],
      quoted: true,
    });
    expect(keyWords("Offers a refund politely")).toEqual({
      words: ["offers", "refund", "politely"],
      quoted: false,
    });
  });

  it("a response test passes when the agent says the key words, fails on a failure example; runs settle over polls", async () => {
    const pass = (await call("POST", "/agent-testing/create", RESPONSE_TEST)).json.id;
    const fail = (
      await call("POST", "/agent-testing/create", {
        ...RESPONSE_TEST,
        name: "Refunds",
        success_condition: 'Says "refund".',
      })
    ).json.id;
    const a = await agent("Hi! Ask me about our opening hours.", "You answer questions.");
    const { seen, last } = await runUntilDone(a, [pass, fail]);
    expect(seen).toEqual([
      ["pending", "pending"],
      ["pending", "pending"],
      ["passed", "pending"],
      ["passed", "failed"],
    ]);
    expect(last.test_runs[0].condition_result).toEqual({
      result: "success",
      rationale: {
        messages: ['the agent\'s first message or prompt contains "opening hours"'],
        summary: expect.any(String),
      },
    });
    expect(last.test_runs[1].condition_result.rationale.summary).toBe(
      'the agent\'s first message and prompt lack "refund"',
    );
    const bad = await agent("I cannot help with opening hours.", "x");
    const r = await runUntilDone(bad, [pass]);
    expect(r.last.test_runs[0].status).toBe("failed");
    expect(r.last.test_runs[0].condition_result.rationale.summary).toContain(
      'failure example "i cannot help"',
    );
  });

  it("a tool-call test passes when the agent has the tool (or, verifying absence, does not)", async () => {
    const tool = (
      await call("POST", "/tools", {
        tool_config: { type: "client", name: "show_map", description: "Shows a map" },
      })
    ).json.id;
    const expectTool = (verify_absence: boolean) => ({
      type: "tool",
      name: `Calls show_map ${verify_absence}`,
      chat_history: [{ role: "user", message: "Where are you?", time_in_call_secs: 1 }],
      tool_call_parameters: { referenced_tool: { id: tool, type: "client" }, parameters: [], verify_absence },
    });
    const has = (await call("POST", "/agent-testing/create", expectTool(false))).json.id;
    const lacks = (await call("POST", "/agent-testing/create", expectTool(true))).json.id;
    const withTool = await agent("Hi", "Help.", [tool]);
    const r = await runUntilDone(withTool, [has, lacks]);
    expect(r.last.test_runs.map((x: { status: string }) => x.status)).toEqual(["passed", "failed"]);
    const without = await agent("Hi", "Help.");
    const r2 = await runUntilDone(without, [has, lacks]);
    expect(r2.last.test_runs.map((x: { status: string }) => x.status)).toEqual(["failed", "passed"]);
  });

  it("a run on a branch judges the branch's configuration; unknown tests are 422", async () => {
    const a = (
      await call("POST", "/agents/create?enable_versioning=true", {
        name: "v",
        conversation_config: { agent: { first_message: "Hello" } },
      })
    ).json.agent_id;
    const version = (await call("GET", `/agents/${a}`)).json.version_id;
    const branch = (
      await call("POST", `/agents/${a}/branches`, {
        parent_version_id: version,
        name: "hours",
        description: "",
        conversation_config: { agent: { first_message: "Our opening hours are 9 to 5." } },
      })
    ).json.created_branch_id;
    const t = (await call("POST", "/agent-testing/create", RESPONSE_TEST)).json.id;
    expect((await runUntilDone(a, [t])).last.test_runs[0].status).toBe("failed");
    const onBranch = await runUntilDone(a, [t], branch);
    expect(onBranch.last.test_runs[0].status).toBe("passed");
    expect(onBranch.last.branch_id).toBe(branch);
    const unknown = await call("POST", `/agents/${a}/run-tests`, { tests: [{ test_id: "test_nope" }] });
    expect(unknown.status).toBe(422);
    expect(unknown.json.detail[0].loc).toEqual(["body", "tests", 0, "test_id"]);
  });
});
