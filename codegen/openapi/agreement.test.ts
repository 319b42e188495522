/**
 * One table of rules: the provider's generated program schemas accept exactly the agents the
 * emulator accepts (and reject what it rejects), per dialect. The program value (camelCase) goes
 * through the dialect's zod `AgentArgsSchema`; its wire form (`toWire` with the dialect's shapes)
 * through the emulator's `validateRequest("POST /agents/create", ..., dialect)`, which validates
 * against the same description and rules overlay the generator read.
 *
 * Three sources of agents: a hand-written table (the rules people meet), a few hundred generated
 * valid agents, and "near misses": each generated agent with one value replaced by a probe (a
 * blank string, an out-of-range number, a value of another type, an unknown key) that either
 * schema may accept or reject, as long as both say the same.
 *
 * By design the two differ in two ways, each pinned by a test below instead of probed at random:
 * - a program is stricter than the wire: no null for an optional setting (programs leave it out),
 *   properties programs must set although the description has them optional (`name`, union tags),
 *   camelCase only;
 * - the live program schemas know the official SDK's newer enum values (new LLMs, TTS models; see
 *   `DialectConfig.sdkEnums`), which the emulator's copy of the description does not list yet.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { legacyShapes } from "../../client/generated/legacy";
import { liveShapes } from "../../client/generated/live";
import { type Shape, toWire } from "../../client/wire";
import { validateRequest } from "../../emulator";
import { AgentArgsSchema as LegacyAgentArgsSchema } from "../../provider/generated/legacy";
import { AgentArgsSchema as LiveAgentArgsSchema } from "../../provider/generated/live";
import { jsonSchemaOf, validValue } from "../../test/helpers/arbitraries";
import { liveIr } from "./generate";

type Dialect = "live" | "legacy";

interface Pair {
  readonly dialect: Dialect;
  readonly schema: z.ZodType;
  readonly shape: Shape;
}

const LIVE: Pair = { dialect: "live", schema: LiveAgentArgsSchema, shape: liveShapes.AgentArgs };
const LEGACY: Pair = { dialect: "legacy", schema: LegacyAgentArgsSchema, shape: legacyShapes.AgentArgs };

/** Both verdicts on one program value: does the provider's schema accept it, does the emulator? */
function verdicts(pair: Pair, value: unknown): { provider: boolean; emulator: boolean; issues: string } {
  const provider = pair.schema.safeParse(value).success;
  const issues = validateRequest(
    "POST /agents/create",
    { kind: "json", value: toWire(value, pair.shape) },
    pair.dialect,
  );
  return { provider, emulator: issues.length === 0, issues: JSON.stringify(issues.slice(0, 2)) };
}

const base = { name: "Support", conversationConfig: {} };
const withCc = (cc: Record<string, unknown>) => ({ name: "Support", conversationConfig: cc });
const agentCc = (agent: Record<string, unknown>) => withCc({ agent });
const prompt = (p: Record<string, unknown>) => agentCc({ prompt: p });
const tts = (t: Record<string, unknown>) => withCc({ tts: t });
const widget = (variant: string) => ({ ...base, platformSettings: { widget: { variant } } });
const kb = (doc: Record<string, unknown>) => prompt({ knowledgeBase: [doc] });

