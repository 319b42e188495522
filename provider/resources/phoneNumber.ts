/**
 * PhoneNumber: a Twilio or SIP-trunk number imported into the Agents Platform, optionally assigned
 * to an agent.
 *
 * Order: schemas, wire mapping, the resource (check rules, read, create, refresh, update, delete).
 * API: POST/GET /phone-numbers, GET/PATCH/DELETE /phone-numbers/{phone_number_id}.
 * The label and the assigned agent change in place (one PATCH). The provider, the number and the
 * credentials cannot be updated through the API, so changing them replaces the number (the old
 * one is deleted first: the same number cannot be imported twice).
 * The service never returns credentials, so drift in a secret cannot be seen; a change of the
 * declared value still triggers the replacement.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import type { WirePhoneNumber } from "../../client/endpoints";
import { E164 } from "../../client/validate";
import { fromWire, type PlainObject, toWire } from "../../client/wire";
import { type Mismatch, mismatches } from "../kit/adopt";
import { project } from "../kit/converge";
import { client, defineResource, ifFound, type Outputs, pick } from "../kit/resource";

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

const INPUT_KEYS = ["provider", "phoneNumber", "label", "twilioConfig", "sipConfig", "agentId"] as const;

type Live = z.infer<typeof WirePhoneNumber>;

/** Credentials sit under these paths; messages never show their values. */
const SECRET_PATHS = ["twilioConfig", "sipConfig"] as const;

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
  for (const key of SECRET_PATHS) {
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

/**
 * Adoption (`import`): where the existing number differs from the declaration. The service never
 * returns a Twilio auth token or a SIP password, so they cannot be compared: the declared ones are
 * assumed to be those the service holds (only whether a SIP trunk has credentials is visible, and
 * is compared).
 */
function adoptionMismatches(live: Live, args: PlainObject): Mismatch[] {
  const { agentId, ...rest } = args;
  const found = mismatches(liveArgs(live, args), rest);
  // The assignment is always compared (refresh reports a hand-made one as drift).
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
  return found;
}

/** The credentials block a provider needs, and the one it must not have. */
function credentialRules(args: PlainObject): dynamic.CheckFailure[] {
  const provider = args.provider;
  const want = provider === "twilio" ? "twilioConfig" : provider === "sip" ? "sipConfig" : undefined;
  if (want === undefined) return [];
  const other = want === "twilioConfig" ? "sipConfig" : "twilioConfig";
  const failures: dynamic.CheckFailure[] = [];
  if (args[want] === undefined) {
    failures.push({ property: want, reason: `${want}: required when provider is '${provider}'` });
  }
  if (args[other] !== undefined) {
    failures.push({
      property: other,
      reason: `${other}: only allowed when provider is '${other === "sipConfig" ? "sip" : "twilio"}' (provider is '${provider}')`,
    });
  }
  return failures;
}

// ---------------------------------------------------------------------------------------------
// The resource
// ---------------------------------------------------------------------------------------------

export const phoneNumber = defineResource<Live>({
  kind: "PhoneNumber",
  noun: "phone number",
  schema: PhoneNumberArgsSchema,
  inputKeys: INPUT_KEYS,
  updatable: ["label", "agentId"],
  deleteBeforeReplace: true,
  secretPaths: SECRET_PATHS,

  refine: (args) => ({ failures: credentialRules(args) }),

  read: (id) => ifFound(client().call("getPhoneNumber", { params: { phone_number_id: id } })),

  mismatches: (live, bag) => adoptionMismatches(live, pick(bag, INPUT_KEYS)),

  async create(bag) {
    const args = pick(bag, INPUT_KEYS);
    const api = client();
    const { phone_number_id: id } = await api.call("createPhoneNumber", { json: createBody(args) });
    let assigned: string | undefined;
    if (args.agentId !== undefined) {
      const live = await api.call("updatePhoneNumber", {
        params: { phone_number_id: id },
        json: { agent_id: args.agentId },
      });
      assigned = live.assigned_agent?.agent_id;
    }
    return { id, outs: outputs(id, args, assigned) };
  },

  adopted: (id, bag, live) => outputs(id, pick(bag, INPUT_KEYS), live.assigned_agent?.agent_id),

  refresh(id, live, props) {
    const args = liveArgs(live, pick(props, INPUT_KEYS));
    const shaped: PlainObject = {};
    for (const k of INPUT_KEYS) {
      // agentId is always compared: an assignment made by hand is drift even when none is declared.
      if (args[k] !== undefined && (props[k] !== undefined || k === "agentId")) shaped[k] = args[k];
    }
    return { inputs: shaped, outs: outputs(id, shaped, live.assigned_agent?.agent_id) };
  },

  async update(id, olds, news) {
    const before = pick(olds, INPUT_KEYS);
    const args = pick(news, INPUT_KEYS);
    const patch: PlainObject = {};
    if (args.label !== before.label) patch.label = args.label;
    if (args.agentId !== before.agentId) patch.agent_id = args.agentId ?? null;
    let assigned = olds.assignedAgentId as string | undefined;
    if (Object.keys(patch).length > 0) {
      const live = await client().call("updatePhoneNumber", {
        params: { phone_number_id: id },
        json: patch,
      });
      assigned = live.assigned_agent?.agent_id;
    }
    return outputs(id, args, assigned);
  },

  async delete(id) {
    await client().call("deletePhoneNumber", { params: { phone_number_id: id } });
  },
});
