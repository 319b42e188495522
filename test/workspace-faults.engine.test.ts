/**
 * Never duplicate, never orphan, for the workspace resources: a stack with an MCP server (approval,
 * tool config, a Secret header) that an agent uses, a folder with a document in it and its RAG
 * index, a WhatsApp account assigned to the agent, and the workspace settings, deployed, updated and
 * destroyed through the real engine while the emulator fails about 20% of all requests (500, 502,
 * 503, 429, connections dropped before the request is handled, answers lost after it was handled),
 * from a seeded generator. Each failed operation is run again, as a user would. After each, with
 * faults off: preview and refresh are empty and the account holds exactly what the state declares;
 * after destroy nothing is left, the settings are what they were, and the WhatsApp account is still
 * connected, unassigned.
 *
 * Seeds: FAULT_SEEDS (see test/helpers/faults.ts). Operations run one at a time (`parallel: 1`).
 */
import * as pulumi from "@pulumi/pulumi";
import { afterAll, describe, expect, it } from "vitest";
import {
  Agent,
  KnowledgeDocument,
  KnowledgeFolder,
  McpServer,
  Secret,
  WhatsAppAccount,
  WorkspaceSettings,
} from "../sdk";
import { useEmulator } from "./helpers/emulator";
import { TestStack, typeToken } from "./helpers/engine";
import { converge, newTally, SEEDS, type Tally } from "./helpers/faults";

const tallies: Tally[] = [];

afterAll(() => {
  if (tallies.length > 0) console.table(tallies);
});

describe.each(SEEDS)("the workspace stack with one request in five failing (seed %i)", (seed) => {
  const env = useEmulator({ ragIndexSteps: 2 }, "live");
  const tally = newTally(seed);
  const state = {
    approvalPolicy: "require_approval_per_tool" as "require_approval_per_tool" | "auto_approve_all",
    folderName: "Policies",
    retention: 20,
    typing: true,
    ticketMode: "async" as "async" | "immediate",
  };
  let stack: TestStack;

  const program = async () => {
    const token = new Secret("mcp-token", { name: "mcp_token", value: pulumi.secret("mcp-token-faults") });
    const crm = new McpServer("crm", {
      name: "CRM tools",
      url: "https://mcp.crm.example.com/mcp",
      requestHeaders: { Authorization: { secretId: token.secretId } },
      approvalPolicy: state.approvalPolicy,
      toolApprovals: [{ toolName: "lookup", toolDescription: "Looks up", approvalPolicy: "auto_approved" }],
      toolConfigOverrides: [{ toolName: "create_ticket", executionMode: state.ticketMode }],
    });
    const agent = new Agent("chat", {
      name: "Chat",
      conversationConfig: { agent: { prompt: { prompt: "You help.", mcpServerIds: [crm.mcpServerId] } } },
    });
    const folder = new KnowledgeFolder("policies", { name: state.folderName });
    new KnowledgeDocument("refunds", {
      name: "Refunds",
      text: "Refunds within 30 days.",
      parentFolderId: folder.folderId,
      ragIndexModel: "e5_mistral_7b_instruct",
    });
    new WhatsAppAccount("whatsapp", {
      phoneNumberId: "wa_faults",
      assignedAgentId: agent.agentId,
      enableTypingIndicator: state.typing,
    });
    new WorkspaceSettings("workspace", { ragRetentionPeriodDays: state.retention });
  };

  const faultsOn = () => env.emu.addFault({ route: "*", rate: 0.2, seed, count: -1 });
  const faultsOff = () => env.emu.clearFaults();

  /** Ids in the state vs ids in the account, per kind; an extra in the account is a duplicate or orphan. */
  async function accountMatchesState(): Promise<void> {
    const ws = env.emu.workspace(env.apiKey);
    const entries = Object.values(ws.documents);
    const kinds: [string, string[]][] = [
      ["Agent", Object.keys(ws.agents)],
      ["Secret", Object.keys(ws.secrets)],
      ["McpServer", Object.keys(ws.mcpServers)],
      ["KnowledgeFolder", entries.filter((d) => d.type === "folder").map((d) => d.id)],
      ["KnowledgeDocument", entries.filter((d) => d.type !== "folder").map((d) => d.id)],
    ];
    for (const [type, inAccount] of kinds) {
      const inState = (await stack.resources(typeToken(type))).map((r) => String(r.id));
      tally.duplicates += inAccount.filter((id) => !inState.includes(id)).length;
      expect(inAccount.sort(), type).toEqual(inState.sort());
    }
    // One index per document, whatever was retried.
    for (const d of entries.filter((e) => e.type !== "folder")) expect(d.rag_indexes ?? []).toHaveLength(1);
  }

  /** An `up` under faults, re-run until it succeeds; then, faults off, nothing to do and the account is the state. */
  async function upUnderFaults(): Promise<void> {
    faultsOn();
    await converge(tally, () => stack.up({ parallel: 1 }));
    faultsOff();
    expect((await stack.preview()).changes).toEqual({});
    expect((await stack.refresh()).changes).toEqual({});
    await accountMatchesState();
  }

  it("deploys, updates and destroys, converging on plain re-runs, with nothing duplicated or left", async () => {
    env.emu
      .workspace(env.apiKey)
      .seedWhatsAppAccount({ phone_number_id: "wa_faults", phone_number: "+14155550188" });
    await env.api.call("updateSettings", { json: { rag_retention_period_days: 12 } });
    stack = await TestStack.create(program, { ...env, stackName: `workspace-faults-${seed}` });
    try {
      await upUnderFaults();

      state.approvalPolicy = "auto_approve_all";
      state.ticketMode = "immediate";
      state.folderName = "Company policies";
      state.retention = 25;
      state.typing = false;
      await upUnderFaults();

      faultsOn();
      await converge(tally, () => stack.destroy({ parallel: 1 }));
      faultsOff();
      const left = env.emu.workspace(env.apiKey).counts();
      tally.orphans += left.agents + left.documents + left.mcpServers + left.secrets;
      expect(env.emu.workspace(env.apiKey).isEmpty()).toBe(true);
      expect((await env.api.call("getSettings")) as Record<string, unknown>).toMatchObject({
        rag_retention_period_days: 12,
      });
      expect(env.emu.workspace(env.apiKey).whatsappAccounts.wa_faults).toMatchObject({
        assigned_agent_id: null,
      });
      // The faults did fire: failed and lost requests, all recovered from.
      const faulted = env.emu.requests().filter((r) => r.status === 0 || r.status >= 429 || r.lost).length;
      expect(faulted).toBeGreaterThan(0);
      tallies.push({ ...tally, faulted } as Tally);
    } finally {
      faultsOff();
      await stack.dispose();
    }
  });
});

