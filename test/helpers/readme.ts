/** The README's minimal app, as a user copies it (the docs test and the install test read it). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./paths";

/** File name -> text, from the README's `<!-- readme-app: <file> -->` code blocks. */
export function readmeApp(): Record<string, string> {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const out: Record<string, string> = {};
  for (const m of readme.matchAll(/<!-- readme-app: (\S+) -->\n```\w*\n([\s\S]*?)```/g))
    out[m[1] as string] = m[2] as string;
  return out;
}
