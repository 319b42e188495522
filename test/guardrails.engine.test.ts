/**
 * Pulumi's guard rails on this package's resources, through the real engine: `protect: true` makes
 * `destroy` fail with Pulumi's protect error, sending no DELETE; `retainOnDelete: true` lets
 * `destroy` drop the agent from the stack while leaving it in the account.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../sdk";
import { useEmulator } from "./helpers/emulator";
import { TestStack } from "./helpers/engine";

describe("protect and retainOnDelete", () => {
  const env = useEmulator();
  let stack: TestStack;
  let protect = true;
  let withKept = true;
  const ids = { kept: "", guarded: "" };

  const program = async () => {
    const kept = withKept
      ? new Agent(
          "kept",
          { name: "Kept After Destroy", conversationConfig: { agent: { firstMessage: "Still here." } } },
          { retainOnDelete: true },
        )
      : undefined;
    const guarded = new Agent(
      "guarded",
      { name: "Production Line", conversationConfig: { agent: { firstMessage: "Hello!" } } },
      { protect },
    );
    return { kept: kept?.agentId, guarded: guarded.agentId };
  };
  const agents = () => Object.keys(env.emu.workspace(env.apiKey).agents).sort();
  const deletes = () => env.emu.requests().filter((r) => r.method === "DELETE");

  beforeAll(async () => {
    stack = await TestStack.create(program, env);
    const r = await stack.up();
    expect(r.changes).toEqual({ create: 3 });
    ids.kept = String(r.outputs.kept);
    ids.guarded = String(r.outputs.guarded);
  });

  afterAll(async () => {
    await stack?.dispose();
  });

  it("destroy fails on the protected agent and drops the retained one from the stack only", async () => {
    env.emu.clearRequests();
    const err = (await stack.destroy().catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/Agent::guarded" cannot be deleted\s+because it is protected/);
    expect(deletes()).toEqual([]); // neither agent was deleted in the account
    expect(agents()).toEqual([ids.kept, ids.guarded].sort());
    const left = await stack.resources("pulumi-nodejs:dynamic/elevenlabs:Agent");
    expect(left.map((r) => r.id)).toEqual([ids.guarded]);
  });

  it("once unprotected, destroy deletes the agent with one DELETE", async () => {
    protect = false;
    withKept = false; // retained and gone from the stack: left out (declared again, up would adopt it by its key tag)
    expect((await stack.up()).changes).toEqual({}); // protect is state only: no request
    env.emu.clearRequests();
    const r = await stack.destroy();
    expect(r.changes).toEqual({ delete: 2 }); // the stack and the agent
    expect(deletes().map((d) => d.path)).toEqual([`/agents/${ids.guarded}`]);
    expect(agents()).toEqual([ids.kept]);
  });
});
