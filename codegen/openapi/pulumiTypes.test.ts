import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AgentArgsSchema, SecretArgsSchema, ToolConfigSchema } from "../../provider/generated/live";
import { REPO } from "./generate";
import {
  ANY_REF,
  DEPRECATED,
  type PropertySpec,
  pulumiTypesOf,
  sdkDeclarations,
  sdkInterface,
  sdkType,
  type TypeSpec,
} from "./pulumiTypes";
import type { SchemaNode } from "./spec";

const jsonOf = (s: z.ZodType): SchemaNode => z.toJSONSchema(s, { io: "input" }) as SchemaNode;
const T = (id: string) => `#/types/elevenlabs:index:${id}`;

describe("pulumiTypesOf", () => {
  const Leaf = z
    .strictObject({ kind: z.literal("leaf"), value: z.unknown().optional() })
    .meta({ id: "Leaf", description: "A leaf." });
  const Pair: z.ZodObject = z
    .strictObject({
      kind: z.literal("pair"),
      left: z.lazy(() => Node).meta({ description: "Left." }),
    })
    .meta({ id: "Pair", description: "A pair." });
  const Node: z.ZodType = z
    .discriminatedUnion("kind", [Leaf, Pair])
    .meta({ id: "Node", description: "A node." });
  const Mode = z.enum(["a", "b"]).meta({ id: "Mode", description: "A mode." });
  const Args = z
    .strictObject({
      node: Node.optional().meta({ description: "The node." }),
      mode: Mode.optional(),
      headers: z
        .record(z.string(), z.union([z.string(), Leaf]))
        .optional()
        .meta({ description: "Headers.", secret: true }),
      byMode: z.partialRecord(Mode, z.number()).optional(),
      level: z.literal([0, 1, 2]).meta({ id: "Level" }).optional(),
      maybe: z.number().nullable(),
      old: z.boolean().optional().meta({ description: "Old.", deprecated: true }),
      both: z.union([z.string(), z.number()]).optional(),
      json: z.unknown().optional(),
    })
    .meta({ description: "Args." });
  const p = pulumiTypesOf(jsonOf(Args));

  it("turns discriminated unions into oneOf with a discriminator, recursion into type references", () => {
    expect(p.properties.node).toEqual({
      oneOf: [{ $ref: T("Leaf") }, { $ref: T("Pair") }],
      discriminator: { propertyName: "kind", mapping: { leaf: T("Leaf"), pair: T("Pair") } },
      description: "The node.",
    });
    expect(p.types["elevenlabs:index:Pair"]).toEqual({
      type: "object",
      description: "A pair.",
      properties: {
        kind: { type: "string", const: "pair" },
        left: {
          oneOf: [{ $ref: T("Leaf") }, { $ref: T("Pair") }],
          discriminator: expect.anything(),
          description: "Left.",
        },
      },
      required: ["kind", "left"],
    });
  });
  it("makes enum types, maps, constants, scalar unions, Any; drops null; keeps secret and deprecation", () => {
    expect(p.types["elevenlabs:index:Mode"]).toEqual({
      type: "string",
      description: "A mode.",
      enum: [{ value: "a" }, { value: "b" }],
    });
    expect(p.types["elevenlabs:index:Level"]).toEqual({
      type: "integer",
      enum: [{ value: 0 }, { value: 1 }, { value: 2 }],
    });
    expect(p.properties.mode).toEqual({ $ref: T("Mode"), description: "A mode." });
    expect(p.properties.headers).toEqual({
      type: "object",
      additionalProperties: { oneOf: [{ type: "string" }, { $ref: T("Leaf") }] },
      description: "Headers.",
      secret: true,
    });
    expect(p.properties.byMode).toEqual({
      type: "object",
      additionalProperties: { type: "number" },
      description: "Keys: `a`, `b`.",
    });
    expect(p.properties.maybe).toEqual({ type: "number" });
    expect(p.properties.old).toEqual({
      type: "boolean",
      description: "Old.",
      deprecationMessage: DEPRECATED,
    });
    expect(p.properties.both).toEqual({ oneOf: [{ type: "string" }, { type: "number" }] });
    expect(p.properties.json).toEqual({ $ref: ANY_REF });
    expect(p.required).toEqual(["maybe"]);
    expect(p.description).toBe("Args.");
  });
  it("refuses inline objects (they need an id to become a type)", () => {
    expect(() => pulumiTypesOf(jsonOf(z.strictObject({ inner: z.strictObject({ a: z.string() }) })))).toThrow(
      /needs \.meta\(\{ id \}\)/,
    );
  });
  it("writes SDK types: Args for inputs, literal discriminators, unions", () => {
    const types: Record<string, TypeSpec> = p.types;
    expect(sdkType(p.properties.node as PropertySpec, true, types)).toBe("pulumi.Input<LeafArgs | PairArgs>");
    expect(sdkType(p.properties.node as PropertySpec, false, types)).toBe("Leaf | Pair");
    expect(sdkType({ type: "string", const: "leaf" }, true, types)).toBe('"leaf"');
    expect(sdkType(p.properties.headers as PropertySpec, true, types)).toBe(
      "pulumi.Input<Record<string, pulumi.Input<string | LeafArgs>>>",
    );
    expect(
      sdkType({ type: "array", items: { oneOf: [{ type: "string" }, { type: "number" }] } }, false, types),
    ).toBe("(string | number)[]");
    expect(sdkDeclarations(types)).toContain('export type Mode = "a" | "b";');
    expect(sdkInterface("ArgsArgs", p, true, types)).toContain(
      "   * @deprecated Deprecated in the ElevenLabs API.",
    );
  });
  it("notes enum values that carry `enumDescriptions`, and says where a secret is kept", () => {
    const json = jsonOf(z.strictObject({ mode: Mode.optional() }));
    const def = json.$defs?.Mode as SchemaNode;
    def.enumDescriptions = ["", "Only in b."];
    expect(pulumiTypesOf(json).types["elevenlabs:index:Mode"]).toMatchObject({
      enum: [{ value: "a" }, { value: "b", description: "Only in b." }],
    });
    const secret = { properties: { token: { type: "string", secret: true } as PropertySpec } };
    expect(sdkInterface("R", secret, false, {})).toContain("   * Stored as a secret in state.");
    expect(sdkInterface("R", secret, false, {}, undefined, "Kept secret by f.")).toContain(
      "   * Kept secret by f.",
    );
  });
});

