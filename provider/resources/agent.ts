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
import { patchBetween, project, prune } from "../kit/converge";
import { type Behaviour, creationKeyOf, type Declaration, type Outputs, pick } from "../kit/declaration";
import { knowledgeBasePatch, type Locator, locatorsOf, withAgentList } from "../kit/knowledgeBase";
import { warn } from "../kit/log";
import { client, defineResource, ifFound } from "../kit/resource";

// ---------------------------------------------------------------------------------------------
// Schemas (camelCase, as programs write them). Descriptions feed schema.json and the SDK's docs.
// ---------------------------------------------------------------------------------------------

/** Outputs of an Agent beyond its inputs. */
const AgentOutputsSchema = z.strictObject({
  agentId: z.string().describe("The agent's id, e.g. `agent_7101k…`."),
});

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

const INPUT_KEYS = ["name", "conversationConfig", "platformSettings", "workflow", "tags"] as const;

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
  const wireBefore = toWire(before, shape);
  const wireAfter = toWire(after, shape);
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

/**
 * The tag that carries an agent's creation key (see CREATION_KEY): how a create recognises the
 * agent its own earlier attempt made. The provider adds it, and hides it from diffs and outputs.
 */
const KEY_TAG = "pulumi-elevenlabs:";
const keyTag = (key: string) => `${KEY_TAG}${key}`;
const isKeyTag = (tag: string) => tag.startsWith(KEY_TAG);

/** The tags to send: the declared ones and, when the program sent a creation key, its tag. */
function tagsWithKey(declared: unknown, bag: PlainObject): string[] | undefined {
  const tags = Array.isArray(declared) ? declared.map(String) : [];
  const key = creationKeyOf(bag);
  if (key === undefined) return Array.isArray(declared) ? tags : undefined;
  return [...tags, keyTag(key)];
}

/** The settable part of a live agent's answer (wire names); the rest is the service's. */
export function settableOf(live: Remote): PlainObject {
  return {
    name: live.name,
    conversation_config: live.conversation_config,
    platform_settings: live.platform_settings,
    workflow: (live as PlainObject).workflow,
    tags: live.tags,
  };
}

/** The settable part of an agent (wire names, see {@link settableOf}) -> args, camelCase, without the provider's own tags. */
export function argsOfSettable(settable: PlainObject, shape: Shape = liveShapes.AgentArgs): PlainObject {
  const tags = (settable.tags as string[] | null | undefined)?.filter((t) => !isKeyTag(t));
  const args = fromWire(
    {
      name: settable.name,
      conversation_config: settable.conversation_config,
      platform_settings: settable.platform_settings ?? undefined,
      workflow: settable.workflow ?? undefined,
      tags: tags && tags.length > 0 ? tags : undefined,
    },
    shape,
  );
  return prune(args);
}

/** Live agent (wire) -> its settable part, camelCase (the provider's own tags left out). */
export function agentArgsOf(live: Remote, shape: Shape = liveShapes.AgentArgs): PlainObject {
  return argsOfSettable(settableOf(live), shape);
}

/**
 * What refresh and adoption compare: the live values at the declared keys. In the knowledge-base
 * list only the declared locators count (documents attached by `agentId` are theirs), in the
 * declared order; declared `tags: []` matches an agent without tags of the user's own.
 */
