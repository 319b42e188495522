/**
 * What the fault tests share: a tally of how operations fared under faults, and running an
 * operation again until it succeeds, as a user re-runs a failed `pulumi up`.
 */

/** An `up` that fails under faults is run again, as a user would; this many times at most. */
export const RUNS = 4;

/** Seeds of the random faults: FAULT_SEEDS (comma-separated), default "11,12"; `make faults` runs five. */
export const SEEDS = (process.env.FAULT_SEEDS ?? "11,12")
  .split(",")
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n));

/** How one seed's operations went. */
export interface Tally {
  seed: number;
  firstTry: number;
  reruns: number;
  operations: number;
  duplicates: number;
  orphans: number;
}

/** A tally with nothing counted yet. */
export function newTally(seed: number): Tally {
  return { seed, firstTry: 0, reruns: 0, operations: 0, duplicates: 0, orphans: 0 };
}

/** Runs `op` until it succeeds (at most {@link RUNS} times); counts first-try successes and re-runs. */
export async function converge<T>(tally: Tally, op: () => Promise<T>): Promise<T> {
  tally.operations++;
  for (let run = 1; ; run++) {
    try {
      const r = await op();
      if (run === 1) tally.firstTry++;
      return r;
    } catch (err) {
      if (run >= RUNS) throw err;
      tally.reruns++;
    }
  }
}
