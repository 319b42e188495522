/**
 * AgentDeployment: how a versioned agent's conversations are split between its branches (live
 * dialect only): a staged rollout (90% main, 10% a new branch) or an A/B test. An agent has one
 * traffic split; this resource owns it.
 *
 * Order: schemas, wire mapping, find and read, the declaration (create, update, delete).
 * API: POST /agents/{agent_id}/deployments sets the split; GET /agents/{agent_id}/branches reads it
 * (each branch's `current_live_percentage`). A change is one POST; destroy puts all the traffic
 * back on the main branch (one POST).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import type { WireBranch } from "../../client/endpoints";
import type { ElevenLabsClient } from "../../client/http/client";
import { collect, listed } from "../../client/paging";
import { isPlainObject, type PlainObject } from "../../client/wire";
import { mismatches } from "../kit/adopt";
import { containsUnknown } from "../kit/converge";
import { type Declaration, type Outputs, pick } from "../kit/declaration";
import { client, defineResource, ifFound } from "../kit/resource";

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

const nonBlank = z.string().regex(/\S/, "must not be blank");

const TrafficSchema = z
  .strictObject({
    branchId: nonBlank.describe(
      "A branch of the agent: `agent.mainBranchId`, or an `AgentBranch`'s `branchId`.",
    ),
    percentage: z
      .number()
      .min(0)
      .max(100)
      .describe(
        "The share of the agent's conversations the branch answers, 0 to 100; all shares sum to 100.",
      ),
  })
  .meta({ id: "AgentDeploymentTraffic", description: "One branch's share of an agent's conversations." });

const AgentDeploymentArgsSchema = z.strictObject({
  agentId: nonBlank.describe(
    "The agent whose traffic is split (`agent.agentId`; it needs `versioning: true`). An agent has one split: a new agent replaces the deployment.",
  ),
  traffic: z
    .array(TrafficSchema)
    .min(1, "must name at least one branch")
    .describe(
      "Each branch's share, in percent, summing to 100; a branch left out answers no conversations. E.g. `[{ branchId: agent.mainBranchId, percentage: 90 }, { branchId: canary.branchId, percentage: 10 }]`.",
    ),
});

const AgentDeploymentOutputsSchema = z.strictObject({
  deploymentId: z.string().describe("The deployment's id: the agent's id (an agent has one traffic split)."),
  mainBranchId: z
    .string()
    .optional()
    .describe("The agent's main branch, which gets all the traffic back on destroy."),
});

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

const INPUT_KEYS = ["agentId", "traffic"] as const;

/** The agent's branches (each with its share) and its main branch. */
interface Remote {
  branches: z.infer<typeof WireBranch>[];
  mainBranchId: string;
}

interface Share {
  branchId: string;
  percentage: number;
}

function sharesOf(v: unknown): Share[] {
  return Array.isArray(v)
    ? v.filter(isPlainObject).map((s) => ({ branchId: String(s.branchId), percentage: Number(s.percentage) }))
    : [];
}

/** The live split in the declared order (a declared branch without traffic: 0), then any other branch with traffic. */
function liveTraffic(remote: Remote, declared: unknown): Share[] {
  const live = new Map(remote.branches.map((b) => [b.id, b.current_live_percentage ?? 0]));
  const wanted = sharesOf(declared).map((s) => ({
    branchId: s.branchId,
    percentage: live.get(s.branchId) ?? 0,
  }));
  const named = new Set(wanted.map((s) => s.branchId));
  const others = remote.branches
    .filter((b) => !named.has(b.id) && (b.current_live_percentage ?? 0) > 0)
    .map((b) => ({ branchId: b.id, percentage: b.current_live_percentage ?? 0 }));
  return [...wanted, ...others];
}

function outputs(agentId: string, args: PlainObject, mainBranchId: string | undefined): Outputs {
  return { ...args, deploymentId: agentId, mainBranchId };
}

/** The POST body that sets `shares`. */
function bodyOf(shares: readonly Share[]): PlainObject {
  return {
    deployment_request: {
      requests: shares.map((s) => ({
        branch_id: s.branchId,
        deployment_strategy: { type: "percentage", traffic_percentage: s.percentage },
      })),
    },
  };
}

