import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { liveShapes } from "../../client/generated/live";
import { fromWire, toWire } from "../../client/wire";
import * as live from "../../provider/generated/live";
import {
  changedPaths,
  describedEnums,
  isWithin,
  jsonSchemaOf,
  leafPaths,
  mapPathsIn,
  ODD_KEYS,
  propertiesIn,
  propertiesOf,
  sameJson,
  validEdit,
  validValue,
  valueAt,
  valueWithEdits,
} from "./arbitraries";

const roots = [
  { name: "AgentArgs", schema: live.AgentArgsSchema, shape: liveShapes.AgentArgs },
  { name: "ToolConfig", schema: live.ToolConfigSchema, shape: liveShapes.ToolConfig },
  { name: "SecretArgs", schema: live.SecretArgsSchema, shape: liveShapes.SecretArgs },
] as const;

describe("arbitrary agents", () => {
  const json = jsonSchemaOf(live.AgentArgsSchema);
  const agents = fc.sample(validValue(json), { numRuns: 500, seed: 20_260_101 });

  it("500 generated agents pass AgentArgsSchema", () => {
    const failures = agents
      .map((a) => live.AgentArgsSchema.safeParse(a))
      .filter((r) => !r.success)
      .map((r) => JSON.stringify(r.error?.issues[0]));
    expect(failures).toEqual([]);
  });

  it("are made of objects as programs write them (with Object.prototype: the engine's SDK prints them)", () => {
    const odd: string[] = [];
    const walk = (v: unknown, at: string): void => {
      if (typeof v !== "object" || v === null) return;
      if (!Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype) odd.push(at);
      for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
    };
    agents.forEach((a, i) => {
      walk(a, `#${i}`);
    });
    expect(odd).toEqual([]);
  });

  it("and round-trip through the wire: fromWire(toWire(x)) equals x", () => {
    for (const a of agents)
      expect(fromWire(toWire(a, liveShapes.AgentArgs), liveShapes.AgentArgs)).toEqual(a);
  });

  it("exercise most of the surface, user-keyed maps with odd keys included", () => {
    const hit = new Set<string>();
    for (const a of agents) propertiesIn(json, a, hit);
    expect(hit.size / propertiesOf(json).size).toBeGreaterThan(0.8);
    const text = JSON.stringify(agents);
    for (const key of ["pt-br", "Node_1", "need_callback", "customer_tier"])
      expect(text).toContain(`"${key}":`);
  });
});

describe("arbitrary values of every generated type", () => {
  // The whole surface: each named type on its own, so rare branches (80 SMB tool params) are reached.
  for (const { name, schema } of roots) {
    it(`${name}: every type's values pass its schema, and together set every property`, () => {
      const json = jsonSchemaOf(schema);
      const hit = new Set<string>();
      const failures: string[] = [];
      const ids = [undefined, ...Object.keys(json.$defs ?? {})];
      for (const id of ids) {
        const own = id === undefined ? schema : (live as unknown as Record<string, z.ZodType>)[`${id}Schema`];
        if (!own) throw new Error(`no export ${id}Schema`);
        for (const v of fc.sample(
          validValue(json, { root: id, optionalPerObject: [99, 4, 2], maxDepth: 4 }),
          { numRuns: 25, seed: 7 },
        )) {
          const r = own.safeParse(v);
          if (!r.success) failures.push(`${id}: ${JSON.stringify(r.error.issues[0])}`);
          propertiesIn(id === undefined ? json : { ...json, $ref: `#/$defs/${id}` }, v, hit);
        }
      }
      expect(failures).toEqual([]);
      expect([...propertiesOf(json)].filter((p) => !hit.has(p))).toEqual([]);
    });
  }
});

describe("arbitrary tool configs and secrets", () => {
  for (const { name, schema, shape } of roots.slice(1)) {
    it(`${name}: valid, and round-trip through the wire`, () => {
      fc.assert(
        fc.property(validValue(schema), (v) => {
          expect(schema.safeParse(v).success).toBe(true);
          expect(fromWire(toWire(v, shape), shape)).toEqual(v);
        }),
        { numRuns: 200, seed: 11 },
      );
    });
  }
});

