/**
 * AgentTest: a test of an agent (live dialect only): a conversation so far, and what the agent's
 * next turn must do: a response test (`type: "llm"`) judges its reply against a success condition
 * and examples; a tool-call test (`type: "tool"`) checks the tool it calls and the parameters.
 * Agents attach tests in `platformSettings.testing.attachedTests: [{ testId: test.id }]`;
 * `elevenlabs-test` (or `runAgentTests`) runs them as a release gate.
 *
 * Order: schemas, wire mapping, find and read, the declaration (create, update, delete).
 * API: POST /agent-testing/create, GET/PUT/DELETE /agent-testing/{test_id}, GET /agent-testing.
 * Every property but the type changes in place, with one PUT of the whole test (the API takes it
 * whole); a new type replaces the test.
 */
import { z } from "zod";
import type { WireAgentTest } from "../../client/endpoints";
import { liveShapes } from "../../client/generated/live";
import { collect, listed } from "../../client/paging";
import { fromWire, type PlainObject, type Shape, toWire } from "../../client/wire";
import { AgentResponseTestArgsSchema, AgentToolCallTestArgsSchema } from "../generated/live";
import { mismatches } from "../kit/adopt";
import { project, prune } from "../kit/converge";
import { type Declaration, type Outputs, pick } from "../kit/declaration";
import { listing, madeHere } from "../kit/lookup";
import { client, defineResource, ifFound } from "../kit/resource";

// ---------------------------------------------------------------------------------------------
// Schemas: the two create bodies of the API description, merged (their common part once).
// ---------------------------------------------------------------------------------------------

const RESPONSE = AgentResponseTestArgsSchema.shape as Record<string, z.ZodType>;
const TOOL_CALL = AgentToolCallTestArgsSchema.shape as Record<string, z.ZodType>;

/** A property of a generated create body, with our description for the merged resource. */
function described(from: Record<string, z.ZodType>, key: string, description: string): z.ZodType {
  const s = from[key];
  if (s === undefined) throw new Error(`AgentTest: the API description's test body has no ${key}`);
  return s.meta({ description });
}

/** Settings only response tests have. */
const RESPONSE_ONLY = ["successCondition", "successExamples", "failureExamples"] as const;
/** Settings only tool-call tests have. */
const TOOL_CALL_ONLY = ["toolCallParameters", "checkAnyToolMatches"] as const;

const AgentTestArgsSchema = z.strictObject({
  type: z
    .enum(["llm", "tool"])
    .describe(
      "`llm`: a response test, which judges the agent's next reply against `successCondition` and the examples; `tool`: a tool-call test, which checks the tool call in the agent's next turn (`toolCallParameters`). A new type replaces the test.",
    ),
  name: z
    .string()
    .regex(/\S/, "must not be blank")
    .describe("Name of the test in the workspace's test list, and in `elevenlabs-test`'s verdicts."),
  chatHistory: described(
    RESPONSE,
    "chatHistory",
    "The conversation so far, oldest message first (`{ role: 'user' | 'agent', message, timeInCallSecs }`, at most 200); the agent under test takes the next turn. Usually ends with a user message.",
  ),
  dynamicVariables: described(
    RESPONSE,
    "dynamicVariables",
    "Values for the `{{name}}` placeholders of the agent's prompt and messages during the test, keyed by variable name (sent exactly as written).",
  ),
  environment: described(
    RESPONSE,
    "environment",
    "The environment whose environment-variable values (`{{system__env_<label>}}`) the test runs with, e.g. `staging` (the service's default: `production`).",
  ),
  parentFolderId: described(RESPONSE, "parentFolderId", "Id of the test folder the test is listed in."),
  conversationInitiationSource: described(
    RESPONSE,
    "conversationInitiationSource",
    "The channel the test conversation pretends to come from, e.g. `twilio` or `widget`.",
  ),
  fromConversationMetadata: described(
    RESPONSE,
    "fromConversationMetadata",
    "The real conversation the test was made from, when it was (`conversationId`, `agentId`).",
  ),
  successCondition: z
    .string()
    .regex(/\S/, "must not be blank")
    .optional()
    .describe(
      "Response tests (`llm`), required there: what a good reply does, in plain words; the judge compares the agent's reply with it.",
    ),
  successExamples: described(
    RESPONSE,
    "successExamples",
    "Response tests (`llm`): up to five replies that pass (`{ response, type: 'success' }`), to calibrate the judge.",
  ),
  failureExamples: described(
    RESPONSE,
    "failureExamples",
    "Response tests (`llm`): up to five replies that fail (`{ response, type: 'failure' }`), to calibrate the judge.",
  ),
  toolCallParameters: described(
    TOOL_CALL,
    "toolCallParameters",
    "Tool-call tests (`tool`), required there: the tool call expected in the agent's next turn: `referencedTool` (`{ id, type }`), expectations on its `parameters` (by path: exact, regex, judged by an LLM, or anything), or `verifyAbsence` to pass when it does not call the tool.",
  ),
  checkAnyToolMatches: described(
    TOOL_CALL,
    "checkAnyToolMatches",
    "Tool-call tests (`tool`): pass when any tool call of the turn matches, not only the first.",
  ),
});

