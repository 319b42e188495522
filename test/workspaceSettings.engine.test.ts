/**
 * Acceptance test of WorkspaceSettings (live) through the real Pulumi engine against the emulator:
 * the account already has settings (a conversation-initiation webhook with a secret header, a RAG
 * retention); the stack adopts them, records them and writes its own (one PATCH); preview and
 * refresh read once and write nothing; an edit is one PATCH; a change made outside Pulumi shows on
 * refresh; another writer's change is warned about on the next write; destroy puts back exactly
 * what the account held. Header values are never in the state or the output in clear. Adoption
 * with `import` writes nothing.
 */
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Secret, WorkspaceSettings } from "../sdk";
import { useEmulator } from "./helpers/emulator";
import { TestStack, typeToken } from "./helpers/engine";

const OLD_HEADER = "old-init-header-secret-41b9";
const NEW_HEADER = "new-init-header-secret-92c3";
const ORIGINAL = {
  conversation_initiation_client_data_webhook: {
    url: "https://old.example.com/init",
    request_headers: { "X-Token": OLD_HEADER },
  },
  rag_retention_period_days: 15,
};

describe("WorkspaceSettings through the engine (live)", () => {
  const env = useEmulator({}, "live");
  let stack: TestStack;
  const state = { retention: 20, events: ["transcript"] as ("transcript" | "audio")[] };

  const program = async () => {
    const token = new Secret("hook-token", { name: "hook_token", value: pulumi.secret(NEW_HEADER) });
    new WorkspaceSettings("workspace", {
      conversationInitiationClientDataWebhook: {
        url: "https://crm.example.com/init",
        requestHeaders: { "X-Token": { secretId: token.secretId }, "X-Plain": pulumi.secret(NEW_HEADER) },
      },
      webhooks: { events: state.events, transcriptFormat: "json" },
      ragRetentionPeriodDays: state.retention,
    });
  };

  const settingsRoutes = () => env.routes().filter((r) => r.includes("/settings"));
  const writes = () =>
    env.emu
      .requests()
      .filter((r) => r.method !== "GET")
      .map((r) => r.route);
  const account = async () => (await env.api.call("getSettings")) as Record<string, unknown>;

  beforeAll(async () => {
    await env.api.call("updateSettings", { json: ORIGINAL });
    stack = await TestStack.create(program, env);
  });
  afterAll(async () => {
    await stack?.dispose();
  });

  it("up reads the account's settings, then writes the declared ones: one PATCH", async () => {
    env.emu.clearRequests();
    expect((await stack.up()).changes).toEqual({ create: 3 });
    expect(settingsRoutes()).toEqual(["GET /settings", "PATCH /settings"]);
    const now = await account();
    expect(now).toMatchObject({
      rag_retention_period_days: 20,
      webhooks: { events: ["transcript"], transcript_format: "json" },
    });
    expect((now.conversation_initiation_client_data_webhook as { url: string }).url).toBe(
      "https://crm.example.com/init",
    );
  });

  it("a second preview and a refresh read the settings once each and write nothing", async () => {
    env.emu.clearRequests();
    expect((await stack.preview()).changes).toEqual({});
    expect((await stack.refresh()).changes).toEqual({});
    expect(writes()).toEqual([]);
    expect(settingsRoutes()).toEqual(["GET /settings"]);
  });

  it("an edit is one PATCH", async () => {
    env.emu.clearRequests();
    state.retention = 25;
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes()).toEqual(["PATCH /settings"]);
    expect((await account()).rag_retention_period_days).toBe(25);
    expect((await stack.preview()).changes).toEqual({});
  });

  it("a change outside Pulumi shows on refresh, and up puts the declaration back with one PATCH", async () => {
    await env.api.call("updateSettings", { json: { rag_retention_period_days: 3 } });
    expect((await stack.refresh()).changes).toEqual({ update: 1 });
    env.emu.clearRequests();
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes()).toEqual(["PATCH /settings"]);
    expect((await account()).rag_retention_period_days).toBe(25);
  });

  it("another writer's change is warned about at the next write, and overwritten", async () => {
    await env.api.call("updateSettings", { json: { rag_retention_period_days: 7 } });
    const from = stack.output.length;
    state.events = ["transcript", "audio"];
    env.emu.clearRequests();
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes()).toEqual(["PATCH /settings"]);
    const said = stack.output.slice(from).join("");
    expect(said).toContain("not what this stack last wrote");
    expect(said).toContain("ragRetentionPeriodDays: 7 in the account, 25 last written by this stack");
    expect(await account()).toMatchObject({
      rag_retention_period_days: 25,
      webhooks: { events: ["transcript", "audio"] },
    });
  });

  it("destroy puts back what the account held before the stack, and no header value is in clear", async () => {
    const saved = await stack.exportState();
    const printed = stack.output.join("");
    for (const secret of [OLD_HEADER, NEW_HEADER]) {
      expect(saved).not.toContain(secret);
      expect(printed).not.toContain(secret);
    }
    env.emu.clearRequests();
    await stack.destroy();
    expect(settingsRoutes()).toEqual(["GET /settings", "PATCH /settings"]);
    const back = await account();
    expect(back).toMatchObject(ORIGINAL);
    // The webhooks were not set before the stack: their default again.
    expect((back.webhooks as { events?: unknown[] }).events ?? []).toEqual([]);
    expect(await stack.resources(typeToken("WorkspaceSettings"))).toEqual([]);
  });
});

describe("WorkspaceSettings adopted with import (live)", () => {
  const env = useEmulator({}, "live");
  let stack: TestStack;
  afterAll(async () => {
    await stack?.dispose();
  });

  it("takes the settings under management with reads only; a mismatch fails the preview naming the field", async () => {
    await env.api.call("updateSettings", {
      json: { rag_retention_period_days: 12, can_use_mcp_servers: true },
    });
    let retention = 13;
    stack = await TestStack.create(async () => {
      new WorkspaceSettings(
        "workspace",
        { ragRetentionPeriodDays: retention, canUseMcpServers: true },
        { import: "workspace-settings" },
      );
    }, env);
    const failed = await stack.preview().then(
      () => "",
      (e: unknown) => String(e),
    );
    expect(failed).toContain("ragRetentionPeriodDays: 12 in the account, 13 in the program");
    retention = 12;
    env.emu.clearRequests();
    expect((await stack.up()).changes).toEqual({ create: 2 });
    expect(env.emu.requests().filter((r) => r.method !== "GET")).toEqual([]);
    expect((await stack.refresh()).changes).toEqual({});
    await stack.destroy();
    // It held these values before (adopted as they were): destroy leaves them.
    expect(await env.api.call("getSettings")).toMatchObject({
      rag_retention_period_days: 12,
      can_use_mcp_servers: true,
    });
  });
});
