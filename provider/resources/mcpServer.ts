/**
 * McpServer: an MCP server agents can use (live dialect only): where it is (a URL, or a `Secret`
 * holding one), how to call it (transport, headers, a token), which of its tools need approval and
 * how each tool behaves. Agents use it by id in `conversationConfig.agent.prompt.mcpServerIds`.
 *
 * Order: schemas, wire mapping, find and read, the declaration (create, update, delete).
 * API: POST /mcp-servers, GET/PATCH/DELETE /mcp-servers/{id}; the approval policy
 * (PATCH …/approval-policy), the tool approvals (POST …/tool-approvals, DELETE …/tool-approvals/{tool})
 * and the tool configs (POST …/tool-configs, PATCH/DELETE …/tool-configs/{tool}) change in place
 * through their own routes; the other settings with one PATCH; name, description, URL and transport
 * replace the server. A server agents outside the stack use is not deleted: the delete says who.
 */
import { z } from "zod";
import type { WireMcpServer } from "../../client/endpoints";
import { liveShapes } from "../../client/generated/live";
import { ConflictError } from "../../client/http/errors";
import { fromWire, isPlainObject, type ObjectShape, type PlainObject, toWire } from "../../client/wire";
import { McpServerArgsSchema } from "../generated/live";
import { mismatches } from "../kit/adopt";
import { deepEqual, patchBetween, project, prune } from "../kit/converge";
import { type Declaration, type Outputs, pick } from "../kit/declaration";
import { listing, madeHere } from "../kit/lookup";
import { client, defineResource, ifFound } from "../kit/resource";

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

const ToolApprovalSchema = z
  .strictObject({
    toolName: z
      .string()
      .regex(/\S/, "must not be blank")
      .describe("The tool's name, as the MCP server lists it."),
    toolDescription: z
      .string()
      .describe(
        "The tool's description, as the MCP server gives it. The service binds the approval to the tool as it was (it keeps a hash of name, description and input schema), so a tool whose description changes needs approving again.",
      ),
    inputSchema: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        "The tool's input schema (JSON Schema), as the MCP server gives it; bound into the approval too.",
      ),
    approvalPolicy: z
      .enum(["auto_approved", "requires_approval"])
      .optional()
      .describe(
        "`auto_approved`: the agent calls the tool without asking; `requires_approval` (the service's default): each call waits for approval.",
      ),
  })
  .meta({ id: "McpServerToolApproval", description: "One tool of an MCP server, approved on its own." });

/** Inputs: the server's configuration (generated from the API description) and its tool approvals. */
const McpServerArgs = McpServerArgsSchema.extend({
  toolApprovals: z
    .array(ToolApprovalSchema)
    .optional()
    .describe(
      'Tools approved one by one (with `approvalPolicy: "require_approval_per_tool"`): each is sent to the approvals route, which hashes the tool. Tools of the server not listed here are not approved.',
    ),
});

const McpServerOutputsSchema = z.strictObject({
  mcpServerId: z.string().describe("The server's id, for `conversationConfig.agent.prompt.mcpServerIds`."),
});

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

const INPUT_KEYS = Object.keys(McpServerArgs.shape);
const SHAPE = liveShapes.McpServerArgs as ObjectShape;

/** Settings that replace the server: the API's update takes none of them. */
const REPLACES = ["name", "description", "url", "transport"] as const;
/** Settings with routes of their own. */
const OWN_ROUTES = ["approvalPolicy", "toolApprovals", "toolConfigOverrides"] as const;

type Remote = z.infer<typeof WireMcpServer>;

/** The configuration's settings (without the approvals, which have their own argument). */
function configArgs(args: PlainObject): PlainObject {
  const { toolApprovals: _, ...config } = args;
  return config;
}

/** The server's configuration as programs write it (the approval hashes left out). */
function configOf(remote: Remote): PlainObject {
  const { tool_approval_hashes: _, ...config } = remote.config;
  return fromWire(config, SHAPE);
}

