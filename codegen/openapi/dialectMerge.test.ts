import { describe, expect, it } from "vitest";
import { z } from "zod";
import { factSentences } from "./describe";
import { IN_LEGACY, LEGACY_ONLY, LIVE_ONLY, mergeLegacy, REQUIRED_IN_LEGACY } from "./dialectMerge";
import { pulumiTypesOf } from "./pulumiTypes";
import type { SchemaNode } from "./spec";

const jsonOf = (s: z.ZodType): SchemaNode => z.toJSONSchema(s, { io: "input" }) as SchemaNode;

// Two small dialects shaped like the real ones: descriptions as `describe` writes them.
const LiveVariant = z.enum(["tiny", "compact", "full"]).meta({ id: "Variant", description: "Values." });
const LiveWidget = z
  .strictObject({
    variant: LiveVariant.optional().meta({
      description: "Look.\nWire field `w.variant`. One of `tiny`, `compact`, `full`.",
    }),
    color: z.string().optional().meta({ description: "Wire field `w.color`." }),
  })
  .meta({ id: "Widget", description: "The widget." });
const LiveTurn = z
  .strictObject({
    timeout: z.number().optional().meta({ description: "Silence.\nWire field `turn.timeout`. Default `7`." }),
    llm: z.enum(["a", "b"]).optional().meta({ description: "Wire field `turn.llm`. One of `a`, `b`." }),
  })
  .meta({ id: "Turn", description: "Turns." });
const Live = z.strictObject({
  name: z.string().meta({ description: "Name.\nWire field `name`." }),
  widget: LiveWidget.optional().meta({ description: "Wire field `widget`." }),
  turn: LiveTurn.optional().meta({ description: "Wire field `turn`." }),
  workflow: z.record(z.string(), z.string()).optional().meta({ description: "Wire field `workflow`." }),
});

const LegacyMode = z.enum(["vad", "turns"]).meta({ id: "LegacyMode", description: "Modes." });
const LegacyStt = z
  .strictObject({ mode: LegacyMode.optional().meta({ description: "Wire field `stt.mode`." }) })
  .meta({ id: "LegacyStt", description: "Transcription." });
const Legacy = z.strictObject({
  name: z.string().meta({ description: "Name.\nWire field `name`." }),
  widget: z
    .strictObject({
      variant: z
        .enum(["full", "compact", "expanded"])
        .optional()
        .meta({ description: "Wire field `w.variant`. One of `full`, `compact`, `expanded`." }),
    })
    .meta({ id: "LegacyWidget", description: "The widget." })
    .meta({ description: "Wire field `widget`." }),
  turn: z
    .strictObject({
      timeout: z
        .number()
        .gte(-1)
        .lte(300)
        .optional()
        .meta({ description: "Wire field `turn.timeout`. At least -1 and at most 300." }),
      llm: z.string().regex(/\S/).optional().meta({ description: "Wire field `turn.llm`. Not blank." }),
    })
    .meta({ id: "LegacyTurn", description: "Turns." })
    .optional()
    .meta({ description: "Wire field `turn`." }),
  stt: LegacyStt.optional().meta({ description: "How speech is transcribed.\nWire field `stt`." }),
});

