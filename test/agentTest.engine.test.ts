/**
 * Acceptance test of AgentTest (live) through the real Pulumi engine against the emulator: a
 * response test and a tool-call test attached to an agent, with request counts (create, no-op,
 * edit = one PUT, refresh after an out-of-band change, a type change that replaces, destroy), and
 * the attached tests run with `runAgentTests` as a release gate would.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAgentTests } from "../client/testing";
import { Agent, AgentTest, Tool } from "../sdk";
import { useEmulator } from "./helpers/emulator";
import { TestStack, typeToken } from "./helpers/engine";

describe("AgentTest through the engine (live)", () => {
  const env = useEmulator({}, "live");
  let stack: TestStack;
  const state = {
    condition: 'The agent mentions the "opening hours".',
    secondType: "tool" as "tool" | "llm",
  };
  const ids = { agent: "", hours: "", lookup: "" };

  const program = async () => {
    const lookup = new Tool("lookup", {
      toolConfig: { type: "client", name: "lookup_order", description: "Looks up an order." },
    });
    const hours = new AgentTest("hours", {
      type: "llm",
      name: "Mentions the opening hours",
      chatHistory: [{ role: "user", message: "When are you open?", timeInCallSecs: 1 }],
      successCondition: state.condition,
      successExamples: [{ response: "We are open 9 to 5.", type: "success" }],
      failureExamples: [{ response: "I do not know.", type: "failure" }],
      dynamicVariables: { customer_name: "Ada" },
      environment: "staging",
    });
    const second =
      state.secondType === "tool"
        ? new AgentTest("lookup", {
            type: "tool",
            name: "Looks the order up",
            chatHistory: [{ role: "user", message: "Where is order 42?", timeInCallSecs: 1 }],
            toolCallParameters: {
              referencedTool: { id: lookup.toolId, type: "client" },
              parameters: [{ path: "order_id", eval: { type: "exact", expectedValue: "42" } }],
            },
          })
        : new AgentTest("lookup", {
            type: "llm",
            name: "Looks the order up",
            chatHistory: [{ role: "user", message: "Where is order 42?", timeInCallSecs: 1 }],
            successCondition: 'Says "order".',
          });
    const agent = new Agent("support", {
      name: "Support",
      conversationConfig: {
        agent: {
          firstMessage: "Hi! Ask me about our opening hours or your order.",
          prompt: { prompt: "Help customers.", toolIds: [lookup.toolId] },
        },
      },
      platformSettings: { testing: { attachedTests: [{ testId: hours.id }, { testId: second.id }] } },
    });
    return { agentId: agent.agentId, hoursId: hours.testId, lookupId: second.testId };
  };

  const writes = () =>
    env.emu
      .requests()
      .filter((r) => r.method !== "GET")
      .map((r) => r.route);
  const tests = () => env.emu.workspace(env.apiKey).agentTests;

  beforeAll(async () => {
    stack = await TestStack.create(program, env);
  });

  afterAll(async () => {
    await stack?.dispose();
  });

  it("up makes each test with one POST (after one shared look for an earlier attempt's) and attaches them", async () => {
    const r = await stack.up({ parallel: 1 });
    expect(r.changes).toEqual({ create: 5 });
    expect(writes()).toEqual([
      "POST /tools",
      "POST /agent-testing/create",
      "POST /agent-testing/create",
      "POST /agents/create",
    ]);
    // One listing of the tests, shared by both creates (read once per provider process).
    expect(env.routes().filter((x) => x === "GET /agent-testing")).toHaveLength(1);
    ids.agent = String(r.outputs.agentId);
    ids.hours = String(r.outputs.hoursId);
    ids.lookup = String(r.outputs.lookupId);
    expect(tests()[ids.hours]).toMatchObject({
      type: "llm",
      body: {
        name: "Mentions the opening hours",
        success_condition: state.condition,
        failure_examples: [{ response: "I do not know.", type: "failure" }],
        dynamic_variables: { customer_name: "Ada" },
        environment: "staging",
        chat_history: [{ role: "user", message: "When are you open?", time_in_call_secs: 1 }],
      },
    });
    expect(tests()[ids.lookup]?.body.tool_call_parameters).toMatchObject({
      parameters: [{ path: "order_id", eval: { type: "exact", expected_value: "42" } }],
    });
    const agent = await env.api.call("getAgent", { params: { agent_id: ids.agent } });
    expect(agent.platform_settings?.testing).toEqual({
      attached_tests: [{ test_id: ids.hours }, { test_id: ids.lookup }],
    });
  });

  it("the attached tests run and pass (runAgentTests, as elevenlabs-test does)", async () => {
    const report = await runAgentTests({ agentId: ids.agent, client: env.api, pollIntervalMs: 5 });
    expect(report.results.map((x) => [x.testId, x.status])).toEqual([
      [ids.hours, "passed"],
      [ids.lookup, "passed"],
    ]);
    expect(report.passed).toBe(true);
  });

  it("a second preview and a refresh show no changes and write nothing (one GET per test)", async () => {
    env.emu.clearRequests();
    expect((await stack.preview()).changes).toEqual({});
    expect((await stack.refresh()).changes).toEqual({});
    expect((await stack.preview()).changes).toEqual({});
    expect(writes()).toEqual([]);
    expect(env.routes().filter((r) => r === "GET /agent-testing/{test_id}")).toHaveLength(2);
  });

  it("editing the success condition is one PUT of the whole test", async () => {
    env.emu.clearRequests();
    state.condition = 'The agent gives the "opening hours" and the days.';
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes()).toEqual(["PUT /agent-testing/{test_id}"]);
    const put = env.emu.requests().find((r) => r.method === "PUT");
    expect(put?.body).toMatchObject({
      type: "llm",
      name: "Mentions the opening hours",
      success_condition: state.condition,
    });
    expect(tests()[ids.hours]?.body.failure_examples).toEqual([
      { response: "I do not know.", type: "failure" },
    ]);
    expect((await stack.preview()).changes).toEqual({});
  });

  it("refresh shows a test changed out of band, and up puts it back with one PUT", async () => {
    const t = tests()[ids.hours];
    if (!t) throw new Error("the test is gone");
    t.body.success_condition = "Changed by hand";
    expect((await stack.refresh()).changes).toEqual({ update: 1 });
    env.emu.clearRequests();
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes()).toEqual(["PUT /agent-testing/{test_id}"]);
    expect(tests()[ids.hours]?.body.success_condition).toBe(state.condition);
  });

  it("a new type replaces the test: the new one first, the agent moved to it, then the old one deleted", async () => {
    env.emu.clearRequests();
    state.secondType = "llm";
    const r = await stack.up();
    expect(r.changes).toEqual({ replace: 1, update: 1 });
    expect(writes()).toEqual([
      "POST /agent-testing/create",
      "PATCH /agents/{agent_id}",
      "DELETE /agent-testing/{test_id}",
    ]);
    const newId = String(r.outputs.lookupId);
    expect(newId).not.toBe(ids.lookup);
    expect(Object.keys(tests()).sort()).toEqual([ids.hours, newId].sort());
    ids.lookup = newId;
    expect((await stack.preview()).changes).toEqual({});
  });

  it("a test deleted outside Pulumi is dropped by refresh and made again by up", async () => {
    await env.api.call("deleteAgentTest", { params: { test_id: ids.hours } });
    expect((await stack.refresh()).changes).toEqual({ delete: 1, update: 1 });
    env.emu.clearRequests();
    const r = await stack.up();
    expect(r.changes).toEqual({ create: 1, update: 1 });
    expect(writes()).toEqual(["POST /agent-testing/create", "PATCH /agents/{agent_id}"]);
    ids.hours = String(r.outputs.hoursId);
    expect((await stack.preview()).changes).toEqual({});
  });

  it("destroy deletes the agent, then its tests and the tool: nothing is left", async () => {
    env.emu.clearRequests();
    expect((await stack.destroy()).changes).toEqual({ delete: 5 });
    const deletes = writes();
    expect([...deletes].sort()).toEqual(
      [
        "DELETE /agent-testing/{test_id}",
        "DELETE /agent-testing/{test_id}",
        "DELETE /agents/{agent_id}",
        "DELETE /tools/{tool_id}",
      ].sort(),
    );
    expect(deletes[0]).toBe("DELETE /agents/{agent_id}");
    expect(env.emu.workspace(env.apiKey).isEmpty()).toBe(true);
    expect(await stack.resources(typeToken("AgentTest"))).toEqual([]);
  });
});
