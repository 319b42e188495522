/**
 * Hand-written descriptions (editor tooltips via schema.json -> sdk/types.ts) of the settings people
 * set most, in our own words. Keys are wire paths from each root (`.` property, `[]` array items,
 * `.*` map values, `(value)` union branch); a key applies to the property wherever its type is
 * used. Every other property gets a generated line (see `describe.ts`). A key that no longer
 * resolves fails the generation.
 */

/** Property descriptions per root name, keyed by wire path. */
export const propertyDocs: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  AgentArgs: {
    name: "Display name of the agent in the ElevenLabs dashboard and in agent lists.",
    tags: "Labels for finding and filtering agents, for example the team or the environment.",
    conversation_config:
      "How conversations with the agent go: what it knows and says, how it listens, speaks and takes turns.",
    platform_settings:
      "Everything around the conversations: access, the web widget, evaluation, data collection, limits, privacy and webhooks.",
    workflow: "A graph of nodes and edges that moves a conversation between sub-agents, tools and transfers.",

    "conversation_config.agent.first_message":
      "What the agent says when a conversation opens. Leave it empty to let the user speak first.",
    "conversation_config.agent.language":
      "Language of the conversation, as a language code such as `en`, `de` or `pt-br`.",
    "conversation_config.agent.dynamic_variables.dynamic_variable_placeholders":
      "Fallback values for `{{name}}` placeholders in prompts and messages, used when a conversation does not supply them. Keys are your variable names and are sent exactly as written.",
    "conversation_config.agent.prompt.prompt":
      "The system prompt: who the agent is, what it should achieve and how it should sound.",
    "conversation_config.agent.prompt.llm": "The language model that writes the agent's replies.",
    "conversation_config.agent.prompt.temperature":
      "Randomness of the replies: 0 gives the most predictable answers, higher values more varied ones.",
    "conversation_config.agent.prompt.max_tokens":
      "Upper bound on the length of one reply, in tokens; -1 leaves the bound to the model.",
    "conversation_config.agent.prompt.tool_ids":
      "Ids of workspace tools (the `Tool` resource) the agent may call during a conversation.",
    "conversation_config.agent.prompt.knowledge_base":
      "Knowledge documents the agent can draw on, each named by its id, name and type.",
    "conversation_config.agent.prompt.knowledge_base[].id":
      "Id of the knowledge document (the `KnowledgeDocument` resource's id).",
    "conversation_config.agent.prompt.knowledge_base[].usage_mode":
      "`prompt` places the whole document in the prompt; `auto` fetches only the passages a turn needs.",
    "conversation_config.agent.prompt.built_in_tools":
      "Tools the platform provides, switched on by giving their settings: ending the call, transfers, language detection and more.",
    "conversation_config.agent.prompt.built_in_tools.end_call":
      "Lets the agent hang up once the conversation has reached its end.",
    "conversation_config.agent.prompt.built_in_tools.transfer_to_agent":
      "Lets the agent hand the conversation over to another agent, under conditions you describe.",
    "conversation_config.agent.prompt.built_in_tools.transfer_to_number":
      "Lets the agent pass a phone call on to a person at a number you list.",
    "conversation_config.agent.prompt.built_in_tools.language_detection":
      "Lets the agent switch language when the user speaks a different one.",
    "conversation_config.agent.prompt.rag":
      "Retrieval settings: how knowledge documents are searched and how much of them reaches the model.",
    "conversation_config.agent.prompt.rag.enabled":
      "Search the knowledge base for passages relevant to each turn instead of sending whole documents.",
    "conversation_config.conversation.max_duration_seconds":
      "Longest a conversation may last, in seconds; the agent ends it when the time is up.",
    "conversation_config.tts.voice_id": "The ElevenLabs voice the agent speaks with.",
    "conversation_config.tts.model_id":
      "Text-to-speech model: faster models start speaking sooner, richer ones sound more natural.",
    "conversation_config.tts.stability":
      "How even the voice stays: higher is steadier, lower is more expressive.",
    "conversation_config.tts.similarity_boost":
      "How closely the generated speech keeps to the original voice.",
    "conversation_config.tts.speed": "Speaking rate; 1 is the voice's normal pace.",
    "conversation_config.tts.optimize_streaming_latency":
      "Trades audio quality for a faster first sound: 0 favours quality, 4 favours speed.",
    "conversation_config.asr.keywords":
      "Words the speech recognizer should expect, such as product or person names, so it transcribes them right.",
    "conversation_config.asr.quality": "Quality tier of the speech recognizer that transcribes the user.",
    "conversation_config.turn.turn_timeout":
      "Seconds of silence from the user after which the agent speaks up again.",
    "conversation_config.turn.silence_end_call_timeout":
      "Seconds of silence after which the call is ended; -1 never ends a call for silence.",
    "conversation_config.turn.turn_eagerness":
      "How soon the agent takes its turn: eager answers at short pauses, patient waits for longer ones.",
    "conversation_config.language_presets":
      "Per-language variants of the agent, keyed by language code (for example `pt-br`, sent exactly as written): a translated first message and the settings that change in that language.",

    "platform_settings.evaluation.criteria":
      "Goals every conversation is judged against once it ends; the verdicts appear in the conversation's analysis.",
    "platform_settings.data_collection":
      "Facts to pull out of every conversation once it ends, keyed by names you choose (sent exactly as written), each with a type and a description of what to look for.",
    "platform_settings.overrides":
      "Which settings a client may replace when it starts a conversation, such as the first message, the language or the voice.",
    "platform_settings.call_limits": "Caps on how many conversations run at once and per day.",
    "platform_settings.call_limits.agent_concurrency_limit":
      "Most conversations at the same time; -1 sets no cap for this agent.",
    "platform_settings.call_limits.daily_limit": "Most conversations per day.",
    "platform_settings.privacy.retention_days":
      "Days conversations are kept before they are deleted; -1 keeps them with no time limit.",
    "platform_settings.privacy.zero_retention_mode":
      "Keep no conversation data at all, neither transcripts nor audio, once a conversation ends.",
    "platform_settings.privacy.record_voice": "Keep a recording of the audio of each conversation.",
    "platform_settings.workspace_overrides.webhooks.post_call_webhook_id":
      "Id of the workspace webhook that receives each conversation's data once it ends.",
    "platform_settings.auth.enable_auth":
      "Make the agent private: starting a conversation then needs a signed URL or an API key.",
    "platform_settings.widget.variant": "The look of the web widget you can embed in a site.",

    "workflow.nodes":
      "The workflow's steps keyed by node id (for example `Node_1`, sent exactly as written): start, end, sub-agent, tool or phone transfer.",
    "workflow.edges":
      "The workflow's edges keyed by edge id (sent exactly as written), each leading from a source node to a target node, optionally under a condition.",
  },
  ToolConfig: {
    "tool_config(webhook).name": "Name the model calls the tool by: letters, digits, `_` and `-`.",
    "tool_config(webhook).description": "Tells the model what the tool does and when to call it.",
    "tool_config(webhook).api_schema.url":
      "The endpoint the tool calls; `{name}` placeholders in it are filled from the path parameters.",
    "tool_config(webhook).api_schema.request_headers":
      "HTTP headers sent with every call, keyed by header name (for example `X-Api-Key`, sent exactly as written). A value is plain text, or a reference to a workspace secret, a dynamic variable or an environment variable.",
  },
  AgentResponseTestArgs: {
    name: "Name of the test in the workspace's test list.",
    type: "`llm`: the test judges the agent's next reply against a success condition.",
    chat_history:
      "The conversation so far, oldest message first; the agent under test writes the next reply. Usually ends with a user message.",
    "chat_history[].role": "Who said it: `user` or `agent`.",
    "chat_history[].message": "What was said.",
    "chat_history[].time_in_call_secs": "When it was said, in seconds from the start of the call.",
    success_condition:
      "What a good reply does, in plain words; the judge compares the agent's reply with it.",
    success_examples: "Up to five replies that pass, to calibrate the judge.",
    "success_examples[].response": "A reply that passes.",
    failure_examples: "Up to five replies that fail, to calibrate the judge.",
    "failure_examples[].response": "A reply that fails.",
    dynamic_variables:
      "Values for the `{{name}}` placeholders of the agent's prompt and messages during the test, keyed by variable name (sent exactly as written).",
    environment:
      "The environment whose environment-variable values (`{{system__env_<label>}}`) the test runs with, e.g. `staging`; the service's default is `production`.",
    parent_folder_id: "Id of the test folder the test is listed in.",
    from_conversation_metadata: "The real conversation the test was made from, when it was.",
    conversation_initiation_source: "The channel the test conversation pretends to come from.",
  },
  AgentToolCallTestArgs: {
    type: "`tool`: the test checks the agent's next tool call.",
    tool_call_parameters:
      "The tool call the agent should make next: which tool, and what its parameters should be.",
    "tool_call_parameters.referenced_tool": "The tool the agent should call, by id and type.",
    "tool_call_parameters.parameters":
      "Expectations on the call's parameters, each naming a parameter by its path and how its value is judged (exact, regex, by an LLM, or anything).",
    "tool_call_parameters.verify_absence": "Pass when the agent does not call the tool.",
    check_any_tool_matches: "Pass when any tool call of the reply matches, not only the first.",
  },
  SecretArgs: {
    name: "Name of the secret in the workspace, as tools and custom LLMs refer to it.",
    value: "The secret's value. Write-only: the API never returns it.",
  },
  McpServerArgs: {
    "config.name": "Name of the server in the workspace and in agents' tool lists.",
    "config.description": "What the server offers, for people reading the dashboard.",
    "config.url":
      "Where the server is: its URL, or a reference to a workspace secret holding it (`{ secretId }`) when the URL carries a key.",
    "config.transport":
      "How the platform talks to the server: Server-Sent Events (`SSE`) or streamable HTTP.",
    "config.approval_policy":
      "Which of the server's tools the agent may call without asking: all, none, or those approved one by one (`toolApprovals`).",
    "config.request_headers":
      "HTTP headers sent with every request to the server, keyed by header name (sent exactly as written). A value is plain text, or a reference to a workspace secret, a dynamic variable or an environment variable.",
    "config.secret_token": "A token the platform sends to the server, as a reference to a workspace secret.",
    "config.tool_config_overrides":
      "How single tools of the server behave (speech before the call, interruptions, execution mode, timeout, input overrides), one entry per tool name.",
    "config.response_timeout_secs": "How long a tool call may take before the agent gives up on it.",
    "config.execution_mode":
      "When the agent speaks relative to a tool call: at once, after the tool answers, or without waiting for it.",
  },
  WorkspaceSettingsArgs: {
    conversation_initiation_client_data_webhook:
      "A webhook the platform calls when a conversation starts, to fetch dynamic variables and overrides for it.",
    webhooks: "What the workspace's post-call webhook receives: which events, and the transcript's format.",
    can_use_mcp_servers: "Whether the workspace's agents may use MCP servers.",
    rag_retention_period_days: "How many days RAG data of conversations is kept.",
    conversation_embedding_retention_days: "How many days conversation embeddings are kept.",
    default_livekit_stack: "The LiveKit stack new conversations run on.",
  },
  WhatsAppAccountArgs: {
    assigned_agent_id: "The agent that answers the account's messages and calls; absent: none.",
    enable_messaging: "Whether the agent answers text messages.",
    enable_audio_message_response: "Whether the agent answers voice messages with voice.",
    enable_typing_indicator: "Whether WhatsApp shows the agent typing while it prepares an answer.",
  },
};

