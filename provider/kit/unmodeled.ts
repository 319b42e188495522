/**
 * Settings newer than this package: the service takes settings before its API description (and so
 * this package) lists them, e.g. `platform_settings.ban` or `conversation_config.tts.audio_filter`.
 * A resource that has such settings takes them in one argument, `unmodeledSettings`: a map from a
 * dotted wire path (snake_case, as the API spells it) to the JSON value to put there, sent as
 * written. So that typed settings keep one way in, a path the package models is refused at preview
 * (naming the typed property to use instead), as is a path below a list, a map or a choice of
 * variants (it could not be read back unambiguously). The values are part of the inputs: diffs show
 * them, create and update send them, and refresh reads them back from the same paths (drift).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { fromWire, isPlainObject, type PlainObject, type Shape, toWire } from "../../client/wire";

/** The argument that carries the settings this package does not model. */
export const UNMODELED = "unmodeledSettings";

/** A dotted wire path: snake_case keys (letters, digits, `_`, `-`) separated by dots. */
const PATH = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/**
 * The schema of `unmodeledSettings` for a resource, described for users.
 * @param example a path of the resource the package does not model, for the description.
 */
export function unmodeledSchema(example: string): z.ZodType {
  return z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      `Settings this package does not model yet, by dotted wire path (snake_case, as the API spells it), e.g. \`{ "${example}": true }\`: each value is sent as written at its path, shown in diffs and read back on refresh. A path the package models is refused (use its typed property); so is a path below a list, a map or a choice of variants.`,
    );
}

/** What a wire path is to a shape: a setting it models, one it does not, or one no path can name. */
type PathKind =
  | { kind: "modeled"; camel: string }
  | { kind: "unmodeled" }
  | { kind: "refused"; reason: string };

/** Classifies a dotted wire path against a shape (wire names). */
export function pathKind(shape: Shape, path: string): PathKind {
  const segments = path.split(".");
  let cur: Shape = shape;
  const camel: string[] = [];
  for (const seg of segments) {
    if (cur.kind !== "object") {
      const what =
        cur.kind === "array"
          ? "a list"
          : cur.kind === "map"
            ? "a map whose keys you name"
            : cur.kind === "union"
              ? "a choice of variants"
              : cur.kind === "leaf"
                ? "a plain value"
                : "free JSON";
      return {
        kind: "refused",
        reason: `goes below ${camel.join(".") || "the top"}, ${what}: declare that setting whole with its typed property`,
      };
    }
    const field = cur.byWire.get(seg);
    if (field === undefined) return { kind: "unmodeled" };
    camel.push(field.camel);
    cur = field.shape;
  }
  return { kind: "modeled", camel: camel.join(".") };
}

/** Check failures of `unmodeledSettings` (modeled or unreachable paths), each naming its path. */
export function unmodeledFailures(shape: Shape, settings: unknown): dynamic.CheckFailure[] {
  if (!isPlainObject(settings)) return [];
  return Object.keys(settings).flatMap((path) => {
    const property = `${UNMODELED}.${path}`;
    if (!PATH.test(path))
      return [
        {
          property,
          reason: `${property}: must be a dotted wire path (snake_case keys joined by dots), e.g. platform_settings.ban`,
        },
      ];
    const k = pathKind(shape, path);
    if (k.kind === "modeled")
      return [
        {
          property,
          reason: `${property}: the package models this setting; declare it as ${k.camel} instead`,
        },
      ];
    if (k.kind === "refused") return [{ property, reason: `${property}: the path ${k.reason}` }];
    return [];
  });
}

/** `wire` with each setting put at its path (objects made on the way; the value as written). */
export function withUnmodeled(wire: PlainObject, settings: unknown): PlainObject {
  if (!isPlainObject(settings)) return wire;
  const out = structuredClone(wire);
  for (const [path, value] of Object.entries(settings)) {
    const segments = path.split(".");
    let node = out;
    for (const seg of segments.slice(0, -1)) {
      if (!isPlainObject(node[seg])) node[seg] = {};
      node = node[seg] as PlainObject;
    }
    node[segments[segments.length - 1] as string] = structuredClone(value);
  }
  return out;
}

/** The value at a dotted wire path, or `undefined`. */
function at(wire: unknown, path: string): unknown {
  let cur = wire;
  for (const seg of path.split("."))
    cur = isPlainObject(cur) && Object.hasOwn(cur, seg) ? cur[seg] : undefined;
  return cur;
}

/**
 * What the account holds at the declared paths, as a program would declare it (refresh, adoption):
 * the live value at each path that has one; `undefined` when none has.
 */
export function unmodeledOf(wire: PlainObject, declared: unknown): PlainObject | undefined {
  if (!isPlainObject(declared)) return undefined;
  const out: PlainObject = {};
  for (const path of Object.keys(declared)) {
    const v = at(wire, path);
    if (v !== undefined && v !== null) out[path] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * A wire tree split in two: the part the shape models, and every setting it does not model, by
 * dotted wire path (an unknown key inside an object the shape models; what is below a list, a map,
 * a union or free JSON counts as modeled). For the export: the typed arguments and
 * `unmodeledSettings`.
 */
export function splitUnmodeled(
  wire: PlainObject,
  shape: Shape,
): { modeled: PlainObject; unmodeled: PlainObject } {
  const unmodeled: PlainObject = {};
  const walk = (value: PlainObject, s: Shape, prefix: string): PlainObject => {
    if (s.kind !== "object") return value;
    const out: PlainObject = {};
    for (const [k, v] of Object.entries(value)) {
      const field = s.byWire.get(k);
      const path = prefix ? `${prefix}.${k}` : k;
      if (field === undefined && !s.fixed.has(k)) {
        if (v !== null && v !== undefined) unmodeled[path] = v;
      } else out[k] = field && isPlainObject(v) ? walk(v, field.shape, path) : v;
    }
    return out;
  };
  return { modeled: walk(wire, shape, ""), unmodeled };
}

/** Declared args in wire form: the typed settings converted with `shape`, the unmodeled ones put at their paths. */
export function wireWithUnmodeled(args: PlainObject, shape: Shape): PlainObject {
  const { [UNMODELED]: unmodeled, ...typed } = args;
  return withUnmodeled(toWire(typed, shape) as PlainObject, unmodeled);
}

/** A live wire tree as args: what `shape` models converted, everything else in `unmodeledSettings`. */
export function argsWithUnmodeled(wire: PlainObject, shape: Shape): PlainObject {
  const { modeled, unmodeled } = splitUnmodeled(wire, shape);
  const args = fromWire<PlainObject>(modeled, shape);
  if (Object.keys(unmodeled).length > 0) args[UNMODELED] = unmodeled;
  return args;
}

/**
 * `projected` (the live args at the declared keys) with `unmodeledSettings` as the account holds it
 * at the declared paths; `live` holds every unmodeled setting of the object (see {@link argsWithUnmodeled}).
 */
export function withUnmodeledProjected(
  projected: PlainObject,
  live: PlainObject,
  declared: PlainObject,
): PlainObject {
  if (declared[UNMODELED] === undefined) return projected;
  return { ...projected, [UNMODELED]: unmodeledOf(withUnmodeled({}, live[UNMODELED]), declared[UNMODELED]) };
}
