/**
 * The plugin as `make plugin` packs it: the tarball installs with `pulumi plugin install resource
 * elevenlabs <version> --file`, and a YAML project deploys through the installed plugin (its
 * launcher finds Node 22; nothing of the repository is on PATH), then destroys.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildPlugin } from "../scripts/build-plugin";
import { useEmulator } from "./helpers/emulator";
import { REPO_ROOT } from "./helpers/paths";
import { YamlProject } from "./helpers/plugin";

const PLATFORM = `${process.platform}-${process.arch === "x64" ? "amd64" : process.arch}`;

describe("the plugin tarball", () => {
  const env = useEmulator();
  const out = mkdtempSync(join(tmpdir(), "plugin-tarball-"));
  let project: YamlProject | undefined;
  afterAll(() => {
    project?.dispose();
    rmSync(out, { recursive: true, force: true });
  });

  it("installs with pulumi plugin install and serves a YAML project", async () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
      version: string;
    };
    const [tarball] = buildPlugin(out, [PLATFORM]);
    expect(tarball).toMatch(new RegExp(`pulumi-resource-elevenlabs-v${version}-${PLATFORM}\\.tar\\.gz$`));
    const program = [
      "name: from-tarball",
      "runtime: yaml",
      "resources:",
      "  support:",
      "    type: elevenlabs:index:Agent",
      "    properties: { name: Installed Plugin, conversationConfig: {} }",
      "outputs:",
      `  agentId: \${support.agentId}`,
      "",
    ].join("\n");
    project = await YamlProject.create({ "Pulumi.yaml": program }, env, { pluginOnPath: false });
    await project.pulumi([
      "plugin",
      "install",
      "resource",
      "elevenlabs",
      version,
      "--file",
      tarball as string,
    ]);
    const listed = await project.pulumi(["plugin", "ls"]);
    expect(listed.stdout).toMatch(new RegExp(`elevenlabs\\s+resource\\s+${version.replace(/\./g, "\\.")}`));
    const up = await project.up();
    expect(`${up.stdout}${up.stderr}`).not.toMatch(/pulumi-resource-elevenlabs from \$PATH/);
    expect(Object.values(env.emu.workspace(env.apiKey).agents).map((a) => a.name)).toEqual([
      "Installed Plugin",
    ]);
    await project.previewNoChanges();
    await project.destroy();
    expect(env.emu.workspace(env.apiKey).isEmpty()).toBe(true);
  });
});