/** Type descriptions by type id. */
export const typeDocs: Readonly<Record<string, string>> = {
  AgentConversationConfig:
    "Conversation settings: behaviour, speech recognition, voice, turn taking and languages.",
  AgentBehaviour: "What the agent knows and says: prompt, model, tools, first message and language.",
  AgentPrompt: "The agent's prompt and model: system prompt, LLM, tools and knowledge.",
  AgentTts: "How the agent sounds: voice, model and delivery.",
  AgentAsr: "How the user's speech is transcribed.",
  AgentTurn: "Turn taking: when the agent speaks, waits and ends a silent call.",
  AgentLanguagePreset: "The settings of the agent in one language.",
  AgentKnowledgeBaseLocator: "A knowledge document the agent uses.",
  AgentBuiltInTools: "The platform's own tools the agent may use.",
  AgentPlatformSettings: "Settings around the conversations: access, widget, analysis, limits, privacy.",
  AgentAuth: "Who may start a conversation with the agent.",
  AgentWidget: "The web widget that embeds the agent in a site.",
  AgentCallLimits: "Caps on the number of conversations.",
  AgentPrivacy: "What is kept of conversations, and for how long.",
  AgentEvaluation: "How finished conversations are judged.",
  AgentOverrides: "What a client may change when it starts a conversation.",
  AgentWorkflow: "A graph of steps a conversation moves through.",
  DynamicVariables: "Placeholders (`{{name}}`) and the values they take when a conversation gives none.",
  SecretLocator: "A reference to a workspace secret (the `Secret` resource), by id.",
  ToolConfig:
    "What a tool is and does: a webhook the platform calls, a client-side action, a system tool or an MCP tool.",
  ToolWebhook: "A tool the platform runs by calling an HTTP endpoint.",
  ToolClient: "A tool the client application runs (for example in the browser).",
  ToolSystem: "One of the platform's built-in tools, such as ending the call or transferring it.",
  AgentBuiltInTool:
    "One of the platform's built-in tools, such as ending the call or transferring it; `type` may be left out (it is always `system`).",
  ToolMcp: "A tool served by an MCP server.",
  ToolWebhookApiSchema: "The HTTP call a webhook tool makes.",
  AgentTestMessage: "One message of a test's conversation: who said what, and when.",
  AgentTestToolCall: "A tool call made in a test's conversation.",
  AgentTestSuccessExample: "A reply that passes the test.",
  AgentTestFailureExample: "A reply that fails the test.",
  AgentTestToolCallExpectation: "The tool call a tool-call test expects.",
  AgentTestToolCallParameter: "An expectation on one parameter of the expected tool call.",
  AgentTestReferencedTool: "A tool, by id and type.",
};

