/**
 * The control routes under /_emulator: health, the request log, faults, reset and a workspace's
 * contents, for tests and tools that reach the emulator over HTTP only. They take no key, are not
 * logged and are not rate limited.
 */
import type { IncomingMessage } from "node:http";
import { ValidationError } from "./errors";
import type { Faults } from "./faults";
import { headerValue } from "./http";
import { faultSchema, parseOrThrow } from "./schemas";
import {
  COLLECTIONS,
  type Fault,
  type RecordedRequest,
  type WhatsAppAccountSeed,
  type WorkspaceView,
} from "./types";

/** The prefix of the control routes (no key, not logged, not rate limited). */
export const CONTROL_PREFIX = "/_emulator";

/** Whether a path (trailing slash removed) is a control route's. */
export function isControlPath(path: string): boolean {
  return path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
}

/** What the control routes act on: the emulator's pending faults and its programmatic controls. */
export interface Controlled {
  /** The API's base URL (GET /health answers it). */
  readonly url: string;
  /** The pending faults, listed, added to and cleared by the fault routes. */
  readonly faults: Faults;
  requests(): RecordedRequest[];
  clearRequests(): void;
  reset(): void;
  workspace(apiKey?: string): WorkspaceView;
}

/** The status and JSON body (undefined: none) a control route answers. */
export function controlReply(
  emu: Controlled,
  method: string,
  path: string,
  query: URLSearchParams,
  req: IncomingMessage,
  bytes: Buffer,
): [number, unknown] {
  const route = `${method} ${path.slice(CONTROL_PREFIX.length) || "/"}`;
  const err = (status: number, s: string, message: string): [number, unknown] => [
    status,
    { detail: { status: s, message } },
  ];
  try {
    switch (route) {
      case "GET /health":
        return [200, { status: "ok", url: emu.url }];
      case "GET /requests":
        return [200, emu.requests()];
      case "DELETE /requests":
        emu.clearRequests();
        return [204, undefined];
      case "GET /faults":
        return [200, emu.faults.list()];
      case "POST /faults": {
        let input: unknown;
        try {
          input = JSON.parse(bytes.toString("utf8"));
        } catch {
          return err(400, "invalid_json", "Body must be a Fault or an array of Faults");
        }
        const list = Array.isArray(input) ? input : [input];
        const faults = list.map((f, i) =>
          parseOrThrow(faultSchema, f, Array.isArray(input) ? ["body", i] : ["body"]),
        ) as Fault[];
        for (const f of faults) emu.faults.add(f);
        return [204, undefined];
      }
      case "DELETE /faults":
        emu.faults.clear();
        return [204, undefined];
      case "POST /reset":
        emu.reset();
        return [204, undefined];
      case "POST /whatsapp-accounts": {
        // Connects a WhatsApp account as the dashboard does (the API cannot); answers it.
        const key = headerValue(req.headers["xi-api-key"]) ?? query.get("api_key") ?? undefined;
        let input: unknown;
        try {
          input = JSON.parse(bytes.toString("utf8"));
        } catch {
          return err(400, "invalid_json", "Body must be a WhatsApp account");
        }
        if (typeof input !== "object" || input === null || Array.isArray(input))
          return err(422, "invalid_body", "Body must be a WhatsApp account object");
        return [200, emu.workspace(key).seedWhatsAppAccount(input as WhatsAppAccountSeed)];
      }
      case "GET /workspace": {
        const key = headerValue(req.headers["xi-api-key"]) ?? query.get("api_key") ?? undefined;
        const view = emu.workspace(key);
        const collections = Object.fromEntries(COLLECTIONS.map((c) => [c, view[c]]));
        return [200, { ...collections, counts: view.counts(), isEmpty: view.isEmpty() }];
      }
      default:
        return err(404, "not_found", `No control route ${route}`);
    }
  } catch (e) {
    if (e instanceof ValidationError) return [422, e.body()];
    return err(400, "bad_request", (e as Error).message);
  }
}
