import * as pulumi from "@pulumi/pulumi";
import { splitImport } from "./adopt";
import { dynamicProvider } from "./provider";
import type { PhoneNumberArgs, PhoneNumberSipConfig, PhoneNumberTwilioConfig } from "./types";

/**
 * A Twilio or SIP-trunk phone number imported into the Agents Platform, optionally answered by an
 * agent.
 *
 * `label` and `agentId` change in place (one PATCH). `provider`, `phoneNumber`, `twilioConfig` and
 * `sipConfig` cannot be updated through the API: changing them deletes the number and imports it
 * again. `twilioConfig` and `sipConfig` are always stored as secrets, even when the program passes
 * plain strings; the service never returns credentials, so only a change in the program can
 * update them.
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
export class PhoneNumber extends pulumi.dynamic.Resource {
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
    const secret = <T>(v: pulumi.Input<T> | undefined) => (v === undefined ? undefined : pulumi.secret(v));
    // `import: id` adopts an existing number (see adopt.ts).
    const adopt = splitImport(opts);
    super(
      dynamicProvider("phoneNumber"),
      name,
      {
        phoneNumberId: undefined,
        assignedAgentId: undefined,
        agentId: undefined,
        ...args,
        twilioConfig: secret(args.twilioConfig),
        sipConfig: secret(args.sipConfig),
        ...adopt.inputs,
      },
      {
        ...adopt.opts,
        additionalSecretOutputs: [
          ...(adopt.opts?.additionalSecretOutputs ?? []),
          "twilioConfig",
          "sipConfig",
        ],
      },
      "elevenlabs",
      "PhoneNumber",
    );
  }
}
