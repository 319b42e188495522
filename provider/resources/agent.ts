/**
 * Agent: a conversational agent of the ElevenLabs Agents Platform.
 *
 * Order: schemas, wire mapping, the declaration (read, create, find, project, update, delete).
 * API: POST /agents/create, GET/PATCH/DELETE /agents/{agent_id}, in both dialects. Every property
 * changes in place, with one PATCH carrying only the change.
 *
 * Live: the whole live create body (generated from the API description: provider/generated/live.ts
 * for the schema, client/generated/live.ts for the wire names). Legacy: the seed's fields, generated
 * the same way from emulator/spec/legacy-openapi.json.
 *
 * The agent's knowledge-base list (`conversationConfig.agent.prompt.knowledgeBase`) is shared with
 * `KnowledgeDocument`s attached by `agentId`: the Agent owns only the locators it declares (see
 * provider/kit/knowledgeBase.ts).
 */
import { z } from "zod";
import type { WireAgent } from "../../client/endpoints";
import { legacyShapes } from "../../client/generated/legacy";
import { liveShapes } from "../../client/generated/live";
import { collect, listed } from "../../client/paging";
import {
  fromWire,
  GENERIC,
  isPlainObject,
  type PlainObject,
  type Shape,
  toWire,
  withResets,
} from "../../client/wire";
import { AgentArgsSchema as LegacyAgentArgsSchema } from "../generated/legacy";
import { AgentArgsSchema } from "../generated/live";
import { type Mismatch, mismatches } from "../kit/adopt";
import { mergeWire, patchBetween, project, prune } from "../kit/converge";
import {
  type Behaviour,
  type CheckOutcome,
  creationKeyOf,
  type Declaration,
  type Outputs,
  pick,
  stackKeyOf,
} from "../kit/declaration";
import { warnUndeclaredEnvLabels } from "../kit/envRefs";
import { knowledgeBasePatch, type Locator, locatorsOf, withAgentList } from "../kit/knowledgeBase";
import { warn } from "../kit/log";
import { listing, madeHere } from "../kit/lookup";
import { client, defineResource, ifFound } from "../kit/resource";
import { isProviderTag, keyTag, othersTags, stackTag, tagsWithKey } from "../kit/tags";
import * as unmodeled from "../kit/unmodeled";

// ---------------------------------------------------------------------------------------------
// Schemas (camelCase, as programs write them). Descriptions feed schema.json and the SDK's docs.
// ---------------------------------------------------------------------------------------------

/**
 * Taking over an agent another stack manages: adoption (the `import` option) of an agent that
 * carries another stack's or resource's tags fails unless the program says so.
 */
const takeOver = z
  .boolean()
  .optional()
  .describe(
    "Adopt (with the `import` resource option) an agent that another Pulumi stack or resource made and still marks as its own (its `pulumi-elevenlabs:` tags): without it, the preview fails naming the tag. Remove the agent from the other stack first (`pulumi state delete`), or it may change or delete it. Sends nothing to the API.",
  );

/**
 * Live only: versioning, which branches (`AgentBranch`) and traffic splits (`AgentDeployment`)
 * need. The service cannot turn it off again.
 */
const VersioningSchema = z
  .boolean()
  .optional()
  .describe(
    "Live dialect: keep versions of the agent's configuration, so that it can have branches (`AgentBranch`) and split its traffic between them (`AgentDeployment`); the outputs `versionId` and `mainBranchId` then say where it stands. Turning it on is one request; the service cannot turn it off again, so `false` on an agent that has it fails the preview.",
  );

/**
 * Inputs of an Agent in the live dialect: the whole create body (generated), `takeOver`,
 * `versioning`, and the settings the package does not model yet (`unmodeledSettings`,
 * provider/kit/unmodeled.ts).
 */
const LiveArgsSchema = AgentArgsSchema.extend({
  takeOver,
  versioning: VersioningSchema,
  [unmodeled.UNMODELED]: unmodeled.unmodeledSchema(
    "conversation_config.agent.prompt.enable_parallel_tool_calls",
  ),
});
/** Inputs of an Agent in the legacy dialect: the seed reference's fields (generated), and `takeOver`. */
const LegacyArgsSchema = LegacyAgentArgsSchema.extend({ takeOver });

