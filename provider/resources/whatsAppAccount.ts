/**
 * WhatsAppAccount: a WhatsApp business number connected to the workspace (live dialect only). An
 * account is connected in the ElevenLabs dashboard (Meta's sign-up), never through the API, so the
 * resource adopts a connected account by its phone number id and manages what the API can change:
 * the agent that answers it and its messaging flags. Destroy unassigns the agent and leaves the
 * account connected, and says so.
 *
 * Order: schemas, wire mapping, find and read, the declaration (create, update, delete).
 * API: GET/PATCH /whatsapp-accounts/{phone_number_id}, GET /whatsapp-accounts. Every change but a
 * new phone number id is one PATCH.
 */
import { z } from "zod";
import type { WireWhatsAppAccount } from "../../client/endpoints";
import { liveShapes } from "../../client/generated/live";
import { isNotFound } from "../../client/http/errors";
import { fromWire, type ObjectShape, type PlainObject } from "../../client/wire";
import { WhatsAppAccountArgsSchema } from "../generated/live";
import { mismatches } from "../kit/adopt";
import { deepEqual, project, prune } from "../kit/converge";
import { type Declaration, type Outputs, pick } from "../kit/declaration";
import { warn } from "../kit/log";
import { client, defineResource, ifFound } from "../kit/resource";

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

const WhatsAppAccountArgs = WhatsAppAccountArgsSchema.extend({
  phoneNumberId: z
    .string()
    .regex(/\S/, "must not be blank")
    .describe(
      "The WhatsApp phone number id of an account already connected to the workspace in the ElevenLabs dashboard (the API cannot connect one). A new id adopts another account.",
    ),
});

const WhatsAppAccountOutputsSchema = z.strictObject({
  accountId: z.string().describe("The account's id: its WhatsApp phone number id."),
  phoneNumber: z.string().describe("The account's phone number."),
  phoneNumberName: z.string().optional().describe("The number's display name on WhatsApp."),
  businessAccountId: z.string().describe("The WhatsApp Business account the number belongs to."),
  businessAccountName: z.string().optional().describe("That business account's name."),
});

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

const SHAPE = liveShapes.WhatsAppAccountArgs as ObjectShape;
/** What the API changes (the phone number id picks the account). */
const SETTINGS = Object.keys(WhatsAppAccountArgsSchema.shape);
const INPUT_KEYS = ["phoneNumberId", ...SETTINGS];

type Remote = z.infer<typeof WireWhatsAppAccount>;

/** A setting's wire name (`assignedAgentId` -> `assigned_agent_id`). */
function toWireKey(camel: string): string {
  return SHAPE.byCamel.get(camel)?.wire ?? camel;
}

/** The account's settings as programs write them. */
function settingsOf(remote: Remote): PlainObject {
  return prune(fromWire(pick(remote, SETTINGS.map(toWireKey)), SHAPE));
}

/** The live values at the declared keys. */
function projected(remote: Remote, declared: PlainObject): PlainObject {
  return {
    phoneNumberId: remote.phone_number_id,
    ...(project(settingsOf(remote), pick(declared, SETTINGS)) as PlainObject),
  };
}

function outputs(remote: Remote, args: PlainObject): Outputs {
  return prune({
    ...args,
    accountId: remote.phone_number_id,
    phoneNumber: remote.phone_number,
    phoneNumberName: remote.phone_number_name ?? undefined,
    businessAccountId: remote.business_account_id,
    businessAccountName: remote.business_account_name ?? undefined,
  });
}

/** The PATCH from `before` to `after`: changed settings; a removed agent unassigned (flags are left as they are). */
function patchOf(before: PlainObject, after: PlainObject): PlainObject | undefined {
  const body: PlainObject = {};
  for (const k of SETTINGS) {
    if (deepEqual(before[k], after[k])) continue;
    if (after[k] !== undefined) body[toWireKey(k)] = after[k];
    else if (k === "assignedAgentId") body.assigned_agent_id = null;
  }
  return Object.keys(body).length > 0 ? body : undefined;
}

const api = () => client();
const get = (id: string) => api().call("getWhatsAppAccount", { params: { phone_number_id: id } });

