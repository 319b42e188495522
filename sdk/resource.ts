/**
 * What the SDK's resource classes share: the serialized provider of their kind, declared outputs,
 * secrets, what the program side does before the provider sees the inputs (local files resolved,
 * credentials kept secret), and adoption of existing objects with the `import` option. The classes
 * themselves are generated from the resources' declarations (`provider/resources/`).
 *
 * The engine's own import cannot serve dynamic resources: its import step reads the object without
 * the program's inputs, and a dynamic provider is only found in those (pulumi/pulumi#3550). So the
 * id travels to the provider as the input `importId`, and the provider's create adopts the existing
 * object (it checks that it matches the declaration and writes nothing) instead of creating one.
 * The engine shows the step as a create; the account sees reads only.
 */
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "./provider";

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
  return hash([organization(), pulumi.getProject(), pulumi.getStack(), type, name]);
}

/**
 * A stable key of this stack: a hash of organization, project and stack. Objects that can carry
 * it (an agent's tags) are listed per stack, so a create's look for an earlier attempt reads one
 * listing page per 100 of the stack's objects, and an object of another stack is told apart.
 */
export function stackKey(): string {
  return hash([organization(), pulumi.getProject(), pulumi.getStack()]);
}

function organization(): string {
  try {
    return pulumi.getOrganization();
  } catch {
    return ""; // older engines have no organization
  }
}

/** The first 16 hex digits of the SHA-256 of the parts joined by `/`. */
function hash(parts: readonly string[]): string {
  return createHash("sha256").update(parts.join("/")).digest("hex").slice(0, 16);
}

/** How a resource class maps onto its provider kind (generated from the resource's declaration). */
export interface ResourceShape {
  /** Provider kind (a key of `handlers` in `pulumi-elevenlabs/provider`). */
  kind: string;
  /** Type name, e.g. `Agent`; the state holds `pulumi-nodejs:dynamic/elevenlabs:Agent`. */
  type: string;
  /**
   * The output that is the object's id (e.g. `agentId`). The class answers it from the resource's
   * id, which an update cannot change: a preview of an update knows it, so resources that refer to
   * it show no change.
   */
  idOutput: string;
  /** Every property the class exposes (inputs and outputs), so that each appears as an output. */
  properties: readonly string[];
  /** Properties that are always stored as secrets, even when passed as plain values. */
  secrets?: readonly string[];
  /** Input properties naming local files, and the input their absolute path travels in. */
  localFiles?: Readonly<Record<string, string>>;
  /**
   * Names of maps that may hold credentials: a top-level property with such a map holding a plain
   * string anywhere inside is stored as a secret as a whole.
   */
  credentialMaps?: readonly string[];
  /** The input naming an environment variable's label: recorded for the resources declared after. */
  envLabel?: string;
  /** The resource may refer to environment variables: it is told the labels declared before it. */
  envReferences?: boolean;
}

/**
 * The environment-variable labels the program has declared so far, in program order (plain
 * strings only): the provider's check of a resource that refers to `{{system__env_<label>}}`
 * reads them (the engine checks resources in no fixed order).
 */
const declaredEnvLabels = new Set<string>();

/** True when a map named in `maps` anywhere in `v` (or `v` itself, named `key`) holds a plain string. */
function holdsPlainCredential(v: unknown, maps: readonly string[], key = ""): boolean {
  if (Array.isArray(v)) return v.some((x) => holdsPlainCredential(x, maps));
  if (typeof v !== "object" || v === null) return false;
  if (maps.includes(key) && Object.values(v).some((x) => typeof x === "string")) return true;
  return Object.entries(v).some(([k, x]) => holdsPlainCredential(x, maps, k));
}

/** The inputs a program passes, after what the program side does (see {@link ResourceShape}). */
function programInputs(shape: ResourceShape, args: Record<string, unknown>): Record<string, unknown> {
  const secrets = shape.secrets ?? [];
  const maps = shape.credentialMaps ?? [];
  const inputs: Record<string, unknown> = Object.fromEntries(shape.properties.map((k) => [k, undefined]));
  for (const [k, v] of Object.entries(args)) {
    if (v === undefined) inputs[k] = v;
    else if (secrets.includes(k)) inputs[k] = pulumi.secret(v);
    else if (maps.length > 0)
      inputs[k] = pulumi
        .output(v)
        .apply((x) => (holdsPlainCredential(x, maps, k) ? pulumi.secret(x) : pulumi.output(x)));
    else inputs[k] = v;
  }
  // Files are read by the provider process, whose working directory is not the program's.
  for (const [k, to] of Object.entries(shape.localFiles ?? {})) {
    const path = args[k];
    inputs[to] = path === undefined ? undefined : pulumi.output(path).apply((p) => resolve(String(p)));
  }
  return inputs;
}

/** A resource of this package: a dynamic resource served by `pulumi-elevenlabs/provider`. */
export abstract class ElevenLabsResource extends pulumi.dynamic.Resource {
  protected constructor(
    shape: ResourceShape,
    name: string,
    args: object,
    opts: pulumi.CustomResourceOptions | undefined,
  ) {
    const adopt = splitImport(opts);
    const secrets = shape.secrets ?? [];
    const options =
      secrets.length === 0
        ? adopt.opts
        : {
            ...adopt.opts,
            additionalSecretOutputs: [...(adopt.opts?.additionalSecretOutputs ?? []), ...secrets],
          };
    const inputs = programInputs(shape, args as Record<string, unknown>);
    inputs.creationKey = creationKey(shape.type, name);
    inputs.stackKey = stackKey();
    const label = shape.envLabel ? (args as Record<string, unknown>)[shape.envLabel] : undefined;
    if (typeof label === "string") declaredEnvLabels.add(label);
    if (shape.envReferences) inputs.envLabelsDeclared = [...declaredEnvLabels];
    super(
      dynamicProvider(shape.kind),
      name,
      { ...inputs, ...adopt.inputs },
      options,
      "elevenlabs",
      shape.type,
    );
    // A dynamic provider cannot tell the engine which outputs an update keeps (no `stables`): a
    // preview of an update knows only the new inputs and the id. The id output is the id.
    Object.defineProperty(this, shape.idOutput, { value: this.id, enumerable: true });
  }
}