/** Outputs of an Agent beyond its inputs. */
const AgentOutputsSchema = z.strictObject({
  agentId: z.string().describe("The agent's id, e.g. `agent_7101k…`."),
  // Typed as always present, so that programs pass them on as they are (`branchId: agent.mainBranchId`);
  // without versioning they are undefined.
  versionId: z
    .string()
    .describe(
      "Live, with `versioning: true`: the agent's current main version (what a new `AgentBranch` starts from); undefined without versioning.",
    ),
  mainBranchId: z
    .string()
    .describe(
      "Live, with `versioning: true`: the agent's main branch, for an `AgentDeployment`'s traffic split; undefined without versioning.",
    ),
});

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

const INPUT_KEYS = [
  "name",
  "conversationConfig",
  "platformSettings",
  "workflow",
  "tags",
  unmodeled.UNMODELED,
] as const;

type Remote = z.infer<typeof WireAgent>;

/**
 * Members the API takes whole on PATCH (wire names): the workflow graph (nodes and edges left out
 * are deleted, and the description allows no partial node nor null). A change sends the whole new
 * value; a removal sends an empty one.
 */
const SENT_WHOLE = ["workflow"] as const;

/** The locator list the Agent shares with attached documents, as a camelCase path. */
const KNOWLEDGE_BASE = ["conversationConfig", "agent", "prompt", "knowledgeBase"] as const;
/** The same list on the wire. */
const WIRE_KNOWLEDGE_BASE = ["conversation_config", "agent", "prompt", "knowledge_base"] as const;

/**
 * The PATCH body (wire) that turns declaration `before` into `after`, or `undefined` when nothing
 * changed. It is computed between the two declarations in their wire form: each declaration is
 * whole, so every union member converts by its own tag (a partial member, e.g. one changed leaf of
 * a built-in tool's params, carries no tag and could convert by the wrong branch).
 */
function patchBody(before: PlainObject, after: PlainObject, shape: Shape): PlainObject | undefined {
  const wireBefore = unmodeled.wireWithUnmodeled(before, shape);
  const wireAfter = unmodeled.wireWithUnmodeled(after, shape);
  const patch = patchBetween(wireBefore, wireAfter);
  if (!isPlainObject(patch)) return undefined;
  for (const k of SENT_WHOLE) if (patch[k] !== undefined) patch[k] = wireAfter[k] ?? {};
  return sparingSharedList(patch, wireBefore, WIRE_KNOWLEDGE_BASE);
}

/**
 * `body` without a null on an ancestor of the shared locator list (`agent`, `agent.prompt`), which
 * would drop the locators attached documents own: such a removal nulls instead each member the old
 * declaration had there, down the list's path (the list itself, when declared, is then merged).
 */
function sparingSharedList(body: PlainObject, old: PlainObject, path: readonly string[]): PlainObject {
  const [head, ...rest] = path;
  if (head === undefined || rest.length === 0) return body;
  const b = body[head];
  const o = old[head];
  if (!isPlainObject(o) || (b !== null && !isPlainObject(b))) return body;
  const members = b === null ? Object.fromEntries(Object.keys(o).map((k) => [k, null])) : b;
  return { ...body, [head]: sparingSharedList(members, o, rest) };
}

function at(tree: unknown, path: readonly string[]): unknown {
  let cur = tree;
  for (const k of path) cur = isPlainObject(cur) ? cur[k] : undefined;
  return cur;
}

function withAt(tree: PlainObject, path: readonly string[], value: unknown): PlainObject {
  const [head, ...rest] = path;
  if (head === undefined) return tree;
  const child = isPlainObject(tree[head]) ? (tree[head] as PlainObject) : {};
  return { ...tree, [head]: rest.length === 0 ? value : withAt(child, rest, value) };
}

/** The settable part of a live agent's answer (wire names); the rest is the service's. */
function settableOf(live: Remote): PlainObject {
  return {
    name: live.name,
    conversation_config: live.conversation_config,
    platform_settings: live.platform_settings,
    workflow: (live as PlainObject).workflow,
    tags: live.tags,
  };
}

/**
 * The settable part of an agent (wire names, see {@link settableOf}) -> args, camelCase, without the
 * provider's own tags. Live: what the package does not model goes into `unmodeledSettings`, by wire
 * path (the export declares it there; refresh reads only the declared paths, see `projectDeclared`).
 */
