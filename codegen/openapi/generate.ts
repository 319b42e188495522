/**
 * Generates, per dialect, from its API description (+ the rules overlay, and for the live dialect
 * the SDK's newer enums):
 *   provider/generated/<dialect>.ts  zod schemas of the program-facing roots (`AgentArgsSchema`, ...)
 *   client/generated/<dialect>.ts    their wire shapes (`liveShapes`, `legacyShapes`)
 * The dialects run the same pipeline; only their `DialectRun` (config, files, docs) differs.
 * Run: `tsx codegen/openapi/generate.ts` (`--check` compares instead of writing; exit 1 on a difference).
 * Output is deterministic; a test regenerates and compares with the committed files.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Docs, describe } from "./describe";
import { legacyPropertyDocs, legacyTypeDocs, propertyDocs, typeDocs } from "./docs";
import { emitShapes } from "./emitShapes";
import { emitZod } from "./emitZod";
import { buildIr, type DialectConfig, type Ir } from "./ir";
import { legacyDialect } from "./legacyDialect";
import { liveDialect } from "./liveDialect";
import { readSdkEnum } from "./sdk";
import { loadDescription, type OpenApiDocument, refName } from "./spec";

/** The repository root. */
export const REPO = resolve(__dirname, "..", "..");

/** One dialect's generation: its decisions, where its description is, what it writes. */
export interface DialectRun {
  readonly config: DialectConfig;
  /** Description and rules overlay, relative to the repository root. */
  readonly inputs: { readonly spec: string; readonly rules: string };
  /** Generated files, relative to the repository root. */
  readonly outputs: { readonly zod: string; readonly shapes: string };
  /** Name of the exported shape table (`liveShapes`). */
  readonly shapesExport: string;
  readonly docs: Docs;
  /** Component schema of the agent create body (for the coverage report). */
  readonly agentBody: string;
}

/** Inputs of the live dialect, relative to the repository root. */
export const LIVE_INPUTS = {
  spec: "emulator/spec/elevenlabs-convai-openapi.json",
  rules: "emulator/spec/rules.json",
} as const;
/** Outputs of the live dialect, relative to the repository root. */
export const LIVE_OUTPUTS = {
  zod: "provider/generated/live.ts",
  shapes: "client/generated/live.ts",
} as const;

/** The live dialect (the service's API description). */
export const LIVE: DialectRun = {
  config: liveDialect,
  inputs: LIVE_INPUTS,
  outputs: LIVE_OUTPUTS,
  shapesExport: "liveShapes",
  docs: { properties: propertyDocs, types: typeDocs },
  agentBody: "Body_Create_Agent_v1_convai_agents_create_post",
};

/** The legacy dialect (the seed reference, as the emulator enforces it). */
export const LEGACY: DialectRun = {
  config: legacyDialect,
  inputs: { spec: "emulator/spec/legacy-openapi.json", rules: "emulator/spec/rules.json" },
  outputs: { zod: "provider/generated/legacy.ts", shapes: "client/generated/legacy.ts" },
  shapesExport: "legacyShapes",
  docs: { properties: legacyPropertyDocs, types: legacyTypeDocs },
  agentBody: "LegacyCreateAgentRequest",
};

/** Every dialect, in generation order. */
export const DIALECT_RUNS: readonly DialectRun[] = [LIVE, LEGACY];

const irCache = new Map<DialectRun, { doc: OpenApiDocument; ir: Ir }>();

/** The IR of a dialect, described (docs applied). Built once per process and run. */
export function dialectIr(run: DialectRun): { doc: OpenApiDocument; ir: Ir } {
  const hit = irCache.get(run);
  if (hit) return hit;
  const doc = loadDescription(join(REPO, run.inputs.spec), join(REPO, run.inputs.rules), run.config.dialect);
  const ir = buildIr(doc, run.config, (name) => readSdkEnum(name));
  describe(ir, run.docs);
  const built = { doc, ir };
  irCache.set(run, built);
  return built;
}

