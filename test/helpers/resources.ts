/**
 * Every resource kind as a program declares it, for tests that build programs from data: the SDK
 * class of each declaration in `provider/resources/index.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { RESOURCES } from "../../provider/resources";
import * as sdk from "../../sdk";

export { Secret, Tool } from "../../sdk";

/** Resource type names, as programs and the engine write them (the declarations' order). */
export const KINDS = RESOURCES.map((r) => r.type);
/** A resource type name, e.g. `Agent` (one of {@link KINDS}). */
export type Kind = string;

/** Inputs as plain data (what tests generate); `declare` hands them to the resource as they are. */
export type Args = Record<string, unknown>;

type ResourceClass = new (
  name: string,
  args: never,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

/**
 * Declares a resource of `kind` with `args` exactly as given (wrong types and unknown properties
 * included: the provider's check is what judges them). Returns the resource.
 */
export function declare(
  kind: string,
  name: string,
  args: Args,
  opts?: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  const cls = (sdk as unknown as Record<string, ResourceClass | undefined>)[kind];
  if (cls === undefined || !KINDS.includes(kind)) throw new Error(`no resource class ${kind}`);
  return new cls(name, args as never, opts);
}

/**
 * `args` with the values at `paths` (dotted, e.g. `toolConfig.apiSchema.requestHeaders.Authorization`)
 * wrapped in `pulumi.secret`, where they exist: how a program passes a credential from config.
 */
export function withSecrets(args: Args, paths: readonly string[]): Args {
  const wrap = (v: unknown, rest: readonly string[]): unknown => {
    if (rest.length === 0) return v === undefined ? v : pulumi.secret(v);
    if (typeof v !== "object" || v === null || Array.isArray(v)) return v;
    const [head, ...tail] = rest as [string, ...string[]];
    const obj = v as Args;
    return head in obj ? { ...obj, [head]: wrap(obj[head], tail) } : obj;
  };
  return paths.reduce((acc, p) => wrap(acc, p.split(".")) as Args, args);
}
