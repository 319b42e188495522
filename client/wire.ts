/**
 * The one place that maps between the camelCase names of programs and the snake_case names on the
 * wire. Resource files declare their schemas in camelCase and convert whole trees here; subtrees
 * that hold user data (free-form maps) are named in `opaque` and passed through untouched.
 */

export type PlainObject = Record<string, unknown>;

export function isPlainObject(v: unknown): v is PlainObject {
  return (
    typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype
  );
}

export function camelToSnake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function snakeToCamel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function convert(
  value: unknown,
  rename: (k: string) => string,
  opaque: ReadonlySet<string>,
  path: string,
): unknown {
  if (Array.isArray(value)) return value.map((v) => convert(v, rename, opaque, path));
  if (!isPlainObject(value)) return value;
  const out: PlainObject = {};
  for (const [k, v] of Object.entries(value)) {
    const name = rename(k);
    // Opaque paths are written in camelCase, whichever direction we convert.
    const camelPath = path ? `${path}.${snakeToCamel(k)}` : snakeToCamel(k);
    out[name] = opaque.has(camelPath) ? v : convert(v, rename, opaque, camelPath);
  }
  return out;
}

/** camelCase tree -> snake_case wire tree. `opaque`: camelCase paths whose values are left as they are. */
export function toWire<T = PlainObject>(value: unknown, opaque: readonly string[] = []): T {
  return convert(value, camelToSnake, new Set(opaque), "") as T;
}

/** snake_case wire tree -> camelCase tree. */
export function fromWire<T = PlainObject>(value: unknown, opaque: readonly string[] = []): T {
  return convert(value, snakeToCamel, new Set(opaque), "") as T;
}
