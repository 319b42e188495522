/**
 * AgentBranch: a branch of a versioned agent's configuration (live dialect only), for staged
 * rollouts and A/B tests: the agent's settings with the branch's own changes, made from a version
 * of the agent. `AgentDeployment` splits the agent's traffic between its branches.
 *
 * Order: schemas, wire mapping, find and read, the declaration (create, update, delete).
 * API: POST /agents/{agent_id}/branches, GET/PATCH /agents/{agent_id}/branches/{branch_id},
 * GET /agents/{agent_id}/branches; the branch's configuration: GET/PATCH
 * /agents/{agent_id}?branch_id=. The configuration changes in place (one PATCH carrying only the
 * change), the name and protection too (one PATCH of the branch); the agent, the description and
 * the parent version replace the branch. The API deletes no branch: destroy archives it.
 */
import { z } from "zod";
import type { WireAgent, WireBranch } from "../../client/endpoints";
import { liveShapes } from "../../client/generated/live";
import type { ElevenLabsClient } from "../../client/http/client";
import { ApiError } from "../../client/http/errors";
import { collect, listed } from "../../client/paging";
import { fromWire, isPlainObject, type PlainObject, toWire, withResets } from "../../client/wire";
import {
  AgentConversationConfigSchema,
  AgentPlatformSettingsSchema,
  AgentWorkflowSchema,
} from "../generated/live";
import { mismatches } from "../kit/adopt";
import { patchBetween, project, prune } from "../kit/converge";
import { type Declaration, type Outputs, pick } from "../kit/declaration";
import { warnUndeclaredEnvLabels } from "../kit/envRefs";
import { warn } from "../kit/log";
import { listing, madeHere } from "../kit/lookup";
import { client, defineResource, ifFound } from "../kit/resource";

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

const nonBlank = z.string().regex(/\S/, "must not be blank");

const AgentBranchArgsSchema = z.strictObject({
  agentId: nonBlank.describe(
    "The agent the branch belongs to (`agent.agentId`); the agent needs `versioning: true`. A new agent replaces the branch.",
  ),
  name: nonBlank
    .max(140)
    .describe(
      "The branch's name, unique among the agent's branches, e.g. `staging` or `new-greeting`. Changes in place.",
    ),
  description: z
    .string()
    .max(4096)
    .optional()
    .describe(
      "What the branch is for (at most 4096 characters). The API cannot change it: a new description replaces the branch.",
    ),
  parentVersionId: nonBlank
    .optional()
    .describe(
      "The agent version the branch starts from (`agent.versionId`). Default: the agent's current main version when the branch is made. A new one replaces the branch.",
    ),
  conversationConfig: AgentConversationConfigSchema.optional().meta({
    description:
      "The branch's conversation settings where they differ from the version it starts from (the Agent's `conversationConfig` schema). Changes in place.",
  }),
  platformSettings: AgentPlatformSettingsSchema.optional().meta({
    description:
      "The branch's platform settings where they differ from the version it starts from (the Agent's `platformSettings` schema), e.g. its own attached tests. Changes in place.",
  }),
  workflow: AgentWorkflowSchema.optional().meta({
    description: "The branch's workflow (the Agent's `workflow` schema), taken whole. Changes in place.",
  }),
  protectionStatus: z
    .enum(["writer_perms_required", "admin_perms_required"])
    .optional()
    .describe(
      "Who may change the branch: `writer_perms_required` (the service's default) or `admin_perms_required`. Changes in place.",
    ),
});

const AgentBranchOutputsSchema = z.strictObject({
  branchId: z.string().describe("The branch's id, for `AgentDeployment` traffic, tests and phone numbers."),
  versionId: z
    .string()
    .optional()
    .describe("The branch's newest version, as of the last change the provider made."),
});

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

