/**
 * Property test of the Agent's convergence ("Still no perpetual diff, still minimal writes"): random
 * valid agents over the whole generated live surface go through the resource handlers in-process
 * against the emulator, and
 *
 * - check -> create -> read -> diff shows no change, and the read's inputs are the declaration;
 * - each random valid edit is a change for diff, and update sends ONE PATCH whose every leaf lies in
 *   a changed path and which sends every changed path, `null` for what was removed; then read ->
 *   diff shows no change again;
 * - after a removal, and after an agent's last edit, the agent is what a fresh create of the same
 *   declaration makes: what was removed shows the service's default again, nothing lingers.
 *
 * How values compare (the decisions the Agent implements):
 * - only declared keys count; inside arrays of objects (locators, criteria) items compare one by
 *   one on their declared keys, so defaults the service fills into items are no change;
 * - an array is one value (the API replaces it), and so is a user-keyed map for "what changed"
 *   (inside one, the PATCH may still name single keys: the API merges maps);
 * - the workflow is one value: the API takes the whole graph, so a change sends it whole and a
 *   removal sends an empty one (the description allows no null there);
 * - `null` is "not set": a key declared null is met by a service that holds nothing there;
 * - the knowledge-base list is shared with attached documents: only declared locators count, and a
 *   removed ancestor of the list is removed member by member, never nulled whole.
 *
 * The seed is fixed (printed); a failure prints fast-check's shrunk counterexample and its seed.
 * Values only the official SDK knows are left out (the emulator speaks the API description); tool
 * ids and knowledge-base locators name objects created for the test.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { liveShapes } from "../client/generated/live";
import { fromWire, type PlainObject, type Shape } from "../client/wire";
import { AgentArgsSchema } from "../provider/generated/live";
import { sent } from "../provider/kit/log";
import { agent } from "../provider/resources/agent";
import {
  AGENT_WORKFLOW,
  agentPatchMismatch,
  asJson,
  type Edit,
  emulatorAgentOptions,
  isWithin,
  jsonSchemaOf,
  type Path,
  propertiesIn,
  propertiesOf,
  valueAt,
  valueWithEdits,
} from "./helpers/arbitraries";
import { type TestEmulator, useEmulator, useProcessEnv } from "./helpers/emulator";

const SEED = 20_260_517;
/** The full run (`make test`, CI) draws this many agents. */
const FULL_RUN = 500;
/**
 * `make test-unit` draws fewer (PROPERTY_AGENTS=100) for a quick loop: every agent drawn is still
 * checked in full; only how much of the surface the draws reach depends on the count, so that is
 * checked on full runs.
 */
const AGENTS = Number(process.env.PROPERTY_AGENTS) || FULL_RUN;
const EDITS_PER_AGENT = 3;

const json = jsonSchemaOf(AgentArgsSchema);

/** An agent under test: its id, its outputs (the engine's olds) and its declaration. */
interface Declared {
  readonly id: string;
  readonly outs: PlainObject;
  readonly declared: PlainObject;
}

/** The resource handlers driven as the engine drives them, checked against the emulator's log. */
class Driver {
  constructor(private readonly env: TestEmulator) {}

  /** check -> create, then converged. */
  async create(args: unknown): Promise<Declared> {
    const checked = await agent.handler.check({}, args as PlainObject);
    expect(checked.failures ?? []).toEqual([]);
    const { id, outs } = await agent.handler.create(checked.inputs);
    await this.expectConverged(id, checked.inputs);
    return { id, outs: outs ?? {}, declared: checked.inputs };
  }

