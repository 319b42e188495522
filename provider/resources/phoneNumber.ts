/**
 * PhoneNumber: a Twilio or SIP-trunk number imported into the Agents Platform, optionally assigned
 * to an agent.
 *
 * Order: schemas, wire mapping, the resource per dialect (check rules, read, create, refresh,
 * update, delete).
 * API: POST/GET /phone-numbers, GET/PATCH/DELETE /phone-numbers/{phone_number_id}, in both dialects;
 * the bodies differ. Live: Twilio credentials are `sid`/`token`, a SIP number is a `sip_trunk` with
 * an `outbound_trunk_config`, the assignment travels with the import (one request), and the SIP
 * trunk settings change in place. Legacy: `twilio_config`/`sip_config`, the assignment is a second
 * request, and SIP settings replace the number.
 * The label and the assigned agent change in place. The provider, the number and the Twilio
 * credentials cannot be updated through the API, so changing them replaces the number (the old one
 * is deleted first: the same number cannot be imported twice).
 * The service never returns credentials, so drift in a secret cannot be seen; a change of the
 * declared value still triggers the update or replacement.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import type { WirePhoneNumber } from "../../client/endpoints";
import type { ElevenLabsClient } from "../../client/http/client";
import { E164 } from "../../client/validate";
import { fromWire, isPlainObject, type PlainObject, toWire } from "../../client/wire";
import { type Mismatch, mismatches } from "../kit/adopt";
import { project } from "../kit/converge";
import {
  type AsDeclared,
  type Behaviour,
  type Declaration,
  type Outputs,
  pick,
  type Unreadable,
} from "../kit/declaration";
import { listing, madeHere } from "../kit/lookup";
import { client, defineResource, ifFound } from "../kit/resource";

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

const TwilioConfigSchema = z
  .strictObject({
    accountSid: z.string().regex(/\S/, "must not be blank").describe("Twilio account SID (`AC…`)."),
    authToken: z
      .string()
      .regex(/\S/, "must not be blank")
      .meta({ description: "Twilio auth token. Always stored as a secret.", secret: true }),
  })
  .meta({
    id: "PhoneNumberTwilioConfig",
    description: "Credentials of the Twilio account that owns the number.",
  });

const SIP_TRANSPORTS = ["udp", "tcp", "tls"] as const;

const sipConfigOf = (transports: readonly [string, ...string[]]) =>
  z
    .strictObject({
      address: z
        .string()
        .regex(/\S/, "must not be blank")
        .describe("Address of the SIP trunk, e.g. `sip.provider.com`."),
      transport: z
        .enum(transports)
        .describe("SIP transport: `udp`, `tcp`, `tls` or `auto` (the service's default)."),
      username: z
        .string()
        .regex(/\S/, "must not be blank")
        .optional()
        .describe("Digest-auth username for the trunk."),
      password: z.string().min(1).optional().meta({
        description: "Digest-auth password for the trunk. Always stored as a secret.",
        secret: true,
      }),
    })
    .meta({
      id: "PhoneNumberSipConfig",
      description: "How to reach the SIP trunk that carries the number (live: its outbound trunk).",
    });

const argsOf = (sip: z.ZodType) =>
  z.strictObject({
    provider: z.enum(["twilio", "sip"]).describe("Where the number lives: `twilio` or `sip` (a SIP trunk)."),
    phoneNumber: z
      .string()
      .regex(E164, "must be in E.164 form, e.g. +14155550123")
      .describe("The number in E.164 form, e.g. `+14155550123`."),
    label: z.string().regex(/\S/, "must not be empty").describe("Display label of the number."),
    twilioConfig: TwilioConfigSchema.optional().meta({
      description: "Twilio credentials; required when `provider` is `twilio`.",
      secret: true,
    }),
    sipConfig: sip.optional().meta({
      description: "SIP trunk settings; required when `provider` is `sip`.",
      secret: true,
    }),
    agentId: z
      .string()
      .regex(/\S/, "must not be blank")
      .optional()
      .describe("Agent that answers calls to this number. Leave out to keep the number unassigned."),
  });

/**
 * Inputs in the live dialect: the SIP transport may also be `auto`, and the assigned agent's
 * branch and environment can be chosen.
 */
