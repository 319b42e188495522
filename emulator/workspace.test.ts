/**
 * The workspace families beyond agents and their tools: MCP servers (approvals and tool configs by
 * their own routes, in-use refusal), the workspace settings singleton, WhatsApp accounts (seeded by
 * the control route), knowledge-base folders and moves, RAG indexes that become ready read by read,
 * and the option that accepts fields the description does not list.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, client } from "../test/helpers/http";
import { DEFAULT_API_KEY, type Emulator, startEmulator, validateAnswer } from "./index";
import { toolHash } from "./mcp";

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ rateLimit: 10_000 });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => emu.reset());

const api = client(() => emu);

/** The answer, after checking it against the description's answer schema of its route. */
async function checked(method: string, route: string, path: string, body?: unknown) {
  const r = await api(method, path, body);
  if (r.json !== undefined) expect(validateAnswer(route, r.status, r.json, "live")).toEqual([]);
  return r;
}

const SERVER = {
  config: {
    name: "CRM tools",
    url: "https://mcp.example.com/sse",
    request_headers: { Authorization: "Bearer mcp-header-secret" },
    tool_config_overrides: [{ tool_name: "lookup", pre_tool_speech: "force" }],
  },
};

describe("MCP servers", () => {
  it("creates, reads with defaults, lists, patches, and deletes; the header value is never logged", async () => {
    const made = await checked("POST", "POST /mcp-servers", "/mcp-servers", SERVER);
    expect(made.status).toBe(200);
    const id = made.json.id as string;
    expect(id).toMatch(/^mcp_/);
    expect(made.json.config).toMatchObject({
      name: "CRM tools",
      transport: "SSE",
      approval_policy: "require_approval_all",
      tool_config_overrides: [{ tool_name: "lookup", pre_tool_speech: "force" }],
    });
    expect((await checked("GET", "GET /mcp-servers", "/mcp-servers")).json.mcp_servers).toHaveLength(1);
    const patched = await checked("PATCH", "PATCH /mcp-servers/{mcp_server_id}", `/mcp-servers/${id}`, {
      pre_tool_speech: "off",
      tool_call_sound: "typing",
    });
    expect(patched.json.config).toMatchObject({ pre_tool_speech: "off", tool_call_sound: "typing" });
    const cleared = await api("PATCH", `/mcp-servers/${id}`, {
      tool_call_sound: null,
      pre_tool_speech: null,
    });
    expect(cleared.json.config.tool_call_sound).toBeUndefined();
    expect(cleared.json.config.pre_tool_speech).toBe("off");
    expect((await api("DELETE", `/mcp-servers/${id}`)).status).toBe(204);
    expect((await api("GET", `/mcp-servers/${id}`)).status).toBe(404);
    expect(JSON.stringify(emu.requests())).not.toContain("mcp-header-secret");
  });

  it("changes the approval policy, tool approvals and tool configs through their own routes", async () => {
    const id = (await api("POST", "/mcp-servers", SERVER)).json.id as string;
    const base = `/mcp-servers/${id}`;
    const policy = await checked(
      "PATCH",
      "PATCH /mcp-servers/{mcp_server_id}/approval-policy",
      `${base}/approval-policy`,
      {
        approval_policy: "require_approval_per_tool",
      },
    );
    expect(policy.json.config.approval_policy).toBe("require_approval_per_tool");
    const approval = { tool_name: "lookup", tool_description: "Looks up", approval_policy: "auto_approved" };
    const approved = await checked(
      "POST",
      "POST /mcp-servers/{mcp_server_id}/tool-approvals",
      `${base}/tool-approvals`,
      approval,
    );
    expect(approved.json.config.tool_approval_hashes).toEqual([
      {
        tool_name: "lookup",
        tool_hash: toolHash("lookup", "Looks up", undefined),
        approval_policy: "auto_approved",
      },
    ]);
    const unapproved = await checked(
      "DELETE",
      "DELETE /mcp-servers/{mcp_server_id}/tool-approvals/{tool_name}",
      `${base}/tool-approvals/lookup`,
    );
    expect(unapproved.json.config.tool_approval_hashes).toEqual([]);
    expect((await api("DELETE", `${base}/tool-approvals/lookup`)).status).toBe(404);

    expect((await api("POST", `${base}/tool-configs`, { tool_name: "lookup" })).status).toBe(409);
    const added = await checked(
      "POST",
      "POST /mcp-servers/{mcp_server_id}/tool-configs",
      `${base}/tool-configs`,
      {
        tool_name: "create_ticket",
        execution_mode: "async",
      },
    );
    expect(added.json.config.tool_config_overrides).toHaveLength(2);
    await checked(
      "PATCH",
      "PATCH /mcp-servers/{mcp_server_id}/tool-configs/{tool_name}",
      `${base}/tool-configs/create_ticket`,
      {
        execution_mode: "immediate",
      },
    );
    const one = await checked(
      "GET",
      "GET /mcp-servers/{mcp_server_id}/tool-configs/{tool_name}",
      `${base}/tool-configs/create_ticket`,
    );
    expect(one.json).toMatchObject({ tool_name: "create_ticket", execution_mode: "immediate" });
    await checked(
      "DELETE",
      "DELETE /mcp-servers/{mcp_server_id}/tool-configs/{tool_name}",
      `${base}/tool-configs/create_ticket`,
    );
    expect((await api("GET", `${base}/tool-configs/create_ticket`)).status).toBe(404);
  });

  it("agents must name existing servers, and a server agents use is not deleted (naming them)", async () => {
    const id = (await api("POST", "/mcp-servers", SERVER)).json.id as string;
    const unknown = await api("POST", "/agents/create", {
      name: "A",
      conversation_config: { agent: { prompt: { mcp_server_ids: ["mcp_nope"] } } },
    });
    expect(unknown.status).toBe(422);
    const agent = await api("POST", "/agents/create", {
      name: "Support",
      conversation_config: { agent: { prompt: { mcp_server_ids: [id] } } },
    });
    const agentId = agent.json.agent_id as string;
    expect((await api("GET", `/mcp-servers/${id}`)).json.dependent_agents).toMatchObject([
      { id: agentId, name: "Support", type: "available" },
    ]);
    const refused = await api("DELETE", `/mcp-servers/${id}`);
    expect(refused.status).toBe(409);
    expect(refused.json.detail.message).toContain(`"Support" (${agentId})`);
    await api("DELETE", `/agents/${agentId}`);
    expect((await api("DELETE", `/mcp-servers/${id}`)).status).toBe(204);
  });
});

