/**
 * The package as users get it: `npm pack` of the built tree, unpacked into a fresh app's
 * node_modules. Its dependencies are linked from this repository's node_modules, so the check
 * runs offline and in seconds; what it proves is what the tarball holds and how its `exports`
 * resolve, not how npm installs dependencies.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "./paths";

export interface PackedApp {
  /** The app folder; `node_modules/pulumi-elevenlabs` holds the unpacked tarball. */
  dir: string;
  /** Paths inside the tarball, e.g. `package/dist/sdk/index.js`. */
  files: string[];
}

/** Packs the repository (already built) and unpacks it into a new app folder. */
export function packedApp(): PackedApp {
  const dir = mkdtempSync(join(tmpdir(), "pulumi-elevenlabs-app-"));
  const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  if (!info) throw new Error("npm pack printed no result");
  const modules = join(dir, "node_modules");
  const pkg = join(modules, "pulumi-elevenlabs");
  mkdirSync(pkg, { recursive: true });
  execFileSync("tar", ["-xzf", join(dir, info.filename), "-C", pkg, "--strip-components=1"]);
  for (const entry of readdirSync(join(REPO_ROOT, "node_modules"))) {
    if (entry === "pulumi-elevenlabs" || entry.startsWith(".")) continue;
    symlinkSync(join(REPO_ROOT, "node_modules", entry), join(modules, entry));
  }
  return { dir, files: info.files.map((f) => `package/${f.path}`) };
}

/** Runs `script` with Node in `dir` (so that bare specifiers resolve from the app) and parses its JSON output. */
export function runIn<T>(dir: string, script: string): T {
  const out = execFileSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8" });
  return JSON.parse(out) as T;
}
