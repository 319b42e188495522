/**
 * Acceptance test of WhatsAppAccount (live) through the real Pulumi engine against the emulator. An
 * account is connected in the dashboard, which the emulator's control route stands in for; the
 * stack adopts it by phone number id and assigns it to an agent with one PATCH; preview and refresh
 * read it once; an edit is one PATCH; an unassignment made outside Pulumi shows on refresh and up
 * puts the agent back; destroy unassigns it, leaves it connected and says so. An account that is
 * not connected fails with what to do; one adopted with `import` is taken with reads only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent, WhatsAppAccount } from "../sdk";
import { useEmulator } from "./helpers/emulator";
import { TestStack, typeToken } from "./helpers/engine";

describe("WhatsAppAccount through the engine (live)", () => {
  const env = useEmulator({}, "live");
  let stack: TestStack;
  const state = { typing: true, phoneNumberId: "wa_101" };
  const ids = { agent: "" };

  const program = async () => {
    const agent = new Agent("chat", { name: "Chat", conversationConfig: {} });
    new WhatsAppAccount("whatsapp", {
      phoneNumberId: state.phoneNumberId,
      assignedAgentId: agent.agentId,
      enableAudioMessageResponse: false,
      enableTypingIndicator: state.typing,
    });
    return { agentId: agent.agentId };
  };

  const account = (id = "wa_101") => env.emu.workspace(env.apiKey).whatsappAccounts[id];
  const accountRoutes = () => env.routes().filter((r) => r.includes("/whatsapp-accounts"));
  const writes = () =>
    env.emu
      .requests()
      .filter((r) => r.method !== "GET")
      .map((r) => r.route);

  beforeAll(async () => {
    env.emu
      .workspace(env.apiKey)
      .seedWhatsAppAccount({ phone_number_id: "wa_101", phone_number: "+14155550101" });
    stack = await TestStack.create(program, env);
  });
  afterAll(async () => {
    await stack?.dispose();
  });

  it("up adopts the connected account and assigns it to the agent: a read and one PATCH", async () => {
    env.emu.clearRequests();
    const r = await stack.up();
    expect(r.changes).toEqual({ create: 3 });
    ids.agent = String(r.outputs.agentId);
    expect(accountRoutes()).toEqual([
      "GET /whatsapp-accounts/{phone_number_id}",
      "PATCH /whatsapp-accounts/{phone_number_id}",
    ]);
    const got = await env.api.call("getWhatsAppAccount", { params: { phone_number_id: "wa_101" } });
    expect(got).toMatchObject({
      assigned_agent_id: ids.agent,
      assigned_agent_name: "Chat",
      enable_audio_message_response: false,
      enable_typing_indicator: true,
    });
    // Already as declared: the typing indicator was not sent.
    expect(env.emu.requests().find((q) => q.method === "PATCH")?.body).toEqual({
      assigned_agent_id: ids.agent,
      enable_audio_message_response: false,
    });
  });

  it("a second preview and a refresh read it once each and write nothing", async () => {
    env.emu.clearRequests();
    expect((await stack.preview()).changes).toEqual({});
    expect((await stack.refresh()).changes).toEqual({});
    expect(writes()).toEqual([]);
    expect(accountRoutes()).toEqual(["GET /whatsapp-accounts/{phone_number_id}"]);
  });

  it("an edit is one PATCH", async () => {
    env.emu.clearRequests();
    state.typing = false;
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes()).toEqual(["PATCH /whatsapp-accounts/{phone_number_id}"]);
    expect(account()?.enable_typing_indicator).toBe(false);
  });

  it("an unassignment outside Pulumi shows on refresh, and up assigns the agent again with one PATCH", async () => {
    await env.api.call("updateWhatsAppAccount", {
      params: { phone_number_id: "wa_101" },
      json: { assigned_agent_id: null },
    });
    expect((await stack.refresh()).changes).toEqual({ update: 1 });
    env.emu.clearRequests();
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes()).toEqual(["PATCH /whatsapp-accounts/{phone_number_id}"]);
    expect(account()?.assigned_agent_id).toBe(ids.agent);
    expect((await stack.preview()).changes).toEqual({});
  });

  it("an account not connected in the dashboard fails the up, saying how to connect it, and nothing changes", async () => {
    state.phoneNumberId = "wa_missing";
    env.emu.clearRequests();
    const err = await stack.up().then(
      () => "",
      (e: unknown) => String(e),
    );
    expect(err).toContain("no WhatsApp account with this phone number id is connected to the workspace");
    expect(err).toContain("Connect it in the ElevenLabs dashboard");
    expect(writes()).toEqual([]);
    state.phoneNumberId = "wa_101";
    expect((await stack.preview()).changes).toEqual({});
  });

  it("destroy unassigns the account, leaves it connected and says so", async () => {
    const from = stack.output.length;
    env.emu.clearRequests();
    await stack.destroy();
    expect(writes()).toEqual(["PATCH /whatsapp-accounts/{phone_number_id}", "DELETE /agents/{agent_id}"]);
    expect(account()).toMatchObject({ phone_number_id: "wa_101", assigned_agent_id: null });
    expect(stack.output.slice(from).join("")).toContain("left connected to the workspace");
    expect(env.emu.workspace(env.apiKey).isEmpty()).toBe(true);
    expect(await stack.resources(typeToken("WhatsAppAccount"))).toEqual([]);
  });
});

describe("WhatsAppAccount adopted with import (live)", () => {
  const env = useEmulator({}, "live");
  let stack: TestStack;
  afterAll(async () => {
    await stack?.dispose();
  });

  it("takes a connected account under management with reads only", async () => {
    env.emu.workspace(env.apiKey).seedWhatsAppAccount({
      phone_number_id: "wa_202",
      phone_number: "+14155550202",
      enable_messaging: false,
    });
    stack = await TestStack.create(async () => {
      new WhatsAppAccount("line", { phoneNumberId: "wa_202", enableMessaging: false }, { import: "wa_202" });
    }, env);
    env.emu.clearRequests();
    expect((await stack.up()).changes).toEqual({ create: 2 });
    expect(env.emu.requests().filter((r) => r.method !== "GET")).toEqual([]);
    expect((await stack.refresh()).changes).toEqual({});
    await stack.destroy();
    expect(env.emu.workspace(env.apiKey).whatsappAccounts.wa_202).toBeDefined();
  });
});
