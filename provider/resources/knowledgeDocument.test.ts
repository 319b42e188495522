import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BOTH_DIALECTS, failedPaths, useDialect } from "../../test/helpers/dialect";
import { UNKNOWN } from "../kit/converge";
import { knowledgeDocument } from "./knowledgeDocument";

const dir = mkdtempSync(join(tmpdir(), "kd-"));
const manual = join(dir, "manual.txt");
writeFileSync(manual, "How to reset the device: hold the button.");
const empty = join(dir, "empty.txt");
writeFileSync(empty, "");

describe.each(BOTH_DIALECTS)("KnowledgeDocument check (%s)", (dialect) => {
  useDialect(dialect);

  it("accepts a URL document", async () => {
    const r = await knowledgeDocument.handler.check(
      {},
      { agentId: "a", name: "FAQ", url: "https://docs.example.com/faq" },
    );
    expect(r.failures).toBeUndefined();
  });

  it("hashes a file document's content into the inputs", async () => {
    const r = await knowledgeDocument.handler.check({}, { agentId: "a", name: "Manual", filePath: manual });
    expect(r.failures).toBeUndefined();
    expect(r.inputs?.fileHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ["neither url nor filePath", { agentId: "a", name: "X" }, ["url", "filePath"]],
    [
      "both url and filePath",
      { agentId: "a", name: "X", url: "https://x.test/", filePath: manual },
      ["url", "filePath"],
    ],
    ["a non-http url", { agentId: "a", name: "X", url: "ftp://x.test/f" }, ["url"]],
    ["an empty name", { agentId: "a", name: " ", url: "https://x.test/" }, ["name"]],
    ["a missing file", { agentId: "a", name: "X", filePath: join(dir, "nope.pdf") }, ["filePath"]],
    ["an empty file", { agentId: "a", name: "X", filePath: empty }, ["filePath"]],
    [
      "an unknown property",
      { agentId: "a", name: "X", url: "https://x.test/", description: "d" },
      ["description"],
    ],
  ])("rejects %s, naming the fields", async (_, news, properties) => {
    const r = await knowledgeDocument.handler.check({}, news);
    expect(failedPaths(r.failures)).toEqual(properties);
  });

  it("does not judge an agentId unknown at preview", async () => {
    const r = await knowledgeDocument.handler.check(
      {},
      { agentId: UNKNOWN, name: "FAQ", url: "https://x.test/" },
    );
    expect(r.failures).toBeUndefined();
  });
});

describe("KnowledgeDocument check, per dialect", () => {
  describe("live", () => {
    useDialect("live");
    it("accepts a text document without an agent, and usageMode only with one", async () => {
      expect(
        (await knowledgeDocument.handler.check({}, { name: "Hours", text: "Open 9-5." })).failures,
      ).toBeUndefined();
      const r = await knowledgeDocument.handler.check(
        {},
        { name: "Hours", text: "Open 9-5.", usageMode: "prompt" },
      );
      expect(failedPaths(r.failures)).toEqual(["usageMode"]);
    });
  });
  describe("legacy", () => {
    useDialect("legacy");
    it("refuses text and a missing agentId, saying the live dialect has them", async () => {
      const r = await knowledgeDocument.handler.check({}, { name: "Hours", text: "Open 9-5." });
      expect(failedPaths(r.failures).sort()).toEqual(["agentId", "text"]);
      const reasons = (r.failures ?? []).map((f) => f.reason).sort();
      expect(reasons[0]).toMatch(
        /^agentId: required in the legacy API dialect \(the live one does without it\); this stack speaks the legacy dialect/,
      );
      expect(reasons[1]).toMatch(
        /^text exists only in the live API dialect; this stack speaks the legacy dialect/,
      );
    });
  });
});

describe("KnowledgeDocument diff (legacy)", () => {
  useDialect("legacy");
  const olds = { agentId: "a", name: "FAQ", url: "https://x.test/1", documentId: "doc_1", type: "url" };
  it("no change", async () => {
    expect(
      await knowledgeDocument.handler.diff("doc_1", olds, {
        agentId: "a",
        name: "FAQ",
        url: "https://x.test/1",
      }),
    ).toMatchObject({ changes: false });
  });
  it.each([
    ["url", { url: "https://x.test/2" }, ["url"]],
    ["name", { name: "FAQ 2" }, ["name"]],
    ["agentId", { agentId: "b" }, ["agentId"]],
  ])("a changed %s replaces, creating the new document first", async (_, change, replaces) => {
    const d = await knowledgeDocument.handler.diff("doc_1", olds, {
      agentId: "a",
      name: "FAQ",
      url: "https://x.test/1",
      ...change,
    });
    expect(d).toEqual({ changes: true, replaces, deleteBeforeReplace: false });
  });
  it("an edited file (new hash) replaces via filePath", async () => {
    const fileOlds = { agentId: "a", name: "M", filePath: "m.txt", fileHash: "aa", documentId: "d" };
    const d = await knowledgeDocument.handler.diff("d", fileOlds, {
      agentId: "a",
      name: "M",
      filePath: "m.txt",
      fileHash: "bb",
    });
    expect(d.replaces).toEqual(["filePath"]);
  });
});

describe("KnowledgeDocument diff (live)", () => {
  useDialect("live");
  const olds = { agentId: "a", name: "FAQ", url: "https://x.test/1", documentId: "doc_1", type: "url" };
  it.each([
    ["name", { name: "FAQ 2" }],
    ["agentId", { agentId: "b" }],
    ["usageMode", { usageMode: "prompt" }],
  ])("a changed %s is made in place", async (_, change) => {
    const d = await knowledgeDocument.handler.diff("doc_1", olds, {
      ...olds,
      documentId: undefined,
      type: undefined,
      ...change,
    });
    expect(d).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });
  it("a new url replaces, creating the new document first", async () => {
    const d = await knowledgeDocument.handler.diff("doc_1", olds, {
      agentId: "a",
      name: "FAQ",
      url: "https://x.test/2",
    });
    expect(d).toEqual({ changes: true, replaces: ["url"], deleteBeforeReplace: false });
  });
});