/** A tool approval on the wire: `{tool_name, tool_description, input_schema?, approval_policy?}`. */
function approvalBody(a: PlainObject): PlainObject {
  return prune({
    tool_name: a.toolName,
    tool_description: a.toolDescription,
    input_schema: a.inputSchema,
    approval_policy: a.approvalPolicy,
  });
}

const byName = (list: unknown, key: string): Map<string, PlainObject> =>
  new Map((Array.isArray(list) ? list : []).filter(isPlainObject).map((x) => [String(x[key]), x]));

/**
 * The approvals as refresh reports them: the declared ones the account holds (the description and
 * schema as declared: the service keeps only their hash), then those it holds that nobody declared.
 */
function approvalsOf(remote: Remote, declared: unknown): PlainObject[] | undefined {
  if (!Array.isArray(declared)) return undefined;
  const live = byName(remote.config.tool_approval_hashes, "tool_name");
  const mine = declared.filter(isPlainObject).flatMap((d): PlainObject[] => {
    const l = live.get(String(d.toolName));
    if (!l) return [];
    return [prune({ ...d, approvalPolicy: d.approvalPolicy === undefined ? undefined : l.approval_policy })];
  });
  const names = new Set(mine.map((a) => a.toolName));
  const others = [...live.values()]
    .filter((l) => !names.has(l.tool_name))
    .map((l) => prune({ toolName: l.tool_name, approvalPolicy: l.approval_policy ?? undefined }));
  return [...mine, ...others];
}

/** The tool configs as refresh reports them: the declared ones (declared keys), then the others. */
function overridesOf(live: unknown, declared: unknown): unknown {
  if (!Array.isArray(declared)) return undefined;
  const held = byName(live, "toolName");
  const mine = declared.filter(isPlainObject).flatMap((d) => {
    const l = held.get(String(d.toolName));
    return l ? [project(l, d)] : [];
  });
  const names = new Set(declared.filter(isPlainObject).map((d) => d.toolName));
  return [...mine, ...[...held.values()].filter((l) => !names.has(l.toolName))];
}

/** The live values at the declared keys, as inputs. */
function projected(remote: Remote, declared: PlainObject): PlainObject {
  const live = configOf(remote);
  const args = project(live, configArgs(declared)) as PlainObject;
  if (declared.toolConfigOverrides !== undefined)
    args.toolConfigOverrides = overridesOf(live.toolConfigOverrides, declared.toolConfigOverrides);
  if (declared.toolApprovals !== undefined) args.toolApprovals = approvalsOf(remote, declared.toolApprovals);
  return prune(args);
}

function outputs(id: string, args: PlainObject): Outputs {
  return { ...args, mcpServerId: id };
}

/** What removes a setting through the update: its default, an empty map, or null. */
function reset(camel: string): unknown {
  const field = SHAPE.byCamel.get(camel);
  if (field?.reset) return field.reset.value;
  return field?.shape.kind === "map" ? {} : null;
}

// ---------------------------------------------------------------------------------------------
// The declaration
// ---------------------------------------------------------------------------------------------

const api = () => client();

/** Sets the approvals as `after` declares them, from `before`: one request per changed tool. */
async function putApprovals(id: string, before: unknown, after: unknown): Promise<void> {
  const was = byName(before, "toolName");
  const now = byName(after, "toolName");
  for (const name of was.keys())
    if (!now.has(name))
      await ifFound(api().call("removeMcpToolApproval", { params: { mcp_server_id: id, tool_name: name } }));
  for (const [name, a] of now)
    if (!deepEqual(prune(was.get(name)), prune(a)))
      await api().call("addMcpToolApproval", { params: { mcp_server_id: id }, json: approvalBody(a) });
}

