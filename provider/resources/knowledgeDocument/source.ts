/**
 * KnowledgeDocument, what both dialects share: the document's source (a URL, a local file or a text)
 * and what is said of it: the check rules of a source, the outputs, how a document is recognised
 * (an earlier attempt's, an adopted one) and how a program would declare it (export, import).
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { FormData } from "undici";
import type { z } from "zod";
import type { WireDocument, WireRagIndex } from "../../../client/endpoints";
import type { PlainObject } from "../../../client/wire";
import type { Mismatch } from "../../kit/adopt";
import { containsUnknown } from "../../kit/converge";
import { type AsDeclared, type CheckOutcome, type Outputs, pick } from "../../kit/declaration";
import type { Locator } from "../../kit/knowledgeBase";

/** Largest file the emulator (and this provider's check) accepts: 20 MiB. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Declared inputs (diff also compares the file's hash computed by check). */
export const INPUT_KEYS = [
  "agentId",
  "name",
  "url",
  "filePath",
  "text",
  "usageMode",
  "parentFolderId",
  "ragIndexModel",
] as const;

export type Doc = z.infer<typeof WireDocument>;

/** A RAG index of a document, as the API answers it. */
export type RagIndex = z.infer<typeof WireRagIndex>;

/** A document as read: the document, and (live) its locator in the declared agent's list. */
export interface Remote {
  doc: Doc;
  /** Live, when a RAG index is declared: the document's indexes. */
  indexes?: RagIndex[];
  /** The locator in `agentId`'s knowledge base; `null`: not attached there; absent: not asked. */
  attached?: Locator | null;
  /** Legacy, when listed: the agent whose knowledge base holds it, and its name. */
  owner?: { id: string; name: string };
}

/** The SDK resolves `filePath` against the program's folder and passes it as `resolvedFilePath`. */
export function sourcePath(bag: PlainObject): string {
  return String(bag.resolvedFilePath ?? bag.filePath);
}

export function sourceType(bag: PlainObject): "url" | "file" | "text" {
  return bag.url !== undefined ? "url" : bag.text !== undefined ? "text" : "file";
}

/**
 * Outputs: the declared inputs, bookkeeping, and what the service says of the document. The size
 * is reported where the answer that made the document carries it (legacy), so that create, import
 * and refresh agree.
 */
export function outputs(
  bag: PlainObject,
  doc: { id: string; type?: string | undefined },
  sizeBytes?: number | null,
): Outputs {
  return {
    ...pick(bag, INPUT_KEYS),
    resolvedFilePath: bag.resolvedFilePath,
    fileHash: bag.fileHash,
    documentId: doc.id,
    type: doc.type ?? sourceType(bag),
    sizeBytes: sizeBytes ?? undefined,
    ragIndexId: bag.ragIndexModel === undefined ? undefined : bag.ragIndexId,
  };
}

/** Outputs after an in-place update: the new declaration, the document's identity unchanged. */
export function updated(olds: PlainObject, news: PlainObject): Outputs {
  return {
    ...pick(news, INPUT_KEYS),
    resolvedFilePath: news.resolvedFilePath,
    fileHash: news.fileHash,
    documentId: olds.documentId,
    type: olds.type,
    sizeBytes: olds.sizeBytes,
    ragIndexId: news.ragIndexModel === undefined ? undefined : olds.ragIndexId,
  };
}

