/**
 * The Pulumi functions in the program process, against the emulator: config from the stack
 * (`elevenlabs:*`) or the environment, the Output forms, and the secret signed URL.
 */
import * as pulumi from "@pulumi/pulumi";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidArgumentError, LookupError } from "../client/http/errors";
import { useEmulator } from "../test/helpers/emulator";
import { getAgent, getAgentLink, getAgentLinkOutput, getAgentOutput } from "./functions";

const ENV = ["ELEVENLABS_API_KEY", "ELEVENLABS_BASE_URL", "ELEVENLABS_MAX_RETRIES"] as const;

const env = useEmulator();
const KEY = env.apiKey;
let savedEnv: Partial<Record<(typeof ENV)[number], string>>;

const outputValue = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply((v) => resolve(v)));

async function createAgent(name: string, firstMessage: string): Promise<string> {
  const { agent_id } = await env.api.call("createAgent", {
    json: { name, conversation_config: { agent: { first_message: firstMessage } }, tags: ["prod"] },
  });
  return agent_id;
}

beforeEach(async () => {
  env.emu.reset();
  savedEnv = {};
  for (const k of ENV) savedEnv[k] = process.env[k];
  process.env.ELEVENLABS_MAX_RETRIES = "0";
  pulumi.runtime.setAllConfig({});
});
afterEach(async () => {
  for (const k of ENV) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
  pulumi.runtime.setAllConfig({});
});

describe("functions with stack config", () => {
  beforeEach(() => {
    delete process.env.ELEVENLABS_API_KEY;
    delete process.env.ELEVENLABS_BASE_URL;
    pulumi.runtime.setAllConfig({ "elevenlabs:apiKey": KEY, "elevenlabs:baseUrl": env.baseUrl }, [
      "elevenlabs:apiKey",
    ]);
  });

  it("getAgent reads by id and by exact name", async () => {
    const id = await createAgent("Support", "Hi!");
    const byId = await getAgent({ agentId: id });
    expect(byId).toMatchObject({ agentId: id, name: "Support", tags: ["prod"] });
    expect((byId.conversationConfig.agent as { firstMessage?: string }).firstMessage).toBe("Hi!");
    expect(byId.createdAtUnixSecs).toEqual(expect.any(Number));
    expect((await getAgent({ name: "Support" })).agentId).toBe(id);
    // Requests carried the key from stack config.
    expect(env.emu.requests().every((r) => r.status === 200)).toBe(true);
  });

  it("getAgent says when a name matches no agent or several", async () => {
    await createAgent("Twin", "a");
    await createAgent("Twin", "b");
    await expect(getAgent({ name: "Nobody" })).rejects.toThrow(/No agent is named 'Nobody'/);
    const err = await getAgent({ name: "Twin" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LookupError);
    expect((err as Error).message).toMatch(/^2 agents are named 'Twin'/);
  });

  it("getAgent refuses neither or both of agentId and name", async () => {
    await expect(getAgent({})).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(getAgent({ agentId: "a", name: "b" })).rejects.toThrow(/not both/);
    expect(env.emu.requests()).toEqual([]);
  });

  it("getAgentLink answers the signed URL", async () => {
    const id = await createAgent("Support", "Hi!");
    const link = await getAgentLink({ agentId: id });
    expect(link.agentId).toBe(id);
    expect(link.signedUrl).toMatch(
      new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v1/convai/conversation\\?agent_id=${id}&`),
    );
  });

  it("getAgentLinkOutput takes an Input and answers a secret", async () => {
    const id = await createAgent("Support", "Hi!");
    const out = getAgentLinkOutput({ agentId: pulumi.output(Promise.resolve(id)) });
    expect(await pulumi.isSecret(out)).toBe(true);
    expect(await pulumi.isSecret(out.signedUrl)).toBe(true);
    const v = await outputValue(out);
    expect(v.agentId).toBe(id);
    expect(v.signedUrl).toContain("conversation_signature=");
  });

  it("getAgentOutput takes Inputs and is not secret", async () => {
    const id = await createAgent("Support", "Hi!");
    const out = getAgentOutput({ name: pulumi.output("Support") });
    expect(await pulumi.isSecret(out)).toBe(false);
    expect(await outputValue(out.agentId)).toBe(id);
  });
});

describe("functions with environment variables", () => {
  it("fall back to ELEVENLABS_API_KEY and ELEVENLABS_BASE_URL", async () => {
    process.env.ELEVENLABS_API_KEY = KEY;
    process.env.ELEVENLABS_BASE_URL = env.baseUrl;
    const id = await createAgent("Env", "Hi!");
    expect((await getAgent({ agentId: id })).name).toBe("Env");
  });

  it("stack config wins over the environment", async () => {
    process.env.ELEVENLABS_API_KEY = "sk_env_key_is_wrong";
    process.env.ELEVENLABS_BASE_URL = env.baseUrl;
    pulumi.runtime.setAllConfig({ "elevenlabs:apiKey": KEY }, ["elevenlabs:apiKey"]);
    const id = await createAgent("Config", "Hi!");
    expect((await getAgent({ agentId: id })).name).toBe("Config");
  });
});

describe("functions follow the stack's dialect", () => {
  it("getAgentLink asks the legacy route when elevenlabs:apiDialect is legacy", async () => {
    delete process.env.ELEVENLABS_API_KEY;
    delete process.env.ELEVENLABS_BASE_URL;
    pulumi.runtime.setAllConfig(
      { "elevenlabs:apiKey": KEY, "elevenlabs:baseUrl": env.baseUrl, "elevenlabs:apiDialect": "legacy" },
      ["elevenlabs:apiKey"],
    );
    const id = await createAgent("Support", "Hi!");
    env.emu.clearRequests();
    await getAgentLink({ agentId: id });
    expect(env.emu.requests().map((r) => r.route)).toEqual(["GET /agents/{agent_id}/link"]);
  });
});
