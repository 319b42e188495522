/**
 * The provider's configuration (`elevenlabs:apiKey`, `baseUrl`, `apiDialect`, `timeoutSeconds`,
 * `maxRetries`): what CheckConfig, DiffConfig and Configure do with it. A default provider gets the
 * stack's `elevenlabs:*` config; an explicit provider resource (`new elevenlabs.Provider(...)`, a YAML
 * `pulumi:providers:elevenlabs`) gets its own arguments, so one program can hold two accounts. The
 * engine starts one plugin process per provider, so the configured values are this process's
 * settings (`setStackConfig`, read by the client at call time, then the environment).
 */
import { configKeys, DIALECTS, setStackConfig } from "../../client/http/settings";
import type { PlainObject } from "../../client/wire";
import { containsUnknown, deepEqual } from "../kit/converge";

/** A configuration argument's name (`apiKey`) and its stack config key (`elevenlabs:apiKey`). */
const ARGS = Object.entries(configKeys).map(([name, key]) => ({ name, key }));

/** The argument that is a secret in state (the engine also gets it marked secret by the schema). */
export const SECRET_CONFIG = ["apiKey"] as const;

/** A configuration value as the settings take it: text (the stack's config is text; numbers come typed from explicit providers). */
function text(v: unknown): string | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  return typeof v === "string"
    ? v
    : typeof v === "number" || typeof v === "boolean"
      ? String(v)
      : JSON.stringify(v);
}

/** The settings of `args`, by stack config key (what `setStackConfig` takes). */
export function settingsOf(args: PlainObject): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const { name, key } of ARGS) out[key] = text(args[name]);
  return out;
}

/** The rule each argument's value must meet, as the client states it (client/http/settings.ts). */
const RULES: Record<string, { ok(v: string): boolean; want: string }> = {
  apiKey: { ok: () => true, want: "a string" },
  baseUrl: { ok: (v) => /^https?:\/\//.test(v), want: "an http(s) URL" },
  apiDialect: {
    ok: (v) => (DIALECTS as readonly string[]).includes(v),
    want: DIALECTS.map((d) => `'${d}'`).join(" or "),
  },
  timeoutSeconds: { ok: (v) => Number.isFinite(Number(v)) && Number(v) >= 0, want: "a non-negative number" },
  maxRetries: { ok: (v) => Number.isFinite(Number(v)) && Number(v) >= 0, want: "a non-negative number" },
  skipCredentialsCheck: { ok: (v) => v === "true" || v === "false", want: "'true' or 'false'" },
};

/**
 * What is wrong with provider arguments, one failure per argument, each naming it (shown at
 * preview, before any request); values not known yet are not judged. Other arguments (the engine's
 * `version`, `pluginDownloadURL`) are let through. A secret's value is never quoted.
 */
export function configFailures(args: PlainObject): { property: string; reason: string }[] {
  const failures: { property: string; reason: string }[] = [];
  for (const { name, key } of ARGS) {
    const v = args[name];
    const rule = RULES[name];
    if (v === undefined || v === null || containsUnknown(v) || rule === undefined) continue;
    const t = text(v);
    if (typeof v === "object" || (t !== undefined && !rule.ok(t))) {
      const got = (SECRET_CONFIG as readonly string[]).includes(name) ? "" : `, got '${t}'`;
      failures.push({ property: name, reason: `${key} must be ${rule.want}${got}` });
    }
  }
  return failures;
}

/** Makes `args` this process's provider configuration. */
export function configure(args: PlainObject): void {
  setStackConfig(settingsOf(args));
}

/**
 * The arguments whose change DiffConfig reports. None replaces anything: a resource made under
 * other settings is guarded by its recorded account (see provider/kit/account.ts), not recreated.
 */
export function changedConfig(olds: PlainObject, news: PlainObject): string[] {
  return ARGS.map(({ name }) => name).filter((k) => !deepEqual(text(olds[k]), text(news[k])));
}
