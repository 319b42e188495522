import { describe, expect, it } from "vitest";
import { liveShapes } from "./generated/live";
import { camelToSnake, fromWire, hasPath, linkShapes, type ShapeData, snakeToCamel, toWire } from "./wire";

const types: Record<string, ShapeData> = {
  Root: {
    object: {
      name: "name",
      maxTokens: "max_tokens",
      color1: "color_1",
      trueExpression: "trueExpression",
      nested: ["nested_config", { ref: "Nested" }],
      headers: ["request_headers", { map: { union: ["leaf", { ref: "Secret" }] } }],
      items: ["items", { array: { ref: "Node" } }],
      payload: ["payload", "json"],
    },
    fixed: { type: "new" },
  },
  Nested: { object: { turnTimeout: "turn_timeout", self: ["self_ref", { ref: "Nested" }] } },
  Secret: { object: { secretId: "secret_id" } },
  Node: {
    union: [{ ref: "Start" }, { ref: "Tool" }],
    tag: { camel: "nodeType", wire: "node_type", branches: { start: 0, tool: 1 } },
  },
  Start: { object: { nodeType: "node_type", edgeOrder: "edge_order" } },
  Tool: { object: { nodeType: "node_type", toolIds: "tool_ids" } },
};
const { Root } = linkShapes({ types, roots: { Root: { ref: "Root" } } });

describe("toWire / fromWire with a shape", () => {
  const camel = {
    name: "n",
    maxTokens: 5,
    color1: "#fff",
    trueExpression: 1,
    nested: { turnTimeout: 3, self: { turnTimeout: 4 } },
    headers: { "X-Api-Key": { secretId: "s1" }, Accept: "json" },
    items: [
      { nodeType: "start", edgeOrder: ["a"] },
      { nodeType: "tool", toolIds: ["t"] },
    ],
    payload: { some_key: { innerKey: 1 } },
  };
  const wire = {
    name: "n",
    max_tokens: 5,
    color_1: "#fff",
    trueExpression: 1,
    nested_config: { turn_timeout: 3, self_ref: { turn_timeout: 4 } },
    request_headers: { "X-Api-Key": { secret_id: "s1" }, Accept: "json" },
    items: [
      { node_type: "start", edge_order: ["a"] },
      { node_type: "tool", tool_ids: ["t"] },
    ],
    payload: { some_key: { innerKey: 1 } },
    type: "new",
  };

  it("uses the recorded wire names (not a case conversion), keeps map keys and free JSON verbatim", () => {
    expect(toWire(camel, Root)).toEqual(wire);
  });
  it("converts back, dropping wire-only fixed values", () => {
    expect(fromWire(wire, Root)).toEqual(camel);
  });
  it("towards the wire, leaves unknown keys as they are", () => {
    expect(toWire({ name: "n", someNewThing: { innerKey: 1 } }, Root)).toEqual({
      name: "n",
      someNewThing: { innerKey: 1 },
      type: "new",
    });
  });
  it("from the wire, converts keys the shape does not know generically, recursively", () => {
    expect(fromWire({ name: "n", added_by_service: { deep_key: [{ x_y: 1 }] } }, Root)).toEqual({
      name: "n",
      addedByService: { deepKey: [{ xY: 1 }] },
    });
  });
  it("picks union branches by tag, and by the keys a value has when the tag is missing", () => {
    expect(toWire({ items: [{ toolIds: ["t"] }] }, Root)).toMatchObject({ items: [{ tool_ids: ["t"] }] });
    expect(fromWire({ items: [{ edge_order: [] }] }, Root)).toEqual({ items: [{ edgeOrder: [] }] });
    expect(toWire({ headers: { A: "x", B: { secretId: "s" } } }, Root)).toMatchObject({
      request_headers: { A: "x", B: { secret_id: "s" } },
    });
  });
  it("passes null and undefined through, and values of an unexpected kind", () => {
    expect(toWire(null, Root)).toBeNull();
    expect(toWire({ nested: null, items: "not-an-array" }, Root)).toEqual({
      nested_config: null,
      items: "not-an-array",
      type: "new",
    });
    expect(fromWire({ nested_config: [{ a_b: 1 }] }, Root)).toEqual({ nested: [{ aB: 1 }] });
  });
  it("is safe with keys that name Object.prototype members or __proto__", () => {
    const tricky = JSON.parse(
      '{"headers":{"__proto__":"p","constructor":"c","toString":"t"},"constructor":1}',
    );
    const out = toWire(tricky, Root) as Record<string, Record<string, unknown>>;
    expect(Object.keys(out.request_headers ?? {})).toEqual(["__proto__", "constructor", "toString"]);
    expect(out.constructor).toBe(1);
    expect(fromWire(out, Root)).toEqual(tricky);
  });
});

describe("hasPath", () => {
  it.each([
    ["name", true],
    ["nested.self.self.turnTimeout", true],
    ["nested.turn_timeout", false],
    ["headers.X-Api-Key.secretId", true],
    ["items.0.toolIds", true],
    ["items.edgeOrder", true],
    ["items.0.bogus", false],
    ["payload.anything.below", true],
    ["name.length", false],
    ["", true],
  ])("%s -> %s", (path, expected) => {
    expect(hasPath(Root, path)).toBe(expected);
  });
  it("takes segments too", () => {
    expect(hasPath(Root, ["items", 1, "toolIds"])).toBe(true);
  });
});

