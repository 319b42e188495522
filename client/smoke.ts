/**
 * The smoke check: does a deployed agent answer? It opens a conversation over the WebSocket
 * (through a signed URL, so private agents work too) and checks that the agent greets with its
 * configured first message. Meant for CI after `pulumi up`; the `elevenlabs-smoke` bin wraps it.
 *
 * @example
 * ```ts
 * const r = await smokeCheck({ agentId: "agent_123" });
 * if (!r.ok) throw new Error(r.reason);
 * ```
 */

import { ElevenLabsApi } from "./api";
import {
  ConversationClient,
  ConversationClosedError,
  ConversationProtocolError,
  ConversationTimeoutError,
} from "./conversation";
import type { ClientOptions } from "./http/client";
import {
  ApiError,
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  NotFoundError,
  PermissionDeniedError,
} from "./http/errors";

/** Options of {@link smokeCheck}. */
export interface SmokeCheckOptions {
  /** The agent to check. */
  agentId: string;
  /** Base URL of the API; default: `ELEVENLABS_BASE_URL`, then the public service. */
  baseUrl?: string;
  /** API key; default: `ELEVENLABS_API_KEY`. */
  apiKey?: string;
  /**
   * The greeting to expect. Default: the agent's configured first message
   * (`conversationConfig.agent.firstMessage`, read with `GET /agents/{agent_id}`).
   */
  expectFirstMessage?: string;
  /** How long to wait for the conversation to start and the greeting to arrive, ms (default 15 000). */
  timeoutMs?: number;
  /** A ready API client to use instead of `baseUrl`/`apiKey` (scripts that already have one, tests). */
  api?: ElevenLabsApi;
  /** Further client options (e.g. `maxRetries`) when no `api` is given. */
  clientOptions?: ClientOptions;
}

/** Why a smoke check failed, for scripts that branch on it. */
export type SmokeFailure =
  | "not_found"
  | "authentication"
  | "permission"
  | "configuration"
  | "no_first_message"
  | "connection"
  | "timeout"
  | "closed"
  | "protocol"
  | "mismatch"
  | "error";

/** The outcome of {@link smokeCheck}. */
export interface SmokeResult {
  /** `true` when the agent greeted with the expected first message. */
  ok: boolean;
  agentId: string;
  /** The conversation the check opened, once it started. */
  conversationId?: string;
  /** The greeting the agent sent, if one arrived. */
  firstMessage?: string;
  /** The greeting that was expected. */
  expected?: string;
  /** Why it failed (absent when `ok`). */
  failure?: SmokeFailure;
  /** A sentence saying what failed and what to do (absent when `ok`). */
  reason?: string;
  /** How long the check took, ms. */
  durationMs: number;
}

const quote = (s: string) => JSON.stringify(s);

/** What failed, in words a person can act on. */
function explain(err: unknown, agentId: string, step: string): { failure: SmokeFailure; reason: string } {
  const msg = err instanceof Error ? err.message : String(err);
  if (err instanceof NotFoundError)
    return {
      failure: "not_found",
      reason: `agent ${agentId} not found (${err.status} from ${step}); check the id and that it was not deleted. ${msg}`,
    };
  if (err instanceof AuthenticationError)
    return {
      failure: "authentication",
      reason: `authentication failed (${err.status} from ${step}): check --api-key / ELEVENLABS_API_KEY and --base-url. ${msg}`,
    };
  if (err instanceof PermissionDeniedError)
    return { failure: "permission", reason: `permission denied (${err.status} from ${step}). ${msg}` };
  if (err instanceof ConfigurationError) return { failure: "configuration", reason: msg };
  if (err instanceof ConnectionError)
    return { failure: "connection", reason: `could not reach the service: ${msg}` };
  if (err instanceof ConversationTimeoutError)
    return {
      failure: "timeout",
      reason: `timed out after ${err.timeoutMs} ms waiting for ${err.waitingFor === "agent_response" ? "the greeting (agent_response)" : `'${err.waitingFor}'`}`,
    };
  if (err instanceof ConversationClosedError)
    return { failure: "closed", reason: `the conversation ended before the greeting: ${msg}` };
  if (err instanceof ConversationProtocolError) return { failure: "protocol", reason: msg };
  if (err instanceof ApiError) return { failure: "error", reason: `${step} failed: ${msg}` };
  return { failure: "error", reason: `${step} failed: ${msg}` };
}

/**
 * Opens a conversation with the agent and checks its greeting. Never throws for a failed check:
 * the result says what failed. The socket is always closed.
 * @param options the agent, where and how to connect, the expected greeting and the timeout.
 */
export async function smokeCheck(options: SmokeCheckOptions): Promise<SmokeResult> {
  const started = Date.now();
  const agentId = options.agentId;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const result = (r: Omit<SmokeResult, "agentId" | "durationMs">): SmokeResult => ({
    agentId,
    ...r,
    durationMs: Date.now() - started,
  });
  if (typeof agentId !== "string" || !/\S/.test(agentId))
    return result({ ok: false, failure: "configuration", reason: "agentId: must be a non-empty agent id" });
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    return result({ ok: false, failure: "configuration", reason: "timeoutMs: must be a positive number" });
  if (options.expectFirstMessage === "")
    return result({
      ok: false,
      failure: "configuration",
      reason: "expectFirstMessage: must not be empty (omit it to use the agent's configured first message)",
    });

  let api: ElevenLabsApi;
  try {
    api =
      options.api ??
      new ElevenLabsApi({
        ...(options.clientOptions ?? {}),
        ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
        ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
      });
  } catch (err) {
    return result({ ok: false, ...explain(err, agentId, "configuration") });
  }

  let expected = options.expectFirstMessage;
  if (expected === undefined) {
    try {
      const agent = await api.getAgent(agentId);
      expected = agent.conversationConfig.agent?.firstMessage ?? "";
    } catch (err) {
      return result({ ok: false, ...explain(err, agentId, `GET /agents/${agentId}`) });
    }
    if (expected === "") {
      return result({
        ok: false,
        failure: "no_first_message",
        reason: `agent ${agentId} has no first message (conversationConfig.agent.firstMessage is empty), so it does not greet; configure one or pass expectFirstMessage`,
      });
    }
  }

  let link: Awaited<ReturnType<ElevenLabsApi["getAgentLink"]>>;
  try {
    link = await api.getAgentLink(agentId);
  } catch (err) {
    return result({ ok: false, expected, ...explain(err, agentId, `GET /agents/${agentId}/link`) });
  }

  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(1, deadline - Date.now());
  let conv: ConversationClient | undefined;
  let conversationId: string | undefined;
  try {
    conv = await ConversationClient.connect(link.signedUrl, { connectTimeoutMs: left() });
    conversationId = (await conv.next("conversation_initiation_metadata", { timeoutMs: left() }))
      .conversationId;
    const greeting = (await conv.next("agent_response", { timeoutMs: left() })).text;
    if (greeting !== expected) {
      return result({
        ok: false,
        conversationId,
        expected,
        firstMessage: greeting,
        failure: "mismatch",
        reason: `greeting mismatch: expected ${quote(expected)} but the agent said ${quote(greeting)}`,
      });
    }
    return result({ ok: true, conversationId, expected, firstMessage: greeting });
  } catch (err) {
    return result({
      ok: false,
      expected,
      ...(conversationId ? { conversationId } : {}),
      ...explain(err, agentId, "the conversation WebSocket"),
    });
  } finally {
    await conv?.close();
  }
}
