/**
 * Enums of the official SDK (`@elevenlabs/elevenlabs-js`, a dev dependency pinned in package.json).
 * The SDK is generated from a newer description than the one we hold, so some of its enums know
 * values ours does not (new LLMs, new TTS models); `DialectConfig.sdkEnums` names the enums whose
 * values are merged (description's values first, then the SDK's extra ones in the SDK's order).
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Where the SDK's type declarations are. */
export const SDK_TYPES_DIR = resolve(
  __dirname,
  "..",
  "..",
  "node_modules",
  "@elevenlabs",
  "elevenlabs-js",
  "api",
  "types",
);

/**
 * The values of SDK enum `name`, read from `<dir>/<name>.d.ts`, which declares
 * `export declare const <name>: { readonly Key: "value"; ... }`. Throws when the file or the
 * declaration is missing, so an SDK upgrade that renames an enum fails the generation.
 */
export function readSdkEnum(name: string, dir: string = SDK_TYPES_DIR): string[] {
  const file = join(dir, `${name}.d.ts`);
  if (!existsSync(file)) throw new Error(`SDK enum ${name}: ${file} not found`);
  const text = readFileSync(file, "utf8");
  const body = new RegExp(`export declare const ${name}: \\{([^}]*)\\}`).exec(text)?.[1];
  if (body === undefined)
    throw new Error(`SDK enum ${name}: no 'export declare const ${name}: {...}' in ${file}`);
  const values = [...body.matchAll(/readonly\s+\w+:\s+"((?:[^"\\]|\\.)*)";/g)].map(
    (m) => JSON.parse(`"${m[1]}"`) as string,
  );
  if (values.length === 0) throw new Error(`SDK enum ${name}: no values in ${file}`);
  return values;
}
