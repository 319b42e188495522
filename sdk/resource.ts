/**
 * What the SDK's resource classes share: the serialized provider of their kind, declared outputs,
 * secrets, and adoption of existing objects with the `import` option.
 *
 * The engine's own import cannot serve dynamic resources: its import step reads the object without
 * the program's inputs, and a dynamic provider is only found in those (pulumi/pulumi#3550). So the
 * id travels to the provider as the input `importId`, and the provider's create adopts the existing
 * object (it checks that it matches the declaration and writes nothing) instead of creating one.
 * The engine shows the step as a create; the account sees reads only.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider, type ResourceKind } from "./provider";

/** Takes the `import` resource option off a resource's options, for the provider to adopt the object. */
export function splitImport(opts: pulumi.CustomResourceOptions | undefined): {
  opts: pulumi.CustomResourceOptions | undefined;
  inputs: { importId?: pulumi.ID };
} {
  if (opts?.import === undefined) return { opts, inputs: {} };
  const { import: importId, ...rest } = opts;
  return { opts: rest, inputs: { importId } };
}

/**
 * A stable key of this resource in this stack: a hash of organization, project, stack, type and
 * name. The provider stores it where the service keeps it (an agent's tags) and looks for it
 * before creating, so that a create whose answer was lost, or an `up` that was killed, never makes
 * a second object. It never changes a diff.
 */
export function creationKey(type: string, name: string): string {
  let organization = "";
  try {
    organization = pulumi.getOrganization();
  } catch {
    // older engines have no organization
  }
  const id = [organization, pulumi.getProject(), pulumi.getStack(), type, name].join("/");
  return createHash("sha256").update(id).digest("hex").slice(0, 16);
}

/** How a resource class maps onto its provider kind. */
export interface ResourceShape {
  /** Provider kind (a key of `handlers` in `pulumi-elevenlabs/provider`). */
  kind: ResourceKind;
  /** Type name, e.g. `Agent`; the state holds `pulumi-nodejs:dynamic/elevenlabs:Agent`. */
  type: string;
  /** Output-only properties: declared so that the class exposes them. */
  outputs: readonly string[];
  /** Properties that are always stored as secrets, even when passed as plain values. */
  secrets?: readonly string[];
}

/** A resource of this package: a dynamic resource served by `pulumi-elevenlabs/provider`. */
export abstract class ElevenLabsResource extends pulumi.dynamic.Resource {
  protected constructor(
    shape: ResourceShape,
    name: string,
    props: Record<string, unknown>,
    opts: pulumi.CustomResourceOptions | undefined,
  ) {
    const adopt = splitImport(opts);
    const secrets = shape.secrets ?? [];
    const inputs: Record<string, unknown> = Object.fromEntries(shape.outputs.map((k) => [k, undefined]));
    for (const [k, v] of Object.entries(props)) {
      inputs[k] = v !== undefined && secrets.includes(k) ? pulumi.secret(v) : v;
    }
    const options =
      secrets.length === 0
        ? adopt.opts
        : {
            ...adopt.opts,
            additionalSecretOutputs: [...(adopt.opts?.additionalSecretOutputs ?? []), ...secrets],
          };
    inputs.creationKey = creationKey(shape.type, name);
    super(
      dynamicProvider(shape.kind),
      name,
      { ...inputs, ...adopt.inputs },
      options,
      "elevenlabs",
      shape.type,
    );
  }
}
