/**
 * The messages the docs quote (docs/troubleshooting.md and others), each produced by running its
 * case against the code: the docs test compares every quoted block marked `<!-- message: <id> -->`
 * with what its producer answers now, so no quoted message is retyped. Variable parts (ids, ports,
 * request ids, key fingerprints) are normalized on both sides.
 */

import { ElevenLabsApi } from "../client/api";
import { ElevenLabsClient } from "../client/http/client";
import type { Dialect } from "../client/http/settings";
import { startEmulator } from "../emulator";
import { AccountSwitchError, credentialsProblem } from "../provider/kit/account";
import { client } from "../provider/kit/resource";
import { RESOURCES } from "../provider/resources";

/** Ids, ports, request ids and fingerprints as the docs write them. */
export function normalized(text: string): string {
  return text
    .replace(/\b(agent|doc|tool|secret|phnum|req)_[A-Za-z0-9]{6,}/g, "$1_…")
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:8787")
    .replace(/fingerprint [0-9a-f]{8}/g, "fingerprint …")
    .replace(/\s+/g, " ")
    .trim();
}

const KEY = "sk_docs_messages_0123456789abcdef";

/** The first check failure of `type` with `args` in `dialect` (handlers called in process). */
async function checkFailure(type: string, args: Record<string, unknown>, dialect: Dialect): Promise<string> {
  const saved = process.env.ELEVENLABS_API_DIALECT;
  process.env.ELEVENLABS_API_DIALECT = dialect;
  try {
    const r = RESOURCES.find((x) => x.type === type);
    const failures = (await r?.handler.check({}, args))?.failures ?? [];
    return failures.map((f) => f.reason).join("\n");
  } finally {
    if (saved === undefined) delete process.env.ELEVENLABS_API_DIALECT;
    else process.env.ELEVENLABS_API_DIALECT = saved;
  }
}

/** The message of what `f` throws. */
async function thrown(f: () => Promise<unknown>): Promise<string> {
  try {
    await f();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error("expected an error");
}

/** Producers of the quoted messages, by id. */
export const MESSAGES: Record<string, () => Promise<string>> = {
  async "account-switch"() {
    const from = { baseUrl: "http://127.0.0.1:8787/v1/convai", keyFingerprint: "9b324635" };
    const to = { baseUrl: "http://127.0.0.1:8787/v1/convai", keyFingerprint: "c489ec07" };
    return new AccountSwitchError("Agent", "agent_0mwwu4flg00000tO08hIYp0ZiIYwZ", from, to).message;
  },
  async "base-url-without-convai"() {
    const emu = await startEmulator({ apiKeys: [KEY] });
    try {
      const origin = new URL(emu.url).origin;
      return await thrown(() => new ElevenLabsApi({ baseUrl: origin, apiKey: KEY }).listAgents());
    } finally {
      await emu.close();
    }
  },
  async "nothing-answers"() {
    const api = new ElevenLabsApi({ baseUrl: "http://127.0.0.1:9/v1/convai", apiKey: KEY, maxRetries: 0 });
    return thrown(() => api.listAgents());
  },
  async "no-api-key"() {
    const saved = process.env.ELEVENLABS_API_KEY;
    delete process.env.ELEVENLABS_API_KEY;
    try {
      const client = new ElevenLabsClient({
        apiKey: undefined,
        settingNames: {
          apiKey: "pulumi config set --secret elevenlabs:apiKey <key>, or ELEVENLABS_API_KEY",
          baseUrl: "pulumi config set elevenlabs:baseUrl <url>, or ELEVENLABS_BASE_URL",
        },
      });
      return await thrown(() => client.call("listAgents"));
    } finally {
      if (saved !== undefined) process.env.ELEVENLABS_API_KEY = saved;
    }
  },
  typo: () =>
    checkFailure("Agent", { name: "A", conversationConfig: { agent: { firstMesage: "Hi" } } }, "live"),
  "snake-case": () =>
    checkFailure(
      "Agent",
      { name: "A", conversationConfig: {}, conversation_config: { agent: { first_message: "Hi" } } },
      "live",
    ),
  "stt-in-live": () =>
    checkFailure("Agent", { name: "A", conversationConfig: { stt: { model: "x" } } }, "live"),
  "asr-in-legacy": () =>
    checkFailure("Agent", { name: "A", conversationConfig: { asr: { quality: "high" } } }, "legacy"),
  "tool-in-legacy": () =>
    checkFailure("Tool", { toolConfig: { type: "client", name: "t", description: "d" } }, "legacy"),
  "legacy-document-without-agent": () =>
    checkFailure("KnowledgeDocument", { name: "FAQ", url: "https://docs.example.com/faq" }, "legacy"),
  async "endpoint-not-in-dialect"() {
    const api = new ElevenLabsApi({
      baseUrl: "http://127.0.0.1:9/v1/convai",
      apiKey: KEY,
      dialect: "legacy",
    });
    return thrown(async () => {
      for await (const _ of api.iterateWorkspaceDocuments()) break;
    });
  },
  async "preview-refused-key"() {
    const emu = await startEmulator({ apiKeys: [KEY] });
    const saved = { ...process.env };
    Object.assign(process.env, {
      ELEVENLABS_BASE_URL: emu.url,
      ELEVENLABS_API_KEY: "sk_not_a_key_of_this_account_0000",
      ELEVENLABS_SKIP_CREDENTIALS_CHECK: "false",
      ELEVENLABS_MAX_RETRIES: "0",
    });
    try {
      return (await credentialsProblem(client)) ?? "no problem";
    } finally {
      for (const k of [
        "ELEVENLABS_BASE_URL",
        "ELEVENLABS_API_KEY",
        "ELEVENLABS_SKIP_CREDENTIALS_CHECK",
        "ELEVENLABS_MAX_RETRIES",
      ])
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      await emu.close();
    }
  },
  async "unknown-dialect"() {
    return thrown(async () => new ElevenLabsApi({ dialect: "v2" as Dialect }));
  },
};
