/**
 * WhatsApp accounts (live). An account is connected in the dashboard (Meta's sign-up flow), never
 * through the API: the emulator connects one with the control route `POST /_emulator/whatsapp-accounts`
 * (or `WorkspaceView.seedWhatsAppAccount`). The API then reads it, assigns it to an agent and sets its
 * messaging flags (`PATCH`), and disconnects it (`DELETE`). Deleting the agent unassigns it.
 */
import { getAgentOr404 } from "./agents";
import { type Ctx, type Family, objectBody, type Reply } from "./context";
import { renderObject } from "./defaults";
import { notFound, ValidationError } from "./errors";
import type { JsonObject, StoredWhatsAppAccount, WhatsAppAccountSeed, WorkspaceData } from "./types";
import { sha256Hex } from "./util";

/** The flags PATCH sets (null leaves a flag as it is). */
const FLAGS = ["enable_messaging", "enable_audio_message_response", "enable_typing_indicator"] as const;

/**
 * Connects an account as the dashboard does, with defaults for what `seed` leaves out; an account
 * already connected under that phone number id is replaced. Throws on a seed without ids.
 */
export function seedWhatsAppAccount(ws: WorkspaceData, seed: WhatsAppAccountSeed): StoredWhatsAppAccount {
  const issues = (["phone_number_id", "phone_number"] as const)
    .filter((k) => typeof seed[k] !== "string" || seed[k].trim() === "")
    .map((k) => ({ loc: ["body", k], msg: "Field required (a non-blank string)", type: "missing" }));
  if (issues.length > 0) throw new ValidationError(issues);
  const account: StoredWhatsAppAccount = {
    business_account_id: `waba_${sha256Hex(seed.phone_number_id).slice(0, 12)}`,
    business_account_name: "Emulator Business",
    phone_number_name: seed.phone_number,
    account_type: "cloud_api",
    ...seed,
    assigned_agent_id: seed.assigned_agent_id ?? null,
  };
  ws.whatsappAccounts[account.phone_number_id] = account;
  return account;
}

function getAccountOr404(ctx: Ctx): StoredWhatsAppAccount {
  const id = ctx.params.phone_number_id ?? "";
  const a = ctx.ws.whatsappAccounts[id];
  if (!a) throw notFound("whatsapp_account_not_found", `WhatsApp account ${id} not found`);
  return a;
}

/** An account as GET answers it: the agent's name beside its id, the description's defaults filled. */
function accountView(ws: WorkspaceData, a: StoredWhatsAppAccount): JsonObject {
  const agent = a.assigned_agent_id ? ws.agents[a.assigned_agent_id] : undefined;
  return renderObject("live", "GetWhatsAppAccountResponse", {
    ...a,
    assigned_agent_name: agent?.name ?? null,
  } as JsonObject);
}

/** GET /whatsapp-accounts[?agent_id=]: every connected account (of that agent). */
export function listAccounts(ctx: Ctx): Reply {
  const agentId = ctx.query.get("agent_id");
  const items = Object.values(ctx.ws.whatsappAccounts)
    .filter((a) => !agentId || a.assigned_agent_id === agentId)
    .sort((a, b) => a.phone_number_id.localeCompare(b.phone_number_id))
    .map((a) => accountView(ctx.ws, a));
  return { status: 200, json: { items } };
}

/** GET /whatsapp-accounts/{phone_number_id}. */
export function getAccount(ctx: Ctx): Reply {
  return { status: 200, json: accountView(ctx.ws, getAccountOr404(ctx)) };
}

/**
 * PATCH /whatsapp-accounts/{phone_number_id}: `assigned_agent_id` (an agent of the workspace, 404
 * otherwise; null unassigns) and the flags (null leaves one as it is). Answers the account.
 */
export function patchAccount(ctx: Ctx): Reply {
  const b = objectBody(ctx);
  const account = getAccountOr404(ctx);
  if (typeof b.assigned_agent_id === "string") getAgentOr404(ctx, b.assigned_agent_id);
  if (b.assigned_agent_id !== undefined) account.assigned_agent_id = (b.assigned_agent_id as string) ?? null;
  for (const f of FLAGS) if (typeof b[f] === "boolean") account[f] = b[f] as boolean;
  return { status: 200, json: accountView(ctx.ws, account) };
}

/** DELETE /whatsapp-accounts/{phone_number_id}: disconnects the account (204). */
export function deleteAccount(ctx: Ctx): Reply {
  const account = getAccountOr404(ctx);
  delete ctx.ws.whatsappAccounts[account.phone_number_id];
  return { status: 204 };
}

/** The WhatsApp account routes (live). */
export const WHATSAPP_ACCOUNTS: Family = {
  routes: {
    "GET /whatsapp-accounts": listAccounts,
    "GET /whatsapp-accounts/{phone_number_id}": getAccount,
    "PATCH /whatsapp-accounts/{phone_number_id}": patchAccount,
    "DELETE /whatsapp-accounts/{phone_number_id}": deleteAccount,
  },
};
