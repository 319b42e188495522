/**
 * Adopting objects made outside Pulumi with the `import` resource option, through the real engine:
 * an agent, a URL document, a file document and a Twilio number are created through the API, then a
 * program declaring the same objects with `{ import: id }` takes them under management with reads
 * only. Afterwards preview and refresh show no changes, and the `import` options can be dropped.
 * A program that does not match the account, or a replacement of a still-imported object, fails the
 * preview with a message that says what differs and what to do.
 *
 * The engine's import step cannot load a dynamic provider (it reads without the program's inputs),
 * so the SDK hands the id to the provider, whose create adopts the object: the engine counts the
 * step as a `create`, and the request log proves nothing was created or changed.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FormData } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent, KnowledgeDocument, PhoneNumber } from "../sdk";
import { BOTH_DIALECTS } from "./helpers/dialect";
import { useEmulator } from "./helpers/emulator";
import { TestStack } from "./helpers/engine";

const TOKEN = "twilio-token-import-test-7c6b5a";
const MANUAL = "# Manual\nHold the button for ten seconds.\n";

describe.each(BOTH_DIALECTS)("adopting existing objects with the import option (%s)", (dialect) => {
  const env = useEmulator({}, dialect);
  let stack: TestStack;
  const dir = mkdtempSync(join(tmpdir(), "import-test-"));
  const manualPath = join(dir, "manual.md");
  writeFileSync(manualPath, MANUAL);
  const ids = { agent: "", faq: "", manual: "", line: "", other: "" };
  const mode = {
    importing: true,
    faqUrl: "https://docs.example.com/faq",
    extra: undefined as "mismatch" | "missing" | undefined,
  };

  const program = async () => {
    const opt = (id: string) => (mode.importing ? { import: id } : {});
    const agent = new Agent(
      "legacy",
      {
        name: "Legacy Support",
        conversationConfig: {
          agent: { prompt: { prompt: "You help." }, firstMessage: "Hello there!", language: "en" },
          tts: { voiceId: "21m00Tcm4TlvDq8ikWAM" },
        },
        tags: ["legacy"],
      },
      opt(ids.agent),
    );
    const faq = new KnowledgeDocument(
      "faq",
      { agentId: agent.agentId, name: "FAQ", url: mode.faqUrl },
      opt(ids.faq),
    );
    const manual = new KnowledgeDocument(
      "manual",
      { agentId: agent.agentId, name: "Manual", filePath: manualPath },
      opt(ids.manual),
    );
    const line = new PhoneNumber(
      "line",
      {
        provider: "twilio",
        phoneNumber: "+14155550100",
        label: "Support Line",
        twilioConfig: { accountSid: "AC0123456789", authToken: TOKEN },
        agentId: agent.agentId,
      },
      opt(ids.line),
    );
    if (mode.extra === "mismatch") {
      // The account's agent is called "Other" and greets with "Hi".
      new Agent(
        "other",
        { name: "Not Other", conversationConfig: { agent: { firstMessage: "Hi" } } },
        opt(ids.other),
      );
    }
    if (mode.extra === "missing")
      new Agent("ghost", { name: "Ghost", conversationConfig: {} }, opt("agent_gone"));
    return {
      agentId: agent.agentId,
      faqId: faq.documentId,
      manualId: manual.documentId,
      lineId: line.phoneNumberId,
    };
  };

  const writes = () => env.emu.requests().filter((r) => r.method !== "GET");

  beforeAll(async () => {
    // The account as it was before Pulumi: made by hand, through the API.
    const createAgent = async (json: object) => (await env.api.call("createAgent", { json })).agent_id;
    ids.agent = await createAgent({
      name: "Legacy Support",
      conversation_config: {
        agent: { prompt: { prompt: "You help." }, first_message: "Hello there!", language: "en" },
        tts: { voice_id: "21m00Tcm4TlvDq8ikWAM" },
      },
      tags: ["legacy"],
    });
    ids.other = await createAgent({ name: "Other", conversation_config: { agent: { first_message: "Hi" } } });
    const form = new FormData();
    form.append("name", "Manual");
    form.append("file", new Blob([MANUAL]), "manual.md");
    if (dialect === "live") {
      // Workspace documents, listed in the agent's knowledge base; the number imported with its agent.
      ids.faq = (await env.api.call("createUrlDocument", { json: { name: "FAQ", url: mode.faqUrl } })).id;
      ids.manual = (await env.api.call("createFileDocument", { form })).id;
      const knowledge_base = [
        { type: "url", name: "FAQ", id: ids.faq },
        { type: "file", name: "Manual", id: ids.manual },
      ];
      await env.api.call("updateAgent", {
        params: { agent_id: ids.agent },
        json: { conversation_config: { agent: { prompt: { knowledge_base } } } },
      });
      const json = {
        provider: "twilio",
        phone_number: "+14155550100",
        label: "Support Line",
        sid: "AC0123456789",
        token: TOKEN,
        agent_id: ids.agent,
      };
      ids.line = (await env.api.call("createPhoneNumber", { json })).phone_number_id;
    } else {
      const params = { agent_id: ids.agent };
      const json = { name: "FAQ", url: mode.faqUrl };
      ids.faq = (await env.api.call("createKnowledgeDocument", { params, json })).id;
      ids.manual = (await env.api.call("createKnowledgeDocument", { params, form })).id;
      ids.line = (
        await env.api.call("createPhoneNumber", {
          json: {
            provider: "twilio",
            phone_number: "+14155550100",
            label: "Support Line",
            twilio_config: { account_sid: "AC0123456789", auth_token: TOKEN },
          },
        })
      ).phone_number_id;
      await env.api.call("updatePhoneNumber", {
        params: { phone_number_id: ids.line },
        json: { agent_id: ids.agent },
      });
    }
    stack = await TestStack.create(program, env);
    env.emu.clearRequests();
  });

  afterAll(async () => {
    await stack?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("up adopts all four objects with reads only, keeping their ids", async () => {
    const r = await stack.up();
    expect(r.changes).toEqual({ create: 5 }); // the stack and four adoptions
    expect(r.outputs).toEqual({ agentId: ids.agent, faqId: ids.faq, manualId: ids.manual, lineId: ids.line });
    expect(writes()).toEqual([]);
    expect(env.emu.workspace(env.apiKey).counts()).toMatchObject({
      agents: 2,
      documents: 2,
      phoneNumbers: 1,
    });
  });

  it("then preview and refresh show no changes, and dropping the import options changes nothing", async () => {
    expect((await stack.preview()).changes).toEqual({});
    expect((await stack.refresh()).changes).toEqual({});
    mode.importing = false;
    expect((await stack.preview()).changes).toEqual({});
    mode.importing = true;
    expect(writes()).toEqual([]);
  });

  it("a program that does not match the account, or an unknown id, fails the preview, saying why", async () => {
    const previewError = async (extra: "mismatch" | "missing") => {
      mode.extra = extra;
      try {
        const err = (await stack.preview().catch((e: unknown) => e)) as Error;
        expect(err).toBeInstanceOf(Error);
        return err.message;
      } finally {
        mode.extra = undefined;
      }
    };
    expect(await previewError("mismatch")).toContain(
      `import ${ids.other}: name: "Other" in the account, "Not Other" in the program`,
    );
    const missing = await previewError("missing");
    expect(missing).toContain("Agent: cannot import agent_gone: no such agent in this account");
    expect(missing).toContain("remove the `import` option");
    expect(writes()).toEqual([]);
  });

  it("replacing a document that is still imported fails the preview and says to drop the option", async () => {
    mode.faqUrl = "https://docs.example.com/faq-v2";
    try {
      const err = (await stack.preview().catch((e: unknown) => e)) as Error;
      expect(err).toBeInstanceOf(Error);
      expect(err.message).toContain(`KnowledgeDocument ${ids.faq}: changing url replaces it`);
      expect(err.message).toContain("Remove the `import` option");
    } finally {
      mode.faqUrl = "https://docs.example.com/faq";
    }
    expect(writes()).toEqual([]);
  });
});
