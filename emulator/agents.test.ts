import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { client } from "../test/helpers/http";
import { DEFAULT_API_KEY, type Emulator, startEmulator, supportedLanguages } from "./index";

let emu: Emulator;
const call = client(() => emu);

/** A legacy marker (see dialect.ts): this file tests the legacy dialect; live agents are tested in live.test.ts. */
const MARKER = { turn_detection: { mode: "server_vad" } };

/** `body` with the legacy marker merged into its conversation_config (when it has one). */
function legacy(body: Record<string, unknown>): Record<string, unknown> {
  const cc = body.conversation_config;
  return cc !== null && typeof cc === "object" && !Array.isArray(cc)
    ? { ...body, conversation_config: { ...MARKER, ...(cc as object) } }
    : body;
}

async function create(name = "Support", extra: Record<string, unknown> = {}): Promise<string> {
  const r = await call("POST", "/agents/create", legacy({ name, conversation_config: {}, ...extra }));
  expect(r.status).toBe(200);
  return r.json.agent_id;
}

beforeAll(async () => {
  emu = await startEmulator({ rateLimit: 10_000 });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => emu.reset());

describe("agents: create and get", () => {
  it("answers only the id, prefixed and random", async () => {
    const r = await call("POST", "/agents/create", legacy({ name: "A", conversation_config: {} }));
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(["agent_id"]);
    expect(r.json.agent_id).toMatch(/^agent_[A-Za-z0-9]{20,}$/);
    const other = await create("B");
    expect(other).not.toBe(r.json.agent_id);
  });

  it("fills every default on read from a tiny create body", async () => {
    const id = await create("Tiny", {
      conversation_config: { agent: { prompt: { prompt: "Be brief" } }, tts: { stability: 0.3 } },
    });
    const r = await call("GET", `/agents/${id}`);
    expect(r.status).toBe(200);
    expect(r.json.agent_id).toBe(id);
    expect(r.json.name).toBe("Tiny");
    expect(r.json.conversation_config).toEqual({
      agent: {
        first_message: "",
        language: "en",
        prompt: {
          prompt: "Be brief",
          llm: "gemini-2.0-flash",
          temperature: 0,
          max_tokens: -1,
          tool_ids: [],
          knowledge_base: [],
        },
      },
      tts: {
        voice_id: "cjVigY5qzO86Huf0OWal",
        model_id: "eleven_turbo_v2",
        stability: 0.3,
        similarity_boost: 0.8,
        optimize_streaming_latency: 3,
        speed: 1.0,
        agent_output_audio_format: "pcm_16000",
      },
      stt: { model: null },
      turn_detection: { mode: "server_vad" },
      turn: { turn_timeout: 7 },
      conversation: { max_duration_seconds: 600 },
    });
    expect(r.json.platform_settings).toEqual({ auth: { enable_auth: false }, widget: { variant: "full" } });
    expect(r.json.tags).toEqual([]);
    expect(r.json.phone_numbers).toEqual([]);
    expect(r.json.access_info).toMatchObject({ is_creator: true });
    expect(typeof r.json.metadata.created_at_unix_secs).toBe("number");
    expect(r.json.metadata.updated_at_unix_secs).toBe(r.json.metadata.created_at_unix_secs);
  });

  it("stores only what was sent", async () => {
    const id = await create("Sparse", { conversation_config: { tts: { voice_id: "v1" } }, tags: ["a"] });
    const stored = emu.workspace().agents[id];
    expect(stored?.conversation_config).toEqual({ ...MARKER, tts: { voice_id: "v1" } });
    expect(stored?.dialect).toBe("legacy");
    expect(stored?.platform_settings).toBeUndefined();
    expect(stored?.tags).toEqual(["a"]);
  });

  it("accepts the whole rendered configuration back (round trip)", async () => {
    const id = await create("Round");
    const got = await call("GET", `/agents/${id}`);
    const again = await call("POST", "/agents/create", {
      name: "Copy", // the rendered legacy configuration carries the legacy markers itself
      conversation_config: got.json.conversation_config,
      platform_settings: got.json.platform_settings,
      tags: got.json.tags,
    });
    expect(again.status).toBe(200);
    const patched = await call("PATCH", `/agents/${id}`, {
      conversation_config: got.json.conversation_config,
      platform_settings: got.json.platform_settings,
    });
    expect(patched.status).toBe(200);
    expect(patched.json.conversation_config).toEqual(got.json.conversation_config);
  });

  it("404 agent_not_found for an unknown id", async () => {
    const r = await call("GET", "/agents/agent_nope");
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ detail: { status: "agent_not_found", message: expect.any(String) } });
  });
});

