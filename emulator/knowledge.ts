/**
 * Knowledge-base documents in both dialects.
 * - Legacy: per-agent documents (`/agents/{agent_id}/knowledge-base`), deleted with their agent.
 * - Live: workspace documents (`/knowledge-base/url|file|text`, `/knowledge-base/{id}`), attached
 *   to agents by `conversation_config.agent.prompt.knowledge_base` locators. A document that live
 *   agents still reference is not deleted unless `?force=true` (409 document_in_use); a forced
 *   delete also removes the locators from those agents. Folders (`/knowledge-base/folder`) are
 *   entries too (type `folder`): documents and folders are made in one (`parent_folder_id`) or
 *   moved there (`/knowledge-base/{id}/move`); a folder that holds anything is not deleted (409
 *   folder_not_empty). RAG indexes: rag.ts.
 */
import { getAgentOr404 } from "./agents";
import { type Ctx, type Family, objectBody, type Reply, UploadedFile } from "./context";
import { ACCESS_INFO, renderObject } from "./defaults";
import { ApiError, notFound, ValidationError, type ValidationIssue } from "./errors";
import { newestFirst, paginate } from "./paging";
import type { JsonObject, StoredAgent, StoredDocument } from "./types";
import { isPlainObject, newId, nowSecs, sha256Hex } from "./util";

/** File-part checks the description cannot state: not empty, at most `maxFileBytes`. */
function checkUpload(file: UploadedFile, max: number): ValidationIssue[] {
  if (file.bytes.length === 0) return [{ loc: ["body", "file"], msg: "File is empty", type: "value_error" }];
  if (file.bytes.length > max) {
    return [{ loc: ["body", "file"], msg: `File should be at most ${max} bytes`, type: "too_long" }];
  }
  return [];
}

function fail(issues: ValidationIssue[]): void {
  if (issues.length > 0) throw new ValidationError(issues);
}

function newDocument(
  ctx: Ctx,
  name: string,
  source:
    | { type: "url"; url: string }
    | { type: "file"; file: UploadedFile }
    | { type: "text"; text: string }
    | { type: "folder" },
  parent?: unknown,
): StoredDocument {
  const now = nowSecs();
  const doc: StoredDocument = {
    id: newId(source.type === "folder" ? "folder_" : "doc_"),
    dialect: ctx.dialect,
    name,
    type: source.type,
    metadata: { created_at_unix_secs: now, size_bytes: 0, last_updated_at_unix_secs: now },
  };
  if (typeof parent === "string")
    doc.parent_folder_id = folderOr422(ctx, parent, ["body", "parent_folder_id"]).id;
  if (source.type === "url") doc.url = source.url;
  if (source.type === "file") {
    doc.file_name = source.file.name;
    doc.content_sha256 = sha256Hex(source.file.bytes);
    doc.metadata.size_bytes = source.file.bytes.length;
  }
  if (source.type === "text") setText(doc, source.text);
  ctx.ws.documents[doc.id] = doc;
  return doc;
}

function setText(doc: StoredDocument, text: string): void {
  doc.text = text;
  doc.content_sha256 = sha256Hex(text);
  doc.metadata.size_bytes = Buffer.byteLength(text);
}

// ---------------------------------------------------------------------------------------------
// Legacy: per agent

function legacyView(d: StoredDocument): JsonObject {
  const out: JsonObject = { id: d.id, name: d.name, type: d.type };
  if (d.url !== undefined) out.url = d.url;
  if (d.file_name !== undefined) out.file_name = d.file_name;
  if (d.content_sha256 !== undefined) out.content_sha256 = d.content_sha256;
  out.metadata = { created_at_unix_secs: d.metadata.created_at_unix_secs, size_bytes: d.metadata.size_bytes };
  return out;
}

/**
 * POST /agents/{agent_id}/knowledge-base. URL document: JSON, urlencoded or multipart fields `url`
 * and `name`. File document: multipart with a file part `file` and a field `name`. Exactly one of
 * url and file (422), then the agent must exist (404).
 */
export function createAgentDocument(ctx: Ctx): Reply {
  const body = objectBody(ctx);
  const name = String(body.name);
  const url = typeof body.url === "string" ? body.url : undefined;
  const file = body.file instanceof UploadedFile ? body.file : undefined;
  if (url === undefined && !file) {
    fail([{ loc: ["body", "url"], msg: "Field required: give either url or file", type: "missing" }]);
  }
  if (url !== undefined && file) {
    fail([{ loc: ["body", "file"], msg: "Give either url or file, not both", type: "value_error" }]);
  }
  if (file) fail(checkUpload(file, ctx.env.options.maxFileBytes));
  const agent = getAgentOr404(ctx);
  const doc = newDocument(ctx, name, file ? { type: "file", file } : { type: "url", url: url ?? "" });
  doc.agent_id = agent.agent_id;
  return { status: 200, json: legacyView(doc) };
}

