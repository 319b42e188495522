import type * as pulumi from "@pulumi/pulumi";
import { ElevenLabsResource, type ResourceShape } from "./resource";
import type { SecretArgs } from "./types";

const SHAPE: ResourceShape = { kind: "secret", type: "Secret", outputs: ["secretId"], secrets: ["value"] };

/**
 * A workspace secret (live dialect) that tools refer to by id, e.g. a webhook header
 * `{ secretId: secret.secretId }`. The value is always stored as a Pulumi secret; the API never
 * returns it, so only a change in the program updates it. Name and value change in place.
 *
 * @example
 * ```ts
 * const crmKey = new elevenlabs.Secret("crm-key", { name: "crm-key", value: cfg.requireSecret("crmKey") });
 * ```
 */
export class Secret extends ElevenLabsResource {
  /** The secret's id, for tools' `{ secretId }` references. */
  declare readonly secretId: pulumi.Output<string>;
  /** The secret's name in the workspace. */
  declare readonly name: pulumi.Output<string>;
  /** The value (a secret). */
  declare readonly value: pulumi.Output<string>;

  constructor(name: string, args: SecretArgs, opts?: pulumi.CustomResourceOptions) {
    super(SHAPE, name, { ...args }, opts);
  }
}