  /** check -> diff (a change) -> update with ONE minimal PATCH, then converged. */
  async edit(current: Declared, step: Edit): Promise<Declared> {
    const { id, outs, declared } = current;
    const next = await agent.handler.check(declared, step.after as PlainObject);
    expect(next.failures ?? []).toEqual([]);
    expect(await agent.handler.diff(id, outs, next.inputs)).toMatchObject({ changes: true, replaces: [] });

    this.env.emu.clearRequests();
    const updated = (await agent.handler.update(id, outs, next.inputs)).outs ?? {};
    const writes = this.env.emu.requests().filter((r) => r.method !== "GET");
    expect(writes.map((w) => w.route)).toEqual(["PATCH /agents/{agent_id}"]);
    expect(agentPatchMismatch(writes[0]?.body, step.before, step.after)).toEqual({ stray: [], unsent: [] });
    const body = fromWire(writes[0]?.body, liveShapes.AgentArgs);
    // A removal sends null (or the default, where the API takes no null), unless it lies in a value sent whole (an array, the workflow); an
    // ancestor of the shared knowledge-base list gets null for each declared member instead.
    if (removesPart(step)) {
      const removal = valueAt(body, step.path);
      const field = fieldAt(liveShapes.AgentArgs, step.path);
      expect({
        removed: step.path,
        removal,
        isRemoval: isRemoval(removal, field.shape, field.reset),
      }).toMatchObject({
        isRemoval: true,
      });
    }
    await this.expectConverged(id, next.inputs);
    return { id, outs: updated, declared: next.inputs };
  }

  /** read -> the declaration; diff against the read -> no change. */
  async expectConverged(id: string, declared: PlainObject): Promise<void> {
    const r = await agent.handler.read(id, { ...declared, agentId: id });
    expect(r.id).toBe(id);
    expect(asJson(r.inputs)).toEqual(asJson(declared)); // as JSON: the wire has no -0
    expect((await agent.handler.diff(id, r.props ?? {}, declared)).changes).toBe(false);
  }

  /** The live agent equals a fresh agent of the same declaration (created, compared, deleted). */
  async expectLikeFresh({ id, declared }: Declared): Promise<void> {
    const fresh = await agent.handler.create(declared);
    const get = (agentId: string) => this.env.api.call("getAgent", { params: { agent_id: agentId } });
    const [mine, theirs] = [settable(await get(id), declared), settable(await get(fresh.id), declared)];
    await agent.handler.delete(fresh.id, fresh.outs ?? {});
    expect(mine).toEqual(theirs);
  }

  async delete({ id, outs }: Declared): Promise<void> {
    await agent.handler.delete(id, outs);
  }
}

