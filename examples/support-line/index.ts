// A support line: an agent, two knowledge documents (a web page and a local file), a Twilio number
// that the agent answers, and a SIP-trunk number. Secrets come from stack config:
//   pulumi config set --secret twilioAuthToken <token>
//   pulumi config set --secret sipPassword <password>

import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as elevenlabs from "pulumi-elevenlabs";

const cfg = new pulumi.Config();

const agent = new elevenlabs.Agent("support", {
  name: "Support Assistant",
  conversationConfig: {
    agent: {
      prompt: { prompt: "You are a helpful support assistant. Answer from the knowledge base." },
      firstMessage: "Hi! How can I help you today?",
      language: "en",
    },
    tts: { voiceId: "21m00Tcm4TlvDq8ikWAM", stability: 0.5 },
  },
  platformSettings: { auth: { enableAuth: true } },
});

const faq = new elevenlabs.KnowledgeDocument("faq", {
  agentId: agent.agentId,
  name: "FAQ Documentation",
  url: "https://docs.example.com/faq",
});

const manual = new elevenlabs.KnowledgeDocument("manual", {
  agentId: agent.agentId,
  name: "Product Manual",
  filePath: path.join(__dirname, "manual.md"),
});

const line = new elevenlabs.PhoneNumber("support-line", {
  provider: "twilio",
  phoneNumber: cfg.get("supportNumber") ?? "+14155550100",
  label: "Support Line",
  twilioConfig: {
    accountSid: cfg.get("twilioAccountSid") ?? "AC00000000000000000000000000000000",
    authToken: cfg.requireSecret("twilioAuthToken"),
  },
  agentId: agent.agentId,
});

const pbx = new elevenlabs.PhoneNumber("pbx", {
  provider: "sip",
  phoneNumber: cfg.get("pbxNumber") ?? "+14155550101",
  label: "PBX Line",
  sipConfig: {
    address: "sip.provider.com",
    transport: "tls",
    username: "user",
    password: cfg.requireSecret("sipPassword"),
  },
});

export const agentId = agent.agentId;
export const faqDocumentId = faq.documentId;
export const manualDocumentId = manual.documentId;
export const supportLineId = line.phoneNumberId;
export const pbxId = pbx.phoneNumberId;