function argsOfSettable(settable: PlainObject, shape: Shape = liveShapes.AgentArgs): PlainObject {
  const tags = (settable.tags as string[] | null | undefined)?.filter((t) => !isProviderTag(t));
  const wire = {
    name: settable.name,
    conversation_config: settable.conversation_config,
    platform_settings: settable.platform_settings ?? undefined,
    workflow: settable.workflow ?? undefined,
    tags: tags && tags.length > 0 ? tags : undefined,
  };
  return prune(
    shape === liveShapes.AgentArgs ? unmodeled.argsWithUnmodeled(prune(wire), shape) : fromWire(wire, shape),
  );
}

/** Live agent (wire) -> its settable part, camelCase (the provider's own tags left out). */
function agentArgsOf(live: Remote, shape: Shape = liveShapes.AgentArgs): PlainObject {
  return argsOfSettable(settableOf(live), shape);
}

/**
 * What refresh and adoption compare: the live values at the declared keys. In the knowledge-base
 * list only the declared locators count (documents attached by `agentId` are theirs), in the
 * declared order; declared `tags: []` matches an agent without tags of the user's own.
 */
function projectDeclared(live: PlainObject, declared: PlainObject): PlainObject {
  const projected = unmodeled.withUnmodeledProjected(project(live, declared) as PlainObject, live, declared);
  // No tags of the user's own (the service may list the provider's) reads as none: `tags: []` then.
  if (Array.isArray(declared.tags) && declared.tags.length === 0 && projected.tags === undefined)
    projected.tags = [];
  const mine = at(declared, KNOWLEDGE_BASE);
  if (!Array.isArray(mine)) return projected;
  const theirs = at(live, KNOWLEDGE_BASE);
  const liveList = Array.isArray(theirs) ? theirs.filter(isPlainObject) : [];
  const kept = mine
    .filter(isPlainObject)
    .map((d) => {
      const found = liveList.find((l) => l.id === d.id);
      return found ? project(found, d) : undefined;
    })
    .filter((x) => x !== undefined);
  return withAt(projected, KNOWLEDGE_BASE, kept);
}

/** Where a versioned agent stands: what an answer says, or what the outputs said before. */
interface Versions {
  version_id?: string | null;
  main_branch_id?: string | null;
}

/** The version fields of earlier outputs. */
function versionsIn(olds: PlainObject): Versions {
  return {
    version_id: typeof olds.versionId === "string" ? olds.versionId : undefined,
    main_branch_id: typeof olds.mainBranchId === "string" ? olds.mainBranchId : undefined,
  };
}

/**
 * Outputs: the declaration, the id, and where a versioned agent stands. `bag`'s `takeOver` (it
 * sends nothing) is kept as declared, so that it is never a change.
 */
function outputs(id: string, args: PlainObject, bag: PlainObject, versions?: Versions): Outputs {
  return {
    ...args,
    ...pick(bag, ["takeOver"]),
    agentId: id,
    versionId: versions?.version_id ?? undefined,
    mainBranchId: versions?.main_branch_id ?? undefined,
  };
}

/** The declared `versioning` (live), kept beside the settings. */
function versioningOf(bag: PlainObject): PlainObject {
  return typeof bag.versioning === "boolean" ? { versioning: bag.versioning } : {};
}

/**
 * Versioning cannot be undone: `false` (or leaving it out) on an agent that has it fails (or
 * warns), and turning it on warns, at preview.
 */
async function versioningRules(args: PlainObject, olds: PlainObject): Promise<CheckOutcome> {
  const had = olds.versioning === true || typeof olds.mainBranchId === "string";
  const name = JSON.stringify(args.name);
  if (had && args.versioning === false)
    return {
      failures: [
        {
          property: "versioning",
          reason: `versioning: the agent has versioning, and the service cannot turn it off again; remove \`versioning: false\` (or set it to true)`,
        },
      ],
    };
  if (had && args.versioning === undefined && olds.versioning === true)
    await warn(
      `Agent ${name}: versioning is no longer declared, but the service cannot turn it off: the agent keeps it`,
    );
  if (!had && args.versioning === true)
    await warn(`Agent ${name}: versioning will be turned on; the service cannot turn it off again`);
  return {};
}

/**
 * Declared values the service did not keep (it dropped or changed them), reported at once as
 * warnings naming the field rather than found as drift by the next refresh.
 */
