/**
 * The rules of the layout, checked so that they stay true:
 * - data flows one way: `client/` and `emulator/` import nothing from the rest of the project,
 *   `provider/` imports only `client/`, `sdk/` reaches the provider only by package name, nothing
 *   that ships imports build-time `codegen/`, and `client/` has no Pulumi inside;
 * - every `make` target named in the README, the docs or the Makefile's header does something.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/paths";

/** Folders that ship or run, and the project folders each may import from (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  client: [],
  emulator: [],
  provider: ["client"],
  sdk: ["client"],
  cli: ["client", "provider", "emulator"],
  codegen: ["client", "provider", "sdk", "emulator"],
};

/** Packages a folder must not import. */
const FORBIDDEN_PACKAGES: Record<string, readonly RegExp[]> = {
  client: [/^@pulumi\//],
  emulator: [/^@pulumi\//, /^pulumi-elevenlabs/],
  provider: [/^pulumi-elevenlabs(\/|$)/],
  sdk: [/^pulumi-elevenlabs(\/(?!provider$)|$)/],
};

function sources(folder: string): string[] {
  return readdirSync(join(REPO_ROOT, folder), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts"))
    .map((f) => join(REPO_ROOT, folder, f));
}

/** Every module specifier a file imports or requires (static imports, exports, require calls). */
function specifiers(file: string): string[] {
  // Comments may quote code (e.g. `require("pulumi-elevenlabs/provider")`); they import nothing.
  const text = readFileSync(file, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/.*$/gm, "");
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"/g))
    out.push(m[1] ?? "");
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+"([^"]+)"/g)) out.push(m[1] ?? "");
  for (const m of text.matchAll(/require\("([^"]+)"\)/g)) out.push(m[1] ?? "");
  return out;
}

function folderOf(path: string): string {
  return relative(REPO_ROOT, path).split("/")[0] ?? "";
}

describe("imports follow the layout", () => {
  for (const [folder, allowed] of Object.entries(ALLOWED)) {
    it(`${folder}/ imports only ${allowed.length ? allowed.join(", ") : "itself"} from the project`, () => {
      const files = sources(folder);
      expect(files.length).toBeGreaterThan(0);
      const wrong: string[] = [];
      for (const file of files) {
        for (const spec of specifiers(file)) {
          const where = `${relative(REPO_ROOT, file)} -> ${spec}`;
          if (spec.startsWith(".")) {
            const target = folderOf(resolve(dirname(file), spec));
            if (target !== folder && !allowed.includes(target)) wrong.push(where);
          } else if ((FORBIDDEN_PACKAGES[folder] ?? []).some((re) => re.test(spec))) {
            wrong.push(where);
          }
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it("the sdk loads the provider by package name only", () => {
    const text = readFileSync(join(REPO_ROOT, "sdk", "provider.ts"), "utf8");
    expect(text).toContain('require("pulumi-elevenlabs/provider")');
  });
});

describe("documented make targets", () => {
  const documents = [
    readFileSync(join(REPO_ROOT, "README.md"), "utf8"),
    readFileSync(join(REPO_ROOT, "Makefile"), "utf8")
      .split("\n")
      .filter((l) => l.startsWith("#"))
      .join("\n"),
    ...readdirSync(join(REPO_ROOT, "docs"), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".md"))
      .map((f) => readFileSync(join(REPO_ROOT, "docs", f), "utf8")),
  ].join("\n");
  const targets = [...new Set([...documents.matchAll(/\bmake ([a-z][a-z0-9-]*)/g)].map((m) => m[1] ?? ""))];

  it("names the targets users run", () => {
    expect(targets).toEqual(expect.arrayContaining(["demo", "test", "gitops"]));
  });

  it.each(targets)("make %s has a recipe", (target) => {
    const plan = execFileSync("make", ["-n", target], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(plan).not.toMatch(/Nothing to be done|is up to date/);
    expect(plan.trim()).not.toBe("");
  });
});
