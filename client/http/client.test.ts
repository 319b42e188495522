import { beforeEach, describe, expect, it } from "vitest";
import { MOCK_BASE, MOCK_KEY, MOCK_ORIGIN, useMockApi } from "../../test/helpers/mockApi";
import { ElevenLabsClient } from "./client";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  UnprocessableEntityError,
} from "./errors";

const ORIGIN = MOCK_ORIGIN;
const BASE = MOCK_BASE;
const KEY = MOCK_KEY;
const mocked = useMockApi();

let sleeps: number[];
const newClient = (extra: Partial<ConstructorParameters<typeof ElevenLabsClient>[0]> = {}) =>
  new ElevenLabsClient({
    baseUrl: BASE,
    apiKey: KEY,
    dispatcher: mocked.agent,
    maxRetries: 2,
    delayScale: 1,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
/** A minimal agent answer, as the endpoint's schema requires. */
const agent = (id: string) => ({ agent_id: id, name: `Agent ${id}`, conversation_config: {} });

beforeEach(() => {
  sleeps = [];
});

describe("ElevenLabsClient", () => {
  it("sends the key, the JSON body and parses the answer", async () => {
    let seen: { headers: Record<string, string>; body: string } | undefined;
    mocked.agent
      .get(ORIGIN)
      .intercept({ path: "/v1/convai/agents/create", method: "POST" })
      .reply(200, (opts) => {
        seen = { headers: opts.headers as Record<string, string>, body: String(opts.body) };
        return { agent_id: "agent_1" };
      });
    const res = await newClient().call("createAgent", { json: { name: "A" } });
    expect(res).toEqual({ agent_id: "agent_1" });
    expect(seen?.headers["xi-api-key"]).toBe(KEY);
    expect(JSON.parse(seen?.body ?? "")).toEqual({ name: "A" });
  });

  it.each([
    [400, BadRequestError, "fix the request"],
    [401, AuthenticationError, "check the API key"],
    [403, PermissionDeniedError, "lacks permission"],
    [404, NotFoundError, "does not exist"],
    [409, ConflictError, "already exists"],
    [422, UnprocessableEntityError, ""],
    [429, RateLimitError, "retry after 3s"],
    [500, ServerError, "retry later"],
  ])("maps %i to its own error class with advice and the request id", async (status, cls, advice) => {
    const body =
      status === 422
        ? {
            detail: [
              { loc: ["body", "conversation_config", "tts", "stability"], msg: "must be <= 1", type: "x" },
            ],
          }
        : { detail: { status: "some_status", message: `the API said ${status}` } };
    mocked.agent
      .get(ORIGIN)
      .intercept({ path: "/v1/convai/agents/agent_1", method: "GET" })
      .reply(status, body, { headers: { "x-request-id": "req_42", "retry-after": "3" } })
      .persist();
    const err = await newClient({ maxRetries: 0 })
      .call("getAgent", { params: { agent_id: "agent_1" } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(cls);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(status);
    expect(e.requestId).toBe("req_42");
    expect(e.message).toContain("request id req_42");
    expect(e.message).toContain(advice);
    if (status === 422) {
      expect(e.message).toContain("conversationConfig.tts.stability: must be <= 1");
      expect((e as UnprocessableEntityError).issues[0]?.loc).toEqual([
        "body",
        "conversation_config",
        "tts",
        "stability",
      ]);
    } else {
      expect(e.code).toBe("some_status");
    }
  });

  it("retries an idempotent request on 5xx, then succeeds", async () => {
    const pool = mocked.agent.get(ORIGIN);
    pool.intercept({ path: "/v1/convai/agents/a", method: "GET" }).reply(503, { detail: { status: "busy" } });
    pool.intercept({ path: "/v1/convai/agents/a", method: "GET" }).reply(500, "oops");
    pool.intercept({ path: "/v1/convai/agents/a", method: "GET" }).reply(200, agent("a"));
    await expect(newClient().call("getAgent", { params: { agent_id: "a" } })).resolves.toEqual(agent("a"));
    expect(sleeps).toHaveLength(2);
  });

  it("gives up after maxRetries", async () => {
    mocked.agent
      .get(ORIGIN)
      .intercept({ path: "/v1/convai/agents/a", method: "DELETE" })
      .reply(500, { detail: { status: "internal" } })
      .times(3);
    await expect(newClient().call("deleteAgent", { params: { agent_id: "a" } })).rejects.toBeInstanceOf(
      ServerError,
    );
    expect(sleeps).toHaveLength(2);
  });

  it("does not re-send a POST that may have reached the server (5xx)", async () => {
    mocked.agent
      .get(ORIGIN)
      .intercept({ path: "/v1/convai/agents/create", method: "POST" })
      .reply(502, "bad gateway");
    await expect(newClient().call("createAgent", { json: {} })).rejects.toBeInstanceOf(ServerError);
    expect(sleeps).toHaveLength(0);
  });

  it("does not re-send a POST whose connection broke after sending", async () => {
    mocked.agent
      .get(ORIGIN)
      .intercept({ path: "/v1/convai/agents/create", method: "POST" })
      .replyWithError(Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }));
    const err = await newClient()
      .call("createAgent", { json: {} })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as Error).message).toContain("may have reached the service");
    expect(sleeps).toHaveLength(0);
  });

  it("re-sends a POST refused with 429, honouring Retry-After", async () => {
    const pool = mocked.agent.get(ORIGIN);
    pool
      .intercept({ path: "/v1/convai/agents/create", method: "POST" })
      .reply(
        429,
        { detail: { status: "too_many_concurrent_requests" } },
        { headers: { "retry-after": "2" } },
      );
    pool.intercept({ path: "/v1/convai/agents/create", method: "POST" }).reply(200, { agent_id: "x" });
    await expect(newClient().call("createAgent", { json: {} })).resolves.toEqual({
      agent_id: "x",
    });
    expect(sleeps).toEqual([2000]);
  });

  it("re-sends a POST whose connection was refused (never sent)", async () => {
    const pool = mocked.agent.get(ORIGIN);
    pool
      .intercept({ path: "/v1/convai/agents/create", method: "POST" })
      .replyWithError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
    pool.intercept({ path: "/v1/convai/agents/create", method: "POST" }).reply(200, { agent_id: "x" });
    await expect(newClient().call("createAgent", { json: {} })).resolves.toEqual({
      agent_id: "x",
    });
  });

  it("scales every wait (zero in tests)", async () => {
    const pool = mocked.agent.get(ORIGIN);
    pool.intercept({ path: "/v1/convai/agents/a", method: "GET" }).reply(500, "x");
    pool.intercept({ path: "/v1/convai/agents/a", method: "GET" }).reply(200, agent("a"));
    await newClient({ delayScale: 0 }).call("getAgent", { params: { agent_id: "a" } });
    expect(sleeps).toEqual([0]);
  });

  it("redacts the API key from error text", async () => {
    mocked.agent
      .get(ORIGIN)
      .intercept({ path: "/v1/convai/agents/a", method: "GET" })
      .reply(401, { detail: { status: "invalid_api_key", message: `key ${KEY} is invalid` } });
    const err = (await newClient({ maxRetries: 0 })
      .call("getAgent", { params: { agent_id: "a" } })
      .catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.message).not.toContain(KEY);
    expect(err.rawBody).not.toContain(KEY);
    expect(JSON.stringify(err.detail)).not.toContain(KEY);
  });

  it("fails loudly when the answer does not match the expected shape", async () => {
    mocked.agent
      .get(ORIGIN)
      .intercept({ path: "/v1/convai/agents/create", method: "POST" })
      .reply(200, { id: 1 });
    const err = await newClient()
      .call("createAgent", { json: {} })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as Error).message).toContain("agent_id");
  });

  it("refuses to call without an API key, before any request", async () => {
    const err = await new ElevenLabsClient({ baseUrl: BASE, apiKey: "", dispatcher: mocked.agent })
      .call("getAgent", { params: { agent_id: "a" } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigurationError);
    expect((err as Error).message).toContain("ELEVENLABS_API_KEY");
  });

  it("paces requests under the limit using the rate-limit headers", async () => {
    const reset = Math.floor(Date.now() / 1000) + 20;
    const headers = {
      "x-ratelimit-limit": "2",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": String(reset),
    };
    const pool = mocked.agent.get(ORIGIN);
    pool.intercept({ path: "/v1/convai/agents/p1", method: "GET" }).reply(200, agent("p1"), { headers });
    pool.intercept({ path: "/v1/convai/agents/p1", method: "GET" }).reply(200, agent("p1"), { headers });
    const c = newClient({ baseUrl: `${ORIGIN}/v1/convai`, apiKey: "pacing-key" });
    await c.call("getAgent", { params: { agent_id: "p1" } });
    await c.call("getAgent", { params: { agent_id: "p1" } });
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(15_000);
    expect(sleeps[0]).toBeLessThanOrEqual(20_000);
  });
});
