/**
 * Acceptance test of EnvironmentVariable (live) through the real Pulumi engine against the
 * emulator: a string variable and a secret one (values: ids of Secrets), with request counts;
 * values never in state or output in clear; an in-place edit is one PATCH; refresh shows a change
 * made out of band; a new label makes a new variable; a type change under the same label fails the
 * preview; destroy leaves the variables (the API has no DELETE) naming them, and a later stack
 * adopts what was left; an agent's `{{system__env_<label>}}` that nothing declares warns at preview.
 */
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent, EnvironmentVariable, Secret } from "../sdk";
import { useEmulator } from "./helpers/emulator";
import { TestStack, typeToken } from "./helpers/engine";

describe("EnvironmentVariable through the engine (live)", () => {
  const env = useEmulator({}, "live");
  let stack: TestStack;
  const state = {
    label: "crm_url",
    staging: "https://staging.crm.example.com",
    type: "string" as "string" | "secret",
  };

  const program = async () => {
    const prod = new Secret("crm-key-production", {
      name: "crm_key_production",
      value: pulumi.secret("prod-value-0001"),
    });
    const staging = new Secret("crm-key-staging", {
      name: "crm_key_staging",
      value: pulumi.secret("staging-value-0002"),
    });
    const url = new EnvironmentVariable("crm-url", {
      label: state.label,
      type: state.type,
      values:
        state.type === "string"
          ? { production: "https://crm.example.com", staging: state.staging }
          : { production: prod.secretId },
    });
    const key = new EnvironmentVariable("crm-key", {
      label: "crm_key",
      type: "secret",
      values: { production: prod.secretId, staging: staging.secretId },
    });
    return {
      urlId: url.environmentVariableId,
      keyId: key.environmentVariableId,
      placeholder: url.placeholder,
    };
  };

  const writes = () =>
    env.emu
      .requests()
      .filter((r) => r.method !== "GET")
      .map((r) => r.route);
  const ids = { url: "", key: "" };
  const vars = () => env.emu.workspace(env.apiKey).environmentVariables;

  beforeAll(async () => {
    stack = await TestStack.create(program, env);
  });

  afterAll(async () => {
    await stack?.dispose();
  });

  it("up makes each variable with one POST (after one shared look for an earlier attempt's)", async () => {
    const r = await stack.up({ parallel: 1 });
    expect(r.changes).toEqual({ create: 5 });
    expect(writes().filter((w) => w.includes("environment-variables"))).toEqual([
      "POST /environment-variables",
      "POST /environment-variables",
    ]);
    // One listing of the variables, shared by both creates (read once per provider process).
    expect(env.routes().filter((x) => x === "GET /environment-variables")).toHaveLength(1);
    ids.url = String(r.outputs.urlId);
    ids.key = String(r.outputs.keyId);
    expect(r.outputs.placeholder).toBe("{{system__env_crm_url}}");
    const secrets = Object.values(env.emu.workspace(env.apiKey).secrets);
    const byName = (n: string) => secrets.find((s) => s.name === n)?.secret_id;
    expect(vars()[ids.key]?.values).toEqual({
      production: { secret_id: byName("crm_key_production") },
      staging: { secret_id: byName("crm_key_staging") },
    });
    expect(vars()[ids.url]?.values).toEqual({
      production: "https://crm.example.com",
      staging: state.staging,
    });
  });

  it("values are secrets: never in the state or the engine's output in clear", async () => {
    const saved = await stack.exportState();
    expect(saved).not.toContain(state.staging);
    expect(saved).not.toContain("https://crm.example.com");
    expect(stack.output.join("")).not.toContain(state.staging);
  });

  it("a second preview and a refresh show no changes and write nothing (one GET per variable)", async () => {
    env.emu.clearRequests();
    expect((await stack.preview()).changes).toEqual({});
    expect((await stack.refresh()).changes).toEqual({});
    expect(writes()).toEqual([]);
    expect(env.routes().filter((r) => r === "GET /environment-variables/{env_var_id}")).toHaveLength(2);
  });

  it("editing a value is one PATCH that sends only that environment", async () => {
    env.emu.clearRequests();
    state.staging = "https://staging-2.crm.example.com";
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(writes()).toEqual(["PATCH /environment-variables/{env_var_id}"]);
    expect(env.emu.requests().find((r) => r.method === "PATCH")?.body).toEqual({
      values: { staging: state.staging },
    });
    expect((await stack.preview()).changes).toEqual({});
  });

  it("refresh shows a value changed out of band, and up puts it back with one PATCH", async () => {
    const stored = vars()[ids.url];
    if (!stored) throw new Error("the variable is gone");
    stored.values.staging = "https://hand-edited.example.com";
    stored.values.development = "http://localhost:3000";
    expect((await stack.refresh()).changes).toEqual({ update: 1 });
    env.emu.clearRequests();
    expect((await stack.up()).changes).toEqual({ update: 1 });
    expect(env.emu.requests().find((r) => r.method === "PATCH")?.body).toEqual({
      values: { staging: state.staging, development: null },
    });
    expect(vars()[ids.url]?.values).toEqual({
      production: "https://crm.example.com",
      staging: state.staging,
    });
  });

  it("a type change under the same label fails the preview, naming type and the way out", async () => {
    state.type = "secret";
    const err = await stack.preview().then(
      () => "",
      (e: unknown) => String(e),
    );
    state.type = "string";
    expect(err).toContain("type: an environment variable's type cannot change");
    expect(err).toContain("declare the new type under a new label");
  });

  it("a new label makes a new variable; the old one is left in the workspace, and the output says so", async () => {
    env.emu.clearRequests();
    const from = stack.output.length;
    state.label = "crm_base_url";
    const r = await stack.up();
    expect(r.changes).toEqual({ replace: 1 });
    expect(writes()).toEqual(["POST /environment-variables"]);
    expect(stack.output.slice(from).join("")).toContain('EnvironmentVariable "crm_url"');
    expect(
      Object.values(vars())
        .map((v) => v.label)
        .sort(),
    ).toEqual(["crm_base_url", "crm_key", "crm_url"]);
    delete vars()[ids.url];
    ids.url = String(r.outputs.urlId);
  });

  it("destroy deletes no variable (the API cannot), names each, and a new stack adopts them without a POST", async () => {
    env.emu.clearRequests();
    const from = stack.output.length;
    expect((await stack.destroy()).changes).toEqual({ delete: 5 });
    expect(writes().filter((w) => w.includes("environment-variables"))).toEqual([]);
    const said = stack.output.slice(from).join("");
    expect(said).toContain('EnvironmentVariable "crm_base_url"');
    expect(said).toContain("the ElevenLabs API cannot delete environment variables");
    expect(await stack.resources(typeToken("EnvironmentVariable"))).toEqual([]);
    expect(Object.keys(vars()).sort()).toEqual([ids.key, ids.url].sort());

    // The secret variable names secrets that are gone: the next stack makes new ones and re-points it.
    env.emu.clearRequests();
    const again = await TestStack.create(program, { ...env, stackName: "again" });
    try {
      const r = await again.up({ parallel: 1 });
      expect(r.changes).toEqual({ create: 5 });
      expect(writes().filter((w) => w.includes("environment-variables"))).toEqual([
        "PATCH /environment-variables/{env_var_id}",
      ]);
      expect([r.outputs.urlId, r.outputs.keyId].sort()).toEqual([ids.key, ids.url].sort());
      expect((await again.preview()).changes).toEqual({});
      await again.destroy();
    } finally {
      await again.dispose();
    }
    for (const id of Object.keys(vars())) delete vars()[id];
    expect(env.emu.workspace(env.apiKey).isEmpty()).toBe(true);
  });
});

