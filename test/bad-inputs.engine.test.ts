/**
 * Preview rejects what the service would reject, before any request, naming the property, and
 * never prints a secret. Through the real engine, in both dialects, for every resource: invalid
 * inputs generated from the resources' zod schemas (an enum value outside the enum, a number past
 * its bound, a blank or mismatching string, a wrong type, an unknown key, the API's snake_case
 * spelling of a key, a typo), and hand-picked classes the walk cannot make (the service's
 * language codes per dialect, blank ids, credentials for the wrong provider, cross-field rules,
 * resources only the live dialect has).
 *
 * The engine stops at the first resource whose check fails but prints every failure of it, so
 * cases are packed into batches (one resource, many independent bad properties) and each batch
 * is one preview (one stack per dialect, the two dialects side by side). Every case then asserts
 * on its batch's output.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveShapes } from "../client/generated/live";
import type { Dialect } from "../client/http/settings";
import { GENERIC, toWire } from "../client/wire";
import { supportedLanguages, validateRequest } from "../emulator";
import { RESOURCES } from "../provider/resources";
import { agent } from "../provider/resources/agent";
import { knowledgeDocument } from "../provider/resources/knowledgeDocument";
import { phoneNumber } from "../provider/resources/phoneNumber";
import { secret } from "../provider/resources/secret";
import { tool } from "../provider/resources/tool";
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
import { type Args, declare, type Kind, withSecrets } from "./helpers/resources";

/** Credentials in every batch: none may reach the engine's output. */
const MARK = {
  twilio: "twilio-token-MARKER-4c1f9a",
  sip: "sip-password-MARKER-77aa01",
  secret: "secret-value-MARKER-9e2d55",
  header: "Bearer header-MARKER-0b3c7e",
} as const;

/** Values the programs pass as Pulumi secrets (the SDK adds `twilioConfig`, `sipConfig`, `value`). */
const SECRET_PATHS: Record<Kind, readonly string[]> = {
  Agent: [],
  KnowledgeDocument: [],
  PhoneNumber: [],
  Tool: ["toolConfig.apiSchema.requestHeaders.Authorization"],
  Secret: [],
};

const files = mkdtempSync(join(tmpdir(), "bad-inputs-"));
const MANUAL = join(files, "manual.md");
writeFileSync(MANUAL, "# Manual\n");

const AGENT: Args = { name: "Bad inputs", conversationConfig: {} };
const DOC_URL: Args = { name: "Handbook", url: "https://docs.example.com/handbook", agentId: "agent_batch" };
const DOC_TEXT: Args = { name: "Hours", text: "Open 9-5." };
const TWILIO: Args = {
  provider: "twilio",
  phoneNumber: "+14155550100",
  label: "Support",
  twilioConfig: { accountSid: "AC0123456789", authToken: MARK.twilio },
};
const SIP: Args = {
  provider: "sip",
  phoneNumber: "+14155550101",
  label: "PBX",
  sipConfig: { address: "sip.example.com", transport: "tls", username: "pbx", password: MARK.sip },
};
const TOOL: Args = {
  toolConfig: {
    type: "webhook",
    name: "lookup_order",
    description: "Looks up an order by its number.",
    apiSchema: { url: "https://api.example.com/orders", requestHeaders: { Authorization: MARK.header } },
  },
};
const SECRET: Args = { name: "crm-token", value: MARK.secret };

/** One resource kind in one dialect, and its cases. */
interface Plan {
  readonly kind: Kind;
  readonly dialect: Dialect;
  readonly cases: InvalidCase[];
  /** Generated cases zod itself does not reject at their path (generator artefacts). */
  readonly dropped: number;
}

