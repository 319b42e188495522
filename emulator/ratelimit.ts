/**
 * Fixed one-minute windows per API key. A key's window opens with its first request and lasts 60 s;
 * X-RateLimit-Reset is the epoch second at which it ends.
 */
export const WINDOW_MS = 60_000;

/** Whether a request may proceed, and the rate-limit headers to answer. */
export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
  retryAfterSecs: number;
}

/** Fixed one-minute windows per API key. */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly limit: number) {}

  hit(key: string, now = Date.now()): RateDecision {
    let w = this.windows.get(key);
    if (!w || now >= w.start + WINDOW_MS) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    const end = w.start + WINDOW_MS;
    const allowed = w.count < this.limit;
    if (allowed) w.count++;
    const retryAfterSecs = Math.max(1, Math.ceil((end - now) / 1000));
    return {
      allowed,
      retryAfterSecs,
      headers: {
        "X-RateLimit-Limit": String(this.limit),
        "X-RateLimit-Remaining": String(Math.max(0, this.limit - w.count)),
        "X-RateLimit-Reset": String(Math.ceil(end / 1000)),
      },
    };
  }

  reset(): void {
    this.windows.clear();
  }
}