describe("workspace settings", () => {
  it("answers defaults, merges a PATCH (null removes), and checks the webhook's secret ids", async () => {
    const fresh = await checked("GET", "GET /settings", "/settings");
    expect(fresh.json).toMatchObject({ rag_retention_period_days: 10, can_use_mcp_servers: false });
    const hook = { url: "https://hooks.example.com/init", request_headers: { "X-Token": "settings-secret" } };
    const set = await checked("PATCH", "PATCH /settings", "/settings", {
      conversation_initiation_client_data_webhook: hook,
      rag_retention_period_days: 20,
    });
    expect(set.json).toMatchObject({
      conversation_initiation_client_data_webhook: hook,
      rag_retention_period_days: 20,
    });
    const headers = { "X-Other": { secret_id: "secret_nope" } };
    const bad = await api("PATCH", "/settings", {
      conversation_initiation_client_data_webhook: { url: hook.url, request_headers: headers },
    });
    expect(bad.status).toBe(422);
    // Null removes what may be null; a setting that may not is refused (a client sends its default).
    expect((await api("PATCH", "/settings", { rag_retention_period_days: null })).status).toBe(422);
    const reset = await api("PATCH", "/settings", { conversation_initiation_client_data_webhook: null });
    expect(reset.json.rag_retention_period_days).toBe(20);
    expect(reset.json.conversation_initiation_client_data_webhook ?? null).toBeNull();
    expect(JSON.stringify(emu.requests())).not.toContain("settings-secret");
    expect(emu.workspace().isEmpty()).toBe(true);
  });
});

