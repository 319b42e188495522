import { describe, expect, it } from "vitest";
import { isRetryable, type Outcome, RateLimitPacer, retryAfterSeconds, retryDelayMs } from "./retry";

describe("isRetryable", () => {
  const status = (s: number): Outcome => ({ kind: "status", status: s });
  it.each([
    ["GET", status(500), true],
    ["GET", status(503), true],
    ["GET", status(408), true],
    ["GET", status(429), true],
    ["PATCH", status(502), true],
    ["DELETE", status(500), true],
    ...[400, 401, 403, 404, 409, 422].map((s) => ["GET", status(s), false] as const),
    ["POST", status(500), false],
    ["POST", status(503), false],
    ["POST", status(429), true],
    ["POST", { kind: "connection", notSent: false } as Outcome, false],
    ["POST", { kind: "connection", notSent: true } as Outcome, true],
    ["GET", { kind: "connection", notSent: false } as Outcome, true],
  ] as const)("%s %j -> %s", (method, outcome, expected) => {
    expect(isRetryable(method, outcome)).toBe(expected);
  });
});

describe("retryDelayMs", () => {
  const now = 1_700_000_000_000;
  it("honours Retry-After seconds first", () => {
    expect(retryDelayMs(0, { "retry-after": "7", "x-ratelimit-reset": String(now / 1000 + 30) }, now)).toBe(
      7000,
    );
  });
  it("accepts an HTTP-date Retry-After", () => {
    expect(retryAfterSeconds({ "retry-after": new Date(now + 5000).toUTCString() }, now)).toBe(5);
  });
  it("waits for X-RateLimit-Reset only after a 429, not after a 5xx", () => {
    const h = { "x-ratelimit-reset": String(now / 1000 + 57) };
    expect(retryDelayMs(0, h, now, () => 1, false)).toBe(500);
  });
  it("falls back to X-RateLimit-Reset", () => {
    expect(retryDelayMs(0, { "x-ratelimit-reset": String(now / 1000 + 12) }, now)).toBe(12_000);
  });
  it("caps waits at 60 s", () => {
    expect(retryDelayMs(0, { "retry-after": "3600" }, now)).toBe(60_000);
    expect(retryDelayMs(30, {}, now, () => 1)).toBe(60_000);
  });
  it("backs off exponentially with jitter", () => {
    expect(retryDelayMs(0, {}, now, () => 0)).toBe(250);
    expect(retryDelayMs(0, {}, now, () => 1)).toBe(500);
    expect(retryDelayMs(3, {}, now, () => 1)).toBe(4000);
  });
});

describe("RateLimitPacer", () => {
  const window = (remaining: number, resetMs: number) => ({
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": String(resetMs / 1000),
  });
  const go = { ms: 0, untilReset: false };

  it("waits for the reset once the window's budget is spent", () => {
    const p = new RateLimitPacer();
    const now = 1_000_000;
    expect(p.reserve(now)).toEqual(go);
    p.answered(window(1, now + 30_000));
    expect(p.reserve(now)).toEqual(go);
    p.answered(window(0, now + 30_000));
    expect(p.reserve(now + 1000)).toEqual({ ms: 29_000, untilReset: true });
    expect(p.reserve(now + 31_000)).toEqual(go);
  });

  it("counts the requests still in flight against the budget an answer reports", () => {
    const p = new RateLimitPacer();
    const now = 1_000_000;
    // Ten requests go at once before anything is known (the engine creates in parallel).
    for (let i = 0; i < 10; i++) expect(p.reserve(now)).toEqual(go);
    // The first answer says 5 are left: the nine others in flight may be among them, so wait briefly.
    p.answered(window(5, now + 60_000));
    expect(p.reserve(now)).toEqual({ ms: 50, untilReset: false });
    // Once they answered, 5 are known to be left (a stale higher answer cannot raise it).
    for (let i = 0; i < 9; i++) p.answered(window(i === 0 ? 9 : 5, now + 60_000));
    for (let i = 0; i < 5; i++) expect(p.reserve(now)).toEqual(go);
    expect(p.reserve(now).untilReset).toBe(false);
  });

  it("a wait for the reset opens a new window, whatever the clock says", () => {
    const p = new RateLimitPacer();
    expect(p.reserve(0)).toEqual(go);
    p.answered(window(0, 60_000));
    expect(p.reserve(0).untilReset).toBe(true);
    expect(p.reserve(0, true)).toEqual(go);
  });

  it("never waits on a budget without a reset to wait for", () => {
    const p = new RateLimitPacer();
    expect(p.reserve(0)).toEqual(go);
    p.answered({ "x-ratelimit-remaining": "0" });
    expect(p.reserve(0)).toEqual(go);
  });
});
