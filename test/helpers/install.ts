/**
 * A user's app, made the way a user makes it: a package.json naming pulumi-elevenlabs (a packed
 * tarball) and @pulumi/pulumi, then a real `npm install` from the registry. The npm cache is the
 * machine's (shared by every install, so a second install of the same versions is quick), and
 * `--prefer-offline` uses cached registry metadata without asking again.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "./paths";

const execFileAsync = promisify(execFile);

/** The compiler options of `pulumi new typescript`'s tsconfig.json (pulumi/templates, typescript/). */
export const TEMPLATE_OPTIONS = {
  strict: true,
  outDir: "bin",
  target: "es2020",
  module: "commonjs",
  moduleResolution: "node",
  sourceMap: true,
  experimentalDecorators: true,
  pretty: true,
  noFallthroughCasesInSwitch: true,
  noImplicitReturns: true,
  forceConsistentCasingInFileNames: true,
};

/** The `@pulumi/pulumi` peer range the package declares, and its lowest version. */
export function pulumiPeerRange(): { range: string; lowest: string } {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
    peerDependencies?: Record<string, string>;
  };
  const range = pkg.peerDependencies?.["@pulumi/pulumi"];
  const lowest = range === undefined ? undefined : /^\^(\d+\.\d+\.\d+)$/.exec(range)?.[1];
  if (range === undefined || lowest === undefined)
    throw new Error(
      `package.json must declare @pulumi/pulumi as a peer with a range ^x.y.z (found ${range})`,
    );
  return { range, lowest };
}

/** Compares two x.y.z versions: negative, zero or positive, like a sort comparator. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export interface InstalledApp {
  dir: string;
  /** The @pulumi/pulumi version npm installed. */
  pulumiVersion: string;
  /** Wall time of `npm install`, milliseconds. */
  installMs: number;
}

/**
 * Writes an app's package.json and runs `npm install` in it.
 * @param dir the app folder (created)
 * @param dependencies e.g. `{ "@pulumi/pulumi": "3.216.0", "pulumi-elevenlabs": "file:/…/x.tgz" }`
 * @param devDependencies e.g. `{ "@types/node": "^22" }` (what `pulumi new typescript` adds)
 */
export async function installApp(
  dir: string,
  dependencies: Record<string, string>,
  devDependencies: Record<string, string> = {},
): Promise<InstalledApp> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: "installed-app", private: true, dependencies, devDependencies }, null, 2)}\n`,
  );
  const started = Date.now();
  try {
    await execFileAsync(
      "npm",
      ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"],
      {
        cwd: dir,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      },
    );
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`npm install failed in ${dir}:\n${e.stderr ?? e.message}`);
  }
  const installed = JSON.parse(
    readFileSync(join(dir, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8"),
  ) as { version: string };
  return { dir, pulumiVersion: installed.version, installMs: Date.now() - started };
}

/** The outcome of `tsc --noEmit` on a project: exit status and the compiler's messages. */
export interface TypecheckResult {
  ok: boolean;
  output: string;
}

/**
 * Runs this repository's TypeScript compiler (the version users get with `typescript@^5`) on a
 * project inside an app: the app's files, its node_modules, its tsconfig.
 */
export async function typecheck(dir: string, tsconfig: string): Promise<TypecheckResult> {
  const tsc = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
  try {
    await execFileAsync(process.execPath, [tsc, "-p", tsconfig, "--noEmit", "--pretty", "false"], {
      cwd: dir,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    return { ok: true, output: "" };
  } catch (err) {
    const e = err as Error & { stdout?: string };
    return { ok: false, output: e.stdout || e.message };
  }
}
