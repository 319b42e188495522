/**
 * PhoneNumber: a Twilio or SIP-trunk number imported into the Agents Platform, optionally assigned
 * to an agent.
 *
 * Order: schemas, wire mapping, check, diff, create, read, update, delete.
 * API: POST/GET /phone-numbers, GET/PATCH/DELETE /phone-numbers/{phone_number_id}.
 * The label and the assigned agent change in place (one PATCH). The provider, the number and the
 * credentials cannot be updated through the API, so changing them replaces the number (the old
 * one is deleted first: the same number cannot be imported twice).
 * The service never returns credentials, so drift in a secret cannot be seen; a change of the
 * declared value still triggers the replacement.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import {
  IMPORT_KEY,
  importIdOf,
  isNew,
  type Mismatch,
  mismatchError,
  mismatches,
  mismatchFailures,
  missingError,
  replaceWhileImportingError,
} from "../adopt";
import { NO_BODY } from "../client/client";
import { isNotFound } from "../client/errors";
import { changedKeys, containsUnknown, project } from "../converge";
import {
  checkInputs,
  client,
  defineResource,
  type Inputs,
  type Outputs,
  type ResourceHandler,
} from "../resource";
import { fromWire, type PlainObject, toWire } from "../wire";

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

export const E164 = /^\+[1-9]\d{6,14}$/;

export const TwilioConfigSchema = z
  .strictObject({
    accountSid: z.string().min(1).describe("Twilio account SID (`AC…`)."),
    authToken: z
      .string()
      .min(1)
      .meta({ description: "Twilio auth token. Always stored as a secret.", secret: true }),
  })
  .meta({
    id: "PhoneNumberTwilioConfig",
    description: "Credentials of the Twilio account that owns the number.",
  });

export const SipConfigSchema = z
  .strictObject({
    address: z.string().min(1).describe("Address of the SIP trunk, e.g. `sip.provider.com`."),
    transport: z.enum(["udp", "tcp", "tls"]).describe("SIP transport: `udp`, `tcp` or `tls`."),
    username: z.string().min(1).optional().describe("Digest-auth username for the trunk."),
    password: z
      .string()
      .min(1)
      .optional()
      .meta({ description: "Digest-auth password for the trunk. Always stored as a secret.", secret: true }),
  })
  .meta({ id: "PhoneNumberSipConfig", description: "How to reach the SIP trunk that carries the number." });

export const PhoneNumberArgsSchema = z
  .strictObject({
    provider: z.enum(["twilio", "sip"]).describe("Where the number lives: `twilio` or `sip` (a SIP trunk)."),
    phoneNumber: z
      .string()
      .regex(E164, "must be in E.164 form, e.g. +14155550123")
      .describe("The number in E.164 form, e.g. `+14155550123`."),
    label: z.string().regex(/\S/, "must not be empty").describe("Display label of the number."),
    twilioConfig: TwilioConfigSchema.optional().meta({
      description:
        "Twilio credentials; required when `provider` is `twilio`. Changing them replaces the number.",
      secret: true,
    }),
    sipConfig: SipConfigSchema.optional().meta({
      description:
        "SIP trunk settings; required when `provider` is `sip`. Changing them replaces the number.",
      secret: true,
    }),
    agentId: z
      .string()
      .min(1)
      .optional()
      .describe("Agent that answers calls to this number. Leave out to keep the number unassigned."),
  })
  .describe(
    "A Twilio or SIP-trunk phone number imported into the Agents Platform. The label and the assigned agent change in place; the provider, the number and the credentials replace it.",
  );

export const PhoneNumberOutputsSchema = z.strictObject({
  phoneNumberId: z.string().describe("The number's id in the Agents Platform."),
  assignedAgentId: z.string().optional().describe("The agent the service reports as assigned, if any."),
});

export const phoneNumberReplaceOnChanges: readonly string[] = [
  "provider",
  "phoneNumber",
  "twilioConfig",
  "sipConfig",
];
const IN_PLACE = ["label", "agentId"] as const;
const INPUT_KEYS = ["provider", "phoneNumber", "label", "twilioConfig", "sipConfig", "agentId"] as const;

const Created = z.looseObject({ phone_number_id: z.string().min(1) });
/** A number as the API answers it: never with credentials (also read by elevenlabs-export). */
export const LiveNumber = z.looseObject({
  phone_number_id: z.string(),
  phone_number: z.string(),
  label: z.string().nullish(),
  provider: z.string(),
  assigned_agent: z.looseObject({ agent_id: z.string() }).nullish(),
  twilio_config: z.looseObject({ account_sid: z.string().nullish() }).nullish(),
  sip_config: z
    .looseObject({
      address: z.string().nullish(),
      transport: z.string().nullish(),
      username: z.string().nullish(),
      has_credentials: z.boolean().nullish(),
    })
    .nullish(),
});
type Live = z.infer<typeof LiveNumber>;

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

