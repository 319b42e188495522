/**
 * The release machinery from an account to code and back, through the real engine: a versioned
 * agent with attached tests (a response test and a tool-call test), a branch with its own greeting,
 * a traffic split, and environment variables (a string one and a secret one) made by hand through
 * the API are exported with `elevenlabs-export --out`; the program deploys with reads only (every
 * object adopted with `import`), and the next preview and refresh find nothing to do.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main as exportBin } from "../cli/elevenlabs-export";
import { exampleStack } from "../scripts/example-runner";
import { useEmulator } from "./helpers/emulator";
import "./helpers/engine"; // PATH for the engine and Node 22
import { exportProject } from "./helpers/exportProject";

const SECRET_VALUE = "crm-secret-release-7a6b5c";

describe("elevenlabs-export of tests, branches, a split and environment variables (live)", () => {
  const env = useEmulator({}, "live");
  let dir = "";
  let project = "";
  const ids = { agent: "", main: "", canary: "", hours: "", tool: "", secret: "", url: "", key: "" };
  const writes = () => env.emu.requests().filter((r) => r.method !== "GET");

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "export-release-"));
    const api = env.api;
    ids.secret = (
      await api.call("createSecret", { json: { type: "new", name: "crm_key", value: SECRET_VALUE } })
    ).secret_id;
    ids.url = (
      await api.call("createEnvironmentVariable", {
        json: {
          type: "string",
          label: "crm_url",
          values: { production: "https://crm.example.com", staging: "https://staging.crm.example.com" },
        },
      })
    ).id;
    ids.key = (
      await api.call("createEnvironmentVariable", {
        json: { type: "secret", label: "crm_key", values: { production: { secret_id: ids.secret } } },
      })
    ).id;
    ids.tool = (
      await api.call("createTool", {
        json: { tool_config: { type: "client", name: "show_map", description: "Shows a map." } },
      })
    ).id;
    ids.hours = (
      await api.call("createAgentTest", {
        json: {
          type: "llm",
          name: "Mentions the opening hours",
          chat_history: [{ role: "user", message: "When are you open?", time_in_call_secs: 1 }],
          success_condition: 'Says "opening hours".',
          failure_examples: [{ response: "I do not know.", type: "failure" }],
        },
      })
    ).id;
    const mapTest = (
      await api.call("createAgentTest", {
        json: {
          type: "tool",
          name: "Shows the map",
          chat_history: [{ role: "user", message: "Where are you?", time_in_call_secs: 1 }],
          tool_call_parameters: { referenced_tool: { id: ids.tool, type: "client" }, parameters: [] },
        },
      })
    ).id;
    ids.agent = (
      await api.call("createAgent", {
        json: {
          name: "Support Assistant",
          conversation_config: {
            agent: {
              first_message: "Ask me about our opening hours.",
              prompt: { prompt: "Orders live at {{system__env_crm_url}}.", tool_ids: [ids.tool] },
            },
          },
          platform_settings: { testing: { attached_tests: [{ test_id: ids.hours }, { test_id: mapTest }] } },
        },
        query: { enable_versioning: true },
      })
    ).agent_id;
    const agent = await api.call("getAgent", { params: { agent_id: ids.agent } });
    ids.main = String(agent.main_branch_id);
    ids.canary = (
      await api.call("createBranch", {
        params: { agent_id: ids.agent },
        json: {
          parent_version_id: String(agent.version_id),
          name: "canary",
          description: "A warmer greeting",
          conversation_config: { agent: { first_message: "Hello and welcome!" } },
        },
      })
    ).created_branch_id;
    await api.call("createDeployment", {
      params: { agent_id: ids.agent },
      json: {
        deployment_request: {
          requests: [
            { branch_id: ids.main, deployment_strategy: { type: "percentage", traffic_percentage: 80 } },
            { branch_id: ids.canary, deployment_strategy: { type: "percentage", traffic_percentage: 20 } },
          ],
        },
      },
    });
    project = exportProject(join(dir, "exported"), "exported");
    env.emu.clearRequests();
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes the tests, the branch, the split and the variables, linked by variable, reading only", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await exportBin(
      [
        "--base-url",
        env.baseUrl,
        "--api-key",
        env.apiKey,
        "--import-from",
        "pulumi-elevenlabs",
        "--out",
        join(project, "index.ts"),
      ],
      { out: (l) => out.push(l), err: (l) => err.push(l) },
    );
    expect(err.filter((l) => !l.startsWith("elevenlabs-export: wrote "))).toEqual([]);
    expect(code).toBe(0);
    expect(writes()).toEqual([]);
    const program = readFileSync(join(project, "index.ts"), "utf8");
    // Compared with the writer's line breaks as single spaces.
    const flat = program
      .replace(/\s+/g, " ")
      .replace(/([[{(]) /g, "$1")
      .replace(/,? ([\]})])/g, "$1");
    for (const text of [
      "new elevenlabs.AgentTest(",
      'type: "llm",',
      'successCondition: "Says \\"opening hours\\".",',
      'type: "tool",',
      "new elevenlabs.AgentBranch(",
      "agentId: supportAssistant.agentId,",
      'firstMessage: "Hello and welcome!",',
      "new elevenlabs.AgentDeployment(",
      "branchId: canary.branchId,",
      "percentage: 20}",
      "new elevenlabs.EnvironmentVariable(",
      'label: "crm_url",',
      'staging: "https://staging.crm.example.com"}',
      "production: crmKey.secretId}",
      "versioning: true}",
      'new elevenlabs.AgentDeployment("traffic-split"',
      "attachedTests: [{testId: mentionsTheOpeningHours.testId}, {testId: showsTheMap.testId}]",
    ]) {
      expect(flat).toContain(text);
    }
    expect(program).not.toContain(SECRET_VALUE);
  });

  it("deploys as adoptions with reads only; then preview and refresh find nothing to do", async () => {
    const stack = await exampleStack({
      dir: project,
      stackName: "dev",
      stateDir: join(dir, "state"),
      baseUrl: env.baseUrl,
      apiKey: env.apiKey,
      config: { "exported:crmKeyValue": { value: SECRET_VALUE, secret: true } },
    });
    env.emu.clearRequests();
    const up = await stack.up();
    // The stack, a secret, two variables, a tool, two tests, the agent, its branch and its split.
    expect(up.summary.resourceChanges).toEqual({ create: 10 });
    expect(writes()).toEqual([]);
    expect((await stack.preview()).changeSummary).toEqual({ same: 10 });
    expect((await stack.refresh()).summary.resourceChanges).toEqual({ same: 10 });
    expect(writes()).toEqual([]);
  });
});
