/**
 * The workspace's Agents Platform settings (live): one object per workspace, always there.
 * `GET /settings` answers what was set with the description's defaults filled; `PATCH /settings`
 * deep-merges the body into it (null removes a setting, so its default shows again). Header values
 * of the conversation-initiation webhook that name a secret (`{secret_id}`) must name one of the
 * workspace's secrets.
 */
import { type Ctx, type Family, objectBody, type Reply } from "./context";
import { mergePatch, renderObject } from "./defaults";
import { ValidationError, type ValidationIssue } from "./errors";
import type { JsonObject, WorkspaceData } from "./types";
import { isPlainObject } from "./util";

/** The key of the settings in `WorkspaceData.settings`. */
const CONVAI = "convai";

/** The settings as `GET /settings` answers them. */
function settingsView(ws: WorkspaceData): JsonObject {
  return renderObject("live", "GetConvAISettingsResponseModel", structuredClone(ws.settings[CONVAI] ?? {}));
}

/** Secret ids in the webhook's headers must exist (422 at the header's `secret_id`). */
function checkSecrets(ctx: Ctx, body: Record<string, unknown>): void {
  const hook = body.conversation_initiation_client_data_webhook;
  const headers = isPlainObject(hook) && isPlainObject(hook.request_headers) ? hook.request_headers : {};
  const issues: ValidationIssue[] = [];
  for (const [name, h] of Object.entries(headers)) {
    if (isPlainObject(h) && typeof h.secret_id === "string" && !ctx.ws.secrets[h.secret_id]) {
      issues.push({
        loc: ["body", "conversation_initiation_client_data_webhook", "request_headers", name, "secret_id"],
        msg: `Secret ${h.secret_id} not found`,
        type: "value_error",
      });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

/** GET /settings. */
export function getSettings(ctx: Ctx): Reply {
  return { status: 200, json: settingsView(ctx.ws) };
}

/** PATCH /settings: deep merge (null removes; a header map is replaced whole), answers the settings. */
export function patchSettings(ctx: Ctx): Reply {
  const body = objectBody(ctx);
  checkSecrets(ctx, body);
  const stored = ctx.ws.settings[CONVAI] ?? {};
  const hook = body.conversation_initiation_client_data_webhook;
  // Headers are a map the user keys: the new map replaces the old one (a merge would keep removed headers).
  if (
    isPlainObject(hook) &&
    isPlainObject(hook.request_headers) &&
    isPlainObject(stored.conversation_initiation_client_data_webhook)
  )
    delete (stored.conversation_initiation_client_data_webhook as JsonObject).request_headers;
  mergePatch(stored, body as JsonObject);
  ctx.ws.settings[CONVAI] = stored;
  return { status: 200, json: settingsView(ctx.ws) };
}

/** The settings routes (live). */
export const SETTINGS: Family = {
  routes: {
    "GET /settings": getSettings,
    "PATCH /settings": patchSettings,
  },
};