/** Sets the tool configs as `after` declares them, from `before`: one request per changed tool. */
async function putOverrides(id: string, before: unknown, after: unknown): Promise<void> {
  const wire = (o: PlainObject) =>
    toWire<PlainObject>({ toolConfigOverrides: [o] }, SHAPE).tool_config_overrides;
  const one = (o: PlainObject) => (wire(o) as PlainObject[])[0] as PlainObject;
  const was = byName(before, "toolName");
  const now = byName(after, "toolName");
  for (const name of was.keys())
    if (!now.has(name))
      await ifFound(api().call("removeMcpToolConfig", { params: { mcp_server_id: id, tool_name: name } }));
  for (const [name, o] of now) {
    const old = was.get(name);
    if (old === undefined) {
      // Already there (an earlier attempt's answer was lost): set it whole instead.
      await api()
        .call("addMcpToolConfig", { params: { mcp_server_id: id }, json: one(o) })
        .catch(async (err: unknown) => {
          if (!(err instanceof ConflictError)) throw err;
          const { tool_name: _, ...whole } = one(o);
          await api().call("updateMcpToolConfig", {
            params: { mcp_server_id: id, tool_name: name },
            json: whole,
          });
        });
    } else if (!deepEqual(prune(old), prune(o))) {
      const { tool_name: _, ...patch } = (patchBetween(one(old), one(o)) ?? {}) as PlainObject;
      await api().call("updateMcpToolConfig", {
        params: { mcp_server_id: id, tool_name: name },
        json: patch,
      });
    }
  }
}

