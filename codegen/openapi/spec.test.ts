import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./generate";
import { applyRules, loadDescription, nonNullBranch, type OpenApiDocument, readJson, refName } from "./spec";

const doc = (): OpenApiDocument => ({
  openapi: "3.1.0",
  components: {
    schemas: {
      Body: {
        type: "object",
        properties: {
          name: { anyOf: [{ type: "string" }, { type: "null" }] },
          tags: { anyOf: [{ type: "array", items: { type: "string" } }, { type: "null" }] },
          plain: { type: "string" },
          list: { type: "array", items: { type: "string" } },
        },
      },
      "Dotted.Name": { type: "object", properties: { "a.b": { type: "string" } } },
    },
  },
});

describe("applyRules", () => {
  it("merges into the non-null branch of a nullable property, and into the items for `[]`", () => {
    const out = applyRules(
      doc(),
      {
        d: {
          "Body.name": { pattern: "\\S" },
          "Body.tags[]": { pattern: "\\S" },
          "Body.plain": { minLength: 1 },
          "Body.list[]": { enum: ["a"] },
        },
      },
      "d",
    );
    const p = out.components.schemas.Body?.properties ?? {};
    expect(p.name?.anyOf?.[0]).toEqual({ type: "string", pattern: "\\S" });
    expect(p.tags?.anyOf?.[0]?.items).toEqual({ type: "string", pattern: "\\S" });
    expect(p.plain).toEqual({ type: "string", minLength: 1 });
    expect(p.list?.items).toEqual({ type: "string", enum: ["a"] });
  });

  it("leaves the input untouched", () => {
    const input = doc();
    applyRules(input, { d: { "Body.plain": { minLength: 1 } } }, "d");
    expect(input.components.schemas.Body?.properties?.plain).toEqual({ type: "string" });
  });

  it("finds schema and property names that contain dots", () => {
    const out = applyRules(doc(), { d: { "Dotted.Name.a.b": { maxLength: 3 } } }, "d");
    expect(out.components.schemas["Dotted.Name"]?.properties?.["a.b"]).toEqual({
      type: "string",
      maxLength: 3,
    });
  });

  it("fails on a rule that names nothing, an array rule on a scalar, an unknown dialect", () => {
    expect(() => applyRules(doc(), { d: { "Body.nope": {} } }, "d")).toThrow(/names no property/);
    expect(() => applyRules(doc(), { d: { "Body.plain[]": {} } }, "d")).toThrow(/not an array/);
    expect(() => applyRules(doc(), { d: {} }, "other")).toThrow(/no dialect/);
  });

  it("applies the project's live rules to the live description", () => {
    const live = loadDescription(
      join(REPO, "emulator/spec/elevenlabs-convai-openapi.json"),
      join(REPO, "emulator/spec/rules.json"),
      "live",
    );
    const body = live.components.schemas.Body_Create_Agent_v1_convai_agents_create_post?.properties ?? {};
    expect(body.name?.anyOf?.[0]).toMatchObject({ type: "string", pattern: "\\S" });
    expect(readJson(join(REPO, "emulator/spec/rules.json"))).toHaveProperty("legacy");
  });
});

describe("helpers", () => {
  it("refName resolves local component references only", () => {
    expect(refName("#/components/schemas/LLM")).toBe("LLM");
    expect(() => refName("other.json#/x")).toThrow(/unsupported/);
  });
  it("nonNullBranch unwraps anyOf [X, null] only", () => {
    expect(nonNullBranch({ anyOf: [{ type: "string" }, { type: "null" }] })).toEqual({ type: "string" });
    expect(nonNullBranch({ anyOf: [{ type: "string" }, { type: "number" }] })).toBeUndefined();
    expect(nonNullBranch({ type: "string" })).toBeUndefined();
  });
});
