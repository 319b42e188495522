/**
 * schema.json, sdk/types.ts and docs/reference/agent.md are the documented contract; they are
 * generated from the provider's zod schemas and must stay equal to what the generator produces now.
 * Run `make codegen` after changing a schema.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { generatedFiles } from "../codegen/gen-schema";
import { LEGACY_ONLY, LIVE_ONLY } from "../codegen/openapi/dialectMerge";
import type { SchemaNode } from "../codegen/openapi/spec";
import {
  argsJsonSchema,
  buildPackageSchema,
  type FunctionSchema,
  functionSpecs,
  type PackageSchema,
  type PropertySpec,
  type ResourceSpec,
  resourceSpecs,
  TOKEN_PREFIX,
} from "../codegen/schema";
import { generateSdkTypes } from "../codegen/sdkgen";
import { SecretArgsSchema, ToolConfigSchema } from "../provider/generated/live";
import { REPO_ROOT } from "./helpers/paths";

const committed = JSON.parse(readFileSync(join(REPO_ROOT, "schema.json"), "utf8")) as PackageSchema;
const files = generatedFiles();
const sdkTypes = readFileSync(join(REPO_ROOT, "sdk", "types.ts"), "utf8");

const typeOf = (ref: string | undefined) =>
  ref === undefined ? undefined : committed.types[ref.replace("#/types/", "")];

/** The property at a camelCase path from a resource's inputs (through type refs, maps, arrays). */
function propertyAt(resource: string, path: string): PropertySpec | undefined {
  let props = committed.resources[`${TOKEN_PREFIX}${resource}`]?.inputProperties;
  let found: PropertySpec | undefined;
  for (const seg of path.split(".")) {
    found = props?.[seg];
    let node = found;
    while (node?.items ?? node?.additionalProperties) node = node.items ?? node.additionalProperties;
    const t = typeOf(node?.$ref);
    props = t?.type === "object" ? t.properties : undefined;
  }
  return found;
}

/** Every property spec of the schema (resources' inputs and outputs, types, functions), by where. */
function everyProperty(): [string, PropertySpec][] {
  const out: [string, PropertySpec][] = [];
  for (const [token, r] of Object.entries(committed.resources))
    for (const [k, p] of Object.entries(r.properties)) out.push([`${token}.${k}`, p]);
  for (const [token, t] of Object.entries(committed.types))
    if (t.type === "object")
      for (const [k, p] of Object.entries(t.properties)) out.push([`${token}.${k}`, p]);
  for (const [token, f] of Object.entries(committed.functions as Record<string, FunctionSchema>))
    for (const side of ["inputs", "outputs"] as const)
      for (const [k, p] of Object.entries(f[side].properties)) out.push([`${token}.${side}.${k}`, p]);
  return out;
}

describe("generated files", () => {
  it.each(Object.keys(files))("%s equals what the generator produces (run `make codegen` if not)", (path) => {
    expect(readFileSync(join(REPO_ROOT, path), "utf8") === files[path]).toBe(true);
  });
});

describe("schema.json", () => {
  it("describes every property and type", () => {
    const missing = everyProperty()
      .filter(([, p]) => !p.description)
      .map(([k]) => k);
    for (const [token, t] of Object.entries(committed.types)) if (!t.description) missing.push(token);
    expect(missing).toEqual([]);
  });

  it("refers only to types it declares, and declares none it does not use", () => {
    const refs = new Set<string>();
    JSON.stringify(committed, (k, v: unknown) => {
      if ((k === "$ref" || k === "mapping") && typeof v === "string" && v.startsWith("#/types/"))
        refs.add(v.slice("#/types/".length));
      return v;
    });
    expect([...refs].filter((r) => !committed.types[r])).toEqual([]);
    expect(Object.keys(committed.types).filter((t) => !refs.has(t))).toEqual([]);
  });

  it("documents the apiDialect setting", () => {
    const config = committed.config as { variables: Record<string, { description: string }> };
    expect(config.variables.apiDialect?.description).toContain("`live` or `legacy`");
  });

  for (const spec of resourceSpecs) {
    describe(spec.type, () => {
      const res = committed.resources[`${TOKEN_PREFIX}${spec.type}`];
      it("documents every input (both dialects') with the live dialect's required flag", () => {
        const shape = spec.args.shape as Record<string, z.ZodType>;
        const legacy = (spec.legacyArgs?.shape ?? {}) as Record<string, z.ZodType>;
        expect(Object.keys(res?.inputProperties ?? {}).sort()).toEqual(
          [...new Set([...Object.keys(shape), ...Object.keys(legacy)])].sort(),
        );
        const required = Object.entries(shape)
          .filter(([, s]) => !s.safeParse(undefined).success)
          .map(([k]) => k)
          .sort();
        expect([...(res?.requiredInputs ?? [])].sort()).toEqual(required);
      });
      it("declares every output", () => {
        for (const k of Object.keys(spec.outputs.shape)) expect(res?.properties[k]).toBeDefined();
      });
      it("marks every secret input secret, wherever its type is used", () => {
        const args = argsJsonSchema(spec).schema;
        const secrets: string[] = [];
        const collect = (owner: string, node: SchemaNode) => {
          for (const [k, p] of Object.entries(node.properties ?? {}))
            if (p.secret) secrets.push(`${owner}.${k}`);
        };
        collect("", args);
        for (const [id, def] of Object.entries(args.$defs ?? {})) collect(id, def);
        const unmarked = secrets.filter((s) => {
          const [owner, k] = s.split(".") as [string, string];
          const props =
            owner === ""
              ? res?.inputProperties
              : (committed.types[`${TOKEN_PREFIX}${owner}`] as { properties?: Record<string, PropertySpec> })
                  ?.properties;
          return props?.[k]?.secret !== true;
        });
        expect(unmarked).toEqual([]);
        if (spec.type === "Agent") expect(secrets).toContain("AgentAuth.shareableToken");
      });
    });
  }
});

