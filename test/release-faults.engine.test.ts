/**
 * Never duplicate, never orphan, for the release machinery (live): a versioned agent with an
 * attached test, a branch, a traffic split and environment variables.
 *
 * 1. Each new resource's create whose answer is lost (the request was handled, the socket dropped
 *    before the answer: `dropAfter`) is found by the retry and finished: one object, not two.
 * 2. Deployed, updated and destroyed while the emulator fails about 20% of all requests (seeded,
 *    as in test/faults.engine.test.ts; FAULT_SEEDS picks the seeds): with faults off, preview and
 *    refresh are empty, the account holds exactly what the state declares, and destroy leaves
 *    nothing but the environment variables, which the API cannot delete (by design, and named).
 */
import * as pulumi from "@pulumi/pulumi";
import { afterAll, describe, expect, it } from "vitest";
import { Agent, AgentBranch, AgentDeployment, AgentTest, EnvironmentVariable, Secret } from "../sdk";
import { type TestEmulator, useEmulator } from "./helpers/emulator";
import { TestStack, typeToken } from "./helpers/engine";
import { converge, newTally, SEEDS, type Tally } from "./helpers/faults";

/** What the program declares; the tests change it between runs. */
interface State {
  condition: string;
  greeting: string;
  canary: number;
  crmUrl: string;
}

/** The release program: variables, a secret one, a test, a versioned agent, a branch, a split. */
const releaseProgram = (state: State) => async () => {
  const key = new Secret("crm-key", { name: "crm_key", value: pulumi.secret("crm-key-faults-0001") });
  new EnvironmentVariable("crm-url", {
    label: "crm_url",
    type: "string",
    values: { production: "https://crm.example.com", staging: state.crmUrl },
  });
  new EnvironmentVariable("crm-key", {
    label: "crm_key",
    type: "secret",
    values: { production: key.secretId },
  });
  const hours = new AgentTest("hours", {
    type: "llm",
    name: "Mentions the opening hours",
    chatHistory: [{ role: "user", message: "When are you open?", timeInCallSecs: 1 }],
    successCondition: state.condition,
  });
  const agent = new Agent("support", {
    name: "Support",
    versioning: true,
    conversationConfig: {
      agent: {
        firstMessage: "Ask me about our opening hours.",
        prompt: { prompt: "Orders: {{system__env_crm_url}}." },
      },
    },
    platformSettings: { testing: { attachedTests: [{ testId: hours.id }] } },
  });
  const canary = new AgentBranch("canary", {
    agentId: agent.agentId,
    name: "canary",
    conversationConfig: { agent: { firstMessage: state.greeting } },
  });
  new AgentDeployment("split", {
    agentId: agent.agentId,
    traffic: [
      { branchId: agent.mainBranchId, percentage: 100 - state.canary },
      { branchId: canary.branchId, percentage: state.canary },
    ],
  });
};

/** The account's objects of each kind against the state's; extras are duplicates (or orphans). */
async function accountMatchesState(env: TestEmulator, stack: TestStack, tally?: Tally): Promise<void> {
  const ws = env.emu.workspace(env.apiKey);
  const branches = Object.values(ws.agents).flatMap((a) =>
    Object.values(a.versioning?.branches ?? {})
      .filter((b) => !b.is_archived && b.id !== a.versioning?.main_branch_id)
      .map((b) => b.id),
  );
  const kinds: [string, string[]][] = [
    ["Agent", Object.keys(ws.agents)],
    ["AgentTest", Object.keys(ws.agentTests)],
    ["AgentBranch", branches],
    ["EnvironmentVariable", Object.keys(ws.environmentVariables)],
    ["Secret", Object.keys(ws.secrets)],
  ];
  for (const [type, inAccount] of kinds) {
    const inState = (await stack.resources(typeToken(type))).map((r) => String(r.id));
    if (tally) tally.duplicates += inAccount.filter((id) => !inState.includes(id)).length;
    expect(inAccount.sort(), type).toEqual(inState.sort());
  }
}

