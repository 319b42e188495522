/**
 * Which account a resource lives in. Every resource's outputs record the base URL and a fingerprint
 * of the API key it was made with (the first 8 hex digits of the key's SHA-256: enough to tell
 * keys apart, useless to anyone who wants the key). When a stack is pointed at another account
 * (another `elevenlabs:baseUrl` or `elevenlabs:apiKey`), the engine still hands the provider the
 * state of the old one: without this check, `up` would report everything unchanged and create
 * nothing, and a later refresh would drop the resources, orphaning them in the old account.
 *
 * On a difference, the object is looked up in the configured account: found, the key was rotated
 * (same account) and work goes on; not found, preview, up, refresh and destroy stop before any
 * write, naming both accounts and what to do.
 */
import { createHash } from "node:crypto";
import type { ElevenLabsClient } from "../../client/http/client";
import { ElevenLabsError } from "../../client/http/errors";
import { resolveSettings, skipCredentialsCheck } from "../../client/http/settings";
import { isPlainObject, type PlainObject } from "../../client/wire";

/** The output that records the account. */
export const ACCOUNT_KEY = "account";

/** An account as outputs record it. */
export interface Account {
  baseUrl: string;
  /** The first 8 hex digits of the API key's SHA-256. */
  keyFingerprint: string;
}

/** The account the provider is configured for now. */
export function currentAccount(): Account {
  const { baseUrl, apiKey } = resolveSettings();
  const keyFingerprint = apiKey ? createHash("sha256").update(apiKey).digest("hex").slice(0, 8) : "none";
  return { baseUrl, keyFingerprint };
}

/** The account recorded in a state bag, if any (stacks made before this check have none). */
export function recordedAccount(bag: PlainObject): Account | undefined {
  const a = bag[ACCOUNT_KEY];
  if (!isPlainObject(a) || typeof a.baseUrl !== "string" || typeof a.keyFingerprint !== "string")
    return undefined;
  return { baseUrl: a.baseUrl, keyFingerprint: a.keyFingerprint };
}

/** True when the recorded account differs from the configured one. */
export function switched(bag: PlainObject): { from: Account; to: Account } | undefined {
  const from = recordedAccount(bag);
  if (!from) return undefined;
  const to = currentAccount();
  return from.baseUrl === to.baseUrl && from.keyFingerprint === to.keyFingerprint ? undefined : { from, to };
}

const describeAccount = (a: Account) => `${a.baseUrl} (API key fingerprint ${a.keyFingerprint})`;

/** The stack points at another account than the one that holds its resources. */
export class AccountSwitchError extends ElevenLabsError {
  override name = "AccountSwitchError";
  constructor(kind: string, id: string, from: Account, to: Account) {
    super(
      `${kind} ${id} was made in the account at ${describeAccount(from)}, but this stack is now configured for ` +
        `${describeAccount(to)}, where it does not exist. Nothing was changed. ` +
        "If the configuration is a mistake, set elevenlabs:baseUrl / elevenlabs:apiKey (or ELEVENLABS_BASE_URL / " +
        "ELEVENLABS_API_KEY) back. To move the stack to the new account on purpose, see 'Moving a stack to another " +
        "account' in docs/environments.md: re-create with `pulumi destroy` under the old settings and `pulumi up` under " +
        "the new ones, or adopt objects that already exist there with the `import` option after `pulumi state delete`.",
    );
  }
}

const verified = new Map<string, Promise<string | undefined>>();

/**
 * Checks once per provider process and account that the configured base URL answers and accepts
 * the key: one cheap authenticated request (the first agent). Check runs it, so a wrong base URL,
 * an unreachable host or a refused key fails the preview with the message `up` would give, instead
 * of passing it. Answers that message, or `undefined` when the account answered (or the check is
 * off: `elevenlabs:skipCredentialsCheck`).
 */
export function credentialsProblem(api: () => ElevenLabsClient): Promise<string | undefined> {
  if (skipCredentialsCheck()) return Promise.resolve(undefined);
  const { baseUrl, keyFingerprint } = currentAccount();
  const key = `${resolveSettings().dialect} ${baseUrl} ${keyFingerprint}`;
  let found = verified.get(key);
  if (found === undefined) {
    found = (async () => {
      try {
        await api().call("listAgents", { query: { page_size: 1 } });
        return undefined;
      } catch (err) {
        return `the provider cannot use the configured account: ${err instanceof Error ? err.message : String(err)}`;
      }
    })();
    verified.set(key, found);
  }
  return found;
}
