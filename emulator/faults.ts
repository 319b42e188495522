/** Fault switches: injected latency, dropped connections and canned error answers. */
import type { Fault } from "./types";

export class Faults {
  private faults: Fault[] = [];

  add(f: Fault): void {
    this.faults.push({ ...f, count: f.count ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** The first fault matching `route` (and the key, if the fault names one); consumes one use. */
  take(route: string, apiKey: string | undefined): Fault | undefined {
    const idx = this.faults.findIndex(
      (f) => (f.route === "*" || f.route === route) && (f.apiKey === undefined || f.apiKey === apiKey),
    );
    if (idx < 0) return undefined;
    const f = this.faults[idx]!;
    const count = f.count ?? 1;
    if (count > 0) {
      f.count = count - 1;
      if (f.count === 0) this.faults.splice(idx, 1);
    }
    return { ...f };
  }
}

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
