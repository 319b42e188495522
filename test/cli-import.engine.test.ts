/**
 * `pulumi import elevenlabs:index:<Resource> NAME ID` with the real CLI in a YAML project: objects
 * made by hand through the API (a secret, a webhook and a client tool, a URL and a text document,
 * an agent that uses them, a Twilio number and a SIP trunk) are adopted one by one with reads
 * only; the code the CLI generates, put in the program with the credentials the API never returns,
 * then previews with no changes, deploys with no write and refreshes clean; destroy deletes them.
 * An id that does not exist fails the import, naming nothing it did not find.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dump, load } from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useEmulator } from "./helpers/emulator";
import { YamlProject } from "./helpers/plugin";

const SECRET_VALUE = "crm-secret-value-1f2e3d";
const TWILIO_TOKEN = "tok-import-test-9a8b7c";
const SIP_PASSWORD = "pw-import-test-6d5e4f";

/** A generated program's resources. */
type Resources = Record<string, { type: string; properties?: Record<string, unknown>; options?: unknown }>;

/** `tree` with `value` set at the dotted `path` (objects made on the way). */
function setAt(tree: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let cur = tree;
  for (const k of keys.slice(0, -1)) {
    cur[k] ??= {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys.at(-1) as string] = value;
}

describe("pulumi import of every resource (YAML project, real CLI)", () => {
  const env = useEmulator({}, "live");
  let project: YamlProject;
  const ids: Record<string, string> = {};
  /**
   * Each object: its name in the program, its type and id output, and what a program must add
   * because the API never returns it (by path: a config reference or a value).
   */
  const objects: { name: string; type: string; idOutput: string; credentials?: Record<string, string> }[] = [
    { name: "crmKey", type: "Secret", idOutput: "secretId", credentials: { value: `\${secretValue}` } },
    { name: "lookup", type: "Tool", idOutput: "toolId" },
    { name: "showMap", type: "Tool", idOutput: "toolId" },
    { name: "faq", type: "KnowledgeDocument", idOutput: "documentId" },
    { name: "hours", type: "KnowledgeDocument", idOutput: "documentId" },
    { name: "support", type: "Agent", idOutput: "agentId" },
    {
      name: "line",
      type: "PhoneNumber",
      idOutput: "phoneNumberId",
      credentials: { "twilioConfig.accountSid": "AC0123456789", "twilioConfig.authToken": `\${twilioToken}` },
    },
    {
      name: "pbx",
      type: "PhoneNumber",
      idOutput: "phoneNumberId",
      credentials: { "sipConfig.password": `\${sipPassword}` },
    },
  ];

  /** `v` with every id of an adopted object replaced by a reference to it, as a user edits the generated code. */
  const referenced = (v: unknown): unknown => {
    if (typeof v === "string") {
      const o = objects.find((x) => ids[x.name] === v);
      return o ? `\${${o.name}.${o.idOutput}}` : v;
    }
    if (Array.isArray(v)) return v.map(referenced);
    if (typeof v === "object" && v !== null)
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, referenced(x)]));
    return v;
  };

  beforeAll(async () => {
    const api = env.api;
    ids.crmKey = (
      await api.call("createSecret", { json: { type: "new", name: "crm_key", value: SECRET_VALUE } })
    ).secret_id;
    ids.lookup = (
      await api.call("createTool", {
        json: {
          tool_config: {
            type: "webhook",
            name: "lookup_order",
            description: "Looks up an order by its id.",
            api_schema: {
              url: "https://crm.example.com/orders/{order_id}",
              method: "GET",
              request_headers: { "X-Api-Key": { secret_id: ids.crmKey }, "X-Team": "support" },
              path_params_schema: { order_id: { type: "string", description: "The order id" } },
            },
          },
        },
      })
    ).id;
    ids.showMap = (
      await api.call("createTool", {
        json: {
          tool_config: {
            type: "client",
            name: "show_map",
            description: "Shows the store on a map.",
            parameters: { type: "object", properties: { city: { type: "string", description: "The city" } } },
          },
        },
      })
    ).id;
    ids.faq = (
      await api.call("createUrlDocument", { json: { url: "https://docs.example.com/faq", name: "FAQ" } })
    ).id;
    ids.hours = (
      await api.call("createTextDocument", { json: { text: "We open at 9.", name: "Opening hours" } })
    ).id;
    ids.support = (
      await api.call("createAgent", {
        json: {
          name: "Support Assistant",
          conversation_config: {
            agent: {
              first_message: "Hi, how can I help?",
              language: "en",
              prompt: {
                prompt: "You help customers with their orders.",
                tool_ids: [ids.lookup, ids.showMap],
                knowledge_base: [
                  { type: "url", name: "FAQ", id: ids.faq, usage_mode: "auto" },
                  { type: "text", name: "Opening hours", id: ids.hours, usage_mode: "prompt" },
                ],
              },
            },
          },
          tags: ["support"],
        },
      })
    ).agent_id;
    ids.line = (
      await api.call("createPhoneNumber", {
        json: {
          provider: "twilio",
          phone_number: "+14155550100",
          label: "Support Line",
          sid: "AC0123456789",
          token: TWILIO_TOKEN,
          agent_id: ids.support,
        },
      })
    ).phone_number_id;
    ids.pbx = (
      await api.call("createPhoneNumber", {
        json: {
          provider: "sip_trunk",
          phone_number: "+14155550101",
          label: "PBX Line",
          outbound_trunk_config: {
            address: "sip.example.com",
            transport: "tls",
            credentials: { username: "pbx", password: SIP_PASSWORD },
          },
        },
      })
    ).phone_number_id;
    project = await YamlProject.create({ "Pulumi.yaml": "name: adopted\nruntime: yaml\n" }, env, {
      secrets: { secretValue: SECRET_VALUE, twilioToken: TWILIO_TOKEN, sipPassword: SIP_PASSWORD },
    });
    env.emu.clearRequests();
  });

  afterAll(() => project?.dispose());

  it("adopts each object with reads only, and generates its declaration", async () => {
    for (const o of objects) {
      await project.pulumi([
        "import",
        `elevenlabs:index:${o.type}`,
        o.name,
        ids[o.name] as string,
        "--yes",
        "--protect=false",
        "--out",
        `${o.name}.gen.yaml`,
      ]);
    }
    const writes = env.emu.requests().filter((r) => r.method !== "GET");
    expect(writes.map((w) => w.route)).toEqual([]);
    const state = await project.resources();
    for (const o of objects) {
      const r = state.find((x) => x.urn.endsWith(`::${o.name}`));
      expect(r?.type, o.name).toBe(`elevenlabs:index:${o.type}`);
      expect(r?.id, o.name).toBe(ids[o.name]);
    }
    // Credentials are neither read (the API never returns them) nor in the state in clear.
    const text = project.stateText();
    for (const s of [SECRET_VALUE, TWILIO_TOKEN, SIP_PASSWORD, env.apiKey]) expect(text).not.toContain(s);
  });

  it("the generated code, with the credentials added, previews and deploys with no change", async () => {
    const resources: Resources = {};
    for (const o of objects) {
      const generated = load(readFileSync(join(project.dir, `${o.name}.gen.yaml`), "utf8")) as {
        resources: Resources;
      };
      const r = generated.resources[o.name];
      if (r === undefined) throw new Error(`${o.name}: no declaration generated`);
      r.properties = referenced(r.properties ?? {}) as Record<string, unknown>;
      for (const [path, value] of Object.entries(o.credentials ?? {})) setAt(r.properties, path, value);
      resources[o.name] = r;
    }
    const config = Object.fromEntries(
      ["secretValue", "twilioToken", "sipPassword"].map((k) => [k, { type: "string", secret: true }]),
    );
    project.write({ "Pulumi.yaml": dump({ name: "adopted", runtime: "yaml", config, resources }) });
    env.emu.clearRequests();
    await project.previewNoChanges();
    await project.up();
    expect(await project.refresh()).toEqual({});
    await project.previewNoChanges();
    expect(env.emu.requests().filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("a credential changed after the import is a change (the state has it now)", async () => {
    await project.pulumi(["config", "set", "--secret", "secretValue", "a-new-value-5e6f7a"]);
    const steps = (await project.previewSteps()).filter((s) => s.op !== "same");
    expect(steps.map((s) => `${s.op} ${s.urn.split("::").pop()}`)).toEqual(["update crmKey"]);
    await project.pulumi(["config", "set", "--secret", "secretValue", SECRET_VALUE]);
  });

  it("an id that does not exist fails the import", async () => {
    const r = await project.pulumi(
      ["import", "elevenlabs:index:Agent", "ghost", "agent_does_not_exist", "--yes", "--protect=false"],
      { allowFailure: true },
    );
    expect(r.code).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/agent_does_not_exist/);
  });

  it("destroy deletes the adopted objects", async () => {
    await project.destroy();
    expect(env.emu.workspace(env.apiKey).isEmpty()).toBe(true);
  });
});
