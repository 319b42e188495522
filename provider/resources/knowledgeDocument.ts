/**
 * KnowledgeDocument: a document in an agent's knowledge base, from a URL or a local file.
 *
 * Order: schemas, wire mapping, check, diff, create, read, update, delete.
 * API: POST/GET /agents/{agent_id}/knowledge-base, DELETE /agents/{agent_id}/knowledge-base/{document_id}.
 * The API has no update for documents, so every change replaces the document (the new one is
 * created before the old one is deleted). A file's content hash is part of the inputs, so editing
 * the file replaces the document too.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { FormData } from "undici";
import { z } from "zod";
import {
  IMPORT_KEY,
  importIdOf,
  isNew,
  type Mismatch,
  mismatchError,
  mismatchFailures,
  missingError,
  replaceWhileImportingError,
} from "../adopt";
import { NO_BODY } from "../client/client";
import { isNotFound } from "../client/errors";
import { changedKeys, containsUnknown } from "../converge";
import {
  checkInputs,
  client,
  defineResource,
  type Inputs,
  type Outputs,
  type ResourceHandler,
} from "../resource";
import type { PlainObject } from "../wire";

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

/** Largest file the emulator (and this provider's check) accepts: 20 MiB. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export const KnowledgeDocumentArgsSchema = z
  .strictObject({
    agentId: z.string().min(1).describe("Id of the agent whose knowledge base holds the document."),
    name: z.string().regex(/\S/, "must not be empty").describe("Display name of the document."),
    url: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      .optional()
      .describe("Web page to ingest. Exactly one of `url` and `filePath`."),
    filePath: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Local file to upload (PDF, text, HTML, …), relative to the program's folder. Exactly one of `url` and `filePath`; editing the file replaces the document.",
      ),
  })
  .describe(
    "A document in an agent's knowledge base, ingested from a URL or uploaded from a file. Documents cannot be changed in place: any change creates a new document, then deletes the old one.",
  );

export const KnowledgeDocumentOutputsSchema = z.strictObject({
  documentId: z.string().describe("The document's id."),
  type: z.string().describe("How the service stored the document: `url` or `file`."),
  sizeBytes: z.number().optional().describe("Size of the document in bytes, where the service reports it."),
  fileHash: z.string().optional().describe("SHA-256 of the uploaded file's content (file documents)."),
});

/** Every input replaces the document: the API cannot update one. */
export const knowledgeDocumentReplaceOnChanges: readonly string[] = ["agentId", "name", "url", "filePath"];

/** A document as the API answers it (also read by elevenlabs-export). */
export const LiveDocument = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  type: z.string().optional(),
  url: z.string().nullish(),
  file_name: z.string().nullish(),
  metadata: z.looseObject({ size_bytes: z.number().nullish() }).nullish(),
});
export const DocumentList = z.looseObject({
  documents: z.array(LiveDocument),
  next_cursor: z.string().nullish(),
  has_more: z.boolean().optional(),
});

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

/** Declared inputs, plus the file's hash and resolved path computed by check/the SDK. */
const INPUT_KEYS = ["agentId", "name", "url", "filePath"] as const;
const DIFF_KEYS = [...INPUT_KEYS, "fileHash"] as const;

function declared(bag: PlainObject): PlainObject {
  const out: PlainObject = {};
  for (const k of INPUT_KEYS) if (bag[k] !== undefined) out[k] = bag[k];
  return out;
}

/** The SDK resolves `filePath` against the program's folder and passes it as `resolvedFilePath`. */
function sourcePath(bag: PlainObject): string {
  return String(bag.resolvedFilePath ?? bag.filePath);
}

function outputs(bag: PlainObject, live: z.infer<typeof LiveDocument>): Outputs {
  return {
    ...declared(bag),
    resolvedFilePath: bag.resolvedFilePath,
    fileHash: bag.fileHash,
    documentId: live.id,
    type: live.type ?? (bag.url ? "url" : "file"),
    sizeBytes: live.metadata?.size_bytes ?? undefined,
  };
}

