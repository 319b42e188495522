import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { client } from "../test/helpers/http";
import { type Emulator, startEmulator } from "./index";

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ rateLimit: 10_000 });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => emu.reset());

const call = client(() => emu);

const twilio = {
  provider: "twilio",
  phone_number: "+14155550100",
  label: "Support line",
  twilio_config: { account_sid: "AC0123456789", auth_token: "twilio-secret-42" },
};
const sip = {
  provider: "sip",
  phone_number: "+442071838750",
  label: "PBX",
  sip_config: {
    address: "sip.example.com",
    transport: "tls",
    username: "pbx-user",
    password: "sip-secret-43",
  },
};

describe("phone numbers: import", () => {
  it("twilio: answers the id; GET shows the account sid and never the token", async () => {
    const r = await call("POST", "/phone-numbers", twilio);
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(["phone_number_id"]);
    expect(r.json.phone_number_id).toMatch(/^phnum_[A-Za-z0-9]{20,}$/);
    const g = await call("GET", `/phone-numbers/${r.json.phone_number_id}`);
    expect(g.json).toEqual({
      phone_number_id: r.json.phone_number_id,
      phone_number: "+14155550100",
      label: "Support line",
      provider: "twilio",
      assigned_agent: null,
      twilio_config: { account_sid: "AC0123456789" },
    });
    expect(g.text).not.toContain("twilio-secret-42");
  });

  it("sip: GET shows address, transport, username and has_credentials, never the password", async () => {
    const r = await call("POST", "/phone-numbers", sip);
    expect(r.status).toBe(200);
    const g = await call("GET", `/phone-numbers/${r.json.phone_number_id}`);
    expect(g.json.sip_config).toEqual({
      address: "sip.example.com",
      transport: "tls",
      username: "pbx-user",
      has_credentials: true,
    });
    const noCreds = await call("POST", "/phone-numbers", {
      ...sip,
      phone_number: "+442071838751",
      sip_config: { address: "sip.example.com", transport: "udp" },
    });
    const g2 = await call("GET", `/phone-numbers/${noCreds.json.phone_number_id}`);
    expect(g2.json.sip_config).toEqual({
      address: "sip.example.com",
      transport: "udp",
      username: null,
      has_credentials: false,
    });
    const all = await call("GET", "/phone-numbers");
    expect(all.text).not.toContain("sip-secret-43");
    // the store keeps hashes only
    expect(JSON.stringify(emu.workspace().phoneNumbers)).not.toContain("sip-secret-43");
  });

  it("409 phone_number_already_exists for the same number twice in a workspace", async () => {
    expect((await call("POST", "/phone-numbers", twilio)).status).toBe(200);
    const r = await call("POST", "/phone-numbers", { ...sip, phone_number: twilio.phone_number });
    expect(r.status).toBe(409);
    expect(r.json.detail.status).toBe("phone_number_already_exists");
  });

  const bad: [string, Record<string, unknown>, (string | number)[], string][] = [
    [
      "not E.164",
      { ...twilio, phone_number: "4155550100" },
      ["body", "phone_number"],
      "string_pattern_mismatch",
    ],
    [
      "E.164 with a leading zero",
      { ...twilio, phone_number: "+04155550100" },
      ["body", "phone_number"],
      "string_pattern_mismatch",
    ],
    ["unknown provider", { ...twilio, provider: "vonage" }, ["body", "provider"], "enum"],
    [
      // no legacy marker left (provider twilio, no twilio_config): a live body, which lacks sid and token
      "twilio without twilio_config",
      { ...twilio, twilio_config: undefined },
      ["body", "sid"],
      "missing",
    ],
    ["sip without sip_config", { ...sip, sip_config: undefined }, ["body", "sip_config"], "missing"],
    [
      "twilio with sip_config",
      { ...twilio, sip_config: sip.sip_config },
      ["body", "sip_config"],
      "extra_forbidden",
    ],
    [
      "bad transport",
      { ...sip, sip_config: { ...sip.sip_config, transport: "sctp" } },
      ["body", "sip_config", "transport"],
      "enum",
    ],
    [
      "missing auth token",
      { ...twilio, twilio_config: { account_sid: "AC1" } },
      ["body", "twilio_config", "auth_token"],
      "missing",
    ],
    ["unknown field", { ...twilio, region: "us" }, ["body", "region"], "extra_forbidden"],
    ["missing label", { ...twilio, label: undefined }, ["body", "label"], "missing"],
  ];
  it.each(bad)("422: %s", async (_label, body, loc, type) => {
    const r = await call("POST", "/phone-numbers", body);
    expect(r.status).toBe(422);
    expect(r.json.detail).toContainEqual({ loc, msg: expect.any(String), type });
    expect(emu.workspace().counts().phoneNumbers).toBe(0);
  });
});

