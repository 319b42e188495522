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
import { RESOURCES } from "./resources";

export * from "../client";
export { RESOURCES };

/** Resource handlers by kind; the kind is what a serialized provider captures. */
export const handlers: Readonly<Record<string, ResourceHandler>> = Object.fromEntries(
  RESOURCES.map((r) => [r.kind, r.handler]),
);

/** Receives stack config from the engine (secrets already unwrapped); nothing is persisted. */
export function configure(req: dynamic.ConfigureRequest): void {
  const values: Record<string, string | undefined> = {};
  for (const key of Object.values(configKeys)) values[key] = req.config.get(key);
  setStackConfig(values);
}
