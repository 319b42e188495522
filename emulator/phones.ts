/**
 * Phone numbers: import, list, get, patch (assign agent, label, trunks), delete. A number answers
 * in the dialect it was imported through: legacy (`twilio_config` / `sip_config`, provider `sip`)
 * or live (flat Twilio `sid`/`token`, provider `sip_trunk` with inbound/outbound trunks).
 * Credentials are never answered: stored as SHA-256 only, reported as `has_credentials` /
 * `has_auth_credentials`.
 */
import { type Ctx, type Family, objectBody, type Reply } from "./context";
import { agentDialect, renderObject } from "./defaults";
import { ApiError, agentNotFound, notFound, ValidationError } from "./errors";
import type { Dialect } from "./openapi";
import { newestFirst } from "./paging";
import type {
  JsonObject,
  StoredAgent,
  StoredPhoneNumber,
  StoredSipCredentials,
  WorkspaceData,
} from "./types";
import { isPlainObject, newId, nowSecs, sha256Hex } from "./util";

/** The dialect a number answers in (numbers from state files older than dialects are legacy). */
export function numberDialect(p: StoredPhoneNumber): Dialect {
  return p.dialect ?? "legacy";
}

function assignedAgent(
  p: StoredPhoneNumber,
  ws: WorkspaceData,
): { agent_id: string; agent_name: string } | null {
  const agent = p.assigned_agent_id ? ws.agents[p.assigned_agent_id] : undefined;
  return agent ? { agent_id: agent.agent_id, agent_name: agent.name } : null;
}

/** Live: the assigned agent, with the branch and environment that answer the number when set. */
function liveAssignedAgent(p: StoredPhoneNumber, ws: WorkspaceData): JsonObject | null {
  const assigned = assignedAgent(p, ws);
  if (!assigned) return null;
  return {
    ...assigned,
    ...(p.assigned_environment !== undefined ? { environment: p.assigned_environment } : {}),
    ...(p.assigned_branch_id !== undefined ? { branch_id: p.assigned_branch_id } : {}),
  };
}

function legacyView(p: StoredPhoneNumber, ws: WorkspaceData): JsonObject {
  const out: JsonObject = {
    phone_number_id: p.phone_number_id,
    phone_number: p.phone_number,
    label: p.label,
    provider: p.provider,
    assigned_agent: assignedAgent(p, ws),
  };
  if (p.twilio_config) out.twilio_config = { account_sid: p.twilio_config.account_sid };
  if (p.sip_config) {
    out.sip_config = {
      address: p.sip_config.address,
      transport: p.sip_config.transport,
      username: p.sip_config.username,
      has_credentials: p.sip_config.password_sha256 !== null,
    };
  }
  return out;
}

/** A stored trunk's credentials as answered: the username and whether a password is set. */
function credentialsView(trunk: JsonObject | undefined): {
  has_auth_credentials: boolean;
  username: string | null;
} {
  const c =
    trunk && isPlainObject(trunk.credentials)
      ? (trunk.credentials as unknown as StoredSipCredentials)
      : undefined;
  return { has_auth_credentials: !!c && c.password_sha256 !== null, username: c?.username ?? null };
}

function withoutCredentials(trunk: JsonObject): JsonObject {
  const { credentials: _c, ...rest } = trunk;
  return rest;
}

/** A stored live trunk as answered: the request model's defaults filled, credentials reduced to facts. */
function trunkView(requestSchema: string, trunk: JsonObject): JsonObject {
  return { ...renderObject("live", requestSchema, withoutCredentials(trunk)), ...credentialsView(trunk) };
}

function liveView(p: StoredPhoneNumber, ws: WorkspaceData): JsonObject {
  const common: JsonObject = {
    ...(p.extra ?? {}),
    phone_number: p.phone_number,
    label: p.label,
    phone_number_id: p.phone_number_id,
    assigned_agent: liveAssignedAgent(p, ws),
    provider: p.provider,
  };
  if (p.provider !== "sip_trunk") return renderObject("live", "GetPhoneNumberTwilioResponseModel", common);
  const outbound = p.outbound_trunk
    ? trunkView("OutboundSIPTrunkConfigRequestModel", p.outbound_trunk)
    : null;
  const inbound = p.inbound_trunk
    ? {
        ...trunkView("InboundSIPTrunkConfigRequestModel", p.inbound_trunk),
        allowed_addresses: p.inbound_trunk.allowed_addresses ?? [],
        allowed_numbers: p.inbound_trunk.allowed_numbers ?? null,
      }
    : null;
  return renderObject("live", "GetPhoneNumberSIPTrunkResponseModel", {
    ...common,
    outbound_trunk: outbound,
    provider_config: outbound,
    inbound_trunk: inbound,
  });
}