/** Live texts the legacy dialect shares word for word: same wire path, same meaning, same values. */
const SHARED_WITH_LEGACY = [
  "name",
  "tags",
  "conversation_config",
  "conversation_config.agent.first_message",
  "conversation_config.agent.prompt.prompt",
  "conversation_config.agent.prompt.llm",
  "conversation_config.agent.prompt.temperature",
  "conversation_config.agent.prompt.max_tokens",
  "conversation_config.agent.prompt.knowledge_base",
  "conversation_config.agent.prompt.knowledge_base[].id",
  "conversation_config.agent.prompt.knowledge_base[].usage_mode",
  "conversation_config.conversation.max_duration_seconds",
  "conversation_config.tts.voice_id",
  "conversation_config.tts.model_id",
  "conversation_config.tts.stability",
  "conversation_config.tts.similarity_boost",
  "conversation_config.tts.speed",
  "conversation_config.tts.optimize_streaming_latency",
  "conversation_config.turn.turn_timeout",
  "platform_settings.auth.enable_auth",
  "platform_settings.widget.variant",
] as const;

function liveText(path: (typeof SHARED_WITH_LEGACY)[number]): string {
  const text = propertyDocs.AgentArgs?.[path];
  if (text === undefined) throw new Error(`docs: no live text for '${path}'`);
  return text;
}

