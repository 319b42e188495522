/**
 * The mistakes a new user makes first, and the messages they get: each names what is wrong and the
 * fix, in the words of the place it runs (flags for commands, stack config for programs, options
 * for code).
 */
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { main as exportMain } from "../cli/elevenlabs-export";
import { main as smokeMain } from "../cli/elevenlabs-smoke";
import { ElevenLabsClient } from "../client/http/client";
import { useEmulator } from "./helpers/emulator";

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function run(
  main: (argv: string[], io: { out: (l: string) => void; err: (l: string) => void }) => Promise<number>,
  argv: string[],
) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("messages that point at the fix", () => {
  const env = useEmulator();

  it("a base URL without /v1/convai: says the URL tried and that the base URL looks wrong", async () => {
    const origin = env.baseUrl.replace(/\/v1\/convai$/, "");
    const api = new ElevenLabsClient({ baseUrl: origin, apiKey: env.apiKey, maxRetries: 0 });
    const err = (await api
      .call("createAgent", { json: { name: "A", conversation_config: {} } })
      .catch((e) => e)) as Error;
    expect(err.message).toContain(`at ${origin}/agents/create`);
    expect(err.message).toContain("does not look like the Agents Platform API (it ends with /v1/convai");
    expect(err.message).not.toContain("deleted outside");
  });

  it("an object that is gone: says so, without blaming the base URL", async () => {
    const err = (await env.api
      .call("getAgent", { params: { agent_id: "agent_gone" } })
      .catch((e) => e)) as Error;
    expect(err.message).toContain("the object does not exist");
  });

  it("connection refused: says nothing answers there, to check the base URL or start the emulator", async () => {
    const base = `http://127.0.0.1:${await closedPort()}/v1/convai`;
    const api = new ElevenLabsClient({ baseUrl: base, apiKey: "k_123456", maxRetries: 0 });
    const err = (await api.call("listAgents").catch((e) => e)) as Error;
    expect(err.message).toContain(`nothing answers at ${base}`);
    expect(err.message).toContain("the baseUrl option or ELEVENLABS_BASE_URL");
    expect(err.message).toContain("start the emulator");
  });

  it("the commands name their flags, not stack config", async () => {
    const wrongKey = await run(exportMain, [
      "--base-url",
      env.baseUrl,
      "--api-key",
      "sk_wrong_key_0123456789",
    ]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.err).toContain("--api-key <key> or ELEVENLABS_API_KEY");
    expect(wrongKey.err).not.toMatch(/pulumi config/);

    const saved = process.env.ELEVENLABS_API_KEY;
    delete process.env.ELEVENLABS_API_KEY;
    try {
      const noKey = await run(exportMain, ["--base-url", env.baseUrl]);
      expect(noKey.err).toContain("No ElevenLabs API key: set it with --api-key <key> or ELEVENLABS_API_KEY");
    } finally {
      if (saved !== undefined) process.env.ELEVENLABS_API_KEY = saved;
    }

    const smoke = await run(smokeMain, ["--agent-id", "agent_1", "--expect-first-message", ""]);
    expect(smoke.code).toBe(1);
    expect(smoke.out).toContain("--expect-first-message: must not be empty");
    expect(smoke.out).not.toContain("expectFirstMessage");
  });
});
