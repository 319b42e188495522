/**
 * `pulumi-elevenlabs/provider`: what the serialized dynamic providers load (see `sdk/provider.ts`)
 * inside the engine's provider process. Deployed stacks hold `require("pulumi-elevenlabs/provider")`
 * in their state, so `handlers` (by kind) and `configure` are a contract.
 *
 * It also re-exports the API client (`pulumi-elevenlabs/client`), which programs and scripts have
 * always been able to import from here.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { configKeys, setStackConfig } from "../client/http/settings";
import type { ResourceHandler } from "./kit/resource";
import { agent } from "./resources/agent";
import { knowledgeDocument } from "./resources/knowledgeDocument";
import { phoneNumber } from "./resources/phoneNumber";
import { secret } from "./resources/secret";
import { tool } from "./resources/tool";

export * from "../client";

/** Resource handlers by kind; the kind is what a serialized provider captures. */
export const handlers = {
  agent,
  knowledgeDocument,
  phoneNumber,
  tool,
  secret,
} satisfies Record<string, ResourceHandler>;

export type ResourceKind = keyof typeof handlers;

/** Receives stack config from the engine (secrets already unwrapped); nothing is persisted. */
export function configure(req: dynamic.ConfigureRequest): void {
  const values: Record<string, string | undefined> = {};
  for (const key of Object.values(configKeys)) values[key] = req.config.get(key);
  setStackConfig(values);
}