function projectDeclared(live: PlainObject, declared: PlainObject): PlainObject {
  const projected = project(live, declared) as PlainObject;
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

function outputs(id: string, args: PlainObject): Outputs {
  return { ...args, agentId: id };
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

/** The Agent's API in a dialect, with the wire shape of that dialect. */
function behaviourOf(shape: Shape): Behaviour<Remote> {
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
    const ownedBefore = at(before, KNOWLEDGE_BASE);
    const ownedAfter = at(after, KNOWLEDGE_BASE);
    if (at(body, WIRE_KNOWLEDGE_BASE) === undefined) {
      return api.call("updateAgent", { params: { agent_id: id }, json: body });
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
      return api.call("updateAgent", { params: { agent_id: id }, json: mergeWire(body, json) });
    });
  }

  return {
    read: (id) => ifFound(client().call("getAgent", { params: { agent_id: id } })),

    mismatches: (live, bag): Mismatch[] => {
      const declared = pick(bag, INPUT_KEYS);
      return mismatches(projectDeclared(agentArgsOf(live, shape), declared), declared);
    },

    async create(bag) {
      const args = pick(bag, INPUT_KEYS);
      const api = client();
      const json = toWire(args, shape) as PlainObject;
      const tags = tagsWithKey(args.tags, bag);
      if (tags) json.tags = tags;
      const { agent_id: id } = await api.call("createAgent", { json });
      // Read back what the service kept; the agent exists either way, so a failed read only warns.
      const live = await ifFound(api.call("getAgent", { params: { agent_id: id } })).catch((err: unknown) => {
        void warn(
          `Agent ${JSON.stringify(args.name)} (${id}): created, but reading it back failed: ${String(err)}`,
        );
        return undefined;
      });
      if (live) reportUnkept(id, live, args, shape);
      return { id, outs: outputs(id, args) };
    },

    /** The agent carrying this resource's creation key: an earlier attempt made it. */
    async findOwn(bag) {
      const key = creationKeyOf(bag);
      if (key === undefined) return undefined;
      const api = client();
      const page = await api.call("listAgents", { query: { tags: keyTag(key), page_size: 100 } });
      const summary = page.agents.find((a) => a.tags?.includes(keyTag(key)));
      if (!summary) return undefined;
      const live = await ifFound(api.call("getAgent", { params: { agent_id: summary.agent_id } }));
      return live && { id: summary.agent_id, remote: live };
    },

    /** An agent found by its key: PATCH what differs from the declaration (a changed program). */
    async resume(id, live, bag) {
      const declared = pick(bag, INPUT_KEYS);
      const current = projectDeclared(agentArgsOf(live, shape), declared);
      const body = patchBody(current, declared, shape);
      if (body) await send(id, body, current, declared, bag);
      return outputs(id, declared);
    },

    adopted: (id, bag) => outputs(id, pick(bag, INPUT_KEYS)),

    project(id, live, props) {
      // Compare like with like: the live values at the keys the user declared.
      const args = projectDeclared(agentArgsOf(live, shape), pick(props, INPUT_KEYS));
      return { inputs: args, outs: outputs(id, args) };
    },

    async update(id, olds, news) {
      const before = pick(olds, INPUT_KEYS);
      const after = pick(news, INPUT_KEYS);
      const body = patchBody(before, after, shape);
      if (body) {
        const live = await send(id, body, before, after, news);
        reportUnkept(id, live, after, shape);
      }
      return outputs(id, after);
    },

    async delete(id) {
      await client().call("deleteAgent", { params: { agent_id: id } });
    },
  };
}

/** Deep merge of two wire PATCH bodies (objects merge, everything else from `extra`). */
function mergeWire(base: PlainObject, extra: PlainObject): PlainObject {
  const out: PlainObject = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? mergeWire(b, v) : v;
  }
  return out;
}

/** The Agent per dialect: the schema programs declare and the wire shape (export reads them too). */
export const AGENT_DIALECTS = {
  live: { schema: AgentArgsSchema, shape: liveShapes.AgentArgs },
  legacy: { schema: LegacyAgentArgsSchema, shape: legacyShapes.AgentArgs },
} as const;

