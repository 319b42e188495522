/**
 * The export without the engine: dropping defaults (with a hand-made filler and the description's),
 * writing TypeScript (user keys verbatim, quoted when they are not identifiers), what is left out and
 * said, `--search`, and empty exports. Accounts are built in an in-process emulator; a workflow
 * (which the emulator does not keep) comes from a mocked API.
 */
import * as ts from "typescript";
import { FormData } from "undici";
import { describe, expect, it } from "vitest";
import { ElevenLabsClient } from "../client/http/client";
import type { PlainObject } from "../client/wire";
import { useEmulator } from "../test/helpers/emulator";
import { MOCK_BASE, MOCK_KEY, MOCK_ORIGIN, useMockApi } from "../test/helpers/mockApi";
import { exportAccount, literal, propertyKey, withoutDefaults } from "./export";

/** TypeScript's syntax errors in a program (none: it parses). */
function syntaxErrors(program: string): string[] {
  const out = ts.transpileModule(program, { reportDiagnostics: true, fileName: "index.ts" });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

/** Import lines of a program. */
const importsOf = (program: string) => program.split("\n").filter((l) => l.startsWith("import "));

describe("withoutDefaults", () => {
  // A filler like the description's: `kind: "a"` objects default `size` and `color`; objects
  // without a tag get nothing; `tuning.level` defaults to 1 everywhere.
  const fill = (v: PlainObject): unknown => {
    const out = structuredClone(v);
    const tuning = (out.tuning ?? {}) as PlainObject;
    tuning.level ??= 1;
    out.tuning = tuning;
    for (const item of Object.values((out.shapes ?? {}) as Record<string, PlainObject>)) {
      if (item.kind === "a") {
        item.size ??= 10;
        item.color ??= "red";
      }
    }
    return out;
  };

  it("drops leaves equal to their default, keeps those that differ and where no default exists", () => {
    const value = {
      name: "x",
      tuning: { level: 1 },
      shapes: { Node_1: { kind: "a", size: 10, color: "blue" }, "node-2": { kind: "b", size: 10 } },
    };
    expect(withoutDefaults(value, fill)).toEqual({
      name: "x",
      // The tag of a union member stays (its defaults are only known with it); size went.
      shapes: { Node_1: { kind: "a", color: "blue" }, "node-2": { kind: "b", size: 10 } },
    });
  });

  it("drops a whole object made of defaults, and keeps objects that were empty to begin with", () => {
    expect(withoutDefaults({ tuning: { level: 1 }, extra: {} }, fill)).toEqual({ extra: {} });
    expect(withoutDefaults({ tuning: { level: 2 } }, fill)).toEqual({ tuning: { level: 2 } });
  });
});

describe("writing TypeScript", () => {
  it("keeps keys verbatim, quoting those that are not identifiers", () => {
    expect(propertyKey("need_callback")).toBe("need_callback");
    expect(propertyKey("Node_1")).toBe("Node_1");
    expect(propertyKey("pt-br")).toBe('"pt-br"');
    expect(propertyKey("X-Api-Key")).toBe('"X-Api-Key"');
    expect(propertyKey("1st")).toBe('"1st"');
    // A literal `__proto__:` key would set the prototype instead of a property.
    expect(propertyKey("__proto__")).toBe('["__proto__"]');
    const value = JSON.parse('{"pt-br": {"a": 1}, "__proto__x": [1, "two"], "__proto__": {"b": true}}');
    const code = `const v = ${literal(value)};`;
    expect(syntaxErrors(code)).toEqual([]);
    const evaluated = new Function(`${code.replace("const v =", "return")}`)() as PlainObject;
    expect(Object.keys(evaluated)).toEqual(["pt-br", "__proto__x", "__proto__"]);
    expect(Object.getPrototypeOf(evaluated)).toBe(Object.prototype);
  });
});

describe("exportAccount (live)", () => {
  const env = useEmulator({}, "live");

  it("an empty account: no imports, a module, a note and no warning", async () => {
    const r = await exportAccount({ client: env.api });
    expect(importsOf(r.program)).toEqual([]);
    expect(r.program).toContain("\nexport {};\n");
    expect(syntaxErrors(r.program)).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.notes).toEqual(["the account holds nothing to export"]);
  });

  it("declares what differs from the defaults; names the agent and field it leaves out; --search narrows", async () => {
    const api = env.api;
    const secret = await api.call("createSecret", { json: { type: "new", name: "crm_key", value: "v-1" } });
    const used = await api.call("createTool", {
      json: {
        tool_config: {
          type: "webhook",
          name: "lookup_order",
          description: "Looks up an order.",
          api_schema: {
            url: "https://crm.example.com/orders",
            request_headers: { "X-Api-Key": { secret_id: secret.secret_id } },
          },
        },
      },
    });
    const unused = await api.call("createTool", {
      json: { tool_config: { type: "client", name: "unused_tool", description: "Nobody uses it." } },
    });
    const form = new FormData();
    form.append("name", "Manual");
    form.append("file", new Blob(["# Manual\n"]), "manual.md");
    const manual = await api.call("createFileDocument", { form });
    const notes = await api.call("createTextDocument", { json: { name: "Notes", text: "Some notes." } });
    const agent = await api.call("createAgent", {
      json: {
        name: "Support",
        conversation_config: {
          agent: {
            prompt: {
              temperature: 0.3,
              tool_ids: [used.id],
              knowledge_base: [
                { type: "file", name: "Manual", id: manual.id },
                { type: "text", name: "Notes", id: notes.id },
              ],
            },
          },
          language_presets: { "pt-br": { overrides: { agent: { first_message: "Olá!" } } } },
        },
      },
    });
    await api.call("createAgent", { json: { name: "Other", conversation_config: {} } });
    // A setting the service holds that the API description (and so this package) does not list yet.
    env.emu
      .workspace()
      .patchAgent(agent.agent_id, { platform_settings: { safety: { is_blocked_ivc: true } } });
    // A text document whose answer carries no text.
    const stored = env.emu.workspace().documents[notes.id];
    if (stored) stored.text = "";

    const r = await exportAccount({ client: api, search: "support" });
    const who = `agent "Support" (${agent.agent_id})`;
    expect(r.warnings).toEqual([
      `knowledge document "Manual" (${manual.id}): left out (a file document; its content cannot be read back, so it is emitted commented out)`,
      `knowledge document "Notes" (${notes.id}): left out (a text document whose text the API did not answer)`,
    ]);
    expect(r.warnings.join("\n")).not.toContain(who);
    // The setting the package does not model is declared under its wire path, as the API holds it.
    expect(r.program).toContain(
      'unmodeledSettings: {\n      "platform_settings.safety": {\n        is_blocked_ivc: true,\n      },\n    },',
    );
    expect(r.counts).toEqual({
      declared: {
        Agent: 1,
        KnowledgeDocument: 0,
        KnowledgeFolder: 0,
        PhoneNumber: 0,
        Tool: 1,
        Secret: 1,
        AgentTest: 0,
        AgentBranch: 0,
        AgentDeployment: 0,
        EnvironmentVariable: 0,
        McpServer: 0,
        WorkspaceSettings: 0,
        WhatsAppAccount: 0,
      },
      commentedOut: 1,
    });
    expect(r.program).toContain("temperature: 0.3,");
    expect(r.program).toContain('"pt-br": {');
    expect(r.program).toContain("toolIds: [lookupOrder.toolId],");
    expect(r.program).toContain('"X-Api-Key": {\n');
    expect(r.program).toContain("secretId: crmKey.secretId,");
    // Documents that are not declared stay referred to by id.
    expect(r.program).toContain(`id: "${manual.id}",`);
    expect(r.program).toContain(`//   { import: "${manual.id}" },`);
    expect(r.program).not.toContain("unused_tool");
    expect(r.program).not.toContain(unused.id);
    // Defaults the service shows anyway are not declared (the LLM, the voice).
    expect(r.program).not.toContain("llm:");
    expect(r.program).not.toContain("voiceId");
    expect(r.secrets).toEqual(["crmKeyValue"]);
    expect(syntaxErrors(r.program)).toEqual([]);

    // Without --search: every tool, and the other agent; --keep-defaults declares defaults too.
    const all = await exportAccount({ client: api, keepDefaults: true });
    expect(all.program).toContain("unused_tool");
    expect(all.program).toContain('name: "Other",');
    expect(all.program).toContain('llm: "gemini-2.5-flash",');
    // A default nobody can set is still no warning.
    expect(all.warnings.filter((w) => w.includes("Other"))).toEqual([]);
  });

  it("names the SIP trunk settings the PhoneNumber resource lacks, and declares the rest", async () => {
    const pbx = await env.api.call("createPhoneNumber", {
      json: {
        provider: "sip_trunk",
        phone_number: "+14155550199",
        label: "Encrypted PBX",
        outbound_trunk_config: { address: "sip.example.com", transport: "tls", media_encryption: "required" },
        inbound_trunk_config: { media_encryption: "required" },
      },
    });
    const r = await exportAccount({ client: env.api });
    const who = `phone number "Encrypted PBX" (${pbx.phone_number_id})`;
    expect(r.warnings.filter((w) => w.startsWith(who))).toEqual([
      `${who}: left out sipConfig.mediaEncryption = "required" (no such setting); it stays as it is in the account`,
      expect.stringMatching(
        /: left out inboundTrunk = \{.*"mediaE.*\(no such setting\); it stays as it is in the account$/,
      ),
    ]);
    expect(r.program).toContain(
      '    provider: "sip",\n    phoneNumber: "+14155550199",\n    label: "Encrypted PBX",\n    sipConfig: {\n      address: "sip.example.com",\n      transport: "tls",\n    },\n',
    );
  });

  it("declares MCP servers, the workspace settings, WhatsApp accounts and folders, linked by variables", async () => {
    const api = env.api;
    const secret = await api.call("createSecret", { json: { type: "new", name: "mcp_token", value: "v-2" } });
    const server = await api.call("createMcpServer", {
      json: {
        config: {
          name: "CRM tools",
          url: "https://mcp.example.com/mcp",
          request_headers: { Authorization: { secret_id: secret.secret_id } },
          approval_policy: "require_approval_per_tool",
        },
      },
    });
    await api.call("addMcpToolApproval", {
      params: { mcp_server_id: server.id },
      json: { tool_name: "lookup", tool_description: "Looks up" },
    });
    const agent = await api.call("createAgent", {
      json: { name: "Chat", conversation_config: { agent: { prompt: { mcp_server_ids: [server.id] } } } },
    });
    await api.call("updateSettings", { json: { rag_retention_period_days: 21 } });
    env.emu.workspace().seedWhatsAppAccount({ phone_number_id: "wa_7", phone_number: "+14155550107" });
    await api.call("updateWhatsAppAccount", {
      params: { phone_number_id: "wa_7" },
      json: { assigned_agent_id: agent.agent_id },
    });
    const folder = await api.call("createFolder", { json: { name: "Policies" } });
    await api.call("createTextDocument", {
      json: { name: "Refunds", text: "30 days.", parent_folder_id: folder.id },
    });

    const r = await exportAccount({ client: api, search: "chat" });
    expect(r.warnings).toEqual([
      `MCP server "CRM tools" (${server.id}): left out its tool approvals (lookup): the service keeps only a hash of each approved tool; declare them in toolApprovals with each tool's description`,
    ]);
    expect(r.program).toContain("mcpServerIds: [crmTools.mcpServerId],");
    expect(r.program).toContain("secretId: mcpToken.secretId,");
    expect(r.program).toContain('approvalPolicy: "require_approval_per_tool",');
    // The WhatsApp account belongs with the agent it is assigned to.
    expect(r.program).toContain('phoneNumberId: "wa_7",');
    expect(r.program).toContain("assignedAgentId: chat.agentId,");
    // Not reached from the chosen agent: the settings and the folder.
    expect(r.program).not.toContain("WorkspaceSettings(");
    expect(r.program).not.toContain("Policies");
    expect(syntaxErrors(r.program)).toEqual([]);

    const all = await exportAccount({ client: api });
    expect(all.program).toContain("new elevenlabs.WorkspaceSettings(");
    expect(all.program).toContain("ragRetentionPeriodDays: 21,");
    expect(all.program).toContain('{ import: "workspace-settings" }');
    expect(all.program).toContain("parentFolderId: policies.folderId,");
    expect(all.counts.declared).toMatchObject({
      McpServer: 1,
      WorkspaceSettings: 1,
      WhatsAppAccount: 1,
      KnowledgeFolder: 1,
    });
    expect(syntaxErrors(all.program)).toEqual([]);
  });

  it("a search that matches nothing is a note, not a warning", async () => {
    const r = await exportAccount({ client: env.api, search: "no such agent" });
    expect(r.notes).toEqual(['no agent matches "no such agent"']);
    expect(r.warnings).toEqual([]);
    expect(importsOf(r.program)).toEqual([]);
  });
});

describe("exportAccount (live, a workflow from the API)", () => {
  const mocked = useMockApi();
  const agent = {
    agent_id: "agent_1",
    name: "Router",
    conversation_config: { agent: { first_message: "Hi" } },
    workflow: {
      nodes: {
        start_node: { type: "start", edge_order: ["edge_1"] },
        Node_1: { type: "end" },
        "node-2": { type: "end" },
      },
      edges: {
        edge_1: { source: "start_node", target: "Node_1", forward_condition: { type: "unconditional" } },
      },
    },
  };
  const answers: Record<string, unknown> = {
    "/agents": {
      agents: [{ agent_id: "agent_1", name: "Router", created_at_unix_secs: 1 }],
      has_more: false,
    },
    "/agents/agent_1": agent,
    "/tools": { tools: [], has_more: false },
    "/knowledge-base": { documents: [], has_more: false },
    "/secrets": { secrets: [], next_cursor: null },
    "/phone-numbers": [],
    "/agent-testing": { tests: [], has_more: false },
    "/environment-variables": { environment_variables: [], has_more: false },
    "/mcp-servers": { mcp_servers: [] },
    "/settings": {},
    "/whatsapp-accounts": { items: [] },
  };

  it("keeps the node and edge ids users chose", async () => {
    const pool = mocked.agent.get(MOCK_ORIGIN);
    for (const [path, json] of Object.entries(answers)) {
      pool
        .intercept({ method: "GET", path: (p: string) => p.split("?")[0] === `/v1/convai${path}` })
        .reply(200, JSON.stringify(json), { headers: { "content-type": "application/json" } })
        .persist();
    }
    const client = new ElevenLabsClient({
      baseUrl: MOCK_BASE,
      apiKey: MOCK_KEY,
      dispatcher: mocked.agent,
      dialect: "live",
      delayScale: 0,
      maxRetries: 0,
    });
    const r = await exportAccount({ client });
    expect(r.warnings).toEqual([]);
    expect(r.program).toContain("    workflow: {\n      nodes: {\n        start_node: {\n");
    expect(r.program).toContain("        Node_1: {\n");
    expect(r.program).toContain('        "node-2": {\n');
    expect(r.program).toContain("        edge_1: {\n");
    expect(r.program).toContain('edgeOrder: ["edge_1"],');
    expect(syntaxErrors(r.program)).toEqual([]);
  });
});

describe("exportAccount (legacy)", () => {
  const env = useEmulator({}, "legacy");

  it("declares only what differs from the legacy defaults, and warns for settings the legacy Agent lacks", async () => {
    const a = await env.api.call("createAgent", {
      json: {
        name: "Plain",
        conversation_config: { agent: { prompt: { max_tokens: 100 } }, tts: { stability: 0.5 } },
      },
    });
    // A setting the legacy dialect does not have, put there behind the API's back.
    env.emu
      .workspace(env.apiKey)
      .patchAgent(a.agent_id, { conversation_config: { asr: { quality: "high" } } });
    const r = await exportAccount({ client: env.api });
    expect(r.dialect).toBe("legacy");
    expect(r.warnings).toEqual([
      `agent "Plain" (${a.agent_id}): left out conversationConfig.asr = {"quality":"high"} (no such setting); it stays as it is in the account`,
    ]);
    // stability 0.5 is the legacy default: only maxTokens is declared.
    expect(r.program).toContain("maxTokens: 100");
    expect(r.program).not.toContain("stability");
    expect(r.program).toContain("pulumi config set elevenlabs:apiDialect legacy");
    expect(importsOf(r.program)).toEqual(['import * as elevenlabs from "pulumi-elevenlabs";']);
  });
});