const INPUT_KEYS = [
  "agentId",
  "name",
  "description",
  "parentVersionId",
  "conversationConfig",
  "platformSettings",
  "workflow",
  "protectionStatus",
] as const;
/** The branch's configuration, as the Agent's settings (wire: `AgentArgs`' shape). */
const CONFIG_KEYS = ["conversationConfig", "platformSettings", "workflow"] as const;

const SHAPE = liveShapes.AgentArgs;
const DEFAULT_PROTECTION = "writer_perms_required";

/** A branch and its configuration, as two reads answer them. */
interface Remote {
  branch: z.infer<typeof WireBranch>;
  config: z.infer<typeof WireAgent>;
}

/** The branch's configuration as programs write it (every setting the API answers). */
function configOf(remote: Remote): PlainObject {
  const c = remote.config as PlainObject;
  return prune(
    fromWire(
      {
        conversation_config: c.conversation_config,
        platform_settings: c.platform_settings ?? undefined,
        workflow: c.workflow ?? undefined,
      },
      SHAPE,
    ),
  );
}

/** The branch as programs write it. */
function argsOf(remote: Remote, declared: PlainObject): PlainObject {
  return {
    agentId: remote.branch.agent_id,
    name: remote.branch.name,
    description: remote.branch.description,
    // The answers do not say which version a branch started from: the declared one stands.
    parentVersionId: declared.parentVersionId,
    ...configOf(remote),
    protectionStatus: remote.branch.protection_status ?? DEFAULT_PROTECTION,
  };
}

/** The live values at the declared keys (a declared `description: ""` matches the service's). */
function projected(remote: Remote, declared: PlainObject): PlainObject {
  return project(argsOf(remote, declared), declared) as PlainObject;
}

function outputs(id: string, args: PlainObject, versionId: unknown): Outputs {
  return { ...args, branchId: id, versionId: typeof versionId === "string" ? versionId : undefined };
}

/** Reads a branch and its configuration; `undefined` when it is gone or archived. */
async function readBranch(api: ElevenLabsClient, agentId: string, id: string): Promise<Remote | undefined> {
  const branch = await ifFound(api.call("getBranch", { params: { agent_id: agentId, branch_id: id } }));
  if (!branch || branch.is_archived) return undefined;
  const config = await ifFound(
    api.call("getAgent", { params: { agent_id: agentId }, query: { branch_id: id } }),
  );
  return config && { branch, config };
}

/**
 * The PATCH of the agent's branch that turns configuration `before` into `after` (wire), or
 * `undefined`: only the change; a removed setting as null (or its default); the workflow whole.
 */
function configPatch(before: PlainObject, after: PlainObject): PlainObject | undefined {
  const wireBefore = toWire(pick(before, CONFIG_KEYS), SHAPE) as PlainObject;
  const wireAfter = toWire(pick(after, CONFIG_KEYS), SHAPE) as PlainObject;
  const patch = patchBetween(wireBefore, wireAfter);
  if (!isPlainObject(patch)) return undefined;
  if (patch.workflow !== undefined) patch.workflow = wireAfter.workflow ?? {};
  return withResets(patch, SHAPE) as PlainObject;
}

