/**
 * Tool: a tool agents can call (live dialect only): a webhook the platform calls, a client-side
 * action, a system tool or an MCP tool. Agents use it by id in
 * `conversationConfig.agent.prompt.toolIds`.
 *
 * Order: schemas, wire mapping, the resource (check rules, read, create, refresh, update, delete).
 * API: POST /tools, GET/PATCH/DELETE /tools/{tool_id}. The configuration changes in place (one
 * PATCH with the whole configuration, which the API takes as a whole); a change of the tool's
 * `type` replaces it.
 */
import { z } from "zod";
import type { WireTool } from "../../client/endpoints";
import { liveShapes } from "../../client/generated/live";
import { pages } from "../../client/paging";
import { fromWire, isPlainObject, type PlainObject, toWire } from "../../client/wire";
import { ToolConfigSchema } from "../generated/live";
import { mismatches } from "../kit/adopt";
import { secretPathsOf } from "../kit/check";
import { project } from "../kit/converge";
import { client, defineResource, ifFound, liveOnly, type Outputs, pick } from "../kit/resource";

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

export const ToolArgsSchema = z
  .strictObject({
    toolConfig: ToolConfigSchema.meta({
      description:
        "The tool: `type` (`webhook`, `client`, `system` or `mcp`), `name`, `description` and what the type needs (a webhook's `apiSchema` with URL, method, headers and parameters; a client tool's `parameters`). Changing `type` replaces the tool.",
    }),
  })
  .describe(
    "A tool agents can call (live dialect): a webhook the platform calls, a client-side action, a system tool or an MCP tool. Agents list it by id in `conversationConfig.agent.prompt.toolIds`. Header values that are credentials should refer to a `Secret` (`{ secretId }`).",
  );

export const ToolOutputsSchema = z.strictObject({
  toolId: z.string().describe("The tool's id, for `conversationConfig.agent.prompt.toolIds`."),
});

/** Properties whose change replaces the tool (its type, inside toolConfig, is compared by diff). */
export const toolReplaceOnChanges: readonly string[] = [];

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

const INPUT_KEYS = ["toolConfig"] as const;

type Live = z.infer<typeof WireTool>;

function typeOf(bag: PlainObject): unknown {
  return isPlainObject(bag.toolConfig) ? bag.toolConfig.type : undefined;
}

function configOf(live: Live): PlainObject {
  return fromWire(live.tool_config, liveShapes.ToolConfig);
}

/** Outputs: the declaration, the tool's type (diff compares it: a new type replaces) and its id. */
function outputs(id: string, args: PlainObject): Outputs {
  return { ...args, toolType: typeOf(args), toolId: id };
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
// The resource
// ---------------------------------------------------------------------------------------------

export const tool = defineResource<Live>(
  liveOnly({
    kind: "Tool",
    noun: "tool",
    schema: ToolArgsSchema,
    inputKeys: INPUT_KEYS,
    // The tool's type is compared on its own: a tool cannot become another kind of tool.
    diffKeys: [...INPUT_KEYS, "toolType"],
    updatable: ["toolConfig"],
    reportAs: { toolType: "toolConfig" },
    deleteBeforeReplace: false,
    // A webhook's request headers may hold credentials: messages never show them.
    secretPaths: secretPathsOf(ToolArgsSchema),

    refine: (args) => ({ computed: { toolType: typeOf(args) } }),

    read: (id) => ifFound(client().call("getTool", { params: { tool_id: id } })),

    mismatches: (live, bag) => mismatches({ toolConfig: configOf(live) }, pick(bag, INPUT_KEYS)),

    async create(bag) {
      const args = pick(bag, INPUT_KEYS);
      const { id } = await client().call("createTool", { json: bodyOf(args) });
      return { id, outs: outputs(id, args) };
    },

    /**
     * A tool an earlier attempt made: same name and type, used by no agent (a tool agents use is
     * someone else's, even if it looks the same).
     */
    async find(bag) {
      const api = client();
      const declared = isPlainObject(bag.toolConfig) ? bag.toolConfig : {};
      const all = pages("GET /tools", async (cursor) => {
        const page = await api.call("listTools", { query: { page_size: 100, cursor } });
        return { ...page, items: page.tools };
      });
      for await (const t of all) {
        if (t.tool_config.name !== declared.name || t.tool_config.type !== declared.type) continue;
        const users = await api.call("listToolDependentAgents", { params: { tool_id: t.id } });
        if (users.agents.length === 0) return { id: t.id, live: t };
      }
      return undefined;
    },

    adopted: (id, bag) => outputs(id, pick(bag, INPUT_KEYS)),

    refresh(id, live, props) {
      const declared = pick(props, INPUT_KEYS);
      const args = { toolConfig: project(configOf(live), declared.toolConfig) };
      return { inputs: { ...args, toolType: typeOf(args) }, outs: outputs(id, args) };
    },

    update: (id, _olds, news) => put(id, news),

    async delete(id) {
      await client().call("deleteTool", { params: { tool_id: id } });
    },
  }),
);
