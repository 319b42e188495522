/**
 * The descriptions, the rules overlay, the validator and the defaults walked from answer schemas.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UploadedFile } from "./context";
import { DEFAULT_VOICE_ID, renderObject } from "./defaults";
import { legacyMarkers, routeDialects } from "./dialect";
import type { ValidationIssue } from "./errors";
import {
  applyRules,
  componentSchema,
  DIALECTS,
  description,
  findSpecDir,
  nonNullBranch,
  overlayRules,
  type Schema,
  SPEC_FILES,
  specDir,
  supportedLanguages,
} from "./openapi";
import { ROUTES } from "./routes";
import {
  ANSWER_MODE,
  FORM_MODE,
  REQUEST_MODE,
  validateAnswer,
  validateMerged,
  validateRequest,
  validateSchema,
} from "./validate";

const issue = (loc: (string | number)[], type: string) => ({ loc, msg: expect.any(String), type });

describe("descriptions", () => {
  it("both load from emulator/spec, once per process", () => {
    expect(specDir()).toBe(join(__dirname, "spec"));
    for (const d of DIALECTS) {
      expect(description(d)).toBe(description(d));
      expect(description(d).operations.size).toBeGreaterThan(10);
    }
    expect(description("live").operations.has("POST /knowledge-base/file")).toBe(true);
    expect(description("legacy").operations.has("POST /agents/{agent_id}/knowledge-base")).toBe(true);
  });

  it("are found from a compiled module directory (dist/emulator -> emulator/spec)", () => {
    const root = mkdtempSync(join(tmpdir(), "el-spec-"));
    try {
      mkdirSync(join(root, "dist", "emulator"), { recursive: true });
      mkdirSync(join(root, "emulator", "spec"), { recursive: true });
      expect(findSpecDir(join(root, "dist", "emulator"))).toBeUndefined();
      writeFileSync(join(root, "emulator", "spec", SPEC_FILES.live), "{}");
      expect(findSpecDir(join(root, "dist", "emulator"))).toBe(join(root, "emulator", "spec"));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("every route of the table is in a description, or is the WebSocket both dialects share", () => {
    for (const route of Object.keys(ROUTES)) {
      const inSome = DIALECTS.some((d) => description(d).operations.has(route));
      expect({ route, described: inSome || route === "GET /conversation" }).toEqual({
        route,
        described: true,
      });
    }
    expect(routeDialects("POST /twilio/outbound_call")).toEqual(["legacy"]);
    expect(routeDialects("POST /twilio/outbound-call")).toEqual(["live"]);
    expect(routeDialects("POST /agents/create")).toEqual(["live", "legacy"]);
    expect(routeDialects("POST /knowledge-base/url")).toEqual(["live"]);
  });

  it("languages: 32 in the legacy description, the overlay's list live", () => {
    expect(supportedLanguages("legacy")).toHaveLength(32);
    expect(supportedLanguages("live")).toContain("pt-br");
    expect(supportedLanguages("legacy")).not.toContain("pt-br");
  });
});

describe("the rules overlay", () => {
  it("every rule of rules.json lands on its property (non-null branch, items for [])", () => {
    const rules = overlayRules();
    expect(Object.keys(rules.live).length).toBeGreaterThan(15);
    for (const [key, keywords] of Object.entries(rules.live)) {
      if (!key.includes(".")) {
        // A component's own rule (an enum the SDK knows): its values are added to the schema's.
        const schema = componentSchema("live", key);
        expect({ key, enum: schema.enum }).toMatchObject({
          key,
          enum: expect.arrayContaining((keywords as { enum: unknown[] }).enum),
        });
        continue;
      }
      const items = key.endsWith("[]");
      const path = items ? key.slice(0, -2) : key;
      const dot = path.lastIndexOf(".");
      const owner = componentSchema("live", path.slice(0, dot));
      let target = nonNullBranch((owner.properties as Record<string, Schema>)[path.slice(dot + 1)] ?? {});
      if (items) target = target.items as Schema;
      expect({ key, target }).toMatchObject({ key, target: keywords });
    }
  });

  it("applyRules: nullable -> non-null branch, [] -> items; an unknown property is an error", () => {
    const schemas: Record<string, Schema> = {
      S: {
        type: "object",
        properties: {
          name: { anyOf: [{ type: "string" }, { type: "null" }] },
          tags: { anyOf: [{ type: "array", items: { type: "string" } }, { type: "null" }] },
        },
      },
    };
    applyRules(schemas, { "S.name": { pattern: "\\S" }, "S.tags[]": { maxLength: 3 } }, "live");
    const props = schemas.S?.properties as Record<string, { anyOf: Schema[] }>;
    expect(props.name?.anyOf[0]).toEqual({ type: "string", pattern: "\\S" });
    expect(props.tags?.anyOf[0]).toEqual({ type: "array", items: { type: "string", maxLength: 3 } });
    expect(() => applyRules(schemas, { "S.nope": { pattern: "x" } }, "live")).toThrow(/names no property/);
    expect(() => applyRules(schemas, { "Missing.name": { pattern: "x" } }, "live")).toThrow(
      /names no property/,
    );
    expect(() => applyRules(schemas, { "S.name[]": { pattern: "x" } }, "live")).toThrow(/not an array/);
  });
});

describe("the validator", () => {
  const schema: Schema = {
    type: "object",
    required: ["name"],
    properties: {
      name: { type: "string", pattern: "\\S", maxLength: 5 },
      code: { type: "string", pattern: "^[a-z]+$", minLength: 2 },
      size: { type: "integer", minimum: 1, exclusiveMaximum: 10 },
      ratio: { anyOf: [{ type: "number", exclusiveMinimum: 0, maximum: 1 }, { type: "null" }] },
      kind: { type: "string", enum: ["a", "b"] },
      fixed: { type: "string", const: "x" },
      flag: { type: "boolean" },
      list: { type: "array", items: { type: "string" }, maxItems: 2 },
      map: { type: "object", additionalProperties: { type: "integer" } },
      free: { type: "object" },
      file: { type: "string", format: "binary" },
      link: { type: "string", format: "uri" },
    },
  };
  const cases: [string, unknown, ValidationIssue[] | []][] = [
    ["valid", { name: "ok", ratio: null, map: { a: 1 }, free: { anything: [1] } }, []],
    ["not an object", [1], [issue(["body"], "dict_type")]],
    ["required", {}, [issue(["body", "name"], "missing")]],
    ["blank (pattern \\S)", { name: "  " }, [issue(["body", "name"], "value_error")]],
    ["too long (code points)", { name: "📘📘📘📘📘📘" }, [issue(["body", "name"], "string_too_long")]],
    ["pattern", { name: "n", code: "AB" }, [issue(["body", "code"], "string_pattern_mismatch")]],
    ["min length", { name: "n", code: "a" }, [issue(["body", "code"], "string_too_short")]],
    ["integer", { name: "n", size: 1.5 }, [issue(["body", "size"], "int_type")]],
    ["minimum", { name: "n", size: 0 }, [issue(["body", "size"], "greater_than_equal")]],
    ["exclusive maximum", { name: "n", size: 10 }, [issue(["body", "size"], "less_than")]],
    ["exclusive minimum", { name: "n", ratio: 0 }, [issue(["body", "ratio"], "greater_than")]],
    ["nullable number type", { name: "n", ratio: "x" }, [issue(["body", "ratio"], "number_type")]],
    ["enum", { name: "n", kind: "c" }, [issue(["body", "kind"], "enum")]],
    ["const", { name: "n", fixed: "y" }, [issue(["body", "fixed"], "literal_error")]],
    ["boolean", { name: "n", flag: "yes" }, [issue(["body", "flag"], "bool_type")]],
    ["null where not nullable", { name: null }, [issue(["body", "name"], "string_type")]],
    ["array items", { name: "n", list: ["a", 2] }, [issue(["body", "list", 1], "string_type")]],
    ["max items", { name: "n", list: ["a", "b", "c"] }, [issue(["body", "list"], "too_long")]],
    ["map values", { name: "n", map: { a: "1" } }, [issue(["body", "map", "a"], "int_type")]],
    ["extra key", { name: "n", colour: "red" }, [issue(["body", "colour"], "extra_forbidden")]],
    ["file as text", { name: "n", file: "text" }, [issue(["body", "file"], "file_type")]],
    ["uri scheme", { name: "n", link: "ftp://x.example" }, [issue(["body", "link"], "url_scheme")]],
  ];
  it.each(cases)("%s", (_label, value, expected) => {
    expect(validateSchema("live", schema, value, ["body"], REQUEST_MODE)).toEqual(expected);
  });

  it("forms: text is coerced to the wanted scalar, a file part satisfies format binary", () => {
    const file = new UploadedFile("a.pdf", "application/pdf", Buffer.from([1]));
    expect(
      validateSchema("live", schema, { name: "n", size: "3", flag: "true", file }, ["body"], FORM_MODE),
    ).toEqual([]);
    expect(validateSchema("live", schema, { name: "n", size: "3" }, ["body"], REQUEST_MODE)).toEqual([
      issue(["body", "size"], "int_type"),
    ]);
  });

  it("answers: unknown keys pass, required keys and types do not", () => {
    expect(validateSchema("live", schema, { name: "n", extra: 1 }, ["response"], ANSWER_MODE)).toEqual([]);
    expect(
      validateAnswer("GET /agents", 200, { agents: [{ agent_id: "a" }], has_more: false }, "live"),
    ).toEqual(expect.arrayContaining([issue(["response", "agents", 0, "voice_id"], "missing")]));
  });

  it("discriminated unions pick their branch; an unknown tag is an enum error at the tag", () => {
    const tool = (tool_config: unknown) =>
      validateRequest("POST /tools", { kind: "json", value: { tool_config } }, "live");
    expect(tool({ type: "client", name: "ok_name", description: "d" })).toEqual([]);
    expect(tool({ type: "client", name: "bad name", description: "d" })).toEqual([
      issue(["body", "tool_config", "name"], "string_pattern_mismatch"),
    ]);
    expect(tool({ type: "webhook", name: "w", description: "d" })).toEqual([
      issue(["body", "tool_config", "api_schema"], "missing"),
    ]);
    expect(tool({ type: "carrier_pigeon", name: "w" })).toEqual([
      issue(["body", "tool_config", "type"], "enum"),
    ]);
    expect(tool({ name: "w" })).toEqual([issue(["body", "tool_config", "type"], "missing")]);
  });

  it("a union whose branches fix one property with a const is discriminated by it (live phone numbers)", () => {
    const number = (value: unknown) =>
      validateRequest("POST /phone-numbers", { kind: "json", value }, "live");
    const base = { phone_number: "+14155550100", label: "L" };
    expect(number({ ...base, sid: "AC1", token: "t" })).toEqual([]); // provider defaults to twilio
    expect(
      number({ ...base, provider: "sip_trunk", outbound_trunk_config: { address: "sip.example.com" } }),
    ).toEqual([]);
    expect(number({ ...base, provider: "sip_trunk", sid: "AC1" })).toEqual([
      issue(["body", "sid"], "extra_forbidden"),
    ]);
    expect(number({ ...base, provider: "vonage" })).toEqual([issue(["body", "provider"], "enum")]);
  });

  it("$refs resolve recursively (tool parameter schemas nest objects in objects)", () => {
    const params = {
      type: "object",
      properties: {
        address: { type: "object", properties: { city: { type: "string", description: "City" } } },
      },
    };
    const body = (parameters: unknown) => ({
      tool_config: { type: "client", name: "t", description: "d", parameters },
    });
    expect(validateRequest("POST /tools", { kind: "json", value: body(params) }, "live")).toEqual([]);
    const bad = structuredClone(params) as {
      properties: { address: { properties: { city: { type: string } } } };
    };
    bad.properties.address.properties.city.type = 42 as unknown as string;
    expect(validateRequest("POST /tools", { kind: "json", value: body(bad) }, "live").length).toBeGreaterThan(
      0,
    );
  });

  it("a missing required body is 'missing' at body; a route without a body takes anything", () => {
    expect(validateRequest("POST /agents/create", { kind: "none" }, "live")).toEqual([
      issue(["body"], "missing"),
    ]);
    expect(validateRequest("PATCH /agents/{agent_id}", { kind: "none" }, "live")).toEqual([]);
    expect(validateRequest("GET /agents", { kind: "json", value: { x: 1 } }, "live")).toEqual([]);
  });

  it("a free object with a $ref beside (the live agent PATCH) is a partial: the merged value meets the ref", () => {
    const route = "PATCH /agents/{agent_id}";
    const patch = (value: unknown) => validateRequest(route, { kind: "json", value }, "live");
    expect(patch({ conversation_config: null })).toEqual([]);
    // A partial needs no required member and may remove (null) what cannot be null...
    expect(patch({ conversation_config: { tts: { stability: null }, language_presets: { x: {} } } })).toEqual(
      [],
    );
    expect(patch({ conversation_config: "x" })).toEqual([
      issue(["body", "conversation_config"], "dict_type"),
    ]);
    // ...the merged value is what must be valid.
    const merged = (value: Record<string, unknown>) => validateMerged(route, value, "live");
    expect(merged({ conversation_config: { tts: { stability: 2 } } })).toEqual([
      issue(["body", "conversation_config", "tts", "stability"], "less_than_equal"),
    ]);
    expect(merged({ conversation_config: { bogus: 1 } })).toEqual([
      issue(["body", "conversation_config", "bogus"], "extra_forbidden"),
    ]);
    expect(merged({ platform_settings: { widget: { variant: "compact" } }, name: 3 })).toEqual([]);
  });
});

describe("classification markers", () => {
  it.each([
    ["POST /agents/create", { conversation_config: { stt: { model: "m" } } }, ["conversation_config.stt"]],
    [
      "PATCH /agents/{agent_id}",
      { conversation_config: { turn_detection: null } },
      ["conversation_config.turn_detection"],
    ],
    [
      "POST /agents/create",
      { platform_settings: { widget: { variant: "expanded" } } },
      ['platform_settings.widget.variant: "expanded"'],
    ],
    [
      "POST /agents/create",
      { conversation_config: { tts: {} }, platform_settings: { widget: { variant: "full" } } },
      [],
    ],
    ["POST /phone-numbers", { provider: "sip" }, ['provider: "sip"']],
    ["POST /phone-numbers", { provider: "twilio", twilio_config: {} }, ["twilio_config"]],
    ["POST /phone-numbers", { provider: "sip_trunk", inbound_trunk_config: {} }, []],
    ["GET /agents", { stt: {} }, []],
  ])("%s %j -> %j", (route, body, markers) => {
    expect(legacyMarkers(route, body)).toEqual(markers);
  });
});

describe("defaults from the answer schemas", () => {
  it("the live agent's defaults are the description's (not typed by hand)", () => {
    const d = renderObject("live", "GetAgentResponseModel", {}) as {
      conversation_config: { tts: Record<string, unknown>; agent: { prompt: Record<string, unknown> } };
      platform_settings: { widget: Record<string, unknown> };
    };
    const tts = componentSchema("live", "TTSConversationalConfig-Output").properties as Record<
      string,
      Schema
    >;
    expect(d.conversation_config.tts.model_id).toBe(tts.model_id?.default);
    expect(d.conversation_config.tts.voice_id).toBe(DEFAULT_VOICE_ID);
    expect(d.conversation_config.agent.prompt.llm).toBe("gemini-2.5-flash");
    expect(d.platform_settings.widget.variant).toBe("full");
    // a fresh copy each time
    d.conversation_config.tts.voice_id = "changed";
    expect(renderObject("live", "GetAgentResponseModel", {})).not.toMatchObject({
      conversation_config: { tts: { voice_id: "changed" } },
    });
  });

  it("the legacy agent's defaults come from legacy-openapi.json", () => {
    const d = renderObject("legacy", "LegacyAgent", {}) as { conversation_config: Record<string, unknown> };
    expect(d.conversation_config).toMatchObject({
      tts: { voice_id: DEFAULT_VOICE_ID, model_id: "eleven_turbo_v2" },
      stt: { model: null },
      turn_detection: { mode: "server_vad" },
      agent: { prompt: { llm: "gemini-2.0-flash", tool_ids: [], knowledge_base: [] } },
    });
  });
});