describe("a lost create answer of each new resource is found and finished, not made twice", () => {
  const env = useEmulator({}, "live");

  it.each([
    ["AgentTest", "POST /agent-testing/create", 1],
    ["EnvironmentVariable", "POST /environment-variables", 2],
    ["AgentBranch", "POST /agents/{agent_id}/branches", 1],
    ["AgentDeployment", "POST /agents/{agent_id}/deployments", 1],
  ])("%s (%s)", async (_type, route, declared) => {
    env.emu.reset();
    const state: State = {
      condition: 'Says "opening hours"',
      greeting: "Hi!",
      canary: 10,
      crmUrl: "https://s.example.com",
    };
    const stack = await TestStack.create(releaseProgram(state), { ...env, stackName: "lost" });
    try {
      env.emu.addFault({ route, dropAfter: true });
      await stack.up({ parallel: 1 });
      const lost = env.emu.requests().filter((r) => r.route === route);
      // The lost request went through (the store changed); no second one made a copy: one per object declared.
      expect(lost[0]?.lost).toBe(true);
      expect(lost.filter((r) => r.status === 200)).toHaveLength(declared);
      await accountMatchesState(env, stack);
      const agent = Object.values(env.emu.workspace(env.apiKey).agents)[0];
      expect(Object.values(agent?.versioning?.traffic ?? {}).sort()).toEqual([10, 90]);
      expect((await stack.preview()).changes).toEqual({});
      expect((await stack.refresh()).changes).toEqual({});
      await stack.destroy();
    } finally {
      env.emu.clearFaults();
      await stack.dispose();
    }
  });
});

const tallies: Tally[] = [];

afterAll(() => {
  if (tallies.length > 0) console.table(tallies);
});

describe.each(SEEDS)("the release stack under 20%% faults (seed %i)", (seed) => {
  const env = useEmulator({}, "live");
  const tally = newTally(seed);
  const state: State = {
    condition: 'Says "opening hours"',
    greeting: "Hi from the canary!",
    canary: 10,
    crmUrl: "https://staging.crm.example.com",
  };
  let stack: TestStack;

  const faultsOn = () => env.emu.addFault({ route: "*", rate: 0.2, seed, count: -1 });
  const faultsOff = () => env.emu.clearFaults();

  /** An `up` under faults, re-run until it succeeds; then, faults off, nothing to do and the account is the state. */
  async function upUnderFaults(): Promise<void> {
    faultsOn();
    await converge(tally, () => stack.up({ parallel: 1 }));
    faultsOff();
    expect((await stack.preview()).changes).toEqual({});
    expect((await stack.refresh()).changes).toEqual({});
    await accountMatchesState(env, stack, tally);
  }

  it("deploys, updates and destroys, converging on plain re-runs, with nothing duplicated or left", async () => {
    stack = await TestStack.create(releaseProgram(state), { ...env, stackName: `release-faults-${seed}` });
    try {
      await upUnderFaults();

      state.condition = 'Gives the "opening hours" and the days';
      state.greeting = "Hello from the canary!";
      state.canary = 30;
      state.crmUrl = "https://staging-2.crm.example.com";
      await upUnderFaults();

      faultsOn();
      await converge(tally, () => stack.destroy({ parallel: 1 }));
      faultsOff();
      const ws = env.emu.workspace(env.apiKey);
      const left = ws.counts();
      tally.orphans += left.agents + left.agentTests + left.secrets;
      // Only the variables stay: the API cannot delete them (destroy says so); once each, as declared.
      expect(
        Object.values(ws.environmentVariables)
          .map((v) => v.label)
          .sort(),
      ).toEqual(["crm_key", "crm_url"]);
      for (const id of Object.keys(ws.environmentVariables)) delete ws.environmentVariables[id];
      expect(ws.isEmpty()).toBe(true);
      tallies.push(tally);
    } finally {
      faultsOff();
      await stack.dispose();
    }
  });
});