/** Sets the split (one POST). */
async function deploy(agentId: string, shares: readonly Share[]): Promise<void> {
  await client().call("createDeployment", { params: { agent_id: agentId }, json: bodyOf(shares) });
}

/** Main branches read in this process, by agent (a create reuses what its find read). */
const mains = new Map<string, string>();

/** The agent's main branch (read once per process). */
async function mainBranchOf(api: ElevenLabsClient, agentId: string): Promise<string | undefined> {
  const known = mains.get(agentId);
  if (known !== undefined) return known;
  const agent = await ifFound(api.call("getAgent", { params: { agent_id: agentId } }));
  if (!agent?.main_branch_id) return undefined;
  mains.set(agentId, agent.main_branch_id);
  return agent.main_branch_id;
}

/** The agent's branches and main branch; `undefined` when the agent is gone. */
async function readSplit(
  api: ElevenLabsClient,
  agentId: string,
  mainBranchId?: string,
): Promise<Remote | undefined> {
  let main = mainBranchId;
  if (main === undefined) {
    main = await mainBranchOf(api, agentId);
    if (main === undefined) return undefined;
  }
  const list = await ifFound(api.call("listBranches", { params: { agent_id: agentId } }));
  return list && { branches: list.results, mainBranchId: main };
}

/** Percentages that sum to 100, each branch once; and, when the agent exists, branches of its. */
async function splitRules(args: PlainObject): Promise<dynamic.CheckFailure[]> {
  const shares = sharesOf(args.traffic);
  const failures: dynamic.CheckFailure[] = [];
  const raw = Array.isArray(args.traffic) ? args.traffic : [];
  raw.forEach((s, i) => {
    const id = isPlainObject(s) ? s.branchId : undefined;
    if (
      typeof id === "string" &&
      !containsUnknown(id) &&
      raw.findIndex((x) => isPlainObject(x) && x.branchId === id) < i
    )
      failures.push({
        property: `traffic[${i}].branchId`,
        reason: `traffic[${i}].branchId: ${id} is named twice; give each branch one share`,
      });
  });
  if (!containsUnknown(raw.map((s) => (isPlainObject(s) ? s.percentage : s)))) {
    const sum = shares.reduce((a, s) => a + s.percentage, 0);
    if (Math.abs(sum - 100) > 1e-9)
      failures.push({
        property: "traffic",
        reason: `traffic: the percentages sum to ${sum}, not 100; adjust them so that every conversation goes to a branch`,
      });
  }
  // The branches must be the agent's: checked when the agent and the branches are known.
  const agentId = args.agentId;
  if (failures.length > 0 || typeof agentId !== "string" || containsUnknown(agentId) || containsUnknown(raw))
    return failures;
  const list = await ifFound(client().call("listBranches", { params: { agent_id: agentId } })).catch(
    () => undefined,
  );
  if (!list) return failures;
  const mine = new Set(list.results.filter((b) => !b.is_archived).map((b) => b.id));
  shares.forEach((s, i) => {
    if (!mine.has(s.branchId))
      failures.push({
        property: `traffic[${i}].branchId`,
        reason: `traffic[${i}].branchId: ${s.branchId} is not a live branch of agent ${agentId}; use agent.mainBranchId or an AgentBranch of this agent`,
      });
  });
  return failures;
}

// ---------------------------------------------------------------------------------------------
// The declaration
// ---------------------------------------------------------------------------------------------

