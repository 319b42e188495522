/**
 * `make plugin`: the provider plugin as release assets the Pulumi CLI installs
 * (`pulumi plugin install resource elevenlabs <version> --file <tarball>`) or downloads from the
 * schema's `pluginDownloadURL`: `dist/plugin/pulumi-resource-elevenlabs-v<version>-<os>-<arch>.tar.gz`.
 *
 * Each holds the launcher `pulumi-resource-elevenlabs` (a shell script that finds Node.js 22 or later,
 * scripts/plugin/) and `lib/`: the plugin bundled into one file with everything it loads (so it
 * needs no npm install and starts fast), `schema.json` and `package.json`. The bundle is the same
 * JavaScript for every platform; one tarball per platform the CLI asks for by name.
 *
 * Usage: tsx scripts/build-plugin.ts [--out <dir>] [--platforms linux-amd64,darwin-arm64,...]
 * Prints the path of each tarball.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildSync } from "esbuild";

const ROOT = resolve(__dirname, "..");
/** The platforms the launcher runs on (a POSIX shell): the CLI's names. */
const PLATFORMS = ["linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64"];

/** The value of `--name <value>` among the arguments. */
function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Builds the tarballs into `out`; returns their paths. */
export function buildPlugin(out: string, platforms: readonly string[] = PLATFORMS): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    name: string;
    version: string;
  };
  const stage = join(out, "stage");
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(join(stage, "lib"), { recursive: true });
  const entry = join(out, "entry.js");
  writeFileSync(entry, `require(${JSON.stringify(join(ROOT, "provider", "plugin", "main.ts"))}).start();\n`);
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    outfile: join(stage, "lib", "plugin.js"),
    legalComments: "none",
    minify: true,
    logLevel: "warning",
  });
  rmSync(entry);
  copyFileSync(join(ROOT, "schema.json"), join(stage, "lib", "schema.json"));
  writeFileSync(
    join(stage, "lib", "package.json"),
    `${JSON.stringify({ name: pkg.name, version: pkg.version }, null, 2)}\n`,
  );
  copyFileSync(join(ROOT, "LICENSE"), join(stage, "LICENSE"));
  copyFileSync(
    join(ROOT, "scripts", "plugin", "pulumi-resource-elevenlabs"),
    join(stage, "pulumi-resource-elevenlabs"),
  );
  chmodSync(join(stage, "pulumi-resource-elevenlabs"), 0o755);
  const tarballs = platforms.map((p) => {
    const file = join(out, `pulumi-resource-elevenlabs-v${pkg.version}-${p}.tar.gz`);
    execFileSync("tar", ["-czf", file, "-C", stage, "pulumi-resource-elevenlabs", "lib", "LICENSE"]);
    return file;
  });
  rmSync(stage, { recursive: true, force: true });
  return tarballs;
}

if (require.main === module) {
  const out = resolve(flag("out") ?? join(ROOT, "dist", "plugin"));
  mkdirSync(out, { recursive: true });
  const platforms = flag("platforms")?.split(",") ?? PLATFORMS;
  for (const file of buildPlugin(out, platforms)) console.log(file);
}
