/**
 * KnowledgeDocument: a document in an agent's knowledge base, from a URL or a local file.
 *
 * Order: schemas, wire mapping, the resource (check rules, read, create, refresh, update, delete).
 * API: POST/GET /agents/{agent_id}/knowledge-base, DELETE /agents/{agent_id}/knowledge-base/{document_id}.
 * The API has no update for documents, so every change replaces the document (the new one is
 * created before the old one is deleted). A file's content hash is part of the inputs, so editing
 * the file replaces the document too.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { FormData } from "undici";
import { z } from "zod";
import type { WireDocument } from "../../client/endpoints";
import { find, pages } from "../../client/paging";
import type { PlainObject } from "../../client/wire";
import type { Mismatch } from "../kit/adopt";
import { containsUnknown } from "../kit/converge";
import { type CheckOutcome, client, defineResource, ifFound, type Outputs, pick } from "../kit/resource";

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

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

/** Declared inputs; diff also compares the file's hash computed by check. */
const INPUT_KEYS = ["agentId", "name", "url", "filePath"] as const;
const DIFF_KEYS = [...INPUT_KEYS, "fileHash"] as const;

type Live = z.infer<typeof WireDocument>;

/** The SDK resolves `filePath` against the program's folder and passes it as `resolvedFilePath`. */
function sourcePath(bag: PlainObject): string {
  return String(bag.resolvedFilePath ?? bag.filePath);
}

function outputs(bag: PlainObject, live: Live): Outputs {
  return {
    ...pick(bag, INPUT_KEYS),
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

/** The agent's document `id`, looked up page by page; undefined when the agent or the document is gone. */
async function findLive(agentId: string, id: string): Promise<Live | undefined> {
  const api = client();
  const all = pages("GET /agents/{agent_id}/knowledge-base", async (cursor) => {
    const page = await api.call("listKnowledgeDocuments", {
      params: { agent_id: agentId },
      query: { page_size: 100, cursor },
    });
    return { ...page, items: page.documents };
  });
  return ifFound(find(all, (d) => d.id === id));
}

/** Exactly one source; a file that exists, is not empty and not too large (its hash is an input). */
function sourceRules(args: PlainObject, news: PlainObject, schemaFailed: boolean): CheckOutcome {
  const hasUrl = args.url !== undefined;
  const hasFile = args.filePath !== undefined;
  if (hasUrl === hasFile) {
    const reason = hasUrl
      ? "set only one of url and filePath, not both"
      : "set exactly one of url or filePath";
    return {
      failures: [
        { property: "url", reason: `url: ${reason}` },
        { property: "filePath", reason: `filePath: ${reason}` },
      ],
    };
  }
  if (!hasFile || schemaFailed || containsUnknown(args.filePath)) return {};
  const fail = (reason: string): CheckOutcome => ({
    failures: [{ property: "filePath", reason: `filePath: ${reason}` }],
  });
  const path = sourcePath(news);
  try {
    const size = statSync(path).size;
    if (size === 0) return fail(`'${args.filePath}' is empty`);
    if (size > MAX_FILE_BYTES)
      return fail(`'${args.filePath}' is ${size} bytes; the limit is ${MAX_FILE_BYTES}`);
    return { computed: { fileHash: hashFile(path) } };
  } catch (err) {
    return fail(`cannot read '${args.filePath}': ${(err as Error).message}`);
  }
}

/**
 * Adoption (`import`): where the existing document differs from the declaration. The API reports a
 * document's name, type and URL (and its size), never a file's content: a file document is assumed
 * to hold the declared file when name, type and, where the service reports it, size agree.
 */
function adoptionMismatches(live: Live, bag: PlainObject): Mismatch[] {
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
  return found;
}

/** The create request: JSON for a URL, multipart for a file. */
function createRequest(bag: PlainObject): { json: PlainObject } | { form: FormData } {
  const name = String(bag.name);
  if (bag.url !== undefined) return { json: { url: bag.url, name } };
  const path = sourcePath(bag);
  const form = new FormData();
  form.append("name", name);
  form.append("file", new Blob([readFileSync(path)]), basename(path));
  return { form };
}

// ---------------------------------------------------------------------------------------------
// The resource
// ---------------------------------------------------------------------------------------------

export const knowledgeDocument = defineResource<Live>({
  kind: "KnowledgeDocument",
  noun: "knowledge document",
  schema: KnowledgeDocumentArgsSchema,
  inputKeys: INPUT_KEYS,
  diffKeys: DIFF_KEYS,
  updatable: [],
  reportAs: { fileHash: "filePath" },
  deleteBeforeReplace: false,

  refine: sourceRules,

  read(id, bag) {
    const agentId = String(bag.agentId ?? "");
    if (!agentId)
      throw new Error(
        `KnowledgeDocument ${id}: agentId is needed to find the document; declare it in the program`,
      );
    return findLive(agentId, id);
  },

  mismatches: adoptionMismatches,

  where: (bag) => `in the knowledge base of agent ${bag.agentId}`,

  async create(bag) {
    const doc = await client().call("createKnowledgeDocument", {
      params: { agent_id: String(bag.agentId) },
      ...createRequest(bag),
    });
    return { id: doc.id, outs: outputs(bag, doc) };
  },

  adopted: (_id, bag, live) => outputs(bag, live),

  refresh(_id, live, props) {
    // The API reports name and url; the file and its hash cannot be read back, so they are kept.
    const args: PlainObject = { ...pick(props, INPUT_KEYS), name: live.name };
    if (live.url) args.url = live.url;
    return {
      inputs: { ...args, resolvedFilePath: props.resolvedFilePath },
      outs: outputs({ ...props, ...args }, live),
    };
  },

  async update(_id, olds, news) {
    // Every declared change is a replacement (see diff); only bookkeeping can change in place.
    return { ...olds, ...pick(news, INPUT_KEYS), resolvedFilePath: news.resolvedFilePath };
  },

  async delete(id, props) {
    await client().call("deleteKnowledgeDocument", {
      params: { agent_id: String(props.agentId), document_id: id },
    });
  },
});
