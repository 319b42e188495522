/**
 * Settings newer than the package, through the real engine: an Agent declares settings the API
 * description does not list yet (`unmodeledSettings`, by wire path) against an emulator that
 * accepts and stores them (`acceptUnknownFields`, as the service does). They are sent at their
 * paths on create, shown in diffs, changed with one PATCH that carries only them, read back on
 * refresh (drift), removed with null, and exported by `elevenlabs-export` under the same argument.
 * A path the package models fails the preview naming the typed property.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportAccount } from "../cli/export";
import { Agent } from "../sdk";
import { useEmulator } from "./helpers/emulator";
import { failedPreview, TestStack } from "./helpers/engine";

describe("unmodeledSettings of an Agent through the engine (live)", () => {
  const env = useEmulator({ acceptUnknownFields: true }, "live");
  let stack: TestStack;
  const state: { settings: Record<string, unknown> } = {
    settings: {
      "platform_settings.ban": { reason: "abuse", at_unix: 1700000000 },
      "conversation_config.tts.audio_filter": "warm",
      "conversation_config.agent.prompt.enable_parallel_tool_calls": true,
    },
  };
  let agentId = "";

  const program = async () => {
    const agent = new Agent("newer", {
      name: "Newer",
      conversationConfig: { agent: { prompt: { prompt: "You help." } }, tts: { stability: 0.4 } },
      unmodeledSettings: state.settings,
    });
    return { agentId: agent.agentId };
  };

  const stored = () => env.emu.workspace(env.apiKey).agents[agentId];
  const writes = () => env.emu.requests().filter((r) => r.method !== "GET");

  beforeAll(async () => {
    stack = await TestStack.create(program, env);
  });
  afterAll(async () => {
    await stack?.dispose();
  });

  it("up sends each setting at its wire path in the one create", async () => {
    const r = await stack.up();
    agentId = String(r.outputs.agentId);
    const create = writes().find((w) => w.route === "POST /agents/create");
    expect(create?.body).toMatchObject({
      conversation_config: {
        tts: { stability: 0.4, audio_filter: "warm" },
        agent: { prompt: { prompt: "You help.", enable_parallel_tool_calls: true } },
      },
      platform_settings: { ban: { reason: "abuse", at_unix: 1700000000 } },
    });
    expect(stored()?.platform_settings).toMatchObject({ ban: { reason: "abuse" } });
  });

  it("a second preview and a refresh read them back and find nothing to do", async () => {
    env.emu.clearRequests();
    expect((await stack.preview()).changes).toEqual({});
    expect((await stack.refresh()).changes).toEqual({});
    expect(writes()).toEqual([]);
  });

  it("a changed value is one PATCH carrying only that path", async () => {
    env.emu.clearRequests();
    state.settings = { ...state.settings, "conversation_config.tts.audio_filter": "bright" };
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes().map((w) => [w.route, w.body])).toEqual([
      ["PATCH /agents/{agent_id}", { conversation_config: { tts: { audio_filter: "bright" } } }],
    ]);
    expect((await stack.preview()).changes).toEqual({});
  });

  it("a change outside Pulumi shows on refresh, and up puts the declared value back", async () => {
    env.emu.workspace(env.apiKey).patchAgent(agentId, { platform_settings: { ban: { reason: "other" } } });
    expect((await stack.refresh()).changes).toEqual({ update: 1 });
    env.emu.clearRequests();
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(stored()?.platform_settings?.ban).toEqual({ reason: "abuse", at_unix: 1700000000 });
  });

  it("a setting no longer declared is removed with null", async () => {
    env.emu.clearRequests();
    const { "conversation_config.agent.prompt.enable_parallel_tool_calls": _, ...rest } = state.settings;
    state.settings = rest;
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes()[0]?.body).toEqual({
      conversation_config: { agent: { prompt: { enable_parallel_tool_calls: null } } },
    });
    const agent = stored()?.conversation_config.agent as { prompt: Record<string, unknown> } | undefined;
    const prompt = agent?.prompt ?? {};
    expect(prompt.enable_parallel_tool_calls).toBeUndefined();
    expect((await stack.preview()).changes).toEqual({});
  });

  it("elevenlabs-export writes the account's unmodeled settings into unmodeledSettings, with no warning", async () => {
    // The stack manages the agent: --include-managed exports it anyway.
    const r = await exportAccount({ client: env.api, includeManaged: true });
    expect(r.warnings).toEqual([]);
    expect(r.program).toContain('"platform_settings.ban": {');
    expect(r.program).toContain('"conversation_config.tts.audio_filter": "bright",');
  });

  it("a path the package models fails the preview, naming the typed property, before any request", async () => {
    env.emu.clearRequests();
    const message = await failedPreview(async () => {
      new Agent("modeled", {
        name: "Modeled",
        conversationConfig: {},
        unmodeledSettings: { "conversation_config.tts.voice_id": "21m00Tcm4TlvDq8ikWAM" },
      });
    }, env);
    expect(message).toContain(
      "unmodeledSettings.conversation_config.tts.voice_id: the package models this setting; declare it as conversationConfig.tts.voiceId instead",
    );
    expect(
      env.emu.requests().filter((r) => r.route.startsWith("POST") || r.route.startsWith("PATCH")),
    ).toEqual([]);
  });

  it("destroy deletes the agent", async () => {
    await stack.destroy();
    expect(env.emu.workspace(env.apiKey).isEmpty()).toBe(true);
  });
});
