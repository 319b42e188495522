/**
 * Contract test of the emulator's live dialect: the official SDK (@elevenlabs/elevenlabs-js, which
 * parses every answer strictly: required keys and types) drives every live route the package uses.
 * Any answer the SDK cannot parse fails the test (nothing here catches SDK errors). Each answer is
 * also checked against the description's answer schema, each logged request body against its
 * request schema (the exported validateRequest), and the routes covered are counted.
 */
import { ElevenLabsClient } from "@elevenlabs/elevenlabs-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  type Emulator,
  ROUTES,
  routeDialects,
  startEmulator,
  validateAnswer,
  validateRequest,
} from "../emulator";

const KEY = "sk_contract_emulator_0123456789";

/** Every live route of the emulator but the WebSocket upgrade: what the SDK must be able to drive. */
const LIVE_ROUTES = Object.keys(ROUTES)
  .filter((r) => routeDialects(r).includes("live") && r !== "GET /conversation")
  .sort();

interface Seen {
  status: number;
  json: unknown;
}

describe("the official SDK against the emulator's live dialect", () => {
  let emu: Emulator;
  let sdk: ElevenLabsClient;
  const answers: Seen[] = [];
  /** The fetch every request goes through (the SDK's, and the raw calls of routes SDK 2.73 lacks). */
  let recording: typeof fetch;

  beforeAll(async () => {
    emu = await startEmulator({ apiKeys: [KEY], rateLimit: 100_000 });
    // Record each answer's JSON (a copy: the SDK reads the original) to check it against the description.
    recording = async (input, init) => {
      const res = await fetch(input, init);
      const type = res.headers.get("content-type") ?? "";
      answers.push({
        status: res.status,
        json: type.includes("application/json") ? await res.clone().json() : undefined,
      });
      return res;
    };
    sdk = new ElevenLabsClient({
      apiKey: KEY,
      baseUrl: new URL(emu.url).origin,
      maxRetries: 0,
      fetch: recording,
    });
  });

  afterAll(async () => {
    await emu?.close();
  });

  it("drives every live route; every answer parses in the SDK and matches the description", async () => {
    const ai = sdk.conversationalAi;

    // secrets and tools (a webhook tool whose header names the secret)
    const secret = await ai.secrets.create({ name: "crm-token", value: "s3cr3t-value" });
    expect(secret.secretId).toMatch(/^secret_/);
    expect((await ai.secrets.list()).secrets.map((s) => s.secretId)).toEqual([secret.secretId]);
    await ai.secrets.update(secret.secretId, { name: "crm-token-2", value: "n3w-value" });
    const webhook = await ai.tools.create({
      toolConfig: {
        type: "webhook",
        name: "lookup_order",
        description: "Looks up an order",
        apiSchema: {
          url: "https://crm.example.com/orders",
          method: "GET",
          requestHeaders: { Authorization: { secretId: secret.secretId } },
        },
      },
    });
    expect(webhook.toolConfig.type).toBe("webhook");
    expect((await ai.secrets.get(secret.secretId)).usedBy.tools.map((t) => t.id)).toEqual([webhook.id]);
    const clientTool = await ai.tools.create({
      toolConfig: { type: "client", name: "show_map", description: "Shows a map", expectsResponse: false },
    });
    expect((await ai.tools.get(clientTool.id)).toolConfig).toMatchObject({
      name: "show_map",
      type: "client",
    });
    await ai.tools.update(clientTool.id, {
      toolConfig: { type: "client", name: "show_map", description: "Shows a bigger map" },
    });
    expect((await ai.tools.list()).tools).toHaveLength(2);

    // documents: url, file (a name with a leading U+FEFF), text
    const urlDoc = await ai.knowledgeBase.documents.createFromUrl({
      url: "https://docs.example.com/faq",
      name: "FAQ",
    });
    const fileName = "\ufeffHandbuch 📘";
    const fileDoc = await ai.knowledgeBase.documents.createFromFile({
      file: new File([new TextEncoder().encode("%PDF-1.4 manual")], "manual.pdf", {
        type: "application/pdf",
      }),
      name: fileName,
    });
    expect(fileDoc.name).toBe(fileName);
    const textDoc = await ai.knowledgeBase.documents.createFromText({
      text: "Opening hours: 9 to 5.",
      name: "Hours",
    });
    const got = await ai.knowledgeBase.documents.get(urlDoc.id);
    expect(got).toMatchObject({
      id: urlDoc.id,
      name: "FAQ",
      type: "url",
      url: "https://docs.example.com/faq",
    });
    expect((await ai.knowledgeBase.documents.get(fileDoc.id)).name).toBe(fileName);
    await ai.knowledgeBase.documents.update(textDoc.id, { name: "Opening hours" });
    const listed = await ai.knowledgeBase.list({ pageSize: 2 });
    expect(listed.documents).toHaveLength(2);
    expect(listed.hasMore).toBe(true);

    // agents, with the documents and the client tool attached
    const { agentId } = await ai.agents.create({
      name: "Contract Agent",
      tags: ["contract"],
      conversationConfig: {
        agent: {
          firstMessage: "Hello from the contract test.",
          language: "de",
          prompt: {
            prompt: "You are terse.",
            knowledgeBase: [
              { type: "url", name: "FAQ", id: urlDoc.id, usageMode: "auto" },
              { type: "file", name: fileName, id: fileDoc.id },
            ],
            toolIds: [clientTool.id],
          },
        },
        tts: { voiceId: "21m00Tcm4TlvDq8ikWAM", stability: 0.4 },
      },
    });
    const agent = await ai.agents.get(agentId);
    expect(agent.name).toBe("Contract Agent");
    expect(agent.conversationConfig.tts?.stability).toBe(0.4);
    expect(agent.conversationConfig.agent?.prompt?.knowledgeBase?.map((k) => k.id)).toEqual([
      urlDoc.id,
      fileDoc.id,
    ]);
    const updated = await ai.agents.update(agentId, {
      name: "Contract Agent 2",
      conversationConfig: { agent: { prompt: { toolIds: [clientTool.id, webhook.id] } } },
    });
    expect(updated.conversationConfig.agent?.prompt?.toolIds).toEqual([clientTool.id, webhook.id]);
    expect(updated.conversationConfig.agent?.prompt?.prompt).toBe("You are terse.");
    const agents = await ai.agents.list({ pageSize: 10 });
    expect(agents.agents.map((a) => a.agentId)).toEqual([agentId]);
    expect(agents.agents[0]?.voiceId).toBe("21m00Tcm4TlvDq8ikWAM");
    expect((await ai.knowledgeBase.documents.getAgents(urlDoc.id)).agents.map((a) => a.id)).toEqual([
      agentId,
    ]);
    expect((await ai.tools.getDependentAgents(webhook.id)).agents.map((a) => a.id)).toEqual([agentId]);
    const link = await ai.agents.link.get(agentId);
    expect(link.agentId).toBe(agentId);
    expect(link.token?.conversationToken).toMatch(/^[A-Za-z0-9]{40}$/);

    // phone numbers: twilio and sip_trunk
    const twilio = await ai.phoneNumbers.create({
      provider: "twilio",
      phoneNumber: "+14155550100",
      label: "Support",
      sid: "AC0123456789",
      token: "twilio-auth-token",
    });
    const sip = await ai.phoneNumbers.create({
      provider: "sip_trunk",
      phoneNumber: "+442071838750",
      label: "PBX",
      inboundTrunkConfig: {
        allowedAddresses: ["10.0.0.0/8"],
        credentials: { username: "in", password: "in-pw" },
      },
      outboundTrunkConfig: {
        address: "sip.example.com",
        transport: "tls",
        credentials: { username: "out", password: "out-pw" },
      },
    });
    const assigned = await ai.phoneNumbers.update(twilio.phoneNumberId, { agentId, label: "Support line" });
    expect(assigned).toMatchObject({ label: "Support line", assignedAgent: { agentId } });
    const sipGot = await ai.phoneNumbers.get(sip.phoneNumberId);
    expect(sipGot.provider).toBe("sip_trunk");
    expect(JSON.stringify(sipGot)).not.toContain("out-pw");
    expect(await ai.phoneNumbers.list()).toHaveLength(2);

    // an outbound call makes a conversation: list, get, audio
    const callResult = await ai.twilio.outboundCall({
      agentId,
      agentPhoneNumberId: twilio.phoneNumberId,
      toNumber: "+14155550199",
    });
    expect(callResult.success).toBe(true);
    const conversationId = String(callResult.conversationId);
    const conversations = await ai.conversations.list({ agentId });
    expect(conversations.conversations.map((c) => c.conversationId)).toEqual([conversationId]);
    const conversation = await ai.conversations.get(conversationId);
    expect(conversation.transcript[0]?.message).toBe("Hello from the contract test.");
    const audio = Buffer.from(
      await new Response(await ai.conversations.audio.get(conversationId)).arrayBuffer(),
    );
    expect(audio.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfb]));

    // a signed URL opens the emulator's conversation WebSocket
    const { signedUrl } = await ai.conversations.getSignedUrl({ agentId });
    const first = await new Promise<{ type: string }>((resolve, reject) => {
      const ws = new WebSocket(signedUrl);
      ws.once("message", (data) => {
        resolve(JSON.parse(data.toString()) as { type: string });
        ws.close();
      });
      ws.once("error", reject);
    });
    expect(first.type).toBe("conversation_initiation_metadata");

    // MCP servers: the server, its approval policy, tool approvals and tool configs; an agent uses it
    const mcp = await ai.mcpServers.create({
      config: {
        name: "CRM tools",
        url: "https://mcp.example.com/mcp",
        transport: "STREAMABLE_HTTP",
        requestHeaders: { Authorization: { secretId: secret.secretId }, "X-Plain": "mcp-plain-header" },
        toolConfigOverrides: [{ toolName: "lookup", preToolSpeech: "force" }],
      },
    });
    expect(mcp.config.transport).toBe("STREAMABLE_HTTP");
    expect((await ai.mcpServers.list()).mcpServers.map((m) => m.id)).toEqual([mcp.id]);
    await ai.mcpServers.update(mcp.id, { preToolSpeech: "off", executionMode: "async" });
    await ai.mcpServers.approvalPolicy.update(mcp.id, { approvalPolicy: "require_approval_per_tool" });
    const approved = await ai.mcpServers.toolApprovals.create(mcp.id, {
      toolName: "lookup",
      toolDescription: "Looks a customer up",
      approvalPolicy: "auto_approved",
    });
    expect(approved.config.toolApprovalHashes?.map((a) => a.toolName)).toEqual(["lookup"]);
    await ai.mcpServers.toolApprovals.delete(mcp.id, "lookup");
    await ai.mcpServers.toolConfigs.create(mcp.id, { toolName: "create_ticket", executionMode: "async" });
    await ai.mcpServers.toolConfigs.update(mcp.id, "create_ticket", { executionMode: "immediate" });
    expect((await ai.mcpServers.toolConfigs.get(mcp.id, "create_ticket")).executionMode).toBe("immediate");
    await ai.mcpServers.toolConfigs.delete(mcp.id, "create_ticket");
    await ai.agents.update(agentId, {
      conversationConfig: { agent: { prompt: { mcpServerIds: [mcp.id] } } },
    });
    expect((await ai.mcpServers.get(mcp.id)).dependentAgents?.map((a) => a.id)).toEqual([agentId]);

    // workspace settings, with a webhook whose header names the secret
    const settings = await ai.settings.update({
      conversationInitiationClientDataWebhook: {
        url: "https://hooks.example.com/init",
        requestHeaders: { Authorization: { secretId: secret.secretId } },
      },
      webhooks: { events: ["transcript"], transcriptFormat: "json" },
      ragRetentionPeriodDays: 20,
    });
    expect(settings.ragRetentionPeriodDays).toBe(20);
    expect((await ai.settings.get()).webhooks?.events).toEqual(["transcript"]);

    // a WhatsApp account (connected as the dashboard does), assigned to the agent
    emu.workspace(KEY).seedWhatsAppAccount({ phone_number_id: "wa_1", phone_number: "+14155550111" });
    expect((await ai.whatsappAccounts.list()).items.map((a) => a.phoneNumberId)).toEqual(["wa_1"]);
    await ai.whatsappAccounts.update("wa_1", { assignedAgentId: agentId, enableTypingIndicator: false });
    expect(await ai.whatsappAccounts.get("wa_1")).toMatchObject({ assignedAgentId: agentId });

    // knowledge-base folders, a document moved into one, a RAG index built and deleted
    const kbFolder = await ai.knowledgeBase.documents.createFolder({ name: "Policies" });
    const inFolder = await ai.knowledgeBase.documents.createFromText({
      text: "Refunds within 30 days.",
      name: "Refunds",
      parentFolderId: kbFolder.id,
    });
    await ai.knowledgeBase.documents.move(textDoc.id, { moveTo: kbFolder.id });
    expect(await ai.knowledgeBase.documents.get(kbFolder.id)).toMatchObject({
      type: "folder",
      childrenCount: 2,
    });
    await ai.knowledgeBase.documents.update(kbFolder.id, { name: "Company policies" });
    const index = await ai.knowledgeBase.document.computeRagIndex(inFolder.id, {
      model: "e5_mistral_7b_instruct",
    });
    expect(index.status).toBe("created");
    expect((await ai.getDocumentRagIndexes(inFolder.id)).indexes.map((i) => i.status)).toEqual([
      "processing",
    ]);
    await ai.deleteDocumentRagIndex(inFolder.id, index.id);

    // release machinery: tests attached to the agent, versioning, branches, a traffic split, runs
    const responseTest = await ai.tests.create({
      type: "llm",
      name: "Greets",
      chatHistory: [{ role: "user", message: "Hi?", timeInCallSecs: 0 }],
      successCondition: 'Says "contract test"',
      successExamples: [{ response: "Hello from the contract test.", type: "success" }],
      failureExamples: [{ response: "Go away", type: "failure" }],
      dynamicVariables: { customer: "Ada" },
    });
    const toolTest = await ai.tests.create({
      type: "tool",
      name: "Shows the map",
      chatHistory: [{ role: "user", message: "Where are you?", timeInCallSecs: 0 }],
      toolCallParameters: { referencedTool: { id: clientTool.id, type: "client" }, parameters: [] },
    });
    const gotTest = await ai.tests.get(responseTest.id);
    expect(gotTest.type).toBe("llm");
    await ai.tests.update(toolTest.id, {
      type: "tool",
      name: "Shows the map (v2)",
      toolCallParameters: { referencedTool: { id: clientTool.id, type: "client" }, verifyAbsence: false },
    });
    expect((await ai.tests.list({ search: "map" })).tests.map((t) => t.id)).toEqual([toolTest.id]);
    expect(Object.keys((await ai.tests.summaries({ testIds: [responseTest.id] })).tests)).toEqual([
      responseTest.id,
    ]);
    const folder = await ai.tests.folders.create({ name: "Release gate" });
    expect((await ai.tests.folders.get(folder.id)).name).toBe("Release gate");
    await ai.tests.folders.update(folder.id, { name: "Release gate (v2)" });
    await ai.tests.folders.delete(folder.id);
    await ai.agents.update(
      agentId,
      {
        platformSettings: {
          testing: { attachedTests: [{ testId: responseTest.id }, { testId: toolTest.id }] },
        },
      },
      { queryParams: { enable_versioning_if_not_enabled: true } },
    );
    const versioned = await ai.agents.get(agentId);
    expect(versioned.mainBranchId).toMatch(/^agtbrch_/);
    const { createdBranchId } = await ai.agents.branches.create(agentId, {
      parentVersionId: String(versioned.versionId),
      name: "canary",
      description: "Tries a new greeting",
      conversationConfig: { agent: { first_message: "Hello from the canary." } },
    });
    const onBranch = await ai.agents.update(
      agentId,
      { conversationConfig: { agent: { prompt: { prompt: "You are terse, on the canary." } } } },
      { queryParams: { branch_id: createdBranchId } },
    );
    expect(onBranch.branchId).toBe(createdBranchId);
    expect((await ai.agents.branches.get(agentId, createdBranchId)).name).toBe("canary");
    expect((await ai.agents.branches.list(agentId)).results).toHaveLength(2);
    const split = await ai.agents.deployments.create(agentId, {
      deploymentRequest: {
        requests: [
          {
            branchId: String(versioned.mainBranchId),
            deploymentStrategy: { type: "percentage", trafficPercentage: 80 },
          },
          { branchId: createdBranchId, deploymentStrategy: { type: "percentage", trafficPercentage: 20 } },
        ],
      },
    });
    expect(split.trafficPercentageBranchIdMap).toEqual({
      [String(versioned.mainBranchId)]: 80,
      [createdBranchId]: 20,
    });
    await ai.agents.deployments.create(agentId, {
      deploymentRequest: {
        requests: [
          {
            branchId: String(versioned.mainBranchId),
            deploymentStrategy: { type: "percentage", trafficPercentage: 100 },
          },
        ],
      },
    });
    expect((await ai.agents.branches.update(agentId, createdBranchId, { isArchived: true })).isArchived).toBe(
      true,
    );
    const run = await ai.agents.runTests(agentId, {
      tests: [{ testId: responseTest.id }, { testId: toolTest.id }],
    });
    let invocation = await ai.tests.invocations.get(run.id);
    for (let i = 0; i < 3 && invocation.testRuns.some((r) => r.status === "pending"); i++)
      invocation = await ai.tests.invocations.get(run.id);
    expect(invocation.testRuns.map((r) => r.status)).toEqual(["passed", "passed"]);

    // environment variables (not in SDK 2.73): raw calls, checked against the description below
    const raw = async (method: string, path: string, body?: unknown) => {
      const res = await recording(`${emu.url}${path}`, {
        method,
        headers: { "xi-api-key": KEY, "content-type": "application/json" },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { id: string; values: Record<string, unknown> };
    };
    const envVar = await raw("POST", "/environment-variables", {
      type: "secret",
      label: "crm_token",
      values: { production: { secret_id: secret.secretId } },
    });
    await raw("PATCH", `/environment-variables/${envVar.id}`, {
      values: { staging: { secret_id: secret.secretId } },
    });
    expect((await raw("GET", `/environment-variables/${envVar.id}`)).values).toEqual({
      production: { secret_id: secret.secretId },
      staging: { secret_id: secret.secretId },
    });
    await raw("GET", "/environment-variables?type=secret");
    delete emu.workspace(KEY).environmentVariables[envVar.id];
    for (const id of [responseTest.id, toolTest.id]) await ai.tests.delete(id);

    // deletes: a used document needs force; then everything goes
    await expect(ai.knowledgeBase.documents.delete(urlDoc.id)).rejects.toMatchObject({ statusCode: 409 });
    await ai.knowledgeBase.documents.delete(urlDoc.id, { force: true });
    await ai.phoneNumbers.delete(twilio.phoneNumberId);
    await ai.phoneNumbers.delete(sip.phoneNumberId);
    await ai.agents.delete(agentId);
    await ai.mcpServers.delete(mcp.id);
    await ai.whatsappAccounts.delete("wa_1");
    await ai.settings.update({
      conversationInitiationClientDataWebhook: undefined,
      webhooks: { events: [] },
    });
    for (const id of [fileDoc.id, textDoc.id, inFolder.id, kbFolder.id])
      await ai.knowledgeBase.documents.delete(id);
    for (const id of [webhook.id, clientTool.id]) await ai.tools.delete(id);
    await ai.secrets.delete(secret.secretId);
    expect(emu.workspace(KEY).isEmpty()).toBe(true);

    // every request was live, valid against the description, and every answer matched it
    const log = emu.requests();
    expect(log).toHaveLength(answers.length + 1); // + the WebSocket upgrade
    const http = log.filter((r) => r.route !== "GET /conversation");
    http.forEach((r, i) => {
      expect({ route: r.route, dialect: r.dialect }).toEqual({ route: r.route, dialect: "live" });
      const seen = answers[i];
      expect(seen?.status).toBe(r.status);
      if (seen?.json !== undefined) {
        expect({ route: r.route, issues: validateAnswer(r.route, r.status, seen.json, "live") }).toEqual({
          route: r.route,
          issues: [],
        });
      }
      // JSON bodies re-check as logged (secrets redacted to "***"); multipart bodies log file parts as {name, size}
      if (r.body !== null && !JSON.stringify(r.body).includes('"size"')) {
        expect({
          route: r.route,
          issues: validateRequest(r.route, { kind: "json", value: r.body }, "live"),
        }).toEqual({
          route: r.route,
          issues: [],
        });
      }
    });
    expect(JSON.stringify(log)).not.toMatch(
      /s3cr3t-value|n3w-value|twilio-auth-token|in-pw|out-pw|mcp-plain-header/,
    );

    const covered = [...new Set(http.filter((r) => r.status < 400).map((r) => r.route))].sort();
    expect(covered).toEqual(LIVE_ROUTES);
    expect(covered).toHaveLength(79);
  });
});
