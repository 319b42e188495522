/** The example runner's reading of `Pulumi.<stack>.yaml` (plain config only, keys namespaced). */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT, readStackConfigFile } from "../scripts/example-runner";

describe("readStackConfigFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "runner-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "Pulumi.yaml"), "name: demo\nruntime: nodejs\n");

  it("reads plain values, namespaces bare keys, leaves secrets out and keeps structure as JSON", () => {
    writeFileSync(
      join(dir, "Pulumi.dev.yaml"),
      [
        "encryptionsalt: v1:abc",
        "config:",
        "  elevenlabs:baseUrl: http://127.0.0.1:1/v1/convai",
        "  elevenlabs:apiKey:",
        "    secure: v1:AAAA",
        "  greeting: Hi # a comment",
        "  retries: 3",
        "  private: true",
        "  prompt: |-",
        "    line one",
        "    line two",
        "  voices: [a, b]",
      ].join("\n"),
    );
    const r = readStackConfigFile(dir, "dev");
    expect(r.path).toBe(join(dir, "Pulumi.dev.yaml"));
    expect(r.secureKeys).toEqual(["elevenlabs:apiKey"]);
    expect(r.config).toEqual({
      "elevenlabs:baseUrl": { value: "http://127.0.0.1:1/v1/convai" },
      "demo:greeting": { value: "Hi" },
      "demo:retries": { value: "3" },
      "demo:private": { value: "true" },
      "demo:prompt": { value: "line one\nline two" },
      "demo:voices": { value: '["a","b"]' },
    });
  });

  it("is empty for a stack without a file", () => {
    expect(readStackConfigFile(dir, "none")).toEqual({ path: undefined, config: {}, secureKeys: [] });
  });

  it("reads the environments example's two stacks, which differ", () => {
    const dirEnv = join(REPO_ROOT, "examples", "environments");
    const staging = readStackConfigFile(dirEnv, "staging");
    const production = readStackConfigFile(dirEnv, "production");
    expect(staging.secureKeys).toEqual([]);
    expect(production.secureKeys).toEqual([]);
    for (const key of ["agentName", "firstMessage", "prompt", "docsUrl", "private"]) {
      expect(staging.config[`support-agent:${key}`]?.value).toBeTruthy();
      expect(staging.config[`support-agent:${key}`]).not.toEqual(production.config[`support-agent:${key}`]);
    }
    expect(staging.config["elevenlabs:baseUrl"]?.value).toMatch(/^https:\/\//);
  });
});
