import { resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ElevenLabsResource, type ResourceShape } from "./resource";
import type { KnowledgeDocumentArgs } from "./types";

const SHAPE: ResourceShape = {
  kind: "knowledgeDocument",
  type: "KnowledgeDocument",
  outputs: ["documentId", "type", "sizeBytes", "fileHash", "url", "filePath"],
};

/**
 * A document in an agent's knowledge base, ingested from a URL or uploaded from a local file.
 *
 * The API has no update for documents: any change (name, source, or the file's content) creates a
 * new document and then deletes the old one.
 *
 * @example
 * ```ts
 * const faq = new elevenlabs.KnowledgeDocument("faq", {
 *   agentId: agent.agentId, name: "FAQ Documentation", url: "https://docs.example.com/faq",
 * });
 * const manual = new elevenlabs.KnowledgeDocument("manual", {
 *   agentId: agent.agentId, name: "Product Manual", filePath: "./manual.pdf",
 * });
 * ```
 */
export class KnowledgeDocument extends ElevenLabsResource {
  /** The document's id. */
  declare readonly documentId: pulumi.Output<string>;
  /** Id of the agent whose knowledge base holds the document. */
  declare readonly agentId: pulumi.Output<string>;
  /** Display name of the document. */
  declare readonly name: pulumi.Output<string>;
  /** Source URL (URL documents). */
  declare readonly url: pulumi.Output<string | undefined>;
  /** Source file as declared (file documents). */
  declare readonly filePath: pulumi.Output<string | undefined>;
  /** SHA-256 of the uploaded file's content (file documents). */
  declare readonly fileHash: pulumi.Output<string | undefined>;
  /** How the service stored the document: `url` or `file`. */
  declare readonly type: pulumi.Output<string>;
  /** Size in bytes, where the service reports it. */
  declare readonly sizeBytes: pulumi.Output<number | undefined>;

  constructor(name: string, args: KnowledgeDocumentArgs, opts?: pulumi.CustomResourceOptions) {
    // Files are read by the provider process, whose working directory is not the program's:
    // resolve the path here, against the program's folder.
    const resolvedFilePath =
      args.filePath === undefined ? undefined : pulumi.output(args.filePath).apply((p) => resolve(p));
    super(SHAPE, name, { ...args, resolvedFilePath }, opts);
  }
}
