import { createHash, randomBytes } from "node:crypto";

const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** A random alphanumeric string (rejection sampling, no modulo bias). */
export function randomAlnum(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 248) out += ALNUM[b % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

let lastMs = 0;
let seqInMs = 0;

/**
 * `prefix` + 29 alphanumerics that sort in creation order: 9 base-36 characters of the epoch
 * millisecond, 4 of a counter within that millisecond, then 16 random ones,
 * e.g. "agent_mb3k9x2a40000Xy3…". Lists order by id, so cursors survive deletions.
 */
export function newId(prefix: string): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    seqInMs = 0;
  } else {
    seqInMs++;
  }
  const time = lastMs.toString(36).padStart(9, "0");
  const seq = seqInMs.toString(36).padStart(4, "0");
  return `${prefix}${time}${seq}${randomAlnum(16)}`;
}

/** `bytes` random bytes as hex. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

/** The SHA-256 of `data` as hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The form in which an API key appears in logs: first 4 characters and a short hash, never the key. */
export function redactApiKey(key: string): string {
  return `${key.slice(0, 4)}…(redacted:${sha256Hex(key).slice(0, 8)})`;
}

/** The current time in epoch seconds. */
export function nowSecs(): number {
  return Math.floor(Date.now() / 1000);
}

/** True for a non-null, non-array object. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A deep copy (structuredClone). */
export function deepClone<T>(v: T): T {
  return structuredClone(v);
}

const SECRET_KEYS = new Set([
  "auth_token",
  "account_auth_token",
  "password",
  "token",
  "api_key",
  "xi-api-key",
  "xi_api_key",
  "secret",
  "conversation_signature",
]);

/** Maps whose plain string values may be credentials (HTTP headers): each such value is redacted. */
const SECRET_MAPS = new Set(["request_headers"]);

/**
 * A copy of `v` with the values of secret-looking keys (and of `extraKeys`, e.g. a secret's
 * `value` on the secrets routes) replaced by "***", and the plain string values of header maps
 * (`request_headers`; a header that names a secret by id stays as it is).
 */
export function redactSecrets(v: unknown, extraKeys: ReadonlySet<string> = new Set()): unknown {
  if (Array.isArray(v)) return v.map((x) => redactSecrets(x, extraKeys));
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) {
      const secret = SECRET_KEYS.has(k.toLowerCase()) || extraKeys.has(k);
      if (secret && val !== null && val !== undefined) out[k] = "***";
      else if (SECRET_MAPS.has(k) && isPlainObject(val))
        out[k] = Object.fromEntries(
          Object.entries(val).map(([h, x]) => [
            h,
            typeof x === "string" ? "***" : redactSecrets(x, extraKeys),
          ]),
        );
      else out[k] = redactSecrets(val, extraKeys);
    }
    return out;
  }
  return v;
}
