import * as pulumi from "@pulumi/pulumi";
import { ElevenLabsResource, type ResourceShape } from "./resource";
import type { ToolArgs, ToolClient, ToolMcp, ToolSystem, ToolWebhook } from "./types";

const SHAPE: ResourceShape = { kind: "tool", type: "Tool", outputs: ["toolId"] };

/**
 * A tool agents can call (live dialect): a webhook the platform calls, a client-side action, a
 * system tool or an MCP tool. Agents list it by id in `conversationConfig.agent.prompt.toolIds`.
 *
 * The configuration changes in place; changing its `type` replaces the tool. Header values that
 * are credentials should refer to a {@link Secret} by id.
 *
 * @example
 * ```ts
 * const apiKey = new elevenlabs.Secret("crm-key", { name: "crm-key", value: cfg.requireSecret("crmKey") });
 * const lookup = new elevenlabs.Tool("lookup-order", {
 *   toolConfig: {
 *     type: "webhook",
 *     name: "lookup_order",
 *     description: "Looks up an order by its number.",
 *     apiSchema: {
 *       url: "https://crm.example.com/orders/{order_id}",
 *       method: "GET",
 *       pathParamsSchema: { order_id: { type: "string", description: "The order number" } },
 *       requestHeaders: { Authorization: { secretId: apiKey.secretId } },
 *     },
 *   },
 * });
 * ```
 */
export class Tool extends ElevenLabsResource {
  /** The tool's id, for `conversationConfig.agent.prompt.toolIds`. */
  declare readonly toolId: pulumi.Output<string>;
  /** The tool's configuration as declared. */
  declare readonly toolConfig: pulumi.Output<ToolWebhook | ToolClient | ToolSystem | ToolMcp>;

  constructor(name: string, args: ToolArgs, opts?: pulumi.CustomResourceOptions) {
    // Request headers written as plain strings may be credentials: then the whole configuration is
    // stored as a secret (headers referring to a Secret by id need not be).
    const toolConfig = pulumi
      .output(args.toolConfig)
      .apply((config) => (hasPlainHeaders(config) ? pulumi.secret(config) : pulumi.output(config)));
    super(SHAPE, name, { ...args, toolConfig }, opts);
  }
}

/** True when a `requestHeaders` map anywhere in the configuration holds a plain string value. */
function hasPlainHeaders(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasPlainHeaders);
  if (typeof v !== "object" || v === null) return false;
  return Object.entries(v).some(([k, x]) =>
    k === "requestHeaders" && typeof x === "object" && x !== null
      ? Object.values(x).some((h) => typeof h === "string")
      : hasPlainHeaders(x),
  );
}