describe("phone numbers: list, patch, delete", () => {
  it("lists a JSON array newest first", async () => {
    const a = (await call("POST", "/phone-numbers", twilio)).json.phone_number_id;
    const b = (await call("POST", "/phone-numbers", sip)).json.phone_number_id;
    const r = await call("GET", "/phone-numbers");
    expect(Array.isArray(r.json)).toBe(true);
    expect(r.json.map((p: { phone_number_id: string }) => p.phone_number_id)).toEqual([b, a]);
  });

  it("assigns and unassigns an agent, changes the label; the agent lists its numbers", async () => {
    const legacyAgent = { name: "Caller", conversation_config: { turn_detection: { mode: "server_vad" } } };
    const agent = (await call("POST", "/agents/create", legacyAgent)).json.agent_id;
    const num = (await call("POST", "/phone-numbers", twilio)).json.phone_number_id;
    const r = await call("PATCH", `/phone-numbers/${num}`, { agent_id: agent, label: "Renamed" });
    expect(r.status).toBe(200);
    expect(r.json.assigned_agent).toEqual({ agent_id: agent, agent_name: "Caller" });
    expect(r.json.label).toBe("Renamed");
    const a = await call("GET", `/agents/${agent}`);
    expect(a.json.phone_numbers).toEqual([
      { phone_number_id: num, phone_number: twilio.phone_number, label: "Renamed", provider: "twilio" },
    ]);
    const u = await call("PATCH", `/phone-numbers/${num}`, { agent_id: null });
    expect(u.json.assigned_agent).toBeNull();
    expect(u.json.label).toBe("Renamed");
  });

  it("patch errors: unknown agent 404, other fields 422, unknown number 404", async () => {
    const num = (await call("POST", "/phone-numbers", twilio)).json.phone_number_id;
    const r = await call("PATCH", `/phone-numbers/${num}`, { agent_id: "agent_nope" });
    expect(r.status).toBe(404);
    expect(r.json.detail.status).toBe("agent_not_found");
    const x = await call("PATCH", `/phone-numbers/${num}`, { phone_number: "+14155550199" });
    expect(x.status).toBe(422);
    expect(x.json.detail[0]).toMatchObject({ loc: ["body", "phone_number"], type: "extra_forbidden" });
    const m = await call("PATCH", "/phone-numbers/phnum_nope", { label: "x" });
    expect(m.status).toBe(404);
    expect(m.json.detail.status).toBe("phone_number_not_found");
  });

  it("deleting an agent unassigns its numbers (they survive)", async () => {
    const agent = (await call("POST", "/agents/create", { name: "Gone", conversation_config: {} })).json
      .agent_id;
    const num = (await call("POST", "/phone-numbers", twilio)).json.phone_number_id;
    await call("PATCH", `/phone-numbers/${num}`, { agent_id: agent });
    await call("DELETE", `/agents/${agent}`);
    const g = await call("GET", `/phone-numbers/${num}`);
    expect(g.status).toBe(200);
    expect(g.json.assigned_agent).toBeNull();
  });

  it("delete answers 204, then 404", async () => {
    const num = (await call("POST", "/phone-numbers", twilio)).json.phone_number_id;
    const d = await call("DELETE", `/phone-numbers/${num}`);
    expect(d.status).toBe(204);
    expect(d.text).toBe("");
    expect((await call("GET", `/phone-numbers/${num}`)).status).toBe(404);
    expect((await call("DELETE", `/phone-numbers/${num}`)).status).toBe(404);
    expect(emu.workspace().isEmpty()).toBe(true);
    // the number can be imported again once deleted
    expect((await call("POST", "/phone-numbers", twilio)).status).toBe(200);
  });
});
