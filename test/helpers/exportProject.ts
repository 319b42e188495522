/**
 * A Pulumi project of its own for a program `elevenlabs-export` wrote, resolving `pulumi-elevenlabs`
 * the way a user's project would (its `node_modules` is the repository's, where the package links
 * to itself), ready for the example runner.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./paths";

/**
 * Makes `dir` a Pulumi project named `name` (Pulumi.yaml, package.json, node_modules); the program goes to `dir/index.ts` (written by the caller, or
 * given as `program`).
 */
export function exportProject(dir: string, name: string, program?: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
  writeFileSync(join(dir, "package.json"), `{ "name": "${name}", "private": true }\n`);
  symlinkSync(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"));
  if (program !== undefined) writeFileSync(join(dir, "index.ts"), program);
  return dir;
}
