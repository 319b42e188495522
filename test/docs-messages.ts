/**
 * The messages the docs quote (docs/troubleshooting.md and others), each produced by running its
 * case against the code: the docs test compares every quoted block marked `<!-- message: <id> -->`
 * with what its producer answers now, so no quoted message is retyped. Variable parts (ids, ports,
 * request ids, key fingerprints) are normalized on both sides.
 */

import { FormData } from "undici";
import { countsText, exportAccount } from "../cli/export";
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

/**
 * The account of docs/adopting.md's example (a secret, a webhook tool sending it, a URL, a text and
 * a file document, an agent using them, a Twilio number answered by the agent), exported.
 */
async function exportExample(): Promise<{ program: string; run: string }> {
  const emu = await startEmulator({ apiKeys: [KEY] });
  try {
    const api = new ElevenLabsClient({ baseUrl: emu.url, apiKey: KEY, delayScale: 0 });
    const secret = await api.call("createSecret", { json: { type: "new", name: "crm_key", value: "v" } });
    const tool = await api.call("createTool", {
      json: {
        tool_config: {
          type: "webhook",
          name: "lookup_order",
          description: "Looks up an order by its id.",
          api_schema: {
            url: "https://crm.example.com/orders/{order_id}",
            path_params_schema: { order_id: { type: "string", description: "The order id" } },
            request_headers: { "X-Api-Key": { secret_id: secret.secret_id } },
          },
        },
      },
    });
    const faq = await api.call("createUrlDocument", {
      json: { url: "https://docs.example.com/faq", name: "FAQ" },
    });
    const hours = await api.call("createTextDocument", {
      json: { text: "We open at 9 and close at 17.", name: "Opening hours" },
    });
    const form = new FormData();
    form.append("name", "Product Manual");
    form.append("file", new Blob(["%PDF-1.4 manual"]), "manual.pdf");
    const manual = await api.call("createFileDocument", { form });
    const agent = await api.call("createAgent", {
      json: {
        name: "Support Assistant",
        tags: ["support"],
        conversation_config: {
          agent: {
            first_message: "Hi {{customer_name}}!",
            dynamic_variables: { dynamic_variable_placeholders: { customer_name: "there" } },
            prompt: {
              prompt: "You help customers with their orders.",
              llm: "gpt-4o-mini",
              temperature: 0.3,
              tool_ids: [tool.id],
              knowledge_base: [
                { type: "url", name: "FAQ", id: faq.id },
                { type: "text", name: "Opening hours", id: hours.id, usage_mode: "prompt" },
                { type: "file", name: "Product Manual", id: manual.id },
              ],
            },
          },
          turn: { turn_timeout: 10 },
          tts: { voice_id: "21m00Tcm4TlvDq8ikWAM", speed: 1.1 },
          language_presets: { "pt-br": { overrides: { agent: { first_message: "Olá!" } } } },
        },
      },
    });
    await api.call("createPhoneNumber", {
      json: {
        provider: "twilio",
        phone_number: "+14155550100",
        label: "Support Line",
        sid: "AC0123456789",
        token: "twilio-token",
        agent_id: agent.agent_id,
      },
    });
    const r = await exportAccount({ client: api });
    const run = [
      "$ elevenlabs-export --out index.ts",
      `elevenlabs-export: wrote index.ts (${r.dialect}): ${countsText(r.counts)}`,
      ...r.warnings.map((w) => `warning: ${w}`),
      "$ echo $?",
      r.warnings.length > 0 ? "3" : "0",
    ].join("\n");
    return { program: r.program, run };
  } finally {
    await emu.close();
  }
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
  "export-run": async () => (await exportExample()).run,
  "export-program": async () => (await exportExample()).program,
  async "unknown-dialect"() {
    return thrown(async () => new ElevenLabsApi({ dialect: "v2" as Dialect }));
  },
};
