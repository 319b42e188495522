/**
 * YAML programs with the real CLI and the provider plugin, as users run them from a project folder:
 * `examples/yaml-agent` goes through up, an empty preview, drift on refresh, an in-place update, a
 * replacement when a local file changes, and destroy; one program holds two accounts through
 * explicit providers; a function is invoked; bad input (a resource's or the provider's) fails at
 * preview naming the field, before any request. No credential is ever in the state in clear.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { useEmulator } from "./helpers/emulator";
import { REPO_ROOT } from "./helpers/paths";
import { YamlProject } from "./helpers/plugin";

const CRM_KEY = "crm-api-key-do-not-leak-7c8d9e";

describe("examples/yaml-agent with the real CLI", () => {
  const env = useEmulator();
  let project: YamlProject | undefined;
  const writes = () => env.emu.requests().filter((r) => r.method !== "GET");
  afterAll(() => project?.dispose());

  it("deploys, then a preview expects no changes", async () => {
    const files = Object.fromEntries(
      ["Pulumi.yaml", "manual.md"].map((f) => [
        f,
        readFileSync(join(REPO_ROOT, "examples", "yaml-agent", f), "utf8"),
      ]),
    );
    project = await YamlProject.create(files, env, { secrets: { crmApiKey: CRM_KEY } });
    await project.up();
    const outputs = await project.outputs();
    expect(outputs.agentId).toMatch(/^agent_/);
    const ws = env.emu.workspace(env.apiKey);
    expect(ws.counts()).toMatchObject({ agents: 1, tools: 1, secrets: 1, documents: 2 });
    // The file document was read from the project folder (its path is relative there).
    expect(Object.values(ws.documents).map((d) => d.type)).toEqual(expect.arrayContaining(["url", "file"]));
    env.emu.clearRequests();
    await project.previewNoChanges();
    expect(writes()).toEqual([]);
  });

  it("refresh shows a change made outside Pulumi, and up puts the declaration back in place", async () => {
    const p = project as YamlProject;
    const ws = env.emu.workspace(env.apiKey);
    const [id] = Object.keys(ws.agents);
    ws.patchAgent(id as string, { name: "Renamed in the dashboard" });
    expect(await p.refreshPreview()).toEqual({ update: 1 });
    expect(await p.refresh()).toEqual({ update: 1 });
    env.emu.clearRequests();
    const steps = (await p.previewSteps()).filter((s) => s.op !== "same");
    expect(steps.map((s) => [s.op, s.urn.split("::").pop(), s.diffReasons])).toEqual([
      ["update", "support", ["name"]],
    ]);
    await p.up();
    expect(writes().map((w) => [w.route, w.body])).toEqual([
      ["PATCH /agents/{agent_id}", { name: "Support Assistant" }],
    ]);
    await p.previewNoChanges();
  });

  it("a changed local file replaces its document (and nothing else)", async () => {
    const p = project as YamlProject;
    writeFileSync(join(p.dir, "manual.md"), "# Acme support manual\n\nNew: returns within 30 days.\n");
    const steps = (await p.previewSteps()).filter((s) => s.op !== "same");
    expect(steps.map((s) => [s.op, s.urn.split("::").pop(), s.replaceReasons])).toEqual([
      ["replace", "manual", ["filePath"]],
    ]);
    await p.up();
    await p.previewNoChanges();
  });

  it("destroy empties the account; no credential is in the state or the output in clear", async () => {
    const p = project as YamlProject;
    await p.destroy();
    expect(env.emu.workspace(env.apiKey).isEmpty()).toBe(true);
    for (const text of [p.stateText(), p.transcript.join("\n")]) {
      expect(text).not.toContain(CRM_KEY);
      expect(text).not.toContain(env.apiKey);
    }
  });
});

describe("two accounts in one YAML program (explicit providers)", () => {
  const STAGING = "sk_staging_account_key_0123456789";
  const PRODUCTION = "sk_production_account_key_0123456789";
  const env = useEmulator({ apiKeys: [STAGING, PRODUCTION] });
  let project: YamlProject | undefined;
  afterAll(() => project?.dispose());

  it("puts each agent in its provider's account, keeps both keys secret, and destroys both", async () => {
    const program = [
      "name: two-accounts",
      "runtime: yaml",
      "config:",
      "  stagingKey: { type: string, secret: true }",
      "  productionKey: { type: string, secret: true }",
      "resources:",
      "  staging:",
      "    type: pulumi:providers:elevenlabs",
      `    properties: { apiKey: '\${stagingKey}', baseUrl: ${JSON.stringify(env.baseUrl)} }`,
      "  production:",
      "    type: pulumi:providers:elevenlabs",
      `    properties: { apiKey: '\${productionKey}', baseUrl: ${JSON.stringify(env.baseUrl)} }`,
      "  stagingAgent:",
      "    type: elevenlabs:index:Agent",
      "    properties: { name: Staging Agent, conversationConfig: {} }",
      `    options: { provider: '\${staging}' }`,
      "  productionAgent:",
      "    type: elevenlabs:index:Agent",
      "    properties: { name: Production Agent, conversationConfig: {} }",
      `    options: { provider: '\${production}' }`,
      "  found:",
      "    type: elevenlabs:index:Agent",
      `    get: { id: '\${productionAgent.agentId}' }`,
      `    options: { provider: '\${production}' }`,
      "outputs:",
      "  invoked:",
      "    fn::invoke:",
      "      function: elevenlabs:index:getAgent",
      `      arguments: { agentId: '\${productionAgent.agentId}' }`,
      `      options: { provider: '\${production}' }`,
      "      return: name",
      `  foundName: \${found.name}`,
      "",
    ].join("\n");
    // The stack's own provider settings point nowhere useful: only the explicit providers are used.
    project = await YamlProject.create(
      { "Pulumi.yaml": program },
      { baseUrl: "http://127.0.0.1:9/v1/convai", apiKey: "sk_default_unused_0123456789" },
      { secrets: { stagingKey: STAGING, productionKey: PRODUCTION } },
    );
    await project.up();
    const names = (key: string) => Object.values(env.emu.workspace(key).agents).map((a) => a.name);
    expect(names(STAGING)).toEqual(["Staging Agent"]);
    expect(names(PRODUCTION)).toEqual(["Production Agent"]);
    const outputs = await project.outputs();
    expect(outputs.invoked).toBe("Production Agent");
    expect(outputs.foundName).toBe("Production Agent");
    await project.previewNoChanges();
    const providers = (await project.resources()).filter((r) => r.type === "pulumi:providers:elevenlabs");
    expect(providers).toHaveLength(2);
    const state = project.stateText();
    for (const key of [STAGING, PRODUCTION]) expect(state).not.toContain(key);
    await project.destroy();
    expect(env.emu.workspace(STAGING).isEmpty()).toBe(true);
    expect(env.emu.workspace(PRODUCTION).isEmpty()).toBe(true);
  });
});

describe("bad input in YAML fails at preview, naming the field, before any request", () => {
  const env = useEmulator();

  it.each([
    [
      "a misspelled property",
      "  a:\n    type: elevenlabs:index:Agent\n    properties:\n      name: A\n      conversationConfig: { agent: { firstMesage: Hi } }\n",
      // YAML checks the program against schema.json first, naming the property and those that exist.
      /Property firstMesage does not exist on 'elevenlabs:index:AgentBehaviour'[\s\S]*Existing properties are: firstMessage/,
    ],
    [
      "a value out of range",
      "  a:\n    type: elevenlabs:index:Agent\n    properties:\n      name: A\n      conversationConfig: { tts: { stability: 7 } }\n",
      /conversationConfig\.tts\.stability: Too big/,
    ],
    [
      "a provider argument",
      `  p:\n    type: pulumi:providers:elevenlabs\n    properties: { apiDialect: v2 }\n  a:\n    type: elevenlabs:index:Agent\n    properties: { name: A, conversationConfig: {} }\n    options: { provider: '\${p}' }\n`,
      /elevenlabs:apiDialect must be 'live' or 'legacy', got 'v2'/,
    ],
  ])("%s", async (_what, resources, message) => {
    const project = await YamlProject.create(
      { "Pulumi.yaml": `name: bad-input\nruntime: yaml\nresources:\n${resources}` },
      env,
    );
    try {
      env.emu.clearRequests();
      const r = await project.pulumi(["preview"], { allowFailure: true });
      expect(r.code).not.toBe(0);
      expect(`${r.stdout}${r.stderr}`).toMatch(message);
      expect(env.emu.requests()).toEqual([]);
    } finally {
      project.dispose();
    }
  });
});
