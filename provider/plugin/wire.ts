/**
 * Property bags on Pulumi's provider protocol. The engine sends and receives resource properties as
 * protobuf `Struct`s in which some values are special objects: a secret is
 * `{ [SIG_KEY]: SECRET_SIG, value }`, a value not known yet (preview) is the string `UNKNOWN`. The
 * handlers work on plain bags (as the dynamic provider hands them over), so secrets are unwrapped on
 * the way in, remembering which top-level properties held one, and wrapped again on the way out.
 */
import { isPlainObject, type PlainObject } from "../../client/wire";
import { prune } from "../kit/converge";
import { protocol } from "./grpc";

/** The key that marks a special value (secret, asset, resource reference) in a property bag. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The signature of a secret value. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A plain bag and the top-level properties that held a secret anywhere inside. */
export interface Unwrapped {
  bag: PlainObject;
  secrets: Set<string>;
}

/** True for the engine's secret wrapper object. */
function isSecretValue(v: unknown): v is { value: unknown } {
  return isPlainObject(v) && v[SIG_KEY] === SECRET_SIG;
}

/** `v` without secret wrappers, and whether it held one. */
function unwrapValue(v: unknown): { value: unknown; secret: boolean } {
  if (isSecretValue(v)) return { value: unwrapValue(v.value).value, secret: true };
  if (Array.isArray(v)) {
    const items = v.map(unwrapValue);
    return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
  }
  if (isPlainObject(v)) {
    const out: PlainObject = {};
    let secret = false;
    for (const [k, x] of Object.entries(v)) {
      const u = unwrapValue(x);
      out[k] = u.value;
      secret ||= u.secret;
    }
    return { value: out, secret };
  }
  return { value: v, secret: false };
}

/** A plain JavaScript bag from a protocol `Struct` (absent: empty), secrets unwrapped and noted. */
export function fromStruct(struct: { toJavaScript(): Record<string, unknown> } | undefined): Unwrapped {
  const raw = struct?.toJavaScript() ?? {};
  const bag: PlainObject = {};
  const secrets = new Set<string>();
  for (const [k, v] of Object.entries(raw)) {
    const u = unwrapValue(v);
    bag[k] = u.value;
    if (u.secret) secrets.add(k);
  }
  return { bag, secrets };
}

/** `value` as the engine's secret wrapper. */
export function secretOf(value: unknown): PlainObject {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/**
 * A protocol `Struct` of `bag` (undefined values dropped) with the top-level properties named in
 * `secrets` wrapped as secrets, so the engine stores and shows them as secrets.
 * @internal (see `protocol`)
 */
export function toStruct(
  bag: PlainObject,
  secrets: Iterable<string> = [],
): InstanceType<typeof protocol.Struct> {
  const hidden = new Set(secrets);
  const out: PlainObject = {};
  for (const [k, v] of Object.entries(prune(bag))) out[k] = hidden.has(k) ? secretOf(v) : v;
  return protocol.Struct.fromJavaScript(out as Parameters<typeof protocol.Struct.fromJavaScript>[0]);
}
