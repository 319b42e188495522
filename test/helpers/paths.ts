import { resolve } from "node:path";

/** The repository root (tests run from source). */
export const REPO_ROOT = resolve(__dirname, "..", "..");
