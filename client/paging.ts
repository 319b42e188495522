/**
 * The one pager: follows `next_cursor` while `has_more`, for every list endpoint. A page that says
 * `has_more` without a cursor, or a cursor that repeats, is a service bug: it stops with an error
 * instead of looping or silently dropping the rest.
 */
import { ResponseValidationError } from "./http/errors";

/** What one page of a list endpoint gives the pager. */
export interface Page<T> {
  items: readonly T[];
  next_cursor?: string | null | undefined;
  has_more: boolean;
}

/**
 * Yields every item of every page.
 * @param route the route, quoted in errors (e.g. `GET /agents`).
 * @param fetchPage reads the page after `cursor` (`undefined`: the first page).
 */
export async function* pages<T>(
  route: string,
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
): AsyncGenerator<T> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(cursor);
    yield* page.items;
    if (!page.has_more) return;
    const next = page.next_cursor;
    if (!next) {
      throw new ResponseValidationError(
        `ElevenLabs API: ${route} answered has_more=true without a next_cursor; cannot read further pages`,
      );
    }
    if (seen.has(next)) {
      throw new ResponseValidationError(
        `ElevenLabs API: ${route} answered a next_cursor it had already answered; stopping instead of looping`,
      );
    }
    seen.add(next);
    cursor = next;
  }
}

/** Every item of an async iterable, in order. */
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** The first item that matches, reading no further pages than needed. */
export async function find<T>(it: AsyncIterable<T>, match: (x: T) => boolean): Promise<T | undefined> {
  for await (const x of it) if (match(x)) return x;
  return undefined;
}
