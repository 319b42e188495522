/**
 * The README and the docs say what the code does now:
 * - every quoted message marked `<!-- message: <id> -->` is what the code produces for that case
 *   (test/docs-messages.ts runs each), so no quoted message is retyped;
 * - every relative link (and its `#anchor`) resolves; every `npx <command>` is a bin of the package;
 * - the file lists are complete: the development layout names every top-level folder and every
 *   example, the configuration table every setting;
 * - the README's minimal app is a well-formed project (test/install.packaging.test.ts type-checks
 *   its program against the packed tarball).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { configKeys } from "../client/http/settings";
import { MESSAGES, normalized } from "./docs-messages";
import { REPO_ROOT } from "./helpers/paths";
import { readmeApp } from "./helpers/readme";

/** Every markdown file users read: the README, docs/, the emulator's README, example guides. */
function markdownFiles(): string[] {
  const out = ["README.md", "CHANGELOG.md", "emulator/README.md", "codegen/openapi/README.md"];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(REPO_ROOT, dir), { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".md")) out.push(p);
    }
  };
  walk("docs");
  walk("examples");
  return out;
}

const read = (path: string) => readFileSync(join(REPO_ROOT, path), "utf8");

/** GitHub's anchor of a heading (github-slugger): lower case, punctuation but `_` and `-` dropped. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** The anchors of a document's headings; a repeated heading gets `-1`, `-2`, … as on GitHub. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  for (const m of markdown.replace(/```[\s\S]*?```/g, "").matchAll(/^#{1,6}\s+(.+)$/gm)) {
    const base = slug(m[1] ?? "");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

describe("quoted messages are the code's", () => {
  const quoted: { file: string; id: string; text: string }[] = [];
  for (const file of markdownFiles())
    for (const m of read(file).matchAll(/<!-- message: (\S+) -->\n```\w*\n([\s\S]*?)```/g))
      quoted.push({ file, id: m[1] as string, text: m[2] as string });

  it("every producer is quoted somewhere, every quote has a producer", () => {
    expect(quoted.length).toBeGreaterThan(10);
    expect([...new Set(quoted.map((q) => q.id))].sort()).toEqual(Object.keys(MESSAGES).sort());
  });

  it.each(quoted.map((q) => [q.id, q.file, q] as const))("%s (%s)", async (id, _file, q) => {
    const produce = MESSAGES[id];
    if (produce === undefined) throw new Error(`no producer for ${id}`);
    expect(normalized(q.text)).toBe(normalized(await produce()));
  });
});

describe("links, commands and file lists", () => {
  const pkg = JSON.parse(read("package.json")) as { bin: Record<string, string> };

  it("every relative link resolves, anchors too", () => {
    const broken: string[] = [];
    for (const file of markdownFiles()) {
      const text = read(file)
        .replace(/```[\s\S]*?```/g, "")
        .replace(/`[^`\n]*`/g, "");
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1] as string;
        if (/^[a-z]+:/.test(target)) continue;
        const [path, anchor] = target.split("#") as [string, string | undefined];
        const abs = path === "" ? join(REPO_ROOT, file) : resolve(dirname(join(REPO_ROOT, file)), path);
        let exists = false;
        try {
          exists = statSync(abs).isFile() || statSync(abs).isDirectory();
        } catch {
          // missing
        }
        if (!exists) broken.push(`${file}: ${target}`);
        else if (
          anchor !== undefined &&
          abs.endsWith(".md") &&
          !anchors(readFileSync(abs, "utf8")).has(anchor)
        )
          broken.push(`${file}: ${target} (no such heading in ${relative(REPO_ROOT, abs)})`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("every command the docs run with npx is a bin of the package", () => {
    const unknown: string[] = [];
    for (const file of markdownFiles())
      for (const m of read(file).matchAll(/npx (elevenlabs-[a-z-]+)/g))
        if (!((m[1] as string) in pkg.bin)) unknown.push(`${file}: ${m[1]}`);
    expect(unknown).toEqual([]);
  });

  it("the development layout names every top-level folder and every example", () => {
    const layout = read("docs/development.md");
    const tree = /```\n(sdk\/[\s\S]*?)```/.exec(layout)?.[1] ?? "";
    const folders = readdirSync(REPO_ROOT, { withFileTypes: true })
      .filter(
        (e) =>
          e.isDirectory() && !e.name.startsWith(".") && !["node_modules", "dist", "tools"].includes(e.name),
      )
      .map((e) => e.name);
    for (const f of folders) expect(tree, f).toMatch(new RegExp(`^${f}/`, "m"));
    const examples = readdirSync(join(REPO_ROOT, "examples")).filter((e) =>
      statSync(join(REPO_ROOT, "examples", e)).isDirectory(),
    );
    const line = /^examples\/.*$/m.exec(tree)?.[0] ?? "";
    for (const e of examples) expect(line, e).toContain(e);
  });

  it("the README's configuration table names every setting and its variable", () => {
    const readme = read("README.md");
    const settings = read("client/http/settings.ts");
    for (const key of Object.values(configKeys)) {
      const row = readme.split("\n").find((l) => l.startsWith(`| \`${key}\``));
      expect(row, key).toBeDefined();
      const env = /`(ELEVENLABS_[A-Z_]+)`/.exec(row ?? "")?.[1];
      expect(settings, `${key}: ${env}`).toContain(`"${env}"`);
    }
  });
});

describe("the README's minimal app", () => {
  const app = readmeApp();

  it("has its four files", () => {
    expect(Object.keys(app).sort()).toEqual(["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"]);
  });

  it("is a Node.js project that depends on the package and on @pulumi/pulumi within the peer range", () => {
    const project = load(app["Pulumi.yaml"] ?? "") as { runtime: string; name: string };
    expect(project.runtime).toBe("nodejs");
    const manifest = JSON.parse(app["package.json"] ?? "{}") as { dependencies: Record<string, string> };
    const pkg = JSON.parse(read("package.json")) as {
      version: string;
      peerDependencies: Record<string, string>;
    };
    expect(manifest.dependencies["@pulumi/pulumi"]).toBe(pkg.peerDependencies["@pulumi/pulumi"]);
    expect(manifest.dependencies["pulumi-elevenlabs"]).toBe(`^${pkg.version}`);
    const tsconfig = JSON.parse(app["tsconfig.json"] ?? "{}") as { files: string[] };
    expect(tsconfig.files).toEqual(["index.ts"]);
  });
});
