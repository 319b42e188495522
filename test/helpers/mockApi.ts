/**
 * The API as undici's MockAgent for client unit tests: a fresh agent per test that refuses real
 * connections, and the origin and base URL the clients under test point at.
 */
import { MockAgent } from "undici";
import { afterEach, beforeEach } from "vitest";

export const MOCK_ORIGIN = "http://api.test";
export const MOCK_BASE = `${MOCK_ORIGIN}/v1/convai`;
/** A key long enough to be redacted, so tests can look for it in messages. */
export const MOCK_KEY = "sk_mock_secret_key_123456";

/** The MockAgent of the running test; read `agent` inside tests (it is replaced before each). */
export interface MockApi {
  readonly agent: MockAgent;
}

/** A new MockAgent before each test of the enclosing scope, closed after it. */
export function useMockApi(): MockApi {
  let agent: MockAgent | undefined;
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });
  afterEach(async () => {
    await agent?.close();
    agent = undefined;
  });
  return {
    get agent() {
      if (!agent) throw new Error("the MockAgent is used outside a test");
      return agent;
    },
  };
}
