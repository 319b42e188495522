// One account, one agent, two environments. The agent's main branch is production; a `staging`
// branch carries the next release, with its own greeting and prompt. What differs per environment
// beyond that (URLs, keys) is an environment variable: prompts say `{{system__env_<label>}}`, and
// each conversation, test or phone number picks the environment's value. A canary share of the
// production traffic can go to the staging branch before it is promoted.
//
// Promoting staging is a code change: copy its settings into the main branch's (here: the
// firstMessage and prompt config keys) and deploy. CI runs the agent's tests against the staging
// branch first (elevenlabs-test --branch), so a failing change never reaches the main branch:
// see .github/workflows/deploy.yml. The other way (a stack per account): ../index.ts.
import * as pulumi from "@pulumi/pulumi";
import * as elevenlabs from "pulumi-elevenlabs";

const cfg = new pulumi.Config();

// Values per environment. Declared before the agent, which refers to them by label.
const docsUrl = new elevenlabs.EnvironmentVariable("docs-url", {
  label: "docs_url",
  type: "string",
  values: { production: "https://docs.example.com/faq", staging: "https://staging.docs.example.com/faq" },
});

// The release gate: a response test attached to the agent and to the staging branch.
const offersHelp = new elevenlabs.AgentTest("offers-help", {
  type: "llm",
  name: "Greets and offers help",
  chatHistory: [{ role: "user", message: "Hello?", timeInCallSecs: 0 }],
  successCondition: 'The agent greets the caller and offers "help".',
  failureExamples: [{ response: "Go away.", type: "failure" }],
});
const testing = { attachedTests: [{ testId: offersHelp.id }] };

const agent = new elevenlabs.Agent("support", {
  name: cfg.require("agentName"),
  versioning: true,
  conversationConfig: {
    agent: {
      firstMessage: cfg.require("firstMessage"),
      language: "en",
      prompt: { prompt: pulumi.interpolate`${cfg.require("prompt")} Answer from ${docsUrl.placeholder}.` },
    },
  },
  platformSettings: { testing },
});

const staging = new elevenlabs.AgentBranch("staging", {
  agentId: agent.agentId,
  name: "staging",
  description: "The next release, tested before it reaches production",
  conversationConfig: {
    agent: {
      firstMessage: cfg.require("stagingFirstMessage"),
      prompt: {
        prompt: pulumi.interpolate`${cfg.require("stagingPrompt")} Answer from ${docsUrl.placeholder}.`,
      },
    },
  },
  platformSettings: { testing },
});

// All production traffic on main, or a canary share on staging.
const canary = cfg.getNumber("canaryPercentage") ?? 0;
new elevenlabs.AgentDeployment("traffic", {
  agentId: agent.agentId,
  traffic:
    canary > 0
      ? [
          { branchId: agent.mainBranchId, percentage: 100 - canary },
          { branchId: staging.branchId, percentage: canary },
        ]
      : [{ branchId: agent.mainBranchId, percentage: 100 }],
});

// A test number: always the staging branch, with the staging values.
new elevenlabs.PhoneNumber("staging-line", {
  provider: "twilio",
  phoneNumber: cfg.require("stagingPhoneNumber"),
  label: "Staging line",
  twilioConfig: {
    accountSid: cfg.require("twilioAccountSid"),
    authToken: cfg.requireSecret("twilioAuthToken"),
  },
  agentId: agent.agentId,
  branchId: staging.branchId,
  environment: "staging",
});

export const agentId = agent.agentId;
export const stagingBranchId = staging.branchId;
export const mainBranchId = agent.mainBranchId;
