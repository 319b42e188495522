import { describe, expect, it } from "vitest";
import { failedPaths } from "../../test/helpers/dialect";
import { UNKNOWN } from "../kit/converge";
import { agent } from "./agent";

const valid = {
  name: "Support Assistant",
  conversationConfig: {
    agent: { prompt: { prompt: "You help." }, firstMessage: "Hi!", language: "en" },
    tts: { voiceId: "21m00Tcm4TlvDq8ikWAM", stability: 0.4 },
  },
};

describe("Agent check", () => {
  it("accepts the seed's example", async () => {
    expect((await agent.handler.check({}, valid)).failures).toBeUndefined();
  });

  it("accepts a built-in tool without its constant `type` (the service fills `system`)", async () => {
    const endCall = { name: "end_call", params: { systemToolType: "end_call" } };
    const args = { ...valid, conversationConfig: { agent: { prompt: { builtInTools: { endCall } } } } };
    expect((await agent.handler.check({}, args)).failures).toBeUndefined();
  });

  it.each([
    [
      "stability above 1",
      { ...valid, conversationConfig: { tts: { stability: 3 } } },
      "conversationConfig.tts.stability",
    ],
    [
      "similarityBoost below 0",
      { ...valid, conversationConfig: { tts: { similarityBoost: -0.1 } } },
      "conversationConfig.tts.similarityBoost",
    ],
    ["empty name", { ...valid, name: "" }, "name"],
    ["blank name", { ...valid, name: "   " }, "name"],
    ["missing name", { conversationConfig: {} }, "name"],
    ["missing conversationConfig", { name: "A" }, "conversationConfig"],
    [
      "bad language",
      { ...valid, conversationConfig: { agent: { language: "English" } } },
      "conversationConfig.agent.language",
    ],
    [
      "unknown property",
      { ...valid, conversationConfig: { tts: { voiceID: "x" } } },
      "conversationConfig.tts.voiceID",
    ],
    [
      "wrong type",
      { ...valid, conversationConfig: { tts: { stability: "high" } } },
      "conversationConfig.tts.stability",
    ],
    [
      "bad widget variant",
      { ...valid, platformSettings: { widget: { variant: "huge" } } },
      "platformSettings.widget.variant",
    ],
    ["empty tag", { ...valid, tags: ["ok", ""] }, "tags[1]"],
  ])("rejects %s, naming %s", async (_, news, property) => {
    const { failures } = await agent.handler.check({}, news);
    expect(failedPaths(failures)).toEqual([property]);
  });

  it("does not judge values unknown at preview", async () => {
    const news = { ...valid, name: UNKNOWN, conversationConfig: { tts: { stability: UNKNOWN } } };
    expect((await agent.handler.check({}, news)).failures).toBeUndefined();
  });
});

describe("Agent diff", () => {
  const olds = { ...valid, agentId: "agent_1", __provider: "..." };
  it("reports no change when the declaration is the same", async () => {
    expect(await agent.handler.diff("agent_1", olds, { ...valid, __provider: "..." })).toMatchObject({
      changes: false,
    });
  });
  it("reports an edited prompt as an in-place change", async () => {
    const news = {
      ...valid,
      conversationConfig: { ...valid.conversationConfig, agent: { prompt: { prompt: "New" } } },
    };
    expect(await agent.handler.diff("agent_1", olds, news)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });
  it("reports a removed property as a change", async () => {
    expect(
      await agent.handler.diff("agent_1", olds, {
        name: valid.name,
        conversationConfig: { agent: valid.conversationConfig.agent },
      }),
    ).toMatchObject({ changes: true });
  });
});
