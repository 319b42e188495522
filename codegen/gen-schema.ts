/**
 * Writes schema.json, sdk/types.ts and docs/reference/agent.md from the provider's zod schemas
 * (`make schema`, after `make codegen`). `--check` compares instead of writing and exits 1 when a
 * file is not what the generator produces (`make lint` runs it).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { agentReference } from "./agentReference";
import { buildPackageSchema } from "./schema";
import { generateSdkTypes } from "./sdkgen";

/** The repository root. */
const ROOT = join(__dirname, "..");

/** Every file this generator writes, by path relative to the repository root. */
export function generatedFiles(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
  const schema = buildPackageSchema(pkg.version);
  return {
    "schema.json": `${JSON.stringify(schema, null, 2)}\n`,
    "sdk/types.ts": generateSdkTypes(schema),
    "docs/reference/agent.md": agentReference(schema),
  };
}

function main(): void {
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const [path, text] of Object.entries(generatedFiles())) {
    let old = "";
    try {
      old = readFileSync(join(ROOT, path), "utf8");
    } catch {
      // absent: written below
    }
    if (old === text) continue;
    stale++;
    if (check) console.error(`${path} is not what the generator produces (run \`make schema\`)`);
    else {
      mkdirSync(dirname(join(ROOT, path)), { recursive: true });
      writeFileSync(join(ROOT, path), text);
    }
  }
  console.log(check ? (stale ? `${stale} file(s) stale` : "up to date") : `wrote ${stale} file(s)`);
  if (check && stale) process.exitCode = 1;
}

if (require.main === module) main();
