/**
 * Pins the package's entry points as users meet them: from a packed, unpacked tarball, every
 * `exports` path resolves and loads, the provider module keeps the state contract (deployed stacks
 * hold `require("pulumi-elevenlabs/provider")` and call `configure` and six methods per kind),
 * every bin ships as a script, and every name the README and docs import exists.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PackedApp, packedApp, runIn } from "./helpers/pack";
import { REPO_ROOT } from "./helpers/paths";

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
  exports: Record<string, string | { types: string; default: string }>;
  bin: Record<string, string>;
};

/** `import { A, B as C } from "pulumi-elevenlabs/x"` and `elevenlabs.Name` in the user-facing docs. */
function documentedNames(): Map<string, Set<string>> {
  const docs = [
    join(REPO_ROOT, "README.md"),
    ...readdirSync(join(REPO_ROOT, "docs"), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".md"))
      .map((f) => join(REPO_ROOT, "docs", f)),
  ];
  const names = new Map<string, Set<string>>();
  const add = (spec: string, name: string) => {
    const set = names.get(spec) ?? new Set<string>();
    set.add(name);
    names.set(spec, set);
  };
  for (const file of docs) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/import\s*\{([^}]+)\}\s*from\s*"(pulumi-elevenlabs(?:\/[a-z]+)?)"/g)) {
      for (const part of (m[1] ?? "").split(",")) {
        const name = part
          .trim()
          .split(/\s+as\s+/)[0]
          ?.replace(/^type\s+/, "");
        if (name) add(m[2] ?? "", name);
      }
    }
    for (const m of text.matchAll(/\belevenlabs\.([A-Za-z]+)\(/g)) add("pulumi-elevenlabs", m[1] ?? "");
  }
  return names;
}

describe("the packed package", () => {
  let app: PackedApp;

  beforeAll(() => {
    app = packedApp();
  }, 120_000);

  afterAll(() => {
    if (app) rmSync(app.dir, { recursive: true, force: true });
  });

  it("resolves and loads every exports path, with its types", () => {
    const specs = Object.keys(pkg.exports)
      .filter((k) => k !== "./package.json")
      .map((k) => (k === "." ? "pulumi-elevenlabs" : `pulumi-elevenlabs/${k.slice(2)}`));
    expect(specs).toContain("pulumi-elevenlabs/provider");
    const loaded = runIn<Record<string, number>>(
      app.dir,
      `const out = {}; for (const s of ${JSON.stringify(specs)}) out[s] = Object.keys(require(s)).length;
       console.log(JSON.stringify(out));`,
    );
    for (const s of specs) expect(loaded[s], s).toBeGreaterThan(0);
    for (const target of Object.values(pkg.exports)) {
      if (typeof target === "string") continue;
      expect(app.files).toContain(`package/${target.types.replace(/^\.\//, "")}`);
      expect(app.files).toContain(`package/${target.default.replace(/^\.\//, "")}`);
    }
  });

  it("keeps the provider's state contract: configure and six methods per resource kind", () => {
    const shape = runIn<{ configure: string; handlers: Record<string, string[]> }>(
      app.dir,
      `const p = require("pulumi-elevenlabs/provider");
       const handlers = {};
       for (const [k, h] of Object.entries(p.handlers)) handlers[k] = Object.keys(h).filter((m) => typeof h[m] === "function").sort();
       console.log(JSON.stringify({ configure: typeof p.configure, handlers }));`,
    );
    expect(shape.configure).toBe("function");
    const six = ["check", "create", "delete", "diff", "read", "update"];
    for (const kind of ["agent", "knowledgeDocument", "phoneNumber", "tool", "secret"]) {
      expect(shape.handlers[kind], kind).toEqual(six);
    }
  });

  it("ships every bin as an executable script", () => {
    for (const [name, path] of Object.entries(pkg.bin)) {
      const file = `package/${path.replace(/^\.\//, "")}`;
      expect(app.files, name).toContain(file);
      const head = readFileSync(join(app.dir, "node_modules", "pulumi-elevenlabs", path), "utf8").slice(
        0,
        20,
      );
      expect(head, name).toMatch(/^#!\/usr\/bin\/env node/);
    }
  });

  it("exports every name the README and docs import", () => {
    const names = documentedNames();
    expect(names.get("pulumi-elevenlabs")?.has("Agent")).toBe(true);
    const missing = runIn<string[]>(
      app.dir,
      `const want = ${JSON.stringify(Object.fromEntries([...names].map(([k, v]) => [k, [...v]])))};
       const missing = [];
       for (const [spec, list] of Object.entries(want)) {
         const m = require(spec);
         for (const n of list) if (!(n in m)) missing.push(spec + ": " + n);
       }
       console.log(JSON.stringify(missing));`,
    );
    expect(missing).toEqual([]);
  });
});