describe("the workspace stack when every create's answer is lost once", () => {
  const env = useEmulator({ ragIndexSteps: 1 }, "live");
  const tally = newTally(0);

  it("finds what each lost create made instead of making it twice", async () => {
    env.emu
      .workspace(env.apiKey)
      .seedWhatsAppAccount({ phone_number_id: "wa_lost", phone_number: "+14155550177" });
    const stack = await TestStack.create(async () => {
      const crm = new McpServer("crm", {
        name: "CRM tools",
        url: "https://mcp.crm.example.com/mcp",
        toolApprovals: [{ toolName: "lookup", toolDescription: "Looks up" }],
      });
      const agent = new Agent("chat", {
        name: "Chat",
        conversationConfig: { agent: { prompt: { mcpServerIds: [crm.mcpServerId] } } },
      });
      const folder = new KnowledgeFolder("policies", { name: "Policies" });
      new KnowledgeDocument("refunds", {
        name: "Refunds",
        text: "Refunds within 30 days.",
        parentFolderId: folder.folderId,
        ragIndexModel: "e5_mistral_7b_instruct",
      });
      new WhatsAppAccount("whatsapp", { phoneNumberId: "wa_lost", assignedAgentId: agent.agentId });
      new WorkspaceSettings("workspace", { ragRetentionPeriodDays: 9 });
    }, env);
    try {
      for (const route of [
        "POST /mcp-servers",
        "POST /mcp-servers/{mcp_server_id}/tool-approvals",
        "POST /knowledge-base/folder",
        "POST /knowledge-base/text",
        "POST /knowledge-base/{documentation_id}/rag-index",
        "PATCH /settings",
        "PATCH /whatsapp-accounts/{phone_number_id}",
      ])
        env.emu.addFault({ route, dropAfter: true });
      await converge(tally, () => stack.up({ parallel: 1 }));
      env.emu.clearFaults();
      const ws = env.emu.workspace(env.apiKey);
      // Every lost answer was hit, and nothing was made twice.
      expect(env.emu.requests().filter((r) => r.lost).length).toBe(7);
      expect(Object.keys(ws.mcpServers)).toHaveLength(1);
      const entries = Object.values(ws.documents);
      expect(entries.map((d) => d.type).sort()).toEqual(["folder", "text"]);
      expect(entries.find((d) => d.type === "text")?.rag_indexes).toHaveLength(1);
      expect(Object.values(ws.mcpServers)[0]?.config.tool_approval_hashes).toHaveLength(1);
      expect((await stack.preview()).changes).toEqual({});
      expect((await stack.refresh()).changes).toEqual({});
      await stack.destroy();
      expect(ws.isEmpty()).toBe(true);
    } finally {
      env.emu.clearFaults();
      await stack.dispose();
    }
  });
});
