import ts from "typescript";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as live from "../../provider/generated/live";
import { describe as describeIr } from "./describe";
import { emitZod, regex } from "./emitZod";
import { buildIr, type DialectConfig } from "./ir";
import type { OpenApiDocument } from "./spec";

/** Compiles and runs an emitted module, with `zod` as its only import. */
function load(source: string): Record<string, z.ZodType> {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const exports: Record<string, z.ZodType> = {};
  const require = (m: string) => {
    if (m !== "zod") throw new Error(`unexpected import ${m}`);
    return { z };
  };
  new Function("require", "exports", js)(require, exports);
  return exports;
}

const doc: OpenApiDocument = {
  openapi: "3.1.0",
  components: {
    schemas: {
      Root: {
        type: "object",
        properties: {
          name: { anyOf: [{ type: "string", pattern: "\\S" }, { type: "null" }] },
          node: { $ref: "#/components/schemas/Node" },
          headers: {
            type: "object",
            additionalProperties: { anyOf: [{ type: "string" }, { $ref: "#/components/schemas/Secret" }] },
            minProperties: 1,
          },
          ids: { type: "array", items: { type: "string" }, uniqueItems: true },
          tab: { type: "string", pattern: "^[\\x09\\x20-\\x7E]+$" },
          level: { type: "integer", minimum: 1, exclusiveMaximum: 10 },
          must: { anyOf: [{ type: "number" }, { type: "null" }] },
        },
        required: ["must"],
      },
      Node: {
        oneOf: [{ $ref: "#/components/schemas/Leaf" }, { $ref: "#/components/schemas/Pair" }],
        discriminator: {
          propertyName: "type",
          mapping: { leaf: "#/components/schemas/Leaf", pair: "#/components/schemas/Pair" },
        },
      },
      Leaf: { type: "object", properties: { type: { type: "string", const: "leaf" }, value: {} } },
      Pair: {
        type: "object",
        properties: {
          type: { type: "string", const: "pair" },
          left: { $ref: "#/components/schemas/Node" },
          right: { $ref: "#/components/schemas/Node" },
        },
        required: ["left", "right"],
      },
      Secret: { type: "object", properties: { secret_id: { type: "string" } }, required: ["secret_id"] },
    },
  },
};
const config: DialectConfig = {
  dialect: "t",
  roots: [
    { name: "RootArgs", schema: "Root", prefix: "T", path: "", require: ["name"], description: "Root." },
  ],
  ids: {},
  reserved: [],
  secrets: ["Root.headers"],
  keepNull: [],
  sdkEnums: {},
};

describe("emitZod on a small description", () => {
  const ir = buildIr(doc, config, () => []);
  describeIr(ir, { properties: {}, types: {} });
  const source = emitZod(ir, "// test\n");
  const m = load(source);
  const Root = m.RootArgsSchema as z.ZodType;

  it("exports one constant per named type, typed so the compiler infers nothing deep", () => {
    expect(Object.keys(m).sort()).toEqual([
      "RootArgsSchema",
      "TLeafSchema",
      "TNodeSchema",
      "TPairSchema",
      "TSecretSchema",
    ]);
    expect(source).toMatch(/export const TPairSchema: z\.ZodObject = /);
    expect(source).toMatch(/export const TNodeSchema: z\.ZodType = /);
  });

  const ok = {
    name: "n",
    must: null,
    node: { type: "pair", left: { type: "leaf", value: { any: [1] } }, right: { type: "leaf" } },
  };
  it("accepts a valid value, recursion included", () => {
    expect(Root.safeParse(ok).error?.issues).toBeUndefined();
  });
  it.each([
    ["a blank required name", { ...ok, name: " " }],
    ["no name", { ...ok, name: undefined }],
    ["null for an optional setting", { ...ok, level: null }],
    [
      "an unknown key, deep down",
      { ...ok, node: { type: "pair", left: { type: "leaf", extra: 1 }, right: { type: "leaf" } } },
    ],
    ["a missing discriminator", { ...ok, node: { value: 1 } }],
    ["a value out of range", { ...ok, level: 10 }],
    ["a non-integer", { ...ok, level: 1.5 }],
    ["an empty map with minProperties", { ...ok, headers: {} }],
    ["duplicate items where they must be unique", { ...ok, ids: ["a", "a"] }],
    ["a character outside a pattern", { ...ok, tab: "a\u0001" }],
    ["a required nullable left out", { name: "n", node: ok.node }],
  ])("rejects %s", (_, value) => {
    expect(Root.safeParse(value).success).toBe(false);
  });
  it("keeps user-keyed map keys, accepts union values, null where it means something", () => {
    expect(
      Root.safeParse({ ...ok, headers: { "X-Api-Key": { secretId: "s" }, Accept: "json" }, tab: "a\tb" })
        .success,
    ).toBe(true);
  });
  it("marks secrets and ids in the JSON Schema", () => {
    const js = z.toJSONSchema(Root, { io: "input" }) as {
      properties: Record<string, { secret?: boolean }>;
      $defs: Record<string, unknown>;
    };
    expect(js.properties.headers?.secret).toBe(true);
    expect(Object.keys(js.$defs).sort()).toEqual(["TLeaf", "TNode", "TPair", "TSecret"]);
  });
  it("writes patterns as regex literals lint accepts", () => {
    expect(regex("^[\\x09\\x20-\\x7E]+$")).toBe("/^[\\t\\x20-\\x7E]+$/");
    expect(regex("a/b")).toBe("/a\\/b/");
    expect(() => regex("\\x01")).toThrow(/control characters/);
  });
});

