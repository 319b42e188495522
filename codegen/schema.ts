/**
 * The documented contract of the package: the Pulumi package schema (`schema.json`) is generated
 * from the zod schemas the provider validates with, so the two cannot drift apart (a test
 * regenerates it and compares). JSON Schema (zod's) becomes Pulumi types through
 * `codegen/openapi/pulumiTypes.ts`: unions as `oneOf` + `discriminator`, enums as enum types, maps,
 * recursion, secrets (`.meta({ secret })`), descriptions (`.meta({ description })`).
 *
 * A resource with a legacy-dialect schema (`legacyArgs`) is documented as one program type for both
 * dialects: the live arguments plus what only the legacy ones have (`openapi/dialectMerge.ts`).
 */
import { z } from "zod";
import {
  GetAgentArgsSchema,
  GetAgentLinkArgsSchema,
  GetAgentLinkResultSchema,
  GetAgentResultSchema,
} from "../client/functions";
import { configKeys, DEFAULT_DIALECT, DIALECTS } from "../client/http/settings";
import type { AnyDeclaration } from "../provider/kit/declaration";
import { RESOURCES } from "../provider/resources";
import { type MergeReport, mergeLegacy } from "./openapi/dialectMerge";
import {
  ANY_REF,
  type ObjectTypeSpec,
  type PropertySpec,
  type PulumiTypes,
  pulumiTypesOf,
  TOKEN_PREFIX,
  type TypeSpec,
} from "./openapi/pulumiTypes";
import type { SchemaNode } from "./openapi/spec";

export { ANY_REF, type ObjectTypeSpec, type PropertySpec, TOKEN_PREFIX, type TypeSpec };

/**
 * What schema.json documents of a resource: the part of its declaration (`provider/kit/declaration.ts`)
 * that says what it is, not how it works.
 */
export type ResourceSpec = Pick<
  AnyDeclaration,
  "type" | "noun" | "description" | "args" | "legacyArgs" | "outputs" | "replaces" | "legacy"
>;

/** Every resource of the package: the declarations. */
export const resourceSpecs: readonly ResourceSpec[] = RESOURCES;

/**
 * What a change of each input property does, from the declaration's `replaces`: `live` when it
 * replaces in the live dialect (schema.json's `willReplaceOnChanges`), `legacy` when it replaces only
 * in the legacy one, `inside` the paths within it whose change replaces (`toolConfig.type`: `type`).
 */
export function replacementOf(
  spec: ResourceSpec,
  property: string,
): { live: boolean; legacy: boolean; inside: { path: string; live: boolean; legacy: boolean }[] } {
  const rule = (r: readonly string[] | "all", p: string) => r === "all" || r.includes(p);
  const live = Object.hasOwn(spec.args.shape, property) ? spec.replaces.live : [];
  // Nothing replaces in the legacy dialect where it has no such property, or no such resource.
  const inLegacy = spec.legacy !== undefined && Object.hasOwn((spec.legacyArgs ?? spec.args).shape, property);
  const legacy = inLegacy ? (spec.replaces.legacy ?? spec.replaces.live) : [];
  const nested = [...new Set([...live, ...(legacy === "all" ? [] : legacy)])]
    .filter((p) => p.startsWith(`${property}.`))
    .map((p) => ({ path: p.slice(property.length + 1), live: rule(live, p), legacy: rule(legacy, p) }));
  return { live: rule(live, property), legacy: rule(legacy, property), inside: nested };
}

/** The sentences schema.json adds to a property's description about what its change replaces. */
export function replacementNote(spec: ResourceSpec, property: string): string | undefined {
  const r = replacementOf(spec, property);
  const notes: string[] = [];
  if (r.legacy && !r.live) notes.push(`In the legacy dialect, changing it replaces the ${spec.noun}.`);
  for (const n of r.inside) {
    const oneDialect = spec.legacy !== undefined && n.live !== n.legacy;
    const where = !oneDialect ? "" : n.live ? " (live dialect)" : " (legacy dialect)";
    notes.push(`Changing \`${n.path}\` replaces the ${spec.noun}${where}.`);
  }
  return notes.length > 0 ? notes.join(" ") : undefined;
}

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

/** A Pulumi resource as schema.json declares it. */
export interface ResourceSchema {
  description?: string;
  properties: Record<string, PropertySpec>;
  required: string[];
  inputProperties: Record<string, PropertySpec>;
  requiredInputs: string[];
}

/** A Pulumi function as schema.json declares it. */
export interface FunctionSchema {
  description?: string;
  inputs: ObjectTypeSpec;
  outputs: ObjectTypeSpec;
}

/** The part of the package schema that codegen reads back (sdk/types.ts, the reference). */
export interface PackageSchema {
  name: string;
  version: string;
  types: Record<string, TypeSpec>;
  resources: Record<string, ResourceSchema>;
  functions: Record<string, FunctionSchema>;
  [key: string]: unknown;
}

