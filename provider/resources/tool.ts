/**
 * Tool: a tool agents can call (live dialect only): a webhook the platform calls, a client-side
 * action, a system tool or an MCP tool. Agents use it by id in
 * `conversationConfig.agent.prompt.toolIds`.
 *
 * Order: schemas, wire mapping, find and read, the declaration (create, update, delete).
 * API: POST /tools, GET/PATCH/DELETE /tools/{tool_id}. The configuration changes in place (one
 * PATCH with the whole configuration, which the API takes as a whole); a change of the tool's
 * `type` replaces it.
 */
import { z } from "zod";
import type { WireTool } from "../../client/endpoints";
import { liveShapes } from "../../client/generated/live";
import { collect, listed } from "../../client/paging";
import { fromWire, isPlainObject, type PlainObject, toWire } from "../../client/wire";
import { ToolConfigSchema } from "../generated/live";
import { mismatches } from "../kit/adopt";
import { project } from "../kit/converge";
import { type Declaration, type Outputs, pick } from "../kit/declaration";
import { listing, madeHere } from "../kit/lookup";
import { client, defineResource, ifFound } from "../kit/resource";

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

const ToolArgsSchema = z.strictObject({
  toolConfig: ToolConfigSchema.meta({
    description:
      "The tool: `type` (`webhook`, `client`, `system` or `mcp`), `name`, `description` and what the type needs (a webhook's `apiSchema` with URL, method, headers and parameters; a client tool's `parameters`).",
  }),
});

const ToolOutputsSchema = z.strictObject({
  toolId: z.string().describe("The tool's id, for `conversationConfig.agent.prompt.toolIds`."),
});

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

const INPUT_KEYS = ["toolConfig"] as const;

type Remote = z.infer<typeof WireTool>;

/** The tool's configuration as programs write it. */
function configOf(remote: Remote): PlainObject {
  return fromWire(remote.tool_config, liveShapes.ToolConfig);
}

/** Outputs: the declaration and the tool's id. */
function outputs(id: string, args: PlainObject): Outputs {
  return { ...args, toolId: id };
}

/** The body of a create or an update: the whole configuration (the API takes it as a whole). */
function bodyOf(args: PlainObject) {
  return { tool_config: toWire(args.toolConfig, liveShapes.ToolConfig) };
}

/** Sets the tool's configuration as declared. */
async function put(id: string, bag: PlainObject): Promise<Outputs> {
  const args = pick(bag, INPUT_KEYS);
  await client().call("updateTool", { params: { tool_id: id }, json: bodyOf(args) });
  return outputs(id, args);
}

// ---------------------------------------------------------------------------------------------
// The declaration
// ---------------------------------------------------------------------------------------------

const declaration: Declaration<Remote> = {
  type: "Tool",
  kind: "tool",
  noun: "tool",
  description:
    "A tool agents can call (live dialect): a webhook the platform calls, a client-side action, a system tool or an MCP tool. Agents list it by id in `conversationConfig.agent.prompt.toolIds`. The configuration changes in place; changing its `type` replaces the tool. Header values that are credentials should refer to a `Secret` (`{ secretId }`).",
  example: `const cfg = new pulumi.Config();
const crmKey = new elevenlabs.Secret("crm-key", { name: "crm_key", value: cfg.requireSecret("crmKey") });

const lookupOrder = new elevenlabs.Tool("lookup-order", {
  toolConfig: {
    type: "webhook",
    name: "lookup_order",
    description: "Looks up an order by its number.",
    apiSchema: {
      url: "https://crm.example.com/orders/{order_id}",
      method: "GET",
      pathParamsSchema: { order_id: { type: "string", description: "The order number" } },
      requestHeaders: { "X-Api-Key": { secretId: crmKey.secretId } },
    },
  },
});

const showProduct = new elevenlabs.Tool("show-product", {
  toolConfig: {
    type: "client",
    name: "show_product",
    description: "Shows a product page in the app.",
    parameters: {
      type: "object",
      properties: { sku: { type: "string", description: "The product's SKU" } },
      required: ["sku"],
    },
  },
});

new elevenlabs.Agent("support", {
  name: "Support Assistant",
  conversationConfig: {
    agent: { prompt: { prompt: "Help customers with their orders.", toolIds: [lookupOrder.toolId, showProduct.toolId] } },
  },
});`,
  args: ToolArgsSchema,
  outputs: ToolOutputsSchema,
  // A tool cannot become another kind of tool.
  replaces: { live: ["toolConfig.type"] },
  // Request headers written as plain strings may be credentials.
  program: { credentialMaps: ["requestHeaders"] },

  live: {
    read: (id) => ifFound(client().call("getTool", { params: { tool_id: id } })),

    mismatches: (remote, bag) => mismatches({ toolConfig: configOf(remote) }, pick(bag, INPUT_KEYS)),

    async create(bag) {
      const args = pick(bag, INPUT_KEYS);
      const { id } = await client().call("createTool", { json: bodyOf(args) });
      return { id, outs: outputs(id, args) };
    },

    /**
     * A tool an earlier attempt made: same name and type, used by no agent (a tool agents use is
     * someone else's, even if it looks the same).
     */
    async findOwn(bag, fresh) {
      const api = client();
      const declared = isPlainObject(bag.toolConfig) ? bag.toolConfig : {};
      for (const t of await listing("tools", fresh, () => collect(listed(api, "listTools")))) {
        if (t.tool_config.name !== declared.name || t.tool_config.type !== declared.type) continue;
        if (madeHere(t.id)) continue;
        const users = await api.call("listToolDependentAgents", { params: { tool_id: t.id } });
        if (users.agents.length === 0) return { id: t.id, remote: t };
      }
      return undefined;
    },

    adopted: (id, bag) => outputs(id, pick(bag, INPUT_KEYS)),

    async list(api) {
      const all = await collect(listed(api, "listTools"));
      return all.reverse().map((t) => ({ id: t.id, remote: t }));
    },

    asDeclared: (id, remote) => ({
      name: remote.tool_config.name ?? id,
      args: { toolConfig: configOf(remote) },
      settings: {
        wire: { tool_config: remote.tool_config },
        answer: "ToolResponseModel",
        toArgs: (w) => ({ toolConfig: fromWire(w.tool_config ?? {}, liveShapes.ToolConfig) }),
      },
    }),

    project(id, remote, props) {
      const declared = pick(props, INPUT_KEYS);
      const args = { toolConfig: project(configOf(remote), declared.toolConfig) };
      return { inputs: args, outs: outputs(id, args) };
    },

    update: (id, _olds, news) => put(id, news),

    async delete(id) {
      await client().call("deleteTool", { params: { tool_id: id } });
    },
  },
};

export const tool = defineResource(declaration);