/** The docs page beyond what the declaration generates. */
const DOCS = `**Legacy dialect.** The same program minus what the legacy API does not have: no \`asr\` (the legacy
speech-to-text is \`conversationConfig.stt.model\`), no \`turnEagerness\` (turn taking is
\`conversationConfig.turnDetection.mode\`: \`server_vad\` or \`turn_based\`), no \`dynamicVariables\`,
\`builtInTools\`, \`callLimits\` or \`privacy\`, and no text documents (a legacy \`KnowledgeDocument\` is a
URL or a file in one agent's knowledge base). The legacy widget also has the variant \`expanded\`.
A setting of the other dialect fails the preview, naming it:

\`\`\`
conversationConfig.asr exists only in the live API dialect; this stack speaks the legacy dialect (elevenlabs:apiDialect); the legacy API's speech-to-text is conversationConfig.stt.model
\`\`\`

## Settings most programs use

The inputs are generated from each dialect's API description: in the live dialect (the default)
the Agent accepts every setting of the service's create body; in the legacy dialect
(\`elevenlabs:apiDialect=legacy\`) the fields of the older reference. The tables below cover the
settings most programs use; [docs/reference/agent.md](../reference/agent.md) lists every one, a
table per group, with its type, range, default and dialect. \`tags\`: the provider adds one tag of
its own, see [Timeouts and retries](#timeouts-and-retries).

### Settings: conversationConfig.agent

| Argument | Type | Description |
| --- | --- | --- |
| \`agent.firstMessage\` | string (default \`""\`) | What the agent says when a conversation opens; empty waits for the user. |
| \`agent.language\` | language code (default \`en\`) | \`en\`, \`de\`, \`fr\`, \`es\`, \`pt\`, \`ja\`, … (33 codes in live; \`pt-br\` is live only). |
| \`agent.prompt.prompt\` | string | The system prompt. |
| \`agent.prompt.llm\` | model id (live default \`gemini-2.5-flash\`) | The language model, e.g. \`gpt-4o-mini\`. Live: one of the API's values; legacy: any non-blank text. |
| \`agent.prompt.temperature\` | number (default \`0\`) | Randomness of the replies. Legacy: 0 to 2. |
| \`agent.prompt.maxTokens\` | integer (default \`-1\`) | Upper bound on a reply's length; -1 leaves it to the model. |
| \`agent.prompt.toolIds\` | string[] | Ids of workspace tools: \`[tool.toolId]\` of a [\`Tool\`](tool.md). |
| \`agent.prompt.knowledgeBase\` | \`{ type, name, id, usageMode? }[]\` | Documents the agent draws on: \`type\` \`file\`, \`url\` or \`text\` (live also \`folder\`), \`id\` a [\`KnowledgeDocument\`](knowledge-document.md)'s \`documentId\`, \`usageMode\` \`auto\` (default) or \`prompt\`. See [the knowledge-base list](#the-knowledge-base-list). |
| \`agent.prompt.builtInTools\` | object, live only | The platform's own tools, switched on by giving their settings: \`endCall\`, \`transferToAgent\`, \`transferToNumber\`, \`languageDetection\`, \`skipTurn\`, \`playKeypadTouchTone\`, \`voicemailDetection\`. |
| \`agent.prompt.rag\` | object, live only | Retrieval: \`enabled\`, \`maxDocumentsLength\`, \`maxRetrievedRagChunksCount\`, … |
| \`agent.dynamicVariables.dynamicVariablePlaceholders\` | map, live only | Fallback values of \`{{name}}\` placeholders in prompts and messages. |

### Settings: conversationConfig: voice, listening, turns

| Argument | Type | Description |
| --- | --- | --- |
| \`tts.voiceId\` | string, not blank | The ElevenLabs voice. |
| \`tts.modelId\` | model id (live default \`eleven_flash_v2\`) | The text-to-speech model. Live: \`eleven_turbo_v2\`, \`eleven_turbo_v2_5\`, \`eleven_flash_v2\`, \`eleven_flash_v2_5\`, \`eleven_multilingual_v2\`, …; legacy: any non-blank text. |
| \`tts.stability\` | number 0..1 (default \`0.5\`) | Higher is steadier, lower more expressive. |
| \`tts.similarityBoost\` | number 0..1 (default \`0.8\`) | How closely the speech keeps to the original voice. |
| \`tts.speed\` | number 0.7..1.2 (default \`1\`) | Speaking rate. |
| \`tts.agentOutputAudioFormat\` | \`pcm_8000\` … \`pcm_48000\`, \`ulaw_8000\` (default \`pcm_16000\`) | Audio format of the agent's speech. |
| \`asr.keywords\`, \`asr.quality\`, \`asr.provider\` | live only | Transcription of the user: words to expect, quality tier, recognizer. |
| \`stt.model\` | string, legacy only | The speech-to-text model. |
| \`turn.turnTimeout\` | number (default \`7\`) | Seconds of silence before the agent speaks up again. Legacy: -1 to 300. |
| \`turn.silenceEndCallTimeout\` | number, live only (default \`-1\`) | Seconds of silence after which the call ends; -1 never. |
| \`turn.turnEagerness\` | \`patient\` \\| \`normal\` \\| \`eager\`, live only | How soon the agent takes its turn. |
| \`turnDetection.mode\` | \`server_vad\` \\| \`turn_based\`, legacy only | How the end of the user's turn is detected. |
| \`conversation.maxDurationSeconds\` | integer (default \`600\`) | Longest a conversation may last. Legacy: 1 to 7200. |
| \`conversation.textOnly\` | boolean, live only | Text conversations without audio. |
| \`languagePresets\` | map by language code, live only | Per-language variants: \`{ "pt-br": { overrides: { agent: { firstMessage: "Olá!" } } } }\`. |

### Settings: platformSettings

| Argument | Type | Description |
| --- | --- | --- |
| \`auth.enableAuth\` | boolean (default \`false\`) | Private agent: a conversation needs a signed URL ([\`getAgentLinkOutput\`](../api.md#signed-links)) or an API key. |
| \`auth.allowlist\` | \`{ hostname }[]\`, live only | Sites the widget may be embedded in. |
| \`widget.variant\` | \`compact\` \\| \`full\` (both); \`tiny\`, \`expandable\` live only; \`expanded\` legacy only | The look of the web widget. |
| \`evaluation.criteria\` | list, live only | Goals every finished conversation is judged against (\`id\`, \`name\`, \`conversationGoalPrompt\`). |
| \`dataCollection\` | map, live only | Facts to pull out of every conversation (\`type\`, \`description\`). |
| \`callLimits.agentConcurrencyLimit\`, \`callLimits.dailyLimit\` | integers, live only | Caps on conversations at once and per day. |
| \`privacy.recordVoice\`, \`privacy.retentionDays\`, \`privacy.zeroRetentionMode\` | live only | What is kept of conversations, and for how long. |

The state also records the account the agent lives in (\`account\`: base URL and key fingerprint;
see the README's [Pointing a stack at another account](../../README.md#pointing-a-stack-at-another-account)).

## Requests

Nothing replaces an agent, in either dialect. Every change is one \`PATCH /agents/{agent_id}\` that
carries only what changed; a change of the agent's own knowledge-base locators reads the agent
first (\`GET\`), then sends the merged list in that same \`PATCH\`.

The service fills defaults on read (a model, timeouts, widget colours, …). The provider compares
only the keys you declared, so defaults never show as changes; declare what you want Pulumi to
hold and nothing else. Removing a declared setting sends \`null\` for it. The legacy API then shows
its default again. The live API accepts \`null\` only where its description allows it and refuses
most settings with a 422 that names them
(\`conversationConfig.agent.firstMessage: Input should be a valid string\`): in a live stack, set the
value you want (for example the default) instead of removing the line.

After a create or an update the provider reads the agent back; a declared value the service did
not keep is a warning at once:

\`\`\`
warning: Agent "Support" (agent_…): the service did not keep conversationConfig.agent.firstMessage = "Hi!" (it has ""); the next refresh will show it as drift
\`\`\`

### The knowledge-base list

\`knowledgeBase\` is shared: in the live dialect a [\`KnowledgeDocument\`](knowledge-document.md) with
\`agentId\` puts its own locator into the same list. The Agent owns only the locators it declares:
refresh compares only those, and an update keeps the locators others put there. Declare each
attachment in one place only, either in the Agent's list or with the document's \`agentId\`. Details:
[docs/drift.md](../drift.md).

## Adoption

The first \`up\` adopts the agent with reads only. Compared: every key the program declares (in the
knowledge-base list, only the declared locators); undeclared settings are left as they are. A
difference fails the preview, naming the field and both values:

\`\`\`
import agent_…: conversationConfig.agent.prompt.temperature: 0.3 in the account, 0.5 in the program; the Agent cannot be imported until the program matches the account (or remove the \`import\` option)
\`\`\`

The engine shows the step as a create (\`+\`); \`pulumi import\` on the command line does not work for
dynamic resources. \`elevenlabs-export\` writes the declaration for you: [docs/adopting.md](../adopting.md).

## Timeouts and retries

- Each request times out after \`elevenlabs:timeoutSeconds\` (30). \`GET\` and \`PATCH\` are retried on
  408, 429, 5xx and connection failures (\`elevenlabs:maxRetries\`, 3).
- Before creating, the provider looks for an agent its own earlier attempt made (one
  \`GET /agents?tags=…\`): the agent carries the tag \`pulumi-elevenlabs:<creation key>\`, a hash of
  organization, project, stack, type and resource name. You see it in the dashboard; diffs,
  outputs and \`elevenlabs-export\` leave it out. A lost answer or a killed \`up\` therefore never makes
  a second agent; see the README's [Never duplicate, never orphan](../../README.md#never-duplicate-never-orphan).
- Deleting an agent leaves its workspace documents (live) but deletes its per-agent documents
  (legacy) and unassigns its phone numbers, as the emulator models the service.`;

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
  args: AgentArgsSchema,
  legacyArgs: LegacyAgentArgsSchema,
  outputs: AgentOutputsSchema,
  replaces: { live: [] },
  live: behaviourOf(AGENT_DIALECTS.live.shape),
  legacy: behaviourOf(AGENT_DIALECTS.legacy.shape),
  counterparts: {
    "conversationConfig.stt":
      "the live API transcribes with conversationConfig.asr (quality, provider, keywords)",
    "conversationConfig.turnDetection":
      "the live API takes turns with conversationConfig.turn (turnTimeout, mode, turnEagerness)",
    "conversationConfig.asr": "the legacy API's speech-to-text is conversationConfig.stt.model",
    "conversationConfig.turn": "the legacy API's turn taking is conversationConfig.turnDetection.mode",
  },
  docs: DOCS,
};

export const agent = defineResource(declaration);