/** `[what, program value, valid in live, valid in legacy]`. */
const TABLE: readonly (readonly [string, unknown, boolean, boolean])[] = [
  ["a name and an empty conversation config", base, true, true],
  ["a name alone (both require conversationConfig)", { name: "Support" }, false, false],
  ["a blank name", { ...base, name: "  " }, false, false],
  ["an unknown top-level key", { ...base, voice: "x" }, false, false],
  ["tags", { ...base, tags: ["prod", "support"] }, true, true],
  ["a blank tag", { ...base, tags: [" "] }, false, false],
  ["language ja", agentCc({ language: "ja" }), true, true],
  ["language pt-br (live only)", agentCc({ language: "pt-br" }), true, false],
  ["language xx", agentCc({ language: "xx" }), false, false],
  ["first message empty (the user speaks first)", agentCc({ firstMessage: "" }), true, true],
  ["temperature 2", prompt({ temperature: 2 }), true, true],
  ["temperature 2.01 (legacy caps it at 2)", prompt({ temperature: 2.01 }), true, false],
  ["max tokens -1", prompt({ maxTokens: -1 }), true, true],
  ["max tokens 1.5", prompt({ maxTokens: 1.5 }), false, false],
  ["a knowledge document", kb({ type: "url", name: "FAQ", id: "doc_1" }), true, true],
  ["a knowledge document without id", kb({ type: "url", name: "FAQ" }), false, false],
  ["a knowledge document with a blank id", kb({ type: "url", name: "FAQ", id: " " }), true, false],
  ["a knowledge folder (live only)", kb({ type: "folder", name: "F", id: "f_1" }), true, false],
  ["stability 1", tts({ stability: 1 }), true, true],
  ["stability 1.5", tts({ stability: 1.5 }), false, false],
  ["speed 0.69", tts({ speed: 0.69 }), false, false],
  ["speed 1.2", tts({ speed: 1.2 }), true, true],
  ["latency 4", tts({ optimizeStreamingLatency: 4 }), true, true],
  ["latency 5", tts({ optimizeStreamingLatency: 5 }), false, false],
  ["a blank voice", tts({ voiceId: " " }), false, false],
  ["output format ulaw_8000", tts({ agentOutputAudioFormat: "ulaw_8000" }), true, true],
  ["turn timeout -1", withCc({ turn: { turnTimeout: -1 } }), true, true],
  ["turn timeout 301 (legacy caps it at 300)", withCc({ turn: { turnTimeout: 301 } }), true, false],
  ["max duration 7200", withCc({ conversation: { maxDurationSeconds: 7200 } }), true, true],
  [
    "max duration 0 (legacy wants at least 1)",
    withCc({ conversation: { maxDurationSeconds: 0 } }),
    true,
    false,
  ],
  ["max duration 1.5", withCc({ conversation: { maxDurationSeconds: 1.5 } }), false, false],
  ["stt (legacy only)", withCc({ stt: { model: "scribe" } }), false, true],
  ["a blank stt model", withCc({ stt: { model: " " } }), false, false],
  ["turn detection server_vad (legacy only)", withCc({ turnDetection: { mode: "server_vad" } }), false, true],
  ["turn detection vad", withCc({ turnDetection: { mode: "vad" } }), false, false],
  ["asr (live only)", withCc({ asr: { quality: "high" } }), true, false],
  ["widget compact", widget("compact"), true, true],
  ["widget expanded (legacy only)", widget("expanded"), false, true],
  ["widget expandable (live only)", widget("expandable"), true, false],
  ["private agent", { ...base, platformSettings: { auth: { enableAuth: true } } }, true, true],
  ["auth enabled as text", { ...base, platformSettings: { auth: { enableAuth: "yes" } } }, false, false],
];

describe("the hand-written table", () => {
  for (const pair of [LIVE, LEGACY]) {
    it.each(
      TABLE.map(([what, value, live, legacy]) => [what, value, pair.dialect === "live" ? live : legacy]),
    )(`${pair.dialect}: %s`, (_what, value, valid) => {
      const v = verdicts(pair, value);
      expect({ provider: v.provider, emulator: v.emulator }, v.issues).toEqual({
        provider: valid,
        emulator: valid,
      });
    });
  }
});

describe("where a program is stricter than the wire, by design", () => {
  it.each([
    ["live", "no name (the live description has it optional)", { conversationConfig: {} }],
    ["live", "the API's snake_case spelling", { name: "Support", conversation_config: {} }],
    ["legacy", "the API's snake_case spelling", { name: "Support", conversation_config: {} }],
    ["live", "null for an optional setting", { ...base, tags: null }],
    ["legacy", "null for an optional setting", { ...base, tags: null }],
  ] as const)("%s: %s", (dialect, _what, value) => {
    const v = verdicts(dialect === "live" ? LIVE : LEGACY, value);
    expect({ provider: v.provider, emulator: v.emulator }).toEqual({ provider: false, emulator: true });
  });
});

/**
 * The live enums with values the official SDK knows and the description does not (by type id),
 * from the live IR; rules.json adds them for the provider and the emulator alike.
 */
const sdkExtras: ReadonlyMap<string, readonly unknown[]> = new Map(
  [...liveIr().ir.types.values()].filter((t) => t.sdkExtra?.length).map((t) => [t.id, t.sdkExtra ?? []]),
);

