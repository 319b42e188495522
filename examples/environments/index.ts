// One program, two environments. Every value that differs between staging and production comes
// from the stack's config file (Pulumi.staging.yaml, Pulumi.production.yaml); the API key is a
// secret set once per stack:
//   pulumi config set --secret elevenlabs:apiKey <key of the staging account> --stack staging
//   pulumi config set --secret elevenlabs:apiKey <key of the production account> --stack production
// See docs/environments.md for the whole walk-through, and .github/workflows/deploy.yml for CI.
// The other way (one account, one agent, a branch per environment): ./one-agent.
import * as pulumi from "@pulumi/pulumi";
import * as elevenlabs from "pulumi-elevenlabs";

const cfg = new pulumi.Config();
const environment = pulumi.getStack(); // "staging" or "production"

// The release gate: CI runs the tests attached to the agent (`elevenlabs-test`) after staging is
// deployed and before production is; a failing test stops the promotion.
const offersHelp = new elevenlabs.AgentTest("offers-help", {
  type: "llm",
  name: "Greets and offers help",
  chatHistory: [{ role: "user", message: "Hello?", timeInCallSecs: 0 }],
  successCondition: 'The agent greets the caller and offers "help".',
  failureExamples: [{ response: "Go away.", type: "failure" }],
});

const agent = new elevenlabs.Agent("support", {
  name: cfg.require("agentName"),
  conversationConfig: {
    agent: {
      prompt: { prompt: cfg.require("prompt") },
      firstMessage: cfg.require("firstMessage"),
      language: "en",
    },
    tts: { voiceId: "21m00Tcm4TlvDq8ikWAM" },
  },
  platformSettings: {
    auth: { enableAuth: cfg.getBoolean("private") ?? false },
    testing: { attachedTests: [{ testId: offersHelp.id }] },
  },
  tags: [environment],
});

const docs = new elevenlabs.KnowledgeDocument("docs", {
  agentId: agent.agentId,
  name: `Support documentation (${environment})`,
  url: cfg.require("docsUrl"),
});

export const agentId = agent.agentId;
export const agentName = agent.name;
export const docsDocumentId = docs.documentId;
export { environment };
