/**
 * Every resource kind as a program declares it, for tests that build programs from data: the SDK's
 * Agent, KnowledgeDocument and PhoneNumber, and Tool and Secret classes over the same base (the SDK
 * has no classes for them yet; the provider serves them as `tool` and `secret`).
 */
import * as pulumi from "@pulumi/pulumi";
import { Agent, KnowledgeDocument, PhoneNumber } from "../../sdk";
import { ElevenLabsResource } from "../../sdk/resource";
import type { AgentArgs, KnowledgeDocumentArgs, PhoneNumberArgs } from "../../sdk/types";

/** Resource type names, as programs and the engine write them. */
export const KINDS = ["Agent", "KnowledgeDocument", "PhoneNumber", "Tool", "Secret"] as const;
export type Kind = (typeof KINDS)[number];

/** Inputs as plain data (what tests generate); `declare` hands them to the resource as they are. */
export type Args = Record<string, unknown>;

/** A workspace tool (live dialect), as the provider's `tool` kind serves it. */
export class Tool extends ElevenLabsResource {
  /** The tool's id. */
  declare readonly toolId: pulumi.Output<string>;
  constructor(name: string, args: Args, opts?: pulumi.CustomResourceOptions) {
    super({ kind: "tool", type: "Tool", outputs: ["toolId"] }, name, args, opts);
  }
}

/** A workspace secret (live dialect); `value` is always stored as a secret, like the SDK's credentials. */
export class Secret extends ElevenLabsResource {
  /** The secret's id. */
  declare readonly secretId: pulumi.Output<string>;
  constructor(name: string, args: Args, opts?: pulumi.CustomResourceOptions) {
    super({ kind: "secret", type: "Secret", outputs: ["secretId"], secrets: ["value"] }, name, args, opts);
  }
}

/**
 * Declares a resource of `kind` with `args` exactly as given (wrong types and unknown properties
 * included: the provider's check is what judges them). Returns the resource.
 */
export function declare(
  kind: Kind,
  name: string,
  args: Args,
  opts?: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  switch (kind) {
    case "Agent":
      return new Agent(name, args as unknown as AgentArgs, opts);
    case "KnowledgeDocument":
      return new KnowledgeDocument(name, args as unknown as KnowledgeDocumentArgs, opts);
    case "PhoneNumber":
      return new PhoneNumber(name, args as unknown as PhoneNumberArgs, opts);
    case "Tool":
      return new Tool(name, args, opts);
    case "Secret":
      return new Secret(name, args, opts);
  }
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
