import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_API_KEY } from "../emulator";
import { exited, useEmulatorBin } from "../test/helpers/emulatorBin";
import { main } from "./elevenlabs-emulator";

describe("elevenlabs-emulator bin", () => {
  const startBin = useEmulatorBin();

  it("prints the base URL first, serves requests and stops cleanly on SIGTERM", async () => {
    const { child, url } = await startBin(["--port", "0"]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/convai$/);
    const r = await fetch(`${url}/agents`, { headers: { "xi-api-key": DEFAULT_API_KEY } });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ agents: [], next_cursor: null, has_more: false });
    child.kill("SIGTERM");
    expect(await exited(child)).toBe(0);
  });

  it("--state-file survives a restart; --api-key replaces the default key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "el-emu-bin-"));
    try {
      const state = join(dir, "state.json");
      const first = await startBin([
        "--port",
        "0",
        "--state-file",
        state,
        "--api-key",
        "k-one",
        "--rate-limit",
        "50",
      ]);
      const created = await fetch(`${first.url}/agents/create`, {
        method: "POST",
        headers: { "xi-api-key": "k-one", "content-type": "application/json" },
        body: JSON.stringify({ name: "Survivor", conversation_config: {} }),
      });
      const { agent_id } = (await created.json()) as { agent_id: string };
      expect(created.headers.get("x-ratelimit-limit")).toBe("50");
      const denied = await fetch(`${first.url}/agents`, { headers: { "xi-api-key": DEFAULT_API_KEY } });
      expect(denied.status).toBe(401);
      first.child.kill("SIGINT");
      expect(await exited(first.child)).toBe(0);

      const second = await startBin(["--port=0", "--state-file", state, "--api-key", "k-one"]);
      const got = await fetch(`${second.url}/agents/${agent_id}`, { headers: { "xi-api-key": "k-one" } });
      expect(got.status).toBe(200);
      expect(((await got.json()) as { name: string }).name).toBe("Survivor");
      second.child.kill("SIGTERM");
      await exited(second.child);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("--accept-unknown-fields stores a setting the description does not list; without it, 422", async () => {
    const body = JSON.stringify({
      name: "Newer",
      conversation_config: { tts: { audio_filter: { kind: "warm" } } },
    });
    const headers = { "xi-api-key": DEFAULT_API_KEY, "content-type": "application/json" };
    const strict = await startBin(["--port", "0"]);
    const refused = await fetch(`${strict.url}/agents/create`, { method: "POST", headers, body });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(await refused.json())).toContain("extra_forbidden");
    strict.child.kill("SIGTERM");
    await exited(strict.child);

    const open = await startBin(["--port", "0", "--accept-unknown-fields", "--rag-index-steps", "0"]);
    const made = await fetch(`${open.url}/agents/create`, { method: "POST", headers, body });
    expect(made.status).toBe(200);
    const { agent_id } = (await made.json()) as { agent_id: string };
    const got = await fetch(`${open.url}/agents/${agent_id}`, { headers });
    const agent = (await got.json()) as { conversation_config: { tts: Record<string, unknown> } };
    expect(agent.conversation_config.tts.audio_filter).toEqual({ kind: "warm" });
    open.child.kill("SIGTERM");
    expect(await exited(open.child)).toBe(0);
  });

  it("refuses bad flags and values with the usage (exit 2), and answers --help (exit 0)", async () => {
    const run = async (argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
      return { code, out: out.join("\n"), err: err.join("\n") };
    };
    for (const [argv, says] of [
      [["--default-dialect", "klingon"], "--default-dialect needs live or legacy"],
      [["--port", "x"], "--port needs an integer >= 0"],
      [["--rag-index-steps", "soon"], "--rag-index-steps needs an integer >= 0"],
      [["--bogus"], "Unknown option '--bogus'"],
    ] as const) {
      const r = await run([...argv]);
      expect(r.code, says).toBe(2);
      expect(r.err).toContain(says);
      expect(r.err).toContain("Usage: elevenlabs-emulator");
    }
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("--default-dialect D");
    expect(help.out).toContain("--accept-unknown-fields");
  });
});
