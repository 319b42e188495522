import { describe, expect, it } from "vitest";
import { describeMismatch, mismatchError, mismatches } from "./adopt";

describe("mismatches", () => {
  it.each([
    ["equal declared keys, extra live defaults", { a: 1, b: { c: "x", d: true } }, { b: { c: "x" } }, []],
    ["a changed leaf, by dotted path", { b: { c: "x" } }, { b: { c: "y" } }, ["b.c"]],
    ["a declared key missing live", { b: {} }, { b: { c: "y" } }, ["b.c"]],
    ["arrays compare whole", { tags: ["a", "b"] }, { tags: ["a"] }, ["tags"]],
    ["undefined declarations are ignored", { a: 1 }, { a: 1, b: undefined }, []],
  ])("%s", (_, live, declared, paths) => {
    expect(mismatches(live, declared).map((m) => m.path)).toEqual(paths);
  });
});

describe("mismatch messages", () => {
  it("show both values, quoted like a program", () => {
    expect(describeMismatch({ path: "name", live: "Old", declared: "New" })).toBe(
      'name: "Old" in the account, "New" in the program',
    );
    expect(describeMismatch({ path: "label", live: undefined, declared: "L" })).toBe(
      'label: (not set) in the account, "L" in the program',
    );
  });

  it("never show values under a secret path", () => {
    const m = { path: "twilioConfig.accountSid", live: "AC1", declared: "AC2" };
    const text = describeMismatch(m, ["twilioConfig"]);
    expect(text).toBe("twilioConfig.accountSid: (hidden) in the account, (hidden) in the program");
    const err = mismatchError("PhoneNumber", "phone number", "phnum_1", [m], ["twilioConfig"]);
    expect(err.message).not.toContain("AC1");
    expect(err.message).toContain("PhoneNumber: cannot import phnum_1");
    expect(err.message).toContain("remove the `import` option");
  });
});