describe("Agent: no perpetual diff, minimal writes (property, in-process)", () => {
  const env = useEmulator();
  const driver = new Driver(env);

  useProcessEnv(() => ({
    ELEVENLABS_BASE_URL: env.baseUrl,
    ELEVENLABS_API_KEY: env.apiKey,
    ELEVENLABS_API_DIALECT: "live",
    ELEVENLABS_RETRY_DELAY_SCALE: "0",
  }));

  it(`${AGENTS} random agents converge, and random edits are one minimal PATCH each`, async () => {
    const started = Date.now();
    const options = await emulatorAgentOptions(env.api);
    const reached = new Set<string>();
    const edits = { change: 0, add: 0, remove: 0 };
    console.log(`agent property test: seed ${SEED}, ${AGENTS} agents, ${EDITS_PER_AGENT} edits each`);
    const warningsBefore = sent.filter((m) => m.severity === "warning").length;

    await fc.assert(
      fc.asyncProperty(valueWithEdits(json, EDITS_PER_AGENT, options), async ({ start, steps }) => {
        let current = await driver.create(start);
        try {
          for (const step of steps) {
            current = await driver.edit(current, step);
            if (step.kind === "remove") await driver.expectLikeFresh(current);
            edits[step.kind]++;
            propertiesIn(json, step.after, reached);
          }
          if (steps.at(-1)?.kind !== "remove") await driver.expectLikeFresh(current);
        } finally {
          await driver.delete(current);
        }
        propertiesIn(json, start, reached);
      }),
      { numRuns: AGENTS, seed: SEED },
    );

    const surface = propertiesOf(json).size;
    console.log(
      `agent property test: ${AGENTS} agents, ${reached.size} of ${surface} properties reached, ` +
        `edits ${JSON.stringify(edits)} (one PATCH each), ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(sent.filter((m) => m.severity === "warning").slice(warningsBefore)).toEqual([]);
    if (AGENTS >= FULL_RUN) expect(reached.size / surface).toBeGreaterThan(0.75); // the rest: rare branches deep down
    expect(env.emu.workspace(env.apiKey).counts().agents).toBe(0);
  }, 600_000); // about 30 s on an idle machine; a loaded one takes several times longer

  // What the property test found, kept as examples that name the decision each one checks.
  const base = { name: "Support", conversationConfig: {} };
  const examples: [string, PlainObject, Edit["kind"], Path, PlainObject][] = [
    [
      "a locator declared with versionId null is met by one without",
      {
        ...base,
        conversationConfig: {
          tts: { pronunciationDictionaryLocators: [{ pronunciationDictionaryId: "d", versionId: null }] },
        },
      },
      "change",
      ["conversationConfig", "tts", "pronunciationDictionaryLocators"],
      {
        ...base,
        conversationConfig: {
          tts: { pronunciationDictionaryLocators: [{ pronunciationDictionaryId: "d", versionId: "v1" }] },
        },
      },
    ],
    [
      "a placeholder declared null, and a map key named toString",
      {
        ...base,
        conversationConfig: {
          agent: { dynamicVariables: { dynamicVariablePlaceholders: { toString: "x", tier: null } } },
        },
      },
      "change",
      ["conversationConfig", "agent", "dynamicVariables", "dynamicVariablePlaceholders"],
      {
        ...base,
        conversationConfig: { agent: { dynamicVariables: { dynamicVariablePlaceholders: { tier: null } } } },
      },
    ],
    [
      "a workflow is stored, and sent whole when one node changes",
      {
        ...base,
        workflow: { nodes: { start_node: { type: "start", edgeOrder: [] }, done: { type: "end" } } },
      },
      "change",
      ["workflow", "nodes", "done", "position"],
      {
        ...base,
        workflow: {
          nodes: {
            start_node: { type: "start", edgeOrder: [] },
            done: { type: "end", position: { x: 1, y: 2 } },
          },
        },
      },
    ],
    [
      "one member of a data-collection entry is sent without its type",
      { ...base, platformSettings: { dataCollection: { tier: { type: "string", description: "Tier" } } } },
      "change",
      ["platformSettings", "dataCollection", "tier", "description"],
      {
        ...base,
        platformSettings: { dataCollection: { tier: { type: "string", description: "Customer tier" } } },
      },
    ],
    [
      "a removed data-collection entry is null, not an invalid {}",
      { ...base, platformSettings: { dataCollection: { tier: { type: "string", description: "Tier" } } } },
      "remove",
      ["platformSettings", "dataCollection"],
      { ...base, platformSettings: {} },
    ],
    [
      "a removed leaf that may not be null (stability) shows its default again",
      { ...base, conversationConfig: { tts: { stability: 0.9 } } },
      "remove",
      ["conversationConfig", "tts", "stability"],
      { ...base, conversationConfig: { tts: {} } },
    ],
  ];

  it.each(examples)("%s", async (_, before, kind, path, after) => {
    let current = await driver.create(before);
    try {
      current = await driver.edit(current, { kind, path, before, after });
      await driver.expectLikeFresh(current);
    } finally {
      await driver.delete(current);
    }
  });

  it("removing the prompt keeps the locators documents attached (the list is shared)", async () => {
    const doc = await env.api.call("createTextDocument", { json: { text: "FAQ", name: "FAQ" } });
    const locator = { type: "text", name: "FAQ", id: doc.id, usage_mode: "auto" };
    const before = { ...base, conversationConfig: { agent: { prompt: { prompt: "Be brief." } } } };
    let current = await driver.create(before);
    try {
      // As a KnowledgeDocument with agentId attaches itself.
      const patch = { conversation_config: { agent: { prompt: { knowledge_base: [locator] } } } };
      await env.api.call("updateAgent", { params: { agent_id: current.id }, json: patch });
      const after = { ...base, conversationConfig: {} };
      current = await driver.edit(current, {
        kind: "remove",
        path: ["conversationConfig", "agent"],
        before,
        after,
      });
      const live = await env.api.call("getAgent", { params: { agent_id: current.id } });
      expect(live.conversation_config.agent?.prompt).toMatchObject({ prompt: "", knowledge_base: [locator] });
    } finally {
      await driver.delete(current);
      await env.api.call("deleteDocument", { params: { documentation_id: doc.id } });
    }
  });
});

// Known disagreements outside this test's files, kept failing on purpose (`it.fails`): each one
// passes while the bug is there and fails once it is fixed, to be turned into a plain example then.
describe("known bugs (expected to fail until fixed elsewhere)", () => {
  const env = useEmulator();
  const driver = new Driver(env);
  useProcessEnv(() => ({ ELEVENLABS_BASE_URL: env.baseUrl, ELEVENLABS_API_KEY: env.apiKey }));

  // client/wire.ts: the branch of an untagged union is chosen by key names only. A webhook's array
  // property `{property_kind: "array", constant_value: [...]}` fits the object property branch
  // (whose constant_value is a map) as well as the array one; the first wins, the array is not a
  // map, so its free JSON is camelized: `order_id` reads back as `orderId`, a perpetual diff.
  it("free JSON in an array property's constantValue reads back as declared", async () => {
    const tool = {
      type: "webhook",
      name: "lookup",
      description: "",
      apiSchema: {
        url: "https://example.com",
        responseBodySchema: {
          properties: { items: { propertyKind: "array", constantValue: [{ order_id: 1 }] } },
        },
      },
    };
    const current = await driver.create({
      name: "A",
      conversationConfig: { agent: { prompt: { tools: [tool] } } },
    });
    await driver.delete(current);
  });

  // provider/generated/live.ts (codegen's sdkEnums) vs emulator/spec: the schema accepts enum
  // values only the official SDK knows (new LLMs, TTS models, ASR providers); the emulator follows
  // the API description and answers 422. The property test draws the description's values only.
  it("an enum value only the SDK knows (asr.provider scribe_v2_turbo) is accepted", async () => {
    const current = await driver.create({
      name: "A",
      conversationConfig: { asr: { provider: "scribe_v2_turbo" } },
    });
    await driver.delete(current);
  });
});

/**
 * The agent as GET answers it, without what differs between two agents of one declaration: ids and
 * times, and an undeclared workflow (a removed one is an empty one; the API allows no null there).
 */
function settable(live: PlainObject, declared: PlainObject): PlainObject {
  const { agent_id, metadata, phone_numbers, access_info, workflow, ...rest } = live;
  return declared.workflow === undefined ? rest : { ...rest, workflow };
}

/**
 * `null`, the field's default where the API takes no `null` for it (its shape's `reset`), or an
 * object of removals.
 */
function isRemoval(v: unknown, shape: Shape | undefined, reset?: { readonly value: unknown }): boolean {
  if (v === null) return true;
  if (reset !== undefined && JSON.stringify(v) === JSON.stringify(reset.value)) return true;
  if (typeof v !== "object" || Array.isArray(v) || v === undefined) return false;
  const objects = shape?.kind === "union" ? shape.branches : shape ? [shape] : [];
  return Object.entries(v).every(([k, x]) => {
    const field = objects.flatMap((o) => (o.kind === "object" ? [o.byCamel.get(k)] : [])).find(Boolean);
    return isRemoval(x, field?.shape, field?.reset);
  });
}

/** The shape of the field at a (camelCase) path, and how it resets. */
function fieldAt(
  shape: Shape,
  path: readonly (string | number)[],
): { shape?: Shape; reset?: { readonly value: unknown } } {
  let here: { shape?: Shape; reset?: { readonly value: unknown } } = { shape };
  for (const k of path) {
    const s = here.shape;
    const objects = s?.kind === "union" ? s.branches : s ? [s] : [];
    const field = objects
      .flatMap((o) => (o.kind === "object" ? [o.byCamel.get(String(k))] : []))
      .find(Boolean);
    here = { shape: field?.shape, reset: field?.reset };
  }
  return here;
}

/** Whether an edit removes a property sent on its own (not inside an array or the workflow). */
function removesPart(step: Edit): boolean {
  return (
    step.kind === "remove" &&
    step.path.every((k) => typeof k === "string") &&
    !isWithin(step.path, AGENT_WORKFLOW)
  );
}
