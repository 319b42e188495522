/**
 * The documented contract of the package: the Pulumi package schema (`schema.json`) is generated
 * from the zod schemas of the resource files, so the two cannot drift apart (a test regenerates it
 * and compares). Descriptions come from `.describe()`/`.meta()`; `secret` from `.meta({ secret })`.
 */
import { z } from "zod";
import {
  GetAgentArgsSchema,
  GetAgentLinkArgsSchema,
  GetAgentLinkResultSchema,
  GetAgentResultSchema,
} from "../client/functions";
import { configKeys } from "../client/http/settings";
import { AgentArgsSchema, AgentOutputsSchema, agentReplaceOnChanges } from "../provider/resources/agent";
import {
  KnowledgeDocumentArgsSchema,
  KnowledgeDocumentOutputsSchema,
  knowledgeDocumentReplaceOnChanges,
} from "../provider/resources/knowledgeDocument";
import {
  PhoneNumberArgsSchema,
  PhoneNumberOutputsSchema,
  phoneNumberReplaceOnChanges,
} from "../provider/resources/phoneNumber";

export interface ResourceSpec {
  /** Resource type name, e.g. `Agent`; the token is `elevenlabs:index:<name>`. */
  name: string;
  args: z.ZodObject;
  outputs: z.ZodObject;
  /** Input properties whose change replaces the resource. */
  replaceOnChanges: readonly string[];
}

export const resourceSpecs: readonly ResourceSpec[] = [
  {
    name: "Agent",
    args: AgentArgsSchema,
    outputs: AgentOutputsSchema,
    replaceOnChanges: agentReplaceOnChanges,
  },
  {
    name: "KnowledgeDocument",
    args: KnowledgeDocumentArgsSchema,
    outputs: KnowledgeDocumentOutputsSchema,
    replaceOnChanges: knowledgeDocumentReplaceOnChanges,
  },
  {
    name: "PhoneNumber",
    args: PhoneNumberArgsSchema,
    outputs: PhoneNumberOutputsSchema,
    replaceOnChanges: phoneNumberReplaceOnChanges,
  },
];

export interface FunctionSpec {
  /** Function name, e.g. `getAgentLink`; the token is `elevenlabs:index:<name>`. */
  name: string;
  /** Arguments; the schema's description is the function's. */
  inputs: z.ZodObject;
  /** Result. */
  outputs: z.ZodObject;
}

export const functionSpecs: readonly FunctionSpec[] = [
  { name: "getAgentLink", inputs: GetAgentLinkArgsSchema, outputs: GetAgentLinkResultSchema },
  { name: "getAgent", inputs: GetAgentArgsSchema, outputs: GetAgentResultSchema },
];

type Json = Record<string, unknown>;

export interface PropertySpec {
  type?: string;
  $ref?: string;
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
  description?: string;
  secret?: boolean;
  willReplaceOnChanges?: boolean;
}

