/** Runs the tests of the enclosing scope in one API dialect (set through the environment). */
import { afterAll, beforeAll } from "vitest";
import type { Dialect } from "../../client/http/settings";

export const BOTH_DIALECTS: readonly Dialect[] = ["live", "legacy"];

/** Sets `ELEVENLABS_API_DIALECT` for the enclosing `describe`, restoring it afterwards. */
export function useDialect(dialect: Dialect): void {
  let saved: string | undefined;
  beforeAll(() => {
    saved = process.env.ELEVENLABS_API_DIALECT;
    process.env.ELEVENLABS_API_DIALECT = dialect;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.ELEVENLABS_API_DIALECT;
    else process.env.ELEVENLABS_API_DIALECT = saved;
  });
}

/** The property paths a list of check failures names (each reason starts with its path). */
export function failedPaths(failures: readonly { property: string; reason: string }[] | undefined): string[] {
  return (failures ?? []).map((f) => {
    const m = /^(?:unknown property '([^']+)'|([^\s:;]+)(?::| exists))/.exec(f.reason);
    return m?.[1] ?? m?.[2] ?? f.reason;
  });
}
