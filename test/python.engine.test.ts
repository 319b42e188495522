/**
 * Python programs through Pulumi's Python Automation API and the provider plugin: a document read
 * from a file next to the program (its relative path resolved in the program's folder), a function
 * called with an Output, an empty second preview, a replacement when the file changes, destroy.
 * Bad input fails at preview naming the field, before any request.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { useEmulator } from "./helpers/emulator";
import { REPO_ROOT } from "./helpers/paths";
import { runPython } from "./helpers/plugin";

describe("a Python program with the plugin", () => {
  const env = useEmulator();
  const workDir = mkdtempSync(join(tmpdir(), "python-program-"));
  const program = join(REPO_ROOT, "test", "python", "documents.py");
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("deploys a file document from the program's folder, calls a function, and previews clean", async () => {
    writeFileSync(join(workDir, "manual.md"), "# Manual\nHold the button for ten seconds.\n");
    const run = await runPython(program, ["up", "preview"], env, { workDir, root: workDir });
    expect(run.steps.map((s) => s.error ?? "")).toEqual(["", ""]);
    expect(run.steps[0]?.changes).toEqual({ create: 3 });
    expect(run.steps[0]?.outputs?.foundName).toBe("Python Support");
    expect(run.steps[1]?.changes).toEqual({});
    const docs = Object.values(env.emu.workspace(env.apiKey).documents);
    expect(docs.map((d) => [d.type, d.name])).toEqual([["file", "Manual"]]);
  });

  it("replaces the document when the file changes, then destroys everything", async () => {
    writeFileSync(join(workDir, "manual.md"), "# Manual\nNew: returns within 30 days.\n");
    const run = await runPython(program, ["preview", "up", "preview", "destroy"], env, {
      workDir,
      root: workDir,
    });
    expect(run.steps.map((s) => s.error ?? "")).toEqual(["", "", "", ""]);
    expect(run.steps.map((s) => s.changes)).toEqual([{ replace: 1 }, { replace: 1 }, {}, { delete: 3 }]);
    expect(env.emu.workspace(env.apiKey).isEmpty()).toBe(true);
  });
});

describe("bad input in Python fails at preview, naming the field, before any request", () => {
  const env = useEmulator();
  const dir = mkdtempSync(join(tmpdir(), "python-bad-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a value out of range", async () => {
    const program = join(dir, "bad.py");
    writeFileSync(
      program,
      [
        "import pulumi_elevenlabs as elevenlabs",
        "def program():",
        '    elevenlabs.Agent("a", name="A", conversation_config={"tts": {"stability": 7}})',
        "",
      ].join("\n"),
    );
    const run = await runPython(program, ["preview"], env, { root: dir });
    expect(run.steps[0]?.error).toMatch(/conversationConfig\.tts\.stability: Too big/);
    expect(env.emu.requests()).toEqual([]);
  });
});