const AgentTestOutputsSchema = z.strictObject({
  testId: z
    .string()
    .describe(
      "The test's id, for an agent's `platformSettings.testing.attachedTests` and `elevenlabs-test --test`.",
    ),
});

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

const INPUT_KEYS = Object.keys(AgentTestArgsSchema.shape);

type Remote = z.infer<typeof WireAgentTest>;

/** The wire shape and the answer schema of a test type. */
function kindOf(type: unknown): { shape: Shape; answer: string; keys: string[] } {
  return type === "tool"
    ? {
        shape: liveShapes.AgentToolCallTestArgs,
        answer: "GetToolCallUnitTestResponseModel",
        keys: INPUT_KEYS.filter((k) => !(RESPONSE_ONLY as readonly string[]).includes(k)),
      }
    : {
        shape: liveShapes.AgentResponseTestArgs,
        answer: "GetResponseUnitTestResponseModel",
        keys: INPUT_KEYS.filter((k) => !(TOOL_CALL_ONLY as readonly string[]).includes(k)),
      };
}

/** The body of a create or a PUT: the whole test (the API takes it whole). */
function bodyOf(args: PlainObject): PlainObject {
  const { shape, keys } = kindOf(args.type);
  return toWire(pick(args, keys), shape);
}

/** The test as programs write it (every setting the API answers). */
function argsOf(remote: Remote): PlainObject {
  const { shape, keys } = kindOf(remote.type);
  const { id: _id, ...rest } = remote;
  return prune(pick(fromWire(rest, shape), keys));
}

function outputs(id: string, args: PlainObject): Outputs {
  return { ...args, testId: id };
}

/** Sets the whole test as declared. */
async function put(id: string, bag: PlainObject): Promise<Outputs> {
  const args = pick(bag, INPUT_KEYS);
  await client().call("updateAgentTest", { params: { test_id: id }, json: bodyOf(args) });
  return outputs(id, args);
}

/** Settings of the other type, and what the declared type needs. */
function typeRules(args: PlainObject): { property: string; reason: string }[] {
  if (args.type !== "llm" && args.type !== "tool") return [];
  const [theirs, other] = args.type === "llm" ? [TOOL_CALL_ONLY, "tool"] : [RESPONSE_ONLY, "llm"];
  const failures = theirs
    .filter((k) => args[k] !== undefined)
    .map((k) => ({
      property: k,
      reason: `${k}: only for ${other === "tool" ? "tool-call" : "response"} tests (type '${other}'); this test's type is '${String(args.type)}'`,
    }));
  const needed = args.type === "llm" ? "successCondition" : "toolCallParameters";
  if (args[needed] === undefined)
    failures.push({
      property: needed,
      reason: `${needed}: required for a ${args.type === "llm" ? "response test (type 'llm'): what a good reply does" : "tool-call test (type 'tool'): the call the agent should make"}`,
    });
  return failures;
}

// ---------------------------------------------------------------------------------------------
// The declaration
// ---------------------------------------------------------------------------------------------

