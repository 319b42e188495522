/**
 * WorkspaceSettings: the workspace's Agents Platform settings (live dialect only): the
 * conversation-initiation webhook (with secret headers), the post-call webhooks, retention and MCP
 * servers. One object per workspace that always exists, so the resource adopts it: create records
 * what the account holds at the declared settings, then applies the declaration; destroy puts back
 * what it recorded. Only declared settings are managed.
 *
 * Order: schemas, wire mapping, find and read, the declaration (create, update, delete).
 * API: GET/PATCH /settings. Every change is in place, one PATCH.
 *
 * Two stacks that declare it on one account overwrite each other's settings; before each write the
 * provider reads the account and warns when it is not what this stack last wrote.
 */
import { z } from "zod";
import type { WireSettings } from "../../client/endpoints";
import { liveShapes } from "../../client/generated/live";
import {
  type Field,
  fromWire,
  isPlainObject,
  type ObjectShape,
  type PlainObject,
  type Shape,
  toWire,
} from "../../client/wire";
import { WorkspaceSettingsArgsSchema } from "../generated/live";
import { describeMismatch, mismatches } from "../kit/adopt";
import { deepEqual, project, prune } from "../kit/converge";
import { type Declaration, type Outputs, pick, secretPathsIn } from "../kit/declaration";
import { warn } from "../kit/log";
import { client, defineResource } from "../kit/resource";

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

const WorkspaceSettingsOutputsSchema = z.strictObject({
  settingsId: z.string().describe("The settings' id in the state (`workspace-settings`: one per workspace)."),
  previousSettings: z
    .record(z.string(), z.unknown())
    .meta({ secret: true })
    .describe(
      "What the account held at each declared setting before this stack first wrote it (null: not set); destroy puts it back. A secret (it may hold webhook header values).",
    ),
});

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

/** The one id: a workspace has one settings object. */
const SETTINGS_ID = "workspace-settings";
const SHAPE = liveShapes.WorkspaceSettingsArgs as ObjectShape;
const INPUT_KEYS = Object.keys(WorkspaceSettingsArgsSchema.shape);

type Remote = z.infer<typeof WireSettings>;

/** The account's settings as programs write them. */
function argsOf(remote: Remote): PlainObject {
  return fromWire(remote, SHAPE);
}

/** The live values at the declared keys (what refresh and adoption compare). */
function projected(remote: Remote, declared: PlainObject): PlainObject {
  return prune(project(argsOf(remote), declared) as PlainObject);
}

/** What the account holds at each of `keys` (null where nothing is set), for destroy to put back. */
function snapshot(remote: Remote, keys: readonly string[]): PlainObject {
  const live = argsOf(remote);
  return Object.fromEntries(keys.map((k) => [k, live[k] ?? null]));
}

function outputs(args: PlainObject, previous: PlainObject): Outputs {
  return { ...args, settingsId: SETTINGS_ID, previousSettings: previous };
}

/**
 * The settings the API takes null for (`PatchConvAISettingsRequest`: a test holds this equal to the
 * description): removing one sends null; the others are reset to their default or emptied.
 */
export const NULLABLE_SETTINGS = [
  "conversation_initiation_client_data_webhook",
  "conversation_embedding_retention_days",
] as const;

/** What removes a value of `shape` that was `was` (a PATCH merges: an object is cleared leaf by leaf). */
function cleared(field: Field | undefined, was: unknown, nullable: boolean): unknown {
  if (nullable) return null;
  if (field?.reset) return field.reset.value;
  const shape = field?.shape;
  if (shape?.kind === "array") return [];
  if (shape?.kind === "map") return {};
  if (shape?.kind === "object" && isPlainObject(was)) return diffWire(was, {}, shape, []) ?? {};
  return null;
}

/**
 * The PATCH (wire) that turns `from` into `to`: changed objects by their changed members, every
 * other changed value whole (a header map, a list), a removed one cleared (see {@link cleared}).
 */
