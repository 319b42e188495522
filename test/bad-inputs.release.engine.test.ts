/**
 * Preview rejects bad inputs of the release machinery before any request, naming the property,
 * printing no secret: AgentTest, AgentBranch, AgentDeployment and EnvironmentVariable (live), the
 * Agent's `versioning` and a number's branch and environment, and each of them in a legacy stack
 * (they exist only in the live dialect). Hand-picked classes (rules across properties, the API's
 * spellings, typos) and cases generated from the schemas (test/helpers/invalid.ts), packed into
 * batches with one preview each (test/helpers/previews.ts), as test/bad-inputs.engine.test.ts does
 * for the other resources.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dialect } from "../client/http/settings";
import { RESOURCES } from "../provider/resources";
import { agentBranch } from "../provider/resources/agentBranch";
import { agentDeployment } from "../provider/resources/agentDeployment";
import { agentTest } from "../provider/resources/agentTest";
import { environmentVariable } from "../provider/resources/environmentVariable";
import { type TestEmulator, useEmulator } from "./helpers/emulator";
import {
  type Batch,
  handCase,
  type InvalidCase,
  invalidCases,
  type PrintedFailure,
  pack,
  printedFailures,
  reasonPath,
} from "./helpers/invalid";
import { PreviewPool, type PreviewResult } from "./helpers/previews";
import { type Args, declare } from "./helpers/resources";

/** Values that must never reach the engine's output. */
const MARK = { value: "env-value-MARKER-5b7c1d", twilio: "twilio-token-MARKER-0e9f8a" } as const;

const CHAT = [{ role: "user", message: "When are you open?", timeInCallSecs: 1 }];
const RESPONSE_TEST: Args = {
  type: "llm",
  name: "Mentions the hours",
  chatHistory: CHAT,
  successCondition: "Gives the hours",
};
const TOOL_TEST: Args = {
  type: "tool",
  name: "Looks the order up",
  chatHistory: CHAT,
  toolCallParameters: { referencedTool: { id: "tool_batch", type: "client" }, parameters: [] },
};
const BRANCH: Args = { agentId: "agent_batch", name: "staging", description: "Staging" };
const DEPLOYMENT: Args = {
  agentId: "agent_batch",
  traffic: [
    { branchId: "agtbrch_main", percentage: 90 },
    { branchId: "agtbrch_canary", percentage: 10 },
  ],
};
const VARIABLE: Args = {
  label: "crm_url",
  type: "string",
  values: { production: MARK.value, staging: "https://s.example.com" },
};
const AGENT: Args = { name: "Versioned", conversationConfig: {} };
const NUMBER: Args = {
  provider: "twilio",
  phoneNumber: "+14155550100",
  label: "Support",
  twilioConfig: { accountSid: "AC0123456789", authToken: MARK.twilio },
  agentId: "agent_batch",
};

/** One resource kind in one dialect, and its cases. */
interface Plan {
  readonly kind: string;
  readonly dialect: Dialect;
  readonly cases: InvalidCase[];
}

function testCases(): InvalidCase[] {
  return [
    handCase("rule", RESPONSE_TEST, ["toolCallParameters"], TOOL_TEST.toolCallParameters, {
      says: "only for tool-call tests (type 'tool')",
    }),
    handCase("rule", RESPONSE_TEST, ["successCondition"], undefined, {
      says: "required for a response test",
    }),
    handCase("rule", RESPONSE_TEST, ["name"], "   ", { name: "name blank" }),
    handCase("enum", RESPONSE_TEST, ["type"], "simulation", { name: "type simulation (not declarable)" }),
    handCase(
      "length",
      RESPONSE_TEST,
      ["failureExamples"],
      Array(6).fill({ response: "No.", type: "failure" }),
      {
        name: "six failure examples (at most 5)",
      },
    ),
    handCase("enum", RESPONSE_TEST, ["chatHistory", 0, "role"], "system"),
    handCase("type", RESPONSE_TEST, ["chatHistory", 0, "timeInCallSecs"], "soon"),
    handCase("wire-spelling", RESPONSE_TEST, ["success_condition"], "Gives the hours", {
      says: "did you mean successCondition?",
    }),
    handCase("typo", RESPONSE_TEST, ["chatHistroy"], CHAT, { says: "did you mean chatHistory?" }),
    handCase("rule", TOOL_TEST, ["successCondition"], "Gives the hours", {
      says: "only for response tests (type 'llm')",
      name: "successCondition on a tool-call test",
    }),
    handCase("rule", TOOL_TEST, ["toolCallParameters"], undefined, {
      says: "required for a tool-call test",
      name: "tool-call test without toolCallParameters",
    }),
    handCase("enum", TOOL_TEST, ["toolCallParameters", "referencedTool", "type"], "robot"),
    handCase(
      "enum",
      TOOL_TEST,
      ["toolCallParameters", "parameters"],
      [{ path: "order_id", eval: { type: "fuzzy" } }],
      {
        paths: ["toolCallParameters.parameters[0].eval.type"],
        name: "a parameter judged 'fuzzy'",
      },
    ),
  ];
}

