import { describe, expect, it } from "vitest";
import { camelName, idProblems, pascal, prefixed, roundTrips, stem, words } from "./naming";

describe("camelName / roundTrips", () => {
  it.each([
    ["turn_timeout", "turnTimeout", true],
    ["name", "name", true],
    ["color_1", "color1", false],
    ["trueExpression", "trueExpression", false],
    ["x_api_key", "xApiKey", true],
  ])("%s -> %s (naive round trip: %s)", (wire, camel, trips) => {
    expect(camelName(wire)).toBe(camel);
    expect(roundTrips(wire)).toBe(trips);
  });
});

describe("type ids", () => {
  it("splits acronyms into words", () => {
    expect(words("ASRConversationalConfig")).toEqual(["ASR", "Conversational", "Config"]);
    expect(words("ConvAISecretLocator")).toEqual(["Conv", "AI", "Secret", "Locator"]);
    expect(pascal("TTS_model-family")).toBe("TtsModelFamily");
  });
  it("drops noise from schema names", () => {
    expect(stem("PromptAgentAPIModel-Input", true)).toBe("PromptAgent");
    expect(stem("AgentPlatformSettingsRequestModel", true)).toBe("AgentPlatformSettings");
    expect(stem("WorkflowEdgeModel-Input", true)).toBe("WorkflowEdge");
    expect(stem("TurnModel", false)).toBe("TurnModel");
    expect(stem("TransferTypeEnum", false)).toBe("TransferType");
    expect(stem("PydanticPronunciationDictionaryVersionLocator", true)).toBe(
      "PronunciationDictionaryVersionLocator",
    );
  });
  it("prefixes by resource without doubling the resource word", () => {
    expect(prefixed("Agent", "CallLimits")).toBe("AgentCallLimits");
    expect(prefixed("Agent", "AgentCallLimits")).toBe("AgentCallLimits");
    expect(prefixed("Tool", "EndCallToolConfig")).toBe("ToolEndCallConfig");
    expect(prefixed("Agent", "WorkflowOverrideAgentNode")).toBe("AgentWorkflowOverrideAgentNode");
    expect(prefixed("", "Position")).toBe("Position");
  });
  it("reports duplicates, reserved names and `<Id>Args` clashes", () => {
    expect(idProblems(["A", "B"], [])).toEqual([]);
    expect(idProblems(["A", "A"], [])).toEqual(["'A' is used twice"]);
    expect(idProblems(["Agent"], ["Agent"])).toEqual(["'Agent' is reserved"]);
    expect(idProblems(["Tool", "ToolArgs"], [])).toEqual([
      "'ToolArgs' (the SDK input type of 'Tool') is also a type name",
    ]);
    expect(idProblems(["agent"], [])).toEqual(["'agent' is not a PascalCase identifier"]);
  });
});
