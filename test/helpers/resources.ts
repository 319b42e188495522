/**
 * Every resource kind as a program declares it, for tests that build programs from data: the SDK's
 * Agent, KnowledgeDocument, PhoneNumber, Tool and Secret.
 */
import * as pulumi from "@pulumi/pulumi";
import { Agent, KnowledgeDocument, PhoneNumber, Secret, Tool } from "../../sdk";

export { Secret, Tool };

import type {
  AgentArgs,
  KnowledgeDocumentArgs,
  PhoneNumberArgs,
  SecretArgs,
  ToolArgs,
} from "../../sdk/types";

/** Resource type names, as programs and the engine write them. */
export const KINDS = ["Agent", "KnowledgeDocument", "PhoneNumber", "Tool", "Secret"] as const;
export type Kind = (typeof KINDS)[number];

/** Inputs as plain data (what tests generate); `declare` hands them to the resource as they are. */
export type Args = Record<string, unknown>;

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
      return new Tool(name, args as unknown as ToolArgs, opts);
    case "Secret":
      return new Secret(name, args as unknown as SecretArgs, opts);
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