/** Agent cases of both dialects: the issue's classes, wire spellings and typos. */
function agentCases(dialect: Dialect): InvalidCase[] {
  const lang = ["conversationConfig", "agent", "language"];
  const cases = [
    handCase("unknown-key", AGENT, ["descripton"], "Answers questions about orders."),
    handCase(
      "wire-spelling",
      AGENT,
      ["platform_settings"],
      { auth: { enable_auth: true } },
      { says: "did you mean platformSettings.auth.enableAuth?" },
    ),
    handCase("wire-spelling", AGENT, ["conversationConfig", "tts", "voice_id"], "21m00Tcm4TlvDq8ikWAM", {
      says: "did you mean conversationConfig.tts.voiceId?",
    }),
    handCase("wire-spelling", AGENT, ["conversationConfig", "agent", "first_message"], "Hi!", {
      says: "did you mean conversationConfig.agent.firstMessage?",
    }),
    handCase("typo", AGENT, ["conversationConfig", "agent", "fistMessage"], "Hi!", {
      says: "did you mean conversationConfig.agent.firstMessage?",
    }),
    handCase("rule", AGENT, ["conversationConfig", "tts", "voiceId"], "   "),
    handCase("rule", AGENT, ["conversationConfig", "tts", "modelId"], " "),
    handCase("rule", AGENT, ["tags", 0], "  "),
    handCase("rule", { ...AGENT, tags: ["support"] }, ["tags", 1], "\t", { name: "tags[1] (a tab)" }),
  ];
  // Codes only the other dialect's service accepts (pt-br: live only).
  const mine = new Set(supportedLanguages(dialect));
  const other = supportedLanguages(dialect === "live" ? "legacy" : "live").filter((c) => !mine.has(c));
  for (const code of other) cases.push(handCase("rule", AGENT, lang, code, { name: `language ${code}` }));
  // Codes no service accepts (in legacy stacks pt-br above is the case: one value per property and
  // preview keeps the previews few).
  if (dialect === "live") {
    cases.push(
      handCase("rule", AGENT, lang, "xx", { name: "language xx" }),
      handCase("rule", AGENT, lang, "es-419", { name: "language es-419" }),
    );
  }
  if (dialect === "legacy") cases.push(handCase("rule", AGENT, ["conversationConfig", "stt", "model"], "  "));
  return cases;
}

function documentCases(dialect: Dialect): InvalidCase[] {
  const cases = [
    handCase("unknown-key", DOC_URL, ["description"], "The staff handbook."),
    handCase("wire-spelling", DOC_URL, ["file_path"], "./handbook.pdf", { says: "did you mean filePath?" }),
    handCase("rule", DOC_URL, ["url"], "ftp://docs.example.com/handbook", { name: "url ftp://" }),
    handCase("rule", DOC_URL, ["agentId"], "   ", { name: "agentId blank" }),
    handCase("rule", DOC_URL, ["filePath"], MANUAL, { paths: ["url", "filePath"], name: "url and filePath" }),
  ];
  if (dialect === "live") {
    cases.push(
      handCase("rule", DOC_URL, ["text"], "Open 9-5.", { paths: ["url", "text"], name: "url and text" }),
      handCase("rule", DOC_TEXT, ["usageMode"], "prompt", { name: "usageMode without agentId" }),
    );
  } else {
    // Both on a text document (one base: they share a preview).
    const text = { ...DOC_TEXT, agentId: "agent_batch" };
    cases.push(
      handCase("rule", text, ["text"], "Open 9-5.", { name: "text (live only)" }),
      handCase("rule", text, ["agentId"], undefined, { name: "agentId missing" }),
    );
  }
  return cases;
}

function phoneCases(dialect: Dialect): InvalidCase[] {
  const twilio = TWILIO.twilioConfig;
  const cases = [
    handCase("unknown-key", TWILIO, ["assignedAgent"], 5),
    handCase("rule", TWILIO, ["agentId"], " ", { name: "agentId blank" }),
    handCase("rule", SIP, ["twilioConfig"], twilio, { name: "twilioConfig on a SIP number" }),
    handCase("rule", TWILIO, ["sipConfig"], SIP.sipConfig, { name: "sipConfig on a Twilio number" }),
    handCase("type", TWILIO, ["twilioConfig"], MARK.twilio, { name: "twilioConfig as a string" }),
    handCase("rule", SIP, ["sipConfig", "address"], "   "),
    handCase("rule", TWILIO, ["phoneNumber"], "+0123456", { name: "phoneNumber +0123456" }),
    handCase("enum", TWILIO, ["provider"], "sip_trunk", { name: "provider sip_trunk (the API's value)" }),
    handCase(
      "wire-spelling",
      SIP,
      ["twilio_config"],
      { account_sid: "AC0123456789", auth_token: MARK.twilio },
      { says: "did you mean twilioConfig.accountSid?" },
    ),
  ];
  if (dialect === "legacy") {
    cases.push(
      handCase("enum", SIP, ["sipConfig", "transport"], "auto", {
        name: "sipConfig.transport auto (live only)",
        says: "the live API dialect would accept it",
      }),
    );
  } else {
    const { username: _u, ...noUser } = SIP.sipConfig as Args;
    cases.push(
      handCase("rule", { ...SIP, sipConfig: noUser }, ["sipConfig", "username"], undefined, {
        name: "sipConfig.password without username",
      }),
    );
  }
  return cases;
}

function toolCases(): InvalidCase[] {
  const { apiSchema, ...rest } = TOOL.toolConfig as Args;
  return [
    handCase("wire-spelling", { toolConfig: rest }, ["toolConfig", "api_schema"], apiSchema, {
      paths: ["toolConfig.api_schema", "toolConfig.apiSchema"],
      // The hint goes down to the value's first leaf; the engine sorts keys, so whichever that is.
      says: "did you mean toolConfig.apiSchema.",
    }),
  ];
}