describe("WhatsApp accounts", () => {
  it("are connected by the control route, then assigned, flagged, unassigned with the agent, and disconnected", async () => {
    const seeded = await call(emu, "POST", "/../../_emulator/whatsapp-accounts", {
      phone_number_id: "wa_123",
      phone_number: "+14155550123",
    });
    expect(seeded.status).toBe(200);
    expect(seeded.json).toMatchObject({ phone_number_id: "wa_123", assigned_agent_id: null });
    const agentId = (await api("POST", "/agents/create", { name: "Chat", conversation_config: {} })).json
      .agent_id;
    expect(
      (await api("PATCH", "/whatsapp-accounts/wa_123", { assigned_agent_id: "agent_nope" })).status,
    ).toBe(404);
    const patched = await checked(
      "PATCH",
      "PATCH /whatsapp-accounts/{phone_number_id}",
      "/whatsapp-accounts/wa_123",
      {
        assigned_agent_id: agentId,
        enable_typing_indicator: false,
      },
    );
    expect(patched.json).toMatchObject({
      assigned_agent_id: agentId,
      assigned_agent_name: "Chat",
      enable_typing_indicator: false,
    });
    const got = await checked("GET", "GET /whatsapp-accounts/{phone_number_id}", "/whatsapp-accounts/wa_123");
    expect(got.json).toMatchObject({ enable_messaging: true, account_type: "cloud_api" });
    const listed = await checked("GET", "GET /whatsapp-accounts", `/whatsapp-accounts?agent_id=${agentId}`);
    expect(listed.json.items).toHaveLength(1);
    await api("DELETE", `/agents/${agentId}`);
    expect((await api("GET", "/whatsapp-accounts/wa_123")).json.assigned_agent_id).toBeNull();
    expect(emu.workspace().isEmpty()).toBe(true);
    expect((await api("DELETE", "/whatsapp-accounts/wa_123")).status).toBe(204);
    expect((await api("GET", "/whatsapp-accounts/wa_123")).status).toBe(404);
    const bad = await call(emu, "POST", "/../../_emulator/whatsapp-accounts", { phone_number: "+1" });
    expect(bad.status).toBe(422);
    expect(
      emu.workspace(DEFAULT_API_KEY).seedWhatsAppAccount({ phone_number_id: "wa_9", phone_number: "+1" })
        .business_account_id,
    ).toMatch(/^waba_/);
  });
});

