/**
 * Document names keep every character. A name that starts with U+FEFF (a byte-order mark, as
 * pasted from a file) and ends with an emoji travels in a multipart text field for file uploads
 * and in JSON for URL and text documents; the service keeps it as sent, so after `up` the account
 * holds exactly that name, and refresh, preview and a second `up` find nothing to change (a name
 * that lost or changed a character would show as drift and replace the document on every run).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent, KnowledgeDocument } from "../sdk";
import { BOTH_DIALECTS } from "./helpers/dialect";
import { useEmulator } from "./helpers/emulator";
import { TestStack, typeToken } from "./helpers/engine";

/** A byte-order mark first, an emoji (a surrogate pair) last. */
const NAME = "\ufeffHandbuch 📘";

describe.each(BOTH_DIALECTS)("document names with a BOM and an emoji converge (%s)", (dialect) => {
  const env = useEmulator({}, dialect);
  const dir = mkdtempSync(join(tmpdir(), "documents-unicode-"));
  const file = join(dir, "handbuch.md");
  writeFileSync(file, "# Handbuch\nÖffnungszeiten: 9–17 Uhr.\n");
  let stack: TestStack;

  /** The documents of this dialect: a file everywhere; live also has URL and text documents. */
  const names =
    dialect === "live" ? { file: NAME, url: `${NAME} (URL)`, text: `${NAME} (Text)` } : { file: NAME };

  const program = async () => {
    const agent = new Agent("support", { name: "Support", conversationConfig: {} });
    const file_ = new KnowledgeDocument("file", { agentId: agent.agentId, name: names.file, filePath: file });
    const out: Record<string, unknown> = { fileId: file_.documentId };
    if (dialect === "live") {
      const url = new KnowledgeDocument("url", {
        agentId: agent.agentId,
        name: `${NAME} (URL)`,
        url: "https://docs.example.com/handbuch",
      });
      const text = new KnowledgeDocument("text", {
        agentId: agent.agentId,
        name: `${NAME} (Text)`,
        text: "Öffnungszeiten: 9–17 Uhr.",
      } as ConstructorParameters<typeof KnowledgeDocument>[1]);
      out.urlId = url.documentId;
      out.textId = text.documentId;
    }
    return out;
  };

  beforeAll(async () => {
    stack = await TestStack.create(program, env);
  });
  afterAll(async () => {
    await stack?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  let ids: Record<string, string> = {};

  it("up creates the documents under their exact names", async () => {
    const r = await stack.up();
    const documents = Object.keys(names).length;
    expect(r.changes).toEqual({ create: 2 + documents }); // the stack, the agent, the documents
    ids = Object.fromEntries(Object.entries(r.outputs).map(([k, v]) => [k, String(v)]));
    const stored = Object.values(env.emu.workspace().documents).map((d) => d.name);
    expect(stored.sort()).toEqual(Object.values(names).sort());
    expect(stored.every((n) => n.startsWith("\ufeff") && n.includes("📘"))).toBe(true);
  });

  it("refresh finds nothing changed, and the state keeps the names", async () => {
    expect((await stack.refresh()).changes).toEqual({});
    const docs = await stack.resources(typeToken("KnowledgeDocument"));
    expect(docs.map((d) => d.outputs.name).sort()).toEqual(Object.values(names).sort());
  });

  it("preview after the refresh is empty", async () => {
    expect((await stack.preview()).changes).toEqual({});
  });

  it("a second up changes nothing and writes nothing", async () => {
    env.emu.clearRequests();
    const r = await stack.up();
    expect(r.changes).toEqual({});
    expect(Object.fromEntries(Object.entries(r.outputs).map(([k, v]) => [k, String(v)]))).toEqual(ids);
    expect(env.emu.requests().filter((x) => x.method !== "GET")).toEqual([]);
  });

  it("refresh and up again: still nothing to do", async () => {
    expect((await stack.refresh()).changes).toEqual({});
    expect((await stack.up()).changes).toEqual({});
  });

  it("destroy removes them", async () => {
    expect((await stack.destroy()).changes).toEqual({ delete: 2 + Object.keys(names).length });
    expect(env.emu.workspace().documents).toEqual({});
  });
});
