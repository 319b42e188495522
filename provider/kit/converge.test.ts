import { describe, expect, it } from "vitest";
import { changedKeys, deepEqual, patchBetween, pendingPaths, project, UNKNOWN } from "./converge";

describe("project", () => {
  const live = {
    name: "A",
    conversationConfig: {
      agent: { prompt: { prompt: "p", llm: "gemini", temperature: 0 }, firstMessage: "", language: "en" },
      tts: { voiceId: "v", stability: 0.5, similarityBoost: 0.8, modelId: "eleven_turbo_v2" },
    },
    tags: ["x"],
  };
  it.each([
    [
      "keeps only declared keys",
      { name: "B", conversationConfig: { tts: { stability: 1 } } },
      { name: "A", conversationConfig: { tts: { stability: 0.5 } } },
    ],
    ["takes arrays whole", { tags: [] }, { tags: ["x"] }],
    ["leaves out declared keys the live object lacks", { platformSettings: { auth: {} } }, {}],
    ["keeps an empty declared object", { conversationConfig: {} }, { conversationConfig: {} }],
    [
      "a key declared null is met by nothing",
      { conversationConfig: { tts: { voiceId: "v", pronunciation: null } } },
      { conversationConfig: { tts: { voiceId: "v", pronunciation: null } } },
    ],
  ])("%s", (_, shape, expected) => {
    expect(project(live, shape)).toEqual(expected);
  });
});

describe("changedKeys", () => {
  const keys = ["name", "conversationConfig", "tags"];
  const olds = { name: "A", conversationConfig: { tts: { stability: 0.5 } } };
  it.each([
    ["no change", olds, []],
    ["changed leaf", { name: "A", conversationConfig: { tts: { stability: 0.6 } } }, ["conversationConfig"]],
    ["added key", { ...olds, tags: ["a"] }, ["tags"]],
    ["removed declared key (strict)", { name: "A", conversationConfig: {} }, ["conversationConfig"]],
    ["unknown value is a change", { name: UNKNOWN, conversationConfig: olds.conversationConfig }, ["name"]],
  ])("%s", (_, news, expected) => {
    expect(changedKeys(olds, news, keys, true)).toEqual(expected);
  });
  it("ignores keys only the live tree has when not strict (adoption)", () => {
    const full = { name: "A", conversationConfig: { tts: { stability: 0.5, speed: 1 } } };
    expect(changedKeys(full, olds, keys, false)).toEqual([]);
    expect(changedKeys(full, olds, keys, true)).toEqual(["conversationConfig"]);
  });
});

describe("patchBetween", () => {
  it.each([
    ["nothing changed", { a: 1, b: { c: 2 } }, { a: 1, b: { c: 2 } }, undefined],
    ["changed leaf only", { a: 1, b: { c: 2, d: 3 } }, { a: 1, b: { c: 5, d: 3 } }, { b: { c: 5 } }],
    ["removed leaf becomes null", { b: { c: 2, d: 3 } }, { b: { c: 2 } }, { b: { d: null } }],
    ["removed subtree is null whole", { b: { c: { e: 1 } }, a: 1 }, { a: 1 }, { b: null }],
    [
      "removed map key ('toString') is null",
      { m: { toString: 1, x: 2 } },
      { m: { x: 2 } },
      { m: { toString: null } },
    ],
    ["arrays replace whole", { t: ["a"] }, { t: ["a", "b"] }, { t: ["a", "b"] }],
    ["added subtree whole", {}, { b: { c: 1 } }, { b: { c: 1 } }],
  ])("%s", (_, olds, news, expected) => {
    expect(patchBetween(olds, news)).toEqual(expected);
  });
});

describe("deepEqual / pendingPaths", () => {
  it("treats undefined members as absent", () => {
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
  });
  it("finds unknowns by path", () => {
    expect(pendingPaths({ a: { b: UNKNOWN }, c: [1, UNKNOWN] })).toEqual(["a.b", "c[1]"]);
  });
});
