/**
 * What the tarball holds and what package.json promises, checked offline in seconds on every
 * `make test` (the registry install is `install.packaging.test.ts`):
 *
 * - the files a user needs ship (LICENSE, the emulator's README and API descriptions, every entry
 *   point and bin) and nothing else does (no source maps pointing at unshipped sources, no tests);
 * - `@pulumi/pulumi` is a peer with a range (an exact dependency nested a second copy in apps on
 *   another version), `prepack` builds, `typesVersions` mirrors `exports` for `moduleResolution:
 *   node`;
 * - the published declarations are self-contained: every package they import is a dependency or
 *   peer, with its types (its own, or an `@types/` package among the dependencies);
 * - the emulator runs from the tarball (it reads its files at run time).
 */

import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PackedApp, packedApp, runIn } from "./helpers/pack";
import { REPO_ROOT } from "./helpers/paths";

interface PackageJson {
  license: string;
  repository: { type: string; url: string };
  homepage: string;
  bugs: { url: string };
  keywords: string[];
  exports: Record<string, string | { types: string; default: string }>;
  typesVersions: Record<string, Record<string, string[]>>;
  bin: Record<string, string>;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as PackageJson;
const REPOSITORY = "github.com/pulumi-elevenlabs/pulumi-elevenlabs";
/** The folders whose build ships (dist/<folder>). */
const SHIPPED_BUILDS = ["sdk", "provider", "client", "cli", "emulator"];

/** Package name of a bare specifier: `zod` -> zod, `@pulumi/pulumi/dynamic` -> @pulumi/pulumi. */
function packageName(spec: string): string {
  const parts = spec.split("/");
  return spec.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] ?? spec);
}

/** True when an installed package carries its own declarations. */
function hasOwnTypes(dir: string): boolean {
  const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    types?: string;
    typings?: string;
    exports?: unknown;
  };
  return (
    meta.types !== undefined ||
    meta.typings !== undefined ||
    JSON.stringify(meta.exports ?? {}).includes('"types"') ||
    existsSync(join(dir, "index.d.ts"))
  );
}

