/**
 * The full support stack through the real engine against the emulator: an agent pair, a URL and a
 * file document, a Twilio and a SIP number. Walks create, empty preview/refresh, in-place
 * reassignment, replacement of documents, out-of-band deletion and destroy, and checks that no
 * credential reaches state, output or errors. Request counts per step are printed for the record.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dialect } from "../client/http/settings";
import { Agent, KnowledgeDocument, PhoneNumber } from "../sdk";
import { BOTH_DIALECTS } from "./helpers/dialect";
import { useEmulator } from "./helpers/emulator";
import { failedPreview, TestStack, typeToken } from "./helpers/engine";

const TWILIO_TOKEN = "twilio-auth-token-do-not-leak-9f8e7d";
const SIP_PASSWORD = "sip-password-do-not-leak-1a2b3c";

/** What each dialect's API needs for the steps below (writes only; reads vary with the engine). */
const WRITES: Record<Dialect, { createPosts: number; replaceUrl: string[] }> = {
  // Live: a document is made in the workspace, then attached to the agent's list (one PATCH); a
  // number is imported with its agent in one request.
  live: {
    createPosts: 6,
    replaceUrl: [
      "POST /knowledge-base/url",
      "PATCH /agents/{agent_id}",
      "PATCH /agents/{agent_id}",
      "DELETE /knowledge-base/{documentation_id}",
    ],
  },
  // Legacy: documents live in the agent's knowledge base; the Twilio number is assigned by a PATCH.
  legacy: {
    createPosts: 6,
    replaceUrl: [
      "POST /agents/{agent_id}/knowledge-base",
      "DELETE /agents/{agent_id}/knowledge-base/{document_id}",
    ],
  },
};