const declaration: Declaration<Remote> = {
  type: "AgentTest",
  kind: "agentTest",
  noun: "agent test",
  description:
    "A test of an agent (live dialect): a conversation so far and what the agent's next turn must do. A response test (`type: 'llm'`) judges the reply against a success condition and examples; a tool-call test (`type: 'tool'`) checks the tool call. Agents attach tests with `platformSettings.testing.attachedTests: [{ testId: test.id }]`, and `elevenlabs-test --agent <id>` runs them as a release gate. Every setting changes in place (one PUT of the whole test); a new type replaces the test.",
  example: `const hours = new elevenlabs.AgentTest("mentions-hours", {
  type: "llm",
  name: "Mentions the opening hours",
  chatHistory: [{ role: "user", message: "When are you open?", timeInCallSecs: 1 }],
  successCondition: 'The agent gives the "opening hours".',
  successExamples: [{ response: "Our opening hours are 9 to 5, Monday to Friday.", type: "success" }],
  failureExamples: [{ response: "I don't know.", type: "failure" }],
});

const lookup = new elevenlabs.Tool("lookup-order", {
  toolConfig: { type: "client", name: "lookup_order", description: "Looks up an order." },
});
const callsLookup = new elevenlabs.AgentTest("calls-lookup", {
  type: "tool",
  name: "Looks the order up",
  chatHistory: [{ role: "user", message: "Where is order 42?", timeInCallSecs: 1 }],
  toolCallParameters: {
    referencedTool: { id: lookup.toolId, type: "client" },
    parameters: [{ path: "order_id", eval: { type: "exact", expectedValue: "42" } }],
  },
});

new elevenlabs.Agent("support", {
  name: "Support Assistant",
  conversationConfig: {
    agent: {
      firstMessage: "Hi! Ask me about our opening hours or your order.",
      prompt: { prompt: "Help customers.", toolIds: [lookup.toolId] },
    },
  },
  platformSettings: { testing: { attachedTests: [{ testId: hours.id }, { testId: callsLookup.id }] } },
});`,
  args: AgentTestArgsSchema,
  outputs: AgentTestOutputsSchema,
  // A response test cannot become a tool-call test (the API refuses a PUT of another type).
  replaces: { live: ["type"] },

  live: {
    refine: (args) => ({ failures: typeRules(args) }),

    read: (id) => ifFound(client().call("getAgentTest", { params: { test_id: id } })),

    mismatches: (remote, bag) => {
      const declared = pick(bag, INPUT_KEYS);
      return mismatches(project(argsOf(remote), declared), declared);
    },

    async create(bag) {
      const args = pick(bag, INPUT_KEYS);
      const { id } = await client().call("createAgentTest", { json: bodyOf(args) });
      return { id, outs: outputs(id, args) };
    },

    /**
     * A test an earlier attempt made: same name and type, and equal to the declaration where it
     * declares (tests carry nothing else to recognise them by; an identical test is harmless to adopt).
     */
    async findOwn(bag, fresh) {
      const api = client();
      const declared = pick(bag, INPUT_KEYS);
      // The workspace's tests are listed once per process (see provider/kit/lookup.ts).
      for (const t of await listing("agent tests", fresh, () => collect(listed(api, "listAgentTests")))) {
        if (t.name !== bag.name || t.type !== bag.type || madeHere(t.id)) continue;
        const remote = await ifFound(api.call("getAgentTest", { params: { test_id: t.id } }));
        if (remote && mismatches(project(argsOf(remote), declared), declared).length === 0)
          return { id: t.id, remote };
      }
      return undefined;
    },

    adopted: (id, bag) => outputs(id, pick(bag, INPUT_KEYS)),

    async list(api) {
      const found: { id: string; remote: Remote }[] = [];
      for (const t of (await collect(listed(api, "listAgentTests"))).reverse()) {
        if (t.type !== "llm" && t.type !== "tool") continue;
        const remote = await ifFound(api.call("getAgentTest", { params: { test_id: t.id } }));
        if (remote) found.push({ id: t.id, remote });
      }
      return found;
    },

    asDeclared: (_id, remote) => {
      const { shape, answer, keys } = kindOf(remote.type);
      const { id: _ignored, ...wire } = remote;
      return {
        name: remote.name,
        args: argsOf(remote),
        settings: {
          wire,
          answer,
          toArgs: (w) => prune(pick(fromWire({ ...w, type: remote.type }, shape), keys)),
        },
      };
    },

    project(id, remote, props) {
      const args = project(argsOf(remote), pick(props, INPUT_KEYS)) as PlainObject;
      return { inputs: args, outs: outputs(id, args) };
    },

    update: (id, _olds, news) => put(id, news),

    async delete(id) {
      await client().call("deleteAgentTest", { params: { test_id: id } });
    },
  },
};

export const agentTest = defineResource(declaration);
