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
import { listed } from "../../client/paging";
import { fromWire, isPlainObject, type PlainObject, toWire } from "../../client/wire";
import { ToolConfigSchema } from "../generated/live";
import { mismatches } from "../kit/adopt";
import { project } from "../kit/converge";
import { type Declaration, type Outputs, pick } from "../kit/declaration";
import { client, defineResource, ifFound } from "../kit/resource";

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

export const ToolArgsSchema = z.strictObject({
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
export function configOf(remote: Remote): PlainObject {
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
    async findOwn(bag) {
      const api = client();
      const declared = isPlainObject(bag.toolConfig) ? bag.toolConfig : {};
      for await (const t of listed(api, "listTools")) {
        if (t.tool_config.name !== declared.name || t.tool_config.type !== declared.type) continue;
        const users = await api.call("listToolDependentAgents", { params: { tool_id: t.id } });
        if (users.agents.length === 0) return { id: t.id, remote: t };
      }
      return undefined;
    },

    adopted: (id, bag) => outputs(id, pick(bag, INPUT_KEYS)),

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

  docs: `## The kinds of tool

\`toolConfig.type\` picks the kind of tool:

| \`type\` | Required | Main optional fields |
| --- | --- | --- |
| \`webhook\` | \`name\`, \`description\`, \`apiSchema\` | \`responseTimeoutSecs\` (5..300, default 20), \`executionMode\`, \`preToolSpeech\`, \`toolCallSound\`, \`dynamicVariables\`, \`assignments\` |
| \`client\` | \`name\`, \`description\` | \`parameters\` (a JSON-schema object), \`expectsResponse\`, \`responseTimeoutSecs\`, \`executionMode\` |
| \`system\` | \`name\`, \`params\` (\`{ systemToolType: "end_call" }\`, \`transfer_to_agent\`, \`transfer_to_number\`, …) | \`description\` |
| \`mcp\` | \`name\`, \`description\`, \`integrationType\`, \`mcpToolName\`, \`mcpToolDescription\`, \`mcpServerId\`, \`mcpServerName\` | \`parameters\`, \`approvalPolicy\`, \`inputOverrides\` |

\`name\` is what the model calls the tool by: letters, digits, \`_\` and \`-\`, at most 64. A webhook's
\`apiSchema\`:

| Field | Description |
| --- | --- |
| \`url\` (required) | The endpoint; \`{name}\` placeholders are filled from the path parameters. |
| \`method\` | \`GET\` (default), \`POST\`, \`PUT\`, \`PATCH\`, \`DELETE\`. |
| \`pathParamsSchema\`, \`queryParamsSchema\`, \`requestBodySchema\` | What the model fills in, as JSON-schema properties with descriptions. |
| \`requestHeaders\` | Header name to value: a plain string, \`{ secretId }\` (a [\`Secret\`](secret.md)), a dynamic variable or an environment variable reference. |
| \`contentType\` | \`application/json\` (default) or \`application/x-www-form-urlencoded\`. |

**Credentials in headers.** Refer to a \`Secret\` by \`{ secretId }\`. A header value written as a
plain string makes the whole \`toolConfig\` a secret in the Pulumi state (the SDK cannot tell a
credential from a plain header), so prefer \`{ secretId }\`.

Every field and its rules: the tooltips of the generated types (\`ToolWebhook\`, \`ToolClient\`,
\`ToolSystem\`, \`ToolMcp\` in \`pulumi-elevenlabs\`), and \`schema.json\`.

## Requests

An update is one \`PATCH /tools/{tool_id}\` with the whole configuration (the API replaces it as a
whole). A new \`type\` replaces the tool: the new tool is created, agents that list it are updated
to the new id, then the old tool is deleted.

Measured against the emulator (a \`Secret\`, a webhook \`Tool\` using it, an \`Agent\` listing the tool):
creating all three took seven requests (\`GET /secrets\`, \`POST /secrets\`, \`GET /tools\`,
\`POST /tools\`, \`GET /agents\`, \`POST /agents/create\`, \`GET /agents/{agent_id}\`); a new description
one \`PATCH /tools/{tool_id}\`; a new type \`GET /tools\`, \`POST /tools\`, \`PATCH /agents/{agent_id}\`,
\`DELETE /tools/{tool_id}\`.

Deleting a tool that an agent outside the program still uses is refused by the service (the
emulator answers 409 \`tool_in_use\`); agents of the same program are updated or deleted first.

## Adoption

Compared: every key the program declares in \`toolConfig\`; the service's defaults for undeclared
keys are ignored. \`elevenlabs-export\` writes the declaration, with header secrets as references to
the \`Secret\` declarations: [docs/adopting.md](../adopting.md).

## Timeouts and retries

Before creating, the provider walks the workspace's tools (\`GET /tools\`, every page) for one with
the same \`name\` and \`type\` that no agent uses (\`GET /tools/{tool_id}/dependent-agents\` per
candidate). Such a tool is the one an earlier attempt made (a lost answer, a killed \`up\`) and is
adopted, its configuration set to the declaration; a tool agents use is never taken. An unused tool
of the same name and type made by hand would be adopted too.`,
};

export const tool = defineResource(declaration);