const PhoneNumberArgsSchema = argsOf(sipConfigOf([...SIP_TRANSPORTS, "auto"])).extend({
  branchId: z
    .string()
    .regex(/\S/, "must not be blank")
    .optional()
    .describe(
      "Live dialect: the branch of the assigned agent (`AgentBranch.branchId`) that answers calls to the number, whatever the agent's traffic split says. Needs `agentId`.",
    ),
  environment: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, "must be an environment name: lower-case letters, digits, _ and -")
    .optional()
    .describe(
      "Live dialect: the environment whose `EnvironmentVariable` values calls to the number use, e.g. `staging` (the service's default: `production`). Needs `agentId`.",
    ),
});
/** Inputs in the legacy dialect. */
const LegacyArgsSchema = argsOf(sipConfigOf(SIP_TRANSPORTS));

const PhoneNumberOutputsSchema = z.strictObject({
  phoneNumberId: z.string().describe("The number's id in the Agents Platform."),
  assignedAgentId: z.string().optional().describe("The agent the service reports as assigned, if any."),
});

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

const INPUT_KEYS = [
  "provider",
  "phoneNumber",
  "label",
  "twilioConfig",
  "sipConfig",
  "agentId",
  "branchId",
  "environment",
] as const;

type Remote = z.infer<typeof WirePhoneNumber>;

/** The provider as programs name it: the live API's `sip_trunk` is `sip`. */
function providerOf(live: Remote): string {
  return live.provider === "sip_trunk" ? "sip" : live.provider;
}

/** What either dialect's answer says of the trunk, as programs name it; never a secret. */
function sipView(live: Remote): PlainObject | undefined {
  const t = live.sip_config ?? live.outbound_trunk;
  return t ? { address: t.address, transport: t.transport, username: t.username ?? undefined } : undefined;
}

/** Whether the trunk has credentials, where the answer says. */
function sipHasCredentials(live: Remote): boolean | undefined {
  return live.sip_config?.has_credentials ?? live.outbound_trunk?.has_auth_credentials ?? undefined;
}