/** GET /agents/{agent_id}/knowledge-base: the agent's documents, newest first, paged. */
export function listAgentDocuments(ctx: Ctx): Reply {
  const agent = getAgentOr404(ctx);
  const docs = newestFirst(
    Object.values(ctx.ws.documents).filter((d) => d.agent_id === agent.agent_id),
    (d) => d.id,
  );
  const page = paginate(docs, (d) => d.id, ctx.query);
  return {
    status: 200,
    json: { documents: page.items.map(legacyView), next_cursor: page.next_cursor, has_more: page.has_more },
  };
}

/** DELETE /agents/{agent_id}/knowledge-base/{document_id}: 204; another agent's document is 404. */
export function deleteAgentDocument(ctx: Ctx): Reply {
  const agent = getAgentOr404(ctx);
  const id = ctx.params.document_id ?? "";
  const doc = ctx.ws.documents[id];
  if (!doc || doc.agent_id !== agent.agent_id) throw documentNotFound(id);
  delete ctx.ws.documents[id];
  return { status: 204 };
}

// ---------------------------------------------------------------------------------------------
// Live: workspace documents

const documentNotFound = (id: string): ApiError => notFound("document_not_found", `Document ${id} not found`);

/** The folder `id` names (a live entry of type folder), or 422 at `loc`. */
function folderOr422(ctx: Ctx, id: string, loc: (string | number)[]): StoredDocument {
  const folder = ctx.ws.documents[id];
  if (folder?.type === "folder") return folder;
  throw new ValidationError([{ loc, msg: `Folder ${id} not found`, type: "value_error" }]);
}

/** The folders an entry is in, outermost first. */
function folderPath(ctx: Ctx, d: StoredDocument): StoredDocument[] {
  const path: StoredDocument[] = [];
  for (let id = d.parent_folder_id; id !== undefined && path.length < 64; ) {
    const folder = ctx.ws.documents[id];
    if (!folder) break;
    path.unshift(folder);
    id = folder.parent_folder_id;
  }
  return path;
}

/** The entries directly in a folder. */
function childrenOf(ctx: Ctx, folderId: string): StoredDocument[] {
  return Object.values(ctx.ws.documents).filter((d) => d.parent_folder_id === folderId);
}

/** The stored document a path names (`documentation_id`), or 404 document_not_found. */
export function getDocumentOr404(ctx: Ctx): StoredDocument {
  const id = ctx.params.documentation_id ?? "";
  const doc = ctx.ws.documents[id];
  if (!doc) throw documentNotFound(id);
  return doc;
}

/** The live agents whose knowledge-base locators name a document. */
function dependentAgents(ctx: Ctx, docId: string): StoredAgent[] {
  return newestFirst(
    Object.values(ctx.ws.agents).filter((a) => locators(a).some((l) => l.id === docId)),
    (a) => a.agent_id,
  );
}

function locators(a: StoredAgent): Record<string, unknown>[] {
  const agent = a.conversation_config.agent;
  const prompt = isPlainObject(agent) ? agent.prompt : undefined;
  const kb = isPlainObject(prompt) ? prompt.knowledge_base : undefined;
  return Array.isArray(kb) ? kb.filter(isPlainObject) : [];
}

function dependentView(a: StoredAgent): JsonObject {
  return {
    id: a.agent_id,
    name: a.name,
    type: "available",
    created_at_unix_secs: a.metadata.created_at_unix_secs,
    access_level: "admin",
    referenced_resource_ids: [],
  };
}

const GET_SCHEMA: Record<StoredDocument["type"], string> = {
  url: "GetKnowledgeBaseURLResponseModel",
  file: "GetKnowledgeBaseFileResponseModel",
  text: "GetKnowledgeBaseTextResponseModel",
  folder: "GetKnowledgeBaseFolderResponseModel",
};
const SUMMARY_SCHEMA: Record<StoredDocument["type"], string> = {
  url: "GetKnowledgeBaseSummaryURLResponseModel",
  file: "GetKnowledgeBaseSummaryFileResponseModel",
  text: "GetKnowledgeBaseSummaryTextResponseModel",
  folder: "GetKnowledgeBaseSummaryFolderResponseModel",
};