describe("the tarball and package.json", () => {
  let app: PackedApp;
  let files: string[];
  let root: string;

  beforeAll(() => {
    app = packedApp();
    files = app.files.map((f) => f.replace(/^package\//, ""));
    root = join(app.dir, "node_modules", "pulumi-elevenlabs");
  }, 120_000);

  afterAll(() => {
    if (app) rmSync(app.dir, { recursive: true, force: true });
  });

  it("ships the license, the docs and the emulator's README and API descriptions", () => {
    for (const f of ["LICENSE", "README.md", "CHANGELOG.md", "schema.json", "emulator/README.md"]) {
      expect(files, f).toContain(f);
    }
    const specs = readdirSync(join(REPO_ROOT, "emulator", "spec")).filter((f) => f.endsWith(".json"));
    expect(specs.length).toBeGreaterThan(0);
    for (const spec of specs) expect(files, spec).toContain(`emulator/spec/${spec}`);
    const license = readFileSync(join(root, "LICENSE"), "utf8");
    expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(license).toContain("END OF TERMS AND CONDITIONS");
    expect(pkg.license).toBe("Apache-2.0");
  });

  it("ships only the build of the five entry folders, without source maps or tests", () => {
    const unexpected = files.filter(
      (f) =>
        f.startsWith("dist/") &&
        !SHIPPED_BUILDS.some((d) => f.startsWith(`dist/${d}/`) && (f.endsWith(".js") || f.endsWith(".d.ts"))),
    );
    expect(unexpected).toEqual([]);
    expect(files.filter((f) => f.endsWith(".map") || f.includes(".test."))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    const withMapComment = files
      .filter((f) => f.endsWith(".js") || f.endsWith(".d.ts"))
      .filter((f) => readFileSync(join(root, f), "utf8").includes("sourceMappingURL"));
    expect(withMapComment).toEqual([]);
  });

  it("says where the project lives", () => {
    expect(pkg.repository.url).toContain(REPOSITORY);
    expect(pkg.homepage).toContain(REPOSITORY);
    expect(pkg.bugs.url).toBe(`https://${REPOSITORY}/issues`);
    expect(pkg.keywords).toEqual(expect.arrayContaining(["pulumi", "elevenlabs"]));
  });

  it("takes @pulumi/pulumi as a peer with a range, and builds before packing", () => {
    expect(pkg.dependencies["@pulumi/pulumi"]).toBeUndefined();
    const peer = pkg.peerDependencies["@pulumi/pulumi"];
    expect(peer).toMatch(/^\^3\.\d+\.\d+$/);
    // The repository develops against one pinned version inside that range.
    const dev = pkg.devDependencies["@pulumi/pulumi"] ?? "";
    expect(dev).toMatch(/^3\.\d+\.\d+$/);
    const minor = (v: string) => Number(v.replace(/^\^/, "").split(".")[1]);
    expect(minor(dev)).toBeGreaterThanOrEqual(minor(peer ?? ""));
    expect(pkg.scripts.prepack).toMatch(/npm run build/);
    expect(pkg.scripts.build).toMatch(/tsc -p tsconfig\.build\.json/);
  });

  it("maps every subpath for moduleResolution node (typesVersions) to the types exports names", () => {
    const fromExports = Object.fromEntries(
      Object.entries(pkg.exports)
        .filter(
          (e): e is [string, { types: string; default: string }] => typeof e[1] !== "string" && e[0] !== ".",
        )
        .map(([k, v]) => [k.slice(2), [v.types.replace(/^\.\//, "")]]),
    );
    expect(Object.keys(fromExports).sort()).toEqual(["client", "emulator", "provider"]);
    expect(pkg.typesVersions["*"]).toEqual(fromExports);
    for (const [target] of Object.values(fromExports)) expect(files).toContain(target);
  });

  it("publishes self-contained declarations: every package they import is installed with its types", () => {
    const declarations = files.filter((f) => f.endsWith(".d.ts"));
    const imported = new Set<string>();
    for (const f of declarations) {
      const text = readFileSync(join(root, f), "utf8");
      for (const m of text.matchAll(/(?:from\s+|import\()\s*"([^".][^"]*)"/g))
        imported.add(packageName(m[1] ?? ""));
    }
    const builtins = new Set(builtinModules);
    const external = [...imported].filter((p) => !p.startsWith("node:") && !builtins.has(p)).sort();
    expect(external).toContain("@pulumi/pulumi");
    const installed = { ...pkg.dependencies, ...pkg.peerDependencies };
    for (const name of external) {
      expect(installed[name], `${name} is imported by the declarations`).toBeDefined();
      const dir = join(REPO_ROOT, "node_modules", name);
      if (!hasOwnTypes(dir)) {
        const typesPackage = `@types/${name.replace(/^@/, "").replace("/", "__")}`;
        expect(pkg.dependencies[typesPackage], `${name} has no types of its own`).toBeDefined();
      }
    }
  });

  it("runs the emulator from the tarball", () => {
    const answer = runIn<{ status: number; agents: unknown }>(
      app.dir,
      `const { startEmulator, DEFAULT_API_KEY } = require("pulumi-elevenlabs/emulator");
       (async () => {
         const emulator = await startEmulator({ port: 0 });
         try {
           const res = await fetch(emulator.url + "/agents", { headers: { "xi-api-key": DEFAULT_API_KEY } });
           const body = await res.json();
           console.log(JSON.stringify({ status: res.status, agents: body.agents }));
         } finally {
           await emulator.close();
         }
       })().catch((err) => { console.error(err); process.exit(1); });`,
    );
    expect(answer).toEqual({ status: 200, agents: [] });
  });
});
