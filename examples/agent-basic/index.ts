// A support agent, declared as code. Deploy with `pulumi up` (real CLI) or, in this repository,
// `make demo` (runs this program against the local emulator).
import * as elevenlabs from "pulumi-elevenlabs";

const agent = new elevenlabs.Agent("support", {
  name: "Support Assistant",
  conversationConfig: {
    agent: {
      prompt: { prompt: "You are a helpful support assistant..." },
      firstMessage: "Hi! How can I help you today?",
      language: "en",
    },
    tts: { voiceId: "21m00Tcm4TlvDq8ikWAM" },
  },
});

export const agentId = agent.agentId;
