/**
 * What the fault tests share: the seeds, and running an operation under faults the way a user
 * does (again, when it fails), counting first-try successes, re-runs, duplicates and orphans.
 */

/** Seeds of the random faults: FAULT_SEEDS (comma-separated), default "11,12"; `make faults` runs five. */
export const SEEDS = (process.env.FAULT_SEEDS ?? "11,12")
  .split(",")
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n));

/** An `up` that fails under faults is run again, as a user would; this many times at most. */
export const RUNS = 4;

/** What one seed's scenario counted. */
export interface Tally {
  seed: number;
  firstTry: number;
  reruns: number;
  operations: number;
  duplicates: number;
  orphans: number;
}

/** A fresh tally for a seed. */
export function tallyOf(seed: number): Tally {
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
