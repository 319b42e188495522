/**
 * A multipart/form-data parser that keeps every character of text fields. The web platform's
 * `Response.formData()` decodes parts with a UTF-8 decoder that strips a leading byte-order mark
 * (U+FEFF), so a document named "\ufeffHandbuch" would arrive as "Handbuch"; the live service keeps
 * it. Here part bodies are decoded with `ignoreBOM: true`.
 */
import { UploadedFile } from "./context";

/** The fields (first value per name) and file parts (first per name) of a form body. */
export interface ParsedForm {
  fields: Record<string, string>;
  files: Record<string, UploadedFile>;
}

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true, fatal: false });

/** A parameter of a header value, e.g. `boundary` of a Content-Type or `name` of a Content-Disposition. */
export function headerParam(header: string, param: string): string | undefined {
  const re = new RegExp(`(?:^|;)\\s*${param}\\*?=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, "i");
  const m = re.exec(header);
  if (!m) return undefined;
  if (m[1] !== undefined) return m[1].replace(/\\(.)/g, "$1");
  const raw = (m[2] ?? "").trim();
  // RFC 5987 ext-value: charset'lang'percent-encoded
  const ext = /^([\w-]+)'[^']*'(.*)$/.exec(raw);
  if (ext && new RegExp(`${param}\\*=`, "i").test(header)) {
    try {
      return decodeURIComponent(ext[2] ?? "");
    } catch {
      return raw;
    }
  }
  return raw;
}

/**
 * Parse a multipart/form-data body. Throws an Error (the caller answers 400) when the boundary is
 * missing or the body is not a well-formed multipart stream.
 */
export function parseMultipart(bytes: Buffer, contentType: string): ParsedForm {
  const boundary = headerParam(contentType, "boundary");
  if (!boundary) throw new Error("multipart body without a boundary");
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: Record<string, string> = {};
  const files: Record<string, UploadedFile> = {};
  let pos = bytes.indexOf(delimiter);
  if (pos < 0) throw new Error("multipart body without its boundary");
  for (;;) {
    pos += delimiter.length;
    if (bytes.subarray(pos, pos + 2).toString("latin1") === "--") break; // closing delimiter
    if (bytes.subarray(pos, pos + 2).toString("latin1") !== "\r\n")
      throw new Error("malformed multipart delimiter");
    pos += 2;
    const headerEnd = bytes.indexOf("\r\n\r\n", pos);
    if (headerEnd < 0) throw new Error("multipart part without headers");
    const headers = new Map<string, string>();
    for (const line of utf8.decode(bytes.subarray(pos, headerEnd)).split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const bodyStart = headerEnd + 4;
    const next = bytes.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), bodyStart);
    if (next < 0) throw new Error("multipart part without a closing boundary");
    const body = bytes.subarray(bodyStart, next);
    const disposition = headers.get("content-disposition") ?? "";
    const name = headerParam(disposition, "name");
    if (name !== undefined) {
      const filename = headerParam(disposition, "filename");
      if (filename !== undefined) {
        if (!(name in files)) {
          files[name] = new UploadedFile(
            filename,
            headers.get("content-type") ?? "application/octet-stream",
            Buffer.from(body),
          );
        }
      } else if (!(name in fields)) {
        fields[name] = utf8.decode(body);
      }
    }
    pos = next + 2;
  }
  return { fields, files };
}
