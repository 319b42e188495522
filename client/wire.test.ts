import { describe, expect, it } from "vitest";
import { fromWire, objectShape, toWire, VERBATIM } from "./wire";

describe("wire mapping", () => {
  it("maps nested camelCase to snake_case and back", () => {
    const camel = {
      conversationConfig: {
        tts: { voiceId: "v", similarityBoost: 0.7 },
        turnDetection: { mode: "server_vad" },
      },
      tags: ["a_b"],
    };
    const wire = {
      conversation_config: {
        tts: { voice_id: "v", similarity_boost: 0.7 },
        turn_detection: { mode: "server_vad" },
      },
      tags: ["a_b"],
    };
    expect(toWire(camel)).toEqual(wire);
    expect(fromWire(wire)).toEqual(camel);
  });
  it("maps objects inside arrays", () => {
    expect(fromWire({ transcript: [{ time_in_call_secs: 1 }] })).toEqual({
      transcript: [{ timeInCallSecs: 1 }],
    });
  });
  it("passes opaque subtrees through untouched", () => {
    const camel = { agentId: "a", conversationInitiationClientData: { customer_id: "c", someKey: 1 } };
    const shape = objectShape({
      conversationInitiationClientData: ["conversation_initiation_client_data", VERBATIM],
    });
    expect(toWire(camel, shape)).toEqual({
      agent_id: "a",
      conversation_initiation_client_data: { customer_id: "c", someKey: 1 },
    });
  });
});