const declaration: Declaration<Remote> = {
  type: "McpServer",
  kind: "mcpServer",
  noun: "MCP server",
  description:
    "An MCP (Model Context Protocol) server agents can call tools of (live dialect): its URL (or a `Secret` holding it), transport, request headers (values that are credentials should refer to a `Secret`), approval policy, the tools approved one by one, and per-tool settings. Agents list it by id in `conversationConfig.agent.prompt.mcpServerIds`. The approval policy, approvals and tool settings change in place through their own routes, the other settings with one PATCH; a new name, description, URL or transport replaces the server. A server that agents outside the stack still use is not deleted: the error names them.",
  example: `const cfg = new pulumi.Config();
const token = new elevenlabs.Secret("crm-mcp-token", { name: "crm_mcp_token", value: cfg.requireSecret("crmMcpToken") });

const crm = new elevenlabs.McpServer("crm", {
  name: "CRM tools",
  url: "https://mcp.crm.example.com/mcp",
  transport: "STREAMABLE_HTTP",
  requestHeaders: { Authorization: { secretId: token.secretId } },
  approvalPolicy: "require_approval_per_tool",
  toolApprovals: [
    { toolName: "lookup_customer", toolDescription: "Finds a customer by phone number.", approvalPolicy: "auto_approved" },
  ],
  toolConfigOverrides: [{ toolName: "create_ticket", preToolSpeech: "force", executionMode: "async" }],
});

new elevenlabs.Agent("support", {
  name: "Support",
  conversationConfig: {
    agent: {
      prompt: {
        prompt: "Look customers up before answering.",
        mcpServerIds: [crm.mcpServerId],
        builtInTools: { endCall: { name: "end_call", params: { systemToolType: "end_call" } } },
      },
    },
  },
});`,
  args: McpServerArgs,
  outputs: McpServerOutputsSchema,
  replaces: { live: [...REPLACES] },
  // Header values written as plain strings may be credentials.
  program: { credentialMaps: ["requestHeaders"] },

  live: {
    refine(args) {
      const failures = (["toolApprovals", "toolConfigOverrides"] as const).flatMap((key) => {
        const names = (Array.isArray(args[key]) ? args[key] : [])
          .filter(isPlainObject)
          .map((x) => x.toolName);
        const twice = names.filter((n, i) => names.indexOf(n) !== i);
        return twice.length === 0
          ? []
          : [
              {
                property: key,
                reason: `${key}: lists tool ${JSON.stringify(twice[0])} twice; give each tool once`,
              },
            ];
      });
      return { failures };
    },

    read: (id) => ifFound(api().call("getMcpServer", { params: { mcp_server_id: id } })),

    mismatches: (remote, bag) => {
      const declared = pick(bag, INPUT_KEYS);
      return mismatches(projected(remote, declared), declared);
    },

    async create(bag) {
      const args = pick(bag, INPUT_KEYS);
      const config = toWire<PlainObject>(configArgs(args), SHAPE);
      const { id } = await api().call("createMcpServer", { json: { config } });
      await putApprovals(id, [], args.toolApprovals);
      return { id, outs: outputs(id, args) };
    },

    /**
     * A server an earlier attempt made: the same name, description, URL and transport (what a
     * replacement changes, so the server being replaced never matches), used by no agent.
     */
    async findOwn(bag, fresh) {
      const want = toWire<PlainObject>(pick(bag, REPLACES), SHAPE);
      const all = await listing(
        "MCP servers",
        fresh,
        async () => (await api().call("listMcpServers")).mcp_servers,
      );
      const found = all.find((s) => {
        if (madeHere(s.id)) return false;
        const have = pick(s.config, ["name", "description", "url", "transport"]);
        const same = REPLACES.every((k) => {
          const wireKey = SHAPE.byCamel.get(k)?.wire ?? k;
          return want[wireKey] === undefined || deepEqual(have[wireKey], want[wireKey]);
        });
        return same && (s.dependent_agents ?? []).length === 0;
      });
      return found && { id: found.id, remote: found };
    },

    adopted: (id, bag) => outputs(id, pick(bag, INPUT_KEYS)),

    async list(c) {
      const { mcp_servers: all } = await c.call("listMcpServers");
      return [...all].reverse().map((s) => ({ id: s.id, remote: s }));
    },

    asDeclared(id, remote) {
      const approvals = remote.config.tool_approval_hashes ?? [];
      const { tool_approval_hashes: _, ...config } = remote.config;
      return {
        name: remote.config.name || id,
        args: configOf(remote),
        settings: { wire: config, answer: "MCPServerConfig-Output", toArgs: (w) => fromWire(w, SHAPE) },
        ...(approvals.length > 0
          ? {
              warnings: [
                `left out its tool approvals (${approvals.map((a) => a.tool_name).join(", ")}): the service keeps only a hash of each approved tool; declare them in toolApprovals with each tool's description`,
              ],
            }
          : {}),
      };
    },

    project(id, remote, props) {
      const args = projected(remote, pick(props, INPUT_KEYS));
      // What cannot be read back (an approval's description and schema) keeps its declared value.
      return { inputs: args, outs: outputs(id, args) };
    },

    async update(id, olds, news) {
      const before = pick(olds, INPUT_KEYS);
      const after = pick(news, INPUT_KEYS);
      const patch: PlainObject = {};
      for (const k of SHAPE.byCamel.keys()) {
        if ((REPLACES as readonly string[]).includes(k) || (OWN_ROUTES as readonly string[]).includes(k))
          continue;
        if (deepEqual(prune(before[k]), prune(after[k]))) continue;
        const wire = SHAPE.byCamel.get(k)?.wire ?? k;
        patch[wire] = after[k] === undefined ? reset(k) : toWire<PlainObject>({ [k]: after[k] }, SHAPE)[wire];
      }
      if (Object.keys(patch).length > 0)
        await api().call("updateMcpServer", { params: { mcp_server_id: id }, json: patch });
      if (!deepEqual(before.approvalPolicy, after.approvalPolicy))
        await api().call("updateMcpApprovalPolicy", {
          params: { mcp_server_id: id },
          json: { approval_policy: after.approvalPolicy ?? reset("approvalPolicy") },
        });
      await putApprovals(id, before.toolApprovals, after.toolApprovals);
      await putOverrides(id, before.toolConfigOverrides, after.toolConfigOverrides);
      return outputs(id, after);
    },

    /** Refused while agents use the server (those of the stack are deleted or moved first). */
    async delete(id) {
      const server = await api().call("getMcpServer", { params: { mcp_server_id: id } });
      const users = server.dependent_agents ?? [];
      if (users.length > 0) {
        const named = users.map((a) => `${JSON.stringify(a.name ?? "")} (${a.id})`).join(", ");
        throw new Error(
          `McpServer ${JSON.stringify(server.config.name)} (${id}): not deleted, agent(s) outside this stack still use it: ${named}. Remove it from their mcpServerIds, then run again`,
        );
      }
      await api().call("deleteMcpServer", { params: { mcp_server_id: id } });
    },
  },
};

export const mcpServer = defineResource(declaration);