function diffWire(
  from: PlainObject,
  to: PlainObject,
  shape: Shape,
  nullable: readonly string[],
): PlainObject | undefined {
  const out: PlainObject = {};
  const byWire = shape.kind === "object" ? shape.byWire : new Map<string, Field>();
  for (const k of new Set([...Object.keys(from), ...Object.keys(to)])) {
    const a = from[k];
    const b = to[k];
    if (deepEqual(prune(a), prune(b))) continue;
    const field = byWire.get(k);
    if (b === undefined || b === null) out[k] = cleared(field, a, nullable.includes(k));
    else if (field?.shape.kind === "object" && isPlainObject(a) && isPlainObject(b))
      out[k] = diffWire(a, b, field.shape, []) ?? {};
    else out[k] = b;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The PATCH that turns the account's `from` into `to` (settings as programs write them). */
function patchOf(from: PlainObject, to: PlainObject): PlainObject | undefined {
  return diffWire(toWire(from, SHAPE), toWire(to, SHAPE), SHAPE, NULLABLE_SETTINGS);
}

/** Warns when the account's declared settings are not what this stack last wrote (another writer). */
function warnIfChanged(remote: Remote, written: PlainObject, doing: string): void {
  const found = mismatches(projected(remote, written), written);
  if (found.length === 0) return;
  const secrets = secretPathsIn(declaration, "live");
  const lines = found.map((m) =>
    describeMismatch(m, secrets).replace(" in the program", " last written by this stack"),
  );
  void warn(
    `WorkspaceSettings: the account's settings are not what this stack last wrote (another stack, or the dashboard, changed them): ${lines.join("; ")}. ${doing}`,
  );
}

const api = () => client();
const read = () => api().call("getSettings");

// ---------------------------------------------------------------------------------------------
// The declaration
// ---------------------------------------------------------------------------------------------

const declaration: Declaration<Remote> = {
  type: "WorkspaceSettings",
  kind: "workspaceSettings",
  noun: "workspace settings object",
  description:
    "The workspace's Agents Platform settings (live dialect): the webhook called when a conversation starts (its header values that are credentials should refer to a `Secret`), the post-call webhooks, retention of RAG and conversation data, MCP servers, the default LiveKit stack. A workspace has one such object: the resource adopts it, records what the account holds at the settings it declares, and applies the declaration; destroy puts back what it recorded. Only declared settings are managed. Declare it in one stack per account: two stacks would overwrite each other (each write warns when the account is not what its stack last wrote).",
  example: `const cfg = new pulumi.Config();
const hookToken = new elevenlabs.Secret("init-hook-token", { name: "init_hook_token", value: cfg.requireSecret("initHookToken") });

new elevenlabs.WorkspaceSettings("workspace", {
  conversationInitiationClientDataWebhook: {
    url: "https://crm.example.com/elevenlabs/conversation-start",
    requestHeaders: { Authorization: { secretId: hookToken.secretId } },
  },
  webhooks: { events: ["transcript", "call_initiation_failure"], transcriptFormat: "json" },
  ragRetentionPeriodDays: 20,
  canUseMcpServers: true,
});`,
  args: WorkspaceSettingsArgsSchema,
  outputs: WorkspaceSettingsOutputsSchema,
  replaces: { live: [] },
  // Header values written as plain strings may be credentials.
  program: { credentialMaps: ["requestHeaders"] },

  live: {
    read: () => read(),

    mismatches: (remote, bag) => {
      const declared = pick(bag, INPUT_KEYS);
      return mismatches(projected(remote, declared), declared);
    },

    /** Records what the account holds at the declared settings, then writes the declaration (one PATCH). */
    async create(bag) {
      const args = pick(bag, INPUT_KEYS);
      const previous = snapshot(await read(), Object.keys(args));
      const body = toWire<PlainObject>(args, SHAPE);
      if (Object.keys(body).length > 0) await api().call("updateSettings", { json: body });
      return { id: SETTINGS_ID, outs: outputs(args, previous) };
    },

    adopted: (_id, bag, remote) => {
      const args = pick(bag, INPUT_KEYS);
      return outputs(args, snapshot(remote, Object.keys(args)));
    },

    async list(c) {
      return [{ id: SETTINGS_ID, remote: await c.call("getSettings") }];
    },

    asDeclared: (_id, remote) => ({
      name: "workspace settings",
      words: ["workspace", "settings"],
      onlyIfSet: true,
      args: argsOf(remote),
      settings: {
        wire: remote as PlainObject,
        answer: "GetConvAISettingsResponseModel",
        toArgs: (w) => fromWire(w, SHAPE),
      },
    }),

    project(_id, remote, props) {
      const args = projected(remote, pick(props, INPUT_KEYS));
      return { inputs: args, outs: outputs(args, (props.previousSettings as PlainObject) ?? {}) };
    },

    /**
     * One PATCH: the changed settings, those another writer changed since this stack's last write
     * (after a warning), and removed ones put back to what was recorded.
     */
    async update(_id, olds, news) {
      const before = pick(olds, INPUT_KEYS);
      const after = pick(news, INPUT_KEYS);
      const remote = await read();
      warnIfChanged(remote, before, "This update writes the declared settings over them.");
      const previous = { ...(olds.previousSettings as PlainObject) };
      // Newly declared settings: record what the account holds before writing them.
      for (const [k, v] of Object.entries(snapshot(remote, Object.keys(after))))
        if (!Object.hasOwn(previous, k)) previous[k] = v;
      const current = projected(remote, { ...before, ...after });
      const target: PlainObject = { ...after };
      for (const k of Object.keys(before))
        if (after[k] === undefined && previous[k] !== null && previous[k] !== undefined)
          target[k] = previous[k];
      const body = patchOf(current, target);
      if (body) await api().call("updateSettings", { json: body });
      for (const k of Object.keys(previous)) if (after[k] === undefined) delete previous[k];
      return outputs(after, previous);
    },

    /** Puts back what was recorded at the declared settings (one PATCH); the settings object stays. */
    async delete(_id, props) {
      const declared = pick(props, INPUT_KEYS);
      const previous = (props.previousSettings as PlainObject) ?? {};
      const remote = await read();
      warnIfChanged(remote, declared, "Destroy puts back what the account held before this stack.");
      const target = prune(
        Object.fromEntries(Object.keys(declared).map((k) => [k, previous[k] ?? undefined])),
      ) as PlainObject;
      const body = patchOf(projected(remote, declared), target);
      if (body && !deepEqual(body, {})) await api().call("updateSettings", { json: body });
    },
  },
};

export const workspaceSettings = defineResource(declaration);