describe("arbitrary edits", () => {
  it("change a leaf, add or remove an optional property, and stay valid", () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(validEdit(live.AgentArgsSchema), (e) => {
        kinds.add(e.kind);
        expect(e.after).not.toBe(e.before);
        const r = live.AgentArgsSchema.safeParse(e.after);
        expect(r.error?.issues).toBeUndefined();
      }),
      { numRuns: 300, seed: 3 },
    );
    expect([...kinds].sort()).toEqual(["add", "change", "remove"]);
  });

  it("change exactly the path they name", () => {
    fc.assert(
      fc.property(validEdit(live.AgentArgsSchema), (e) => {
        const at = (v: unknown) =>
          e.path.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], v);
        if (e.kind === "remove") expect(at(e.after)).toBeUndefined();
        else expect(at(e.after)).not.toBeUndefined();
        if (e.kind === "add") expect(at(e.before)).toBeUndefined();
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});

it("odd keys cover the kinds of keys users write", () => {
  expect(ODD_KEYS).toEqual(
    expect.arrayContaining(["pt-br", "Node_1", "X-Api-Key", "need_callback", "customer_tier"]),
  );
});

describe("narrowed enums and overridden properties", () => {
  it("enums draw only the given values; overrides replace a property's values, in edits too", () => {
    const options = {
      enums: { AgentLlm: ["gpt-4o"] },
      overrides: { "AgentPrompt.toolIds": fc.constant(["tool_1"]) },
    };
    fc.assert(
      fc.property(valueWithEdits(live.AgentArgsSchema, 2, options), ({ start, steps }) => {
        for (const v of [start, ...steps.map((s) => s.after)]) {
          const text = JSON.stringify(v);
          for (const m of text.matchAll(/"llm":"([^"]*)"/g)) expect(m[1]).toBe("gpt-4o");
          const toolIds = valueAt(v, ["conversationConfig", "agent", "prompt", "toolIds"]);
          if (toolIds !== undefined) expect(toolIds).toEqual(["tool_1"]);
        }
        for (const s of steps) expect(sameJson(s.before, s.after)).toBe(false);
      }),
      { numRuns: 40, seed: 13 },
    );
    expect(() => validValue(live.AgentArgsSchema, { enums: { AgentLlm: ["no-such-llm"] } })).toThrow(/enums/);
  });

  it("describedEnums narrows the types whose values a description does not all list", () => {
    const listed = (api: string) => (api === "ASRProvider" ? ["elevenlabs", "scribe_realtime"] : undefined);
    expect(describedEnums(live.AgentArgsSchema, listed)).toEqual({
      AgentAsrProvider: ["elevenlabs", "scribe_realtime"],
    });
  });
});

describe("paths", () => {
  const before = { a: { b: 1, c: [1] }, m: { k: { x: 1 } }, gone: { y: 1 } };
  const after = { a: { b: 2, c: [1, 2] }, m: { k: { x: 2 } }, added: true };

  it("changedPaths: outermost; arrays and the given wholes are one value", () => {
    expect(changedPaths(before, after, [["m"]])).toEqual([
      ["a", "b"],
      ["a", "c"],
      ["m"],
      ["gone"],
      ["added"],
    ]);
    expect(changedPaths(before, before)).toEqual([]);
    expect(changedPaths({ n: -0 }, { n: 0 })).toEqual([]); // the wire has no -0
  });

  it("leafPaths: scalars, nulls, arrays, empty objects and wholes are leaves", () => {
    expect(leafPaths({ a: { b: null, c: [1] }, e: {}, m: { k: { x: 1 } } }, [["m"]])).toEqual([
      ["a", "b"],
      ["a", "c"],
      ["e"],
      ["m"],
    ]);
  });

  it("isWithin, valueAt (own keys only: a map key may be 'toString')", () => {
    expect(isWithin(["a", "b"], ["a"])).toBe(true);
    expect(isWithin(["a"], ["a", "b"])).toBe(false);
    expect(valueAt({ m: { toString: 1 } }, ["m", "toString"])).toBe(1);
    expect(valueAt({ m: {} }, ["m", "toString"])).toBeUndefined();
  });

  it("mapPathsIn finds the user-keyed maps of a value", () => {
    const agent = {
      name: "A",
      conversationConfig: { languagePresets: { "pt-br": { overrides: {} } } },
      platformSettings: { dataCollection: {} },
    };
    expect(mapPathsIn(live.AgentArgsSchema, agent)).toEqual([
      ["conversationConfig", "languagePresets"],
      ["platformSettings", "dataCollection"],
    ]);
  });
});