function declared(bag: PlainObject): PlainObject {
  const out: PlainObject = {};
  for (const k of INPUT_KEYS) if (bag[k] !== undefined) out[k] = bag[k];
  return out;
}

/** Create body: the seed's shape, `twilio_config` / `sip_config` by provider. */
function createBody(args: PlainObject): PlainObject {
  const { agentId: _assignedLater, ...rest } = args;
  return toWire(rest);
}

/** Live number -> declared shape. Secrets are never returned, so the declared ones are kept. */
function liveArgs(live: Live, props: PlainObject): PlainObject {
  const args: PlainObject = {
    provider: live.provider,
    phoneNumber: live.phone_number,
    label: live.label ?? undefined,
    agentId: live.assigned_agent?.agent_id,
  };
  for (const key of ["twilioConfig", "sipConfig"] as const) {
    const mine = props[key] as PlainObject | undefined;
    if (!mine) continue;
    const wire = live[key === "twilioConfig" ? "twilio_config" : "sip_config"];
    const seen = project(fromWire(wire ?? {}), mine) as PlainObject;
    // Carry over what the API never echoes (the secret itself).
    args[key] = {
      ...seen,
      ...(mine.authToken ? { authToken: mine.authToken } : {}),
      ...(mine.password ? { password: mine.password } : {}),
    };
  }
  return args;
}

function outputs(id: string, args: PlainObject, assigned: string | undefined): Outputs {
  return { ...args, phoneNumberId: id, assignedAgentId: assigned };
}