describe("knowledge-base folders and RAG indexes", () => {
  it("makes folders, documents in them, moves entries, and refuses to delete a folder that holds any", async () => {
    const outer = await checked("POST", "POST /knowledge-base/folder", "/knowledge-base/folder", {
      name: "Policies",
    });
    const inner = await api("POST", "/knowledge-base/folder", {
      name: "Refunds",
      parent_folder_id: outer.json.id,
    });
    expect(inner.json.folder_path).toEqual([{ id: outer.json.id }]);
    const doc = await api("POST", "/knowledge-base/text", {
      text: "30 days.",
      name: "Refund policy",
      parent_folder_id: inner.json.id,
    });
    const got = await checked(
      "GET",
      "GET /knowledge-base/{documentation_id}",
      `/knowledge-base/${doc.json.id}`,
    );
    expect(got.json).toMatchObject({
      folder_parent_id: inner.json.id,
      folder_path: [{ id: outer.json.id }, { id: inner.json.id }],
    });
    const folder = await checked(
      "GET",
      "GET /knowledge-base/{documentation_id}",
      `/knowledge-base/${inner.json.id}`,
    );
    expect(folder.json).toMatchObject({ type: "folder", children_count: 1, document_count: 1 });
    const inside = await checked(
      "GET",
      "GET /knowledge-base",
      `/knowledge-base?parent_folder_id=${inner.json.id}`,
    );
    expect(inside.json.documents.map((d: { id: string }) => d.id)).toEqual([doc.json.id]);
    expect(
      (await api("POST", "/knowledge-base/text", { text: "x", parent_folder_id: "folder_nope" })).status,
    ).toBe(422);
    expect(
      (await api("POST", `/knowledge-base/${outer.json.id}/move`, { move_to: inner.json.id })).status,
    ).toBe(422);
    expect((await api("DELETE", `/knowledge-base/${inner.json.id}`)).status).toBe(409);
    expect((await api("POST", `/knowledge-base/${doc.json.id}/move`, { move_to: null })).status).toBe(200);
    expect((await api("GET", `/knowledge-base/${doc.json.id}`)).json.folder_parent_id).toBeNull();
    expect((await api("PATCH", `/knowledge-base/${inner.json.id}`, { name: "Returns" })).json.name).toBe(
      "Returns",
    );
    expect((await api("DELETE", `/knowledge-base/${inner.json.id}`)).status).toBe(204);
  });

  it("builds an index read by read, one per model, and deletes it", async () => {
    const doc = (await api("POST", "/knowledge-base/text", { text: "Opening hours: 9 to 5.", name: "Hours" }))
      .json.id;
    const route = "POST /knowledge-base/{documentation_id}/rag-index";
    const made = await checked("POST", route, `/knowledge-base/${doc}/rag-index`, {
      model: "e5_mistral_7b_instruct",
    });
    expect(made.json).toMatchObject({ status: "created", progress_percentage: 0 });
    const list = "GET /knowledge-base/{documentation_id}/rag-index";
    expect((await checked("GET", list, `/knowledge-base/${doc}/rag-index`)).json.indexes[0]).toMatchObject({
      status: "processing",
      progress_percentage: 50,
    });
    expect((await api("GET", `/knowledge-base/${doc}/rag-index`)).json.indexes[0].status).toBe("succeeded");
    const other = await api("POST", `/knowledge-base/${doc}/rag-index`, {
      model: "multilingual_e5_large_instruct",
    });
    expect((await api("GET", `/knowledge-base/${doc}/rag-index`)).json.indexes).toHaveLength(2);
    const gone = await checked(
      "DELETE",
      "DELETE /knowledge-base/{documentation_id}/rag-index/{rag_index_id}",
      `/knowledge-base/${doc}/rag-index/${other.json.id}`,
    );
    expect(gone.json.model).toBe("multilingual_e5_large_instruct");
    const folder = (await api("POST", "/knowledge-base/folder", { name: "F" })).json.id;
    expect(
      (await api("POST", `/knowledge-base/${folder}/rag-index`, { model: "e5_mistral_7b_instruct" })).status,
    ).toBe(400);
  });
});

describe("fields the description does not list", () => {
  let open: Emulator;
  beforeAll(async () => {
    open = await startEmulator({ acceptUnknownFields: true });
  });
  afterAll(async () => {
    await open.close();
  });

  it("are refused by default, and stored and answered with acceptUnknownFields", async () => {
    const body = {
      name: "Newer",
      conversation_config: { agent: { prompt: { prompt: "Hi", enable_parallel_tool_calls: true } } },
      platform_settings: { ban: { at_unix: 0 } },
    };
    const refused = await api("POST", "/agents/create", body);
    expect(refused.status).toBe(422);
    expect(refused.json.detail.map((i: { type: string }) => i.type)).toEqual([
      "extra_forbidden",
      "extra_forbidden",
    ]);
    const openApi = client(open);
    const made = await openApi("POST", "/agents/create", body);
    expect(made.status).toBe(200);
    const id = made.json.agent_id as string;
    await openApi("PATCH", `/agents/${id}`, { conversation_config: { tts: { audio_filter: "warm" } } });
    const agent = (await openApi("GET", `/agents/${id}`)).json;
    expect(agent.conversation_config.agent.prompt.enable_parallel_tool_calls).toBe(true);
    expect(agent.conversation_config.tts.audio_filter).toBe("warm");
    expect(agent.platform_settings.ban).toEqual({ at_unix: 0 });
  });
});