function liveCommon(ctx: Ctx, d: StoredDocument): JsonObject {
  const out: JsonObject = {
    id: d.id,
    name: d.name,
    metadata: {
      created_at_unix_secs: d.metadata.created_at_unix_secs,
      last_updated_at_unix_secs: d.metadata.last_updated_at_unix_secs ?? d.metadata.created_at_unix_secs,
      size_bytes: d.metadata.size_bytes,
    },
    supported_usages: ["prompt", "auto"],
    access_info: { ...ACCESS_INFO },
    folder_parent_id: d.parent_folder_id ?? null,
    folder_path: folderPath(ctx, d).map((f) => ({ id: f.id, name: f.name })),
    type: d.type,
  };
  if (d.url !== undefined) out.url = d.url;
  if (d.type === "folder") {
    const children = childrenOf(ctx, d.id);
    out.children_count = children.length;
    out.document_count = children.filter((c) => c.type !== "folder").length;
  }
  return out;
}

/** A document as GET /knowledge-base/{id} answers it. */
function liveView(ctx: Ctx, d: StoredDocument): JsonObject {
  const out = liveCommon(ctx, d);
  if (d.type !== "folder") out.extracted_inner_html = d.text ?? "";
  if (d.type === "file") out.filename = d.file_name ?? "";
  return renderObject("live", GET_SCHEMA[d.type], out);
}

/** A document as an item of GET /knowledge-base. */
function liveSummary(ctx: Ctx, d: StoredDocument): JsonObject {
  const out = liveCommon(ctx, d);
  out.dependent_agents = dependentAgents(ctx, d.id).map(dependentView);
  if (d.type === "folder") out.folder_path = folderPath(ctx, d).map((f) => ({ id: f.id }));
  return renderObject("live", SUMMARY_SCHEMA[d.type], out);
}

function created(ctx: Ctx, d: StoredDocument): Reply {
  return {
    status: 200,
    json: { id: d.id, name: d.name, folder_path: folderPath(ctx, d).map((f) => ({ id: f.id })) },
  };
}

/** POST /knowledge-base/url `{url, name?, parent_folder_id?}`; the name defaults to the URL (pages are never fetched). */
export function createUrlDocument(ctx: Ctx): Reply {
  const b = objectBody(ctx);
  const url = String(b.url);
  const name = typeof b.name === "string" ? b.name : url;
  return created(ctx, newDocument(ctx, name, { type: "url", url }, b.parent_folder_id));
}

/** POST /knowledge-base/file, multipart `file`, `name?` and `parent_folder_id?`; the name defaults to the file name. */
export function createFileDocument(ctx: Ctx): Reply {
  const b = objectBody(ctx);
  const file = b.file instanceof UploadedFile ? b.file : new UploadedFile("file", "", Buffer.alloc(0));
  fail(checkUpload(file, ctx.env.options.maxFileBytes));
  const name = typeof b.name === "string" ? b.name : file.name;
  return created(ctx, newDocument(ctx, name, { type: "file", file }, b.parent_folder_id));
}

/** POST /knowledge-base/text `{text, name?, parent_folder_id?}`; the name defaults to the text's first line (at most 50 characters). */
export function createTextDocument(ctx: Ctx): Reply {
  const b = objectBody(ctx);
  const text = String(b.text);
  const firstLine = [...(text.split("\n")[0] ?? "")].slice(0, 50).join("");
  const name = typeof b.name === "string" ? b.name : firstLine;
  return created(ctx, newDocument(ctx, name, { type: "text", text }, b.parent_folder_id));
}

/** POST /knowledge-base/folder `{name, parent_folder_id?}`: a folder (auto-sync settings are not emulated). */
export function createFolder(ctx: Ctx): Reply {
  const b = objectBody(ctx);
  return created(ctx, newDocument(ctx, String(b.name), { type: "folder" }, b.parent_folder_id));
}

/**
 * POST /knowledge-base/{document_id}/move `{move_to}`: into that folder (null: the root). A folder
 * cannot move into itself or one of its own folders (422). Answers nothing (the description says no body).
 */
export function moveEntry(ctx: Ctx): Reply {
  const id = ctx.params.document_id ?? "";
  const entry = ctx.ws.documents[id];
  if (!entry || entry.agent_id !== undefined) throw documentNotFound(id);
  const to = objectBody(ctx).move_to;
  if (typeof to === "string") {
    const folder = folderOr422(ctx, to, ["body", "move_to"]);
    if (folder.id === entry.id || folderPath(ctx, folder).some((f) => f.id === entry.id))
      throw new ValidationError([
        { loc: ["body", "move_to"], msg: `Folder ${to} is inside ${entry.id}`, type: "value_error" },
      ]);
    entry.parent_folder_id = folder.id;
  } else delete entry.parent_folder_id;
  return { status: 200, json: {} };
}

