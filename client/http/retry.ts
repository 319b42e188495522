/**
 * Retry and rate-limit policy, kept free of I/O so it can be tested as a table.
 *
 * - Only requests that are safe to repeat are retried: GET/HEAD/PUT/PATCH/DELETE on 408, 429, 5xx
 *   and connection failures. A POST is re-sent only when it cannot have been processed: a 429
 *   (the service refused it) or a connection that was never established.
 * - 400, 401, 403, 404, 409 and 422 are never retried (the request itself is wrong).
 * - The wait honours `Retry-After`, then `X-RateLimit-Reset`, then exponential backoff with full
 *   jitter, capped at 60 s.
 */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "PUT", "PATCH", "DELETE"]);
export const DO_NOT_RETRY: ReadonlySet<number> = new Set([400, 401, 403, 404, 409, 422]);
export const MAX_DELAY_MS = 60_000;
export const BASE_DELAY_MS = 500;

/** Resolves after `ms` milliseconds: the one sleep of retries and pacing. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export type Outcome = { kind: "status"; status: number } | { kind: "connection"; notSent: boolean };

export function isRetryable(method: string, outcome: Outcome): boolean {
  const idempotent = IDEMPOTENT_METHODS.has(method);
  if (outcome.kind === "connection") return idempotent || outcome.notSent;
  const { status } = outcome;
  if (DO_NOT_RETRY.has(status)) return false;
  if (status === 429) return true;
  return idempotent && (status === 408 || status >= 500);
}

export type HeaderBag = Record<string, string | string[] | undefined>;

function header(h: HeaderBag, name: string): string | undefined {
  const v = h[name] ?? h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Seconds from `Retry-After` (delta seconds or HTTP date), if present and sane. */
export function retryAfterSeconds(h: HeaderBag, nowMs: number): number | undefined {
  const raw = header(h, "retry-after");
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (Number.isFinite(n) && n >= 0) return n;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - nowMs) / 1000);
}

/** Milliseconds until `X-RateLimit-Reset` (epoch seconds), if present and in the future. */
export function resetDelayMs(h: HeaderBag, nowMs: number): number | undefined {
  const raw = header(h, "x-ratelimit-reset");
  const reset = raw === undefined ? Number.NaN : Number(raw);
  if (!Number.isFinite(reset)) return undefined;
  const ms = reset * 1000 - nowMs;
  return ms > 0 ? ms : undefined;
}

/**
 * How long to wait before attempt `attempt + 1` (attempt counts from 0).
 * `random` is injectable for tests; `rateLimited` says the last answer was a 429.
 */
export function retryDelayMs(
  attempt: number,
  h: HeaderBag,
  nowMs: number,
  random: () => number = Math.random,
  rateLimited = true,
): number {
  const after = retryAfterSeconds(h, nowMs);
  if (after !== undefined) return Math.min(after * 1000, MAX_DELAY_MS);
  // The window's reset matters only when the window is what refused us (a 429), not after a 5xx.
  const reset = rateLimited ? resetDelayMs(h, nowMs) : undefined;
  if (reset !== undefined) return Math.min(reset, MAX_DELAY_MS);
  const ceiling = Math.min(BASE_DELAY_MS * 2 ** attempt, MAX_DELAY_MS);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** What the pacer asks of a request: to wait `ms` first (0: go), and whether that is for the window's reset. */
export interface Pace {
  ms: number;
  untilReset: boolean;
}

/** A short wait for answers of requests in flight, which tell the window's true budget. */
const IN_FLIGHT_WAIT_MS = 50;

/**
 * Paces requests under the service's rate limit using the headers of earlier answers, instead of
 * collecting 429s: when the window's budget is spent, the next request waits for the reset.
 * One pacer per (base URL, API key) is shared by every client in the process, so it counts every
 * request the process sends, reads included.
 *
 * The window's budget is the lowest `X-RateLimit-Remaining` its answers reported (the service's
 * count only grows within a window) less the requests still in flight, which the service may
 * count after it: many requests at once (the engine creates in parallel) cannot overshoot the
 * window. While only requests in flight stand in the way, a request waits briefly for their
 * answers; when the window itself is spent, it waits for the reset.
 */
export class RateLimitPacer {
  private reported: number | undefined;
  private resetAtMs: number | undefined;
  private inFlight = 0;

  /**
   * How long to wait before sending; `ms` 0 reserves the request (the caller sends it and reports
   * its answer with {@link answered}). After waiting, ask again, saying whether the wait was for
   * the reset (the window is then new).
   */
  reserve(nowMs: number, waitedForReset = false): Pace {
    // A new window (or a budget with no reset to wait for): unknown until the next answer.
    if (waitedForReset || this.resetAtMs === undefined || nowMs >= this.resetAtMs) {
      this.reported = undefined;
      this.resetAtMs = undefined;
    }
    if (this.reported !== undefined && this.reported - this.inFlight <= 0) {
      if (this.reported > 0 && this.inFlight > 0) return { ms: IN_FLIGHT_WAIT_MS, untilReset: false };
      return { ms: Math.max(1, (this.resetAtMs ?? nowMs) - nowMs), untilReset: true };
    }
    this.inFlight += 1;
    return { ms: 0, untilReset: false };
  }

  /** A reserved request got an answer (its headers; `{}` for none): learns the budget from them. */
  answered(h: HeaderBag): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    const remaining = Number(header(h, "x-ratelimit-remaining"));
    const reset = Number(header(h, "x-ratelimit-reset"));
    if (!Number.isFinite(remaining)) return;
    const resetAtMs = Number.isFinite(reset) ? reset * 1000 : this.resetAtMs;
    const sameWindow = resetAtMs === this.resetAtMs && this.reported !== undefined;
    this.reported = sameWindow ? Math.min(this.reported ?? remaining, remaining) : remaining;
    this.resetAtMs = resetAtMs;
  }
}

const pacers = new Map<string, RateLimitPacer>();
export function pacerFor(key: string): RateLimitPacer {
  let p = pacers.get(key);
  if (!p) {
    p = new RateLimitPacer();
    pacers.set(key, p);
  }
  return p;
}
