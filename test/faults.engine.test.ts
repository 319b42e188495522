/**
 * Never duplicate, never orphan: the support stack deployed, updated and destroyed through the real
 * engine while the emulator fails about 20% of all requests (500, 502, 503, 429, connections dropped
 * before the request is handled, and answers lost after it was handled), from a seeded generator;
 * then an `up` of ten agents killed after its fourth create. After each scenario, with faults off:
 * preview and refresh are empty, the account holds exactly what the state declares, and nothing is
 * left after destroy.
 *
 * Seeds: FAULT_SEEDS (comma-separated, default "11,12"); `make faults` runs five. Operations run one
 * at a time (`parallel: 1`), so a seed gives the same request order, and the same failures, each run.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, describe, expect, it } from "vitest";
import { Agent, KnowledgeDocument, PhoneNumber, Secret, Tool } from "../sdk";
import { useEmulator } from "./helpers/emulator";
import { TestStack, typeToken } from "./helpers/engine";
import { converge, newTally, SEEDS, type Tally } from "./helpers/faults";

const tallies: Tally[] = [];

afterAll(() => {
  if (tallies.length > 0) console.table(tallies);
});

describe.each(SEEDS)("the support stack under 20%% faults (seed %i)", (seed) => {
  const env = useEmulator({}, "live");
  const dir = mkdtempSync(join(tmpdir(), "faults-"));
  const manual = join(dir, "manual.md");
  writeFileSync(manual, "# Manual\nHold the button for ten seconds.\n");
  const tally = newTally(seed);
  const state = {
    prompt: "You help.",
    label: "Support Line",
    faqUrl: "https://docs.example.com/faq",
    toolDescription: "Looks up an order",
  };
  let stack: TestStack;

  const program = async () => {
    const key = new Secret("crm-key", { name: "crm_key", value: pulumi.secret("crm-key-faults") });
    const lookup = new Tool("lookup", {
      toolConfig: {
        type: "webhook",
        name: "lookup_order",
        description: state.toolDescription,
        apiSchema: {
          url: "https://crm.example.com/orders",
          method: "GET",
          requestHeaders: { Authorization: { secretId: key.secretId } },
        },
      },
    });
    const agents = ["first", "second", "third"].map(
      (n) =>
        new Agent(n, {
          name: `Agent ${n}`,
          conversationConfig: {
            agent: {
              prompt: { prompt: state.prompt, ...(n === "first" ? { toolIds: [lookup.toolId] } : {}) },
              firstMessage: `Hi from ${n}`,
            },
          },
        }),
    );
    const [first, second] = agents as [Agent, Agent, Agent];
    new KnowledgeDocument("faq", { agentId: first.agentId, name: "FAQ", url: state.faqUrl });
    new KnowledgeDocument("manual", { agentId: first.agentId, name: "Manual", filePath: manual });
    new PhoneNumber("line", {
      provider: "twilio",
      phoneNumber: "+14155550100",
      label: state.label,
      twilioConfig: { accountSid: "AC0123456789", authToken: pulumi.secret("twilio-token-faults") },
      agentId: second.agentId,
    });
    new PhoneNumber("pbx", {
      provider: "sip",
      phoneNumber: "+14155550101",
      label: "PBX",
      sipConfig: { address: "sip.provider.com", transport: "tls", username: "u", password: "p" },
    });
  };

  const faultsOn = () => env.emu.addFault({ route: "*", rate: 0.2, seed, count: -1 });
  const faultsOff = () => env.emu.clearFaults();

  /** Ids in the state vs ids in the account, per kind; an extra in the account is a duplicate or orphan. */
  async function accountMatchesState(): Promise<void> {
    const ws = env.emu.workspace(env.apiKey);
    const kinds: [string, string[]][] = [
      ["Agent", Object.keys(ws.agents)],
      ["KnowledgeDocument", Object.keys(ws.documents)],
      ["PhoneNumber", Object.keys(ws.phoneNumbers)],
      ["Tool", Object.keys(ws.tools)],
      ["Secret", Object.keys(ws.secrets)],
    ];
    for (const [type, inAccount] of kinds) {
      const inState = (await stack.resources(typeToken(type))).map((r) => String(r.id));
      const extra = inAccount.filter((id) => !inState.includes(id));
      tally.duplicates += extra.length;
      expect(inAccount.sort(), type).toEqual(inState.sort());
    }
  }

  /** An `up` under faults, re-run until it succeeds; then, faults off, nothing to do and the account is the state. */
  async function upUnderFaults(): Promise<void> {
    faultsOn();
    await converge(tally, () => stack.up({ parallel: 1 }));
    faultsOff();
    expect((await stack.preview()).changes).toEqual({});
    expect((await stack.refresh()).changes).toEqual({});
    await accountMatchesState();
  }

  it("deploys, updates and destroys, converging on plain re-runs, with nothing duplicated or left", async () => {
    stack = await TestStack.create(program, { ...env, stackName: `faults-${seed}` });
    try {
      await upUnderFaults();

      // An update: a prompt, a label and a tool in place, a document replaced.
      state.prompt = "You help, briefly.";
      state.toolDescription = "Looks up an order by its number";
      state.label = "Support Line (EU)";
      state.faqUrl = "https://docs.example.com/faq-v2";
      await upUnderFaults();

      faultsOn();
      await converge(tally, () => stack.destroy({ parallel: 1 }));
      faultsOff();
      const left = env.emu.workspace(env.apiKey).counts();
      tally.orphans += left.agents + left.documents + left.phoneNumbers + left.tools + left.secrets;
      expect(env.emu.workspace(env.apiKey).isEmpty()).toBe(true);
      tallies.push(tally);
    } finally {
      faultsOff();
      await stack.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("an up killed after its fourth create", () => {
  const env = useEmulator({}, "live");
  let stack: TestStack;
  const stackName = `killed-${process.pid}`;
  const program = async () => {
    for (let i = 1; i <= 10; i++) new Agent(`agent-${i}`, { name: `Agent ${i}`, conversationConfig: {} });
  };

  /** The engine process running this stack's operation (the Automation API's `pulumi` child). */
  function enginePid(): number | undefined {
    const ps = execFileSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" });
    const line = ps
      .split("\n")
      .find((l) => l.includes("--exec-kind auto.inline") && l.includes(`--stack ${stackName}`));
    return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
  }

  /**
   * The processes started by `pid`, transitively (the engine's provider plugin and its Node
   * process). A dying CI runner takes them along; killed with the engine, they are not left
   * behind as orphans serving nobody after the test.
   */
  function descendants(pid: number): number[] {
    const rows = execFileSync("ps", ["-eo", "pid=,ppid="], { encoding: "utf8" })
      .trim()
      .split("\n")
      .map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
    const out: number[] = [];
    for (let parents = [pid]; parents.length > 0; ) {
      const children = rows.filter(([, ppid]) => parents.includes(ppid)).map(([child]) => child);
      out.push(...children);
      parents = children;
    }
    return out;
  }

  it("recovers with `pulumi cancel` and `pulumi up`: every agent once, none left behind", async () => {
    stack = await TestStack.create(program, { ...env, stackName });
    try {
      const created = () =>
        env.emu.requests().filter((r) => r.route === "POST /agents/create" && r.status === 200);
      const running = stack.up({ parallel: 1 }).then(
        () => "finished",
        () => "killed",
      );
      // Kill the engine and its provider (SIGKILL: no clean-up, as when a CI runner dies) once four
      // agents exist.
      for (let i = 0; i < 600 && created().length < 4; i++) await new Promise((r) => setTimeout(r, 50));
      const pid = enginePid();
      expect(pid, "the engine process").toBeDefined();
      const children = descendants(Number(pid));
      process.kill(Number(pid), "SIGKILL");
      for (const child of children) {
        try {
          process.kill(child, "SIGKILL");
        } catch {
          // already gone
        }
      }
      expect(await running).toBe("killed");
      const madeBeforeKill = created().length;
      expect(madeBeforeKill).toBeGreaterThanOrEqual(4);

      // What a user does: release the stale lock, then run up again.
      await stack.stack.cancel();
      await stack.up({ parallel: 1 });
      const agents = Object.values(env.emu.workspace(env.apiKey).agents);
      expect(agents.map((a) => a.name).sort()).toEqual(
        Array.from({ length: 10 }, (_, i) => `Agent ${i + 1}`).sort(),
      );
      const inState = (await stack.resources(typeToken("Agent"))).map((r) => String(r.id)).sort();
      expect(agents.map((a) => a.agent_id).sort()).toEqual(inState);
      expect((await stack.preview()).changes).toEqual({});
      expect((await stack.refresh()).changes).toEqual({});
      console.log(
        `killed up: ${madeBeforeKill} agents made before the kill, 10 after the re-run, 0 duplicates`,
      );
      await stack.destroy();
      expect(env.emu.workspace(env.apiKey).isEmpty()).toBe(true);
    } finally {
      await stack.dispose();
    }
  });
});