/** GET /knowledge-base/{documentation_id}. */
export function getDocument(ctx: Ctx): Reply {
  return { status: 200, json: liveView(ctx, getDocumentOr404(ctx)) };
}

/** PATCH /knowledge-base/{documentation_id} `{name?, content?}`: content replaces a text document's text. */
export function patchDocument(ctx: Ctx): Reply {
  const b = objectBody(ctx);
  const doc = getDocumentOr404(ctx);
  if (typeof b.content === "string") {
    if (doc.type !== "text") {
      throw new ApiError(
        400,
        "invalid_for_document_type",
        `Only text documents take content, not ${doc.type}`,
      );
    }
    setText(doc, b.content);
  }
  if (typeof b.name === "string") doc.name = b.name;
  doc.metadata.last_updated_at_unix_secs = Math.max(nowSecs(), doc.metadata.created_at_unix_secs);
  return { status: 200, json: liveView(ctx, doc) };
}

/**
 * DELETE /knowledge-base/{documentation_id}[?force=true]: 204. While agents reference the document:
 * 409 document_in_use naming them, unless force=true, which also removes their locators.
 */
export function deleteDocument(ctx: Ctx): Reply {
  const doc = getDocumentOr404(ctx);
  const inside = childrenOf(ctx, doc.id);
  if (inside.length > 0) {
    throw new ApiError(
      409,
      "folder_not_empty",
      `Folder ${doc.id} holds ${inside.map((c) => c.id).join(", ")}; move or delete them first`,
    );
  }
  const dependents = dependentAgents(ctx, doc.id);
  if (dependents.length > 0 && ctx.query.get("force") !== "true") {
    throw new ApiError(
      409,
      "document_in_use",
      `Document ${doc.id} is used by agent(s) ${dependents.map((a) => a.agent_id).join(", ")}; delete with force=true to detach it`,
    );
  }
  for (const a of dependents) {
    const prompt = (a.conversation_config.agent as JsonObject).prompt as JsonObject;
    prompt.knowledge_base = locators(a).filter((l) => l.id !== doc.id);
  }
  delete ctx.ws.documents[doc.id];
  return { status: 204 };
}

/**
 * GET /knowledge-base: every document and folder of the workspace, newest first; `search` (name
 * substring), `types`, `parent_folder_id` (only what is directly in that folder).
 */
export function listDocuments(ctx: Ctx): Reply {
  const search = (ctx.query.get("search") ?? "").toLowerCase();
  const types = ctx.query
    .getAll("types")
    .flatMap((t) => t.split(","))
    .filter((t) => t !== "");
  const parent = ctx.query.get("parent_folder_id");
  const docs = newestFirst(Object.values(ctx.ws.documents), (d) => d.id)
    .filter((d) => d.name.toLowerCase().includes(search))
    .filter((d) => types.length === 0 || types.includes(d.type))
    .filter((d) => parent === null || d.parent_folder_id === parent);
  const page = paginate(docs, (d) => d.id, ctx.query);
  return {
    status: 200,
    json: {
      documents: page.items.map((d) => liveSummary(ctx, d)),
      next_cursor: page.next_cursor,
      has_more: page.has_more,
    },
  };
}

/** GET /knowledge-base/{documentation_id}/dependent-agents: the agents whose locators name it. */
export function listDocumentDependents(ctx: Ctx): Reply {
  const doc = getDocumentOr404(ctx);
  const page = paginate(dependentAgents(ctx, doc.id), (a) => a.agent_id, ctx.query);
  return {
    status: 200,
    json: { agents: page.items.map(dependentView), next_cursor: page.next_cursor, has_more: page.has_more },
  };
}

/** Per-agent documents (legacy) and workspace documents (live). */
export const KNOWLEDGE_BASE: Family = {
  routes: {
    "POST /agents/{agent_id}/knowledge-base": createAgentDocument,
    "GET /agents/{agent_id}/knowledge-base": listAgentDocuments,
    "DELETE /agents/{agent_id}/knowledge-base/{document_id}": deleteAgentDocument,
    "POST /knowledge-base/url": createUrlDocument,
    "POST /knowledge-base/file": createFileDocument,
    "POST /knowledge-base/text": createTextDocument,
    "POST /knowledge-base/folder": createFolder,
    "POST /knowledge-base/{document_id}/move": moveEntry,
    "GET /knowledge-base": listDocuments,
    "GET /knowledge-base/{documentation_id}": getDocument,
    "PATCH /knowledge-base/{documentation_id}": patchDocument,
    "DELETE /knowledge-base/{documentation_id}": deleteDocument,
    "GET /knowledge-base/{documentation_id}/dependent-agents": listDocumentDependents,
  },
};