/** In a legacy stack, a resource only the live dialect has fails saying so. */
function liveOnlyCase(kind: "Tool" | "Secret", args: Args): InvalidCase {
  return handCase("rule", args, [], undefined, {
    paths: [kind],
    says: `${kind} exists only in the live API dialect`,
  });
}

/** Generated cases for `base`, walking only where `within` holds. */
function generated(
  schema: Parameters<typeof invalidCases>[0],
  base: Args,
  within?: (p: readonly (string | number)[]) => boolean,
) {
  return invalidCases(schema, base, within ? { within } : {});
}

/**
 * A plan from hand-picked and generated cases; a hand-picked case takes the place of generated
 * ones at the same property (one wrong value per property and batch keeps the previews few).
 */
function plan(
  kind: Kind,
  dialect: Dialect,
  hand: InvalidCase[],
  gen: readonly { cases: InvalidCase[]; dropped: InvalidCase[] }[],
): Plan {
  const taken = hand.map((h) => JSON.stringify(h.at));
  const cases = gen.flatMap((g) => g.cases).filter((c) => !taken.includes(JSON.stringify(c.at)));
  return {
    kind,
    dialect,
    cases: [...hand, ...cases],
    dropped: gen.reduce((n, g) => n + g.dropped.length, 0),
  };
}

/** Every plan: resource kind x dialect. */
function plans(): Plan[] {
  const out: Plan[] = [];
  for (const dialect of ["live", "legacy"] as const) {
    const agentSchema = dialect === "live" ? agent.args : (agent.legacyArgs ?? agent.args);
    out.push(plan("Agent", dialect, agentCases(dialect), [generated(agentSchema, AGENT)]));
    const docs = [generated(knowledgeDocument.args, DOC_URL, (p) => p[0] !== "filePath" && p[0] !== "text")];
    if (dialect === "live") docs.push(generated(knowledgeDocument.args, DOC_TEXT, (p) => p[0] === "text"));
    out.push(plan("KnowledgeDocument", dialect, documentCases(dialect), docs));
    out.push(
      plan("PhoneNumber", dialect, phoneCases(dialect), [
        generated(phoneNumber.args, TWILIO, (p) => p[0] !== "sipConfig"),
        generated(phoneNumber.args, SIP, (p) => p[0] === "sipConfig"),
      ]),
    );
  }
  out.push(plan("Tool", "live", toolCases(), [generated(tool.args, TOOL)]));
  // The secret's value under a misspelled name (and so missing under its own).
  const typo = handCase("typo", { name: SECRET.name, valeu: MARK.secret }, ["value"], undefined, {
    paths: ["valeu", "value"],
    says: "did you mean value?",
    name: "valeu (value misspelled)",
  });
  out.push(plan("Secret", "live", [typo], [generated(secret.args, SECRET)]));
  out.push(plan("Tool", "legacy", [liveOnlyCase("Tool", TOOL)], []));
  out.push(plan("Secret", "legacy", [liveOnlyCase("Secret", SECRET)], []));
  return out;
}

const PLANS = plans();
/** What one batch's preview showed. */
interface Seen {
  readonly batch: Batch;
  readonly result: PreviewResult;
  readonly failures: PrintedFailure[];
}

