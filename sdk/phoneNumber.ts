import type * as pulumi from "@pulumi/pulumi";
import { ElevenLabsResource, type ResourceShape } from "./resource";
import type { PhoneNumberArgs, PhoneNumberSipConfig, PhoneNumberTwilioConfig } from "./types";

const SHAPE: ResourceShape = {
  kind: "phoneNumber",
  type: "PhoneNumber",
  outputs: ["phoneNumberId", "assignedAgentId", "agentId"],
  secrets: ["twilioConfig", "sipConfig"],
};

/**
 * A Twilio or SIP-trunk phone number imported into the Agents Platform, optionally answered by an
 * agent.
 *
 * `label` and `agentId` change in place (one PATCH); in the live dialect `sipConfig` too.
 * `provider`, `phoneNumber` and `twilioConfig` (and, legacy, `sipConfig`) cannot be updated through
 * the API: changing them deletes the number and imports it again. `twilioConfig` and `sipConfig` are
 * always stored as secrets, even when the program passes plain strings; the service never returns
 * credentials, so only a change in the program can update them.
 *
 * @example
 * ```ts
 * const cfg = new pulumi.Config();
 * const line = new elevenlabs.PhoneNumber("support-line", {
 *   provider: "twilio", phoneNumber: "+14155550100", label: "Support Line",
 *   twilioConfig: { accountSid: "ACxxx", authToken: cfg.requireSecret("twilioAuthToken") },
 *   agentId: agent.agentId,
 * });
 * ```
 */
export class PhoneNumber extends ElevenLabsResource {
  /** The number's id in the Agents Platform. */
  declare readonly phoneNumberId: pulumi.Output<string>;
  /** The agent the service reports as assigned, if any. */
  declare readonly assignedAgentId: pulumi.Output<string | undefined>;
  /** `twilio` or `sip`. */
  declare readonly provider: pulumi.Output<string>;
  /** The number in E.164 form. */
  declare readonly phoneNumber: pulumi.Output<string>;
  /** Display label. */
  declare readonly label: pulumi.Output<string>;
  /** The declared agent, if any. */
  declare readonly agentId: pulumi.Output<string | undefined>;
  /** Twilio credentials (secret). */
  declare readonly twilioConfig: pulumi.Output<PhoneNumberTwilioConfig | undefined>;
  /** SIP trunk settings (secret). */
  declare readonly sipConfig: pulumi.Output<PhoneNumberSipConfig | undefined>;

  constructor(name: string, args: PhoneNumberArgs, opts?: pulumi.CustomResourceOptions) {
    super(SHAPE, name, { ...args }, opts);
  }
}
