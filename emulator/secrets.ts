/**
 * Workspace secrets (live): `{type: "new", name, value}`. The value is stored only as a SHA-256, is
 * never answered and is redacted in the request log. A secret that tools' request headers name is
 * not deleted (409 secret_in_use).
 */
import { type Ctx, type Family, objectBody, type Reply } from "./context";
import { ApiError, notFound } from "./errors";
import { newestFirst, paginate } from "./paging";
import { toolSecretIds } from "./tools";
import type { JsonObject, StoredSecret, StoredTool } from "./types";
import { newId, nowSecs, sha256Hex } from "./util";

function getSecretOr404(ctx: Ctx): StoredSecret {
  const id = ctx.params.secret_id ?? "";
  const s = ctx.ws.secrets[id];
  if (!s) throw notFound("secret_not_found", `Secret ${id} not found`);
  return s;
}

function usingTools(ctx: Ctx, secretId: string): StoredTool[] {
  return newestFirst(
    Object.values(ctx.ws.tools).filter((t) => toolSecretIds(t.tool_config).includes(secretId)),
    (t) => t.id,
  );
}

function stored(s: StoredSecret): JsonObject {
  return { type: "stored", secret_id: s.secret_id, name: s.name };
}

/** A secret as GET answers it: its name and who uses it, never the value. */
function secretView(ctx: Ctx, s: StoredSecret): JsonObject {
  return {
    ...stored(s),
    used_by: {
      tools: usingTools(ctx, s.secret_id).map((t) => ({
        id: t.id,
        name: String(t.tool_config.name ?? ""),
        type: "available",
        created_at_unix_secs: t.created_at_unix_secs,
        access_level: "admin",
      })),
      tools_has_more: false,
      agents: [],
      agents_has_more: false,
      phone_numbers: [],
      phone_numbers_has_more: false,
      others: [],
    },
  };
}

/** POST /secrets: answers `{type: "stored", secret_id, name}`. */
export function createSecret(ctx: Ctx): Reply {
  const b = objectBody(ctx);
  const secret: StoredSecret = {
    secret_id: newId("secret_"),
    name: String(b.name),
    value_sha256: sha256Hex(String(b.value)),
    created_at_unix_secs: nowSecs(),
  };
  ctx.ws.secrets[secret.secret_id] = secret;
  return { status: 200, json: stored(secret) };
}

/** GET /secrets: newest first; `search` (name substring), paged. */
export function listSecrets(ctx: Ctx): Reply {
  const search = (ctx.query.get("search") ?? "").toLowerCase();
  const secrets = newestFirst(Object.values(ctx.ws.secrets), (s) => s.secret_id).filter((s) =>
    s.name.toLowerCase().includes(search),
  );
  const page = paginate(secrets, (s) => s.secret_id, ctx.query);
  return {
    status: 200,
    json: { secrets: page.items.map((s) => secretView(ctx, s)), next_cursor: page.next_cursor },
  };
}

/** GET /secrets/{secret_id}. */
export function getSecret(ctx: Ctx): Reply {
  return { status: 200, json: secretView(ctx, getSecretOr404(ctx)) };
}

/** PATCH /secrets/{secret_id} `{type: "update", name, value}`: renames and replaces the value. */
export function patchSecret(ctx: Ctx): Reply {
  const b = objectBody(ctx);
  const secret = getSecretOr404(ctx);
  secret.name = String(b.name);
  secret.value_sha256 = sha256Hex(String(b.value));
  return { status: 200, json: stored(secret) };
}

/** DELETE /secrets/{secret_id}: 204; 409 secret_in_use while tools name it. */
export function deleteSecret(ctx: Ctx): Reply {
  const secret = getSecretOr404(ctx);
  const users = usingTools(ctx, secret.secret_id);
  if (users.length > 0) {
    throw new ApiError(
      409,
      "secret_in_use",
      `Secret ${secret.secret_id} is used by tool(s) ${users.map((t) => t.id).join(", ")}`,
    );
  }
  delete ctx.ws.secrets[secret.secret_id];
  return { status: 204 };
}

/** The secret routes (live); the request log redacts the `value` their bodies carry. */
export const SECRETS: Family = {
  routes: {
    "POST /secrets": createSecret,
    "GET /secrets": listSecrets,
    "GET /secrets/{secret_id}": getSecret,
    "PATCH /secrets/{secret_id}": patchSecret,
    "DELETE /secrets/{secret_id}": deleteSecret,
  },
  logRedacted: {
    "POST /secrets": ["value"],
    "PATCH /secrets/{secret_id}": ["value"],
  },
};