/** The wire view of a number in its dialect: never a token or password. */
export function renderPhoneNumber(p: StoredPhoneNumber, ws: WorkspaceData): JsonObject {
  return numberDialect(p) === "legacy" ? legacyView(p, ws) : liveView(p, ws);
}

/**
 * The numbers assigned to an agent, for its GET: a legacy agent lists `{phone_number_id,
 * phone_number, label, provider}`, a live agent the numbers as GET /phone-numbers/{id} answers them.
 */
export function agentPhoneNumbers(agent: StoredAgent, ws: WorkspaceData): JsonObject[] {
  const mine = newestFirst(
    Object.values(ws.phoneNumbers).filter((p) => p.assigned_agent_id === agent.agent_id),
    (p) => p.phone_number_id,
  ).reverse();
  if (agentDialect(agent) === "live") return mine.map((p) => renderPhoneNumber(p, ws));
  return mine.map((p) => ({
    phone_number_id: p.phone_number_id,
    phone_number: p.phone_number,
    label: p.label,
    provider: p.provider,
  }));
}

/** The stored number a path (or an id) names, or 404 phone_number_not_found. */
export function getNumberOr404(ctx: Ctx, id = ctx.params.phone_number_id ?? ""): StoredPhoneNumber {
  const p = ctx.ws.phoneNumbers[id];
  if (!p) throw notFound("phone_number_not_found", `Phone number ${id} not found`);
  return p;
}

function hashOrNull(secret: unknown): string | null {
  return typeof secret === "string" && secret !== "" ? sha256Hex(secret) : null;
}

/** A live trunk configuration as stored: as sent, with its credentials' password replaced by a hash. */
function storeTrunk(config: unknown): JsonObject | undefined {
  if (!isPlainObject(config)) return undefined;
  const out: JsonObject = structuredClone(config);
  if (isPlainObject(config.credentials)) {
    const creds: StoredSipCredentials = {
      username: String(config.credentials.username ?? ""),
      password_sha256: hashOrNull(config.credentials.password),
    };
    out.credentials = creds as unknown as JsonObject;
  } else {
    delete out.credentials;
  }
  return out;
}

const LIVE_EXTRA_KEYS = ["supports_inbound", "supports_outbound", "enable_sms", "region_config"] as const;

function legacyNumber(id: string, b: Record<string, unknown>): StoredPhoneNumber {
  const base = {
    phone_number_id: id,
    dialect: "legacy" as const,
    phone_number: String(b.phone_number),
    label: String(b.label),
    assigned_agent_id: null,
    created_at_unix_secs: nowSecs(),
  };
  const tw = isPlainObject(b.twilio_config) ? b.twilio_config : undefined;
  if (tw) {
    return {
      ...base,
      provider: "twilio",
      twilio_config: {
        account_sid: String(tw.account_sid),
        auth_token_sha256: sha256Hex(String(tw.auth_token)),
      },
    };
  }
  const sip = isPlainObject(b.sip_config) ? b.sip_config : {};
  return {
    ...base,
    provider: "sip",
    sip_config: {
      address: String(sip.address),
      transport: sip.transport as "udp" | "tcp" | "tls",
      username: typeof sip.username === "string" ? sip.username : null,
      password_sha256: hashOrNull(sip.password),
    },
  };
}

function liveNumber(ctx: Ctx, id: string, b: Record<string, unknown>): StoredPhoneNumber {
  const provider = b.provider ?? "twilio";
  if (provider !== "twilio" && provider !== "sip_trunk") {
    throw new ApiError(
      400,
      "unsupported_provider",
      `The emulator does not emulate ${String(provider)} numbers`,
    );
  }
  const agentId = typeof b.agent_id === "string" ? b.agent_id : null;
  if (agentId !== null && !ctx.ws.agents[agentId]) throw agentNotFound(agentId);
  const extra: JsonObject = {};
  for (const k of LIVE_EXTRA_KEYS) if (b[k] !== undefined && b[k] !== null) extra[k] = structuredClone(b[k]);
  const num: StoredPhoneNumber = {
    phone_number_id: id,
    dialect: "live",
    phone_number: String(b.phone_number),
    label: String(b.label),
    provider,
    assigned_agent_id: agentId,
    extra,
    created_at_unix_secs: nowSecs(),
  };
  if (provider === "twilio") {
    num.twilio_config = { account_sid: String(b.sid), auth_token_sha256: sha256Hex(String(b.token)) };
  } else {
    const inbound = storeTrunk(b.inbound_trunk_config);
    const outbound = storeTrunk(b.outbound_trunk_config);
    if (inbound) num.inbound_trunk = inbound;
    if (outbound) num.outbound_trunk = outbound;
  }
  return num;
}

