/**
 * The files of the package the plugin answers with: `schema.json` (GetSchema) and the version in
 * `package.json` (GetPluginInfo). They sit at the package root in a checkout and in the npm package
 * (`dist/provider/plugin/` is three levels down), and next to the code in the plugin tarball.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The path of `name` in the closest folder at or above this module's that has it. */
function packageFile(name: string): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`pulumi-resource-elevenlabs: ${name} not found at or above ${__dirname}`);
}

let schemaText: string | undefined;

/** The package schema (`schema.json`) as text, read once. */
export function schemaJson(): string {
  schemaText ??= readFileSync(packageFile("schema.json"), "utf8");
  return schemaText;
}

/** The package's version, e.g. `0.1.0` (what the engine compares with the version programs ask for). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(packageFile("package.json"), "utf8")) as { version?: unknown };
  if (typeof pkg.version !== "string")
    throw new Error("pulumi-resource-elevenlabs: package.json has no version");
  return pkg.version;
}