function branchCases(): InvalidCase[] {
  return [
    handCase("rule", BRANCH, ["agentId"], " ", { name: "agentId blank" }),
    handCase("rule", BRANCH, ["name"], "", { name: "name empty" }),
    handCase("length", BRANCH, ["name"], "b".repeat(141), { name: "name of 141 characters" }),
    handCase("length", BRANCH, ["description"], "d".repeat(4097), { name: "description of 4097 characters" }),
    handCase("enum", BRANCH, ["protectionStatus"], "everyone"),
    handCase("bound", BRANCH, ["conversationConfig", "tts", "stability"], 7),
    handCase(
      "wire-spelling",
      BRANCH,
      ["conversation_config"],
      { agent: { first_message: "Hi" } },
      {
        says: "did you mean conversationConfig.agent.firstMessage?",
      },
    ),
    handCase("typo", BRANCH, ["desciption"], "Staging", { says: "did you mean description?" }),
    handCase("unknown-key", BRANCH, ["trafficPercentage"], 10),
  ];
}

function deploymentCases(): InvalidCase[] {
  const traffic = DEPLOYMENT.traffic as Args[];
  return [
    handCase("rule", DEPLOYMENT, ["traffic", 1, "percentage"], 20, {
      paths: ["traffic"],
      says: "traffic: the percentages sum to 110, not 100",
      name: "percentages summing to 110",
    }),
    handCase("bound", DEPLOYMENT, ["traffic", 0, "percentage"], 120),
    handCase("bound", DEPLOYMENT, ["traffic", 0, "percentage"], -5, { name: "traffic[0].percentage -5" }),
    handCase("rule", DEPLOYMENT, ["traffic", 1, "branchId"], "agtbrch_main", {
      says: "is named twice",
      name: "one branch named twice",
    }),
    handCase("length", DEPLOYMENT, ["traffic"], [], {
      says: "must name at least one branch",
      name: "no branch",
    }),
    handCase("rule", DEPLOYMENT, ["traffic", 0, "branchId"], "  ", { name: "branchId blank" }),
    handCase("wire-spelling", DEPLOYMENT, ["traffic"], [{ branch_id: "agtbrch_main", percentage: 100 }], {
      paths: ["traffic[0].branch_id", "traffic[0].branchId"],
      says: "did you mean traffic[0].branchId?",
      name: "traffic[0].branch_id",
    }),
    handCase("type", DEPLOYMENT, ["traffic"], { main: 100 }, { name: "traffic as a map" }),
    handCase("rule", { ...DEPLOYMENT, traffic: [traffic[0], traffic[1]] }, ["agentId"], undefined, {
      name: "agentId missing",
    }),
  ];
}

function variableCases(): InvalidCase[] {
  return [
    handCase("pattern", VARIABLE, ["label"], "crm url", {
      says: "letters, digits and _ only",
      name: "label with a space",
    }),
    handCase("pattern", VARIABLE, ["label"], "crm-url", { name: "label with a dash" }),
    handCase("rule", VARIABLE, ["values", "production"], undefined, {
      says: "every variable has a production value",
      name: "no production value",
    }),
    handCase("rule", VARIABLE, ["values", "Staging"], "https://s.example.com", {
      says: "not an environment name",
      name: "environment Staging (upper case)",
    }),
    handCase("rule", VARIABLE, ["values", "staging"], "  ", { name: "staging value blank" }),
    handCase("enum", VARIABLE, ["type"], "number"),
    handCase("type", VARIABLE, ["values"], MARK.value, { name: "values as a string" }),
    handCase("typo", VARIABLE, ["lable"], "crm_url", {
      paths: ["lable", "label"],
      says: "did you mean label?",
    }),
  ];
}