describe("linkShapes", () => {
  it("fails on an unknown reference and on a cycle through no object or union", () => {
    expect(() => linkShapes({ types: {}, roots: { R: { ref: "Nope" } } })).toThrow(/unknown type 'Nope'/);
    expect(() => linkShapes({ types: { A: { array: { ref: "A" } } }, roots: { R: { ref: "A" } } })).toThrow(
      /refers to itself/,
    );
  });
});

describe("generic conversions", () => {
  it.each([
    ["turn_timeout", "turnTimeout"],
    ["a_1", "a1"],
    ["plain", "plain"],
  ])("%s <-> %s", (snake, camel) => {
    expect(snakeToCamel(snake)).toBe(camel);
  });
  it("camelToSnake", () => {
    expect(camelToSnake("turnTimeout")).toBe("turn_timeout");
  });
});

describe("the live shapes", () => {
  const agent = {
    name: "A",
    conversationConfig: {
      agent: { dynamicVariables: { dynamicVariablePlaceholders: { need_callback: "yes", CamelKey: 1 } } },
      languagePresets: { "pt-br": { overrides: { agent: { firstMessage: "Olá" } } } },
      tts: { voiceId: "v" },
    },
    platformSettings: { dataCollection: { customer_tier: { type: "string", description: "Tier." } } },
    workflow: {
      nodes: { Node_1: { type: "end" }, start_node: { type: "start", edgeOrder: ["e_1"] } },
      edges: { e_1: { source: "start_node", target: "Node_1" } },
    },
  };
  const wire = toWire(agent, liveShapes.AgentArgs) as Record<string, Record<string, Record<string, unknown>>>;

  it("send user-keyed keys exactly as written", () => {
    expect(wire).toMatchObject({
      conversation_config: {
        agent: {
          dynamic_variables: { dynamic_variable_placeholders: { need_callback: "yes", CamelKey: 1 } },
        },
        language_presets: { "pt-br": { overrides: { agent: { first_message: "Olá" } } } },
        tts: { voice_id: "v" },
      },
      platform_settings: { data_collection: { customer_tier: { type: "string", description: "Tier." } } },
      workflow: {
        nodes: { Node_1: { type: "end" }, start_node: { type: "start", edge_order: ["e_1"] } },
        edges: { e_1: { source: "start_node", target: "Node_1" } },
      },
    });
  });
  it("round-trip an agent", () => {
    expect(fromWire(wire, liveShapes.AgentArgs)).toEqual(agent);
  });
  it("keep webhook header names verbatim in a tool config", () => {
    const tool = {
      type: "webhook",
      name: "t",
      description: "d",
      apiSchema: {
        url: "https://x",
        requestHeaders: { "X-Api-Key": { secretId: "s" }, "Content-Type": "application/json" },
      },
    };
    const w = toWire(tool, liveShapes.ToolConfig);
    expect(w).toEqual({
      type: "webhook",
      name: "t",
      description: "d",
      api_schema: {
        url: "https://x",
        request_headers: { "X-Api-Key": { secret_id: "s" }, "Content-Type": "application/json" },
      },
    });
    expect(fromWire(w, liveShapes.ToolConfig)).toEqual(tool);
  });
  it("send the secret's fixed `type`", () => {
    expect(toWire({ name: "n", value: "v" }, liveShapes.SecretArgs)).toEqual({
      name: "n",
      value: "v",
      type: "new",
    });
  });
  it("know which paths exist in the live dialect", () => {
    expect(hasPath(liveShapes.AgentArgs, "conversationConfig.asr.keywords")).toBe(true);
    expect(hasPath(liveShapes.AgentArgs, "conversationConfig.stt.model")).toBe(false);
    expect(hasPath(liveShapes.AgentArgs, "conversationConfig.turnDetection.mode")).toBe(false);
    expect(hasPath(liveShapes.AgentArgs, "workflow.nodes.Node_1.conversationConfig.tts.voiceId")).toBe(true);
    expect(
      hasPath(liveShapes.AgentArgs, "workflow.edges.e1.forwardCondition.expression.left.right.value"),
    ).toBe(true);
  });
});

describe("untagged unions", () => {
  it("choose the branch whose fields can hold the values, keeping free JSON verbatim", () => {
    const wire = {
      conversation_config: {
        agent: {
          prompt: {
            tools: [
              {
                type: "webhook",
                name: "t",
                description: "d",
                api_schema: {
                  url: "https://x.test/",
                  response_body_schema: {
                    type: "object",
                    properties: {
                      items: { type: "array", property_kind: "array", constant_value: [{ order_id: 1 }] },
                    },
                  },
                },
              },
            ],
          },
        },
      },
    };
    const camel = fromWire(wire, liveShapes.AgentArgs);
    expect(JSON.stringify(camel)).toContain('"order_id":1');
    expect(JSON.stringify(camel)).not.toContain("orderId");
  });
});
