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

const LiveDocument = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  type: z.string().optional(),
  url: z.string().nullish(),
  metadata: z.looseObject({ size_bytes: z.number().nullish() }).nullish(),
});
const DocumentList = z.looseObject({ documents: z.array(LiveDocument) });

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

// ---------------------------------------------------------------------------------------------
// CRUD
// ---------------------------------------------------------------------------------------------

export const knowledgeDocument: ResourceHandler = defineResource({
  async check(_olds: Inputs, news: Inputs): Promise<dynamic.CheckResult> {
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
    return failures.length > 0 ? { inputs, failures } : { inputs };
  },

  async diff(_id: string, olds: Outputs, news: Inputs): Promise<dynamic.DiffResult> {
    const changed = changedKeys(olds, news, DIFF_KEYS, true);
    const replaces = changed.map((k) => (k === "fileHash" ? "filePath" : k));
    return { changes: changed.length > 0, replaces: [...new Set(replaces)], deleteBeforeReplace: false };
  },

  async create(inputs: Inputs): Promise<dynamic.CreateResult> {
    const agentId = String(inputs.agentId);
    const name = String(inputs.name);
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
    let list: z.infer<typeof DocumentList>;
    try {
      list = await client().call("listKnowledgeDocuments", { params: { agent_id: agentId } }, DocumentList);
    } catch (err) {
      if (isNotFound(err)) return {};
      throw err;
    }
    const live = list.documents.find((d) => d.id === id);
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