function reportUnkept(id: string, live: Remote, declared: PlainObject, shape: Shape): void {
  const kept = projectDeclared(agentArgsOf(live, shape), declared);
  for (const m of mismatches(kept, declared)) {
    void warn(
      `Agent ${JSON.stringify(declared.name)} (${id}): the service did not keep ${m.path} = ${JSON.stringify(m.declared)}` +
        ` (it has ${m.live === undefined ? "nothing" : JSON.stringify(m.live)}); the next refresh will show it as drift`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The declaration
// ---------------------------------------------------------------------------------------------

/**
 * The Agent's API in a dialect, with the wire shape of that dialect and the API description's
 * component schema that answers `GET /agents/{agent_id}` there (the export reads its defaults).
 */
function behaviourOf(shape: Shape, answer: string): Behaviour<Remote> {
  /**
   * Sends `patch` (wire, declared keys): a removed setting as null, or as its default where the API
   * takes no null; changed tags keep the creation key's tag; a changed locator list is merged with
   * the live one.
   */
  async function send(
    id: string,
    patch: PlainObject,
    before: PlainObject,
    after: PlainObject,
    bag: PlainObject,
  ): Promise<Remote> {
    const api = client();
    const body = withResets(patch, shape) as PlainObject;
    if ("tags" in patch) body.tags = tagsWithKey(after.tags, bag) ?? null;
    // Declared versioning rides along (a no-op once on): the PATCH that turns it on is this one.
    const query = bag.versioning === true ? { query: { enable_versioning_if_not_enabled: true } } : {};
    const ownedBefore = at(before, KNOWLEDGE_BASE);
    const ownedAfter = at(after, KNOWLEDGE_BASE);
    if (at(body, WIRE_KNOWLEDGE_BASE) === undefined) {
      return api.call("updateAgent", { params: { agent_id: id }, json: body, ...query });
    }
    // The list is shared: keep what others attached, replace only this Agent's locators.
    return withAgentList(id, async () => {
      const current = locatorsOf(await api.call("getAgent", { params: { agent_id: id } }));
      const dropped = new Set(
        (Array.isArray(ownedBefore) ? ownedBefore : []).filter(isPlainObject).map((l) => l.id),
      );
      const mine = (Array.isArray(ownedAfter) ? ownedAfter : []).map((l) => toWire(l, GENERIC) as Locator);
      for (const l of mine) dropped.add(l.id);
      const merged = [...current.filter((l) => !dropped.has(l.id)), ...mine];
      // No longer declared and nobody else's: removed (null), so the service's default shows again.
      const json =
        merged.length === 0 && ownedAfter === undefined
          ? withAt({}, WIRE_KNOWLEDGE_BASE, null)
          : knowledgeBasePatch(merged);
      return api.call("updateAgent", { params: { agent_id: id }, json: mergeWire(body, json), ...query });
    });
  }

  return {
    read: (id) => ifFound(client().call("getAgent", { params: { agent_id: id } })),

    mismatches: (live, bag): Mismatch[] => {
      const declared = pick(bag, INPUT_KEYS);
      const found = mismatches(projectDeclared(agentArgsOf(live, shape), declared), declared);
      const theirs = othersTags(live.tags, bag);
      if (theirs.length > 0 && bag.takeOver !== true) {
        found.push({
          path: "tags",
          live: theirs,
          declared: undefined,
          note: `the agent is managed by another Pulumi stack or resource (${theirs.join(", ")}); to take it over, set takeOver: true on this Agent (and remove it from the other stack), or remove the \`import\` option`,
        });
      }
      return found;
    },

    async create(bag) {
      const args = pick(bag, INPUT_KEYS);
      const api = client();
      const json = unmodeled.wireWithUnmodeled(args, shape);
      const tags = tagsWithKey(args.tags, bag);
      if (tags) json.tags = tags;
      // One request: the answer and the declaration say what the state needs. A value the service
      // does not keep shows on the next refresh (an update's answer is read at once: it is whole).
      // With versioning, the agent's main branch and version are read too (the create answers neither).
      const versioned = bag.versioning === true ? { query: { enable_versioning: true } } : {};
      const { agent_id: id } = await api.call("createAgent", { json, ...versioned });
      const versions =
        bag.versioning === true ? await api.call("getAgent", { params: { agent_id: id } }) : undefined;
      return { id, outs: outputs(id, { ...args, ...versioningOf(bag) }, bag, versions) };
    },

    /**
     * The agent carrying this resource's creation key: an earlier attempt made it. The stack's
     * agents are listed once per process (one page per 100), not once per create.
     */
    async findOwn(bag, fresh) {
      const key = creationKeyOf(bag);
      if (key === undefined) return undefined;
      const api = client();
      const stack = stackKeyOf(bag);
      const query = stack ? { tags: stackTag(stack) } : {};
      const agents = await listing(`agents tagged ${stack ?? "(any)"}`, fresh, () =>
        collect(listed(api, "listAgents", { query })),
      );
      const summary = agents.find((a) => a.tags?.includes(keyTag(key)) && !madeHere(a.agent_id));
      if (!summary) return undefined;
      const live = await ifFound(api.call("getAgent", { params: { agent_id: summary.agent_id } }));
      return live && { id: summary.agent_id, remote: live };
    },

    /** An agent found by its key: PATCH what differs from the declaration (a changed program). */
    async resume(id, live, bag) {
      const declared = pick(bag, INPUT_KEYS);
      const current = projectDeclared(agentArgsOf(live, shape), declared);
      // Declared versioning the agent lacks: an empty PATCH turns it on.
      const body =
        patchBody(current, declared, shape) ??
        (bag.versioning === true && !live.main_branch_id ? {} : undefined);
      const answer = body ? await send(id, body, current, declared, bag) : live;
      return outputs(id, { ...declared, ...versioningOf(bag) }, bag, answer);
    },

    adopted: (id, bag, live) => outputs(id, { ...pick(bag, INPUT_KEYS), ...versioningOf(bag) }, bag, live),

    /** Every agent whose name contains `search` (all without), each read whole. */
    async list(api, search) {
      const summaries = await collect(listed(api, "listAgents", { query: { search } }));
      const found: { id: string; remote: Remote }[] = [];
      for (const s of summaries.reverse()) {
        const remote = await ifFound(api.call("getAgent", { params: { agent_id: s.agent_id } }));
        if (remote) found.push({ id: s.agent_id, remote });
      }
      return found;
    },

    asDeclared: (_id, live) => ({
      name: live.name,
      managedBy: (live.tags ?? []).filter(isProviderTag),
      args: agentArgsOf(live, shape),
      // A tree without defaults may lack conversation_config; the args keep it, empty.
      settings: {
        wire: settableOf(live),
        answer,
        toArgs: (w) => argsOfSettable({ name: live.name, conversation_config: {}, ...w }, shape),
      },
    }),

    project(id, live, props) {
      // Compare like with like: the live values at the keys the user declared.
      const args = projectDeclared(agentArgsOf(live, shape), pick(props, INPUT_KEYS));
      // Declared versioning reads as what the agent has.
      if (typeof props.versioning === "boolean") args.versioning = typeof live.main_branch_id === "string";
      return { inputs: { ...args, ...pick(props, ["takeOver"]) }, outs: outputs(id, args, props, live) };
    },

    async update(id, olds, news) {
      const before = pick(olds, INPUT_KEYS);
      const after = pick(news, INPUT_KEYS);
      const turnOn = news.versioning === true && typeof olds.mainBranchId !== "string";
      // Turning versioning on is a PATCH even when no setting changes.
      const body = patchBody(before, after, shape) ?? (turnOn ? {} : undefined);
      let versions = versionsIn(olds);
      if (body) {
        const live = await send(id, body, before, after, news);
        reportUnkept(id, live, after, shape);
        versions = live;
      }
      return outputs(id, { ...after, ...versioningOf(news) }, news, versions);
    },

    async delete(id) {
      await client().call("deleteAgent", { params: { agent_id: id } });
    },
  };
}

/**
 * The live Agent: the dialect's behaviour, with versioning (which cannot be turned off: checked at
 * preview) and `{{system__env_<label>}}` references that no variable declares (a preview warning).
 */
function withVersioning(b: Behaviour<Remote>): Behaviour<Remote> {
  return {
    ...b,
    async refine(args, news, schemaFailed, olds) {
      // Unmodeled settings at paths the package models are refused (their paths need no valid values).
      const paths = unmodeled.unmodeledFailures(liveShapes.AgentArgs, args[unmodeled.UNMODELED]);
      if (schemaFailed) return { failures: paths };
      await warnUndeclaredEnvLabels(`Agent ${JSON.stringify(args.name)}`, pick(args, INPUT_KEYS), news);
      const rules = await versioningRules(args, olds);
      return { ...rules, failures: [...paths, ...(rules.failures ?? [])] };
    },
    mismatches(live, bag) {
      const found = b.mismatches(live, bag);
      const has = typeof live.main_branch_id === "string";
      if (typeof bag.versioning === "boolean" && bag.versioning !== has)
        found.push({ path: "versioning", live: has, declared: bag.versioning });
      return found;
    },
    asDeclared(id, live) {
      const as = b.asDeclared?.(id, live) ?? { name: live.name, args: undefined };
      if (typeof live.main_branch_id !== "string" || as.args === undefined) return as;
      const settings = as.settings;
      return {
        ...as,
        args: { ...as.args, versioning: true },
        ...(settings
          ? { settings: { ...settings, toArgs: (w) => ({ ...settings.toArgs(w), versioning: true }) } }
          : {}),
      };
    },
  };
}

/** The Agent per dialect: the schema programs declare and the wire shape (export reads them too). */
const AGENT_DIALECTS = {
  live: { schema: LiveArgsSchema, shape: liveShapes.AgentArgs },
  legacy: { schema: LegacyArgsSchema, shape: legacyShapes.AgentArgs },
} as const;

const declaration: Declaration<Remote> = {
  type: "Agent",
  kind: "agent",
  noun: "agent",
  description:
    "A conversational agent of the ElevenLabs Agents Platform: what it knows and says (prompt, model, first message, language, tools, knowledge), how it listens and speaks (transcription, voice, turn taking), and everything around its conversations (access, the web widget, evaluation, data collection, limits, privacy). Every property updates in place (one `PATCH /agents/{agent_id}` carrying only the change); server-filled defaults never show as changes. The live dialect (default) takes every setting of the live API (see docs/reference/agent.md); a few settings exist only in the legacy dialect and say so.",
  example: `const hours = new elevenlabs.KnowledgeDocument("hours", {
  name: "Opening hours",
  text: "We are open Monday to Friday, 9:00 to 17:00.",
});

const agent = new elevenlabs.Agent("support", {
  name: "Support Assistant",
  conversationConfig: {
    agent: {
      firstMessage: "Hi {{customer_name}}! How can I help you today?",
      language: "en",
      dynamicVariables: { dynamicVariablePlaceholders: { customer_name: "there" } },
      prompt: {
        prompt: "You are a helpful support assistant. Answer from the knowledge base.",
        llm: "gpt-4o-mini",
        temperature: 0.3,
        knowledgeBase: [{ type: "text", name: "Opening hours", id: hours.documentId, usageMode: "prompt" }],
        builtInTools: { endCall: { type: "system", name: "end_call", params: { systemToolType: "end_call" } } },
      },
    },
    tts: { voiceId: "21m00Tcm4TlvDq8ikWAM", stability: 0.5, speed: 1.05 },
    asr: { keywords: ["ElevenLabs", "Pulumi"] },
    turn: { turnTimeout: 10, turnEagerness: "patient" },
    conversation: { maxDurationSeconds: 900 },
  },
  platformSettings: {
    auth: { enableAuth: true },
    widget: { variant: "compact" },
    callLimits: { dailyLimit: 500 },
    privacy: { retentionDays: 30 },
  },
  tags: ["support", pulumi.getStack()],
});

export const agentId = agent.agentId;`,
  args: LiveArgsSchema,
  legacyArgs: LegacyArgsSchema,
  outputs: AgentOutputsSchema,
  replaces: { live: [] },
  live: withVersioning(behaviourOf(AGENT_DIALECTS.live.shape, "GetAgentResponseModel")),
  legacy: behaviourOf(AGENT_DIALECTS.legacy.shape, "LegacyAgent"),
  exportRoot: true,
  // Prompts and messages may use environment variables (`{{system__env_<label>}}`).
  program: { envReferences: true },
  counterparts: {
    "conversationConfig.stt":
      "the live API transcribes with conversationConfig.asr (quality, provider, keywords)",
    "conversationConfig.turnDetection":
      "the live API takes turns with conversationConfig.turn (turnTimeout, mode, turnEagerness)",
    "conversationConfig.asr": "the legacy API's speech-to-text is conversationConfig.stt.model",
    "conversationConfig.turn": "the legacy API's turn taking is conversationConfig.turnDetection.mode",
  },
};

export const agent = defineResource(declaration);