describe("bad inputs fail the preview, naming the property, before any request, printing no secret", () => {
  const emulators: Record<Dialect, TestEmulator> = {
    live: useEmulator({}, "live"),
    legacy: useEmulator({}, "legacy"),
  };
  const seen = new Map<InvalidCase, Seen>();
  const perPlan = new Map<Plan, Seen[]>();
  let pools: PreviewPool[] = [];
  const stackOptions = (dialect: Dialect) => ({
    baseUrl: emulators[dialect].baseUrl,
    apiKey: emulators[dialect].apiKey,
    dialect,
  });
  let wallMs = 0;

  beforeAll(async () => {
    const started = Date.now();
    // Pack each plan's cases, judged by the provider's own check in process (in its dialect).
    const packed: { plan: Plan; batches: Batch[] }[] = [];
    const saved = process.env.ELEVENLABS_API_DIALECT;
    try {
      for (const plan of PLANS) {
        process.env.ELEVENLABS_API_DIALECT = plan.dialect;
        const { handler } = RESOURCES.find((r) => r.type === plan.kind) ?? agent;
        const judge = async (args: Args) =>
          ((await handler.check({}, args)).failures ?? []).map((f) => reasonPath(f.reason));
        packed.push({ plan, batches: await pack(plan.cases, judge) });
      }
    } finally {
      if (saved === undefined) delete process.env.ELEVENLABS_API_DIALECT;
      else process.env.ELEVENLABS_API_DIALECT = saved;
    }
    // One worker per dialect: this machine is CPU-bound, more previews at once do not finish sooner.
    const previews: Record<Dialect, PreviewPool> = {
      live: new PreviewPool(1, () => stackOptions("live")),
      legacy: new PreviewPool(1, () => stackOptions("legacy")),
    };
    pools = Object.values(previews);
    await Promise.all(
      packed.flatMap(({ plan, batches }) =>
        batches.map(async (batch) => {
          const args = withSecrets(batch.args, SECRET_PATHS[plan.kind] ?? []);
          const result = await previews[plan.dialect].preview(plan.dialect, async () => {
            declare(plan.kind, "bad", args);
          });
          const s: Seen = { batch, result, failures: printedFailures(result.text) };
          for (const c of batch.cases) seen.set(c, s);
          perPlan.set(plan, [...(perPlan.get(plan) ?? []), s]);
        }),
      ),
    );
    wallMs = Date.now() - started;
  });

  afterAll(async () => {
    for (const p of pools) await p.dispose();
    rmSync(files, { recursive: true, force: true });
    const rows = PLANS.map((p) => {
      const runs = perPlan.get(p) ?? [];
      const ms = runs.map((r) => r.result.ms);
      return `${p.kind.padEnd(18)} ${p.dialect.padEnd(7)} ${String(p.cases.length).padStart(4)} cases in ${runs.length} previews (${Math.max(0, ...ms)} ms the longest)`;
    });
    const total = PLANS.reduce((n, p) => n + p.cases.length, 0);
    console.log(`[bad inputs] ${total} cases, wall time ${(wallMs / 1000).toFixed(1)} s\n${rows.join("\n")}`);
  });

  it("covers every resource in both dialects, with at least 100 cases, almost none of them dropped", () => {
    const total = PLANS.reduce((n, p) => n + p.cases.length, 0);
    expect(total).toBeGreaterThanOrEqual(100);
    for (const kind of ["Agent", "KnowledgeDocument", "PhoneNumber", "Tool", "Secret"] as const) {
      for (const dialect of ["live", "legacy"] as const) {
        expect(PLANS.some((p) => p.kind === kind && p.dialect === dialect && p.cases.length > 0)).toBe(true);
      }
    }
    const dropped = PLANS.reduce((n, p) => n + p.dropped, 0);
    expect(dropped / total).toBeLessThan(0.1);
  });

  it("the service rejects the Agent rule cases too (so the preview must)", () => {
    for (const plan of PLANS.filter((p) => p.kind === "Agent")) {
      const shape = plan.dialect === "live" ? liveShapes.AgentArgs : GENERIC;
      for (const c of plan.cases.filter(
        (x) => x.kind === "rule" && x.name !== "rule conversationConfig missing",
      )) {
        const body = toWire(c.args, shape);
        const issues = validateRequest("POST /agents/create", { kind: "json", value: body }, plan.dialect);
        expect(issues, `${plan.dialect} ${c.name}`).not.toEqual([]);
      }
    }
  });

  /** The case's batch showed what the case wants: failed, named its properties, said what it must, no secret. */
  const assertCase = (c: InvalidCase) => {
    const s = seen.get(c);
    expect(s, "the case was previewed").toBeDefined();
    if (!s) return;
    expect(s.result.failed).toBe(true);
    const named = s.failures.map((f) => f.path);
    for (const p of c.paths) expect(named, `failures of ${c.name}`).toContain(p);
    const says = c.says ?? (c.kind === "unknown-key" ? "unknown property" : undefined);
    if (says) {
      const first = s.failures.filter((f) => f.path === c.paths[0]).map((f) => f.reason);
      expect(first.join("\n")).toContain(says);
    }
    for (const m of Object.values(MARK)) expect(s.result.text).not.toContain(m);
  };

  for (const plan of PLANS) {
    describe(`${plan.kind} (${plan.dialect})`, () => {
      it.each(plan.cases.map((c) => [c.name, c] as const))("%s", (_, c) => assertCase(c));

      it("no failure names a property no case made wrong", () => {
        for (const s of perPlan.get(plan) ?? []) {
          const wanted = new Set(s.batch.cases.flatMap((c) => c.paths));
          expect(s.failures.map((f) => f.path).filter((p) => !wanted.has(p))).toEqual([]);
        }
      });
    });
  }

  it("no request reached the API", () => {
    expect(emulators.live.emu.requests()).toEqual([]);
    expect(emulators.legacy.emu.requests()).toEqual([]);
  });
});
