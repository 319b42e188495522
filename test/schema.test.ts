/**
 * schema.json and sdk/types.ts are the documented contract; they are generated from the zod schemas
 * and must stay equal to what the generator produces now. Run `make schema` after changing a schema.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { buildPackageSchema, resourceSpecs, TOKEN_PREFIX } from "../provider/schema";
import { generateSdkTypes } from "../scripts/sdkgen";
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
});
