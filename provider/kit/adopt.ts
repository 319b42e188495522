/**
 * Adopting objects that already exist in the account (the `import` resource option).
 *
 * The engine's own import cannot serve a dynamic provider: its import step asks the provider to
 * read the object without passing the program's inputs, and a dynamic provider can only be loaded
 * from those inputs (`__provider`), so the read fails before any provider code runs (pulumi/pulumi
 * #3550, #16175; still so in engine v3.274). The SDK classes therefore take the `import` option off
 * the resource options and hand its id to the provider as the input `importId`. `create` then adopts
 * the object instead of creating one: it reads it, checks that it matches the declaration and
 * records its id, with no write. `check` runs the same comparison at preview, so a mismatch is
 * reported before anything happens, as Pulumi's own import would.
 */
import { ElevenLabsError } from "../../client/http/errors";
import { isPlainObject, type PlainObject } from "../../client/wire";
import { deepEqual, project, prune } from "./converge";

/** The input that carries the id given with the `import` resource option. */
export const IMPORT_KEY = "importId";

/** The id to adopt, when the program asked for one. */
export function importIdOf(bag: PlainObject): string | undefined {
  const v = bag[IMPORT_KEY];
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** True for a check of a resource not yet in the state (the engine sends no old inputs). */
export function isNew(olds: PlainObject): boolean {
  return Object.keys(olds).length === 0;
}

/** One place where the existing object differs from the declaration. */
export interface Mismatch {
  /** Dotted property path as programs write it, e.g. `conversationConfig.agent.firstMessage`. */
  path: string;
  /** The value in the account (`undefined`: not set there). */
  live: unknown;
  /** The value the program declares (`undefined`: not declared). */
  declared: unknown;
  /** Why, when a value comparison does not say it (e.g. a secret that cannot be compared). */
  note?: string;
}

/**
 * Where `live` differs from `declared`, walking the declared objects (undeclared keys are the
 * service's business and never a mismatch; arrays and scalars compare whole).
 */
export function mismatches(live: unknown, declared: unknown, prefix = ""): Mismatch[] {
  if (isPlainObject(declared) && isPlainObject(live)) {
    return Object.entries(declared).flatMap(([k, d]) =>
      d === undefined ? [] : mismatches(live[k], d, prefix ? `${prefix}.${k}` : k),
    );
  }
  if (deepEqual(prune(project(live, declared)), prune(declared))) return [];
  return [{ path: prefix || "(object)", live, declared }];
}

/** `"x"`, `1`, `["a"]` as in a program; `(not set)` for undefined; `(hidden)` under a secret path. */
/** `value` (at `path`) with every secret below it replaced by `(hidden)`. */
function withoutSecrets(value: unknown, path: string, secretPaths: readonly string[]): unknown {
  if (secretPaths.includes(path)) return "(hidden)";
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, withoutSecrets(v, path ? `${path}.${k}` : k, secretPaths)]),
  );
}

function show(v: unknown, hidden: boolean): string {
  if (hidden) return "(hidden)";
  if (v === undefined || v === null) return "(not set)";
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** One line per mismatch: `name: "Legacy" in the account, "New" in the program`. */
export function describeMismatch(m: Mismatch, secretPaths: readonly string[] = []): string {
  const hidden = secretPaths.some((p) => m.path === p || m.path.startsWith(`${p}.`));
  if (m.note) return `${m.path}: ${m.note}`;
  // A value above a secret shows everything but the secret.
  const live = withoutSecrets(m.live, m.path, secretPaths);
  const declared = withoutSecrets(m.declared, m.path, secretPaths);
  return `${m.path}: ${show(live, hidden)} in the account, ${show(declared, hidden)} in the program`;
}

/** Adoption cannot proceed: the object is missing, differs from the program, or would be replaced. */
export class AdoptionError extends ElevenLabsError {
  override name = "AdoptionError";
}

/** What to do when adoption cannot proceed; shared by every resource kind. */
function advice(what: string): string {
  return (
    `Make the program declare what the account holds (\`elevenlabs-export\` prints a matching program) ` +
    `and run again; change the ${what} in a later run, once it is adopted. ` +
    `To create a new ${what} instead, remove the \`import\` option.`
  );
}

/** The error `create` throws when the existing object does not match the declaration. */
export function mismatchError(
  kind: string,
  what: string,
  id: string,
  found: readonly Mismatch[],
  secretPaths: readonly string[] = [],
): AdoptionError {
  const lines = found.map((m) => `  - ${describeMismatch(m, secretPaths)}`).join("\n");
  return new AdoptionError(
    `${kind}: cannot import ${id}: the existing ${what} differs from the program:\n${lines}\n${advice(what)}`,
  );
}

/** The error when the id to adopt does not exist for this API key. */
export function missingError(
  kind: string,
  what: string,
  id: string,
  where = "in this account",
): AdoptionError {
  return new AdoptionError(
    `${kind}: cannot import ${id}: no such ${what} ${where}. Check the id and that the API key ` +
      `(elevenlabs:apiKey) belongs to the account that holds it; to create a new ${what}, remove the \`import\` option.`,
  );
}

/** The error `diff` raises when an adopted object would have to be replaced while still imported. */
export function replaceWhileImportingError(
  kind: string,
  id: string,
  fields: readonly string[],
): AdoptionError {
  return new AdoptionError(
    `${kind} ${id}: changing ${fields.join(", ")} replaces it, but the program still adopts it with ` +
      `\`import: "${id}"\`. Remove the \`import\` option (it is only needed for the first run), then run again.`,
  );
}

/** Check failures for mismatches found at preview, one per property. */
export function mismatchFailures(
  kind: string,
  id: string,
  found: readonly Mismatch[],
  secretPaths: readonly string[] = [],
): { property: string; reason: string }[] {
  return found.map((m) => ({
    property: m.path,
    reason: `import ${id}: ${describeMismatch(m, secretPaths)}; the ${kind} cannot be imported until the program matches the account (or remove the \`import\` option)`,
  }));
}