/** The account, or an error saying it must be connected in the dashboard first. */
async function connected(id: string): Promise<Remote> {
  try {
    return await get(id);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    throw new Error(
      `WhatsAppAccount ${id}: no WhatsApp account with this phone number id is connected to the workspace. Connect it in the ElevenLabs dashboard (Agents Platform, WhatsApp), then run again; the API cannot connect one`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The declaration
// ---------------------------------------------------------------------------------------------

const declaration: Declaration<Remote> = {
  type: "WhatsAppAccount",
  kind: "whatsAppAccount",
  noun: "WhatsApp account",
  description:
    "A WhatsApp business number connected to the workspace (live dialect), answered by an agent. Accounts are connected in the ElevenLabs dashboard, not through the API: the resource adopts a connected account by its phone number id and manages its agent and its messaging flags. Destroy unassigns the agent and leaves the account connected (it says so). A new `phoneNumberId` adopts another account.",
  example: `const agent = new elevenlabs.Agent("support", { name: "Support", conversationConfig: {} });

// Connected in the dashboard first (Agents Platform, WhatsApp); its phone number id is shown there.
new elevenlabs.WhatsAppAccount("support-whatsapp", {
  phoneNumberId: "106540352242922",
  assignedAgentId: agent.agentId,
  enableAudioMessageResponse: false,
});`,
  args: WhatsAppAccountArgs,
  outputs: WhatsAppAccountOutputsSchema,
  replaces: { live: ["phoneNumberId"] },

  live: {
    read: (id) => ifFound(get(id)),

    mismatches: (remote, bag) => {
      const declared = pick(bag, SETTINGS);
      return mismatches(projected(remote, declared), { phoneNumberId: remote.phone_number_id, ...declared });
    },

    where: () => "connected to this workspace (connect it in the ElevenLabs dashboard first)",

    /** Adopts the connected account and sets what the program declares: one PATCH. */
    async create(bag) {
      const args = pick(bag, INPUT_KEYS);
      const id = String(args.phoneNumberId);
      const remote = await connected(id);
      const body = patchOf(settingsOf(remote), pick(args, SETTINGS));
      const after = body
        ? await api().call("updateWhatsAppAccount", { params: { phone_number_id: id }, json: body })
        : remote;
      return { id, outs: outputs(after, args) };
    },

    adopted: (_id, bag, remote) => outputs(remote, pick(bag, INPUT_KEYS)),

    async list(c) {
      const { items } = await c.call("listWhatsAppAccounts");
      return items.map((a) => ({ id: a.phone_number_id, remote: a }));
    },

    asDeclared: (id, remote) => ({
      name: remote.phone_number_name || remote.phone_number || id,
      args: { phoneNumberId: id, ...settingsOf(remote) },
      // It goes with the agent that answers it (`--search` by agent).
      ...(remote.assigned_agent_id ? { owners: [remote.assigned_agent_id] } : {}),
      notes: ["the account stays connected in the dashboard; the resource manages its agent and flags"],
    }),

    project(id, remote, props) {
      const args = projected(remote, pick(props, INPUT_KEYS));
      return { inputs: args, outs: outputs(remote, { ...args, phoneNumberId: id }) };
    },

    async update(id, olds, news) {
      const after = pick(news, INPUT_KEYS);
      const body = patchOf(pick(olds, SETTINGS), pick(after, SETTINGS));
      const remote = body
        ? await api().call("updateWhatsAppAccount", { params: { phone_number_id: id }, json: body })
        : await get(id);
      return outputs(remote, after);
    },

    /** Unassigns the agent (when one is assigned) and leaves the account connected, saying so. */
    async delete(id, props) {
      const remote = await get(id);
      if (remote.assigned_agent_id)
        await api().call("updateWhatsAppAccount", {
          params: { phone_number_id: id },
          json: { assigned_agent_id: null },
        });
      void warn(
        `WhatsAppAccount ${String(props.phoneNumber ?? id)} (${id}): ${remote.assigned_agent_id ? "unassigned from its agent and " : ""}left connected to the workspace; disconnect it in the ElevenLabs dashboard if it should go`,
      );
    },
  },
};

export const whatsAppAccount = defineResource(declaration);
