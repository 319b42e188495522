/**
 * Preview rejects bad input of the workspace resources before any request, naming the property,
 * and never prints a secret: McpServer, WorkspaceSettings, WhatsAppAccount, KnowledgeFolder, the
 * KnowledgeDocument's folder and RAG index, and an Agent's `unmodeledSettings`. Invalid inputs are
 * generated from the resources' zod schemas (test/helpers/invalid.ts: a value outside an enum, a
 * number past its bound, a blank string, a wrong type, an unknown key, the API's snake_case
 * spelling, a typo) and picked by hand for what the walk cannot make (duplicate tools, a modeled or
 * unreachable wire path, the live-only resources in a legacy stack). Cases are packed into batches
 * (one resource, many independent bad properties) and each batch is one preview, as in
 * test/bad-inputs.engine.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dialect } from "../client/http/settings";
import { RESOURCES } from "../provider/resources";
import { agent } from "../provider/resources/agent";
import { knowledgeFolder } from "../provider/resources/knowledgeFolder";
import { mcpServer } from "../provider/resources/mcpServer";
import { whatsAppAccount } from "../provider/resources/whatsAppAccount";
import { workspaceSettings } from "../provider/resources/workspaceSettings";
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

/** Credentials in the batches: none may reach the engine's output. */
const MARK = { header: "Bearer mcp-header-MARKER-5d2a", hook: "hook-header-MARKER-8e1f" } as const;

/** Values the programs pass as Pulumi secrets. */
const SECRET_PATHS: Record<Kind, readonly string[]> = {
  McpServer: ["requestHeaders"],
  WorkspaceSettings: ["conversationInitiationClientDataWebhook"],
};

const MCP: Args = {
  name: "CRM tools",
  url: "https://mcp.example.com/mcp",
  transport: "STREAMABLE_HTTP",
  requestHeaders: { Authorization: MARK.header },
  approvalPolicy: "require_approval_per_tool",
  toolApprovals: [{ toolName: "lookup", toolDescription: "Looks up", approvalPolicy: "auto_approved" }],
  toolConfigOverrides: [{ toolName: "create_ticket", executionMode: "async" }],
};
const SETTINGS: Args = {
  conversationInitiationClientDataWebhook: {
    url: "https://hooks.example.com/init",
    requestHeaders: { "X-Token": MARK.hook },
  },
  webhooks: { events: ["transcript"], transcriptFormat: "json" },
  ragRetentionPeriodDays: 20,
};
const WHATSAPP: Args = { phoneNumberId: "wa_1", assignedAgentId: "agent_x", enableMessaging: true };
const FOLDER: Args = { name: "Policies", parentFolderId: "folder_x" };
const DOC: Args = {
  name: "Refunds",
  text: "30 days.",
  parentFolderId: "folder_x",
  ragIndexModel: "e5_mistral_7b_instruct",
};
const AGENT: Args = {
  name: "Newer",
  conversationConfig: {},
  unmodeledSettings: { "platform_settings.ban": {} },
};

/** One resource kind in one dialect, and its cases. */
interface Plan {
  readonly kind: Kind;
  readonly dialect: Dialect;
  readonly cases: InvalidCase[];
}

/** Hand-picked cases, then generated ones at properties no hand-picked case takes. */
function plan(kind: Kind, dialect: Dialect, hand: InvalidCase[], gen: InvalidCase[] = []): Plan {
  const taken = hand.map((h) => JSON.stringify(h.at));
  return { kind, dialect, cases: [...hand, ...gen.filter((c) => !taken.includes(JSON.stringify(c.at)))] };
}

/** In a legacy stack, a resource only the live dialect has fails saying so. */
function liveOnlyCase(kind: Kind, args: Args): InvalidCase {
  return handCase("rule", args, [], undefined, {
    paths: [kind],
    says: `${kind} exists only in the live API dialect`,
  });
}

