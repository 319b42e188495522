/**
 * The package as users get it.
 *
 * - {@link packedApp}: `npm pack` of the built tree, unpacked into a fresh app's node_modules, its
 *   dependencies linked from this repository's node_modules: offline and in seconds; it proves what
 *   the tarball holds and how its `exports` resolve, not how npm installs dependencies.
 * - {@link packTarball} and {@link cleanCopy}: the tarball itself, from this tree or from a copy
 *   holding only what a clone holds (so that `prepack` has to build `dist/`), for the tests that
 *   install it from the registry like a user (`install.packaging.test.ts`).
 */
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "./paths";

const execFileAsync = promisify(execFile);

export interface PackedApp {
  /** The app folder; `node_modules/pulumi-elevenlabs` holds the unpacked tarball. */
  dir: string;
  /** Paths inside the tarball, e.g. `package/dist/sdk/index.js`. */
  files: string[];
}

/** A tarball made by `npm pack`, as npm describes it. */
export interface Tarball {
  /** Absolute path of the `.tgz`. */
  path: string;
  /** Paths inside the package, without the `package/` prefix, e.g. `dist/sdk/index.js`. */
  files: string[];
  /** Size of the `.tgz` in bytes. */
  size: number;
  /** Sum of the files' sizes in bytes. */
  unpackedSize: number;
}

interface NpmPackInfo {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

function tarballOf(out: string, dest: string): Tarball {
  const [info] = JSON.parse(out) as NpmPackInfo[];
  if (!info) throw new Error("npm pack printed no result");
  return {
    path: join(dest, info.filename),
    files: info.files.map((f) => f.path).sort(),
    size: info.size,
    unpackedSize: info.unpackedSize,
  };
}

/**
 * `npm pack --json` of the package at `from` (default: this repository) into `dest`.
 * @param opts.scripts run the lifecycle scripts (`prepack` builds `dist/`); default false, which
 *   packs the tree as built (tests must not rebuild the `dist/` other tests are loading).
 */
export async function packTarball(
  dest: string,
  opts: { from?: string; scripts?: boolean } = {},
): Promise<Tarball> {
  mkdirSync(dest, { recursive: true });
  const args = ["pack", "--json", "--pack-destination", dest, ...(opts.scripts ? [] : ["--ignore-scripts"])];
  try {
    const { stdout } = await execFileAsync("npm", args, {
      cwd: opts.from ?? REPO_ROOT,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    return tarballOf(stdout, dest);
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`npm pack failed in ${opts.from ?? REPO_ROOT}:\n${e.stderr ?? e.message}`);
  }
}

/**
 * A copy of what a clone of this repository holds (tracked files, and new files not ignored, so
 * that uncommitted work is included): no `dist/`. Its `node_modules` is a link to this
 * repository's, as `npm ci` would have made it. Returns the copy's folder.
 */
export function cleanCopy(dest: string): string {
  const list = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  for (const file of new Set(list.split("\0").filter(Boolean))) {
    const from = join(REPO_ROOT, file);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(dirname(join(dest, file)), { recursive: true });
    copyFileSync(from, join(dest, file));
  }
  symlinkSync(join(REPO_ROOT, "node_modules"), join(dest, "node_modules"));
  return dest;
}

/** Packs the repository (already built) and unpacks it into a new app folder. */
export function packedApp(): PackedApp {
  const dir = mkdtempSync(join(tmpdir(), "pulumi-elevenlabs-app-"));
  const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tarball = tarballOf(out, dir);
  const modules = join(dir, "node_modules");
  const pkg = join(modules, "pulumi-elevenlabs");
  mkdirSync(pkg, { recursive: true });
  execFileSync("tar", ["-xzf", tarball.path, "-C", pkg, "--strip-components=1"]);
  for (const entry of readdirSync(join(REPO_ROOT, "node_modules"))) {
    if (entry === "pulumi-elevenlabs" || entry.startsWith(".")) continue;
    symlinkSync(join(REPO_ROOT, "node_modules", entry), join(modules, entry));
  }
  return { dir, files: tarball.files.map((f) => `package/${f}`) };
}

/** Runs `script` with Node in `dir` (so that bare specifiers resolve from the app) and parses its JSON output. */
export function runIn<T>(dir: string, script: string): T {
  const out = execFileSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8" });
  return JSON.parse(out) as T;
}