describe("unions and enums", () => {
  it("a tagged union is oneOf with a discriminator that maps every tag to a branch type", () => {
    const nodes = propertyAt("Agent", "workflow.nodes");
    const union = nodes?.additionalProperties;
    expect(union?.discriminator?.propertyName).toBe("type");
    expect(Object.keys(union?.discriminator?.mapping ?? {}).sort()).toEqual(
      ["end", "override_agent", "phone_number", "standalone_agent", "start", "tool"].sort(),
    );
    for (const branch of union?.oneOf ?? []) {
      const t = typeOf(branch.$ref);
      expect(t?.type).toBe("object");
      if (t?.type === "object") expect(t.required).toContain("type");
    }
  });

  it("the SDK writes unions as TypeScript unions, their tags as plain literals", () => {
    expect(sdkTypes).toMatch(
      /nodes\?: pulumi\.Input<Record<string, pulumi\.Input<AgentWorkflowStartNodeArgs \| AgentWorkflowEndNodeArgs \| /,
    );
    const startArgs = /export interface AgentWorkflowStartNodeArgs \{[\s\S]*?\n\}/.exec(sdkTypes)?.[0];
    expect(startArgs).toMatch(/\n {2}type: "start";/);
  });

  it("enums are enum types, and literal unions in the SDK", () => {
    const language = committed.types[`${TOKEN_PREFIX}AgentBehaviourLanguage`];
    expect(language?.type === "string" && language.enum.map((e) => e.value)).toContain("pt-br");
    expect(sdkTypes).toMatch(/export type AgentBehaviourLanguage = "en" \| "ja" \|/);
  });
});

describe("one program type for both dialects", () => {
  const merge = argsJsonSchema(
    resourceSpecs.find((r) => r.type === "Agent") as (typeof resourceSpecs)[number],
  ).merge;

  it("derives the legacy-only settings from the two schemas", () => {
    expect(merge?.legacyOnly).toEqual(["conversationConfig.stt", "conversationConfig.turnDetection"]);
    expect(merge?.legacyValues).toEqual(["platformSettings.widget.variant: expanded"]);
  });

  it("says so where a setting or value exists only in the legacy dialect", () => {
    for (const path of merge?.legacyOnly ?? [])
      expect(propertyAt("Agent", path)?.description?.startsWith(LEGACY_ONLY), path).toBe(true);
    const variant = committed.types[`${TOKEN_PREFIX}AgentEmbedVariant`];
    expect(variant?.type === "string" && variant.enum.find((e) => e.value === "expanded")).toEqual({
      value: "expanded",
      description: LEGACY_ONLY,
    });
    expect(propertyAt("Agent", "platformSettings.widget.variant")?.description).toContain(
      "In the legacy dialect (elevenlabs:apiDialect=legacy): not `tiny`, `expandable`; `expanded` only there.",
    );
    expect(sdkTypes).toMatch(/stt\?: pulumi\.Input<LegacyAgentSttArgs>;/);
    expect(sdkTypes).toContain(
      'export type AgentEmbedVariant = "tiny" | "compact" | "full" | "expandable" | "expanded";',
    );
  });

  it("notes the legacy dialect's own rules on shared settings, and where the live dialect goes further", () => {
    expect(propertyAt("Agent", "conversationConfig.agent.language")?.description).toContain(
      "In the legacy dialect (elevenlabs:apiDialect=legacy): not `pt-br`.",
    );
    expect(propertyAt("Agent", "conversationConfig.turn.turnTimeout")?.description).toContain(
      "In the legacy dialect (elevenlabs:apiDialect=legacy): at least -1 and at most 300.",
    );
    for (const path of ["conversationConfig.asr", "workflow", "platformSettings.callLimits"])
      expect(propertyAt("Agent", path)?.description?.endsWith(LIVE_ONLY), path).toBe(true);
    // Below the place where the dialects part, nothing repeats it.
    expect(propertyAt("Agent", "conversationConfig.asr.quality")?.description).not.toContain(LIVE_ONLY);
  });
});

