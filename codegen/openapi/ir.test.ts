import { describe, expect, it } from "vitest";
import { describe as describeIr } from "./describe";
import {
  buildIr,
  type DialectConfig,
  edges,
  type Ir,
  type IrNode,
  type IrType,
  pathTokens,
  resolvePath,
} from "./ir";
import type { OpenApiDocument, SchemaNode } from "./spec";

const ref = (name: string): SchemaNode => ({ $ref: `#/components/schemas/${name}` });
const nullable = (n: SchemaNode): SchemaNode => ({ anyOf: [n, { type: "null" }] });

/** A small description exercising every construct the IR knows. */
function fixture(): OpenApiDocument {
  return {
    openapi: "3.1.0",
    components: {
      schemas: {
        Body: {
          type: "object",
          properties: {
            name: nullable({ type: "string", pattern: "\\S" }),
            config: ref("Config-Input"),
            kind: { type: "string", const: "new" },
            tags: nullable({ type: "array", items: { type: "string" }, minItems: 1, maxItems: 3 }),
            shared: ref("Shared"),
            shared_twin: ref("Shared-Input"),
            old: { type: "boolean", default: false, deprecated: true },
            read_only: { type: "string", readOnly: true },
          },
          required: ["config"],
        },
        "Config-Input": {
          type: "object",
          properties: {
            temperature: { type: "number", minimum: 0, exclusiveMaximum: 2, default: 0 },
            count: { type: "integer", exclusiveMinimum: 0, maximum: 5 },
            mode: ref("Mode"),
            color_1: { type: "string", minLength: 1, maxLength: 7 },
            placeholders: {
              type: "object",
              additionalProperties: { anyOf: [{ type: "string" }, { type: "number" }] },
            },
            by_source: nullable({
              type: "object",
              additionalProperties: ref("Shared"),
              propertyNames: ref("Mode"),
            }),
            free: {},
            items: { type: "array", items: ref("Item") },
            avatar: { anyOf: [ref("Orb"), ref("Url")] },
            // Orb alone, outside the union: its constant `type` need not be written there.
            fallback_avatar: ref("Orb"),
            header: { anyOf: [{ type: "string" }, ref("Locator")] },
            nodes: {
              type: "object",
              additionalProperties: {
                oneOf: [ref("Start"), ref("End")],
                discriminator: {
                  propertyName: "type",
                  mapping: { start: "#/components/schemas/Start", end: "#/components/schemas/End" },
                },
              },
            },
            must: nullable({ type: "string" }),
            level: { type: "string", enum: ["low", "high"] },
          },
          required: ["must"],
        },
        // "c" as the rules overlay adds it: a value the SDK knows and the description lacks.
        Mode: { type: "string", enum: ["a", "b", "c"], "x-added-by-rules": ["c"] } as SchemaNode,
        Item: { type: "object", properties: { child: nullable(ref("Item")), id: { type: "string" } } },
        Orb: {
          type: "object",
          properties: { type: { type: "string", const: "orb", default: "orb" }, c: { type: "string" } },
        },
        Url: {
          type: "object",
          properties: { type: { type: "string", const: "url", default: "url" }, url: { type: "string" } },
        },
        Locator: { type: "object", properties: { secret_id: { type: "string" } }, required: ["secret_id"] },
        Start: { type: "object", properties: { type: { type: "string", const: "start", default: "start" } } },
        End: { type: "object", properties: { type: { type: "string", const: "end", default: "end" } } },
        Shared: { type: "object", properties: { x: { type: "string" } } },
        "Shared-Input": { type: "object", properties: { x: { type: "string" } } },
      },
    },
  };
}

const config = (over: Partial<DialectConfig> = {}): DialectConfig => ({
  dialect: "test",
  roots: [
    {
      name: "BodyArgs",
      schema: "Body",
      prefix: "Test",
      path: "",
      require: ["name"],
      fixed: { kind: "new" },
      description: "A body.",
    },
  ],
  ids: { "Config-Input": "TestConfig" },
  reserved: [],
  secrets: ["Locator.secret_id"],
  keepNull: [],
  sdkEnums: { Mode: "SdkMode" },
  ...over,
});

