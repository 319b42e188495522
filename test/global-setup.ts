/**
 * Engine and packaging tests load the compiled package (`dist/`): the engine's provider process
 * requires `pulumi-elevenlabs/provider`, the packaging tests pack and run what is built. So the
 * build must be current. This global setup belongs to the `engine` and `packaging` projects only
 * (vitest.config.mts), and vitest runs a project's global setup only when the run selects one of
 * its files: running one engine file builds first when sources are newer than `dist/` (or `dist/`
 * is absent), and a unit run (`make test-unit`) never compiles.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./helpers/paths";

/** The newest modification time (ms) of the `.ts` files under `dir` that compile into `dist/` (not tests). */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** Compiles `dist/` (tsconfig.build.json) unless it is newer than every source that ships. */
export default function setup(): void {
  const marker = join(REPO_ROOT, "dist", "provider", "index.js");
  const sources = Math.max(
    ...["client", "provider", "sdk", "cli", "emulator"].map((d) => newest(join(REPO_ROOT, d))),
  );
  if (existsSync(marker) && statSync(marker).mtimeMs >= sources) return;
  execFileSync(join(REPO_ROOT, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.build.json"], {
    cwd: REPO_ROOT,
    stdio: "inherit",
  });
}
