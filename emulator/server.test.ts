import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { call } from "../test/helpers/http";
import { DEFAULT_API_KEY, type Emulator, type EmulatorOptions, redactApiKey, startEmulator } from "./index";

const open: Emulator[] = [];
async function start(opts: EmulatorOptions = {}): Promise<Emulator> {
  const e = await startEmulator(opts);
  open.push(e);
  return e;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
});

const agentBody = { name: "A", conversation_config: {} };

describe("basics", () => {
  it("listens on loopback with the base path and a unique x-request-id", async () => {
    const emu = await start();
    expect(emu.url).toBe(`http://127.0.0.1:${emu.port}/v1/convai`);
    const a = await call(emu, "GET", "/agents");
    const b = await call(emu, "GET", "/agents");
    expect(a.headers.get("x-request-id")).toMatch(/^req_/);
    expect(a.headers.get("x-request-id")).not.toBe(b.headers.get("x-request-id"));
  });

  it("401 invalid_api_key for a missing or wrong key", async () => {
    const emu = await start();
    for (const key of [null, "wrong"]) {
      const r = await call(emu, "GET", "/agents", undefined, { key: key });
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ detail: { status: "invalid_api_key", message: "Invalid API key" } });
      expect(r.headers.get("x-request-id")).toBeTruthy();
    }
  });

  it("404 not_found for an unknown route, 405 for a known path with the wrong method", async () => {
    const emu = await start();
    const r = await call(emu, "GET", "/nothing/here");
    expect(r.status).toBe(404);
    expect(r.json.detail.status).toBe("not_found");
    const m = await call(emu, "PUT", "/agents/create", agentBody);
    expect(m.status).toBe(405);
    expect(m.json.detail.status).toBe("method_not_allowed");
    expect(m.headers.get("allow")).toContain("POST");
    const outside = await fetch(`http://127.0.0.1:${emu.port}/v2/whatever`);
    expect(outside.status).toBe(404);
  });

  it("400 invalid_json for a malformed body", async () => {
    const emu = await start();
    const r = await call(emu, "POST", "/agents/create", "{not json");
    expect(r.status).toBe(400);
    expect(r.json.detail.status).toBe("invalid_json");
  });

  it("403 insufficient_permissions for mutations with a read-only key; reads work", async () => {
    const emu = await start({ apiKeys: ["rw"], readOnlyApiKeys: ["ro"] });
    const r = await call(emu, "POST", "/agents/create", agentBody, { key: "ro" });
    expect(r.status).toBe(403);
    expect(r.json.detail.status).toBe("insufficient_permissions");
    expect((await call(emu, "GET", "/agents", undefined, { key: "ro" })).status).toBe(200);
    expect((await call(emu, "POST", "/agents/create", agentBody, { key: "rw" })).status).toBe(200);
  });
});

