/**
 * docs/reference/agent.md: complete (a section per object type the Agent reaches, a row per
 * property), its links resolve, and the dialect column follows the notes of the merge. Equality
 * with the generator's output is checked with the other generated files (test/schema.test.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { agentReference } from "./agentReference";
import { LEGACY_ONLY, LIVE_ONLY } from "./openapi/dialectMerge";
import { REPO } from "./openapi/generate";
import type { PackageSchema, PropertySpec, TypeSpec } from "./schema";

const schema = JSON.parse(readFileSync(join(REPO, "schema.json"), "utf8")) as PackageSchema;
const text = agentReference(schema);
const lines = text.split("\n");

/** Rows of the tables: path -> [type, what it does, dialect]. */
const rows = new Map(
  lines
    .filter((l) => l.startsWith("| `"))
    .map((l) => {
      const cells = l
        .slice(2, -2)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim());
      return [(cells[0] as string).replaceAll("`", ""), cells.slice(1)] as const;
    }),
);

/** The object types reachable from the Agent's inputs. */
function reachable(): Set<string> {
  const seen = new Set<string>();
  const walk = (p: PropertySpec): void => {
    if (p.$ref?.startsWith("#/types/")) {
      const token = p.$ref.slice("#/types/".length);
      const t = schema.types[token] as TypeSpec;
      if (t.type !== "object" || seen.has(token)) return;
      seen.add(token);
      for (const q of Object.values(t.properties)) walk(q);
    }
    for (const b of p.oneOf ?? []) walk(b);
    if (p.items) walk(p.items);
    if (p.additionalProperties) walk(p.additionalProperties);
  };
  for (const p of Object.values(schema.resources["elevenlabs:index:Agent"]?.inputProperties ?? {})) walk(p);
  return seen;
}

describe("the Agent reference", () => {
  it("has a section per object type the Agent reaches and a row per property of each", () => {
    const types = reachable();
    const documented = new Set([...text.matchAll(/ Type `(\w+)`\./g)].map((m) => m[1]));
    expect([...types].map((t) => t.replace("elevenlabs:index:", "")).sort()).toEqual([...documented].sort());
    const properties = [...types].reduce((n, t) => {
      const spec = schema.types[t];
      return n + (spec?.type === "object" ? Object.keys(spec.properties).length : 0);
    }, 0);
    const inputs = Object.keys(schema.resources["elevenlabs:index:Agent"]?.inputProperties ?? {}).length;
    expect(lines.filter((l) => l.startsWith("| `")).length).toBe(inputs + properties);
  });

  it("links only to headings it has (GitHub's anchors)", () => {
    const counts = new Map<string, number>();
    const anchors = new Set<string>();
    for (const l of lines.filter((x) => /^#{2,4} /.test(x))) {
      const base = l
        .replace(/^#+ /, "")
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\- _]/gu, "")
        .replace(/ /g, "-");
      const n = counts.get(base) ?? 0;
      counts.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    const targets = [...text.matchAll(/\]\(#([^)]*)\)/g)].map((m) => m[1] as string);
    expect(targets.length).toBeGreaterThan(300);
    expect([...new Set(targets)].filter((t) => !anchors.has(t))).toEqual([]);
  });

  it("groups the settings people look for, the most used first", () => {
    const headings = lines.filter((l) => l.startsWith("#")).map((l) => l.replace(/^#+ /, ""));
    const order = [
      "Agent",
      "conversationConfig",
      "conversationConfig.agent",
      "conversationConfig.agent.prompt",
      "conversationConfig.tts",
      "conversationConfig.asr",
      "conversationConfig.turn",
      "conversationConfig.conversation",
      "conversationConfig.vad",
      "conversationConfig.languagePresets.<key>",
      "platformSettings",
      "platformSettings.widget",
      "platformSettings.auth",
      "platformSettings.callLimits",
      "workflow",
    ].map((h) => headings.indexOf(h));
    expect(order).not.toContain(-1);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(rows.get("tags")).toBeDefined();
  });

  it("says which dialect has a setting, where only one has it", () => {
    const dialect = (path: string) => rows.get(path)?.[2];
    expect(dialect("name")).toBe("");
    expect(dialect("conversationConfig.stt")).toBe("legacy");
    expect(dialect("conversationConfig.stt.model")).toBe("legacy");
    expect(dialect("conversationConfig.turnDetection.mode")).toBe("legacy");
    expect(dialect("conversationConfig.asr")).toBe("live");
    expect(dialect("conversationConfig.asr.quality")).toBe("live");
    expect(dialect("conversationConfig.tts.voiceId")).toBe("");
    // Every legacy-only or live-only note of the schema shows up as a dialect.
    expect([...rows.values()].filter((r) => r[2] === "legacy").length).toBe(4);
    expect(text).not.toContain(LEGACY_ONLY);
    expect(text).not.toContain(LIVE_ONLY);
  });

  it("gives types with values, ranges, defaults and the legacy rules", () => {
    expect(rows.get("platformSettings.widget.variant")?.[0]).toBe(
      "`tiny` \\| `compact` \\| `full` \\| `expandable` \\| `expanded` (legacy); default `full`; legacy: not `tiny`, `expandable`; `expanded` only there",
    );
    expect(rows.get("conversationConfig.turn.turnTimeout")?.[0]).toBe(
      "number; default `7`; legacy: at least -1 and at most 300",
    );
    expect(rows.get("name")?.[0]).toBe("string; required; not blank");
    expect(rows.get("conversationConfig.agent.prompt.llm")?.[0]).toMatch(
      /^\[AgentLlm\]\(#agentllm\) \(\d+ values\); default `[^`]+`; legacy: any text; not blank$/,
    );
    expect(rows.get("conversationConfig.tts.stability")?.[1]).toBe(
      "How even the voice stays: higher is steadier, lower is more expressive.",
    );
  });
});