export interface ObjectTypeSpec {
  type: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

export const TOKEN_PREFIX = "elevenlabs:index:";
/** The schema's reference to a value of any type. */
export const ANY_REF = "pulumi.json#/Any";

/** Converts one JSON-schema node (from zod) to a Pulumi property spec. */
function property(node: Json, defs: Record<string, Json>): PropertySpec {
  const ref = node.$ref as string | undefined;
  if (ref) {
    const id = ref.replace("#/$defs/", "");
    const target = defs[id] ?? {};
    return clean({
      $ref: `#/types/${TOKEN_PREFIX}${id}`,
      description: (node.description ?? target.description) as string,
      secret: node.secret === true ? true : undefined,
    });
  }
  const anyOf = node.anyOf as Json[] | undefined;
  if (anyOf) {
    // Optional/nullable unions: take the first non-null branch.
    const branch = anyOf.find((b) => b.type !== "null") ?? {};
    return property(
      { ...branch, description: node.description ?? branch.description, secret: node.secret },
      defs,
    );
  }
  let type = node.type as string | undefined;
  if (!type && Array.isArray(node.enum)) type = "string";
  if (type === "integer") type = "integer";
  const spec: PropertySpec = { type: type ?? "object" };
  if (type === "array") spec.items = property((node.items as Json) ?? {}, defs);
  if (type === "object" && node.additionalProperties && typeof node.additionalProperties === "object") {
    // A map of anything (`z.record(z.string(), z.unknown())`): its values are `pulumi.json#/Any`.
    spec.additionalProperties =
      Object.keys(node.additionalProperties).length === 0
        ? { $ref: ANY_REF }
        : property(node.additionalProperties as Json, defs);
  }
  let description = node.description as string | undefined;
  if (Array.isArray(node.enum)) {
    const values = (node.enum as unknown[]).map((v) => `\`${String(v)}\``).join(", ");
    description = description?.includes(values)
      ? description
      : `${description ?? ""} One of ${values}.`.trim();
  }
  spec.description = description;
  if (node.secret === true) spec.secret = true;
  return clean(spec);
}

function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function objectProps(
  node: Json,
  defs: Record<string, Json>,
): { properties: Record<string, PropertySpec>; required: string[] } {
  const props = (node.properties ?? {}) as Record<string, Json>;
  const properties: Record<string, PropertySpec> = {};
  for (const [k, v] of Object.entries(props)) properties[k] = property(v, defs);
  return { properties, required: ((node.required as string[] | undefined) ?? []).slice() };
}

/** The Pulumi package schema of every resource and function of the package. */
export function buildPackageSchema(version: string): Json {
  const resources: Record<string, Json> = {};
  const types: Record<string, ObjectTypeSpec> = {};
  for (const spec of resourceSpecs) {
    const args = z.toJSONSchema(spec.args, { io: "input" }) as Json;
    const outs = z.toJSONSchema(spec.outputs, { io: "output" }) as Json;
    const defs = { ...((args.$defs ?? {}) as Record<string, Json>) };
    for (const [id, def] of Object.entries(defs)) {
      const { properties, required } = objectProps(def, defs);
      types[`${TOKEN_PREFIX}${id}`] = clean({
        type: "object",
        description: def.description as string | undefined,
        properties,
        required: required.length ? required : undefined,
      }) as ObjectTypeSpec;
    }
    const inputs = objectProps(args, defs);
    for (const k of spec.replaceOnChanges) {
      const p = inputs.properties[k];
      if (!p) throw new Error(`${spec.name}: replaceOnChanges names unknown input '${k}'`);
      p.willReplaceOnChanges = true;
    }
    const outputsOnly = objectProps(outs, {});
    resources[`${TOKEN_PREFIX}${spec.name}`] = {
      description: args.description,
      properties: { ...inputs.properties, ...outputsOnly.properties },
      required: [...new Set([...outputsOnly.required, ...inputs.required])].sort(),
      inputProperties: inputs.properties,
      requiredInputs: inputs.required,
    };
  }
  const functions: Record<string, Json> = {};
  for (const spec of functionSpecs) {
    const ins = z.toJSONSchema(spec.inputs, { io: "input" }) as Json;
    const outs = z.toJSONSchema(spec.outputs, { io: "output" }) as Json;
    const inputs = objectProps(ins, {});
    const outputs = objectProps(outs, {});
    functions[`${TOKEN_PREFIX}${spec.name}`] = {
      description: ins.description,
      inputs: clean({
        type: "object",
        properties: inputs.properties,
        required: inputs.required.length ? inputs.required : undefined,
      }),
      outputs: clean({
        type: "object",
        properties: outputs.properties,
        required: outputs.required.length ? outputs.required : undefined,
      }),
    };
  }
  return {
    name: "elevenlabs",
    displayName: "ElevenLabs",
    version,
    description:
      "Pulumi resources for ElevenLabs conversational agents (Agents Platform API), implemented as dynamic providers. " +
      "Generated from the zod schemas in provider/resources by codegen/gen-schema.ts; do not edit by hand.",
    keywords: ["pulumi", "elevenlabs", "voice", "agents", "category/ai"],
    license: "Apache-2.0",
    repository: "https://github.com/pulumi-elevenlabs/pulumi-elevenlabs",
    config: {
      variables: {
        [configKeys.apiKey.split(":")[1] as string]: {
          type: "string",
          secret: true,
          description: "ElevenLabs API key (sent as `xi-api-key`). Falls back to `ELEVENLABS_API_KEY`.",
        },
        [configKeys.baseUrl.split(":")[1] as string]: {
          type: "string",
          description:
            "Base URL of the Agents Platform API, default `https://api.elevenlabs.io/v1/convai`. Falls back to `ELEVENLABS_BASE_URL`; point it at the local emulator for offline work.",
        },
        [configKeys.timeoutSeconds.split(":")[1] as string]: {
          type: "number",
          description:
            "Per-request timeout in seconds (default 30). Falls back to `ELEVENLABS_TIMEOUT_SECONDS`.",
        },
        [configKeys.maxRetries.split(":")[1] as string]: {
          type: "integer",
          description:
            "Retries for requests that are safe to repeat (default 3). Falls back to `ELEVENLABS_MAX_RETRIES`.",
        },
      },
    },
    language: {
      nodejs: { packageName: "pulumi-elevenlabs", dependencies: { "@pulumi/pulumi": "^3.270.0" } },
    },
    types,
    resources,
    functions,
  };
}