describe("rate limit", () => {
  it("counts down per key and answers 429 with Retry-After past the limit", async () => {
    const emu = await start({ rateLimit: 3, apiKeys: ["k1", "k2"] });
    const before = Math.floor(Date.now() / 1000);
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await call(emu, "GET", "/agents", undefined, { key: "k1" });
      expect(r.status).toBe(200);
      expect(r.headers.get("x-ratelimit-limit")).toBe("3");
      remaining.push(r.headers.get("x-ratelimit-remaining") ?? "");
      const reset = Number(r.headers.get("x-ratelimit-reset"));
      // The window opened between `before` and now: a slow machine only widens the bounds.
      const after = Math.ceil(Date.now() / 1000);
      expect(reset).toBeGreaterThanOrEqual(before + 59);
      expect(reset).toBeLessThanOrEqual(after + 61);
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const limited = await call(emu, "GET", "/agents", undefined, { key: "k1" });
    expect(limited.status).toBe(429);
    expect(limited.json.detail.status).toBe("rate_limit_exceeded");
    const retry = Number(limited.headers.get("retry-after"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    // another key has its own window
    expect((await call(emu, "GET", "/agents", undefined, { key: "k2" })).status).toBe(200);
    // control routes are not limited
    expect((await fetch(`http://127.0.0.1:${emu.port}/_emulator/health`)).status).toBe(200);
    // reset opens a new window
    emu.reset();
    expect((await call(emu, "GET", "/agents", undefined, { key: "k1" })).status).toBe(200);
  });
});

describe("faults", () => {
  it("answers a status for `count` matching requests, then behaves again", async () => {
    const emu = await start();
    emu.addFault({ route: "POST /agents/create", status: 500, count: 2 });
    const a = await call(emu, "POST", "/agents/create", agentBody);
    const b = await call(emu, "POST", "/agents/create", agentBody);
    const c = await call(emu, "POST", "/agents/create", agentBody);
    expect([a.status, b.status, c.status]).toEqual([500, 500, 200]);
    expect(a.json.detail.status).toBe("internal_server_error");
    expect(Object.keys(emu.workspace().agents)).toHaveLength(1);
    // other routes untouched
    emu.addFault({
      route: "GET /agents/{agent_id}",
      status: 503,
      body: { detail: { status: "busy", message: "x" } },
    });
    expect((await call(emu, "GET", "/agents")).status).toBe(200);
    const g = await call(emu, "GET", "/agents/agent_x");
    expect(g.status).toBe(503);
    expect(g.json.detail.status).toBe("busy");
    const log = emu.requests();
    expect(log.map((r) => r.status)).toEqual([500, 500, 200, 200, 503]);
  });

  it("429 fault carries Retry-After; '*' matches any route; apiKey scopes a fault", async () => {
    const emu = await start({ apiKeys: ["k1", "k2"] });
    emu.addFault({ route: "*", status: 429, apiKey: "k2" });
    expect((await call(emu, "GET", "/agents", undefined, { key: "k1" })).status).toBe(200);
    const r = await call(emu, "GET", "/phone-numbers", undefined, { key: "k2" });
    expect(r.status).toBe(429);
    expect(r.headers.get("retry-after")).toBe("1");
    expect((await call(emu, "GET", "/phone-numbers", undefined, { key: "k2" })).status).toBe(200);
  });

  it("adds latency before normal handling", async () => {
    const emu = await start();
    emu.addFault({ route: "GET /agents", latencyMs: 150 });
    const t0 = Date.now();
    const r = await call(emu, "GET", "/agents");
    expect(r.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    const t1 = Date.now();
    await call(emu, "GET", "/agents");
    expect(Date.now() - t1).toBeLessThan(140);
  });

  it("drops the connection and logs status 0; count -1 repeats until cleared", async () => {
    const emu = await start();
    emu.addFault({ route: "POST /agents/create", drop: true, count: -1 });
    await expect(call(emu, "POST", "/agents/create", agentBody)).rejects.toThrow();
    await expect(call(emu, "POST", "/agents/create", agentBody)).rejects.toThrow();
    expect(emu.requests().map((r) => r.status)).toEqual([0, 0]);
    emu.clearFaults();
    expect((await call(emu, "POST", "/agents/create", agentBody)).status).toBe(200);
  });

  it("rejects a malformed fault", async () => {
    const emu = await start();
    expect(() => emu.addFault({ route: "" })).toThrow();
    expect(() => emu.addFault({ route: "*", seed: 7 })).toThrow(/random fault/);
    expect(() => emu.addFault({ route: "*", rate: 0.5, status: 500 })).toThrow(/random fault/);
    expect(() => emu.addFault({ route: "*", rate: 2 })).toThrow();
    expect(() => emu.addFault({ route: "*", rate: 0.5, kinds: ["explode" as "drop"] })).toThrow();
  });

  it("dropAfter: the request is handled (the store changes), then the answer is lost", async () => {
    const emu = await start();
    emu.addFault({ route: "POST /agents/create", dropAfter: true });
    await expect(call(emu, "POST", "/agents/create", agentBody)).rejects.toThrow();
    expect(emu.workspace().counts().agents).toBe(1);
    expect(emu.requests()).toMatchObject([{ route: "POST /agents/create", status: 200, lost: true }]);
    // a retry would duplicate: the client must look for what it made first
    expect((await call(emu, "POST", "/agents/create", agentBody)).status).toBe(200);
    expect(emu.workspace().counts().agents).toBe(2);
    expect(emu.requests()[1]?.lost).toBeUndefined();
  });

  it("random faults fail a seeded share of requests: the same seed gives the same failures", async () => {
    const outcomes = async (seed: number): Promise<(number | string)[]> => {
      const emu = await start({ rateLimit: 10_000 });
      emu.addFault({ route: "*", rate: 0.4, seed, kinds: [500, 503, 429, "drop", "dropAfter"] });
      const out: (number | string)[] = [];
      for (let i = 0; i < 40; i++) {
        try {
          out.push((await call(emu, "GET", "/agents")).status);
        } catch {
          out.push("dropped");
        }
      }
      const lost = emu.requests().filter((r) => r.lost).length;
      const dropped = emu.requests().filter((r) => r.status === 0).length;
      expect(out.filter((o) => o === "dropped")).toHaveLength(lost + dropped);
      return out;
    };
    const a = await outcomes(7);
    expect(await outcomes(7)).toEqual(a);
    expect(await outcomes(8)).not.toEqual(a);
    const failures = a.filter((o) => o !== 200).length;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(30);
    expect(new Set(a.filter((o) => o !== 200))).toEqual(new Set([500, 503, 429, "dropped"]));
  });

  it("a random fault with count stops after that many failures; others still match after it", async () => {
    const emu = await start();
    emu.addFault({ route: "GET /agents", rate: 1, seed: 3, kinds: [502], count: 2 });
    emu.addFault({ route: "GET /agents", status: 504 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(emu, "GET", "/agents")).status);
    expect(statuses).toEqual([502, 502, 504, 200]);
  });
});

describe("request log", () => {
  it("records method, path, route, query, status, body, redacted key and request id", async () => {
    const emu = await start();
    const created = await call(emu, "POST", "/agents/create", { ...agentBody, tags: ["x"] });
    const id = created.json.agent_id as string;
    const got = await call(emu, "GET", `/agents/${id}?include=all`);
    await call(emu, "GET", "/agents/agent_missing");
    const log = emu.requests();
    expect(log).toHaveLength(3);
    expect(log[0]).toMatchObject({
      seq: 1,
      method: "POST",
      path: "/agents/create",
      route: "POST /agents/create",
      query: {},
      status: 200,
      body: { ...agentBody, tags: ["x"] },
      apiKey: redactApiKey(DEFAULT_API_KEY),
      requestId: created.headers.get("x-request-id"),
    });
    expect(log[1]).toMatchObject({
      path: `/agents/${id}`,
      route: "GET /agents/{agent_id}",
      query: { include: "all" },
      body: null,
      requestId: got.headers.get("x-request-id"),
    });
    expect(log[2]?.status).toBe(404);
    expect(JSON.stringify(log)).not.toContain(DEFAULT_API_KEY);
    emu.clearRequests();
    expect(emu.requests()).toEqual([]);
  });

  it("redacts secrets in logged bodies", async () => {
    const emu = await start();
    await call(emu, "POST", "/phone-numbers", {
      provider: "twilio",
      phone_number: "+14155550100",
      label: "L",
      twilio_config: { account_sid: "AC123", auth_token: "tw-secret-token" },
    });
    await call(emu, "POST", "/phone-numbers", {
      provider: "sip",
      phone_number: "+14155550101",
      label: "S",
      sip_config: { address: "sip.example.com", transport: "tls", username: "u", password: "sip-secret-pw" },
    });
    const log = JSON.stringify(emu.requests());
    expect(log).not.toContain("tw-secret-token");
    expect(log).not.toContain("sip-secret-pw");
    expect(emu.requests()[0]?.body).toMatchObject({
      twilio_config: { account_sid: "AC123", auth_token: "***" },
    });
  });
});

describe("workspaces", () => {
  it("each API key is an isolated workspace", async () => {
    const emu = await start({ apiKeys: ["alice", "bob"] });
    const a = await call(emu, "POST", "/agents/create", agentBody, { key: "alice" });
    const id = a.json.agent_id as string;
    expect((await call(emu, "GET", `/agents/${id}`, undefined, { key: "bob" })).status).toBe(404);
    expect((await call(emu, "GET", "/agents", undefined, { key: "bob" })).json.agents).toEqual([]);
    expect((await call(emu, "DELETE", `/agents/${id}`, undefined, { key: "bob" })).status).toBe(404);
    expect(emu.workspace("alice").counts().agents).toBe(1);
    expect(emu.workspace("bob").isEmpty()).toBe(true);
    expect(emu.workspace().agents[id]).toBeDefined();
    expect(() => emu.workspace("mallory")).toThrow();
  });

  it("out-of-band edits through the view are seen by the API", async () => {
    const emu = await start();
    const id = (await call(emu, "POST", "/agents/create", agentBody)).json.agent_id as string;
    const view = emu.workspace();
    view.patchAgent(id, { conversation_config: { tts: { stability: 0.9 } } });
    const stored = view.agents[id];
    if (stored) stored.name = "Drifted";
    const r = await call(emu, "GET", `/agents/${id}`);
    expect(r.json.name).toBe("Drifted");
    expect(r.json.conversation_config.tts.stability).toBe(0.9);
    expect(view.getAgent(id)).toEqual(r.json);
    expect(view.deleteAgent(id)).toBe(true);
    expect((await call(emu, "GET", `/agents/${id}`)).status).toBe(404);
  });
});

describe("control routes", () => {
  it("serve the log, faults, reset, health and a workspace dump without a key", async () => {
    const emu = await start();
    const base = `http://127.0.0.1:${emu.port}/_emulator`;
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: "ok", url: emu.url });
    await call(emu, "POST", "/agents/create", agentBody);
    const log = (await (await fetch(`${base}/requests`)).json()) as { route: string }[];
    expect(log.map((r) => r.route)).toEqual(["POST /agents/create"]);
    const f = await fetch(`${base}/faults`, {
      method: "POST",
      body: JSON.stringify({ route: "GET /agents", status: 500 }),
    });
    expect(f.status).toBe(204);
    expect((await call(emu, "GET", "/agents")).status).toBe(500);
    const bad = await fetch(`${base}/faults`, {
      method: "POST",
      body: JSON.stringify({ route: "x", status: "no" }),
    });
    expect(bad.status).toBe(422);
    await fetch(`${base}/faults`, {
      method: "POST",
      body: JSON.stringify([
        { route: "GET /agents", status: 502 },
        { route: "*", rate: 0.2, seed: 7, kinds: [500, 502, 503, 429, "drop", "dropAfter"] },
        { route: "POST /agents/create", dropAfter: true },
      ]),
    });
    const pending = (await (await fetch(`${base}/faults`)).json()) as { rate?: number; count: number }[];
    expect(pending.map((f) => f.count)).toEqual([1, -1, 1]);
    expect(pending[1]?.rate).toBe(0.2);
    expect((await fetch(`${base}/faults`, { method: "DELETE" })).status).toBe(204);
    expect((await call(emu, "GET", "/agents")).status).toBe(200);
    const ws = (await (await fetch(`${base}/workspace`)).json()) as { counts: { agents: number } };
    expect(ws.counts.agents).toBe(1);
    expect((await fetch(`${base}/requests`, { method: "DELETE" })).status).toBe(204);
    expect(await (await fetch(`${base}/requests`)).json()).toEqual([]);
    expect((await fetch(`${base}/reset`, { method: "POST" })).status).toBe(204);
    expect(emu.workspace().isEmpty()).toBe(true);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});

describe("state file", () => {
  it("persists every mutation atomically and survives a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "el-emu-"));
    try {
      const stateFile = join(dir, "nested", "state.json");
      const emu = await start({ stateFile, apiKeys: ["k1", "k2"] });
      const id = (
        await call(emu, "POST", "/agents/create", { ...agentBody, name: "Persisted" }, { key: "k1" })
      ).json.agent_id as string;
      await call(emu, "PATCH", `/agents/${id}`, { tags: ["t"] }, { key: "k1" });
      const raw = readFileSync(stateFile, "utf8");
      expect(raw).toContain("Persisted");
      expect(raw).not.toContain('k1"');
      await emu.close();
      const again = await start({ stateFile, apiKeys: ["k1", "k2"] });
      const r = await call(again, "GET", `/agents/${id}`, undefined, { key: "k1" });
      expect(r.status).toBe(200);
      expect(r.json.name).toBe("Persisted");
      expect(r.json.tags).toEqual(["t"]);
      expect((await call(again, "GET", `/agents/${id}`, undefined, { key: "k2" })).status).toBe(404);
      await call(again, "DELETE", `/agents/${id}`, undefined, { key: "k1" });
      await again.close();
      const third = await start({ stateFile, apiKeys: ["k1"] });
      expect((await call(third, "GET", `/agents/${id}`, undefined, { key: "k1" })).status).toBe(404);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a file that is not emulator state", async () => {
    const dir = mkdtempSync(join(tmpdir(), "el-emu-"));
    try {
      const stateFile = join(dir, "state.json");
      const { writeFileSync } = await import("node:fs");
      writeFileSync(stateFile, "[]");
      await expect(startEmulator({ stateFile })).rejects.toThrow(/not an emulator state file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