/** The PATCH of the branch itself (name, protection), or `undefined`. */
function branchPatch(before: PlainObject, after: PlainObject): PlainObject | undefined {
  const out: PlainObject = {};
  if (after.name !== before.name) out.name = after.name;
  const protection = after.protectionStatus ?? DEFAULT_PROTECTION;
  if (protection !== (before.protectionStatus ?? DEFAULT_PROTECTION)) out.protection_status = protection;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Brings the branch from `before` to `after`: at most one PATCH of the branch, one of its configuration. */
async function converge(
  id: string,
  before: PlainObject,
  after: PlainObject,
  versionId: unknown,
): Promise<Outputs> {
  const api = client();
  const agentId = String(after.agentId);
  const branch = branchPatch(before, after);
  if (branch) await api.call("updateBranch", { params: { agent_id: agentId, branch_id: id }, json: branch });
  let version = versionId;
  const config = configPatch(before, after);
  if (config) {
    const answer = await api.call("updateAgent", {
      params: { agent_id: agentId },
      query: { branch_id: id },
      json: config,
    });
    version = answer.version_id;
  }
  return outputs(id, after, version);
}

// ---------------------------------------------------------------------------------------------
// The declaration
// ---------------------------------------------------------------------------------------------

const declaration: Declaration<Remote> = {
  type: "AgentBranch",
  kind: "agentBranch",
  noun: "agent branch",
  description:
    "A branch of a versioned agent's configuration (live dialect): the agent's settings from a version (default: its current main version) with the branch's own changes, for staged rollouts and A/B tests. The agent needs `versioning: true`. `AgentDeployment` splits the agent's traffic between branches; tests, phone numbers and `elevenlabs-test --branch` can target one. The configuration changes in place (one `PATCH /agents/{agent_id}?branch_id=`), the name and protection too; a new agent, description or parent version replaces the branch. The API deletes no branch: destroy archives it, and says so.",
  example: `const agent = new elevenlabs.Agent("support", {
  name: "Support Assistant",
  versioning: true,
  conversationConfig: { agent: { firstMessage: "Hi! How can I help?", prompt: { prompt: "Help customers." } } },
});

const greeting = new elevenlabs.AgentBranch("new-greeting", {
  agentId: agent.agentId,
  name: "new-greeting",
  description: "A warmer greeting, on 10% of the calls",
  conversationConfig: { agent: { firstMessage: "Hello and welcome! What can I do for you today?" } },
});

new elevenlabs.AgentDeployment("split", {
  agentId: agent.agentId,
  traffic: [
    { branchId: agent.mainBranchId, percentage: 90 },
    { branchId: greeting.branchId, percentage: 10 },
  ],
});`,
  args: AgentBranchArgsSchema,
  outputs: AgentBranchOutputsSchema,
  // The API changes neither (and a branch cannot move to another agent).
  replaces: { live: ["agentId", "description", "parentVersionId"] },
  // Names are unique among an agent's live branches: the old one is archived before the new is made.
  deleteBeforeReplace: true,
  // Its configuration may use environment variables (`{{system__env_<label>}}`).
  program: { envReferences: true },

  live: {
    async refine(args, news, schemaFailed) {
      if (!schemaFailed)
        await warnUndeclaredEnvLabels(`AgentBranch "${String(args.name)}"`, pick(args, CONFIG_KEYS), news);
      return {};
    },

    read: (id, bag) => readBranch(client(), String(bag.agentId), id),

    mismatches: (remote, bag) => {
      const declared = pick(bag, INPUT_KEYS);
      return mismatches(projected(remote, declared), declared);
    },

    where: (bag) => `among the branches of agent ${String(bag.agentId)}`,

    async create(bag) {
      const args = pick(bag, INPUT_KEYS);
      const api = client();
      const agentId = String(args.agentId);
      let parent = args.parentVersionId;
      if (parent === undefined) {
        const agent = await api.call("getAgent", { params: { agent_id: agentId } });
        parent = agent.version_id ?? undefined;
        if (parent === undefined)
          throw new Error(
            `AgentBranch "${String(args.name)}": agent ${agentId} has no versioning, so it can have no branches; set \`versioning: true\` on its Agent (the service cannot turn versioning off again)`,
          );
      }
      const config = toWire(pick(args, CONFIG_KEYS), SHAPE) as PlainObject;
      const made = await api.call("createBranch", {
        params: { agent_id: agentId },
        json: { parent_version_id: parent, name: args.name, description: args.description ?? "", ...config },
      });
      const id = made.created_branch_id;
      if ((args.protectionStatus ?? DEFAULT_PROTECTION) !== DEFAULT_PROTECTION)
        await api.call("updateBranch", {
          params: { agent_id: agentId, branch_id: id },
          json: { protection_status: args.protectionStatus },
        });
      return { id, outs: outputs(id, args, made.created_version_id) };
    },

    /** The agent's live branch with the declared name: an earlier attempt made it (names are unique among live branches). */
    async findOwn(bag, fresh) {
      const api = client();
      const agentId = String(bag.agentId);
      // Each agent's branches are listed once per process (see provider/kit/lookup.ts).
      const branches = await listing(`branches of ${agentId}`, fresh, async () => {
        // An agent without versioning has no branches (the API answers 400): nothing to find.
        const list = await ifFound(api.call("listBranches", { params: { agent_id: agentId } })).catch(
          (err: unknown) => {
            if (err instanceof ApiError && err.status === 400) return undefined;
            throw err;
          },
        );
        return list?.results ?? [];
      });
      const found = branches.find((b) => b.name === bag.name && !b.is_archived && !madeHere(b.id));
      const remote = found && (await readBranch(api, agentId, found.id));
      return remote && { id: found.id, remote };
    },

    /** A branch found by its name: brought to the declaration (only what differs). */
    async resume(id, remote, bag) {
      const declared = pick(bag, INPUT_KEYS);
      return converge(id, projected(remote, declared), declared, remote.config.version_id);
    },

    adopted: (id, bag, remote) => outputs(id, pick(bag, INPUT_KEYS), remote.config.version_id),

    /** Every live branch but the main one, of every versioned agent, oldest first. */
    async list(api) {
      const found: { id: string; remote: Remote }[] = [];
      for (const a of (await collect(listed(api, "listAgents"))).reverse()) {
        const agent = await ifFound(api.call("getAgent", { params: { agent_id: a.agent_id } }));
        if (!agent?.main_branch_id) continue;
        const list = await api.call("listBranches", { params: { agent_id: a.agent_id } });
        for (const b of list.results) {
          if (b.id === agent.main_branch_id || b.is_archived) continue;
          const remote = await readBranch(api, a.agent_id, b.id);
          if (remote) found.push({ id: b.id, remote });
        }
      }
      return found;
    },

    asDeclared: (_id, remote) => {
      const base = {
        agentId: remote.branch.agent_id,
        name: remote.branch.name,
        description: remote.branch.description,
      };
      const protection = remote.branch.protection_status ?? DEFAULT_PROTECTION;
      const extra = protection !== DEFAULT_PROTECTION ? { protectionStatus: protection } : {};
      const c = remote.config as PlainObject;
      return {
        name: remote.branch.name,
        args: { ...base, ...configOf(remote), ...extra },
        settings: {
          wire: {
            conversation_config: c.conversation_config,
            platform_settings: c.platform_settings,
            workflow: c.workflow,
          },
          answer: "GetAgentResponseModel",
          toArgs: (w) => ({
            ...base,
            ...prune(fromWire({ conversation_config: {}, ...w }, SHAPE)),
            ...extra,
          }),
        },
        owners: [remote.branch.agent_id],
        notes: [
          "the branch starts from the agent's version of the day it was made; the API does not say which",
        ],
      };
    },

    project(id, remote, props) {
      const args = projected(remote, pick(props, INPUT_KEYS));
      return { inputs: args, outs: outputs(id, args, remote.config.version_id) };
    },

    update: (id, olds, news) => converge(id, pick(olds, INPUT_KEYS), pick(news, INPUT_KEYS), olds.versionId),

    /** The API deletes no branch: it is archived (kept, out of lists and traffic), and the warning says so. */
    async delete(id, props) {
      const agentId = String(props.agentId);
      await client().call("updateBranch", {
        params: { agent_id: agentId, branch_id: id },
        json: { is_archived: true },
      });
      await warn(
        `AgentBranch "${String(props.name)}" (${id}) of agent ${agentId}: archived, not deleted (the ElevenLabs API deletes no branch); it goes when the agent does`,
      );
    },
  },
};

export const agentBranch = defineResource(declaration);