function plans(): Plan[] {
  const mcp = [
    handCase("wire-spelling", MCP, ["approval_policy"], "auto_approve_all", {
      says: "did you mean approvalPolicy?",
    }),
    handCase("typo", MCP, ["trasnport"], "SSE", { says: "did you mean transport?" }),
    handCase("enum", MCP, ["transport"], "WEBSOCKET"),
    handCase(
      "rule",
      MCP,
      ["toolApprovals"],
      [...(MCP.toolApprovals as Args[]), { toolName: "lookup", toolDescription: "Again" }],
      { name: "toolApprovals lists a tool twice", says: 'lists tool "lookup" twice' },
    ),
  ];
  const settings = [
    handCase("bound", SETTINGS, ["ragRetentionPeriodDays"], 31),
    handCase("enum", SETTINGS, ["webhooks", "events", 0], "everything"),
    handCase("wire-spelling", SETTINGS, ["can_use_mcp_servers"], true, {
      says: "did you mean canUseMcpServers?",
    }),
  ];
  const whatsapp = [
    handCase("rule", WHATSAPP, ["phoneNumberId"], "   ", { name: "phoneNumberId blank" }),
    handCase("type", WHATSAPP, ["enableTypingIndicator"], "yes"),
    handCase("wire-spelling", WHATSAPP, ["assigned_agent_id"], "agent_y", {
      says: "did you mean assignedAgentId?",
    }),
  ];
  const folder = [
    handCase("rule", FOLDER, ["name"], " ", { name: "name blank" }),
    handCase("unknown-key", FOLDER, ["autoSync"], true),
  ];
  const doc = [
    handCase("enum", DOC, ["ragIndexModel"], "bert"),
    handCase("rule", DOC, ["parentFolderId"], "  ", { name: "parentFolderId blank" }),
  ];
  const unmodeled = (path: string, value: unknown, says: string, name: string) =>
    handCase("rule", AGENT, ["unmodeledSettings", path], value, { says, name });
  const agentCases = [
    unmodeled(
      "conversation_config.tts.voice_id",
      "v",
      "declare it as conversationConfig.tts.voiceId instead",
      "unmodeledSettings at a modeled path",
    ),
    unmodeled(
      "platform_settings.data_collection.tier",
      {},
      "a map whose keys you name",
      "unmodeledSettings below a user-keyed map",
    ),
    unmodeled(
      "conversation_config..tts",
      1,
      "must be a dotted wire path",
      "unmodeledSettings with an empty segment",
    ),
  ];
  return [
    plan("McpServer", "live", mcp, invalidCases(mcpServer.args, MCP, { maxDepth: 3 }).cases),
    plan("WorkspaceSettings", "live", settings, invalidCases(workspaceSettings.args, SETTINGS).cases),
    plan("WhatsAppAccount", "live", whatsapp, invalidCases(whatsAppAccount.args, WHATSAPP).cases),
    plan("KnowledgeFolder", "live", folder, invalidCases(knowledgeFolder.args, FOLDER).cases),
    plan("KnowledgeDocument", "live", doc),
    plan("Agent", "live", agentCases),
    plan("McpServer", "legacy", [liveOnlyCase("McpServer", MCP)]),
    plan("WorkspaceSettings", "legacy", [liveOnlyCase("WorkspaceSettings", SETTINGS)]),
    plan("WhatsAppAccount", "legacy", [liveOnlyCase("WhatsAppAccount", WHATSAPP)]),
    plan("KnowledgeFolder", "legacy", [liveOnlyCase("KnowledgeFolder", FOLDER)]),
    plan("KnowledgeDocument", "legacy", [
      handCase(
        "rule",
        { name: "Refunds", url: "https://docs.example.com/r", agentId: "agent_x" },
        ["ragIndexModel"],
        "e5_mistral_7b_instruct",
        {
          says: "ragIndexModel exists only in the live API dialect",
          name: "ragIndexModel in a legacy stack",
        },
      ),
    ]),
  ];
}

const PLANS = plans();

interface Seen {
  readonly batch: Batch;
  readonly result: PreviewResult;
  readonly failures: PrintedFailure[];
}

describe("bad inputs of the workspace resources fail the preview, naming the property, before any request", () => {
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
        const { handler } = RESOURCES.find((r) => r.type === p.kind) ?? agent;
        const judge = async (args: Args) =>
          ((await handler.check({}, args)).failures ?? []).map((f) => reasonPath(f.reason));
        packed.push({ plan: p, batches: await pack(p.cases, judge) });
      }
    } finally {
      if (saved === undefined) delete process.env.ELEVENLABS_API_DIALECT;
      else process.env.ELEVENLABS_API_DIALECT = saved;
    }
    const previews: Record<Dialect, PreviewPool> = {
      live: new PreviewPool(1, () => ({ ...emulators.live, dialect: "live" })),
      legacy: new PreviewPool(1, () => ({ ...emulators.legacy, dialect: "legacy" })),
    };
    pools = Object.values(previews);
    await Promise.all(
      packed.flatMap(({ plan: p, batches }) =>
        batches.map(async (batch) => {
          const args = withSecrets(batch.args, SECRET_PATHS[p.kind] ?? []);
          const result = await previews[p.dialect].preview(p.dialect, async () => {
            declare(p.kind, "bad", args);
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
    const rows = PLANS.map(
      (p) =>
        `${p.kind.padEnd(18)} ${p.dialect.padEnd(7)} ${String(p.cases.length).padStart(4)} cases in ${(perPlan.get(p) ?? []).length} previews`,
    );
    console.log(
      `[bad inputs, workspace] ${PLANS.reduce((n, p) => n + p.cases.length, 0)} cases\n${rows.join("\n")}`,
    );
  });

  it("covers every new resource in both dialects with at least 20 cases", () => {
    expect(PLANS.reduce((n, p) => n + p.cases.length, 0)).toBeGreaterThanOrEqual(20);
    for (const kind of ["McpServer", "WorkspaceSettings", "WhatsAppAccount", "KnowledgeFolder"])
      for (const dialect of ["live", "legacy"] as const)
        expect(PLANS.some((p) => p.kind === kind && p.dialect === dialect && p.cases.length > 0)).toBe(true);
  });

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

  for (const p of PLANS) {
    describe(`${p.kind} (${p.dialect})`, () => {
      it.each(p.cases.map((c) => [c.name, c] as const))("%s", (_, c) => assertCase(c));

      it("no failure names a property no case made wrong", () => {
        for (const s of perPlan.get(p) ?? []) {
          const wanted = new Set(s.batch.cases.flatMap((c) => c.paths));
          expect(s.failures.map((f) => f.path).filter((q) => !wanted.has(q))).toEqual([]);
        }
      });
    });
  }

  it("no request reached the API", () => {
    expect(emulators.live.emu.requests()).toEqual([]);
    expect(emulators.legacy.emu.requests()).toEqual([]);
  });
});
