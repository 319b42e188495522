/**
 * The provider side of pulumi-elevenlabs: loaded by the serialized dynamic providers (see
 * `sdk/provider.ts`) inside the engine's provider process, and usable on its own as a typed client.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { configKeys, setStackConfig } from "./client/settings";
import type { ResourceHandler } from "./resource";
import { agent } from "./resources/agent";
import { knowledgeDocument } from "./resources/knowledgeDocument";
import { phoneNumber } from "./resources/phoneNumber";

export * from "./api";
export * from "./client/client";
export * from "./client/errors";
export { routes } from "./client/routes";
export { configKeys, DEFAULT_BASE_URL, resolveSettings } from "./client/settings";

/** Resource handlers by kind; the kind is what a serialized provider captures. */
export const handlers = {
  agent,
  knowledgeDocument,
  phoneNumber,
} satisfies Record<string, ResourceHandler>;

export type ResourceKind = keyof typeof handlers;

/** Receives stack config from the engine (secrets already unwrapped); nothing is persisted. */
export function configure(req: dynamic.ConfigureRequest): void {
  const values: Record<string, string | undefined> = {};
  for (const key of Object.values(configKeys)) values[key] = req.config.get(key);
  setStackConfig(values);
}