/** Live number -> declared shape. Secrets are never returned, so the declared ones are kept. */
function liveArgs(live: Remote, props: PlainObject): PlainObject {
  const args: PlainObject = {
    provider: providerOf(live),
    phoneNumber: live.phone_number,
    label: live.label ?? undefined,
    agentId: live.assigned_agent?.agent_id,
    branchId: live.assigned_agent?.branch_id ?? undefined,
    environment: live.assigned_agent?.environment ?? undefined,
  };
  const twilio = props.twilioConfig as PlainObject | undefined;
  if (twilio) {
    const sid = live.twilio_config?.account_sid;
    // The live dialect never answers the account SID: the declared one is kept.
    args.twilioConfig = { accountSid: sid ?? twilio.accountSid, authToken: twilio.authToken };
  }
  const sip = props.sipConfig as PlainObject | undefined;
  if (sip) {
    const seen = project(sipView(live) ?? {}, sip) as PlainObject;
    args.sipConfig = { ...seen, ...(sip.password ? { password: sip.password } : {}) };
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
function adoptionMismatches(live: Remote, args: PlainObject): Mismatch[] {
  const { agentId, ...rest } = args;
  const found = mismatches(liveArgs(live, args), rest);
  // The assignment is always compared (refresh reports a hand-made one as drift).
  const assigned = live.assigned_agent?.agent_id;
  if (assigned !== agentId) found.push({ path: "agentId", live: assigned, declared: agentId });
  const hasCredentials = sipHasCredentials(live);
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
function credentialRules(args: PlainObject): { failures: dynamic.CheckFailure[] } {
  const provider = args.provider;
  const want = provider === "twilio" ? "twilioConfig" : provider === "sip" ? "sipConfig" : undefined;
  if (want === undefined) return { failures: [] };
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
  return { failures };
}

/**
 * Live: trunk credentials are a username with an optional password, never a password alone; a
 * branch or an environment belongs to the assigned agent.
 */
function liveCredentialRules(args: PlainObject): { failures: dynamic.CheckFailure[] } {
  const { failures } = credentialRules(args);
  for (const k of ["branchId", "environment"] as const) {
    if (args[k] !== undefined && args.agentId === undefined)
      failures.push({
        property: k,
        reason: `${k}: only with agentId (it chooses how the assigned agent answers the number); set agentId, or remove ${k}`,
      });
  }
  const sip = args.sipConfig as PlainObject | undefined;
  if (sip && sip.password !== undefined && sip.username === undefined) {
    failures.push({
      property: "sipConfig.username",
      reason:
        "sipConfig.username: required with sipConfig.password (the trunk's credentials are a username and a password)",
    });
  }
  return { failures };
}

/** The live dialect's outbound trunk: address, transport and digest credentials. */
function outboundTrunk(sip: PlainObject): PlainObject {
  const trunk: PlainObject = { address: sip.address, transport: sip.transport };
  if (sip.username !== undefined) {
    trunk.credentials = {
      username: sip.username,
      ...(sip.password !== undefined ? { password: sip.password } : {}),
    };
  }
  return trunk;
}

/**
 * Changes in place what diff allowed: one PATCH of the label and the assignment, and (live) the
 * outbound trunk.
 */
function updateInPlace(trunk: boolean): Behaviour<Remote>["update"] {
  return async (id, olds, news) => {
    const args = pick(news, INPUT_KEYS);
    const patch = patchOf(pick(olds, INPUT_KEYS), args, trunk);
    let assigned = olds.assignedAgentId as string | undefined;
    if (Object.keys(patch).length > 0) {
      const found = await client().call("updatePhoneNumber", {
        params: { phone_number_id: id },
        json: patch,
      });
      assigned = found.assigned_agent?.agent_id;
    }
    return outputs(id, args, assigned);
  };
}

/** The PATCH body of what changed in place: label and assignment (and, live, the trunk). */
function patchOf(before: PlainObject, after: PlainObject, trunk: boolean): PlainObject {
  const patch: PlainObject = {};
  if (after.label !== before.label) patch.label = after.label;
  if (after.agentId !== before.agentId) patch.agent_id = after.agentId ?? null;
  // Live: which branch answers, and with which environment's variables (legacy numbers have neither).
  if (after.branchId !== before.branchId) patch.branch_id = after.branchId ?? null;
  if (after.environment !== before.environment) patch.environment = after.environment ?? null;
  if (
    trunk &&
    after.sipConfig !== undefined &&
    JSON.stringify(after.sipConfig) !== JSON.stringify(before.sipConfig)
  ) {
    patch.outbound_trunk_config = outboundTrunk(after.sipConfig as PlainObject);
  }
  return patch;
}

// ---------------------------------------------------------------------------------------------
// As a program would declare it (export, import)
// ---------------------------------------------------------------------------------------------

/** Every number of the workspace, each read whole, oldest first. */
async function listNumbers(api: ElevenLabsClient): Promise<{ id: string; remote: Remote }[]> {
  const found: { id: string; remote: Remote }[] = [];
  for (const listed of [...(await api.call("listPhoneNumbers"))].reverse()) {
    const id = listed.phone_number_id;
    const remote = await ifFound(api.call("getPhoneNumber", { params: { phone_number_id: id } }));
    if (remote) found.push({ id, remote });
  }
  return found;
}

/** The live SIP trunk's settings as programs name them: the outbound trunk, and an inbound one. */
function trunkArgs(w: PlainObject): PlainObject {
  const out: PlainObject = {};
  if (isPlainObject(w.outbound_trunk)) {
    const { has_auth_credentials: _readOnly, ...trunk } = w.outbound_trunk;
    out.sipConfig = fromWire(trunk);
  }
  // The resource has no inbound trunk: the export names what it leaves out.
  if (w.inbound_trunk !== undefined) out.inboundTrunk = fromWire(w.inbound_trunk);
  return out;
}

/** A number as a program would declare it; credentials come from config (the API never returns them). */
function asDeclared(_id: string, live: Remote): AsDeclared {
  const label = live.label ?? live.phone_number;
  const provider = providerOf(live);
  if (provider !== "twilio" && provider !== "sip") {
    return {
      name: label,
      args: undefined,
      warnings: [`left out (provider '${live.provider}', which the PhoneNumber resource cannot declare)`],
    };
  }
  const args: PlainObject = { provider, phoneNumber: live.phone_number, label };
  const unreadable: Unreadable[] = [];
  let settings: AsDeclared["settings"];
  if (provider === "twilio") {
    const sid = live.twilio_config?.account_sid ?? undefined;
    // Keys in the order programs write them; the export fills the unreadable ones from config.
    args.twilioConfig = { accountSid: sid, authToken: undefined };
    unreadable.push({
      path: "twilioConfig.authToken",
      key: "TwilioAuthToken",
      secret: true,
      note: "the Twilio auth token is never returned: pulumi config set --secret {key} <token>",
    });
    if (sid === undefined)
      unreadable.push({
        path: "twilioConfig.accountSid",
        key: "TwilioAccountSid",
        secret: false,
        note: "the live API does not return the account SID: pulumi config set {key} <AC…>",
      });
  } else {
    const trunk = sipView(live) ?? {};
    const conf: PlainObject = { address: trunk.address ?? "", transport: trunk.transport ?? "auto" };
    if (trunk.username) conf.username = trunk.username;
    args.sipConfig = conf;
    if (sipHasCredentials(live))
      unreadable.push({
        path: "sipConfig.password",
        key: "SipPassword",
        secret: true,
        note: "the SIP password is never returned: pulumi config set --secret {key} <password>",
      });
    // The live trunk has more settings than the resource: the export names those it leaves out.
    if (live.provider === "sip_trunk") {
      const base = { ...args };
      delete base.sipConfig;
      settings = {
        wire: live as PlainObject,
        answer: "GetPhoneNumberSIPTrunkResponseModel",
        toArgs: (w) => ({ ...base, ...trunkArgs(w) }),
      };
    }
  }
  const assigned = live.assigned_agent?.agent_id;
  if (assigned !== undefined) args.agentId = assigned;
  if (live.assigned_agent?.branch_id) args.branchId = live.assigned_agent.branch_id;
  if (live.assigned_agent?.environment) args.environment = live.assigned_agent.environment;
  return {
    name: label,
    args,
    ...(settings ? { settings } : {}),
    unreadable,
    ...(assigned !== undefined ? { owners: [assigned] } : {}),
    notes: [
      "the provider cannot verify credentials: it assumes the ones you set are those the service holds",
    ],
    warnings: E164.test(live.phone_number)
      ? []
      : [`phoneNumber '${live.phone_number}' is not in E.164 form; fix it in the program`],
  };
}

// ---------------------------------------------------------------------------------------------
// The declaration
// ---------------------------------------------------------------------------------------------

const live: Behaviour<Remote> = {
  refine: liveCredentialRules,

  read: (id) => ifFound(client().call("getPhoneNumber", { params: { phone_number_id: id } })),

  mismatches: (found, bag) => adoptionMismatches(found, pick(bag, INPUT_KEYS)),

  async create(bag) {
    const args = pick(bag, INPUT_KEYS);
    const body: PlainObject = { phone_number: args.phoneNumber, label: args.label };
    if (args.provider === "twilio") {
      const twilio = args.twilioConfig as PlainObject;
      Object.assign(body, { provider: "twilio", sid: twilio.accountSid, token: twilio.authToken });
    } else {
      Object.assign(body, {
        provider: "sip_trunk",
        outbound_trunk_config: outboundTrunk(args.sipConfig as PlainObject),
      });
    }
    if (args.agentId !== undefined) body.agent_id = args.agentId;
    const api = client();
    const { phone_number_id: id } = await api.call("createPhoneNumber", { json: body });
    // The branch and environment are not in the import body: a PATCH sets them.
    const choice = patchOf({}, pick(args, ["branchId", "environment"]), false);
    if (Object.keys(choice).length > 0)
      await api.call("updatePhoneNumber", { params: { phone_number_id: id }, json: choice });
    return { id, outs: outputs(id, args, args.agentId as string | undefined) };
  },

  /**
   * The number itself: a workspace holds a number once (a second import is refused with 409), so a
   * number with the declared E.164 value is the one an earlier attempt imported (or one imported by
   * hand, which the program now manages; its credentials cannot be checked).
   */
  async findOwn(bag, fresh) {
    const numbers = await listing("phone numbers", fresh, () => client().call("listPhoneNumbers"));
    const found = numbers.find((n) => n.phone_number === bag.phoneNumber && !madeHere(n.phone_number_id));
    return found && { id: found.phone_number_id, remote: found };
  },

  adopted: (id, bag, found) => outputs(id, pick(bag, INPUT_KEYS), found.assigned_agent?.agent_id),

  list: listNumbers,
  asDeclared,

  project(id, found, props) {
    const args = liveArgs(found, pick(props, INPUT_KEYS));
    const shaped: PlainObject = {};
    for (const k of INPUT_KEYS) {
      // agentId is always compared: an assignment made by hand is drift even when none is declared.
      if (args[k] !== undefined && (props[k] !== undefined || k === "agentId")) shaped[k] = args[k];
    }
    return { inputs: shaped, outs: outputs(id, shaped, found.assigned_agent?.agent_id) };
  },

  update: updateInPlace(true),

  async delete(id) {
    await client().call("deletePhoneNumber", { params: { phone_number_id: id } });
  },
};

const legacy: Behaviour<Remote> = {
  ...live,
  refine: credentialRules,
  update: updateInPlace(false),

  /** The seed's shape: `twilio_config` / `sip_config` by provider; the assignment is a second request. */
  async create(bag) {
    const args = pick(bag, INPUT_KEYS);
    const { agentId: _assignedLater, ...rest } = args;
    const api = client();
    const { phone_number_id: id } = await api.call("createPhoneNumber", { json: toWire(rest) });
    let assigned: string | undefined;
    if (args.agentId !== undefined) {
      const found = await api.call("updatePhoneNumber", {
        params: { phone_number_id: id },
        json: { agent_id: args.agentId },
      });
      assigned = found.assigned_agent?.agent_id;
    }
    return { id, outs: outputs(id, args, assigned) };
  },
};

const declaration: Declaration<Remote> = {
  type: "PhoneNumber",
  kind: "phoneNumber",
  noun: "phone number",
  description:
    "A Twilio or SIP-trunk phone number imported into the Agents Platform, optionally answered by an agent. Importing a number does not buy one: it must already exist at Twilio or on your trunk. `twilioConfig` and `sipConfig` are always stored as secrets, even when the program passes plain strings; the service never returns credentials, so only a change in the program can update them.",
  example: `const cfg = new pulumi.Config();
const agent = new elevenlabs.Agent("support", { name: "Support Assistant", conversationConfig: {} });

const line = new elevenlabs.PhoneNumber("support-line", {
  provider: "twilio",
  phoneNumber: "+14155550100",
  label: "Support Line",
  twilioConfig: { accountSid: "AC0123456789", authToken: cfg.requireSecret("twilioAuthToken") },
  agentId: agent.agentId,
});

const pbx = new elevenlabs.PhoneNumber("pbx", {
  provider: "sip",
  phoneNumber: "+14155550101",
  label: "PBX Line",
  sipConfig: {
    address: "sip.provider.com",
    transport: "tls",
    username: "user",
    password: cfg.requireSecret("sipPassword"),
  },
});

export const supportLineId = line.phoneNumberId;`,
  args: PhoneNumberArgsSchema,
  legacyArgs: LegacyArgsSchema,
  outputs: PhoneNumberOutputsSchema,
  replaces: {
    live: ["provider", "phoneNumber", "twilioConfig"],
    legacy: ["provider", "phoneNumber", "twilioConfig", "sipConfig"],
  },
  // The same number cannot be imported twice: the old one goes first.
  deleteBeforeReplace: true,
  live,
  legacy,
};

export const phoneNumber = defineResource(declaration);
