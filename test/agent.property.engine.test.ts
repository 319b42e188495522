/**
 * A slice of the Agent property test through the real Pulumi engine: ONE stack whose program
 * declares 50 random valid agents (the generator of test/agent.property.test.ts, fixed seed).
 * `up` creates them; `preview`, `refresh`, `preview` show no change; one random edit per agent and
 * `up` again sends exactly one PATCH per agent, each carrying only its change; `preview` is empty
 * again; `destroy` leaves the emulator empty.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentArgsSchema } from "../provider/generated/live";
import type { AgentArgs } from "../sdk";
import { Agent } from "../sdk";
import {
  agentPatchMismatch,
  editSteps,
  emulatorAgentOptions,
  jsonSchemaOf,
  validValue,
} from "./helpers/arbitraries";
import { useEmulator } from "./helpers/emulator";
import { TestStack } from "./helpers/engine";

const SEED = 20_260_518;
const AGENTS = 50;

describe(`${AGENTS} random agents in one stack, through the engine`, () => {
  const env = useEmulator();
  const json = jsonSchemaOf(AgentArgsSchema);
  let stack: TestStack;
  let declared: unknown[] = [];
  let edited: unknown[] = [];
  let ids: string[] = [];
  let started = 0;

  const program = (agents: readonly unknown[]) => async () => {
    const created = agents.map((args, i) => new Agent(`agent-${i}`, args as AgentArgs));
    return { ids: created.map((a) => a.agentId) };
  };

  beforeAll(async () => {
    started = Date.now();
    const options = await emulatorAgentOptions(env.api);
    declared = fc.sample(validValue(json, options), { numRuns: AGENTS, seed: SEED });
    edited = declared.map((v, i) => {
      const [step] = fc.sample(editSteps(json, v, 1, options), { numRuns: 1, seed: SEED + i })[0] ?? [];
      if (!step) throw new Error(`no edit of agent ${i}`);
      return step.after;
    });
    console.log(`agent property engine test: seed ${SEED}, ${AGENTS} agents, one edit each`);
    stack = await TestStack.create(program(declared), env);
  });

  afterAll(async () => {
    await stack?.dispose();
    console.log(`agent property engine test: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  it("up creates them, one POST each", async () => {
    const r = await stack.up();
    expect(r.changes).toEqual({ create: AGENTS + 1 });
    ids = r.outputs.ids as string[];
    expect(new Set(ids).size).toBe(AGENTS);
    expect(env.routes().filter((x) => x === "POST /agents/create")).toHaveLength(AGENTS);
  });

  it("preview, refresh, preview: no change, no write", async () => {
    env.emu.clearRequests();
    expect((await stack.preview()).changes).toEqual({});
    expect((await stack.refresh()).changes).toEqual({});
    expect((await stack.preview()).changes).toEqual({});
    expect(env.emu.requests().filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("one random edit per agent: up sends one PATCH each, with only the change; then no change", async () => {
    stack.setProgram(program(edited));
    env.emu.clearRequests();
    expect((await stack.up()).changes).toEqual({ update: AGENTS });
    const writes = env.emu.requests().filter((r) => r.method !== "GET");
    expect(writes.every((w) => w.route === "PATCH /agents/{agent_id}")).toBe(true);
    expect(writes.map((w) => w.path).sort()).toEqual(ids.map((id) => `/agents/${id}`).sort());
    const mismatches = writes.flatMap((w) => {
      const i = ids.findIndex((id) => w.path === `/agents/${id}`);
      const m = agentPatchMismatch(w.body, declared[i], edited[i]);
      return m.stray.length + m.unsent.length === 0 ? [] : [{ agent: i, ...m }];
    });
    expect(mismatches).toEqual([]);
    expect((await stack.preview()).changes).toEqual({});
  });

  it("destroy deletes every agent; the emulator is empty", async () => {
    env.emu.clearRequests();
    expect((await stack.destroy()).changes).toEqual({ delete: AGENTS + 1 });
    expect(env.routes().filter((x) => x === "DELETE /agents/{agent_id}")).toHaveLength(AGENTS);
    const ws = env.emu.workspace(env.apiKey);
    expect(ws.counts().agents).toBe(0);
    // The tools, documents, MCP servers and tests the generated references name were made by the
    // test, not the stack.
    for (const id of Object.keys(ws.tools)) await env.api.call("deleteTool", { params: { tool_id: id } });
    for (const id of Object.keys(ws.documents))
      await env.api.call("deleteDocument", { params: { documentation_id: id } });
    for (const id of Object.keys(ws.mcpServers))
      await env.api.call("deleteMcpServer", { params: { mcp_server_id: id } });
    for (const id of Object.keys(ws.agentTests))
      await env.api.call("deleteAgentTest", { params: { test_id: id } });
    expect(ws.isEmpty()).toBe(true);
  });
});
