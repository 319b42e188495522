/**
 * One behaviour in every language: the same stack (a webhook tool, an agent that uses it, a URL
 * document attached to the agent, a Twilio number answered by it) deployed from TypeScript (the
 * dynamic provider, Automation API), YAML (the plugin, the real CLI in a project folder) and Python
 * (the plugin, Python's Automation API), each against an emulator of its own. The three must send
 * the same writes with the same bodies and leave the same account; in each, a second preview is
 * empty, a refresh shows an out-of-band change, destroy empties the account, and no credential is
 * in the state in clear.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { isPlainObject } from "../client/wire";
import type { RecordedRequest } from "../emulator";
import { Agent, KnowledgeDocument, PhoneNumber, Tool } from "../sdk";
import { type TestEmulator, useEmulator } from "./helpers/emulator";
import { TestStack } from "./helpers/engine";
import { REPO_ROOT } from "./helpers/paths";
import { backendText, runPython, YamlProject } from "./helpers/plugin";

const TWILIO_TOKEN = "twilio-auth-token-do-not-leak-9f8e7d";
const HEADER_KEY = "crm-key-do-not-leak-4d5e6f";
const HERE = join(REPO_ROOT, "test", "conformance");

/** The stack in TypeScript, as Pulumi.yaml and program.py beside this file declare it. */
const typescriptProgram = async () => {
  const config = new pulumi.Config();
  const lookup = new Tool("lookup", {
    toolConfig: {
      type: "webhook",
      name: "lookup_order",
      description: "Looks up an order by its number.",
      apiSchema: {
        url: "https://crm.example.com/orders/{order_id}",
        method: "GET",
        pathParamsSchema: { order_id: { type: "string", description: "The order number" } },
        requestHeaders: { "X-Api-Key": HEADER_KEY },
      },
    },
  });
  const support = new Agent("support", {
    name: "Support Assistant",
    tags: ["support"],
    conversationConfig: {
      agent: {
        firstMessage: "Hi! How can I help?",
        language: "en",
        prompt: { prompt: "You help customers with their orders.", toolIds: [lookup.toolId] },
      },
    },
  });
  const faq = new KnowledgeDocument("faq", {
    agentId: support.agentId,
    name: "FAQ",
    url: "https://docs.example.com/faq",
  });
  const line = new PhoneNumber("line", {
    provider: "twilio",
    phoneNumber: "+14155550100",
    label: "Support Line",
    twilioConfig: { accountSid: "AC0123456789", authToken: config.requireSecret("twilioAuthToken") },
    agentId: support.agentId,
  });
  return {
    agentId: support.agentId,
    toolId: lookup.toolId,
    documentId: faq.documentId,
    phoneNumberId: line.phoneNumberId,
  };
};

/** What one language's run left behind, normalized so that runs compare. */
interface Run {
  /** Every write (method, route path, body), ids and creation keys replaced, sorted. */
  writes: string[];
  /** The account after `up`: every object, ids replaced, times left out. */
  account: unknown;
}

/**
 * `value` with the ids of `ids` replaced by their placeholders, creation and stack keys (hashed from
 * the program in TypeScript, from the URN in the plugin) by one placeholder each,
 * and times (`*_unix_secs`, `*_at`) left out.
 */
function normalized(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") {
    let s = value
      .replace(/pulumi-elevenlabs:stack:[0-9a-f]{16}/g, "pulumi-elevenlabs:stack:<stack key>")
      .replace(/pulumi-elevenlabs:[0-9a-f]{16}/g, "pulumi-elevenlabs:<creation key>");
    for (const [id, name] of ids) s = s.split(id).join(name);
    return s;
  }
  if (Array.isArray(value)) return value.map((v) => normalized(v, ids));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !/unix_secs$|_at$|^request_id$/.test(k))
      .map(([k, v]) => [normalized(k, ids), normalized(v, ids)]),
  );
}

/** The run of an emulator after `up`: its writes so far and its account, normalized. */
function recordRun(env: TestEmulator): Run {
  const ws = env.emu.workspace(env.apiKey);
  const ids = new Map<string, string>();
  for (const [kind, objects] of Object.entries({
    agent: ws.agents,
    tool: ws.tools,
    document: ws.documents,
    number: ws.phoneNumbers,
    secret: ws.secrets,
  })) {
    Object.keys(objects).forEach((id, i) => {
      ids.set(id, `<${kind}-${i}>`);
    });
  }
  const writes = env.emu
    .requests()
    .filter((r: RecordedRequest) => r.method !== "GET")
    .map((r) => `${r.method} ${normalized(r.path, ids)} ${JSON.stringify(normalized(r.body, ids))}`)
    .sort();
  const account = normalized(
    { agents: ws.agents, tools: ws.tools, documents: ws.documents, phoneNumbers: ws.phoneNumbers },
    ids,
  );
  return { writes, account };
}

