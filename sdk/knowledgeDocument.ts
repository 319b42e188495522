import { resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ElevenLabsResource, type ResourceShape } from "./resource";
import type { KnowledgeDocumentArgs } from "./types";

const SHAPE: ResourceShape = {
  kind: "knowledgeDocument",
  type: "KnowledgeDocument",
  outputs: ["documentId", "type", "sizeBytes", "fileHash", "url", "filePath", "text", "agentId", "usageMode"],
};

/**
 * A knowledge-base document, ingested from a URL, uploaded from a local file, or given as text.
 *
 * Live dialect (default): a workspace document; `agentId` attaches it to that agent's knowledge base
 * (or let an `Agent` list it in `conversationConfig.agent.prompt.knowledgeBase`). The name, the
 * text, the attachment and its `usageMode` change in place; a new URL or an edited file replaces the
 * document, creating the new one first. Legacy dialect: a document of one agent (`agentId`
 * required); every change replaces it.
 *
 * @example
 * ```ts
 * const faq = new elevenlabs.KnowledgeDocument("faq", {
 *   agentId: agent.agentId, name: "FAQ Documentation", url: "https://docs.example.com/faq",
 * });
 * const manual = new elevenlabs.KnowledgeDocument("manual", {
 *   agentId: agent.agentId, name: "Product Manual", filePath: "./manual.pdf",
 * });
 * const hours = new elevenlabs.KnowledgeDocument("hours", {
 *   agentId: agent.agentId, name: "Opening hours", text: "Monday to Friday, 9 to 5.", usageMode: "prompt",
 * });
 * ```
 */
export class KnowledgeDocument extends ElevenLabsResource {
  /** The document's id. */
  declare readonly documentId: pulumi.Output<string>;
  /** Id of the agent whose knowledge base holds the document, if attached. */
  declare readonly agentId: pulumi.Output<string | undefined>;
  /** Display name of the document. */
  declare readonly name: pulumi.Output<string>;
  /** Source URL (URL documents). */
  declare readonly url: pulumi.Output<string | undefined>;
  /** Source file as declared (file documents). */
  declare readonly filePath: pulumi.Output<string | undefined>;
  /** SHA-256 of the uploaded file's content (file documents). */
  declare readonly fileHash: pulumi.Output<string | undefined>;
  /** The document's text (text documents, live dialect). */
  declare readonly text: pulumi.Output<string | undefined>;
  /** How the agent uses the attached document: `auto` or `prompt` (live dialect). */
  declare readonly usageMode: pulumi.Output<string | undefined>;
  /** How the service stored the document: `url`, `file` or `text`. */
  declare readonly type: pulumi.Output<string>;
  /** Size in bytes, where the service reports it (legacy dialect). */
  declare readonly sizeBytes: pulumi.Output<number | undefined>;

  constructor(name: string, args: KnowledgeDocumentArgs, opts?: pulumi.CustomResourceOptions) {
    // Files are read by the provider process, whose working directory is not the program's:
    // resolve the path here, against the program's folder.
    const resolvedFilePath =
      args.filePath === undefined ? undefined : pulumi.output(args.filePath).apply((p) => resolve(p));
    super(SHAPE, name, { ...args, resolvedFilePath }, opts);
  }
}
