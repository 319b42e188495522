/**
 * The RAG index of a live document (`ragIndexModel`): one per embedding model, built by the
 * service in the background. A create or a model change requests it (POST
 * /knowledge-base/{id}/rag-index) and waits until it is ready, showing its progress in the engine's
 * display (GET /knowledge-base/{id}/rag-index, polled); a new model builds the new index first, then
 * deletes the old one (DELETE …/rag-index/{rag_index_id}), so the document never goes without one.
 */
import type { ElevenLabsClient } from "../../../client/http/client";
import { resolveSettings } from "../../../client/http/settings";
import { progress } from "../../kit/log";
import { ifFound } from "../../kit/resource";
import type { RagIndex } from "./source";

/** How often the index is read while it is built (scaled by the client's delay scale). */
const POLL_MS = 2000;
/** How long a build may take before the provider gives up (the index keeps building). */
const MAX_WAIT_MS = 15 * 60 * 1000;
/** Statuses after which the index will never be ready. */
const FAILED = new Set(["failed", "rag_limit_exceeded", "document_too_small", "cannot_index_folder"]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The document's indexes. */
export async function indexesOf(api: ElevenLabsClient, documentId: string): Promise<RagIndex[]> {
  return (await api.call("listRagIndexes", { params: { documentation_id: documentId } })).indexes;
}

/** Whether an index of `model` is there and not failed (refresh: drift when it is not). */
export function hasIndex(indexes: readonly RagIndex[] | undefined, model: unknown): boolean {
  return (indexes ?? []).some((i) => i.model === model && !FAILED.has(i.status));
}

/**
 * Requests the index of `model` and waits until it is ready; answers its id. A status that can
 * never become ready fails, naming it.
 * @param what the document, as messages name it (e.g. `KnowledgeDocument "FAQ" (doc_…)`).
 */
export async function buildIndex(
  api: ElevenLabsClient,
  documentId: string,
  model: string,
  what: string,
): Promise<string> {
  let index = await api.call("computeRagIndex", {
    params: { documentation_id: documentId },
    json: { model },
  });
  const wait = POLL_MS * resolveSettings().delayScale;
  const started = Date.now();
  while (index.status !== "succeeded") {
    if (FAILED.has(index.status))
      throw new Error(
        `${what}: the RAG index (${model}) ended ${index.status}; the document cannot be indexed so`,
      );
    if (Date.now() - started > MAX_WAIT_MS)
      throw new Error(
        `${what}: the RAG index (${model}) is still ${index.status} after ${MAX_WAIT_MS / 60000} minutes; run again to keep waiting`,
      );
    void progress(`${what}: RAG index (${model}) ${index.status}, ${Math.round(index.progress_percentage)}%`);
    await sleep(wait);
    const found = (await indexesOf(api, documentId)).find((i) => i.id === index.id || i.model === model);
    if (!found) throw new Error(`${what}: the RAG index (${model}) disappeared while it was built`);
    index = found;
  }
  void progress(`${what}: RAG index (${model}) ready`);
  return index.id;
}

/** Deletes the index `indexId` of the document (gone already: done). */
export async function dropIndex(api: ElevenLabsClient, documentId: string, indexId: string): Promise<void> {
  await ifFound(
    api.call("deleteRagIndex", { params: { documentation_id: documentId, rag_index_id: indexId } }),
  );
}
