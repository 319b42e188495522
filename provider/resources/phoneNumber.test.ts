import { describe, expect, it } from "vitest";
import { BOTH_DIALECTS, failedPaths, useDialect } from "../../test/helpers/dialect";
import { phoneNumber } from "./phoneNumber";

const twilio = {
  provider: "twilio",
  phoneNumber: "+14155550100",
  label: "Support Line",
  twilioConfig: { accountSid: "AC123", authToken: "tok_secret" },
};
const sip = {
  provider: "sip",
  phoneNumber: "+14155550101",
  label: "PBX Line",
  sipConfig: { address: "sip.provider.com", transport: "tls", username: "user", password: "pw" },
};

describe.each(BOTH_DIALECTS)("PhoneNumber check (%s)", (dialect) => {
  useDialect(dialect);

  it.each([
    ["twilio", twilio],
    ["sip", sip],
  ])("accepts a %s number", async (_, news) => {
    expect((await phoneNumber.handler.check({}, news)).failures).toBeUndefined();
  });

  it.each([
    ["a number not in E.164", { ...twilio, phoneNumber: "555-0100" }, ["phoneNumber"]],
    ["an unknown provider", { ...twilio, provider: "vonage" }, ["provider"]],
    [
      "twilio without twilioConfig",
      { provider: "twilio", phoneNumber: "+14155550100", label: "L" },
      ["twilioConfig"],
    ],
    ["twilio with sipConfig", { ...twilio, sipConfig: sip.sipConfig }, ["sipConfig"]],
    [
      "sip with twilioConfig instead",
      { ...sip, sipConfig: undefined, twilioConfig: twilio.twilioConfig },
      ["sipConfig", "twilioConfig"],
    ],
    [
      "a bad transport",
      { ...sip, sipConfig: { ...sip.sipConfig, transport: "sctp" } },
      ["sipConfig.transport"],
    ],
    ["an empty label", { ...twilio, label: "" }, ["label"]],
  ])("rejects %s, naming the field", async (_, news, properties) => {
    const r = await phoneNumber.handler.check({}, news);
    expect(failedPaths(r.failures)).toEqual(properties);
  });

  it.each([
    ["a credential", { ...twilio, twilioConfig: { accountSid: 5, authToken: "tok_secret" } }],
    ["sipConfig on a Twilio number", { ...twilio, sipConfig: sip.sipConfig }],
    ["twilioConfig as a string", { ...twilio, twilioConfig: "tok_secret" }],
  ])("never names a secret property for the engine to print (%s)", async (_, news) => {
    const r = await phoneNumber.handler.check({}, news);
    expect(r.failures?.length).toBeGreaterThan(0);
    expect(JSON.stringify(r.failures)).not.toMatch(/tok_secret|"pw"/);
    for (const f of r.failures ?? []) expect(["twilioConfig", "sipConfig"]).not.toContain(f.property);
  });

  it("rejects an unknown property, saying which one was meant", async () => {
    const r = await phoneNumber.handler.check({}, { ...twilio, assignedAgent: "agent_1" });
    expect(failedPaths(r.failures)).toEqual(["assignedAgent"]);
    // Named in the text only: the engine would print the value of a named property, secret or not.
    expect(r.failures?.[0]?.property).toBe("");
  });
});

describe("PhoneNumber check, per dialect", () => {
  describe("live", () => {
    useDialect("live");
    it("accepts the `auto` transport and wants a username with a password", async () => {
      const auto = { ...sip, sipConfig: { address: "sip.provider.com", transport: "auto" } };
      expect((await phoneNumber.handler.check({}, auto)).failures).toBeUndefined();
      const r = await phoneNumber.handler.check(
        {},
        { ...sip, sipConfig: { ...auto.sipConfig, password: "pw" } },
      );
      expect(failedPaths(r.failures)).toEqual(["sipConfig.username"]);
    });
  });
  describe("legacy", () => {
    useDialect("legacy");
    it("refuses `auto`, saying the live dialect has it", async () => {
      const r = await phoneNumber.handler.check(
        {},
        { ...sip, sipConfig: { ...sip.sipConfig, transport: "auto" } },
      );
      expect(failedPaths(r.failures)).toEqual(["sipConfig.transport"]);
      expect(r.failures?.[0]?.reason).toContain("the live API dialect would accept it");
    });
  });
});

describe("PhoneNumber diff (legacy)", () => {
  useDialect("legacy");
  const olds = { ...twilio, agentId: "agent_1", phoneNumberId: "ph_1", assignedAgentId: "agent_1" };
  it.each([
    ["reassigning the agent", { ...twilio, agentId: "agent_2" }, []],
    ["unassigning the agent", { ...twilio }, []],
    ["relabelling", { ...twilio, agentId: "agent_1", label: "New" }, []],
  ])("%s is in place", async (_, news, replaces) => {
    expect(await phoneNumber.handler.diff("ph_1", olds, news)).toEqual({
      changes: true,
      replaces,
      deleteBeforeReplace: false,
    });
  });
  it.each([
    ["the number", { phoneNumber: "+14155550199" }, ["phoneNumber"]],
    ["the credentials", { twilioConfig: { accountSid: "AC123", authToken: "rotated" } }, ["twilioConfig"]],
  ])("changing %s replaces, deleting the old number first", async (_, change, replaces) => {
    const d = await phoneNumber.handler.diff("ph_1", olds, { ...twilio, agentId: "agent_1", ...change });
    expect(d).toEqual({ changes: true, replaces, deleteBeforeReplace: true });
  });
  it("no change", async () => {
    expect((await phoneNumber.handler.diff("ph_1", olds, { ...twilio, agentId: "agent_1" })).changes).toBe(
      false,
    );
  });
  it("an adopted number (import option still set) is no change, and cannot be replaced", async () => {
    const adopted = { ...twilio, agentId: "agent_1", importId: "ph_1" };
    expect((await phoneNumber.handler.diff("ph_1", olds, adopted)).changes).toBe(false);
    await expect(
      phoneNumber.handler.diff("ph_1", olds, { ...adopted, phoneNumber: "+14155550199" }),
    ).rejects.toThrow(
      'PhoneNumber ph_1: changing phoneNumber replaces it, but the program still adopts it with `import: "ph_1"`',
    );
  });
  it("importing another id replaces this number with that one", async () => {
    const d = await phoneNumber.handler.diff("ph_1", olds, {
      ...twilio,
      agentId: "agent_1",
      importId: "ph_2",
    });
    expect(d).toEqual({ changes: true, replaces: ["importId"], deleteBeforeReplace: true });
  });
});

describe("PhoneNumber diff (live)", () => {
  useDialect("live");
  const olds = { ...sip, phoneNumberId: "ph_1" };
  it("SIP trunk settings change in place", async () => {
    const news = { ...sip, sipConfig: { ...sip.sipConfig, address: "sip2.provider.com" } };
    expect(await phoneNumber.handler.diff("ph_1", olds, news)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });
  it("Twilio credentials still replace", async () => {
    const twilioOlds = { ...twilio, phoneNumberId: "ph_1" };
    const news = { ...twilio, twilioConfig: { accountSid: "AC123", authToken: "rotated" } };
    expect((await phoneNumber.handler.diff("ph_1", twilioOlds, news)).replaces).toEqual(["twilioConfig"]);
  });
});
