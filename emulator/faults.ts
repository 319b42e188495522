/**
 * Fault switches: injected latency, dropped connections ("drop": no answer, request not handled;
 * "dropAfter": request handled, answer lost), canned error answers, and a seeded random mode.
 */
import type { Fault, RandomFaultKind } from "./types";

/** What to do to one request. */
export interface FaultAction {
  latencyMs?: number;
  /** Destroy the socket before handling. */
  drop?: boolean;
  /** Handle the request, then destroy the socket instead of answering. */
  dropAfter?: boolean;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The kinds a random fault picks from when it names none. */
export const DEFAULT_RANDOM_KINDS: readonly RandomFaultKind[] = [500, 502, 503, 429, "drop", "dropAfter"];

/** mulberry32: a small, fast PRNG; the same seed always gives the same sequence in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Entry {
  fault: Fault;
  /** Uses left; -1 = unlimited. */
  remaining: number;
  random?: () => number;
}

function actionOf(f: Fault, kind?: RandomFaultKind): FaultAction {
  const a: FaultAction = {};
  if (f.latencyMs) a.latencyMs = f.latencyMs;
  if (f.headers) a.headers = { ...f.headers };
  if (kind === undefined) {
    if (f.drop) a.drop = true;
    if (f.dropAfter) a.dropAfter = true;
    if (f.status !== undefined) a.status = f.status;
    if (f.body !== undefined) a.body = f.body;
  } else if (kind === "drop") a.drop = true;
  else if (kind === "dropAfter") a.dropAfter = true;
  else a.status = kind;
  return a;
}

/** The pending faults of one emulator, first match first. */
export class Faults {
  private entries: Entry[] = [];

  /** Add a (validated) fault. Random faults default to unlimited failures, others to one use. */
  add(f: Fault): void {
    const random = f.rate !== undefined;
    const entry: Entry = { fault: { ...f }, remaining: f.count ?? (random ? -1 : 1) };
    if (random) entry.random = seededRandom(f.seed ?? 1);
    this.entries.push(entry);
  }

  clear(): void {
    this.entries = [];
  }

  /** Pending faults, `count` showing the uses left. */
  list(): Fault[] {
    return this.entries.map((e) => ({ ...e.fault, count: e.remaining }));
  }

  /**
   * The action for a request of `route` made with `apiKey`: the first matching fault; a random
   * fault that does not fire this time lets the next one match. Consumes one use.
   */
  take(route: string, apiKey: string | undefined): FaultAction | undefined {
    for (const [i, e] of this.entries.entries()) {
      const f = e.fault;
      if (f.route !== "*" && f.route !== route) continue;
      if (f.apiKey !== undefined && f.apiKey !== apiKey) continue;
      let kind: RandomFaultKind | undefined;
      if (e.random) {
        if (e.random() >= (f.rate ?? 0)) continue;
        const kinds = f.kinds && f.kinds.length > 0 ? f.kinds : DEFAULT_RANDOM_KINDS;
        kind = kinds[Math.floor(e.random() * kinds.length)] ?? kinds[0];
      }
      if (e.remaining > 0) {
        e.remaining--;
        if (e.remaining === 0) this.entries.splice(i, 1);
      }
      return actionOf(f, kind);
    }
    return undefined;
  }
}

/** The `detail.status` of an injected error answer. */
export function faultStatusName(status: number): string {
  const names: Record<number, string> = {
    400: "bad_request",
    401: "invalid_api_key",
    403: "insufficient_permissions",
    404: "not_found",
    408: "request_timeout",
    409: "conflict",
    422: "unprocessable_entity",
    429: "rate_limit_exceeded",
    500: "internal_server_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
  };
  return names[status] ?? (status >= 500 ? "internal_server_error" : "error");
}