describe("agents: validation (422 with loc)", () => {
  const cases: [string, unknown, (string | number)[], string][] = [
    [
      "stability above 1",
      { conversation_config: { tts: { stability: 1.5 } } },
      ["body", "conversation_config", "tts", "stability"],
      "less_than_equal",
    ],
    [
      "stability below 0",
      { conversation_config: { tts: { stability: -0.1 } } },
      ["body", "conversation_config", "tts", "stability"],
      "greater_than_equal",
    ],
    [
      "similarity_boost above 1",
      { conversation_config: { tts: { similarity_boost: 2 } } },
      ["body", "conversation_config", "tts", "similarity_boost"],
      "less_than_equal",
    ],
    [
      "unsupported language",
      { conversation_config: { agent: { language: "xx" } } },
      ["body", "conversation_config", "agent", "language"],
      "enum",
    ],
    [
      "wrong type",
      { conversation_config: { tts: { stability: "high" } } },
      ["body", "conversation_config", "tts", "stability"],
      "number_type",
    ],
    [
      "unknown nested field",
      { conversation_config: { tts: { pitch: 1 } } },
      ["body", "conversation_config", "tts", "pitch"],
      "extra_forbidden",
    ],
    ["unknown top-level field", { colour: "red" }, ["body", "colour"], "extra_forbidden"],
    [
      "unknown platform field",
      { platform_settings: { auth: { sso: true } } },
      ["body", "platform_settings", "auth", "sso"],
      "extra_forbidden",
    ],
    [
      "bad widget variant",
      { platform_settings: { widget: { variant: "tiny" } } },
      ["body", "platform_settings", "widget", "variant"],
      "enum",
    ],
    [
      "bad turn detection mode",
      { conversation_config: { turn_detection: { mode: "psychic" } } },
      ["body", "conversation_config", "turn_detection", "mode"],
      "enum",
    ],
    ["tags not strings", { tags: [1] }, ["body", "tags", 0], "string_type"],
    ["blank name", { name: "   " }, ["body", "name"], "value_error"],
    ["name missing", { name: undefined }, ["body", "name"], "missing"],
    ["name not a string", { name: 7 }, ["body", "name"], "string_type"],
    [
      "conversation_config missing",
      { conversation_config: undefined },
      ["body", "conversation_config"],
      "missing",
    ],
  ];
  it.each(cases)("create: %s", async (_label, patch, loc, type) => {
    const body = legacy({ name: "X", conversation_config: {}, ...(patch as object) });
    const r = await call("POST", "/agents/create", body);
    expect(r.status).toBe(422);
    expect(r.json.detail).toContainEqual({ loc, msg: expect.any(String), type });
    expect(Object.keys(emu.workspace().agents)).toHaveLength(0);
  });

  it("create: accepts every supported language, e.g. fil and hr", async () => {
    const languages = supportedLanguages("legacy");
    expect(languages).toHaveLength(32);
    expect(languages).toEqual(expect.arrayContaining(["fil", "hr", "ja", "pt"]));
    for (const language of languages) {
      const r = await call(
        "POST",
        "/agents/create",
        legacy({ name: "L", conversation_config: { agent: { language } } }),
      );
      expect(r.status).toBe(200);
    }
    const pt = await call(
      "POST",
      "/agents/create",
      legacy({ name: "L", conversation_config: { agent: { language: "pt-br" } } }),
    );
    expect(pt.status).toBe(422);
  });

  it("create: body that is not an object or missing", async () => {
    // no legacy marker: classified live, whose description wants an object body too
    expect((await call("POST", "/agents/create", [1])).json.detail[0]).toMatchObject({
      loc: ["body"],
      type: "dict_type",
    });
    const empty = await fetch(`${emu.url}/agents/create`, {
      method: "POST",
      headers: { "xi-api-key": DEFAULT_API_KEY },
    });
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as { detail: unknown[] }).detail[0]).toMatchObject({
      loc: ["body"],
      type: "missing",
    });
  });

  it("patch: same validation, and name cannot be removed", async () => {
    const id = await create();
    const r = await call("PATCH", `/agents/${id}`, {
      conversation_config: { tts: { similarity_boost: 1.01 } },
    });
    expect(r.status).toBe(422);
    expect(r.json.detail[0].loc).toEqual(["body", "conversation_config", "tts", "similarity_boost"]);
    const n = await call("PATCH", `/agents/${id}`, { name: null });
    expect(n.status).toBe(422);
    expect(n.json.detail[0].loc).toEqual(["body", "name"]);
    const x = await call("PATCH", `/agents/${id}`, { agent_id: "other" });
    expect(x.json.detail[0]).toMatchObject({ loc: ["body", "agent_id"], type: "extra_forbidden" });
  });
});

