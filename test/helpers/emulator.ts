/**
 * An emulator for the tests of one file: started before them, closed after them, with a test key,
 * a rate limit tests never reach, and a client that waits for nothing (no backoff in tests).
 */
import { afterAll, beforeAll } from "vitest";
import { ElevenLabsClient } from "../../client/http/client";
import type { Dialect } from "../../client/http/settings";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../emulator";

/** The API key tests use; long enough to be redacted everywhere, so leak checks can look for it. */
export const TEST_KEY = "sk_test_pulumi_elevenlabs_0123456789";

/** A started emulator and a client of it; read the fields inside tests (they are set in beforeAll). */
export interface TestEmulator {
  readonly emu: Emulator;
  readonly api: ElevenLabsClient;
  /** Base URL of the API, e.g. `http://127.0.0.1:PORT/v1/convai` (so it serves as stack options). */
  readonly baseUrl: string;
  /** The API key the client and stacks use. */
  readonly apiKey: string;
  /** The dialect the client, the stacks (`elevenlabs:apiDialect`) and the emulator's defaults speak. */
  readonly dialect: Dialect;
  /** Routes of the requests logged so far, e.g. `["POST /agents/create"]`. */
  routes(): string[];
}

/**
 * Starts an emulator for the enclosing `describe` (or file).
 * @param options emulator options; `apiKeys` defaults to `[TEST_KEY]`, `defaultDialect` to `dialect`.
 * @param dialect the dialect the test speaks (default `live`).
 */
export function useEmulator(options: EmulatorOptions = {}, dialect: Dialect = "live"): TestEmulator {
  const key = options.apiKeys?.[0] ?? TEST_KEY;
  let emu: Emulator | undefined;
  let api: ElevenLabsClient | undefined;
  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error("the test emulator is used before beforeAll started it");
    return v;
  };
  beforeAll(async () => {
    emu = await startEmulator({
      rateLimit: 100_000,
      defaultDialect: dialect,
      ...options,
      apiKeys: options.apiKeys ?? [key],
    });
    api = new ElevenLabsClient({ baseUrl: emu.url, apiKey: key, delayScale: 0, dialect });
  });
  afterAll(async () => {
    await emu?.close();
  });
  return {
    get emu() {
      return started(emu);
    },
    get api() {
      return started(api);
    },
    get baseUrl() {
      return started(emu).url;
    },
    apiKey: key,
    dialect,
    routes: () =>
      started(emu)
        .requests()
        .map((r) => r.route),
  };
}

/**
 * Sets environment variables for the enclosing `describe` (or file) and puts the previous values
 * back afterwards, so that a file that points the provider at its emulator through the
 * environment leaves nothing behind for the next file run in the same worker.
 * @param values read in beforeAll (after `useEmulator` has started, so they may name its URL).
 */
export function useProcessEnv(values: () => Record<string, string>): void {
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const [k, v] of Object.entries(values())) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
}
