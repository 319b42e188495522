/** Environment variables: a value per environment, unique labels, no DELETE. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { client } from "../test/helpers/http";
import { DEFAULT_API_KEY, type Emulator, startEmulator, validateAnswer } from "./index";

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ rateLimit: 10_000 });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => emu.reset());

const call = client(() => emu);

describe("environment variables", () => {
  it("create, get, list and PATCH a string variable; answers match the description", async () => {
    const r = await call("POST", "/environment-variables", {
      type: "string",
      label: "crm_url",
      values: { production: "https://crm.example.com", staging: "https://staging.crm.example.com" },
    });
    expect(r.status).toBe(200);
    expect(validateAnswer("POST /environment-variables", 200, r.json, "live")).toEqual([]);
    const id = r.json.id;
    expect(r.json).toMatchObject({ id, label: "crm_url", type: "string" });
    const got = await call("GET", `/environment-variables/${id}`);
    expect(got.json.values).toEqual({
      production: "https://crm.example.com",
      staging: "https://staging.crm.example.com",
    });
    const patched = await call("PATCH", `/environment-variables/${id}`, {
      values: { staging: null, development: "http://localhost:3000" },
    });
    expect(patched.json.values).toEqual({
      production: "https://crm.example.com",
      development: "http://localhost:3000",
    });
    const list = await call("GET", "/environment-variables?label=crm_url");
    expect(list.json.environment_variables.map((v: { id: string }) => v.id)).toEqual([id]);
    expect(validateAnswer("GET /environment-variables", 200, list.json, "live")).toEqual([]);
    expect(
      (await call("GET", "/environment-variables?environment=staging")).json.environment_variables,
    ).toEqual([]);
  });

  it("refuses a second variable with the same label (409), a missing production value, and removing it", async () => {
    const body = { type: "string", label: "x", values: { production: "1" } };
    const id = (await call("POST", "/environment-variables", body)).json.id;
    expect((await call("POST", "/environment-variables", body)).status).toBe(409);
    const noProd = await call("POST", "/environment-variables", {
      ...body,
      label: "y",
      values: { staging: "1" },
    });
    expect(noProd.status).toBe(422);
    expect(noProd.json.detail[0].loc).toEqual(["body", "values", "production"]);
    expect(
      (await call("PATCH", `/environment-variables/${id}`, { values: { production: null } })).status,
    ).toBe(422);
  });

  it("a secret variable's values name workspace secrets (unknown: 422), never values", async () => {
    const secret = (await call("POST", "/secrets", { type: "new", name: "k", value: "v4lue-xyz" })).json
      .secret_id;
    const bad = await call("POST", "/environment-variables", {
      type: "secret",
      label: "crm_key",
      values: { production: { secret_id: "secret_nope" } },
    });
    expect(bad.status).toBe(422);
    const ok = await call("POST", "/environment-variables", {
      type: "secret",
      label: "crm_key",
      values: { production: { secret_id: secret } },
    });
    expect(ok.json.values).toEqual({ production: { secret_id: secret } });
    expect(ok.text).not.toContain("v4lue-xyz");
    // A value of another type is refused.
    expect(
      (await call("PATCH", `/environment-variables/${ok.json.id}`, { values: { staging: "plain" } })).status,
    ).toBe(422);
  });

  it("has no DELETE; the workspace view removes a variable (as the dashboard would)", async () => {
    const id = (
      await call("POST", "/environment-variables", {
        type: "string",
        label: "z",
        values: { production: "1" },
      })
    ).json.id;
    expect((await call("DELETE", `/environment-variables/${id}`)).status).toBe(405);
    const ws = emu.workspace(DEFAULT_API_KEY);
    expect(ws.isEmpty()).toBe(false);
    delete ws.environmentVariables[id];
    expect(ws.isEmpty()).toBe(true);
  });
});