describe("agents: patch deep-merges", () => {
  it("merges objects, replaces arrays and scalars, null restores the default", async () => {
    const id = await create("Merge", {
      conversation_config: {
        agent: { first_message: "Hi", prompt: { prompt: "P1", tool_ids: ["t1", "t2"] } },
        tts: { stability: 0.2, voice_id: "v1" },
      },
      tags: ["a", "b"],
    });
    const before = await call("GET", `/agents/${id}`);
    const r = await call("PATCH", `/agents/${id}`, {
      name: "Merged",
      conversation_config: { agent: { prompt: { tool_ids: ["t3"] } }, tts: { stability: null, speed: 1.1 } },
      tags: ["c"],
    });
    expect(r.status).toBe(200);
    const cc = r.json.conversation_config;
    expect(r.json.name).toBe("Merged");
    expect(cc.agent.first_message).toBe("Hi");
    expect(cc.agent.prompt.prompt).toBe("P1");
    expect(cc.agent.prompt.tool_ids).toEqual(["t3"]);
    expect(cc.tts.stability).toBe(0.5);
    expect(cc.tts.voice_id).toBe("v1");
    expect(cc.tts.speed).toBe(1.1);
    expect(r.json.tags).toEqual(["c"]);
    expect(r.json.metadata.created_at_unix_secs).toBe(before.json.metadata.created_at_unix_secs);
    expect(r.json.metadata.updated_at_unix_secs).toBeGreaterThanOrEqual(
      before.json.metadata.updated_at_unix_secs,
    );
    expect((await call("GET", `/agents/${id}`)).json).toEqual(r.json);
  });

  it("platform_settings merge and 404 on unknown agent", async () => {
    const id = await create("P", { platform_settings: { widget: { variant: "compact" } } });
    const r = await call("PATCH", `/agents/${id}`, { platform_settings: { auth: { enable_auth: true } } });
    expect(r.json.platform_settings).toEqual({ auth: { enable_auth: true }, widget: { variant: "compact" } });
    expect((await call("PATCH", "/agents/agent_missing", { name: "x" })).status).toBe(404);
  });

  it("bumps updated_at", async () => {
    const id = await create("T");
    const stored = emu.workspace().agents[id];
    if (!stored) throw new Error("stored agent missing");
    stored.metadata.created_at_unix_secs -= 100;
    stored.metadata.updated_at_unix_secs -= 100;
    const r = await call("PATCH", `/agents/${id}`, { name: "T2" });
    expect(r.json.metadata.updated_at_unix_secs).toBeGreaterThan(r.json.metadata.created_at_unix_secs);
  });
});

describe("agents: list", () => {
  it("pages newest first with a cursor until has_more is false", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await create(`Agent ${i}`));
    const p1 = await call("GET", "/agents?page_size=2");
    expect(p1.json.agents.map((a: { agent_id: string }) => a.agent_id)).toEqual([ids[4], ids[3]]);
    expect(p1.json.has_more).toBe(true);
    expect(typeof p1.json.next_cursor).toBe("string");
    expect(Object.keys(p1.json.agents[0]).sort()).toEqual(
      ["access_info", "agent_id", "created_at_unix_secs", "name", "tags"].sort(),
    );
    const p2 = await call("GET", `/agents?page_size=2&cursor=${encodeURIComponent(p1.json.next_cursor)}`);
    expect(p2.json.agents.map((a: { agent_id: string }) => a.agent_id)).toEqual([ids[2], ids[1]]);
    // deleting an agent already handed out neither repeats nor skips the rest
    await call("DELETE", `/agents/${ids[1]}`);
    const p3 = await call("GET", `/agents?page_size=2&cursor=${encodeURIComponent(p2.json.next_cursor)}`);
    expect(p3.json.agents.map((a: { agent_id: string }) => a.agent_id)).toEqual([ids[0]]);
    expect(p3.json.has_more).toBe(false);
    expect(p3.json.next_cursor).toBeNull();
  });

  it("default page size is 30", async () => {
    for (let i = 0; i < 31; i++) await create(`A${i}`);
    const r = await call("GET", "/agents");
    expect(r.json.agents).toHaveLength(30);
    expect(r.json.has_more).toBe(true);
  });

  it("search is a case-insensitive substring of the name; tags filter", async () => {
    await create("Customer Support", { tags: ["prod", "eu"] });
    await create("Sales bot", { tags: ["prod"] });
    await create("SUPPORT (staging)", { tags: ["staging"] });
    const r = await call("GET", "/agents?search=support");
    expect(r.json.agents.map((a: { name: string }) => a.name).sort()).toEqual([
      "Customer Support",
      "SUPPORT (staging)",
    ]);
    const t = await call("GET", "/agents?tags=prod,eu");
    expect(t.json.agents.map((a: { name: string }) => a.name)).toEqual(["Customer Support"]);
  });

  it.each([["0"], ["101"], ["abc"], ["-3"]])("page_size=%s answers 422 at query.page_size", async (size) => {
    const r = await call("GET", `/agents?page_size=${size}`);
    expect(r.status).toBe(422);
    expect(r.json.detail[0].loc).toEqual(["query", "page_size"]);
  });

  it("a garbage cursor answers 422 at query.cursor", async () => {
    const r = await call("GET", "/agents?cursor=!!!");
    expect(r.status).toBe(422);
    expect(r.json.detail[0].loc).toEqual(["query", "cursor"]);
  });
});

describe("agents: delete", () => {
  it("204 with no body, then 404", async () => {
    const id = await create();
    const r = await fetch(`${emu.url}/agents/${id}`, {
      method: "DELETE",
      headers: { "xi-api-key": DEFAULT_API_KEY },
    });
    expect(r.status).toBe(204);
    expect(await r.text()).toBe("");
    expect((await call("GET", `/agents/${id}`)).status).toBe(404);
    expect((await call("DELETE", `/agents/${id}`)).json.detail.status).toBe("agent_not_found");
    expect(emu.workspace().isEmpty()).toBe(true);
  });
});
