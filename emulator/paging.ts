/** Cursor pagination shared by the list endpoints. Cursors are opaque base64url strings. */
import { ValidationError } from "./errors";
import { isPlainObject } from "./util";

/** page_size when the query names none. */
export const DEFAULT_PAGE_SIZE = 30;
/** The largest page_size accepted. */
export const MAX_PAGE_SIZE = 100;

/** The query's page_size (1..100, default 30), or a 422 at ["query", "page_size"]. */
export function parsePageSize(query: URLSearchParams): number {
  const raw = query.get("page_size");
  if (raw === null) return DEFAULT_PAGE_SIZE;
  if (!/^-?\d+$/.test(raw.trim())) {
    throw new ValidationError([
      { loc: ["query", "page_size"], msg: "Input should be a valid integer", type: "int_parsing" },
    ]);
  }
  const n = Number(raw);
  if (n < 1)
    throw new ValidationError([
      {
        loc: ["query", "page_size"],
        msg: "Input should be greater than or equal to 1",
        type: "greater_than_equal",
      },
    ]);
  if (n > MAX_PAGE_SIZE)
    throw new ValidationError([
      {
        loc: ["query", "page_size"],
        msg: `Input should be less than or equal to ${MAX_PAGE_SIZE}`,
        type: "less_than_equal",
      },
    ]);
  return n;
}

function decodeCursor(raw: string): string {
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (isPlainObject(v) && typeof v.after === "string") return v.after;
  } catch {
    // fall through
  }
  throw new ValidationError([{ loc: ["query", "cursor"], msg: "Invalid cursor", type: "value_error" }]);
}

/** One page of a list answer. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
  has_more: boolean;
}

/** Newest first: ids sort in creation order (see newId), so this is a descending sort by id. */
export function newestFirst<T>(items: T[], idOf: (t: T) => string): T[] {
  return [...items].sort((a, b) => {
    const x = idOf(a);
    const y = idOf(b);
    return x < y ? 1 : x > y ? -1 : 0;
  });
}

/**
 * One page of `items` (already filtered, newest first). The cursor remembers the last id handed
 * out; the next page starts with the first older id, so deletions between pages neither repeat
 * nor skip survivors, and newer items never shift the pages.
 */
export function paginate<T>(items: T[], idOf: (t: T) => string, query: URLSearchParams): Page<T> {
  const size = parsePageSize(query);
  const rawCursor = query.get("cursor");
  let start = 0;
  if (rawCursor) {
    const after = decodeCursor(rawCursor);
    start = items.findIndex((t) => idOf(t) < after);
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + size);
  const hasMore = start + size < items.length;
  const last = page[page.length - 1];
  const next =
    hasMore && last !== undefined
      ? Buffer.from(JSON.stringify({ after: idOf(last) })).toString("base64url")
      : null;
  return { items: page, next_cursor: next, has_more: hasMore };
}