const declaration: Declaration<Remote> = {
  type: "AgentDeployment",
  kind: "agentDeployment",
  noun: "agent deployment",
  description:
    "How a versioned agent's conversations are split between its branches (live dialect): a staged rollout or an A/B test. The preview checks that the percentages sum to 100 and that each branch is the agent's. A change is one `POST /agents/{agent_id}/deployments`; destroy sends all the traffic back to the main branch. An agent has one split: declare one AgentDeployment per agent.",
  example: `const agent = new elevenlabs.Agent("support", {
  name: "Support Assistant",
  versioning: true,
  conversationConfig: { agent: { firstMessage: "Hi! How can I help?" } },
});
const canary = new elevenlabs.AgentBranch("canary", {
  agentId: agent.agentId,
  name: "canary",
  conversationConfig: { agent: { prompt: { prompt: "Help customers, and offer the new loyalty plan." } } },
});

new elevenlabs.AgentDeployment("rollout", {
  agentId: agent.agentId,
  traffic: [
    { branchId: agent.mainBranchId, percentage: 95 },
    { branchId: canary.branchId, percentage: 5 },
  ],
});`,
  args: AgentDeploymentArgsSchema,
  outputs: AgentDeploymentOutputsSchema,
  replaces: { live: ["agentId"] },

  live: {
    refine: async (args, _news, schemaFailed) => (schemaFailed ? {} : { failures: await splitRules(args) }),

    read: (id, bag) =>
      readSplit(client(), id, typeof bag.mainBranchId === "string" ? bag.mainBranchId : undefined),

    mismatches: (remote, bag) =>
      mismatches({ traffic: liveTraffic(remote, bag.traffic) }, { traffic: bag.traffic }),

    async create(bag) {
      const args = pick(bag, INPUT_KEYS);
      const agentId = String(args.agentId);
      // The main branch, for destroy (the branches' list does not say which is main).
      const main = await mainBranchOf(client(), agentId);
      if (main === undefined)
        throw new Error(
          `AgentDeployment: agent ${agentId} has no versioning, so its traffic cannot be split; set \`versioning: true\` on its Agent`,
        );
      await deploy(agentId, sharesOf(args.traffic));
      return { id: agentId, outs: outputs(agentId, args, main) };
    },

    /** The split as declared already (an earlier attempt's POST went through): nothing to send. */
    async findOwn(bag) {
      const agentId = String(bag.agentId);
      const remote = await readSplit(client(), agentId);
      if (!remote) return undefined;
      const same =
        mismatches({ traffic: liveTraffic(remote, bag.traffic) }, { traffic: bag.traffic }).length === 0;
      return same ? { id: agentId, remote } : undefined;
    },

    resume: async (id, remote, bag) => outputs(id, pick(bag, INPUT_KEYS), remote.mainBranchId),

    adopted: (id, bag, remote) => outputs(id, pick(bag, INPUT_KEYS), remote.mainBranchId),

    /** Every versioned agent's split, when it sends traffic anywhere but all to main. */
    async list(api) {
      const found: { id: string; remote: Remote }[] = [];
      for (const a of (await collect(listed(api, "listAgents"))).reverse()) {
        const agent = await ifFound(api.call("getAgent", { params: { agent_id: a.agent_id } }));
        if (!agent?.main_branch_id) continue;
        const remote = await readSplit(api, a.agent_id, agent.main_branch_id);
        const split = remote?.branches.filter((b) => (b.current_live_percentage ?? 0) > 0) ?? [];
        if (remote && !(split.length === 1 && split[0]?.id === agent.main_branch_id))
          found.push({ id: a.agent_id, remote });
      }
      return found;
    },

    asDeclared: (id, remote) => ({
      name: `traffic split of ${id}`,
      words: ["traffic", "split"],
      args: {
        agentId: id,
        traffic: remote.branches
          .filter((b) => (b.current_live_percentage ?? 0) > 0)
          .map((b) => ({ branchId: b.id, percentage: b.current_live_percentage ?? 0 })),
      },
      owners: [id],
    }),

    project(id, remote, props) {
      const args = { agentId: id, traffic: liveTraffic(remote, props.traffic) };
      return { inputs: args, outs: outputs(id, args, remote.mainBranchId) };
    },

    async update(id, olds, news) {
      const args = pick(news, INPUT_KEYS);
      await deploy(id, sharesOf(args.traffic));
      return outputs(id, args, typeof olds.mainBranchId === "string" ? olds.mainBranchId : undefined);
    },

    /** All the traffic back on the main branch (the agent keeps its branches). */
    async delete(id, props) {
      const main = typeof props.mainBranchId === "string" ? props.mainBranchId : undefined;
      const target = main ?? (await mainBranchOf(client(), id));
      if (!target) return;
      await deploy(id, [{ branchId: target, percentage: 100 }]);
    },
  },
};

export const agentDeployment = defineResource(declaration);