describe("the live program schemas as Pulumi types", () => {
  const agent = pulumiTypesOf(jsonOf(AgentArgsSchema));
  const tool = pulumiTypesOf(jsonOf(z.strictObject({ toolConfig: ToolConfigSchema })));
  const secret = pulumiTypesOf(jsonOf(SecretArgsSchema));
  const types = { ...agent.types, ...tool.types };

  it("resolve every reference and describe every type and property", () => {
    const refs: string[] = [];
    const undescribed: string[] = [];
    JSON.stringify(types, (k, v: unknown) => {
      if (k === "$ref" && typeof v === "string" && v !== ANY_REF) refs.push(v);
      return v;
    });
    for (const r of refs) expect(types[r.replace("#/types/", "")], r).toBeDefined();
    for (const [token, t] of Object.entries(types)) {
      if (!t.description) undescribed.push(token);
      if (t.type === "object")
        for (const [k, p] of Object.entries(t.properties))
          if (!p.description && p.const === undefined) undescribed.push(`${token}.${k}`);
    }
    expect(undescribed).toEqual([]);
    expect(Object.keys(agent.types).length).toBeGreaterThan(300);
    expect(agent.required.sort()).toEqual(["conversationConfig", "name"]);
  });
  it("keep discriminated unions: tool configs, workflow nodes", () => {
    expect(tool.properties.toolConfig?.discriminator?.propertyName).toBe("type");
    expect(Object.keys(tool.properties.toolConfig?.discriminator?.mapping ?? {})).toEqual([
      "webhook",
      "client",
      "system",
      "mcp",
    ]);
    const workflow = agent.types["elevenlabs:index:AgentWorkflow"];
    const nodes = workflow?.type === "object" ? workflow.properties.nodes : undefined;
    expect(nodes?.additionalProperties?.discriminator?.propertyName).toBe("type");
  });
  it("keep secrets", () => {
    expect(secret.properties.value?.secret).toBe(true);
    const auth = agent.types["elevenlabs:index:AgentAuth"];
    expect(auth?.type === "object" && auth.properties.shareableToken?.secret).toBe(true);
  });

  it("give SDK types in which unions are written naturally and checked (tsc)", () => {
    const dir = join(REPO, "node_modules", ".cache", "codegen-pulumi-types-test");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "sdk-check.ts");
    const program = `
export const ok: AgentArgs = {
  name: "support",
  conversationConfig: {
    agent: {
      prompt: {
        llm: "gpt-6-sol",
        tools: [{ type: "webhook", name: "lookup", description: "d", apiSchema: { url: "https://x", requestHeaders: { "X-Api-Key": { secretId: "s" }, Accept: "json" } } }],
      },
    },
    languagePresets: { "pt-br": { overrides: { agent: { firstMessage: "Olá" } } } },
  },
  workflow: { nodes: { Node_1: { type: "end" }, start: { type: "start", position: { x: 1, y: 2 } } } },
};
export const toolConfig: ToolConfigInput = { type: "client", name: "c", description: "d", expectsResponse: true };
export const badLlm: AgentArgs = {
  name: "x",
  // @ts-expect-error not an LLM
  conversationConfig: { agent: { prompt: { llm: "gpt-99" } } },
};
export const wrongBranch: AgentArgs = {
  name: "x",
  conversationConfig: {},
  // @ts-expect-error an end node has no conversationConfig
  workflow: { nodes: { n: { type: "end", conversationConfig: {} } } },
};
// @ts-expect-error a client tool has no apiSchema
export const wrongTool: ToolConfigInput = { type: "client", name: "c", description: "d", apiSchema: { url: "https://x" } };
`;
    writeFileSync(
      file,
      [
        'import type * as pulumi from "@pulumi/pulumi";',
        sdkDeclarations(types),
        sdkInterface("AgentArgs", agent, true, agent.types),
        `type ToolConfigInput = ${sdkType(tool.properties.toolConfig as PropertySpec, false, types).replace(/([A-Z][A-Za-z0-9]*)/g, (n) => (types[`elevenlabs:index:${n}`]?.type === "object" ? `${n}Args` : n))};`,
        program,
      ].join("\n"),
    );
    const tsc = join(REPO, "node_modules", ".bin", "tsc");
    const r = spawnSync(
      tsc,
      [
        "--noEmit",
        "--strict",
        "--skipLibCheck",
        "--module",
        "nodenext",
        "--moduleResolution",
        "nodenext",
        "--target",
        "es2022",
        file,
      ],
      { cwd: REPO, encoding: "utf8" },
    );
    rmSync(dir, { recursive: true, force: true });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
