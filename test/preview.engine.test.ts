/**
 * What a preview tells a reviewer, through the real engine against the emulator:
 * - a one-setting change of an agent that documents, numbers and tools refer to previews as exactly
 *   one update (the agent's id stays known, so what refers to it shows no change);
 * - the configured account is checked at preview (one request per preview, and none when the inputs
 *   are bad): a wrong base URL, an unreachable host and a refused key fail the preview with the
 *   message `up` would give; `elevenlabs:skipCredentialsCheck` turns the check off.
 */
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent, KnowledgeDocument, PhoneNumber, Tool } from "../sdk";
import { useEmulator } from "./helpers/emulator";
import { failedPreview, TestStack } from "./helpers/engine";

describe("a one-setting change previews as one update", () => {
  const env = useEmulator({}, "live");
  let stack: TestStack;
  const state = { temperature: 0.2 };

  const program = async () => {
    const tool = new Tool("lookup", {
      toolConfig: { type: "client", name: "lookup_order", description: "Looks up an order." },
    });
    const agent = new Agent("support", {
      name: "Support",
      conversationConfig: {
        agent: { prompt: { prompt: "You help.", temperature: state.temperature, toolIds: [tool.toolId] } },
      },
    });
    new KnowledgeDocument("faq", {
      agentId: agent.agentId,
      name: "FAQ",
      url: "https://docs.example.com/faq",
    });
    new KnowledgeDocument("hours", { agentId: agent.agentId, name: "Hours", text: "Nine to five." });
    new PhoneNumber("line", {
      provider: "twilio",
      phoneNumber: "+14155550100",
      label: "Support line",
      twilioConfig: { accountSid: "AC0123", authToken: pulumi.secret("twilio-token-preview-01") },
      agentId: agent.agentId,
    });
  };

  beforeAll(async () => {
    stack = await TestStack.create(program, env);
    await stack.up();
  });
  afterAll(async () => {
    await stack?.destroy();
    await stack?.dispose();
  });

  it("lists exactly the agent's update, and up then updates only the agent", async () => {
    state.temperature = 0.7;
    const preview = await stack.preview();
    expect(preview.changes).toEqual({ update: 1 });
    env.emu.clearRequests();
    const up = await stack.up();
    expect(up.changes).toEqual({ update: 1 });
    expect(
      env.emu
        .requests()
        .filter((r) => r.method !== "GET")
        .map((r) => r.route),
    ).toEqual(["PATCH /agents/{agent_id}"]);
  });
});

describe("the account is checked at preview", () => {
  const env = useEmulator({}, "live");
  const program = async () => {
    new Agent("support", { name: "Support", conversationConfig: {} });
  };
  /** Stack options with the provider's credentials check on. */
  const checked = (over: { baseUrl?: string; apiKey?: string; skip?: string } = {}) => ({
    baseUrl: over.baseUrl ?? env.baseUrl,
    apiKey: over.apiKey ?? env.apiKey,
    env: { ELEVENLABS_SKIP_CREDENTIALS_CHECK: "false" },
    ...(over.skip !== undefined ? { config: { "elevenlabs:skipCredentialsCheck": over.skip } } : {}),
  });

  it("passes a preview of a good configuration with one request", async () => {
    env.emu.clearRequests();
    const stack = await TestStack.create(program, checked());
    try {
      expect((await stack.preview()).changes).toEqual({ create: 2 });
    } finally {
      await stack.dispose();
    }
    expect(env.routes()).toEqual(["GET /agents"]);
  });

  it("fails the preview of a refused key, saying so", async () => {
    const message = await failedPreview(program, checked({ apiKey: "sk_not_a_key_of_this_account_000" }));
    expect(message).toContain("the provider cannot use the configured account");
    expect(message).toMatch(/401/);
    expect(message).not.toContain("sk_not_a_key_of_this_account_000");
  });

  it("fails the preview of a base URL where nothing answers, naming the setting", async () => {
    const message = await failedPreview(program, checked({ baseUrl: "http://127.0.0.1:9/v1/convai" }));
    expect(message).toContain("nothing answers at http://127.0.0.1:9/v1/convai: check the base URL");
  });

  it("skips the check when told (offline previews), and sends nothing for bad inputs", async () => {
    const stack = await TestStack.create(
      program,
      checked({ baseUrl: "http://127.0.0.1:9/v1/convai", skip: "true" }),
    );
    try {
      expect((await stack.preview()).changes).toEqual({ create: 2 });
    } finally {
      await stack.dispose();
    }
    env.emu.clearRequests();
    const bad = async () => {
      new Agent("support", { name: "", conversationConfig: {} });
    };
    const message = await failedPreview(bad, checked());
    expect(message).toContain("name");
    expect(env.routes()).toEqual([]);
  });
});