function hashFile(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** The agent's document `id` (looked up page by page), or undefined when the agent or the document is gone. */
async function findLive(agentId: string, id: string): Promise<z.infer<typeof LiveDocument> | undefined> {
  const api = client();
  let cursor: string | undefined;
  do {
    let page: z.infer<typeof DocumentList>;
    try {
      page = await api.call(
        "listKnowledgeDocuments",
        { params: { agent_id: agentId }, query: { page_size: 100, cursor } },
        DocumentList,
      );
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    const found = page.documents.find((d) => d.id === id);
    if (found) return found;
    cursor = page.has_more && page.next_cursor ? page.next_cursor : undefined;
  } while (cursor);
  return undefined;
}

/**
 * Adoption (`import`): where the existing document differs from the declaration; undefined if the
 * agent has no such document. The API reports a document's name, type and URL (and its size), never
 * a file's content: a file document is assumed to hold the declared file when name, type and, where
 * the service reports it, size agree.
 */
async function adoptionMismatches(
  id: string,
  bag: PlainObject,
): Promise<{ live: z.infer<typeof LiveDocument>; found: Mismatch[] } | undefined> {
  const live = await findLive(String(bag.agentId), id);
  if (!live) return undefined;
  const found: Mismatch[] = [];
  if (live.name !== bag.name) found.push({ path: "name", live: live.name, declared: bag.name });
  const liveType = live.type ?? (live.url ? "url" : "file");
  if (bag.url !== undefined) {
    if (liveType !== "url")
      found.push({
        path: "url",
        live: undefined,
        declared: bag.url,
        note: `the document is a ${liveType} document, not a URL`,
      });
    else if (live.url !== bag.url) found.push({ path: "url", live: live.url, declared: bag.url });
  } else if (bag.filePath !== undefined) {
    if (liveType !== "file") {
      found.push({
        path: "filePath",
        live: live.url ?? undefined,
        declared: bag.filePath,
        note: `the document is a ${liveType} document${live.url ? ` (${live.url})` : ""}, not a file; declare url instead`,
      });
    } else {
      const liveSize = live.metadata?.size_bytes;
      const size = statSync(sourcePath(bag)).size;
      if (typeof liveSize === "number" && liveSize > 0 && liveSize !== size) {
        found.push({
          path: "filePath",
          live: liveSize,
          declared: size,
          note: `the document holds ${liveSize} bytes but '${bag.filePath}' has ${size}: not the same file`,
        });
      }
    }
  }
  return { live, found };
}

// ---------------------------------------------------------------------------------------------
// CRUD
// ---------------------------------------------------------------------------------------------

export const knowledgeDocument: ResourceHandler = defineResource({
  async check(olds: Inputs, news: Inputs): Promise<dynamic.CheckResult> {
    const result = checkInputs(KnowledgeDocumentArgsSchema, declared(news));
    const failures = [...(result.failures ?? [])];
    const hasUrl = news.url !== undefined;
    const hasFile = news.filePath !== undefined;
    if (hasUrl === hasFile) {
      const reason = hasUrl
        ? "set only one of url and filePath, not both"
        : "set exactly one of url or filePath";
      failures.push(
        { property: "url", reason: `url: ${reason}` },
        { property: "filePath", reason: `filePath: ${reason}` },
      );
    }
    const inputs: PlainObject = { ...news };
    if (hasFile && !hasUrl && failures.length === 0 && !containsUnknown(news.filePath)) {
      const path = sourcePath(news);
      try {
        const size = statSync(path).size;
        if (size === 0)
          failures.push({ property: "filePath", reason: `filePath: '${news.filePath}' is empty` });
        else if (size > MAX_FILE_BYTES) {
          failures.push({
            property: "filePath",
            reason: `filePath: '${news.filePath}' is ${size} bytes; the limit is ${MAX_FILE_BYTES}`,
          });
        } else inputs.fileHash = hashFile(path);
      } catch (err) {
        failures.push({
          property: "filePath",
          reason: `filePath: cannot read '${news.filePath}': ${(err as Error).message}`,
        });
      }
    }
    // Adoption: compare with the existing document at preview, once, before it is in the state.
    const importId = importIdOf(news);
    if (importId !== undefined && failures.length === 0 && isNew(olds) && !containsUnknown(inputs)) {
      const adopted = await adoptionMismatches(importId, inputs);
      if (adopted === undefined) {
        const reason = missingError(
          "KnowledgeDocument",
          "document",
          importId,
          `in the knowledge base of agent ${inputs.agentId}`,
        );
        failures.push({ property: IMPORT_KEY, reason: reason.message });
      } else failures.push(...mismatchFailures("knowledge document", importId, adopted.found));
    }
    return failures.length > 0 ? { inputs, failures } : { inputs };
  },

  async diff(id: string, olds: Outputs, news: Inputs): Promise<dynamic.DiffResult> {
    const changed = changedKeys(olds, news, DIFF_KEYS, true);
    const replaces = [...new Set(changed.map((k) => (k === "fileHash" ? "filePath" : k)))];
    const importId = importIdOf(news);
    // Still adopting this very document: a replacement would adopt it again, then delete it.
    if (importId === id && replaces.length > 0)
      throw replaceWhileImportingError("KnowledgeDocument", id, replaces);
    // Adopting another existing document in place of this one (native import's semantics).
    if (importId !== undefined && importId !== id) replaces.push(IMPORT_KEY);
    return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs: Inputs): Promise<dynamic.CreateResult> {
    const agentId = String(inputs.agentId);
    const name = String(inputs.name);
    const importId = importIdOf(inputs);
    if (importId !== undefined) {
      // Adopt the existing document: no write, only a check that it is what the program declares.
      const adopted = await adoptionMismatches(importId, inputs);
      const where = `in the knowledge base of agent ${agentId}`;
      if (adopted === undefined) throw missingError("KnowledgeDocument", "document", importId, where);
      if (adopted.found.length > 0)
        throw mismatchError("KnowledgeDocument", "document", importId, adopted.found);
      return { id: importId, outs: outputs(inputs, adopted.live) };
    }
    let doc: z.infer<typeof LiveDocument>;
    if (inputs.url !== undefined) {
      doc = await client().call(
        "createKnowledgeDocument",
        { params: { agent_id: agentId }, json: { url: inputs.url, name } },
        LiveDocument,
      );
    } else {
      const path = sourcePath(inputs);
      const content = readFileSync(path);
      const form = new FormData();
      form.append("name", name);
      form.append("file", new Blob([content]), basename(path));
      doc = await client().call(
        "createKnowledgeDocument",
        { params: { agent_id: agentId }, form },
        LiveDocument,
      );
    }
    return { id: doc.id, outs: outputs(inputs, doc) };
  },

  async read(id: string, props: Outputs): Promise<dynamic.ReadResult> {
    const agentId = String(props.agentId ?? "");
    if (!agentId)
      throw new Error(
        `KnowledgeDocument ${id}: agentId is needed to find the document; declare it in the program`,
      );
    const live = await findLive(agentId, id);
    if (!live) return {};
    // The API reports name and url; the file and its hash cannot be read back, so they are kept.
    const args: PlainObject = { ...declared(props), name: live.name };
    if (live.url) args.url = live.url;
    const outs = outputs({ ...props, ...args }, live);
    return { id, props: outs, inputs: { ...args, resolvedFilePath: props.resolvedFilePath } };
  },

  async update(_id: string, olds: Outputs, news: Inputs): Promise<dynamic.UpdateResult> {
    // Every declared change is a replacement (see diff); only bookkeeping can change in place.
    return { outs: { ...olds, ...declared(news), resolvedFilePath: news.resolvedFilePath } };
  },

  async delete(id: string, props: Outputs): Promise<void> {
    try {
      await client().call(
        "deleteKnowledgeDocument",
        { params: { agent_id: String(props.agentId), document_id: id } },
        NO_BODY,
      );
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  },
});