export function hashFile(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** Exactly one source; a file that exists, is not empty and not too large (its hash is an input). */
export function sourceRules(args: PlainObject, news: PlainObject, schemaFailed: boolean): CheckOutcome {
  const given = (["url", "filePath", "text"] as const).filter((k) => args[k] !== undefined);
  if (given.length !== 1) {
    const reason =
      given.length === 0
        ? "set exactly one of url, filePath or text"
        : `set only one of url, filePath and text, not ${given.join(" and ")}`;
    const named = given.length === 0 ? (["url", "filePath"] as const) : given;
    return { failures: named.map((k) => ({ property: k, reason: `${k}: ${reason}` })) };
  }
  if (args.usageMode !== undefined && args.agentId === undefined) {
    return {
      failures: [
        { property: "usageMode", reason: "usageMode: needs agentId (the agent that uses the document)" },
      ],
    };
  }
  if (given[0] !== "filePath" || schemaFailed || containsUnknown(args.filePath)) return {};
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
 * Where the existing document differs from the declaration. The API reports a document's name,
 * type and URL (and, in the legacy dialect, its size), never a file's content or a text: a file
 * document is assumed to hold the declared file when name, type and, where the service reports
 * it, size agree.
 */
export function documentMismatches(doc: Doc, bag: PlainObject): Mismatch[] {
  const found: Mismatch[] = [];
  if (doc.name !== bag.name) found.push({ path: "name", live: doc.name, declared: bag.name });
  const liveType = doc.type ?? (doc.url ? "url" : "file");
  const declared = sourceType(bag);
  const key = declared === "file" ? "filePath" : declared;
  if (liveType !== declared) {
    found.push({
      path: key,
      live: doc.url ?? undefined,
      declared: bag[key],
      note: `the document is a ${liveType} document${doc.url ? ` (${doc.url})` : ""}, not a ${declared} document`,
    });
  } else if (declared === "url" && doc.url !== bag.url) {
    found.push({ path: "url", live: doc.url, declared: bag.url });
  } else if (declared === "file") {
    const liveSize = doc.metadata?.size_bytes;
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
  return found;
}

/**
 * The name a file is uploaded under: its own name with the first 12 hex digits of its content's
 * SHA-256 before the extension (`manual.3f2a9c1b7d4e.pdf`). The service keeps it, so a create can
 * recognise the very content an earlier attempt uploaded; the API never gives content back.
 */
export function uploadName(path: string, fileHash: unknown): string {
  const base = basename(path);
  if (typeof fileHash !== "string") return base;
  const dot = base.lastIndexOf(".");
  const tag = fileHash.slice(0, 12);
  return dot > 0 ? `${base.slice(0, dot)}.${tag}${base.slice(dot)}` : `${base}.${tag}`;
}

/** The multipart body of a file upload. */
export function fileForm(bag: PlainObject): FormData {
  const path = sourcePath(bag);
  const form = new FormData();
  form.append("name", String(bag.name));
  if (bag.parentFolderId !== undefined) form.append("parent_folder_id", String(bag.parentFolderId));
  form.append("file", new Blob([readFileSync(path)]), uploadName(path, bag.fileHash));
  return form;
}

/** Same name and kind of document. */
export function sameKind(doc: Doc, bag: PlainObject): boolean {
  return doc.name === bag.name && (doc.type === undefined || doc.type === sourceType(bag));
}

/**
 * Whether a listed document is the one this create would make: same name and kind, and the same
 * source (URL; for files, the content hash in the uploaded file's name). Text documents are
 * recognised by name and kind only; their text is set again when one is found.
 */
export function sameSource(doc: Doc, bag: PlainObject): boolean {
  if (!sameKind(doc, bag)) return false;
  if (bag.url !== undefined) return doc.url === undefined || doc.url === null || doc.url === bag.url;
  if (bag.filePath !== undefined) {
    const file = doc.filename ?? doc.file_name;
    return typeof file === "string" && file === uploadName(sourcePath(bag), bag.fileHash);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// As a program would declare it (export, import)
// ---------------------------------------------------------------------------------------------

/**
 * A document as a program would declare it: URL and text documents as they are; a file document
 * commented out (the API never gives a file back); other kinds cannot be declared.
 */
export function asDeclared(_id: string, { doc, owner }: Remote): AsDeclared {
  const type = doc.type ?? (doc.url ? "url" : "file");
  const base: PlainObject = owner ? { agentId: owner.id, name: doc.name } : { name: doc.name };
  if (doc.folder_parent_id) base.parentFolderId = doc.folder_parent_id;
  const who = {
    name: doc.name,
    ...(owner ? { words: [owner.name, doc.name], owners: [owner.id] } : {}),
  };
  if (type === "url" && doc.url) return { ...who, args: { ...base, url: doc.url } };
  const text = doc.extracted_inner_html || undefined;
  if (type === "text" && text !== undefined) return { ...who, args: { ...base, text } };
  if (type === "text")
    return {
      ...who,
      args: undefined,
      warnings: ["left out (a text document whose text the API did not answer)"],
    };
  if (type !== "file")
    return {
      ...who,
      args: undefined,
      warnings: [`left out (a ${type} document, which the KnowledgeDocument resource cannot declare)`],
    };
  const file = doc.file_name ?? doc.filename ?? `${doc.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.pdf`;
  return {
    ...who,
    args: { ...base, filePath: `./${file}` },
    commentedOut: [
      "A file document: the API cannot give its content back, so it cannot be exported. To adopt it,",
      `put the same file next to this program as ./${file} (the provider checks the name and, where the`,
      "service reports it, the size; the content itself is assumed to match) and uncomment:",
    ],
    warnings: ["left out (a file document; its content cannot be read back, so it is emitted commented out)"],
  };
}
