import { describe, expect, it } from "vitest";
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

describe("PhoneNumber check", () => {
  it.each([
    ["twilio", twilio],
    ["sip", sip],
  ])("accepts a %s number", async (_, news) => {
    expect((await phoneNumber.check({}, news)).failures).toBeUndefined();
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
    const r = await phoneNumber.check({}, news);
    expect(r.failures?.map((f) => f.property)).toEqual(properties);
  });

  it("never puts a credential in a failure message", async () => {
    const r = await phoneNumber.check(
      {},
      { ...twilio, twilioConfig: { accountSid: 5, authToken: "tok_secret" } },
    );
    expect(JSON.stringify(r.failures)).not.toContain("tok_secret");
  });
});

describe("PhoneNumber diff", () => {
  const olds = { ...twilio, agentId: "agent_1", phoneNumberId: "ph_1", assignedAgentId: "agent_1" };
  it.each([
    ["reassigning the agent", { ...twilio, agentId: "agent_2" }, []],
    ["unassigning the agent", { ...twilio }, []],
    ["relabelling", { ...twilio, agentId: "agent_1", label: "New" }, []],
  ])("%s is in place", async (_, news, replaces) => {
    expect(await phoneNumber.diff("ph_1", olds, news)).toEqual({
      changes: true,
      replaces,
      deleteBeforeReplace: false,
    });
  });
  it.each([
    ["the number", { phoneNumber: "+14155550199" }, ["phoneNumber"]],
    ["the credentials", { twilioConfig: { accountSid: "AC123", authToken: "rotated" } }, ["twilioConfig"]],
  ])("changing %s replaces, deleting the old number first", async (_, change, replaces) => {
    const d = await phoneNumber.diff("ph_1", olds, { ...twilio, agentId: "agent_1", ...change });
    expect(d).toEqual({ changes: true, replaces, deleteBeforeReplace: true });
  });
  it("no change", async () => {
    expect((await phoneNumber.diff("ph_1", olds, { ...twilio, agentId: "agent_1" })).changes).toBe(false);
  });
  it("an adopted number (import option still set) is no change, and cannot be replaced", async () => {
    const adopted = { ...twilio, agentId: "agent_1", importId: "ph_1" };
    expect((await phoneNumber.diff("ph_1", olds, adopted)).changes).toBe(false);
    await expect(phoneNumber.diff("ph_1", olds, { ...adopted, phoneNumber: "+14155550199" })).rejects.toThrow(
      'PhoneNumber ph_1: changing phoneNumber replaces it, but the program still adopts it with `import: "ph_1"`',
    );
  });
  it("importing another id replaces this number with that one", async () => {
    const d = await phoneNumber.diff("ph_1", olds, { ...twilio, agentId: "agent_1", importId: "ph_2" });
    expect(d).toEqual({ changes: true, replaces: ["importId"], deleteBeforeReplace: true });
  });
});
