/**
 * The one pager: follows `next_cursor` for every list endpoint, reading where the items are and
 * how more are announced from the endpoint's entry in the route table (`list` in
 * `endpoints.ts`), so no caller adapts pages by hand. A page that says more follow without a
 * cursor, or a cursor that repeats, is a service bug: it stops with an error instead of looping or
 * silently dropping the rest.
 */
import { endpoints, type ItemOf, type ListEndpointName, type Listing } from "./endpoints";
import type { CallOptions, ElevenLabsClient } from "./http/client";
import { ResponseValidationError } from "./http/errors";

/** The largest page the list endpoints serve; the pager asks for it unless told otherwise. */
export const MAX_PAGE_SIZE = 100;

/** Options of {@link listed}: the call's params and query (the pager adds `cursor`). */
export type ListOptions<N extends ListEndpointName> = Omit<CallOptions<N>, "json" | "form">;

/**
 * Yields every item of every page of list endpoint `name`, reading no page before it is needed.
 * `page_size` defaults to {@link MAX_PAGE_SIZE} (fewest requests).
 * @param api the client (its dialect picks the route).
 * @param name the list endpoint, e.g. `listTools`.
 * @param options path parameters and query, e.g. `{ query: { search: "FAQ" } }`.
 */
export async function* listed<N extends ListEndpointName>(
  api: ElevenLabsClient,
  name: N,
  options: ListOptions<N> = {},
): AsyncGenerator<ItemOf<N>> {
  const list: Listing = endpoints[name].list;
  const route = api.route(name);
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const query = { ...options.query, page_size: options.query?.page_size ?? MAX_PAGE_SIZE, cursor };
    const page = (await api.call(name, { ...options, query } as CallOptions<N>)) as Record<string, unknown>;
    yield* page[list.items] as ItemOf<N>[];
    const next =
      typeof page.next_cursor === "string" && page.next_cursor !== "" ? page.next_cursor : undefined;
    const more = list.more === "cursor" ? next !== undefined : page.has_more === true;
    if (!more) return;
    if (next === undefined) {
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
export async function firstMatch<T>(it: AsyncIterable<T>, match: (x: T) => boolean): Promise<T | undefined> {
  for await (const x of it) if (match(x)) return x;
  return undefined;
}

/** Each item of `it` through `f`, lazily. */
export async function* mapped<T, U>(it: AsyncIterable<T>, f: (x: T) => U): AsyncGenerator<U> {
  for await (const x of it) yield f(x);
}
