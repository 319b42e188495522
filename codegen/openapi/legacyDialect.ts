/**
 * The legacy dialect's decisions, as explicit tables: the same pipeline as the live dialect
 * (`liveDialect.ts`), run over `emulator/spec/legacy-openapi.json` + `emulator/spec/rules.json`
 * (dialect `legacy`). Every entry is checked against the description at generation time.
 *
 * Ids: `Legacy` + the id of the live type at the same wire path, so a legacy id never equals a live
 * one (both end up in one package: `generate.ts` checks the two sets are disjoint) and a reader
 * sees which live type a legacy type corresponds to.
 */
import type { DialectConfig } from "./ir";
import { liveDialect } from "./liveDialect";

export const legacyDialect: DialectConfig = {
  dialect: "legacy",
  roots: [
    {
      name: "AgentArgs",
      schema: "LegacyCreateAgentRequest",
      prefix: "Legacy",
      path: "",
      // As in the live dialect: a declared agent needs a name to be found (the description's
      // `required` already has it; stated again so both dialects say it in one place each).
      require: ["name"],
      description: "A conversational agent on the ElevenLabs Agents Platform (legacy dialect).",
    },
  ],

  ids: {
    "LegacyConversationConfig-Input": "LegacyAgentConversationConfig",
    "LegacyAgentBehaviour-Input": "LegacyAgentBehaviour",
    "LegacyPrompt-Input": "LegacyAgentPrompt",
    LegacyKnowledgeBaseRef: "LegacyAgentKnowledgeBaseLocator",
    "LegacyTts-Input": "LegacyAgentTts",
    "LegacyTts-Input.agent_output_audio_format": "LegacyAgentTtsOutputFormat",
    "LegacyStt-Input": "LegacyAgentStt",
    "LegacyTurnDetection-Input": "LegacyAgentTurnDetection",
    "LegacyTurn-Input": "LegacyAgentTurn",
    "LegacyConversation-Input": "LegacyAgentConversation",
    "LegacyPlatformSettings-Input": "LegacyAgentPlatformSettings",
    "LegacyPlatformSettings-Input.auth": "LegacyAgentAuth",
    "LegacyPlatformSettings-Input.widget": "LegacyAgentWidget",
    "LegacyPlatformSettings-Input.widget.variant": "LegacyAgentEmbedVariant",
  },

  // The live dialect's reserved names hold here too: both dialects' types live in one package.
  reserved: liveDialect.reserved,

  secrets: [],
  keepNull: [],
  // The legacy description is the seed reference; the SDK speaks the live API only.
  sdkEnums: {},
};
