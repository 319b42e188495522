/** The emulator's options with their defaults applied and checked. */
import type { ResolvedOptions } from "./context";
import { MiB } from "./http";
import { DIALECTS } from "./openapi";
import { DEFAULT_API_KEY, type EmulatorOptions } from "./types";

/** EmulatorOptions with their defaults; throws on an invalid option. */
export function resolveOptions(opts: EmulatorOptions = {}): ResolvedOptions {
  const apiKeys = opts.apiKeys && opts.apiKeys.length > 0 ? [...opts.apiKeys] : [];
  const readOnlyApiKeys = [...(opts.readOnlyApiKeys ?? [])];
  if (apiKeys.length === 0 && readOnlyApiKeys.length === 0) apiKeys.push(DEFAULT_API_KEY);
  const resolved: ResolvedOptions = {
    port: opts.port ?? 0,
    host: opts.host ?? "127.0.0.1",
    apiKeys,
    readOnlyApiKeys,
    rateLimit: opts.rateLimit ?? 100,
    linkTtlSeconds: opts.linkTtlSeconds ?? 900,
    audioChunkIntervalMs: opts.audioChunkIntervalMs ?? 20,
    maxFileBytes: opts.maxFileBytes ?? 20 * MiB,
    defaultDialect: opts.defaultDialect ?? "live",
    acceptUnknownFields: opts.acceptUnknownFields ?? false,
    ragIndexSteps: opts.ragIndexSteps ?? 2,
  };
  if (opts.stateFile !== undefined) resolved.stateFile = opts.stateFile;
  if (!Number.isInteger(resolved.rateLimit) || resolved.rateLimit < 1)
    throw new Error("rateLimit must be an integer >= 1");
  if (!Number.isInteger(resolved.ragIndexSteps) || resolved.ragIndexSteps < 0)
    throw new Error("ragIndexSteps must be an integer >= 0");
  if (!DIALECTS.includes(resolved.defaultDialect))
    throw new Error('defaultDialect must be "live" or "legacy"');
  return resolved;
}
