// A production-shaped support agent: a tuned LLM, two tools (an order-lookup webhook whose
// credential is a workspace Secret, and a client-side action), the CRM's MCP server, a knowledge
// base of a web page and a written policy (in a folder, indexed for retrieval), evaluation
// criteria, data collection, a retention policy, and the workspace's post-call webhook settings.
// Live API only (the default dialect). The CRM key is a secret of the stack:
//   pulumi config set --secret crmApiKey <key>
import * as pulumi from "@pulumi/pulumi";
import * as elevenlabs from "pulumi-elevenlabs";

const cfg = new pulumi.Config();

// The credential lives in the workspace's secret store; the tool refers to it by id, so it never
// appears in the tool's configuration.
const crmKey = new elevenlabs.Secret("crm-key", {
  name: "crm-api-key",
  value: cfg.requireSecret("crmApiKey"),
});

const lookupOrder = new elevenlabs.Tool("lookup-order", {
  toolConfig: {
    type: "webhook",
    name: "lookup_order",
    description: "Looks up an order by its number and returns its status and delivery date.",
    responseTimeoutSecs: 10,
    apiSchema: {
      url: "https://crm.example.com/orders/{order_id}",
      method: "GET",
      pathParamsSchema: {
        order_id: { type: "string", description: "The order number the caller gives, e.g. A-10293" },
      },
      requestHeaders: { Authorization: { secretId: crmKey.secretId } },
    },
  },
});

const openTicket = new elevenlabs.Tool("open-ticket", {
  toolConfig: {
    type: "client",
    name: "open_ticket",
    description: "Opens a support ticket in the caller's browser with the conversation's summary.",
    expectsResponse: false,
  },
});

const faq = new elevenlabs.KnowledgeDocument("faq", {
  name: "Shop FAQ",
  url: cfg.get("faqUrl") ?? "https://shop.example.com/faq",
});

// The CRM's MCP server, with the one tool the agent may call without asking.
const crmMcp = new elevenlabs.McpServer("crm-mcp", {
  name: "CRM tools",
  url: "https://mcp.crm.example.com/mcp",
  transport: "STREAMABLE_HTTP",
  requestHeaders: { Authorization: { secretId: crmKey.secretId } },
  approvalPolicy: "require_approval_per_tool",
  toolApprovals: [
    {
      toolName: "lookup_customer",
      toolDescription: "Finds a customer by phone number.",
      approvalPolicy: "auto_approved",
    },
  ],
});

const policies = new elevenlabs.KnowledgeFolder("policies", { name: "Policies" });

const returns = new elevenlabs.KnowledgeDocument("returns", {
  name: "Returns policy",
  parentFolderId: policies.folderId,
  ragIndexModel: "e5_mistral_7b_instruct",
  text: [
    "Items can be returned within 30 days of delivery, unused and in their packaging.",
    "Refunds go to the original payment method within 5 business days of the return arriving.",
  ].join("\n"),
});

const agent = new elevenlabs.Agent("support", {
  name: "Shop Support (production)",
  tags: ["support", "production"],
  conversationConfig: {
    agent: {
      firstMessage: "Hi, this is the shop's support line. How can I help?",
      language: "en",
      prompt: {
        prompt: [
          "You are the support agent of an online shop. Be brief and friendly.",
          "Look orders up with lookup_order before answering questions about them.",
          "Answer policy questions from the knowledge base only; if unsure, open a ticket.",
        ].join("\n"),
        llm: "gpt-4o",
        temperature: 0.3,
        maxTokens: 400,
        toolIds: [lookupOrder.toolId, openTicket.toolId],
        mcpServerIds: [crmMcp.mcpServerId],
        knowledgeBase: [
          { type: "url", name: "Shop FAQ", id: faq.documentId, usageMode: "auto" },
          { type: "text", name: "Returns policy", id: returns.documentId, usageMode: "prompt" },
        ],
      },
    },
    tts: { voiceId: "21m00Tcm4TlvDq8ikWAM", stability: 0.6, similarityBoost: 0.8 },
    turn: { turnTimeout: 8 },
    conversation: { maxDurationSeconds: 900 },
  },
  platformSettings: {
    auth: { enableAuth: true },
    evaluation: {
      criteria: [
        {
          id: "resolved",
          name: "Resolved",
          conversationGoalPrompt: "The caller's question was answered or a ticket was opened.",
        },
      ],
    },
    dataCollection: {
      order_id: { type: "string", description: "The order number the caller asked about, if any" },
      wants_refund: { type: "boolean", description: "Whether the caller asked for a refund" },
    },
    privacy: { retentionDays: 90, recordVoice: false },
  },
});

// What the workspace's post-call webhook receives, and how long RAG data is kept.
new elevenlabs.WorkspaceSettings("workspace", {
  webhooks: { events: ["transcript", "call_initiation_failure"], transcriptFormat: "json" },
  ragRetentionPeriodDays: 20,
});

export const agentId = agent.agentId;
export const toolIds = [lookupOrder.toolId, openTicket.toolId];
export const documentIds = [faq.documentId, returns.documentId];
export const secretId = crmKey.secretId;