/** The JSON Schema of a zod schema, as inputs (`input`) or outputs (`output`) see it. */
function jsonOf(schema: z.ZodType, io: "input" | "output"): SchemaNode {
  return z.toJSONSchema(schema, { io }) as SchemaNode;
}

/**
 * The JSON Schema of a resource's arguments: the live ones, with what only the legacy ones have
 * when the resource has `legacyArgs` (and what the merge added).
 */
export function argsJsonSchema(spec: ResourceSpec): { schema: SchemaNode; merge?: MergeReport } {
  const live = { ...jsonOf(spec.args, "input"), description: spec.description };
  if (!spec.legacyArgs) return { schema: live };
  const { schema, report } = mergeLegacy(live, jsonOf(spec.legacyArgs, "input"));
  return { schema, merge: report };
}

/** The `$defs` ids a JSON Schema node refers to. */
function refsIn(node: SchemaNode): string[] {
  const out: string[] = [];
  JSON.stringify(node, (k, v: unknown) => {
    if (k === "$ref" && typeof v === "string" && v.startsWith("#/$defs/"))
      out.push(v.slice("#/$defs/".length));
    return v;
  });
  return out;
}

/**
 * `schema` with the types it shares with earlier resources in their package-wide form: a resource
 * of the live dialect only that reuses another's types (an AgentBranch's configuration is the
 * Agent's) refers to the one type of that name, which carries the legacy dialect's additions the
 * other resource merged in. What those reach comes along.
 */
function withSharedDefs(schema: SchemaNode, shared: Readonly<Record<string, SchemaNode>>): SchemaNode {
  const defs: Record<string, SchemaNode> = { ...(schema.$defs ?? {}) };
  const todo = Object.keys(defs).filter((id) => shared[id] !== undefined);
  const done = new Set<string>();
  for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
    const node = shared[id];
    if (done.has(id) || node === undefined) continue;
    done.add(id);
    defs[id] = node;
    for (const ref of refsIn(node)) if (!done.has(ref) && shared[ref] !== undefined) todo.push(ref);
  }
  return { ...schema, $defs: defs };
}

/** Adds `more` to the package's types; the same token must mean the same type everywhere. */
function addTypes(into: Record<string, TypeSpec>, more: Record<string, TypeSpec>, where: string): void {
  for (const [token, t] of Object.entries(more)) {
    const had = into[token];
    if (had !== undefined && JSON.stringify(had) !== JSON.stringify(t))
      throw new Error(`${where}: type ${token} differs from the type of that name used elsewhere`);
    into[token] = t;
  }
}

/** An object spec, `required` left out when empty (as Pulumi writes it). */
function objectSpec(p: PulumiTypes): ObjectTypeSpec {
  return p.required.length
    ? { type: "object", properties: p.properties, required: p.required }
    : { type: "object", properties: p.properties };
}

/** The repository, the package's home. */
const REPOSITORY = "https://github.com/pulumi-elevenlabs/pulumi-elevenlabs";

/**
 * Where the engine finds the plugin's release assets (`github://api.github.com/<owner>`: the
 * releases of `<owner>/pulumi-elevenlabs`, assets `pulumi-resource-elevenlabs-v<version>-<os>-<arch>.tar.gz`).
 */
export const PLUGIN_DOWNLOAD_URL = "github://api.github.com/pulumi-elevenlabs";

/**
 * The provider's configuration, once for stack config (`config.variables`) and for an explicit
 * provider's arguments (`provider.inputProperties`): the keys the client reads (`configKeys`).
 */
function providerConfiguration(): Record<string, PropertySpec> {
  const name = (key: string) => key.split(":")[1] as string;
  return {
    [name(configKeys.apiKey)]: {
      type: "string",
      secret: true,
      description: "ElevenLabs API key (sent as `xi-api-key`). Falls back to `ELEVENLABS_API_KEY`.",
    },
    [name(configKeys.baseUrl)]: {
      type: "string",
      description:
        "Base URL of the Agents Platform API, default `https://api.elevenlabs.io/v1/convai`. Falls back to `ELEVENLABS_BASE_URL`; point it at the local emulator for offline work.",
    },
    [name(configKeys.apiDialect)]: {
      type: "string",
      description: `Which API the provider speaks: ${DIALECTS.map((d) => `\`${d}\``).join(" or ")} (default \`${DEFAULT_DIALECT}\`): \`live\` is the ElevenLabs service as it is today, \`legacy\` the API reference this project started from. Settings only one dialect has say so. Falls back to \`ELEVENLABS_API_DIALECT\`.`,
    },
    [name(configKeys.timeoutSeconds)]: {
      type: "number",
      description: "Per-request timeout in seconds (default 30). Falls back to `ELEVENLABS_TIMEOUT_SECONDS`.",
    },
    [name(configKeys.maxRetries)]: {
      type: "integer",
      description:
        "Retries for requests that are safe to repeat (default 3). Falls back to `ELEVENLABS_MAX_RETRIES`.",
    },
  };
}