describe.each(BOTH_DIALECTS)("support stack through the engine (%s)", (dialect) => {
  const env = useEmulator({}, dialect);
  let stack: TestStack;
  const dir = mkdtempSync(join(tmpdir(), "support-stack-"));
  const manualPath = join(dir, "manual.md");
  writeFileSync(manualPath, "# Manual\nHold the button for ten seconds.\n");

  const state = { assignTo: "first" as "first" | "second", faqUrl: "https://docs.example.com/faq" };
  const program = async () => {
    const first = new Agent("first", {
      name: "First Line",
      conversationConfig: { agent: { firstMessage: "Hello!" } },
    });
    const second = new Agent("second", {
      name: "Second Line",
      conversationConfig: { agent: { firstMessage: "Hi!" } },
    });
    const faq = new KnowledgeDocument("faq", { agentId: first.agentId, name: "FAQ", url: state.faqUrl });
    const manual = new KnowledgeDocument("manual", {
      agentId: first.agentId,
      name: "Manual",
      filePath: manualPath,
    });
    const line = new PhoneNumber("line", {
      provider: "twilio",
      phoneNumber: "+14155550100",
      label: "Support Line",
      twilioConfig: { accountSid: "AC0123456789", authToken: TWILIO_TOKEN }, // plain on purpose
      agentId: (state.assignTo === "first" ? first : second).agentId,
    });
    const pbx = new PhoneNumber("pbx", {
      provider: "sip",
      phoneNumber: "+14155550101",
      label: "PBX Line",
      sipConfig: {
        address: "sip.provider.com",
        transport: "tls",
        username: "user",
        password: pulumi.secret(SIP_PASSWORD),
      },
    });
    return {
      firstId: first.agentId,
      secondId: second.agentId,
      faqId: faq.documentId,
      manualId: manual.documentId,
      lineId: line.phoneNumberId,
      lineAgent: line.assignedAgentId,
      pbxId: pbx.phoneNumberId,
    };
  };

  const step = (name: string) => {
    const reqs = env.emu.requests();
    const counts: Record<string, number> = {};
    for (const r of reqs) counts[r.route] = (counts[r.route] ?? 0) + 1;
    console.log(`[requests ${dialect}] ${name}: ${reqs.length} ${JSON.stringify(counts)}`);
    env.emu.clearRequests();
    return reqs;
  };

  beforeAll(async () => {
    stack = await TestStack.create(program, env);
  });
  afterAll(async () => {
    await stack?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  let outputs: Record<string, unknown> = {};

  it("up creates everything", async () => {
    const r = await stack.up();
    outputs = r.outputs;
    expect(r.changes).toEqual({ create: 7 });
    expect(outputs.lineAgent).toBe(outputs.firstId);
    const reqs = step("create");
    expect(reqs.filter((x) => x.method === "POST")).toHaveLength(WRITES[dialect].createPosts);
  });

  it("preview and refresh show no changes", async () => {
    expect((await stack.preview()).changes).toEqual({});
    expect((await stack.refresh()).changes).toEqual({});
    expect((await stack.preview()).changes).toEqual({});
    const reqs = step("no-op preview + refresh + preview");
    expect(reqs.every((x) => x.method === "GET")).toBe(true);
  });

  it("reassigning a number to the second agent is one PATCH, in place", async () => {
    state.assignTo = "second";
    const r = await stack.up();
    expect(r.changes).toEqual({ update: 1 });
    expect(r.outputs.lineAgent).toBe(outputs.secondId);
    expect(r.outputs.lineId).toBe(outputs.lineId);
    const writes = step("reassign").filter((x) => x.method !== "GET");
    expect(writes.map((w) => w.route)).toEqual(["PATCH /phone-numbers/{phone_number_id}"]);
    expect(writes[0]?.body).toEqual({ agent_id: outputs.secondId });
  });

  it("changing a document's URL replaces it (new id, old one deleted)", async () => {
    state.faqUrl = "https://docs.example.com/faq-v2";
    const r = await stack.up();
    expect(r.changes).toEqual({ replace: 1 });
    expect(r.outputs.faqId).not.toBe(outputs.faqId);
    const writes = step("replace url document")
      .filter((x) => x.method !== "GET")
      .map((w) => w.route);
    expect(writes).toEqual(WRITES[dialect].replaceUrl);
    outputs = r.outputs;
  });

  it("editing the file replaces the file document", async () => {
    writeFileSync(manualPath, "# Manual\nHold the button for twenty seconds.\n");
    const r = await stack.up();
    expect(r.changes).toEqual({ replace: 1 });
    expect(r.outputs.manualId).not.toBe(outputs.manualId);
    step("replace file document");
    outputs = r.outputs;
    expect((await stack.preview()).changes).toEqual({});
  });

  it("a number deleted outside Pulumi is dropped by refresh and brought back by up", async () => {
    await env.api.call("deletePhoneNumber", { params: { phone_number_id: String(outputs.pbxId) } });
    env.emu.clearRequests();
    expect((await stack.refresh()).changes).toEqual({ delete: 1 });
    const r = await stack.up();
    expect(r.changes).toEqual({ create: 1 });
    expect(r.outputs.pbxId).not.toBe(outputs.pbxId);
    step("out-of-band delete, refresh, up");
  });

  it("no credential in state or engine output", async () => {
    const exported = await stack.exportState();
    for (const secret of [TWILIO_TOKEN, SIP_PASSWORD, env.apiKey]) {
      expect(exported).not.toContain(secret);
      expect(stack.output.join("")).not.toContain(secret);
    }
    const line = (await stack.resources(typeToken("PhoneNumber"))).find((r) => r.urn.endsWith("::line"));
    expect(JSON.stringify(line?.outputs.twilioConfig)).toContain("4dabf18193072939515e22adb298388d"); // secret sig
    expect(JSON.stringify(env.emu.requests())).not.toContain(TWILIO_TOKEN);
  });

  it("destroy leaves the emulator empty", async () => {
    expect((await stack.destroy()).changes).toEqual({ delete: 7 });
    step("destroy");
    const agents = await env.api.call("listAgents", {});
    expect(agents.agents).toEqual([]);
    const numbers = await env.api.call("listPhoneNumbers", {});
    expect(numbers).toEqual([]);
  });
});

describe("bad KnowledgeDocument / PhoneNumber inputs fail the preview before any request", () => {
  const env = useEmulator();
  afterAll(async () => {});

  it.each([
    [
      "document with both url and filePath",
      () =>
        new KnowledgeDocument("d", {
          agentId: "agent_x",
          name: "D",
          url: "https://x.test/",
          filePath: "x.md",
        }),
      ["url", "filePath"],
    ],
    [
      "twilio number without twilioConfig",
      () => new PhoneNumber("p", { provider: "twilio", phoneNumber: "+14155550100", label: "L" }),
      ["twilioConfig"],
    ],
    [
      "number not in E.164",
      () =>
        new PhoneNumber("p", {
          provider: "sip",
          phoneNumber: "555",
          label: "L",
          sipConfig: { address: "a", transport: "tls", password: SIP_PASSWORD },
        }),
      ["phoneNumber"],
    ],
  ])("%s", async (_, make, fields) => {
    const message = await failedPreview(async () => {
      make();
    }, env);
    for (const f of fields) expect(message).toContain(f);
    expect(message).not.toContain(SIP_PASSWORD);
    expect(env.emu.requests()).toEqual([]);
  });
});
