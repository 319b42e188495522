/**
 * An agent one stack manages is not taken over by another silently: adopting it (the `import`
 * option) fails the preview naming the other stack's tag unless the program sets `takeOver: true`,
 * and `elevenlabs-export` leaves it out with a note unless `--include-managed`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportAccount } from "../cli/export";
import { Agent } from "../sdk";
import { useEmulator } from "./helpers/emulator";
import { failedPreview, TestStack } from "./helpers/engine";

describe("another stack's agent", () => {
  const env = useEmulator({}, "live");
  let owner: TestStack;
  let id = "";
  const args = { name: "Support", conversationConfig: { agent: { firstMessage: "Hi!" } } };

  beforeAll(async () => {
    owner = await TestStack.create(async () => ({ agentId: new Agent("support", args).agentId }), {
      baseUrl: env.baseUrl,
      apiKey: env.apiKey,
      stackName: "owner",
    });
    id = String((await owner.up()).outputs.agentId);
  });
  afterAll(async () => {
    await owner?.dispose();
  });

  it("is not adopted silently: the preview names the other stack's tags", async () => {
    env.emu.clearRequests();
    const message = await failedPreview(
      async () => {
        new Agent("support", args, { import: id });
      },
      { baseUrl: env.baseUrl, apiKey: env.apiKey, stackName: "other" },
    );
    expect(message).toMatch(
      /tags: the agent is managed by another Pulumi stack or resource \(pulumi-elevenlabs:[0-9a-f]{16}, pulumi-elevenlabs:stack:[0-9a-f]{16}\); to take it over, set takeOver: true/,
    );
    expect(env.emu.requests().filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("is taken over, with reads only, when the program says so", async () => {
    env.emu.clearRequests();
    const other = await TestStack.create(
      async () => ({ agentId: new Agent("support", { ...args, takeOver: true }, { import: id }).agentId }),
      { baseUrl: env.baseUrl, apiKey: env.apiKey, stackName: "other" },
    );
    try {
      const r = await other.up();
      expect(r.outputs.agentId).toBe(id);
      expect(env.emu.requests().filter((q) => q.method !== "GET")).toEqual([]);
      expect((await other.preview()).changes).toEqual({});
    } finally {
      await other.dispose();
    }
  });

  it("is left out of an export with a note, or declared with takeOver: true when included", async () => {
    const left = await exportAccount({ client: env.api });
    expect(left.program).not.toContain(`{ import: "${id}" }`);
    expect(left.notes).toEqual([
      expect.stringMatching(
        new RegExp(
          `^agent "Support" \\(${id}\\): left out, another Pulumi stack manages it \\(pulumi-elevenlabs:.*--include-managed`,
        ),
      ),
    ]);
    expect(left.program).toContain(
      `// Note: agent "Support" (${id}): left out, another Pulumi stack manages it`,
    );
    const taken = await exportAccount({ client: env.api, includeManaged: true });
    expect(taken.program).toContain(`{ import: "${id}" }`);
    expect(taken.program).toContain("takeOver: true,");
  });
});
