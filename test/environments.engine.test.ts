/**
 * examples/environments through the real engine: one program, two stacks (staging, production),
 * each with its own config file and its own account. The emulator holds two API keys, which are two
 * isolated workspaces, like two accounts. Changing staging's config and deploying staging must leave
 * production untouched: its preview stays empty and its account sees no write.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redactApiKey } from "../emulator";
import { exampleStack, REPO_ROOT, readStackConfigFile } from "../scripts/example-runner";
import { useEmulator } from "./helpers/emulator";
import "./helpers/engine"; // PATH for the engine and Node 22

const DIR = join(REPO_ROOT, "examples", "environments");
const KEYS = { staging: "sk_test_env_staging_0123456789", production: "sk_test_env_production_0123456789" };
type Env = keyof typeof KEYS;

/** Every file of a folder with its content (to show that nothing was written there). */
function snapshot(dir: string): Record<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return Object.fromEntries(
    files.map((e) => [join(e.parentPath, e.name), readFileSync(join(e.parentPath, e.name), "utf8")]),
  );
}

const changes = (m: Record<string, number> | undefined) =>
  Object.fromEntries(Object.entries(m ?? {}).filter(([k, n]) => k !== "same" && n));

describe("staging and production from one program", () => {
  const emulator = useEmulator({ apiKeys: [KEYS.staging, KEYS.production] });
  const stateDir = mkdtempSync(join(tmpdir(), "environments-"));
  const stacks = {} as Record<Env, Stack>;
  const files = snapshot(DIR);
  const declared = (env: Env, key: string) =>
    readStackConfigFile(DIR, env).config[`support-agent:${key}`]?.value;
  const agentOf = (env: Env) => {
    const agents = Object.values(emulator.emu.workspace(KEYS[env]).agents);
    expect(agents).toHaveLength(1);
    const agent = emulator.emu.workspace(KEYS[env]).getAgent(String(agents[0]?.agent_id));
    if (!agent) throw new Error(`no agent in the ${env} workspace`);
    return agent;
  };

  beforeAll(async () => {
    for (const env of ["staging", "production"] as const) {
      stacks[env] = await exampleStack({
        dir: DIR,
        stackName: env,
        stateDir,
        baseUrl: emulator.baseUrl,
        apiKey: KEYS[env],
      });
    }
  });

  afterAll(async () => {
    rmSync(stateDir, { recursive: true, force: true });
  });

  it("each stack deploys its own config file into its own account", async () => {
    for (const env of ["staging", "production"] as const) {
      const r = await stacks[env].up();
      expect(changes(r.summary.resourceChanges)).toEqual({ create: 4 }); // stack, test, agent, document
      expect(r.outputs.environment?.value).toBe(env);
      const agent = agentOf(env);
      expect(agent.agent_id).toBe(r.outputs.agentId?.value);
      expect(agent.name).toBe(declared(env, "agentName"));
      expect(agent.conversation_config).toMatchObject({
        agent: { first_message: declared(env, "firstMessage"), prompt: { prompt: declared(env, "prompt") } },
      });
      expect(agent.platform_settings).toMatchObject({ auth: { enable_auth: env === "production" } });
      // The declared tag, and the provider's own: the creation key's and the stack's.
      const tags = agent.tags as string[];
      expect(tags.filter((t) => !t.startsWith("pulumi-elevenlabs:"))).toEqual([env]);
      expect(tags.filter((t) => t.startsWith("pulumi-elevenlabs:"))).toEqual([
        expect.stringMatching(/^pulumi-elevenlabs:[0-9a-f]{16}$/),
        expect.stringMatching(/^pulumi-elevenlabs:stack:[0-9a-f]{16}$/),
      ]);
    }
    // Different agents in different accounts.
    expect(agentOf("staging").agent_id).not.toBe(agentOf("production").agent_id);
  });

  it("changing staging's config and deploying it leaves production untouched", async () => {
    const before = agentOf("production");
    emulator.emu.clearRequests();
    await stacks.staging.setConfig("support-agent:firstMessage", {
      value: "Hello from the new staging greeting.",
    });
    const r = await stacks.staging.up();
    expect(changes(r.summary.resourceChanges)).toEqual({ update: 1 });
    expect(agentOf("staging").conversation_config).toMatchObject({
      agent: { first_message: "Hello from the new staging greeting." },
    });

    const preview = await stacks.production.preview();
    expect(changes(preview.changeSummary)).toEqual({});
    const production = redactApiKey(KEYS.production);
    const writes = emulator.emu.requests().filter((q) => q.method !== "GET");
    expect(writes.length).toBeGreaterThan(0); // staging's PATCH
    expect(writes.filter((q) => q.apiKey === production)).toEqual([]);
    expect(agentOf("production")).toEqual(before);
  });

  it("keeps the API keys out of the example's folder and out of the state", () => {
    expect(snapshot(DIR)).toEqual(files);
    const state = Object.values(snapshot(stateDir)).join("\n");
    for (const key of Object.values(KEYS)) expect(state).not.toContain(key);
  });
});