describe("mergeLegacy", () => {
  const live = jsonOf(Live);
  const legacy = jsonOf(Legacy);
  const before = JSON.stringify(live);
  const { schema, report } = mergeLegacy(live, legacy);
  const defs = schema.$defs ?? {};

  it("adds a legacy-only property with its types, saying it is legacy-only", () => {
    expect(schema.properties?.stt?.description).toBe(
      `${LEGACY_ONLY} How speech is transcribed.\nWire field \`stt\`.`,
    );
    expect(defs.LegacyStt).toEqual(legacy.$defs?.LegacyStt);
    expect(defs.LegacyMode).toEqual(legacy.$defs?.LegacyMode);
    expect(report.legacyOnly).toEqual(["stt"]);
    // The live root's own requirements stay: the merge documents, it does not validate.
    expect(schema.required).toEqual(["name"]);
  });

  it("adds legacy-only enum values, noted per value and on the property", () => {
    expect(defs.Variant?.enum).toEqual(["tiny", "compact", "full", "expanded"]);
    expect(defs.Variant?.enumDescriptions).toEqual(["", "", "", LEGACY_ONLY]);
    expect(defs.Widget?.properties?.variant?.description).toContain(
      `${IN_LEGACY} not \`tiny\`; \`expanded\` only there.`,
    );
    expect(report.legacyValues).toEqual(["widget.variant: expanded"]);
  });

  it("notes the legacy rules a shared property has beyond the live ones", () => {
    expect(defs.Turn?.properties?.timeout?.description).toBe(
      `Silence.\nWire field \`turn.timeout\`. Default \`7\`.\n${IN_LEGACY} at least -1 and at most 300.`,
    );
    expect(defs.Turn?.properties?.llm?.description).toContain(`${IN_LEGACY} any text; not blank.`);
    expect(schema.properties?.name?.description).toBe("Name.\nWire field `name`.");
  });

  it("marks live-only properties where the dialects part, once", () => {
    expect(report.liveOnly).toEqual(["widget.color", "workflow"]);
    expect(schema.properties?.workflow?.description?.endsWith(LIVE_ONLY)).toBe(true);
  });

  it("leaves its arguments alone, and the result converts to Pulumi types", () => {
    expect(JSON.stringify(live)).toBe(before);
    const p = pulumiTypesOf(schema);
    expect(p.types["elevenlabs:index:Variant"]).toMatchObject({
      enum: [
        { value: "tiny" },
        { value: "compact" },
        { value: "full" },
        { value: "expanded", description: LEGACY_ONLY },
      ],
    });
    expect(p.types["elevenlabs:index:LegacyStt"]).toBeDefined();
  });

  it("notes a property only the legacy dialect requires", () => {
    const a = jsonOf(z.strictObject({ cc: z.string().optional().meta({ description: "Wire field `cc`." }) }));
    const b = jsonOf(z.strictObject({ cc: z.string().meta({ description: "Wire field `cc`." }) }));
    const merged = mergeLegacy(a, b);
    expect(merged.schema.properties?.cc?.description).toBe(`Wire field \`cc\`.\n${REQUIRED_IN_LEGACY}`);
    expect(merged.report.requiredInLegacy).toEqual(["cc"]);
  });

  it("refuses to add to a live type used in several places, and a legacy id that is a live one", () => {
    const Shared = z
      .strictObject({ a: z.string().optional() })
      .meta({ id: "Shared", description: "Used twice." });
    const twice = jsonOf(z.strictObject({ x: Shared.optional(), y: Shared.optional() }));
    const more = jsonOf(
      z.strictObject({ x: z.strictObject({ a: z.string(), b: z.string() }).meta({ id: "LegacyX" }) }),
    );
    expect(() => mergeLegacy(twice, more)).toThrow(
      /x\.b: a property only the legacy dialect has .* Shared, which is used in 2 places/,
    );

    // Also through a kept null.
    const nullable = jsonOf(z.strictObject({ x: Shared.nullable(), y: Shared.optional() }));
    expect(() => mergeLegacy(nullable, more)).toThrow(/Shared, which is used in 2 places/);

    const Same = z.strictObject({ q: z.number() }).meta({ id: "Shared" });
    const clash = jsonOf(z.strictObject({ z: Same.optional() }));
    expect(() => mergeLegacy(jsonOf(z.strictObject({ x: Shared.optional() })), clash)).toThrow(
      /legacy type Shared has the id of a live type/,
    );
  });
});

describe("factSentences", () => {
  it("reads the facts of a description `describe` wrote, one sentence each", () => {
    expect(
      factSentences("Text.\nWire field `a.b`. Integer. At least 0 and at most 2. Default `0.5`."),
    ).toEqual(["Integer.", "At least 0 and at most 2.", "Default `0.5`."]);
    expect(factSentences("Wire field `a`.")).toEqual([]);
    expect(factSentences("Written by hand.")).toEqual([]);
  });
});
