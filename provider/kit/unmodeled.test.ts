import { describe, expect, it } from "vitest";
import { liveShapes } from "../../client/generated/live";
import { agent } from "../resources/agent";
import { pathKind, splitUnmodeled, unmodeledOf, withUnmodeled } from "./unmodeled";

const shape = liveShapes.AgentArgs;

describe("unmodeledSettings paths", () => {
  it.each([
    ["platform_settings.ban", "unmodeled"],
    ["conversation_config.tts.audio_filter", "unmodeled"],
    ["conversation_config.agent.prompt.enable_parallel_tool_calls", "unmodeled"],
    ["conversation_config.agent.prompt.built_in_tools.update_state", "unmodeled"],
    ["version_description", "unmodeled"],
    ["conversation_config.tts.voice_id", "modeled"],
    ["platform_settings.data_collection.customer_tier", "refused"],
    ["conversation_config.agent.prompt.tool_ids.extra", "refused"],
    ["conversation_config.tts.stability.fine", "refused"],
  ])("%s is %s", (path, kind) => {
    expect(pathKind(shape, path).kind).toBe(kind);
  });

  it("names the typed property to use for a modeled path", () => {
    expect(pathKind(shape, "conversation_config.tts.voice_id")).toEqual({
      kind: "modeled",
      camel: "conversationConfig.tts.voiceId",
    });
  });
});

describe("unmodeledSettings in the wire tree", () => {
  const settings = {
    "platform_settings.ban": { reason: "abuse" },
    "conversation_config.tts.audio_filter": "warm",
  };

  it("are put at their paths, read back from them, and split out of a live tree", () => {
    const wire = withUnmodeled({ name: "A", conversation_config: { tts: { voice_id: "v" } } }, settings);
    expect(wire).toEqual({
      name: "A",
      conversation_config: { tts: { voice_id: "v", audio_filter: "warm" } },
      platform_settings: { ban: { reason: "abuse" } },
    });
    expect(unmodeledOf(wire, settings)).toEqual(settings);
    expect(unmodeledOf({ name: "A" }, settings)).toBeUndefined();
    const { modeled, unmodeled } = splitUnmodeled(wire, shape);
    expect(unmodeled).toEqual(settings);
    expect(modeled).toEqual({
      name: "A",
      conversation_config: { tts: { voice_id: "v" } },
      platform_settings: {},
    });
  });

  it("are checked by the Agent at preview: a modeled path is refused, naming its typed property", async () => {
    const base = { name: "A", conversationConfig: {} };
    expect(
      (await agent.handler.check({}, { ...base, unmodeledSettings: settings })).failures,
    ).toBeUndefined();
    const failures = (
      await agent.handler.check(
        {},
        { ...base, unmodeledSettings: { "conversation_config.tts.voice_id": "v" } },
      )
    ).failures;
    expect(failures?.map((f) => f.reason)).toEqual([
      "unmodeledSettings.conversation_config.tts.voice_id: the package models this setting; declare it as conversationConfig.tts.voiceId instead",
    ]);
    const bad = (await agent.handler.check({}, { ...base, unmodeledSettings: { "a..b": 1 } })).failures;
    expect(bad?.[0]?.reason).toContain("must be a dotted wire path");
  });
});
