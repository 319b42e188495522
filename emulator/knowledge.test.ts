import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { client } from "../test/helpers/http";
import { DEFAULT_API_KEY, type Emulator, startEmulator } from "./index";

let emu: Emulator;
const MAX = 64 * 1024;

beforeAll(async () => {
  emu = await startEmulator({ rateLimit: 10_000, maxFileBytes: MAX });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => emu.reset());

const call = client(() => emu);
const send = (method: string, path: string, body?: string | FormData, contentType?: string) =>
  call(method, path, body, contentType ? { contentType } : {});
const sendJson = (method: string, path: string, body: unknown) => call(method, path, body);

/** A legacy agent (the turn_detection marker): this file tests the legacy per-agent knowledge base. */
async function newAgent(): Promise<string> {
  const r = await sendJson("POST", "/agents/create", {
    name: "KB agent",
    conversation_config: { turn_detection: { mode: "server_vad" } },
  });
  return r.json.agent_id;
}

function fileForm(name: string | undefined, bytes: Uint8Array, fileName = "manual.pdf"): FormData {
  const form = new FormData();
  if (name !== undefined) form.set("name", name);
  form.set("file", new Blob([bytes], { type: "application/pdf" }), fileName);
  return form;
}

describe("knowledge base: create", () => {
  it("URL document from JSON", async () => {
    const agent = await newAgent();
    const r = await sendJson("POST", `/agents/${agent}/knowledge-base`, {
      url: "https://docs.example.com/faq",
      name: "FAQ",
    });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      id: expect.stringMatching(/^doc_[A-Za-z0-9]{20,}$/),
      name: "FAQ",
      type: "url",
      url: "https://docs.example.com/faq",
      metadata: { created_at_unix_secs: expect.any(Number), size_bytes: 0 },
    });
  });

  it("URL document from urlencoded and multipart fields", async () => {
    const agent = await newAgent();
    const a = await send(
      "POST",
      `/agents/${agent}/knowledge-base`,
      new URLSearchParams({ url: "http://example.com/a", name: "A" }).toString(),
      "application/x-www-form-urlencoded",
    );
    expect(a.status).toBe(200);
    expect(a.json.type).toBe("url");
    const form = new FormData();
    form.set("url", "https://example.com/b");
    form.set("name", "B");
    const b = await send("POST", `/agents/${agent}/knowledge-base`, form);
    expect(b.status).toBe(200);
    expect(b.json).toMatchObject({ type: "url", name: "B", url: "https://example.com/b" });
  });

  it("file document from multipart, with size and sha256; the log shows {name, size}", async () => {
    const agent = await newAgent();
    const bytes = new TextEncoder().encode("%PDF-1.4 hello manual");
    const r = await send("POST", `/agents/${agent}/knowledge-base`, fileForm("Manual", bytes));
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      id: expect.stringMatching(/^doc_/),
      name: "Manual",
      type: "file",
      file_name: "manual.pdf",
      content_sha256: createHash("sha256").update(bytes).digest("hex"),
      metadata: { created_at_unix_secs: expect.any(Number), size_bytes: bytes.length },
    });
    const logged = emu.requests().at(-1);
    expect(logged?.route).toBe("POST /agents/{agent_id}/knowledge-base");
    expect(logged?.body).toEqual({ name: "Manual", file: { name: "manual.pdf", size: bytes.length } });
  });

  const bad: [string, () => FormData | Record<string, unknown>, (string | number)[], string][] = [
    ["missing name (json)", () => ({ url: "https://x.example" }), ["body", "name"], "missing"],
    ["blank name", () => ({ url: "https://x.example", name: "  " }), ["body", "name"], "value_error"],
    ["neither url nor file", () => ({ name: "N" }), ["body", "url"], "missing"],
    ["url not http(s)", () => ({ url: "ftp://x.example/f", name: "N" }), ["body", "url"], "url_scheme"],
    ["url not a url", () => ({ url: "not a url", name: "N" }), ["body", "url"], "url_scheme"],
    [
      "unknown field",
      () => ({ url: "https://x.example", name: "N", text: "t" }),
      ["body", "text"],
      "extra_forbidden",
    ],
    ["missing name (file)", () => fileForm(undefined, new Uint8Array([1])), ["body", "name"], "missing"],
    ["empty file", () => fileForm("N", new Uint8Array(0)), ["body", "file"], "value_error"],
    ["file over the limit", () => fileForm("N", new Uint8Array(MAX + 1)), ["body", "file"], "too_long"],
    [
      "both url and file",
      () => {
        const f = fileForm("N", new Uint8Array([1]));
        f.set("url", "https://x.example");
        return f;
      },
      ["body", "file"],
      "value_error",
    ],
    [
      "file as a plain field",
      () => {
        const f = new FormData();
        f.set("name", "N");
        f.set("file", "just text");
        return f;
      },
      ["body", "file"],
      "file_type",
    ],
  ];
  it.each(bad)("422: %s", async (_label, make, loc, type) => {
    const agent = await newAgent();
    const body = make();
    const r =
      body instanceof FormData
        ? await send("POST", `/agents/${agent}/knowledge-base`, body)
        : await sendJson("POST", `/agents/${agent}/knowledge-base`, body);
    expect(r.status).toBe(422);
    expect(r.json.detail).toContainEqual({ loc, msg: expect.any(String), type });
    expect(emu.workspace().counts().documents).toBe(0);
  });

  it("a file exactly at the limit is accepted", async () => {
    const agent = await newAgent();
    const r = await send("POST", `/agents/${agent}/knowledge-base`, fileForm("Big", new Uint8Array(MAX)));
    expect(r.status).toBe(200);
    expect(r.json.metadata.size_bytes).toBe(MAX);
  });

  it("404 agent_not_found for an unknown agent", async () => {
    const r = await sendJson("POST", "/agents/agent_nope/knowledge-base", {
      url: "https://x.example",
      name: "N",
    });
    expect(r.status).toBe(404);
    expect(r.json.detail.status).toBe("agent_not_found");
  });
});

