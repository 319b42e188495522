/** Knowledge-base documents under an agent (the seed's per-agent endpoints). */
import { getAgentOr404 } from "./agents";
import type { Ctx, Reply, UploadedFile } from "./context";
import { ApiError, notFound, ValidationError, type ValidationIssue } from "./errors";
import { newestFirst, paginate } from "./paging";
import type { StoredDocument } from "./types";
import { isPlainObject, newId, nowSecs, sha256Hex } from "./util";

const ALLOWED_FIELDS = new Set(["name", "url", "file"]);

interface DocInput {
  fields: Record<string, unknown>;
  file?: UploadedFile;
}

function readInput(ctx: Ctx): DocInput {
  const b = ctx.body;
  switch (b.kind) {
    case "none":
      return { fields: {} };
    case "invalid_json":
      throw new ApiError(400, "invalid_json", `Request body is not valid JSON: ${b.error}`);
    case "invalid_form":
      throw new ApiError(400, "invalid_body", `Request body cannot be parsed: ${b.error}`);
    case "json":
      if (!isPlainObject(b.value)) {
        throw new ValidationError([
          { loc: ["body"], msg: "Input should be a valid dictionary", type: "dict_type" },
        ]);
      }
      return { fields: { ...b.value } };
    case "form": {
      const fields: Record<string, unknown> = { ...b.fields };
      for (const k of Object.keys(b.files)) if (k !== "file") fields[k] = "(file)";
      return { fields, file: b.files.file };
    }
  }
}

function documentView(d: StoredDocument): Record<string, unknown> {
  const out: Record<string, unknown> = { id: d.id, name: d.name, type: d.type };
  if (d.url !== undefined) out.url = d.url;
  if (d.file_name !== undefined) out.file_name = d.file_name;
  if (d.content_sha256 !== undefined) out.content_sha256 = d.content_sha256;
  out.metadata = { ...d.metadata };
  return out;
}

/**
 * URL document: JSON, urlencoded or multipart fields `url` and `name`.
 * File document: multipart with a file part `file` and a field `name`.
 */
export function createDocument(ctx: Ctx): Reply {
  const { fields, file } = readInput(ctx);
  const issues: ValidationIssue[] = [];
  for (const k of Object.keys(fields)) {
    if (!ALLOWED_FIELDS.has(k))
      issues.push({ loc: ["body", k], msg: "Extra inputs are not permitted", type: "extra_forbidden" });
  }
  const name = fields.name;
  if (name === undefined || name === null)
    issues.push({ loc: ["body", "name"], msg: "Field required", type: "missing" });
  else if (typeof name !== "string")
    issues.push({ loc: ["body", "name"], msg: "Input should be a valid string", type: "string_type" });
  else if (name.trim() === "")
    issues.push({ loc: ["body", "name"], msg: "String should not be blank", type: "value_error" });

  const url = fields.url;
  const hasUrl = url !== undefined && url !== null;
  const fileField = fields.file;
  const hasFile = file !== undefined || (fileField !== undefined && fileField !== null);
  const max = ctx.env.options.maxFileBytes;
  if (!hasUrl && !hasFile) {
    issues.push({ loc: ["body", "url"], msg: "Field required: give either url or file", type: "missing" });
  } else if (hasUrl && hasFile) {
    issues.push({ loc: ["body", "file"], msg: "Give either url or file, not both", type: "value_error" });
  } else if (hasUrl) {
    if (typeof url !== "string") {
      issues.push({ loc: ["body", "url"], msg: "Input should be a valid string", type: "string_type" });
    } else if (!isHttpUrl(url)) {
      issues.push({
        loc: ["body", "url"],
        msg: "URL scheme should be 'http' or 'https'",
        type: "url_scheme",
      });
    }
  } else if (!file) {
    issues.push({
      loc: ["body", "file"],
      msg: "Input should be a file (multipart/form-data part)",
      type: "file_type",
    });
  } else if (file.bytes.length === 0) {
    issues.push({ loc: ["body", "file"], msg: "File is empty", type: "value_error" });
  } else if (file.bytes.length > max) {
    issues.push({ loc: ["body", "file"], msg: `File should be at most ${max} bytes`, type: "too_long" });
  }
  if (issues.length > 0) throw new ValidationError(issues);

  const agent = getAgentOr404(ctx);
  const now = nowSecs();
  const doc: StoredDocument =
    hasUrl && typeof url === "string"
      ? {
          id: newId("doc_"),
          agent_id: agent.agent_id,
          name: String(name),
          type: "url",
          url,
          metadata: { created_at_unix_secs: now, size_bytes: 0 },
        }
      : {
          id: newId("doc_"),
          agent_id: agent.agent_id,
          name: String(name),
          type: "file",
          file_name: file?.name ?? "file",
          content_sha256: sha256Hex(file?.bytes ?? Buffer.alloc(0)),
          metadata: { created_at_unix_secs: now, size_bytes: file?.bytes.length ?? 0 },
        };
  ctx.ws.documents[doc.id] = doc;
  return { status: 200, json: documentView(doc) };
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
  } catch {
    return false;
  }
}

/** Newest first. */
export function listDocuments(ctx: Ctx): Reply {
  const agent = getAgentOr404(ctx);
  const docs = newestFirst(
    Object.values(ctx.ws.documents).filter((d) => d.agent_id === agent.agent_id),
    (d) => d.id,
  );
  const page = paginate(docs, (d) => d.id, ctx.query);
  return {
    status: 200,
    json: { documents: page.items.map(documentView), next_cursor: page.next_cursor, has_more: page.has_more },
  };
}

export function deleteDocument(ctx: Ctx): Reply {
  const agent = getAgentOr404(ctx);
  const id = ctx.params.document_id ?? "";
  const doc = ctx.ws.documents[id];
  if (!doc || doc.agent_id !== agent.agent_id)
    throw notFound("document_not_found", `Document ${id} not found`);
  delete ctx.ws.documents[id];
  return { status: 204 };
}
