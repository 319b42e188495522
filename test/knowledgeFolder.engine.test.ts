/**
 * Acceptance test of KnowledgeFolder (live) through the real Pulumi engine against the emulator,
 * with a KnowledgeDocument in a folder and with a RAG index: create (the index is requested and
 * waited for, read by read), empty preview and refresh, a rename and a move each one write, a
 * document moved between folders with one write, a new embedding model building the new index
 * before the old one is deleted, a rename made outside Pulumi shown by refresh and undone by up,
 * destroy in dependency order (the document, then the inner folder, then the outer one), and a
 * folder adopted with `import` with reads only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KnowledgeDocument, KnowledgeFolder } from "../sdk";
import { useEmulator } from "./helpers/emulator";
import { TestStack, typeToken } from "./helpers/engine";

type Model = "e5_mistral_7b_instruct" | "multilingual_e5_large_instruct";

describe("KnowledgeFolder and a document's folder and RAG index through the engine (live)", () => {
  const env = useEmulator({ ragIndexSteps: 2 }, "live");
  let stack: TestStack;
  const state = {
    outerName: "Policies",
    innerParent: "outer" as "outer" | "top",
    docFolder: "inner" as "inner" | "outer",
    model: "e5_mistral_7b_instruct" as Model,
  };
  const ids = { outer: "", inner: "", doc: "" };

  const program = async () => {
    const outer = new KnowledgeFolder("outer", { name: state.outerName });
    const inner = new KnowledgeFolder("inner", {
      name: "Refunds",
      ...(state.innerParent === "outer" ? { parentFolderId: outer.folderId } : {}),
    });
    const doc = new KnowledgeDocument("refund-policy", {
      name: "Refund policy",
      text: "Refunds within 30 days of purchase.",
      parentFolderId: state.docFolder === "inner" ? inner.folderId : outer.folderId,
      ragIndexModel: state.model,
    });
    return { outerId: outer.folderId, innerId: inner.folderId, docId: doc.documentId };
  };

  const kb = () => env.emu.workspace(env.apiKey).documents;
  const writes = () =>
    env.emu
      .requests()
      .filter((r) => r.method !== "GET")
      .map((r) => r.route);
  const ragRoutes = () => env.routes().filter((r) => r.includes("rag-index"));

  beforeAll(async () => {
    stack = await TestStack.create(program, env);
  });
  afterAll(async () => {
    await stack?.dispose();
  });

  it("up makes the folders, the document inside, and waits for its RAG index, read by read", async () => {
    const r = await stack.up();
    expect(r.changes).toEqual({ create: 4 });
    expect(writes()).toEqual([
      "POST /knowledge-base/folder",
      "POST /knowledge-base/folder",
      "POST /knowledge-base/text",
      "POST /knowledge-base/{documentation_id}/rag-index",
    ]);
    // The index answered `created`, then `processing` and `succeeded` to the two reads that waited.
    expect(ragRoutes()).toEqual([
      "POST /knowledge-base/{documentation_id}/rag-index",
      "GET /knowledge-base/{documentation_id}/rag-index",
      "GET /knowledge-base/{documentation_id}/rag-index",
    ]);
    ids.outer = String(r.outputs.outerId);
    ids.inner = String(r.outputs.innerId);
    ids.doc = String(r.outputs.docId);
    expect(kb()[ids.inner]).toMatchObject({ type: "folder", parent_folder_id: ids.outer });
    expect(kb()[ids.doc]).toMatchObject({ parent_folder_id: ids.inner });
    expect(kb()[ids.doc]?.rag_indexes?.map((i) => i.model)).toEqual(["e5_mistral_7b_instruct"]);
  });

  it("a second preview and a refresh show no changes and write nothing", async () => {
    env.emu.clearRequests();
    expect((await stack.preview()).changes).toEqual({});
    expect((await stack.refresh()).changes).toEqual({});
    expect(writes()).toEqual([]);
  });

  it.each([
    [
      "renaming a folder",
      () => (state.outerName = "Company policies"),
      "PATCH /knowledge-base/{documentation_id}",
    ],
    [
      "moving a folder to the top level",
      () => (state.innerParent = "top"),
      "POST /knowledge-base/{document_id}/move",
    ],
    [
      "moving the document to another folder",
      () => (state.docFolder = "outer"),
      "POST /knowledge-base/{document_id}/move",
    ],
  ])("%s is one write", async (_, edit, route) => {
    env.emu.clearRequests();
    edit();
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes()).toEqual([route]);
    expect((await stack.preview()).changes).toEqual({});
  });

  it("the account holds every edit", () => {
    expect(kb()[ids.outer]?.name).toBe("Company policies");
    expect(kb()[ids.inner]?.parent_folder_id).toBeUndefined();
    expect(kb()[ids.doc]?.parent_folder_id).toBe(ids.outer);
  });

  it("a new embedding model builds the new index, then deletes the old one", async () => {
    env.emu.clearRequests();
    state.model = "multilingual_e5_large_instruct";
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes()).toEqual([
      "POST /knowledge-base/{documentation_id}/rag-index",
      "DELETE /knowledge-base/{documentation_id}/rag-index/{rag_index_id}",
    ]);
    expect(kb()[ids.doc]?.rag_indexes?.map((i) => i.model)).toEqual(["multilingual_e5_large_instruct"]);
    expect((await stack.preview()).changes).toEqual({});
  });

  it("a rename outside Pulumi shows on refresh, and up puts the name back with one write", async () => {
    await env.api.call("updateDocument", { params: { documentation_id: ids.outer }, json: { name: "Old" } });
    expect((await stack.refresh()).changes).toEqual({ update: 1 });
    env.emu.clearRequests();
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes()).toEqual(["PATCH /knowledge-base/{documentation_id}"]);
    expect(kb()[ids.outer]?.name).toBe("Company policies");
  });

  it("a RAG index deleted outside Pulumi shows on refresh, and up builds it again", async () => {
    const index = kb()[ids.doc]?.rag_indexes?.[0]?.id ?? "";
    await env.api.call("deleteRagIndex", { params: { documentation_id: ids.doc, rag_index_id: index } });
    expect((await stack.refresh()).changes).toEqual({ update: 1 });
    env.emu.clearRequests();
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes()).toEqual(["POST /knowledge-base/{documentation_id}/rag-index"]);
    expect((await stack.preview()).changes).toEqual({});
  });

  it("destroy deletes the document, then the folders; nothing is left", async () => {
    env.emu.clearRequests();
    expect((await stack.destroy()).changes).toEqual({ delete: 4 });
    const deleted = env.emu
      .requests()
      .filter((r) => r.method === "DELETE")
      .map((r) => r.path);
    expect(deleted.indexOf(`/knowledge-base/${ids.doc}`)).toBeLessThan(
      deleted.indexOf(`/knowledge-base/${ids.outer}`),
    );
    expect(env.emu.workspace(env.apiKey).isEmpty()).toBe(true);
    expect(await stack.resources(typeToken("KnowledgeFolder"))).toEqual([]);
  });
});

describe("KnowledgeFolder adopted with import (live)", () => {
  const env = useEmulator({}, "live");
  let stack: TestStack;
  afterAll(async () => {
    await stack?.dispose();
  });

  it("takes an existing folder under management with reads only", async () => {
    const { id } = await env.api.call("createFolder", { json: { name: "Archive" } });
    stack = await TestStack.create(async () => {
      new KnowledgeFolder("archive", { name: "Archive" }, { import: id });
    }, env);
    env.emu.clearRequests();
    expect((await stack.up()).changes).toEqual({ create: 2 });
    expect(env.emu.requests().filter((r) => r.method !== "GET")).toEqual([]);
    expect((await stack.refresh()).changes).toEqual({});
    await stack.destroy();
    expect(env.emu.workspace(env.apiKey).isEmpty()).toBe(true);
  });
});