/** The Agent's versioning and a number's branch and environment (live). */
function agentAndNumberCases(): InvalidCase[] {
  return [handCase("type", AGENT, ["versioning"], "yes", { name: "versioning as a string" })];
}

function numberCases(dialect: Dialect): InvalidCase[] {
  if (dialect === "legacy")
    return [
      handCase("rule", NUMBER, ["branchId"], "agtbrch_main", {
        says: "branchId exists only in the live API dialect",
        name: "branchId (live only)",
      }),
    ];
  const { agentId: _a, ...unassigned } = NUMBER;
  return [
    handCase("rule", unassigned, ["branchId"], "agtbrch_main", {
      says: "only with agentId",
      name: "branchId without agentId",
    }),
    handCase("pattern", NUMBER, ["environment"], "Prod!", { name: "environment Prod!" }),
  ];
}

/** In a legacy stack, a resource only the live dialect has fails saying so. */
function liveOnlyCase(kind: string, args: Args): InvalidCase {
  return handCase("rule", args, [], undefined, {
    paths: [kind],
    says: `${kind} exists only in the live API dialect`,
  });
}

/** Hand cases first; generated ones (top-level properties) where no hand case is. */
function plan(kind: string, dialect: Dialect, hand: InvalidCase[], generated: InvalidCase[] = []): Plan {
  const taken = new Set(hand.map((h) => JSON.stringify(h.at)));
  return { kind, dialect, cases: [...hand, ...generated.filter((c) => !taken.has(JSON.stringify(c.at)))] };
}

/** Generated cases of the top-level properties (the Agent's trees have their own test). */
const topLevel = (schema: Parameters<typeof invalidCases>[0], base: Args, skip: readonly string[] = []) =>
  invalidCases(schema, base, { maxDepth: 1, within: (p) => !skip.includes(String(p[0])) }).cases;

const PLANS: Plan[] = [
  plan("AgentTest", "live", testCases(), topLevel(agentTest.args, RESPONSE_TEST, ["chatHistory"])),
  plan(
    "AgentBranch",
    "live",
    branchCases(),
    topLevel(agentBranch.args, BRANCH, ["conversationConfig", "platformSettings", "workflow"]),
  ),
  plan("AgentDeployment", "live", deploymentCases(), topLevel(agentDeployment.args, DEPLOYMENT)),
  plan(
    "EnvironmentVariable",
    "live",
    variableCases(),
    topLevel(environmentVariable.args, VARIABLE, ["values"]),
  ),
  plan("Agent", "live", agentAndNumberCases()),
  plan("PhoneNumber", "live", numberCases("live")),
  plan("AgentTest", "legacy", [liveOnlyCase("AgentTest", RESPONSE_TEST)]),
  plan("AgentBranch", "legacy", [liveOnlyCase("AgentBranch", BRANCH)]),
  plan("AgentDeployment", "legacy", [liveOnlyCase("AgentDeployment", DEPLOYMENT)]),
  plan("EnvironmentVariable", "legacy", [liveOnlyCase("EnvironmentVariable", VARIABLE)]),
  plan("Agent", "legacy", [
    handCase("rule", AGENT, ["versioning"], true, {
      says: "versioning exists only in the live API dialect",
      name: "versioning (live only)",
    }),
  ]),
  plan("PhoneNumber", "legacy", numberCases("legacy")),
];

interface Seen {
  readonly batch: Batch;
  readonly result: PreviewResult;
  readonly failures: PrintedFailure[];
}

