/**
 * Engine tests load the compiled provider (`dist/provider`) in the engine's provider process, so
 * the build must be current. `make test` builds first; this rebuilds when sources are newer, so
 * running `vitest` directly cannot test stale code.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./helpers/paths";

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.name.endsWith(".ts")) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

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