describe("{{system__env_<label>}} in an agent (live preview)", () => {
  const env = useEmulator({}, "live");

  it("warns, naming the label, when neither the stack nor the workspace declares it; not otherwise", async () => {
    const program = async () => {
      new EnvironmentVariable("crm-url", {
        label: "crm_url",
        type: "string",
        values: { production: "https://x.example.com" },
      });
      new Agent("support", {
        name: "Support",
        conversationConfig: {
          agent: {
            prompt: { prompt: "Orders: {{system__env_crm_url}}. Stock: {{ system__env_stock_url }}." },
          },
        },
      });
    };
    const stack = await TestStack.create(program, env);
    try {
      await stack.preview();
      const said = stack.output.join("");
      expect(said).toContain("{{system__env_stock_url}} names no environment variable");
      expect(said).toContain(`label "stock_url"`);
      expect(said).not.toContain("{{system__env_crm_url}} names no");
      // A variable the workspace already has counts as declared.
      await env.api.call("createEnvironmentVariable", {
        json: { type: "string", label: "stock_url", values: { production: "https://stock.example.com" } },
      });
      const again = await TestStack.create(program, { ...env, stackName: "again" });
      try {
        await again.preview();
        expect(again.output.join("")).not.toContain("names no environment variable");
      } finally {
        await again.dispose();
      }
    } finally {
      await stack.dispose();
    }
  });
});