const sdk = (name: string) => (name === "SdkMode" ? ["a", "c"] : []);

function typeById(ir: Ir, id: string): IrType {
  const t = [...ir.types.values()].find((x) => x.id === id);
  if (!t) throw new Error(`no type ${id}: ${[...ir.types.values()].map((x) => x.id).join(", ")}`);
  return t;
}
function prop(t: IrType, wire: string) {
  if (t.node.kind !== "object") throw new Error(`${t.id} is not an object`);
  const p = t.node.properties.find((q) => q.wire === wire);
  if (!p) throw new Error(`no ${t.id}.${wire}`);
  return p;
}

describe("buildIr on a small description", () => {
  const ir = buildIr(fixture(), config(), sdk);
  const body = typeById(ir, "BodyArgs");
  const cfg = typeById(ir, "TestConfig");

  it("records wire and camelCase names, required, defaults, deprecation, secrets", () => {
    expect(prop(cfg, "color_1")).toMatchObject({ camel: "color1", required: false });
    expect(prop(cfg, "temperature")).toMatchObject({ hasDefault: true, default: 0 });
    expect(prop(body, "old")).toMatchObject({ deprecated: true, default: false });
    expect(prop(typeById(ir, "TestLocator"), "secret_id").secret).toBe(true);
    expect(ir.notes.naiveRoundTripFailures).toContain("Config-Input.color_1 (color1)");
  });

  it("applies the root's required and fixed properties, drops readOnly ones", () => {
    expect(prop(body, "name").required).toBe(true);
    expect(prop(body, "name").keepNull).toBe(false);
    if (body.node.kind !== "object") throw new Error();
    expect(body.node.properties.map((p) => p.wire)).not.toContain("kind");
    expect(body.node.fixed).toEqual({ kind: "new" });
    expect(body.node.properties.map((p) => p.wire)).not.toContain("read_only");
    expect(ir.notes.readOnlyDropped).toEqual(["Body.read_only"]);
  });

  it("keeps null where the description requires a nullable property", () => {
    expect(prop(cfg, "must")).toMatchObject({ required: true, keepNull: true, node: { kind: "nullable" } });
  });

  it("converts constraints of numbers, strings and arrays", () => {
    expect(prop(cfg, "temperature").node).toEqual({
      kind: "number",
      integer: false,
      minimum: 0,
      exclusiveMaximum: 2,
    });
    expect(prop(cfg, "count").node).toEqual({
      kind: "number",
      integer: true,
      exclusiveMinimum: 0,
      maximum: 5,
    });
    expect(prop(cfg, "color_1").node).toEqual({ kind: "string", minLength: 1, maxLength: 7 });
    expect(prop(body, "tags").node).toEqual({
      kind: "nullable",
      inner: { kind: "array", items: { kind: "string" }, minItems: 1, maxItems: 3 },
    });
    expect(prop(body, "name").node).toEqual({ kind: "nullable", inner: { kind: "string", pattern: "\\S" } });
  });

  it("makes maps of additionalProperties (keys restricted by propertyNames) and free JSON of {}", () => {
    expect(prop(cfg, "placeholders").node).toEqual({
      kind: "map",
      values: { kind: "union", branches: [{ kind: "string" }, { kind: "number", integer: false }] },
    });
    const bySource = prop(cfg, "by_source").node as Extract<IrNode, { kind: "nullable" }>;
    expect(bySource.inner).toMatchObject({ kind: "map", keys: { kind: "ref", key: "Mode" } });
    expect(prop(cfg, "free").node).toEqual({ kind: "json" });
  });

  it("names enums, hoists inline ones, and records the SDK values the rules overlay added", () => {
    expect(typeById(ir, "TestMode").node).toEqual({ kind: "enum", values: ["a", "b", "c"] });
    expect(typeById(ir, "TestMode").sdkExtra).toEqual(["c"]);
    expect(typeById(ir, "TestConfigLevel").node).toEqual({ kind: "enum", values: ["low", "high"] });
  });

  it("turns discriminators into tags (explicit, or implied by a const in every branch) and requires them", () => {
    const nodes = prop(cfg, "nodes").node as Extract<IrNode, { kind: "map" }>;
    expect(nodes.values).toMatchObject({
      kind: "union",
      tag: { wire: "type", camel: "type", explicit: true, values: ["start", "end"] },
    });
    expect(prop(cfg, "avatar").node).toMatchObject({
      kind: "union",
      tag: { wire: "type", explicit: false, values: ["orb", "url"] },
    });
    expect(prop(cfg, "header").node).toEqual({
      kind: "union",
      branches: [{ kind: "string" }, { kind: "ref", key: "Locator" }],
    });
    expect(prop(typeById(ir, "TestStart"), "type").required).toBe(true);
    expect(prop(typeById(ir, "TestOrbMember"), "type").required).toBe(true);
    expect(ir.notes.requiredTags).toEqual(expect.arrayContaining(["Start.type", "Orb@type.type"]));
  });

  it("keeps a defaulted tag optional where its type is used outside the union (a tagged copy for the union)", () => {
    const orb = typeById(ir, "TestOrb");
    expect(prop(orb, "type")).toMatchObject({ required: false, hasDefault: true, default: "orb" });
    const member = typeById(ir, "TestOrbMember");
    expect(member.key).toBe("Orb@type");
    expect(member.component).toBe("Orb");
    expect(prop(member, "type").required).toBe(true);
    expect(prop(cfg, "fallback_avatar").node).toEqual({ kind: "ref", key: "Orb" });
    const avatar = prop(cfg, "avatar").node as Extract<IrNode, { kind: "union" }>;
    expect(avatar.branches[0]).toEqual({ kind: "ref", key: "Orb@type" });
    expect(ir.notes.requiredTags).toContain("Orb@type.type");
    expect(ir.notes.requiredTags).not.toContain("Orb.type");
  });

  it("names a field by its full wire path only when its type is used at one path", () => {
    const described = buildIr(fixture(), config(), sdk);
    describeIr(described, { properties: {}, types: {} });
    // Orb: at config.fallback_avatar only; its union copy: at config.avatar(orb) only.
    expect(prop(typeById(described, "TestOrb"), "c").description).toBe(
      "Wire field `config.fallback_avatar.c`.",
    );
    // Shared: at `shared` and `shared_twin` (and under by_source): no single path is right.
    expect(prop(typeById(described, "TestShared"), "x").description).toBe("Wire field `x`.");
    const shared = typeById(described, "TestShared").description;
    expect(shared).toMatch(/^The object at `[^`]+`, `[^`]+`, `[^`]+` \(API schema `Shared`\)\.$/);
    for (const p of ["`shared`", "`shared_twin`", "`config.by_source.*`"]) expect(shared).toContain(p);
  });

  it("resolves recursion to references and shares exact twins", () => {
    expect(prop(typeById(ir, "TestItem"), "child").node).toEqual({
      kind: "nullable",
      inner: { kind: "ref", key: "Item" },
    });
    expect(prop(body, "shared_twin").node).toEqual({ kind: "ref", key: "Shared" });
    expect(ir.notes.aliases).toEqual(["Shared-Input = Shared"]);
    expect(ir.notes.ignoredKeywords).toEqual([]);
  });

  it("locates each type at its most direct wire path", () => {
    expect(typeById(ir, "TestConfig").path).toBe("config");
    expect(typeById(ir, "TestShared").path).toBe("shared");
    expect(typeById(ir, "TestStart").path).toBe("config.nodes.*(start)");
    expect(typeById(ir, "TestItem").path).toBe("config.items[]");
    expect(resolvePath(ir, "BodyArgs", "config.nodes.*(end).type").property?.wire).toBe("type");
    expect(resolvePath(ir, "BodyArgs", "config.avatar(url)").type.id).toBe("TestUrl");
    expect(resolvePath(ir, "BodyArgs", "config.by_source{}").type.id).toBe("TestMode");
    expect(() => resolvePath(ir, "BodyArgs", "config.nope")).toThrow(/no property 'nope'/);
    expect(() => resolvePath(ir, "BodyArgs", "config.temperature[]")).toThrow(/cannot apply items/);
  });

  it("places a secondary root's types after the primary roots', and leaves out its omitted properties", () => {
    const second = {
      name: "ConfigArgs",
      schema: "Config-Input",
      prefix: "Other",
      path: "",
      omit: ["free"],
      secondary: true,
      description: "A config alone.",
    };
    const both = buildIr(fixture(), config({ roots: [...config().roots, second] }), sdk);
    // Item is reached more directly from ConfigArgs (items[]) but BodyArgs placed it first.
    expect(typeById(both, "TestItem").path).toBe("config.items[]");
    expect(typeById(both, "TestItem").root).toBe("BodyArgs");
    // The root's own schema leaves `free` out, for either root that reaches it.
    expect(() => prop(typeById(both, "TestConfig"), "free")).toThrow(/no TestConfig.free/);
    const bad = { ...second, omit: ["nope"] };
    expect(() => buildIr(fixture(), config({ roots: [...config().roots, bad] }), sdk)).toThrow(
      /omitted property 'nope' is not defined/,
    );
  });

  it("lists the references inside a node with their path suffixes", () => {
    expect(edges(prop(cfg, "nodes").node)).toEqual([
      { suffix: ".*(start)", key: "Start" },
      { suffix: ".*(end)", key: "End" },
    ]);
    expect(pathTokens("a.b[].*(x){}")).toEqual([
      { kind: "property", name: "a" },
      { kind: "property", name: "b" },
      { kind: "items" },
      { kind: "values" },
      { kind: "branch", value: "x" },
      { kind: "keys" },
    ]);
    expect(() => pathTokens("a..b")).toThrow(/bad wire path/);
  });
});

describe("buildIr refuses what it cannot express faithfully", () => {
  const withSchema = (name: string, s: SchemaNode): OpenApiDocument => {
    const d = fixture();
    d.components.schemas[name] = s;
    (d.components.schemas.Body?.properties as Record<string, SchemaNode>).extra = ref(name);
    return d;
  };
  it("unknown keywords", () => {
    expect(() =>
      buildIr(
        withSchema("X", { type: "object", properties: { n: { type: "number", multipleOf: 2 } } }),
        config(),
        sdk,
      ),
    ).toThrow(/unsupported keyword 'multipleOf'/);
  });
  it("constraints next to a $ref", () => {
    expect(() =>
      buildIr(
        withSchema("X", {
          type: "object",
          properties: { n: { $ref: "#/components/schemas/Mode", pattern: "x" } },
        }),
        config(),
        sdk,
      ),
    ).toThrow(/\$ref with sibling keywords pattern/);
  });
  it("two properties with one camelCase name", () => {
    expect(() =>
      buildIr(
        withSchema("X", { type: "object", properties: { a_b: { type: "string" }, aB: { type: "string" } } }),
        config(),
        sdk,
      ),
    ).toThrow(/'a_b' and 'aB' are both 'aB'/);
  });
  it("an SDK enum value neither the description nor the rules overlay has", () => {
    expect(() => buildIr(fixture(), config(), (n) => (n === "SdkMode" ? ["a", "d"] : []))).toThrow(
      /SDK enum SdkMode has values Mode lacks: d; add them to emulator\/spec\/rules.json "Mode"/,
    );
  });
  it("table entries that match nothing", () => {
    expect(() => buildIr(fixture(), config({ secrets: ["Nope.x"] }), sdk)).toThrow(/secrets: Nope.x/);
    expect(() => buildIr(fixture(), config({ ids: { Nope: "X" } }), sdk)).toThrow(/ids: Nope/);
  });
  it("colliding type ids", () => {
    expect(() => buildIr(fixture(), config({ ids: { "Config-Input": "TestMode" } }), sdk)).toThrow(
      /'TestMode' is used twice/,
    );
    expect(() => buildIr(fixture(), config({ reserved: ["TestItem"] }), sdk)).toThrow(
      /'TestItem' is reserved/,
    );
  });
});
