/**
 * schema.json and sdk/types.ts are the documented contract; they are generated from the zod schemas
 * and must stay equal to what the generator produces now. Run `make schema` after changing a schema.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { buildPackageSchema, functionSpecs, resourceSpecs, TOKEN_PREFIX } from "../codegen/schema";
import { generateSdkTypes } from "../codegen/sdkgen";
import { REPO_ROOT } from "./helpers/paths";

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
const committed = JSON.parse(readFileSync(join(REPO_ROOT, "schema.json"), "utf8"));
const generated = buildPackageSchema(pkg.version);

describe("schema.json", () => {
  it("equals what the zod schemas generate (run `make schema` if not)", () => {
    expect(committed).toEqual(generated);
  });

  it("sdk/types.ts equals what the schema generates (run `make schema` if not)", () => {
    const types = readFileSync(join(REPO_ROOT, "sdk", "types.ts"), "utf8");
    expect(types).toEqual(generateSdkTypes(generated as Parameters<typeof generateSdkTypes>[0]));
  });

  for (const spec of resourceSpecs) {
    describe(spec.name, () => {
      const res = committed.resources[`${TOKEN_PREFIX}${spec.name}`];
      it("documents every input with its required flag", () => {
        const shape = spec.args.shape as Record<string, z.ZodType>;
        expect(Object.keys(res.inputProperties).sort()).toEqual(Object.keys(shape).sort());
        const required = Object.entries(shape)
          .filter(([, s]) => !s.safeParse(undefined).success)
          .map(([k]) => k)
          .sort();
        expect([...res.requiredInputs].sort()).toEqual(required);
      });
      it("describes every property and type", () => {
        const missing: string[] = [];
        for (const [k, p] of Object.entries(res.properties as Record<string, { description?: string }>)) {
          if (!p.description) missing.push(k);
        }
        for (const [t, def] of Object.entries(
          committed.types as Record<string, { properties: Record<string, { description?: string }> }>,
        )) {
          for (const [k, p] of Object.entries(def.properties)) if (!p.description) missing.push(`${t}.${k}`);
        }
        expect(missing).toEqual([]);
      });
      it("declares every output", () => {
        for (const k of Object.keys(spec.outputs.shape)) expect(res.properties[k]).toBeDefined();
      });
    });
  }

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
        it("describes every input and output", () => {
          const missing = [
            ...Object.entries(fn?.inputs.properties ?? {}).map(([k, p]) => [`inputs.${k}`, p] as const),
            ...Object.entries(fn?.outputs.properties ?? {}).map(([k, p]) => [`outputs.${k}`, p] as const),
          ]
            .filter(([, p]) => !p.description)
            .map(([k]) => k);
          expect(missing).toEqual([]);
        });
      });
    }

    it("marks getAgentLink's signedUrl secret, and nothing else", () => {
      const secrets = Object.entries(
        committed.functions[`${TOKEN_PREFIX}getAgentLink`].outputs.properties as ObjectSpec["properties"],
      )
        .filter(([, p]) => p.secret)
        .map(([k]) => k);
      expect(secrets).toEqual(["signedUrl"]);
    });
  });
});