describe("sdk/types.ts", () => {
  it("exports the names the SDK's classes and functions import", () => {
    for (const name of [
      "AgentArgs",
      "AgentConversationConfig",
      "AgentPlatformSettings",
      "KnowledgeDocumentArgs",
      "PhoneNumberArgs",
      "PhoneNumberTwilioConfig",
      "PhoneNumberSipConfig",
      "GetAgentArgs",
      "GetAgentResult",
      "GetAgentOutputArgs",
      "GetAgentLinkArgs",
      "GetAgentLinkResult",
      "GetAgentLinkOutputArgs",
    ])
      expect(sdkTypes, name).toMatch(new RegExp(`export (interface|type) ${name}\\b`));
  });
});

describe("functions", () => {
  type ObjectSpec = {
    properties: Record<string, { description?: string; secret?: boolean }>;
    required?: string[];
  };
  const requiredKeys = (shape: Record<string, z.ZodType>) =>
    Object.entries(shape)
      .filter(([, s]) => !s.safeParse(undefined).success)
      .map(([k]) => k)
      .sort();

  it("lists exactly the function specs", () => {
    expect(Object.keys(committed.functions ?? {}).sort()).toEqual(
      functionSpecs.map((f) => `${TOKEN_PREFIX}${f.name}`).sort(),
    );
    expect(Object.keys(committed.functions)).toEqual(
      expect.arrayContaining(["elevenlabs:index:getAgentLink", "elevenlabs:index:getAgent"]),
    );
  });

  for (const spec of functionSpecs) {
    describe(spec.name, () => {
      const fn = committed.functions?.[`${TOKEN_PREFIX}${spec.name}`] as
        | { description?: string; inputs: ObjectSpec; outputs: ObjectSpec }
        | undefined;
      it("has a description", () => {
        expect(fn?.description).toMatch(/\S/);
      });
      it("documents every input with its required flag", () => {
        const shape = spec.inputs.shape as Record<string, z.ZodType>;
        expect(Object.keys(fn?.inputs.properties ?? {}).sort()).toEqual(Object.keys(shape).sort());
        expect([...(fn?.inputs.required ?? [])].sort()).toEqual(requiredKeys(shape));
      });
      it("documents every output with its required flag", () => {
        const shape = spec.outputs.shape as Record<string, z.ZodType>;
        expect(Object.keys(fn?.outputs.properties ?? {}).sort()).toEqual(Object.keys(shape).sort());
        expect([...(fn?.outputs.required ?? [])].sort()).toEqual(requiredKeys(shape));
      });
    });
  }

  it("marks getAgentLink's signedUrl secret, and nothing else", () => {
    const secrets = Object.entries(
      committed.functions[`${TOKEN_PREFIX}getAgentLink`]?.outputs.properties as ObjectSpec["properties"],
    )
      .filter(([, p]) => p.secret)
      .map(([k]) => k);
    expect(secrets).toEqual(["signedUrl"]);
  });
});

describe("adding a resource", () => {
  it("is one declaration: a Tool and a Secret from the generated live schemas fit beside the Agent", () => {
    const tool: ResourceSpec = {
      type: "Tool2",
      noun: "tool",
      description: "A tool.",
      args: z.strictObject({ toolConfig: ToolConfigSchema.meta({ description: "What the tool is." }) }),
      outputs: z.strictObject({ toolId: z.string().describe("The tool's id.") }),
      replaces: { live: ["toolConfig.type"] },
    };
    const secret: ResourceSpec = {
      type: "Secret2",
      noun: "secret",
      description: "A secret.",
      args: SecretArgsSchema,
      outputs: z.strictObject({ secretId: z.string().describe("The secret's id.") }),
      replaces: { live: ["name"] },
    };
    const schema = buildPackageSchema("0.0.0", {
      resources: [...resourceSpecs, tool, secret],
      functions: functionSpecs,
    });
    const toolConfig = schema.resources[`${TOKEN_PREFIX}Tool2`]?.inputProperties.toolConfig;
    expect(toolConfig?.discriminator?.propertyName).toBe("type");
    expect(toolConfig?.description).toContain("Changing `type` replaces the tool.");
    expect(schema.resources[`${TOKEN_PREFIX}Secret2`]?.inputProperties.value?.secret).toBe(true);
    expect(schema.resources[`${TOKEN_PREFIX}Secret2`]?.inputProperties.name?.willReplaceOnChanges).toBe(true);
    const sdk = generateSdkTypes(schema);
    expect(sdk).toContain("export interface Tool2Args {");
    expect(sdk).toContain("export interface Secret2Args {");
  });
});