describe("bad inputs of the release machinery fail the preview, naming the property, before any request", () => {
  const emulators: Record<Dialect, TestEmulator> = {
    live: useEmulator({}, "live"),
    legacy: useEmulator({}, "legacy"),
  };
  const seen = new Map<InvalidCase, Seen>();
  const perPlan = new Map<Plan, Seen[]>();
  let pools: PreviewPool[] = [];

  beforeAll(async () => {
    const packed: { plan: Plan; batches: Batch[] }[] = [];
    const saved = process.env.ELEVENLABS_API_DIALECT;
    try {
      for (const p of PLANS) {
        process.env.ELEVENLABS_API_DIALECT = p.dialect;
        const r = RESOURCES.find((x) => x.type === p.kind);
        if (!r) throw new Error(`no resource ${p.kind}`);
        const judge = async (args: Args) =>
          ((await r.handler.check({}, args)).failures ?? []).map((f) => reasonPath(f.reason));
        packed.push({ plan: p, batches: await pack(p.cases, judge) });
      }
    } finally {
      if (saved === undefined) delete process.env.ELEVENLABS_API_DIALECT;
      else process.env.ELEVENLABS_API_DIALECT = saved;
    }
    const previews: Record<Dialect, PreviewPool> = {
      live: new PreviewPool(1, () => ({
        baseUrl: emulators.live.baseUrl,
        apiKey: emulators.live.apiKey,
        dialect: "live",
      })),
      legacy: new PreviewPool(1, () => ({
        baseUrl: emulators.legacy.baseUrl,
        apiKey: emulators.legacy.apiKey,
        dialect: "legacy",
      })),
    };
    pools = Object.values(previews);
    await Promise.all(
      packed.flatMap(({ plan: p, batches }) =>
        batches.map(async (batch) => {
          const result = await previews[p.dialect].preview(p.dialect, async () => {
            declare(p.kind, "bad", batch.args);
          });
          const s: Seen = { batch, result, failures: printedFailures(result.text) };
          for (const c of batch.cases) seen.set(c, s);
          perPlan.set(p, [...(perPlan.get(p) ?? []), s]);
        }),
      ),
    );
  });

  afterAll(async () => {
    for (const p of pools) await p.dispose();
    const total = PLANS.reduce((n, p) => n + p.cases.length, 0);
    const rows = PLANS.map(
      (p) =>
        `${p.kind.padEnd(20)} ${p.dialect.padEnd(7)} ${String(p.cases.length).padStart(3)} cases in ${(perPlan.get(p) ?? []).length} previews`,
    );
    console.log(`[bad inputs, release] ${total} cases\n${rows.join("\n")}`);
  });

  it("covers each new resource in both dialects with at least 30 cases in all", () => {
    expect(PLANS.reduce((n, p) => n + p.cases.length, 0)).toBeGreaterThanOrEqual(30);
    for (const kind of ["AgentTest", "AgentBranch", "AgentDeployment", "EnvironmentVariable"])
      for (const dialect of ["live", "legacy"] as const)
        expect(PLANS.some((p) => p.kind === kind && p.dialect === dialect && p.cases.length > 0)).toBe(true);
  });

  for (const p of PLANS) {
    describe(`${p.kind} (${p.dialect})`, () => {
      it.each(p.cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
        const s = seen.get(c);
        expect(s, "the case was previewed").toBeDefined();
        if (!s) return;
        expect(s.result.failed).toBe(true);
        const named = s.failures.map((f) => f.path);
        for (const path of c.paths) expect(named, `failures of ${c.name}`).toContain(path);
        const says = c.says ?? (c.kind === "unknown-key" ? "unknown property" : undefined);
        if (says)
          expect(
            s.failures
              .filter((f) => f.path === c.paths[0])
              .map((f) => f.reason)
              .join("\n"),
          ).toContain(says);
        for (const m of Object.values(MARK)) expect(s.result.text).not.toContain(m);
      });

      it("no failure names a property no case made wrong", () => {
        for (const s of perPlan.get(p) ?? []) {
          const wanted = new Set(s.batch.cases.flatMap((c) => c.paths));
          expect(s.failures.map((f) => f.path).filter((x) => !wanted.has(x))).toEqual([]);
        }
      });
    });
  }

  it("no request reached the API", () => {
    expect(emulators.live.emu.requests()).toEqual([]);
    expect(emulators.legacy.emu.requests()).toEqual([]);
  });
});