describe("the generated live schemas", () => {
  const { AgentArgsSchema, ToolConfigSchema, SecretArgsSchema, AgentBuiltInToolSchema } = live;
  const agent = {
    name: "Support",
    tags: ["prod"],
    conversationConfig: {
      agent: {
        firstMessage: "Hello",
        language: "pt-br",
        dynamicVariables: { dynamicVariablePlaceholders: { need_callback: "no" } },
        prompt: {
          prompt: "You help.",
          llm: "gpt-6-sol",
          temperature: 0.2,
          toolIds: ["tool_1"],
          knowledgeBase: [{ type: "url", name: "Docs", id: "doc_1", usageMode: "auto" }],
          builtInTools: {
            endCall: { type: "system", name: "end_call", params: { systemToolType: "end_call" } },
          },
        },
      },
      tts: { voiceId: "voice", modelId: "eleven_v4", stability: 0.5 },
      turn: { turnTimeout: 7, turnEagerness: "eager" },
      languagePresets: { "pt-br": { overrides: { agent: { firstMessage: "Olá" } } } },
    },
    platformSettings: {
      dataCollection: { customer_tier: { type: "string", description: "The tier." } },
      auth: { enableAuth: true },
      widget: { variant: "compact" },
    },
    workflow: { nodes: { Node_1: { type: "end" } } },
  };

  it("accept a realistic agent (SDK-only enum values included)", () => {
    expect(AgentArgsSchema.safeParse(agent).error?.issues).toBeUndefined();
  });
  it.each([
    [
      "an unknown key deep down",
      { conversationConfig: { ...agent.conversationConfig, tts: { voiceId: "v", pitch: 1 } } },
    ],
    ["an unknown LLM", { conversationConfig: { agent: { prompt: { llm: "gpt-99" } } } }],
    ["a language outside the rules' list", { conversationConfig: { agent: { language: "xx" } } }],
    ["a blank name", { name: "  " }],
    ["a blank tag", { tags: [" "] }],
    ["the legacy `stt` block", { conversationConfig: { stt: { model: "x" } } }],
    ["the legacy widget variant `expanded`", { platformSettings: { widget: { variant: "expanded" } } }],
    ["a workflow node without its type", { workflow: { nodes: { Node_1: {} } } }],
    ["null for an optional setting", { platformSettings: null }],
  ])("reject %s", (_, patch) => {
    expect(AgentArgsSchema.safeParse({ ...agent, ...patch }).success).toBe(false);
  });
  it("take tool configs of every kind, by discriminator", () => {
    const common = { name: "lookup", description: "Looks things up." };
    expect(
      ToolConfigSchema.safeParse({
        ...common,
        type: "webhook",
        apiSchema: { url: "https://x", requestHeaders: { "X-Api-Key": { secretId: "s" } } },
      }).success,
    ).toBe(true);
    expect(ToolConfigSchema.safeParse({ ...common, type: "client", expectsResponse: true }).success).toBe(
      true,
    );
    expect(
      ToolConfigSchema.safeParse({ ...common, type: "system", params: { systemToolType: "end_call" } })
        .success,
    ).toBe(true);
    const mcp = {
      mcpServerId: "m",
      mcpServerName: "M",
      mcpToolName: "t",
      mcpToolDescription: "T",
      integrationType: "mcp_server",
    };
    expect(ToolConfigSchema.safeParse({ ...common, type: "mcp", ...mcp }).success).toBe(true);
    expect(
      ToolConfigSchema.safeParse({ ...common, type: "client", apiSchema: { url: "https://x" } }).success,
    ).toBe(false);
    expect(ToolConfigSchema.safeParse({ ...common, type: "carrier-pigeon" }).success).toBe(false);
  });
  it("take a built-in tool without its constant `type`, but not a system tool config without it", () => {
    const endCall = { name: "end_call", params: { systemToolType: "end_call" } };
    const withBuiltIn = (tool: Record<string, unknown>) => ({
      name: "Agent",
      conversationConfig: { agent: { prompt: { builtInTools: { endCall: tool } } } },
    });
    // The service and the emulator take it without `type` (its default is its only value).
    expect(AgentArgsSchema.safeParse(withBuiltIn(endCall)).error?.issues).toBeUndefined();
    expect(AgentArgsSchema.safeParse(withBuiltIn({ type: "system", ...endCall })).success).toBe(true);
    expect(AgentArgsSchema.safeParse(withBuiltIn({ type: "webhook", ...endCall })).success).toBe(false);
    // In a union, the tag picks the member: it stays required there.
    const missing = ToolConfigSchema.safeParse({ description: "Ends the call.", ...endCall });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues[0]?.path).toEqual(["type"]);
  });
  it("document a type used at several wire paths by its own field names, never another place's path", () => {
    const shape = AgentBuiltInToolSchema.shape as Record<string, z.ZodType>;
    const described = Object.values(shape).map((p) => String(z.globalRegistry.get(p)?.description));
    expect(described.length).toBeGreaterThan(5);
    for (const d of described) {
      expect(d).not.toContain("transfer_to_agent");
      expect(d).toMatch(/Wire field `[a-z_]+`\./);
    }
  });
  it("take a secret with a non-empty value, marked secret, without the wire-only `type`", () => {
    expect(SecretArgsSchema.safeParse({ name: "key", value: "v" }).success).toBe(true);
    expect(SecretArgsSchema.safeParse({ name: "key", value: "" }).success).toBe(false);
    expect(SecretArgsSchema.safeParse({ name: "key", value: "v", type: "new" }).success).toBe(false);
    const js = z.toJSONSchema(SecretArgsSchema, { io: "input" }) as {
      properties: Record<string, { secret?: boolean }>;
      required: string[];
    };
    expect(js.properties.value?.secret).toBe(true);
    expect(js.required.sort()).toEqual(["name", "value"]);
  });
});
