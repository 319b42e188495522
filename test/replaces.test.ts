/**
 * What schema.json says replaces a resource is what the provider's diff decides at runtime. For
 * every resource, in every dialect it has, each top-level input property is changed on its own
 * (and each path inside one that the schema names, e.g. `toolConfig.type`, and each computed input
 * such as a file's hash) and the provider's `diff` is compared with the committed schema.json:
 * `willReplaceOnChanges` for the live dialect, the note "In the legacy dialect, changing it
 * replaces" for the legacy one. A change to either side alone fails here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Dialect } from "../client/http/settings";
import type { PlainObject } from "../client/wire";
import { TOKEN_PREFIX } from "../codegen/schema";
import { argsOf } from "../provider/kit/declaration";
import { RESOURCES } from "../provider/resources";
import { REPO_ROOT } from "./helpers/paths";

interface SchemaProperty {
  description?: string;
  willReplaceOnChanges?: boolean;
}
const schema = JSON.parse(readFileSync(join(REPO_ROOT, "schema.json"), "utf8")) as {
  resources: Record<string, { inputProperties: Record<string, SchemaProperty> }>;
};

const saved = process.env.ELEVENLABS_API_DIALECT;
afterEach(() => {
  if (saved === undefined) delete process.env.ELEVENLABS_API_DIALECT;
  else process.env.ELEVENLABS_API_DIALECT = saved;
});

/** What schema.json says a change of `property` does in `dialect`. */
function schemaSays(p: SchemaProperty | undefined, dialect: Dialect): boolean {
  if (p?.willReplaceOnChanges) return true;
  return (
    dialect === "legacy" && (p?.description ?? "").includes("In the legacy dialect, changing it replaces")
  );
}

/** The paths inside a property that schema.json says replace in `dialect` (`Changing \`type\` replaces`). */
function insideSays(p: SchemaProperty | undefined, dialect: Dialect): string[] {
  const out: string[] = [];
  for (const m of (p?.description ?? "").matchAll(
    /Changing `([^`]+)` replaces the [a-z ]+?( \((live|legacy) dialect\))?\./g,
  )) {
    if (m[3] === undefined || m[3] === dialect) out.push(m[1] as string);
  }
  return out;
}

/** Sets `value` at dotted `path` inside a copy of `tree`. */
function withPath(tree: PlainObject, path: readonly string[], value: unknown): PlainObject {
  const [head, ...rest] = path as [string, ...string[]];
  const child = (tree[head] ?? {}) as PlainObject;
  return { ...tree, [head]: rest.length === 0 ? value : withPath(child, rest, value) };
}

for (const r of RESOURCES) {
  const entry = schema.resources[`${TOKEN_PREFIX}${r.type}`]?.inputProperties ?? {};
  const dialects: Dialect[] = r.legacy ? ["live", "legacy"] : ["live"];
  for (const dialect of dialects) {
    describe(`${r.type} (${dialect})`, () => {
      const diff = async (olds: PlainObject, news: PlainObject) => {
        process.env.ELEVENLABS_API_DIALECT = dialect;
        return r.handler.diff("id-1", olds, news);
      };
      const properties = Object.keys(argsOf(r, dialect).shape);

      it.each(properties)("a change of %s replaces exactly when schema.json says so", async (k) => {
        const result = await diff({ [k]: { value: 1 } }, { [k]: { value: 2 } });
        expect(result.changes).toBe(true);
        expect((result.replaces ?? []).includes(k)).toBe(schemaSays(entry[k], dialect));
      });

      for (const k of properties) {
        for (const path of insideSays(entry[k], dialect)) {
          it(`a change of ${k}.${path} replaces, a change beside it does not`, async () => {
            const segments = [k, ...path.split(".")];
            const base = withPath({ [k]: { other: 1 } }, segments, "one");
            const moved = await diff(base, withPath(base, segments, "two"));
            expect(moved.replaces).toContain(k);
            const beside = await diff(base, withPath(base, [k, "other"], 2));
            expect((beside.replaces ?? []).includes(k)).toBe(schemaSays(entry[k], dialect));
          });
        }
      }

      for (const [computed, owner] of Object.entries(r.computed ?? {})) {
        it(`a change of the computed ${computed} counts as ${owner}`, async () => {
          const result = await diff(
            { [owner]: "same", [computed]: "a" },
            { [owner]: "same", [computed]: "b" },
          );
          expect(result.changes).toBe(true);
          expect((result.replaces ?? []).includes(owner)).toBe(schemaSays(entry[owner], dialect));
        });
      }
    });
  }
}

describe("the schema names replacements only the provider makes", () => {
  it("every property schema.json marks replacing exists in some dialect's inputs", () => {
    for (const r of RESOURCES) {
      const entry = schema.resources[`${TOKEN_PREFIX}${r.type}`]?.inputProperties ?? {};
      const known = new Set([...Object.keys(r.args.shape), ...Object.keys(r.legacyArgs?.shape ?? {})]);
      for (const [k, p] of Object.entries(entry))
        if (p.willReplaceOnChanges) expect(known.has(k), `${r.type}.${k}`).toBe(true);
    }
  });

  it("and names every path inside a property whose change the provider replaces on", () => {
    const missing: string[] = [];
    for (const r of RESOURCES) {
      const entry = schema.resources[`${TOKEN_PREFIX}${r.type}`]?.inputProperties ?? {};
      for (const dialect of ["live", "legacy"] as const) {
        const rule = dialect === "live" ? r.replaces.live : (r.replaces.legacy ?? r.replaces.live);
        if (rule === "all" || (dialect === "legacy" && !r.legacy)) continue;
        for (const path of rule.filter((x) => x.includes("."))) {
          const [top, ...inside] = path.split(".") as [string, ...string[]];
          if (!insideSays(entry[top], dialect).includes(inside.join(".")))
            missing.push(`${r.type} ${dialect} ${path}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