/** The IR of the live dialect, described (docs applied); with another config, built afresh. */
export function liveIr(config: DialectConfig = liveDialect): { doc: OpenApiDocument; ir: Ir } {
  return config === liveDialect ? dialectIr(LIVE) : dialectIr({ ...LIVE, config });
}

/** The IR of the legacy dialect, described. */
export function legacyIr(): { doc: OpenApiDocument; ir: Ir } {
  return dialectIr(LEGACY);
}

/** Type ids two dialects both use (they share one package: must be none). */
export function sharedIds(a: Ir, b: Ir): string[] {
  const ids = new Set([...a.types.values()].map((t) => t.id));
  const rootNames = new Set([...a.roots, ...b.roots].filter((r) => !r.spec.id).map((r) => r.spec.name));
  return [...new Set([...b.types.values()].map((t) => t.id))].filter(
    (id) => ids.has(id) && !rootNames.has(id),
  );
}

function sdkVersion(): string {
  const pkg = join(REPO, "node_modules", "@elevenlabs", "elevenlabs-js", "package.json");
  return (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version;
}

function header(run: DialectRun, what: string): string {
  const sdk = Object.keys(run.config.sdkEnums).length
    ? `, enums merged from @elevenlabs/elevenlabs-js ${sdkVersion()}`
    : "";
  return [
    `// GENERATED by codegen/openapi/generate.ts — do not edit. ${what}`,
    `// Source: ${run.inputs.spec} + ${run.inputs.rules} ("${run.config.dialect}")${sdk}.`,
    "// Change the description, the rules or the tables in codegen/openapi/ and run `tsx codegen/openapi/generate.ts`.",
    "",
  ].join("\n");
}

/**
 * Formats TypeScript source with `biome format` (so generated files pass `biome check`). Biome can
 * lay out long member chains differently on a second pass, so it runs until the text is stable.
 */
export function format(source: string, path: string): string {
  const biome = join(REPO, "node_modules", ".bin", "biome");
  let text = source;
  for (let pass = 0; pass < 4; pass++) {
    const r = spawnSync(biome, ["format", `--stdin-file-path=${path}`], {
      cwd: REPO,
      input: text,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`biome format ${path} failed:\n${r.stderr}`);
    if (r.stdout === text) return text;
    text = r.stdout;
  }
  throw new Error(`biome format ${path}: no stable layout after 4 passes`);
}

/** The generated files of one dialect, by path relative to the repository root. */
export function generateDialect(run: DialectRun): Record<string, string> {
  const { ir } = dialectIr(run);
  return {
    [run.outputs.zod]: format(
      emitZod(ir, header(run, "Program-facing zod schemas (camelCase).")),
      run.outputs.zod,
    ),
    [run.outputs.shapes]: format(
      emitShapes(ir, header(run, "Wire shapes: camelCase key -> wire name, per type."), run.shapesExport),
      run.outputs.shapes,
    ),
  };
}

/** The generated files of the live dialect. */
export function generateLive(): Record<string, string> {
  return generateDialect(LIVE);
}

/**
 * The generated files of every dialect. Throws when two dialects give a type the same id: their
 * types meet in one package (schema.json, sdk/types.ts), where an id must name one type.
 */
export function generateAll(): Record<string, string> {
  const irs = DIALECT_RUNS.map((r) => dialectIr(r).ir);
  for (let i = 0; i < irs.length; i++)
    for (let j = i + 1; j < irs.length; j++) {
      const shared = sharedIds(irs[i] as Ir, irs[j] as Ir);
      if (shared.length > 0) throw new Error(`type ids used by two dialects: ${shared.join(", ")}`);
    }
  return Object.assign({}, ...DIALECT_RUNS.map(generateDialect));
}

/** What the create body of the description holds vs what the IR covers. */
export interface Coverage {
  readonly schemas: number;
  readonly properties: number;
  readonly coveredSchemas: number;
  readonly coveredProperties: number;
  /** `Schema.property` in the body but not in the program schema (and why). */
  readonly missing: readonly string[];
}

/** Coverage of the components reachable from `rootSchema` in `doc` by the IR. */
export function coverage(doc: OpenApiDocument, ir: Ir, rootSchema: string): Coverage {
  const schemas = doc.components.schemas;
  const reached = new Set<string>();
  const stack = [rootSchema];
  while (stack.length > 0) {
    const name = stack.pop() as string;
    if (reached.has(name)) continue;
    reached.add(name);
    JSON.stringify(schemas[name], (k, v: unknown) => {
      if (k === "$ref" && typeof v === "string") stack.push(refName(v));
      return v;
    });
  }
  const aliases = new Map(ir.notes.aliases.map((a) => a.split(" = ") as [string, string]));
  const typed = new Map(
    [...ir.types.values()].filter((t) => t.component).map((t) => [t.component as string, t]),
  );
  let properties = 0;
  let coveredProperties = 0;
  let coveredSchemas = 0;
  const missing: string[] = [];
  const fixed = new Set(
    ir.roots.flatMap((r) => Object.keys(r.spec.fixed ?? {}).map((k) => `${r.spec.schema}.${k}`)),
  );
  for (const name of reached) {
    const t = typed.get(aliases.get(name) ?? name);
    // Components that are no object, union or enum of 2+ values (scalars, constants) are inlined where used.
    const s = schemas[name];
    const inlined = !(s?.properties || s?.anyOf || s?.oneOf || (s?.enum && s.enum.length > 1));
    if (t || inlined) coveredSchemas++;
    for (const wire of Object.keys(schemas[name]?.properties ?? {})) {
      properties++;
      const node = t?.node;
      if (node?.kind === "object" && node.properties.some((p) => p.wire === wire)) coveredProperties++;
      else if (fixed.has(`${name}.${wire}`)) coveredProperties++;
      else
        missing.push(
          `${name}.${wire}${ir.notes.readOnlyDropped.includes(`${name}.${wire}`) ? " (readOnly)" : ""}`,
        );
    }
  }
  return { schemas: reached.size, properties, coveredSchemas, coveredProperties, missing };
}

function main(): void {
  const check = process.argv.includes("--check");
  const files = generateAll();
  let stale = 0;
  for (const [path, text] of Object.entries(files)) {
    const abs = join(REPO, path);
    let old = "";
    try {
      old = readFileSync(abs, "utf8");
    } catch {
      // absent: written below
    }
    if (old === text) continue;
    stale++;
    if (check) console.error(`${path} is not what the generator produces`);
    else writeFileSync(abs, text);
  }
  const lines = Object.entries(files).map(
    ([p, t]) => `${p}: ${t.split("\n").length - 1} lines, ${(Buffer.byteLength(t) / 1024).toFixed(1)} KB`,
  );
  for (const run of DIALECT_RUNS) {
    const { doc, ir } = dialectIr(run);
    const body = coverage(doc, ir, run.agentBody);
    lines.push(
      `${run.config.dialect}: types: ${ir.types.size}; agent create body: ${body.coveredSchemas}/${body.schemas} schemas, ${body.coveredProperties}/${body.properties} properties`,
      ...body.missing.map((m) => `  not in the program schema: ${m}`),
      `  naive camel<->snake round trip fails for: ${ir.notes.naiveRoundTripFailures.join(", ") || "none"}`,
      `  discriminators made required: ${ir.notes.requiredTags.length}`,
    );
  }
  lines.push(check ? (stale ? `${stale} file(s) stale` : "up to date") : `wrote ${stale} file(s)`);
  console.log(lines.join("\n"));
  if (check && stale) process.exitCode = 1;
}

if (require.main === module) main();