/** An edit made outside Pulumi, in the account: the agent renamed. */
function renameAgentElsewhere(env: TestEmulator): void {
  const ws = env.emu.workspace(env.apiKey);
  const [id] = Object.keys(ws.agents);
  if (id === undefined) throw new Error("no agent to rename");
  ws.patchAgent(id, { name: "Renamed in the dashboard" });
}

/** No credential in clear in `text` (state files, command output). */
function expectNoCleartextSecrets(text: string, apiKey: string): void {
  for (const secret of [TWILIO_TOKEN, HEADER_KEY, apiKey]) expect(text).not.toContain(secret);
}

describe("one stack in TypeScript, YAML and Python", () => {
  const tsEnv = useEmulator();
  const yamlEnv = useEmulator();
  const pyEnv = useEmulator();
  const runs: Record<string, Run> = {};

  it("TypeScript (dynamic provider): up, an empty preview, drift on refresh, destroy", async () => {
    const stack = await TestStack.create(typescriptProgram, {
      ...tsEnv,
      projectName: "conformance",
      stackName: "dev",
    });
    try {
      await stack.stack.setConfig("conformance:twilioAuthToken", { value: TWILIO_TOKEN, secret: true });
      expect((await stack.up({ parallel: 1 })).changes).toEqual({ create: 5 });
      runs.typescript = recordRun(tsEnv);
      expect((await stack.preview()).changes).toEqual({});
      renameAgentElsewhere(tsEnv);
      expect((await stack.refresh()).changes).toEqual({ update: 1 });
      expectNoCleartextSecrets(await stack.exportState(), tsEnv.apiKey);
      await stack.destroy();
      expect(tsEnv.emu.workspace(tsEnv.apiKey).isEmpty()).toBe(true);
    } finally {
      await stack.dispose();
    }
  });

  it("YAML (plugin, the real CLI): up, an empty preview, drift on refresh, destroy", async () => {
    const project = await YamlProject.create(
      { "Pulumi.yaml": readFileSync(join(HERE, "Pulumi.yaml"), "utf8") },
      yamlEnv,
      { secrets: { twilioAuthToken: TWILIO_TOKEN } },
    );
    try {
      await project.up();
      expect((await project.resources()).filter((r) => r.type.startsWith("elevenlabs:index:"))).toHaveLength(
        4,
      );
      runs.yaml = recordRun(yamlEnv);
      await project.previewNoChanges();
      renameAgentElsewhere(yamlEnv);
      expect(await project.refresh()).toEqual({ update: 1 });
      expectNoCleartextSecrets(project.stateText(), yamlEnv.apiKey);
      await project.destroy();
      expect(yamlEnv.emu.workspace(yamlEnv.apiKey).isEmpty()).toBe(true);
      expectNoCleartextSecrets(project.transcript.join("\n"), yamlEnv.apiKey);
    } finally {
      project.dispose();
    }
  });

  it("Python (plugin, Automation API): up, an empty preview, drift on refresh, destroy", async () => {
    const program = join(HERE, "program.py");
    const settings = { baseUrl: pyEnv.baseUrl, apiKey: pyEnv.apiKey };
    const secrets = { "python-stack:twilioAuthToken": TWILIO_TOKEN };
    const first = await runPython(program, ["up", "preview"], settings, { secrets });
    expect(first.steps.map((s) => s.error ?? "")).toEqual(["", ""]);
    expect(first.steps.map((s) => s.changes)).toEqual([{ create: 5 }, {}]);
    runs.python = recordRun(pyEnv);
    renameAgentElsewhere(pyEnv);
    const second = await runPython(program, ["refresh", "destroy"], settings, {
      secrets,
      root: first.root,
    });
    expect(second.steps.map((s) => s.error ?? "")).toEqual(["", ""]);
    expect(second.steps[0]?.changes).toEqual({ update: 1 });
    expectNoCleartextSecrets(backendText(first.root), pyEnv.apiKey);
    expect(pyEnv.emu.workspace(pyEnv.apiKey).isEmpty()).toBe(true);
  });

  it("sends the same writes with the same bodies, and leaves the same account", () => {
    const { typescript, yaml, python } = runs;
    if (!typescript || !yaml || !python) throw new Error("a language's run failed; see above");
    // What is compared is not trivially equal: every write of the stack is in it.
    expect(typescript.writes.map((w) => w.split(" ").slice(0, 2).join(" "))).toEqual([
      "PATCH /agents/<agent-0>",
      "POST /agents/create",
      "POST /knowledge-base/url",
      "POST /phone-numbers",
      "POST /tools",
    ]);
    expect(yaml.writes).toEqual(typescript.writes);
    expect(python.writes).toEqual(typescript.writes);
    expect(yaml.account).toEqual(typescript.account);
    expect(python.account).toEqual(typescript.account);
    console.log(`[conformance] writes of each language:\n${typescript.writes.join("\n")}`);
  });
});