describe("the SDK's newer enum values", () => {
  it("the provider and the emulator both accept them (rules.json lists them for both)", () => {
    expect([...sdkExtras.keys()].sort()).toEqual([
      "AgentAsrProvider",
      "AgentLlm",
      "AgentTtsConversationalModel",
      "AgentTtsModelFamily",
    ]);
    const llm = sdkExtras.get("AgentLlm")?.[0] as string;
    const model = sdkExtras.get("AgentTtsConversationalModel")?.[0] as string;
    for (const value of [prompt({ llm }), tts({ modelId: model })]) {
      const v = verdicts(LIVE, value);
      expect({ provider: v.provider, emulator: v.emulator }).toEqual({ provider: true, emulator: true });
    }
  });
});

/** Values that probe a rule where they replace a valid one (null is left out: see the header). */
const PROBES: readonly unknown[] = [
  "",
  " ",
  "x",
  "en",
  "not-a-value",
  -1,
  0,
  0.5,
  1,
  2.5,
  301,
  1e7,
  -1e7,
  true,
  [],
  ["x"],
  {},
];

/** Every path to a value inside `value` (object keys, array indexes), the root excluded. */
function paths(value: unknown, at: readonly (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...at, i], ...paths(v, [...at, i])]);
  if (typeof value === "object" && value !== null)
    return Object.entries(value).flatMap(([k, v]) => [[...at, k], ...paths(v, [...at, k])]);
  return [];
}

/** `value` with the value at `path` replaced (or, with `add`, an extra key added to the object there). */
function replaced(value: unknown, path: readonly (string | number)[], probe: unknown): unknown {
  const copy = structuredClone(value);
  if (path.length === 0) return probe;
  let node = copy as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  node[path.at(-1) as string | number] = probe;
  return copy;
}

/** Near misses of an agent: one probe at one path each, or an unknown key in one object. */
function nearMisses(agent: unknown, rng: () => number, count: number): { path: string; value: unknown }[] {
  const all = paths(agent);
  const objects = [[], ...all].filter((p) => {
    const v = p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], agent);
    return typeof v === "object" && v !== null && !Array.isArray(v);
  });
  const out: { path: string; value: unknown }[] = [];
  for (let i = 0; i < count; i++) {
    if (rng() < 0.15 && objects.length > 0) {
      const p = objects[Math.floor(rng() * objects.length)] as (string | number)[];
      out.push({ path: `${p.join(".")}.notASetting`, value: replaced(agent, [...p, "notASetting"], 1) });
    } else if (all.length > 0) {
      const p = all[Math.floor(rng() * all.length)] as (string | number)[];
      const probe = PROBES[Math.floor(rng() * PROBES.length)];
      out.push({ path: `${p.join(".")} = ${JSON.stringify(probe)}`, value: replaced(agent, p, probe) });
    }
  }
  return out;
}

/** A seeded generator of numbers in [0, 1) (mulberry32), so a failure can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe.each([
  { dialect: "live", agents: 300, missesPerAgent: 6 },
  { dialect: "legacy", agents: 300, missesPerAgent: 12 },
] as const)("generated agents, $dialect", ({ dialect, agents, missesPerAgent }) => {
  const pair = dialect === "live" ? LIVE : LEGACY;
  const schema = jsonSchemaOf(pair.schema);
  const sample = fc.sample(validValue(schema), { numRuns: agents, seed: 20_261_125 });

  it(`${agents} valid agents pass both the provider's schema and the emulator`, () => {
    const disagreements = sample
      .map((a, i) => ({ i, ...verdicts(pair, a) }))
      .filter((v) => !(v.provider && v.emulator))
      .map((v) => `#${v.i}: provider ${v.provider}, emulator ${v.emulator} ${v.issues}`);
    expect(disagreements).toEqual([]);
  });

  it("near misses: the provider and the emulator give the same verdict on each", () => {
    const rng = seeded(7);
    let rejected = 0;
    let accepted = 0;
    const disagreements: string[] = [];
    sample.forEach((agent, i) => {
      for (const miss of nearMisses(agent, rng, missesPerAgent)) {
        const v = verdicts(pair, miss.value);
        if (v.provider !== v.emulator)
          disagreements.push(
            `#${i} ${miss.path}: provider ${v.provider}, emulator ${v.emulator} ${v.issues}`,
          );
        else if (v.provider) accepted++;
        else rejected++;
      }
    });
    expect(disagreements.slice(0, 10)).toEqual([]);
    // The probes mostly break a rule; some land where they are valid (a string for a string).
    expect(rejected).toBeGreaterThan(accepted);
    expect(accepted).toBeGreaterThan(0);
  });
});
