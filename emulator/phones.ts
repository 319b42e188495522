/** Phone numbers: import (Twilio or SIP), list, get, patch (assign agent, label), delete. */
import { jsonBody } from "./agents";
import type { Ctx, Reply } from "./context";
import { ApiError, agentNotFound, notFound } from "./errors";
import { newestFirst } from "./paging";
import {
  createAnyNumberSchema,
  createSipNumberSchema,
  createTwilioNumberSchema,
  parseOrThrow,
  patchPhoneNumberSchema,
} from "./schemas";
import type { StoredPhoneNumber, WorkspaceData } from "./types";
import { isPlainObject, newId, nowSecs, sha256Hex } from "./util";

/** The wire view of a number: never a token or password, only whether SIP credentials are set. */
export function renderPhoneNumber(p: StoredPhoneNumber, ws: WorkspaceData): Record<string, unknown> {
  const agent = p.assigned_agent_id ? ws.agents[p.assigned_agent_id] : undefined;
  const out: Record<string, unknown> = {
    phone_number_id: p.phone_number_id,
    phone_number: p.phone_number,
    label: p.label,
    provider: p.provider,
    assigned_agent: agent ? { agent_id: agent.agent_id, agent_name: agent.name } : null,
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

export function getNumberOr404(ctx: Ctx, id = ctx.params.phone_number_id ?? ""): StoredPhoneNumber {
  const p = ctx.ws.phoneNumbers[id];
  if (!p) throw notFound("phone_number_not_found", `Phone number ${id} not found`);
  return p;
}

export function createPhoneNumber(ctx: Ctx): Reply {
  const input = jsonBody(ctx);
  const provider = isPlainObject(input) ? input.provider : undefined;
  const id = newId("phnum_");
  let num: StoredPhoneNumber;
  if (provider === "twilio") {
    const b = parseOrThrow(createTwilioNumberSchema, input);
    num = {
      phone_number_id: id,
      phone_number: b.phone_number,
      label: b.label,
      provider: "twilio",
      assigned_agent_id: null,
      twilio_config: {
        account_sid: b.twilio_config.account_sid,
        auth_token_sha256: sha256Hex(b.twilio_config.auth_token),
      },
      created_at_unix_secs: nowSecs(),
    };
  } else if (provider === "sip") {
    const b = parseOrThrow(createSipNumberSchema, input);
    const pw = b.sip_config.password;
    num = {
      phone_number_id: id,
      phone_number: b.phone_number,
      label: b.label,
      provider: "sip",
      assigned_agent_id: null,
      sip_config: {
        address: b.sip_config.address,
        transport: b.sip_config.transport,
        username: b.sip_config.username ?? null,
        password_sha256: pw !== undefined && pw !== null && pw !== "" ? sha256Hex(pw) : null,
      },
      created_at_unix_secs: nowSecs(),
    };
  } else {
    parseOrThrow(createAnyNumberSchema, input);
    throw new Error("unreachable: provider validated");
  }
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

/** A JSON array, newest first. */
export function listPhoneNumbers(ctx: Ctx): Reply {
  return {
    status: 200,
    json: newestFirst(Object.values(ctx.ws.phoneNumbers), (p) => p.phone_number_id).map((p) =>
      renderPhoneNumber(p, ctx.ws),
    ),
  };
}

export function getPhoneNumber(ctx: Ctx): Reply {
  return { status: 200, json: renderPhoneNumber(getNumberOr404(ctx), ctx.ws) };
}

export function patchPhoneNumber(ctx: Ctx): Reply {
  const body = parseOrThrow(patchPhoneNumberSchema, jsonBody(ctx));
  const num = getNumberOr404(ctx);
  if (typeof body.agent_id === "string" && !ctx.ws.agents[body.agent_id]) throw agentNotFound(body.agent_id);
  if (body.agent_id !== undefined) num.assigned_agent_id = body.agent_id;
  if (body.label !== undefined) num.label = body.label;
  return { status: 200, json: renderPhoneNumber(num, ctx.ws) };
}

export function deletePhoneNumber(ctx: Ctx): Reply {
  const num = getNumberOr404(ctx);
  delete ctx.ws.phoneNumbers[num.phone_number_id];
  return { status: 204 };
}