/** POST /phone-numbers: answers `{phone_number_id}`; 409 when the workspace already has the number. */
export function createPhoneNumber(ctx: Ctx): Reply {
  const b = objectBody(ctx);
  const id = newId("phnum_");
  const num = ctx.dialect === "legacy" ? legacyNumber(id, b) : liveNumber(ctx, id, b);
  if (Object.values(ctx.ws.phoneNumbers).some((p) => p.phone_number === num.phone_number)) {
    throw new ApiError(
      409,
      "phone_number_already_exists",
      `Phone number ${num.phone_number} is already imported`,
    );
  }
  ctx.ws.phoneNumbers[id] = num;
  return { status: 200, json: { phone_number_id: id } };
}

/** A JSON array, newest first, each number in its dialect. */
export function listPhoneNumbers(ctx: Ctx): Reply {
  return {
    status: 200,
    json: newestFirst(Object.values(ctx.ws.phoneNumbers), (p) => p.phone_number_id).map((p) =>
      renderPhoneNumber(p, ctx.ws),
    ),
  };
}

/** GET /phone-numbers/{phone_number_id}. */
export function getPhoneNumber(ctx: Ctx): Reply {
  return { status: 200, json: renderPhoneNumber(getNumberOr404(ctx), ctx.ws) };
}

/**
 * PATCH /phone-numbers/{phone_number_id}: `agent_id` assigns (null unassigns; an unknown agent is
 * 404 agent_not_found), `label` renames; live SIP trunk numbers also take new trunk configurations
 * (replacing the stored ones), `livekit_stack` and `store_sip_messages`.
 */
export function patchPhoneNumber(ctx: Ctx): Reply {
  const body = objectBody(ctx);
  const num = getNumberOr404(ctx);
  if (typeof body.agent_id === "string" && !ctx.ws.agents[body.agent_id]) throw agentNotFound(body.agent_id);
  if (body.agent_id !== undefined) {
    const next = typeof body.agent_id === "string" ? body.agent_id : null;
    // Another agent (or none): the branch belonged to the one before.
    if (next !== num.assigned_agent_id) delete num.assigned_branch_id;
    num.assigned_agent_id = next;
  }
  // Live: which branch of the agent answers, and which environment's variables calls use.
  const agent = num.assigned_agent_id ? ctx.ws.agents[num.assigned_agent_id] : undefined;
  if (typeof body.branch_id === "string") {
    const branch = agent?.versioning?.branches[body.branch_id];
    if (!branch || branch.is_archived)
      throw new ValidationError([
        {
          loc: ["body", "branch_id"],
          msg: `Branch ${body.branch_id} is not a branch of the assigned agent`,
          type: "value_error",
        },
      ]);
    num.assigned_branch_id = body.branch_id;
  } else if (body.branch_id === null || num.assigned_agent_id === null) delete num.assigned_branch_id;
  if (typeof body.environment === "string") num.assigned_environment = body.environment;
  else if (body.environment === null || num.assigned_agent_id === null) delete num.assigned_environment;
  if (typeof body.label === "string") num.label = body.label;
  const trunks = ["inbound_trunk_config", "outbound_trunk_config"] as const;
  if (trunks.some((k) => isPlainObject(body[k])) && num.provider !== "sip_trunk") {
    throw new ApiError(
      400,
      "invalid_for_provider",
      `Trunk configurations apply to sip_trunk numbers, not ${num.provider}`,
    );
  }
  const inbound = storeTrunk(body.inbound_trunk_config);
  const outbound = storeTrunk(body.outbound_trunk_config);
  if (inbound) num.inbound_trunk = inbound;
  if (outbound) num.outbound_trunk = outbound;
  for (const k of ["livekit_stack", "store_sip_messages"] as const) {
    if (body[k] !== undefined && body[k] !== null) num.extra = { ...(num.extra ?? {}), [k]: body[k] };
  }
  return { status: 200, json: renderPhoneNumber(num, ctx.ws) };
}

/** DELETE /phone-numbers/{phone_number_id}: 204. */
export function deletePhoneNumber(ctx: Ctx): Reply {
  const num = getNumberOr404(ctx);
  delete ctx.ws.phoneNumbers[num.phone_number_id];
  return { status: 204 };
}

/** The phone-number routes (both dialects). */
export const PHONE_NUMBERS: Family = {
  routes: {
    "POST /phone-numbers": createPhoneNumber,
    "GET /phone-numbers": listPhoneNumbers,
    "GET /phone-numbers/{phone_number_id}": getPhoneNumber,
    "PATCH /phone-numbers/{phone_number_id}": patchPhoneNumber,
    "DELETE /phone-numbers/{phone_number_id}": deletePhoneNumber,
  },
};