async function getLive(id: string): Promise<Live | undefined> {
  try {
    return await client().call("getPhoneNumber", { params: { phone_number_id: id } }, LiveNumber);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Credentials sit under these paths; mismatch messages never show their values. */
const SECRET_PATHS = ["twilioConfig", "sipConfig"] as const;

/**
 * Adoption (`import`): where the existing number differs from the declaration; undefined if absent.
 * The service never returns a Twilio auth token or a SIP password, so they cannot be compared: the
 * declared ones are assumed to be those the service holds (only whether a SIP trunk has credentials
 * is visible, and is compared).
 */
async function adoptionMismatches(
  id: string,
  args: PlainObject,
): Promise<{ live: Live; found: Mismatch[] } | undefined> {
  const live = await getLive(id);
  if (!live) return undefined;
  const { agentId, ...rest } = args;
  const found = mismatches(liveArgs(live, args), rest);
  // The assignment is always compared (read() reports a hand-made one as drift).
  const assigned = live.assigned_agent?.agent_id;
  if (assigned !== agentId) found.push({ path: "agentId", live: assigned, declared: agentId });
  const hasCredentials = live.sip_config?.has_credentials;
  const sip = args.sipConfig as PlainObject | undefined;
  if (sip && typeof hasCredentials === "boolean" && hasCredentials !== (sip.password !== undefined)) {
    found.push({
      path: "sipConfig.password",
      live: undefined,
      declared: undefined,
      note: hasCredentials
        ? "the trunk has credentials in the account; declare sipConfig.password (as a secret)"
        : "the trunk has no credentials in the account; remove sipConfig.password",
    });
  }
  return { live, found };
}

// ---------------------------------------------------------------------------------------------
// CRUD
// ---------------------------------------------------------------------------------------------

export const phoneNumber: ResourceHandler = defineResource({
  async check(olds: Inputs, news: Inputs): Promise<dynamic.CheckResult> {
    const args = declared(news);
    const result = checkInputs(PhoneNumberArgsSchema, args);
    const failures = [...(result.failures ?? [])];
    const provider = args.provider;
    const want = provider === "twilio" ? "twilioConfig" : provider === "sip" ? "sipConfig" : undefined;
    const other = want === "twilioConfig" ? "sipConfig" : want === "sipConfig" ? "twilioConfig" : undefined;
    if (want && args[want] === undefined) {
      failures.push({ property: want, reason: `${want}: required when provider is '${provider}'` });
    }
    if (other && args[other] !== undefined) {
      failures.push({
        property: other,
        reason: `${other}: only allowed when provider is '${other === "sipConfig" ? "sip" : "twilio"}' (provider is '${provider}')`,
      });
    }
    // Adoption: compare with the existing number at preview, once, before it is in the state.
    const importId = importIdOf(news);
    if (importId !== undefined && failures.length === 0 && isNew(olds) && !containsUnknown(args)) {
      const adopted = await adoptionMismatches(importId, args);
      if (adopted === undefined)
        failures.push({
          property: IMPORT_KEY,
          reason: missingError("PhoneNumber", "phone number", importId).message,
        });
      else failures.push(...mismatchFailures("phone number", importId, adopted.found, SECRET_PATHS));
    }
    return failures.length > 0 ? { inputs: news, failures } : { inputs: news };
  },

  async diff(id: string, olds: Outputs, news: Inputs): Promise<dynamic.DiffResult> {
    const changed = changedKeys(declared(olds), declared(news), INPUT_KEYS, true);
    const replaces = changed.filter((k) => !(IN_PLACE as readonly string[]).includes(k));
    const importId = importIdOf(news);
    // Still adopting this very number: the old one would be deleted, then adopted again (and gone).
    if (importId === id && replaces.length > 0) throw replaceWhileImportingError("PhoneNumber", id, replaces);
    // Adopting another existing number in place of this one (native import's semantics).
    if (importId !== undefined && importId !== id) replaces.push(IMPORT_KEY);
    // The same number cannot be imported twice, so the old one goes first.
    return {
      changes: changed.length > 0 || replaces.length > 0,
      replaces,
      deleteBeforeReplace: replaces.length > 0,
    };
  },

  async create(inputs: Inputs): Promise<dynamic.CreateResult> {
    const args = declared(inputs);
    const importId = importIdOf(inputs);
    if (importId !== undefined) {
      // Adopt the existing number: no write, only a check that it is what the program declares.
      const adopted = await adoptionMismatches(importId, args);
      if (adopted === undefined) throw missingError("PhoneNumber", "phone number", importId);
      if (adopted.found.length > 0)
        throw mismatchError("PhoneNumber", "phone number", importId, adopted.found, SECRET_PATHS);
      return { id: importId, outs: outputs(importId, args, adopted.live.assigned_agent?.agent_id) };
    }
    const api = client();
    const { phone_number_id: id } = await api.call("createPhoneNumber", { json: createBody(args) }, Created);
    let assigned: string | undefined;
    if (args.agentId !== undefined) {
      const live = await api.call(
        "updatePhoneNumber",
        { params: { phone_number_id: id }, json: { agent_id: args.agentId } },
        LiveNumber,
      );
      assigned = live.assigned_agent?.agent_id;
    }
    return { id, outs: outputs(id, args, assigned) };
  },

  async read(id: string, props: Outputs): Promise<dynamic.ReadResult> {
    const live = await getLive(id);
    if (!live) return {};
    const args = liveArgs(live, declared(props));
    const shaped: PlainObject = {};
    for (const k of INPUT_KEYS) {
      // agentId is always compared: an assignment made by hand is drift even when none is declared.
      if (args[k] !== undefined && (props[k] !== undefined || k === "agentId")) shaped[k] = args[k];
    }
    return { id, props: outputs(id, shaped, live.assigned_agent?.agent_id), inputs: shaped };
  },

  async update(id: string, olds: Outputs, news: Inputs): Promise<dynamic.UpdateResult> {
    const before = declared(olds);
    const args = declared(news);
    const patch: PlainObject = {};
    if (args.label !== before.label) patch.label = args.label;
    if (args.agentId !== before.agentId) patch.agent_id = args.agentId ?? null;
    let assigned = olds.assignedAgentId as string | undefined;
    if (Object.keys(patch).length > 0) {
      const live = await client().call(
        "updatePhoneNumber",
        { params: { phone_number_id: id }, json: patch },
        LiveNumber,
      );
      assigned = live.assigned_agent?.agent_id;
    }
    return { outs: outputs(id, args, assigned) };
  },

  async delete(id: string): Promise<void> {
    try {
      await client().call("deletePhoneNumber", { params: { phone_number_id: id } }, NO_BODY);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  },
});
