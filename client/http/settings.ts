/**
 * Where the client's settings come from, read at call time (never captured in a serialized
 * provider): stack config (`elevenlabs:*`, handed over by the engine through `configure`), then
 * environment variables, then defaults.
 */
import { ConfigurationError } from "./errors";

export const DEFAULT_BASE_URL = "https://api.elevenlabs.io/v1/convai";

/** Stack configuration keys this package reads (namespace `elevenlabs`). */
export const configKeys = {
  apiKey: "elevenlabs:apiKey",
  baseUrl: "elevenlabs:baseUrl",
  apiDialect: "elevenlabs:apiDialect",
  timeoutSeconds: "elevenlabs:timeoutSeconds",
  maxRetries: "elevenlabs:maxRetries",
  skipCredentialsCheck: "elevenlabs:skipCredentialsCheck",
} as const;

/**
 * Which API the client speaks. `live`: the ElevenLabs service as it is today (its OpenAPI
 * description). `legacy`: the API reference this project started from (per-agent knowledge-base
 * routes, `twilio_config`/`sip_config` phone bodies, `/twilio/outbound_call`, signed links from
 * `/agents/{agent_id}/link`).
 */
export type Dialect = "live" | "legacy";
export const DIALECTS: readonly Dialect[] = ["live", "legacy"];
export const DEFAULT_DIALECT: Dialect = "live";

export interface ClientSettings {
  apiKey: string | undefined;
  baseUrl: string;
  /** The API dialect (`live` unless configured). */
  dialect: Dialect;
  timeoutMs: number;
  maxRetries: number;
  /** Multiplies every wait (backoff, Retry-After, rate-limit pacing); 0 in tests. */
  delayScale: number;
}

let stackConfig: Record<string, string | undefined> = {};

/** Records stack config handed over by the engine (dynamic provider `configure`). */
export function setStackConfig(values: Record<string, string | undefined>): void {
  stackConfig = { ...values };
}

/** Stack config also arrives as JSON in PULUMI_CONFIG in provider processes. */
function fromPulumiConfigEnv(key: string): string | undefined {
  const raw = process.env.PULUMI_CONFIG;
  if (!raw) return undefined;
  try {
    const v = (JSON.parse(raw) as Record<string, unknown>)[key];
    return typeof v === "string" ? v : undefined;
  } catch {
    return undefined;
  }
}

function lookup(key: keyof typeof configKeys, env: string): string | undefined {
  const k = configKeys[key];
  const v = stackConfig[k] ?? fromPulumiConfigEnv(k) ?? process.env[env];
  return v === "" ? undefined : v;
}

function numberSetting(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0)
    throw new ConfigurationError(`${name} must be a non-negative number, got '${raw}'`);
  return n;
}

/**
 * Whether previews skip the provider's one authenticated request that checks the base URL and the
 * key (`elevenlabs:skipCredentialsCheck`, then `ELEVENLABS_SKIP_CREDENTIALS_CHECK`): for previews
 * with no network.
 */
export function skipCredentialsCheck(): boolean {
  const v = lookup("skipCredentialsCheck", "ELEVENLABS_SKIP_CREDENTIALS_CHECK");
  if (v === undefined || v === "false") return false;
  if (v === "true") return true;
  throw new ConfigurationError(
    `elevenlabs:skipCredentialsCheck / ELEVENLABS_SKIP_CREDENTIALS_CHECK must be 'true' or 'false', got '${v}'`,
  );
}

/** Resolves settings now, with explicit overrides winning over config and environment. */
export function resolveSettings(overrides: Partial<ClientSettings> = {}): ClientSettings {
  const baseUrl = (overrides.baseUrl ?? lookup("baseUrl", "ELEVENLABS_BASE_URL") ?? DEFAULT_BASE_URL).replace(
    /\/+$/,
    "",
  );
  if (!/^https?:\/\//.test(baseUrl)) {
    throw new ConfigurationError(
      `elevenlabs:baseUrl / ELEVENLABS_BASE_URL must be an http(s) URL, got '${baseUrl}'`,
    );
  }
  const dialect = overrides.dialect ?? lookup("apiDialect", "ELEVENLABS_API_DIALECT") ?? DEFAULT_DIALECT;
  if (!(DIALECTS as readonly string[]).includes(dialect)) {
    throw new ConfigurationError(
      `elevenlabs:apiDialect / ELEVENLABS_API_DIALECT must be 'live' or 'legacy', got '${dialect}'`,
    );
  }
  return {
    apiKey: overrides.apiKey ?? lookup("apiKey", "ELEVENLABS_API_KEY"),
    baseUrl,
    dialect: dialect as Dialect,
    timeoutMs:
      overrides.timeoutMs ??
      numberSetting(lookup("timeoutSeconds", "ELEVENLABS_TIMEOUT_SECONDS"), "elevenlabs:timeoutSeconds", 30) *
        1000,
    maxRetries:
      overrides.maxRetries ??
      numberSetting(lookup("maxRetries", "ELEVENLABS_MAX_RETRIES"), "elevenlabs:maxRetries", 3),
    delayScale:
      overrides.delayScale ??
      numberSetting(process.env.ELEVENLABS_RETRY_DELAY_SCALE, "ELEVENLABS_RETRY_DELAY_SCALE", 1),
  };
}
