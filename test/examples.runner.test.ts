/**
 * The example runner reads Pulumi.yaml with the YAML parser and refuses, with a message naming the
 * file, the key and the fix, what the Pulumi CLI refuses (`examples.cli.engine.test.ts` checks the
 * CLI gives the same verdicts on the same files). Every example in the repository reads cleanly.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InvalidProjectError, isExample, REPO_ROOT, readProjectFile } from "../scripts/example-runner";
import { TEMPLATE_OPTIONS } from "./helpers/install";
import { PROJECT_FIXTURES } from "./helpers/projects";

describe("readProjectFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "runner-project-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(PROJECT_FIXTURES.map((f) => [f.title, f] as const))("%s", (_title, fixture) => {
    writeFileSync(join(dir, "Pulumi.yaml"), fixture.yaml);
    if (fixture.rejected === undefined) {
      expect(readProjectFile(dir).name).toBe("p");
      return;
    }
    expect(() => readProjectFile(dir)).toThrow(InvalidProjectError);
    expect(() => readProjectFile(dir)).toThrow(fixture.rejected);
    expect(() => readProjectFile(dir)).toThrow(join(dir, "Pulumi.yaml"));
  });

  it("rewrites shorthand values as the engine does: a default for project keys, a value for others", () => {
    writeFileSync(
      join(dir, "Pulumi.yaml"),
      "name: p\nruntime: nodejs\nconfig:\n  private: false\n  elevenlabs:maxRetries: 5\n",
    );
    expect(readProjectFile(dir).config).toEqual({
      private: { default: false },
      "elevenlabs:maxRetries": { value: 5 },
    });
  });

  it("says what is wrong with a file that is not YAML, or not a map", () => {
    writeFileSync(join(dir, "Pulumi.yaml"), "name: [unclosed\n");
    expect(() => readProjectFile(dir)).toThrow(/not valid YAML/);
    writeFileSync(join(dir, "Pulumi.yaml"), "- a list\n");
    expect(() => readProjectFile(dir)).toThrow(/must be a YAML map/);
    rmSync(join(dir, "Pulumi.yaml"));
    expect(() => readProjectFile(dir)).toThrow(/no Pulumi.yaml/);
  });

  it("reads every example, none of which declares the provider's keys", () => {
    const root = join(REPO_ROOT, "examples");
    const examples = readdirSync(root).filter((name) => isExample(join(root, name)));
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const name of examples) {
      const project = readProjectFile(join(root, name));
      expect(project.name, name).toMatch(/^[a-z-]+$/);
      expect(
        Object.keys(project.config).filter((k) => k.startsWith("elevenlabs:")),
        name,
      ).toEqual([]);
    }
    expect(readProjectFile(join(root, "support-line")).config.twilioAuthToken?.secret).toBe(true);
  });

  it("gives every example the tsconfig.json of `pulumi new typescript` and the dev dependencies it installs", () => {
    const root = join(REPO_ROOT, "examples");
    for (const name of readdirSync(root).filter((n) => isExample(join(root, n)))) {
      const tsconfig = JSON.parse(readFileSync(join(root, name, "tsconfig.json"), "utf8")) as {
        compilerOptions: Record<string, unknown>;
        files: string[];
      };
      expect(tsconfig, name).toEqual({ compilerOptions: TEMPLATE_OPTIONS, files: ["index.ts"] });
      const pkg = JSON.parse(readFileSync(join(root, name, "package.json"), "utf8")) as {
        dependencies: Record<string, string>;
        devDependencies: Record<string, string>;
      };
      expect(Object.keys(pkg.dependencies).sort(), name).toEqual(["@pulumi/pulumi", "pulumi-elevenlabs"]);
      expect(Object.keys(pkg.devDependencies).sort(), name).toEqual(["@types/node", "typescript"]);
    }
  });
});
