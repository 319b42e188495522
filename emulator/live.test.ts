/**
 * The live dialect over HTTP: agents (defaults from the description, references), workspace
 * documents, phone numbers (twilio / sip_trunk), tools, secrets, signed URLs, the hyphenated
 * outbound call; classification of shared routes; every answer checked against the description.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Answer, client } from "../test/helpers/http";
import { type Emulator, startEmulator, validateAnswer } from "./index";

let emu: Emulator;
const MAX = 64 * 1024;
const raw = client(() => emu);

/** A call whose 2xx JSON answer must match the live description's answer schema. */
async function call(method: string, path: string, body?: unknown): Promise<Answer> {
  const r = await raw(method, path, body);
  const route = emu.requests().at(-1)?.route ?? "";
  if (r.status < 300 && r.json !== undefined) {
    expect({ route, issues: validateAnswer(route, r.status, r.json, "live") }).toEqual({ route, issues: [] });
  }
  return r;
}

beforeAll(async () => {
  emu = await startEmulator({ rateLimit: 10_000, maxFileBytes: MAX });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => emu.reset());

const issue = (loc: (string | number)[], type: string) => ({ loc, msg: expect.any(String), type });

async function newAgent(body: Record<string, unknown> = {}): Promise<string> {
  const r = await call("POST", "/agents/create", { name: "Live", conversation_config: {}, ...body });
  expect(r.status).toBe(200);
  return r.json.agent_id;
}

function fileForm(name: string | undefined, bytes: Uint8Array, fileName = "manual.pdf"): FormData {
  const form = new FormData();
  if (name !== undefined) form.set("name", name);
  form.set("file", new Blob([bytes], { type: "application/pdf" }), fileName);
  return form;
}

describe("live agents", () => {
  it("a body without legacy markers is live: recorded so, answered with the description's defaults", async () => {
    const id = await newAgent({ conversation_config: { tts: { stability: 0.3 } }, tags: ["prod"] });
    expect(emu.requests().at(-1)?.dialect).toBe("live");
    expect(emu.workspace().agents[id]?.dialect).toBe("live");
    const r = await call("GET", `/agents/${id}`);
    expect(r.json.conversation_config.tts).toMatchObject({ stability: 0.3, model_id: "eleven_flash_v2" });
    expect(r.json.conversation_config.agent.prompt.llm).toBe("gemini-2.5-flash");
    expect(r.json.conversation_config).not.toHaveProperty("stt");
    expect(r.json.platform_settings.widget.variant).toBe("full");
    expect(r.json.tags).toEqual(["prod"]);
    const list = await call("GET", "/agents");
    expect(list.json.agents[0]).toMatchObject({
      agent_id: id,
      voice_id: "cjVigY5qzO86Huf0OWal",
      archived: false,
    });
  });

  it("the rendered conversation_config goes back through PATCH unchanged", async () => {
    const id = await newAgent();
    const got = await call("GET", `/agents/${id}`);
    const patched = await call("PATCH", `/agents/${id}`, {
      conversation_config: got.json.conversation_config,
    });
    expect(patched.status).toBe(200);
    expect(patched.json.conversation_config).toEqual(got.json.conversation_config);
  });

  it("PATCH deep-merges and answers the whole agent", async () => {
    const id = await newAgent({
      conversation_config: { agent: { first_message: "Hi", prompt: { prompt: "P" } } },
    });
    const r = await call("PATCH", `/agents/${id}`, {
      name: "Renamed",
      conversation_config: { agent: { prompt: { temperature: 0.7 } }, turn: { mode: "silence" } },
    });
    expect(r.json.name).toBe("Renamed");
    expect(r.json.conversation_config.agent).toMatchObject({
      first_message: "Hi",
      prompt: { prompt: "P", temperature: 0.7 },
    });
    expect(r.json.conversation_config.turn.mode).toBe("silence");
  });

  it("PATCH merges a partial, then validates the result: null removes any leaf, tags may be left out", async () => {
    const id = await newAgent({
      conversation_config: { tts: { stability: 0.3 }, language_presets: { "pt-br": { overrides: {} } } },
      platform_settings: { data_collection: { tier: { type: "string", description: "Tier" } } },
    });
    const r = await call("PATCH", `/agents/${id}`, {
      conversation_config: {
        tts: { stability: null },
        language_presets: { "pt-br": { overrides: { tts: {} } } },
      },
      platform_settings: { data_collection: { tier: { description: "Customer tier" } } },
    });
    expect(r.json.conversation_config.tts.stability).toBe(0.5); // the default again
    expect(r.json.conversation_config.language_presets["pt-br"].overrides.tts).toBeDefined();
    expect(r.json.platform_settings.data_collection.tier).toMatchObject({
      type: "string",
      description: "Customer tier",
    });
    // What the merge leaves invalid is refused, at the path of the merged value, and nothing changes.
    const bad = await raw("PATCH", `/agents/${id}`, {
      platform_settings: { data_collection: { tier: { type: null } } },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.detail).toEqual([
      issue(["body", "platform_settings", "data_collection", "tier", "type"], "missing"),
    ]);
    expect((await call("GET", `/agents/${id}`)).json.platform_settings.data_collection.tier.type).toBe(
      "string",
    );
  });

  it("stores the workflow; a PATCH replaces it whole, as the service takes the whole graph", async () => {
    const id = await newAgent({
      workflow: {
        nodes: { start_node: { type: "start", edge_order: ["e"] }, done: { type: "end" } },
        edges: { e: { source: "start_node", target: "done" } },
      },
    });
    const r = await call("GET", `/agents/${id}`);
    expect(r.json.workflow).toEqual({
      nodes: {
        start_node: { type: "start", edge_order: ["e"], position: { x: 0, y: 0 } },
        done: { type: "end", edge_order: [], position: { x: 0, y: 0 } },
      },
      edges: {
        e: { source: "start_node", target: "done", forward_condition: null, backward_condition: null },
      },
      prevent_subagent_loops: false,
    });
    const p = await call("PATCH", `/agents/${id}`, { workflow: { nodes: { only: { type: "end" } } } });
    expect(Object.keys(p.json.workflow.nodes)).toEqual(["only"]);
    expect(p.json.workflow.edges).toEqual({}); // what the answer requires and nobody sent: empty
  });

  const bad: [string, Record<string, unknown>, (string | number)[], string][] = [
    [
      "live widget enum",
      { platform_settings: { widget: { variant: "huge" } } },
      ["body", "platform_settings", "widget", "variant"],
      "enum",
    ],
    [
      "turn mode enum",
      { conversation_config: { turn: { mode: "psychic" } } },
      ["body", "conversation_config", "turn", "mode"],
      "enum",
    ],
    [
      "language (overlay)",
      { conversation_config: { agent: { language: "xx" } } },
      ["body", "conversation_config", "agent", "language"],
      "enum",
    ],
    ["blank name (overlay)", { name: " " }, ["body", "name"], "value_error"],
    ["blank tag (overlay)", { tags: [""] }, ["body", "tags", 0], "value_error"],
    [
      "null where not nullable",
      { conversation_config: { tts: { stability: null } } },
      ["body", "conversation_config", "tts", "stability"],
      "number_type",
    ],
    [
      "unknown key",
      { conversation_config: { tts: { pitch: 1 } } },
      ["body", "conversation_config", "tts", "pitch"],
      "extra_forbidden",
    ],
    [
      "locator without id",
      { conversation_config: { agent: { prompt: { knowledge_base: [{ type: "url", name: "n" }] } } } },
      ["body", "conversation_config", "agent", "prompt", "knowledge_base", 0, "id"],
      "missing",
    ],
  ];
  it.each(bad)("422: %s", async (_label, body, loc, type) => {
    const r = await raw("POST", "/agents/create", { name: "X", conversation_config: {}, ...body });
    expect(r.status).toBe(422);
    expect(r.json.detail).toContainEqual(issue(loc, type));
    expect(emu.workspace().counts().agents).toBe(0);
  });

  it("knowledge-base locators and tool ids must name objects of the workspace (422)", async () => {
    const doc = (await call("POST", "/knowledge-base/url", { url: "https://docs.example.com/a" })).json.id;
    const prompt = (p: Record<string, unknown>) => ({ conversation_config: { agent: { prompt: p } } });
    const unknownDoc = await raw("POST", "/agents/create", {
      name: "A",
      ...prompt({
        knowledge_base: [
          { type: "url", name: "a", id: doc },
          { type: "url", name: "b", id: "doc_nope" },
        ],
      }),
    });
    expect(unknownDoc.status).toBe(422);
    expect(unknownDoc.json.detail).toEqual([
      issue(["body", "conversation_config", "agent", "prompt", "knowledge_base", 1, "id"], "value_error"),
    ]);
    const wrongType = await raw("POST", "/agents/create", {
      name: "A",
      ...prompt({ knowledge_base: [{ type: "file", name: "a", id: doc }] }),
    });
    expect(wrongType.json.detail).toEqual([
      issue(["body", "conversation_config", "agent", "prompt", "knowledge_base", 0, "type"], "value_error"),
    ]);
    const unknownTool = await raw("POST", "/agents/create", {
      name: "A",
      ...prompt({ tool_ids: ["tool_nope"] }),
    });
    expect(unknownTool.json.detail).toEqual([
      issue(["body", "conversation_config", "agent", "prompt", "tool_ids", 0], "value_error"),
    ]);
    const id = await newAgent(prompt({ knowledge_base: [{ type: "url", name: "a", id: doc }] }));
    const patch = await raw("PATCH", `/agents/${id}`, prompt({ tool_ids: ["tool_nope"] }));
    expect(patch.status).toBe(422);
  });
});

describe("classification of shared routes", () => {
  it("legacy markers make a request legacy; a PATCH without markers speaks its object's dialect", async () => {
    const legacy = (
      await raw("POST", "/agents/create", { name: "L", conversation_config: { stt: { model: "m" } } })
    ).json.agent_id;
    const live = await newAgent();
    // null removes a stored leaf in both dialects (live: the partial is merged, then validated)
    expect(
      (await raw("PATCH", `/agents/${legacy}`, { conversation_config: { tts: { stability: null } } })).status,
    ).toBe(200);
    expect(
      (await raw("PATCH", `/agents/${live}`, { conversation_config: { tts: { stability: null } } })).status,
    ).toBe(200);
    await raw("GET", `/agents/${legacy}`);
    await raw("GET", "/agents");
    const dialects = emu.requests().map((r) => [r.route, r.dialect]);
    expect(dialects).toEqual([
      ["POST /agents/create", "legacy"],
      ["POST /agents/create", "live"],
      ["PATCH /agents/{agent_id}", "legacy"],
      ["PATCH /agents/{agent_id}", "live"],
      ["GET /agents/{agent_id}", "legacy"],
      ["GET /agents", "live"],
    ]);
    const list = (await raw("GET", "/agents")).json.agents;
    expect(Object.keys(list.find((a: { agent_id: string }) => a.agent_id === legacy)).sort()).toEqual([
      "access_info",
      "agent_id",
      "created_at_unix_secs",
      "name",
      "tags",
    ]);
    expect(list.find((a: { agent_id: string }) => a.agent_id === live).voice_id).toBeTruthy();
  });
});

describe("defaultDialect", () => {
  it('"legacy" makes unmarked bodies on shared routes legacy; live-only routes stay live', async () => {
    const legacyFirst = await startEmulator({ defaultDialect: "legacy" });
    try {
      const other = client(legacyFirst);
      const id = (await other("POST", "/agents/create", { name: "Old client", conversation_config: {} })).json
        .agent_id;
      const got = await other("GET", `/agents/${id}`);
      expect(got.json.conversation_config.tts.model_id).toBe("eleven_turbo_v2");
      expect(got.json.conversation_config.turn_detection).toEqual({ mode: "server_vad" });
      expect((await other("POST", "/knowledge-base/text", { text: "t" })).status).toBe(200);
      expect(legacyFirst.requests().map((r) => r.dialect)).toEqual(["legacy", "legacy", "live"]);
    } finally {
      await legacyFirst.close();
    }
    await expect(startEmulator({ defaultDialect: "klingon" as "live" })).rejects.toThrow(/defaultDialect/);
  });
});

describe("live knowledge base", () => {
  it("url, file and text documents: create answers {id, name}; GET answers the typed document", async () => {
    const url = await call("POST", "/knowledge-base/url", {
      url: "https://docs.example.com/faq",
      name: "FAQ",
    });
    expect(url.json).toEqual({ id: expect.stringMatching(/^doc_/), name: "FAQ", folder_path: [] });
    const file = await call(
      "POST",
      "/knowledge-base/file",
      fileForm(undefined, new TextEncoder().encode("%PDF")),
    );
    expect(file.json.name).toBe("manual.pdf");
    const text = await call("POST", "/knowledge-base/text", { text: "Opening hours\nNine to five." });
    expect(text.json.name).toBe("Opening hours");
    expect((await call("GET", `/knowledge-base/${url.json.id}`)).json).toMatchObject({
      type: "url",
      url: "https://docs.example.com/faq",
      metadata: { size_bytes: 0 },
    });
    expect((await call("GET", `/knowledge-base/${file.json.id}`)).json).toMatchObject({
      type: "file",
      filename: "manual.pdf",
      metadata: { size_bytes: 4 },
    });
    expect((await call("GET", `/knowledge-base/${text.json.id}`)).json).toMatchObject({
      type: "text",
      extracted_inner_html: "Opening hours\nNine to five.",
    });
    expect(emu.workspace().documents[url.json.id]?.agent_id).toBeUndefined();
  });

  it("PATCH renames, replaces a text document's content, refuses content for other types", async () => {
    const text = (await call("POST", "/knowledge-base/text", { text: "one", name: "T" })).json.id;
    const r = await call("PATCH", `/knowledge-base/${text}`, { name: "T2", content: "two!" });
    expect(r.json).toMatchObject({ name: "T2", extracted_inner_html: "two!", metadata: { size_bytes: 4 } });
    const url = (await call("POST", "/knowledge-base/url", { url: "https://x.example/" })).json.id;
    expect((await raw("PATCH", `/knowledge-base/${url}`, { content: "x" })).status).toBe(400);
    expect((await raw("PATCH", "/knowledge-base/doc_nope", { name: "x" })).status).toBe(404);
  });

  it("lists the workspace's documents newest first, with search, types and pages", async () => {
    const ids: string[] = [];
    for (const n of ["Alpha", "Beta", "Gamma"]) {
      ids.push(
        (await call("POST", "/knowledge-base/url", { url: `https://x.example/${n}`, name: n })).json.id,
      );
    }
    ids.push((await call("POST", "/knowledge-base/text", { text: "t", name: "Alphabet" })).json.id);
    const all = await call("GET", "/knowledge-base?page_size=3");
    expect(all.json.documents.map((d: { id: string }) => d.id)).toEqual([ids[3], ids[2], ids[1]]);
    expect(all.json.has_more).toBe(true);
    const next = await call("GET", `/knowledge-base?page_size=3&cursor=${all.json.next_cursor}`);
    expect(next.json.documents.map((d: { id: string }) => d.id)).toEqual([ids[0]]);
    const alpha = await call("GET", "/knowledge-base?search=alpha&types=url");
    expect(alpha.json.documents.map((d: { name: string }) => d.name)).toEqual(["Alpha"]);
  });

  it("422s: url scheme (overlay), missing text, file part missing or empty or too large", async () => {
    const cases: [string, unknown, (string | number)[], string][] = [
      ["/knowledge-base/url", { url: "ftp://x.example/f" }, ["body", "url"], "string_pattern_mismatch"],
      ["/knowledge-base/url", { url: "https://x.example", name: "" }, ["body", "name"], "string_too_short"],
      ["/knowledge-base/text", { name: "n" }, ["body", "text"], "missing"],
      ["/knowledge-base/file", fileForm("n", new Uint8Array(0)), ["body", "file"], "value_error"],
      ["/knowledge-base/file", fileForm("n", new Uint8Array(MAX + 1)), ["body", "file"], "too_long"],
    ];
    for (const [path, body, loc, type] of cases) {
      const r = await raw("POST", path, body);
      expect({ path, status: r.status, detail: r.json.detail }).toEqual({
        path,
        status: 422,
        detail: [issue(loc, type)],
      });
    }
    const noFile = new FormData();
    noFile.set("name", "n");
    expect((await raw("POST", "/knowledge-base/file", noFile)).json.detail).toEqual([
      issue(["body", "file"], "missing"),
    ]);
    expect(emu.workspace().counts().documents).toBe(0);
  });

  it("a document agents use is deleted only with force=true, which detaches it from them", async () => {
    const doc = (await call("POST", "/knowledge-base/url", { url: "https://x.example/kb", name: "KB" })).json
      .id;
    const other = (await call("POST", "/knowledge-base/text", { text: "t" })).json.id;
    const kb = [
      { type: "url", name: "KB", id: doc },
      { type: "text", name: "t", id: other },
    ];
    const agent = await newAgent({ conversation_config: { agent: { prompt: { knowledge_base: kb } } } });
    const deps = await call("GET", `/knowledge-base/${doc}/dependent-agents`);
    expect(deps.json.agents).toEqual([
      expect.objectContaining({ id: agent, name: "Live", type: "available" }),
    ]);
    const listed = (await call("GET", "/knowledge-base")).json.documents.find(
      (d: { id: string }) => d.id === doc,
    );
    expect(listed.dependent_agents.map((a: { id: string }) => a.id)).toEqual([agent]);
    const refused = await raw("DELETE", `/knowledge-base/${doc}`);
    expect([refused.status, refused.json.detail.status]).toEqual([409, "document_in_use"]);
    expect(refused.json.detail.message).toContain(agent);
    expect((await raw("DELETE", `/knowledge-base/${doc}?force=true`)).status).toBe(204);
    const a = await call("GET", `/agents/${agent}`);
    expect(a.json.conversation_config.agent.prompt.knowledge_base).toEqual([
      { type: "text", name: "t", id: other, usage_mode: "auto" }, // the locator default, filled on read
    ]);
    expect((await raw("GET", `/knowledge-base/${doc}`)).status).toBe(404);
    // an unused document goes without force
    await raw("PATCH", `/agents/${agent}`, {
      conversation_config: { agent: { prompt: { knowledge_base: [] } } },
    });
    expect((await raw("DELETE", `/knowledge-base/${other}`)).status).toBe(204);
  });
});

describe("multipart text fields keep every character", () => {
  const name = "\ufeffHandbuch 📘";
  it("a file document named with a leading U+FEFF, in both dialects", async () => {
    const live = await call("POST", "/knowledge-base/file", fileForm(name, new Uint8Array([1, 2])));
    expect(live.json.name).toBe(name);
    expect((await call("GET", `/knowledge-base/${live.json.id}`)).json.name).toBe(name);
    const agent = (await raw("POST", "/agents/create", { name: "L", conversation_config: { stt: {} } })).json
      .agent_id;
    const legacy = await raw(
      "POST",
      `/agents/${agent}/knowledge-base`,
      fileForm(name, new Uint8Array([1, 2])),
    );
    expect(legacy.json.name).toBe(name);
    expect([...legacy.json.name][0]).toBe("\ufeff");
    expect(emu.requests().find((r) => r.route === "POST /knowledge-base/file")?.body).toMatchObject({ name });
  });
});

describe("live phone numbers", () => {
  const twilio = { phone_number: "+14155550100", label: "Support", sid: "AC0123", token: "twilio-token-42" };
  const sip = {
    provider: "sip_trunk",
    phone_number: "+442071838750",
    label: "PBX",
    inbound_trunk_config: {
      allowed_addresses: ["10.0.0.1"],
      credentials: { username: "in", password: "in-secret-7" },
    },
    outbound_trunk_config: {
      address: "sip.example.com",
      transport: "tls",
      credentials: { username: "out", password: "out-secret-8" },
    },
  };

  it("twilio (provider defaults to twilio) and sip_trunk answer the live shapes, never a credential", async () => {
    const t = (await call("POST", "/phone-numbers", twilio)).json.phone_number_id;
    const s = (await call("POST", "/phone-numbers", sip)).json.phone_number_id;
    const tg = await call("GET", `/phone-numbers/${t}`);
    expect(tg.json).toMatchObject({
      provider: "twilio",
      phone_number: "+14155550100",
      label: "Support",
      assigned_agent: null,
    });
    expect(tg.json).not.toHaveProperty("twilio_config");
    const sg = await call("GET", `/phone-numbers/${s}`);
    expect(sg.json).toMatchObject({
      provider: "sip_trunk",
      livekit_stack: "standard",
      outbound_trunk: {
        address: "sip.example.com",
        transport: "tls",
        media_encryption: "allowed",
        has_auth_credentials: true,
        username: "out",
      },
      inbound_trunk: {
        allowed_addresses: ["10.0.0.1"],
        allowed_numbers: null,
        has_auth_credentials: true,
        username: "in",
      },
    });
    const everything = JSON.stringify([
      (await call("GET", "/phone-numbers")).json,
      emu.workspace().phoneNumbers,
      emu.requests(),
    ]);
    for (const secret of ["twilio-token-42", "in-secret-7", "out-secret-8"])
      expect(everything).not.toContain(secret);
    expect(emu.requests()[0]?.body).toMatchObject({ token: "***" });
  });

  it("creates with an agent, PATCHes agent, label and trunks; 409 on a duplicate from either dialect", async () => {
    const agent = await newAgent();
    const t = (await call("POST", "/phone-numbers", { ...twilio, agent_id: agent })).json.phone_number_id;
    expect((await call("GET", `/agents/${agent}`)).json.phone_numbers).toEqual([
      expect.objectContaining({
        phone_number_id: t,
        provider: "twilio",
        assigned_agent: { agent_id: agent, agent_name: "Live" },
      }),
    ]);
    const p = await call("PATCH", `/phone-numbers/${t}`, { agent_id: null, label: "Renamed" });
    expect(p.json).toMatchObject({ assigned_agent: null, label: "Renamed" });
    expect(
      (await raw("PATCH", `/phone-numbers/${t}`, { outbound_trunk_config: { address: "x.example" } })).status,
    ).toBe(400);
    const s = (await call("POST", "/phone-numbers", sip)).json.phone_number_id;
    const trunk = await call("PATCH", `/phone-numbers/${s}`, {
      outbound_trunk_config: { address: "sip2.example.com" },
    });
    expect(trunk.json.outbound_trunk).toMatchObject({
      address: "sip2.example.com",
      transport: "auto",
      has_auth_credentials: false,
    });
    const legacyDup = await raw("POST", "/phone-numbers", {
      provider: "twilio",
      phone_number: twilio.phone_number,
      label: "L",
      twilio_config: { account_sid: "AC1", auth_token: "x" },
    });
    expect([legacyDup.status, legacyDup.json.detail.status]).toEqual([409, "phone_number_already_exists"]);
    expect(
      (
        await raw("POST", "/phone-numbers", {
          ...twilio,
          phone_number: "+14155550111",
          agent_id: "agent_nope",
        })
      ).status,
    ).toBe(404);
  });

  it("a number imported with the legacy body answers legacy fields on the shared GET", async () => {
    const id = (
      await raw("POST", "/phone-numbers", {
        provider: "sip",
        phone_number: "+14155550123",
        label: "Old",
        sip_config: { address: "sip.example.com", transport: "udp" },
      })
    ).json.phone_number_id;
    const g = await raw("GET", `/phone-numbers/${id}`);
    expect(g.json).toMatchObject({
      provider: "sip",
      sip_config: { address: "sip.example.com", has_credentials: false },
    });
    expect(emu.requests().at(-1)?.dialect).toBe("legacy");
  });

  it("422: E.164 and blank labels (overlay), missing sid/token, exotel not emulated (400)", async () => {
    const bad = await raw("POST", "/phone-numbers", {
      ...twilio,
      phone_number: "555",
      label: " ",
      token: undefined,
    });
    expect(bad.json.detail).toEqual(
      expect.arrayContaining([
        issue(["body", "phone_number"], "string_pattern_mismatch"),
        issue(["body", "label"], "value_error"),
        issue(["body", "token"], "missing"),
      ]),
    );
  });
});

describe("tools and secrets", () => {
  const webhook = (secretId?: string) => ({
    tool_config: {
      type: "webhook",
      name: "lookup",
      description: "Looks things up",
      api_schema: {
        url: "https://crm.example.com/x",
        ...(secretId ? { request_headers: { Authorization: { secret_id: secretId } } } : {}),
      },
    },
  });

  it("tool CRUD answers the configuration with the type's defaults", async () => {
    const t = await call("POST", "/tools", webhook());
    expect(t.json).toMatchObject({
      id: expect.stringMatching(/^tool_/),
      tool_config: {
        type: "webhook",
        name: "lookup",
        response_timeout_secs: 20,
        api_schema: { method: "GET" },
      },
      usage_stats: { total_calls: 0 },
    });
    const client = await call("POST", "/tools", {
      tool_config: { type: "client", name: "map", description: "d" },
    });
    expect((await call("GET", "/tools")).json.tools.map((x: { id: string }) => x.id)).toEqual([
      client.json.id,
      t.json.id,
    ]);
    expect((await call("GET", "/tools?types=client")).json.tools).toHaveLength(1);
    const u = await call("PATCH", `/tools/${t.json.id}`, {
      tool_config: { ...webhook().tool_config, description: "New" },
    });
    expect(u.json.tool_config.description).toBe("New");
    expect((await call("GET", `/tools/${t.json.id}`)).json.tool_config.description).toBe("New");
    expect(
      (await raw("POST", "/tools", { tool_config: { type: "client", name: "has space", description: "d" } }))
        .status,
    ).toBe(422);
    expect((await raw("DELETE", `/tools/${client.json.id}`)).status).toBe(204);
    expect((await raw("GET", `/tools/${client.json.id}`)).status).toBe(404);
  });

  it("a tool agents use is deleted only with force=true, which removes it from them", async () => {
    const tool = (await call("POST", "/tools", webhook())).json.id;
    const agent = await newAgent({ conversation_config: { agent: { prompt: { tool_ids: [tool] } } } });
    expect(
      (await call("GET", `/tools/${tool}/dependent-agents`)).json.agents.map((a: { id: string }) => a.id),
    ).toEqual([agent]);
    const refused = await raw("DELETE", `/tools/${tool}`);
    expect([refused.status, refused.json.detail.status]).toEqual([409, "tool_in_use"]);
    expect((await raw("DELETE", `/tools/${tool}?force=true`)).status).toBe(204);
    expect((await call("GET", `/agents/${agent}`)).json.conversation_config.agent.prompt.tool_ids).toEqual(
      [],
    );
  });

  it("secrets: the value is never answered, stored or logged; tools name secrets that exist", async () => {
    const s = await call("POST", "/secrets", { type: "new", name: "crm", value: "v4lue-one" });
    expect(s.json).toEqual({ type: "stored", secret_id: expect.stringMatching(/^secret_/), name: "crm" });
    const id = s.json.secret_id;
    expect((await raw("POST", "/tools", webhook("secret_nope"))).json.detail).toEqual([
      issue(
        ["body", "tool_config", "api_schema", "request_headers", "Authorization", "secret_id"],
        "value_error",
      ),
    ]);
    const tool = (await call("POST", "/tools", webhook(id))).json.id;
    expect((await call("GET", `/secrets/${id}`)).json.used_by.tools.map((t: { id: string }) => t.id)).toEqual(
      [tool],
    );
    const renamed = await call("PATCH", `/secrets/${id}`, {
      type: "update",
      name: "crm2",
      value: "v4lue-two",
    });
    expect(renamed.json).toEqual({ type: "stored", secret_id: id, name: "crm2" });
    expect(
      (await call("GET", "/secrets?search=CRM")).json.secrets.map((x: { name: string }) => x.name),
    ).toEqual(["crm2"]);
    const inUse = await raw("DELETE", `/secrets/${id}`);
    expect([inUse.status, inUse.json.detail.status]).toEqual([409, "secret_in_use"]);
    await raw("DELETE", `/tools/${tool}`);
    expect((await raw("DELETE", `/secrets/${id}`)).status).toBe(204);
    const everything = JSON.stringify([emu.requests(), emu.workspace().secrets]);
    expect(everything).not.toMatch(/v4lue-one|v4lue-two/);
    expect((await raw("POST", "/secrets", { type: "new", name: "x", value: "" })).status).toBe(422);
  });
});

describe("calls and links, live", () => {
  it("POST /twilio/outbound-call (hyphen) places a call; get-signed-url answers a usable ws URL", async () => {
    const agent = await newAgent({ conversation_config: { agent: { first_message: "Hello" } } });
    const num = (
      await call("POST", "/phone-numbers", {
        phone_number: "+14155550100",
        label: "L",
        sid: "AC1",
        token: "t",
      })
    ).json.phone_number_id;
    const r = await call("POST", "/twilio/outbound-call", {
      agent_id: agent,
      agent_phone_number_id: num,
      to_number: "+14155550199",
    });
    expect(r.json).toMatchObject({ success: true, conversation_id: expect.stringMatching(/^conv_/) });
    expect(emu.requests().at(-1)?.dialect).toBe("live");
    const conv = await call("GET", `/conversations/${r.json.conversation_id}`);
    expect(conv.json).toMatchObject({
      status: "done",
      has_audio: true,
      has_response_audio: true,
      has_user_audio: false,
    });
    const bad = await raw("POST", "/twilio/outbound-call", {
      agent_id: agent,
      agent_phone_number_id: num,
      to_number: "555",
    });
    expect(bad.json.detail).toEqual([issue(["body", "to_number"], "string_pattern_mismatch")]);
    const signed = await call("GET", `/conversation/get-signed-url?agent_id=${agent}`);
    const url = new URL(signed.json.signed_url);
    expect(url.pathname).toBe("/v1/convai/conversation");
    expect(url.searchParams.get("agent_id")).toBe(agent);
    expect(url.searchParams.get("conversation_signature")).toMatch(/^[A-Za-z0-9]{40}$/);
    expect((await raw("GET", "/conversation/get-signed-url")).json.detail).toEqual([
      issue(["query", "agent_id"], "missing"),
    ]);
    expect((await raw("GET", "/conversation/get-signed-url?agent_id=agent_nope")).status).toBe(404);
  });

  it("GET /agents/{id}/link answers the live token and the legacy signed URL together", async () => {
    const agent = await newAgent();
    const r = await call("GET", `/agents/${agent}/link`);
    expect(r.json).toMatchObject({
      agent_id: agent,
      token: { agent_id: agent, conversation_token: expect.any(String), purpose: "shareable_link" },
      signed_url: expect.stringContaining(`conversation_signature=${r.json.token.conversation_token}`),
    });
    expect(r.json.token.expiration_time_unix_secs).toBe(r.json.expires_at_unix_secs);
  });
});
