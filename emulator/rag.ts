/**
 * RAG indexes of live documents, one per embedding model. The service builds an index in the
 * background; the emulator makes that observable and deterministic: a new index answers `created`,
 * and every later read of it (`GET`, or `POST` of the same model again) moves it one step on,
 * `processing` with its percentage, then `succeeded` after `ragIndexSteps` reads (default 2; 0:
 * ready at once). Folders have no index (400).
 */
import { type Ctx, type Family, objectBody, type Reply } from "./context";
import { ApiError, notFound } from "./errors";
import { getDocumentOr404 } from "./knowledge";
import type { JsonObject, StoredDocument, StoredRagIndex } from "./types";
import { newId } from "./util";

/** An index as the routes answer it (`RAGDocumentIndexResponseModel`). */
function indexView(doc: StoredDocument, i: StoredRagIndex): JsonObject {
  const ready = i.reads >= i.steps;
  return {
    id: i.id,
    model: i.model,
    status: ready ? "succeeded" : i.reads === 0 ? "created" : "processing",
    progress_percentage: ready ? 100 : Math.floor((100 * i.reads) / i.steps),
    document_model_index_usage: { used_bytes: ready ? doc.metadata.size_bytes : 0 },
  };
}

/** A read moves an index that is not ready one step on. */
function read(i: StoredRagIndex): StoredRagIndex {
  if (i.reads < i.steps) i.reads++;
  return i;
}

/** The document a path names, which must be a document (not a folder). */
function indexable(ctx: Ctx): StoredDocument {
  const doc = getDocumentOr404(ctx);
  if (doc.type === "folder")
    throw new ApiError(400, "invalid_for_document_type", `Folder ${doc.id} has no RAG index`);
  return doc;
}

/** POST /knowledge-base/{documentation_id}/rag-index `{model}`: the model's index, made when there is none. */
export function computeIndex(ctx: Ctx): Reply {
  const doc = indexable(ctx);
  const model = String(objectBody(ctx).model);
  const list = doc.rag_indexes ?? [];
  const found = list.find((i) => i.model === model);
  if (found) return { status: 200, json: indexView(doc, read(found)) };
  const index: StoredRagIndex = { id: newId("rag_"), model, reads: 0, steps: ctx.env.options.ragIndexSteps };
  doc.rag_indexes = [...list, index];
  return { status: 200, json: indexView(doc, index) };
}

/** GET /knowledge-base/{documentation_id}/rag-index: the document's indexes (each read moves it on). */
export function listIndexes(ctx: Ctx): Reply {
  const doc = indexable(ctx);
  return { status: 200, json: { indexes: (doc.rag_indexes ?? []).map((i) => indexView(doc, read(i))) } };
}

/** DELETE /knowledge-base/{documentation_id}/rag-index/{rag_index_id}: answers the deleted index. */
export function deleteIndex(ctx: Ctx): Reply {
  const doc = indexable(ctx);
  const id = ctx.params.rag_index_id ?? "";
  const found = (doc.rag_indexes ?? []).find((i) => i.id === id);
  if (!found) throw notFound("rag_index_not_found", `Document ${doc.id} has no RAG index ${id}`);
  doc.rag_indexes = (doc.rag_indexes ?? []).filter((i) => i.id !== id);
  return { status: 200, json: indexView(doc, found) };
}

/** The RAG index routes (live). */
export const RAG_INDEXES: Family = {
  routes: {
    "POST /knowledge-base/{documentation_id}/rag-index": computeIndex,
    "GET /knowledge-base/{documentation_id}/rag-index": listIndexes,
    "DELETE /knowledge-base/{documentation_id}/rag-index/{rag_index_id}": deleteIndex,
  },
};