describe("knowledge base: list and delete", () => {
  it("lists an agent's documents newest first, deletes one, 404s after", async () => {
    const agent = await newAgent();
    const other = await newAgent();
    const d1 = (
      await sendJson("POST", `/agents/${agent}/knowledge-base`, { url: "https://a.example", name: "one" })
    ).json.id;
    const d2 = (
      await send("POST", `/agents/${agent}/knowledge-base`, fileForm("two", new Uint8Array([1, 2])))
    ).json.id;
    await sendJson("POST", `/agents/${other}/knowledge-base`, {
      url: "https://b.example",
      name: "elsewhere",
    });
    const list = await send("GET", `/agents/${agent}/knowledge-base`);
    expect(list.status).toBe(200);
    expect(list.json.documents.map((d: { id: string }) => d.id)).toEqual([d2, d1]);
    expect(list.json).toMatchObject({ next_cursor: null, has_more: false });

    const del = await fetch(`${emu.url}/agents/${agent}/knowledge-base/${d1}`, {
      method: "DELETE",
      headers: { "xi-api-key": DEFAULT_API_KEY },
    });
    expect(del.status).toBe(204);
    expect((await send("GET", `/agents/${agent}/knowledge-base`)).json.documents).toHaveLength(1);
    const again = await send("DELETE", `/agents/${agent}/knowledge-base/${d1}`);
    expect(again.status).toBe(404);
    expect(again.json.detail.status).toBe("document_not_found");
    // a document cannot be deleted through another agent
    expect((await send("DELETE", `/agents/${other}/knowledge-base/${d2}`)).status).toBe(404);
    expect((await send("DELETE", `/agents/agent_nope/knowledge-base/${d2}`)).json.detail.status).toBe(
      "agent_not_found",
    );
    expect((await send("GET", "/agents/agent_nope/knowledge-base")).status).toBe(404);
  });

  it("the agent's own knowledge_base stays as the client set it", async () => {
    const agent = await newAgent();
    await sendJson("POST", `/agents/${agent}/knowledge-base`, { url: "https://a.example", name: "one" });
    const a = await send("GET", `/agents/${agent}`);
    expect(a.json.conversation_config.agent.prompt.knowledge_base).toEqual([]);
  });

  it("deleting the agent deletes its documents only", async () => {
    const agent = await newAgent();
    const other = await newAgent();
    await sendJson("POST", `/agents/${agent}/knowledge-base`, { url: "https://a.example", name: "one" });
    await send("POST", `/agents/${agent}/knowledge-base`, fileForm("two", new Uint8Array([1])));
    await sendJson("POST", `/agents/${other}/knowledge-base`, { url: "https://b.example", name: "kept" });
    expect((await send("DELETE", `/agents/${agent}`)).status).toBe(204);
    const docs = Object.values(emu.workspace().documents);
    expect(docs.map((d) => d.name)).toEqual(["kept"]);
  });
});
