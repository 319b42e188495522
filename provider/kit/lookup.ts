/**
 * Looking for what an earlier attempt of a create made, at the least cost. Every create first
 * looks for the object its own interrupted attempt may have made (a lost answer, a killed `up`).
 * Looking with one listing per create made bulk creates three times dearer, so a kind's listing
 * is read once per provider process (one engine operation) and shared by every create of that
 * kind:
 * - an attempt that was interrupted in an earlier process made its object before this process
 *   started, so the first listing sees it;
 * - an attempt of this process whose outcome is unknown (no answer, a 5xx) looks again with a
 *   fresh listing (`fresh`);
 * - objects this process made itself (their create answered) belong to other resources and are
 *   never taken for an earlier attempt ({@link madeHere}): two declarations of look-alike objects
 *   stay two objects.
 */
import { resolveSettings } from "../../client/http/settings";
import { currentAccount } from "./account";

const listings = new Map<string, Promise<readonly unknown[]>>();
const made = new Set<string>();

/**
 * The listing `name` of the configured account and dialect: read once per process, or again when
 * `fresh`. A listing that fails is not kept (the next create reads it again).
 * @param name what is listed, e.g. `agents of stack <hash>`; the account and dialect are added.
 * @param fresh read it again (after a create whose outcome is unknown).
 * @param load reads the listing (every page).
 */
export async function listing<T>(
  name: string,
  fresh: boolean,
  load: () => Promise<T[]>,
): Promise<readonly T[]> {
  const { baseUrl, keyFingerprint } = currentAccount();
  const key = `${resolveSettings().dialect} ${baseUrl} ${keyFingerprint} ${name}`;
  let found = fresh ? undefined : (listings.get(key) as Promise<readonly T[]> | undefined);
  if (found === undefined) {
    found = load();
    listings.set(key, found);
    found.catch(() => listings.delete(key));
  }
  return found;
}

/** Records that this process made the object `id` (its create answered). */
export function rememberMade(id: string): void {
  made.add(id);
}

/** Whether this process made the object `id`: then it is never an earlier attempt's object. */
export function madeHere(id: string): boolean {
  return made.has(id);
}

/** Forgets every listing and what this process made (tests that reuse one process). */
export function forgetListings(): void {
  listings.clear();
  made.clear();
}