/** The legacy dialect's property descriptions: the shared live texts, and its own. */
export const legacyPropertyDocs: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  AgentArgs: {
    ...Object.fromEntries(SHARED_WITH_LEGACY.map((p) => [p, liveText(p)])),
    platform_settings: "Access to the agent and its web widget.",
    "conversation_config.agent.language":
      "Language of the conversation, as a language code such as `en`, `de` or `ja`.",
    "conversation_config.agent.prompt.tool_ids":
      "Ids of workspace tools the agent may call during a conversation.",
    "conversation_config.stt": "How the user's speech is transcribed.",
    "conversation_config.stt.model": "The speech-to-text model that transcribes the user.",
    "conversation_config.turn_detection": "How the end of the user's turn is detected.",
    "conversation_config.turn_detection.mode":
      "How the end of the user's turn is detected: by the service's voice activity detection (`server_vad`) or turn by turn (`turn_based`).",
  },
};

/** The legacy dialect's type descriptions, by type id. */
export const legacyTypeDocs: Readonly<Record<string, string>> = {
  LegacyAgentConversationConfig: "Conversation settings: behaviour, voice, transcription and turn taking.",
  LegacyAgentStt: "How the user's speech is transcribed.",
  LegacyAgentTurnDetection: "How the end of the user's turn is detected.",
  LegacyAgentPlatformSettings: "Settings around the conversations: access and the web widget.",
};