/**
 * The Pulumi package schema of every resource and function of the package (`specs` replaces the
 * package's lists, e.g. to try a resource before adding it).
 */
export function buildPackageSchema(
  version: string,
  specs: { resources: readonly ResourceSpec[]; functions: readonly FunctionSpec[] } = {
    resources: resourceSpecs,
    functions: functionSpecs,
  },
): PackageSchema {
  const types: Record<string, TypeSpec> = {};
  const resources: Record<string, ResourceSchema> = {};
  /** The `$defs` of resources merged with their legacy arguments: the package-wide form of those types. */
  const shared: Record<string, SchemaNode> = {};
  for (const spec of specs.resources) {
    const own = argsJsonSchema(spec).schema;
    const args = spec.legacyArgs ? own : withSharedDefs(own, shared);
    if (spec.legacyArgs) Object.assign(shared, own.$defs ?? {});
    const inputs = pulumiTypesOf(args);
    const outputsOnly = pulumiTypesOf(jsonOf(spec.outputs, "output"));
    addTypes(types, inputs.types, spec.type);
    addTypes(types, outputsOnly.types, spec.type);
    for (const path of [
      ...spec.replaces.live,
      ...(spec.replaces.legacy === "all" ? [] : (spec.replaces.legacy ?? [])),
    ]) {
      const top = path.split(".")[0] ?? path;
      if (!inputs.properties[top]) throw new Error(`${spec.type}: replaces names unknown input '${top}'`);
    }
    for (const [k, p] of Object.entries(inputs.properties)) {
      if (replacementOf(spec, k).live) p.willReplaceOnChanges = true;
      const note = replacementNote(spec, k);
      if (note) p.description = p.description ? `${p.description} ${note}` : note;
    }
    resources[`${TOKEN_PREFIX}${spec.type}`] = {
      description: args.description,
      properties: { ...inputs.properties, ...outputsOnly.properties },
      required: [...new Set([...outputsOnly.required, ...inputs.required])].sort(),
      inputProperties: inputs.properties,
      requiredInputs: inputs.required,
    };
  }
  const functions: Record<string, FunctionSchema> = {};
  for (const spec of specs.functions) {
    const ins = jsonOf(spec.inputs, "input");
    const inputs = pulumiTypesOf(ins);
    const outputs = pulumiTypesOf(jsonOf(spec.outputs, "output"));
    addTypes(types, inputs.types, spec.name);
    addTypes(types, outputs.types, spec.name);
    functions[`${TOKEN_PREFIX}${spec.name}`] = {
      description: ins.description,
      inputs: objectSpec(inputs),
      outputs: objectSpec(outputs),
    };
  }
  const configuration = providerConfiguration();
  return {
    name: "elevenlabs",
    displayName: "ElevenLabs",
    version,
    description:
      "Pulumi resources for ElevenLabs conversational agents (Agents Platform API): dynamic providers for TypeScript, " +
      "the provider plugin pulumi-resource-elevenlabs for every language. " +
      "Generated from the provider's zod schemas by codegen/gen-schema.ts; do not edit by hand.",
    keywords: ["pulumi", "elevenlabs", "voice", "agents", "category/ai"],
    homepage: REPOSITORY,
    license: "Apache-2.0",
    repository: REPOSITORY,
    publisher: "pulumi-elevenlabs",
    // Where the engine downloads the plugin when it is not installed: the release assets
    // pulumi-resource-elevenlabs-v<version>-<os>-<arch>.tar.gz of the repository (`make plugin`).
    pluginDownloadURL: PLUGIN_DOWNLOAD_URL,
    config: { variables: configuration },
    provider: {
      description:
        "The ElevenLabs provider: which account (API key, base URL) and which API dialect the resources use. " +
        "A default provider takes the stack's `elevenlabs:*` config; declare one explicitly to use two accounts in one program.",
      inputProperties: configuration,
    },
    language: {
      nodejs: { packageName: "pulumi-elevenlabs", dependencies: { "@pulumi/pulumi": "^3.270.0" } },
      python: {
        packageName: "pulumi_elevenlabs",
        requires: { pulumi: ">=3.0.0,<4.0.0" },
        pyproject: { enabled: true },
        respectSchemaVersion: true,
        readme:
          "Pulumi resources for ElevenLabs conversational agents: agents, knowledge documents, phone numbers, tools and secrets. " +
          "Needs the provider plugin pulumi-resource-elevenlabs (`npm install -g pulumi-elevenlabs`, or " +
          "`pulumi plugin install resource elevenlabs <version> --file <tarball>`).",
      },
      go: {
        importBasePath: "github.com/pulumi-elevenlabs/pulumi-elevenlabs/sdk/go/elevenlabs",
        generateResourceContainerTypes: true,
      },
      csharp: { rootNamespace: "PulumiElevenLabs", packageReferences: { Pulumi: "3.*" } },
    },
    types,
    resources,
    functions,
  };
}
