/**
 * The live dialect's decisions, as explicit tables. Everything else is derived from the description
 * (`emulator/spec/elevenlabs-convai-openapi.json` + `emulator/spec/rules.json`, dialect `live`).
 * Each table entry is checked against the description at generation time: an entry that matches
 * nothing fails the generation instead of silently doing nothing.
 */
import type { DialectConfig } from "./ir";

export const liveDialect: DialectConfig = {
  dialect: "live",
  roots: [
    {
      name: "AgentArgs",
      schema: "Body_Create_Agent_v1_convai_agents_create_post",
      prefix: "Agent",
      path: "",
      // The service names agents it is given no name for; a declared agent needs a name to be found.
      require: ["name"],
      description: "A conversational agent on the ElevenLabs Agents Platform.",
    },
    {
      name: "ToolConfig",
      schema: "ToolRequestModel",
      property: "tool_config",
      id: "ToolConfig",
      prefix: "Tool",
      path: "tool_config",
      description: "A tool agents can call.",
    },
    {
      // An agent test that judges the agent's next reply (`type: "llm"`); the AgentTest resource
      // merges its properties with the tool-call test's.
      name: "AgentResponseTestArgs",
      schema: "CreateResponseUnitTestRequest",
      prefix: "AgentTest",
      path: "",
      require: ["type"],
      description: "A test of an agent's next reply: a conversation so far, and what a good reply says.",
    },
    {
      name: "AgentToolCallTestArgs",
      schema: "CreateToolCallUnitTestRequest",
      prefix: "AgentTest",
      path: "",
      require: ["type"],
      description: "A test of an agent's next tool call: a conversation so far, and the call it should make.",
    },
    {
      name: "SecretArgs",
      schema: "PostWorkspaceSecretRequest",
      prefix: "Secret",
      path: "",
      // `type: "new"` says "create"; programs never write it, the converter sends it.
      fixed: { type: "new" },
      description: "A workspace secret that tools and custom LLMs refer to by id.",
    },
    {
      name: "McpServerArgs",
      schema: "MCPServerConfig-Input",
      prefix: "McpServer",
      path: "config",
      // The service hashes each approved tool itself: programs declare approvals by tool
      // (`toolApprovals`, provider/resources/mcpServer.ts), sent through the approvals route.
      omit: ["tool_approval_hashes"],
      secondary: true,
      description:
        "An MCP server agents can use: where it is, how to call it, and which of its tools need approval.",
    },
    {
      name: "WorkspaceSettingsArgs",
      schema: "PatchConvAISettingsRequest",
      prefix: "WorkspaceSettings",
      path: "",
      secondary: true,
      description: "The workspace's Agents Platform settings: webhooks, retention and MCP servers.",
    },
    {
      name: "WhatsAppAccountArgs",
      schema: "UpdateWhatsAppAccountRequest",
      prefix: "WhatsAppAccount",
      path: "",
      secondary: true,
      description:
        "What a connected WhatsApp account does: the agent that answers it and its messaging flags.",
    },
  ],

  // Readable ids for the types users meet most; the new agent types reuse the ids of the
  // hand-written schema they replace where the meaning is the same.
  ids: {
    "ConversationalConfigAPIModel-Input": "AgentConversationConfig",
    "AgentConfigAPIModel-Input": "AgentBehaviour",
    "PromptAgentAPIModel-Input": "AgentPrompt",
    "TTSConversationalConfig-Input": "AgentTts",
    ASRConversationalConfig: "AgentAsr",
    TurnConfig: "AgentTurn",
    VADConfig: "AgentVad",
    "ConversationConfig-Input": "AgentConversation",
    "LanguagePreset-Input": "AgentLanguagePreset",
    AgentPlatformSettingsRequestModel: "AgentPlatformSettings",
    AuthSettings: "AgentAuth",
    "WidgetConfig-Input": "AgentWidget",
    AgentWorkflowRequestModel: "AgentWorkflow",
    "WebhookToolConfig-Input": "ToolWebhook",
    "ClientToolConfig-Input": "ToolClient",
    // A system tool as a tool's configuration (`type` picks it) and as an agent's built-in tool
    // (where `type` may be left out: see unions.ts).
    "SystemToolConfig-Input@type": "ToolSystem",
    "SystemToolConfig-Input": "AgentBuiltInTool",
    "MCPToolConfig-Input": "ToolMcp",
    "WebhookToolApiSchemaConfig-Input": "ToolWebhookApiSchema",
    "ConversationInitiationClientDataConfig-Input": "AgentOverrides",
    "EvaluationSettings-Input": "AgentEvaluation",
    "PrivacyConfig-Input": "AgentPrivacy",
    "GuardrailsV1-Input": "AgentGuardrails",
    "ASTLLMNode-Input": "AgentAstLlmNode",
    "PromptAgentAPIModelOverride-Input": "AgentPromptOverride",
    PromptAgentAPIModelOverrideConfig: "AgentPromptOverrideConfig",
    "PromptAgentAPIModelWorkflowOverride-Input": "AgentPromptWorkflowOverride",
    CustomLLMAPIType: "AgentCustomLlmApiType",
    ConvAIWebhooks: "AgentWebhooks",
    MCPServerTransport: "McpServerTransport",
    "MCPToolConfigOverride-Input": "McpServerToolConfigOverride",
    // A secret as the service stores it (encrypted); programs refer to a `Secret` instead.
    ConvAIUserSecretDBModel: "McpServerEncryptedSecret",
    // Shared by tools and agents: no resource prefix.
    DynamicVariablesConfig: "DynamicVariables",
    ConvAISecretLocator: "SecretLocator",
    ConvAIEnvVarLocator: "EnvVarLocator",
    ConvAIDynamicVariable: "DynamicVariableReference",
    // Agent tests (the AgentTest resource).
    "ConversationHistoryTranscriptCommonModel-Input": "AgentTestMessage",
    "ConversationHistoryTranscriptToolCallCommonModel-Input": "AgentTestToolCall",
    ConversationHistoryTranscriptOtherToolsResultCommonModel: "AgentTestToolResult",
    AgentSuccessfulResponseExample: "AgentTestSuccessExample",
    AgentFailureResponseExample: "AgentTestFailureExample",
    "UnitTestToolCallEvaluationModel-Input": "AgentTestToolCallExpectation",
    UnitTestToolCallParameter: "AgentTestToolCallParameter",
    ReferencedToolCommonModel: "AgentTestReferencedTool",
    "TestFromConversationMetadata-Input": "AgentTestFromConversation",
    ExactParameterEvaluationStrategy: "AgentTestParameterExact",
    RegexParameterEvaluationStrategy: "AgentTestParameterRegex",
    LLMParameterEvaluationStrategy: "AgentTestParameterLlm",
    MatchAnythingParameterEvaluationStrategy: "AgentTestParameterAnything",
  },

  // Types and classes the rest of the package defines (hand-written resources, SDK classes).
  reserved: [
    "Agent",
    "AgentArgs",
    "Tool",
    "ToolArgs",
    "Secret",
    "SecretArgs",
    "AgentTest",
    "AgentTestArgs",
    "AgentBranch",
    "AgentBranchArgs",
    "AgentDeployment",
    "AgentDeploymentArgs",
    "AgentDeploymentTraffic",
    "EnvironmentVariable",
    "EnvironmentVariableArgs",
    "KnowledgeDocument",
    "KnowledgeDocumentArgs",
    "PhoneNumber",
    "PhoneNumberArgs",
    "PhoneNumberTwilioConfig",
    "PhoneNumberSipConfig",
    "GetAgentArgs",
    "GetAgentLinkArgs",
    "McpServer",
    "McpServerArgs",
    "WorkspaceSettings",
    "WorkspaceSettingsArgs",
    "WhatsAppAccount",
    "WhatsAppAccountArgs",
    "KnowledgeFolder",
    "KnowledgeFolderArgs",
  ],

  secrets: [
    "PostWorkspaceSecretRequest.value",
    // A token that opens the agent's share link.
    "AuthSettings.shareable_token",
    // Header values may carry credentials in clear (the alternative is a secret locator).
    "WebhookToolApiSchemaConfig-Input.request_headers",
    "ConversationInitiationClientDataWebhook.request_headers",
    "CustomLLM.request_headers",
    "ApiIntegrationWebhookOverrides.request_headers",
    "MCPServerConfig-Input.request_headers",
  ],

  keepNull: [],

  // Enums the SDK 2.73 knows more values of than our description.
  sdkEnums: {
    LLM: "Llm",
    TTSConversationalModel: "TtsConversationalModel",
    TTSModelFamily: "TtsModelFamily",
    ASRProvider: "AsrProvider",
  },
};
