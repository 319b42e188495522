/**
 * KnowledgeDocument: a knowledge-base document, from a URL, a local file or text.
 *
 * Order: schemas, the live behaviour (check rules, read, create, refresh, update, delete), the
 * declaration. What both dialects share (the source, outputs, recognising and exporting a document)
 * is in knowledgeDocument/source.ts, the legacy behaviour in knowledgeDocument/legacy.ts, the RAG
 * index in knowledgeDocument/rag.ts.
 * - live: a workspace document (POST /knowledge-base/url|file|text, GET/PATCH/DELETE
 *   /knowledge-base/{documentation_id}); `agentId` attaches it to that agent's knowledge base
 *   (`conversation_config.agent.prompt.knowledge_base`), in place. The name, a text's content and
 *   its folder (POST /knowledge-base/{id}/move) change in place; a new URL or file replaces the
 *   document (the new one first). `ragIndexModel` builds its RAG index and waits for it.
 * - legacy: a document in one agent's knowledge base; the API cannot update one, so every change
 *   replaces it.
 * A file's content hash is part of the inputs, so editing the file replaces the document.
 */
import { z } from "zod";
import { collect, listed } from "../../client/paging";
import type { PlainObject } from "../../client/wire";
import type { Mismatch } from "../kit/adopt";
import { type Behaviour, type Declaration, pick } from "../kit/declaration";
import { editAgentList, type Locator, locatorsOf } from "../kit/knowledgeBase";
import { listing, madeHere } from "../kit/lookup";
import { client, defineResource, ifFound } from "../kit/resource";
import { legacyBehaviour } from "./knowledgeDocument/legacy";
import { buildIndex, dropIndex, hasIndex, indexesOf } from "./knowledgeDocument/rag";
import {
  asDeclared,
  documentMismatches,
  fileForm,
  INPUT_KEYS,
  outputs,
  type Remote,
  sameKind,
  sameSource,
  sourceRules,
  sourceType,
  updated,
} from "./knowledgeDocument/source";

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

const sources = "Exactly one of `url`, `filePath` and `text`";

/** Inputs in the live dialect: a workspace document, optionally attached to one agent. */
const KnowledgeDocumentArgsSchema = z.strictObject({
  name: z.string().regex(/\S/, "must not be empty").describe("Display name of the document."),
  url: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .optional()
    .describe(`Web page to ingest. ${sources}.`),
  filePath: z
    .string()
    .min(1)
    .optional()
    .describe(
      `Local file to upload (PDF, text, HTML, …), relative to the program's folder. ${sources}; editing the file counts as a change of it.`,
    ),
  text: z.string().regex(/\S/, "must not be empty").optional().describe(`The document's text. ${sources}.`),
  agentId: z
    .string()
    .regex(/\S/, "must not be blank")
    .optional()
    .describe(
      "Agent whose knowledge base holds the document. Live dialect: optional (documents belong to the workspace; this attaches the document to that agent).",
    ),
  usageMode: z
    .enum(["auto", "prompt"])
    .optional()
    .describe(
      "How the agent uses the attached document: `auto` (retrieved when relevant, the service's default) or `prompt` (always in the prompt). Needs `agentId`.",
    ),
  parentFolderId: z
    .string()
    .regex(/\S/, "must not be blank")
    .optional()
    .describe(
      "The folder the document is in (a `KnowledgeFolder`'s `folderId`); absent: the knowledge base's top level. A new folder moves the document, in place. Live dialect only.",
    ),
  ragIndexModel: z
    .enum(["e5_mistral_7b_instruct", "multilingual_e5_large_instruct"])
    .optional()
    .describe(
      "Build a RAG index of the document with this embedding model, so agents can retrieve from it: create waits until the index is ready (its progress shows in the engine's display); a new model builds the new index, then deletes the old one; removing it deletes the index. Live dialect only.",
    ),
});

/** Inputs in the legacy dialect: a document of one agent, from a URL or a file. */
const LegacyArgsSchema = KnowledgeDocumentArgsSchema.omit({
  text: true,
  usageMode: true,
  parentFolderId: true,
  ragIndexModel: true,
}).extend({
  agentId: z.string().regex(/\S/, "must not be blank"),
});

const KnowledgeDocumentOutputsSchema = z.strictObject({
  documentId: z.string().describe("The document's id."),
  type: z.string().describe("How the service stored the document: `url`, `file` or `text`."),
  sizeBytes: z
    .number()
    .optional()
    .describe("Size of the document in bytes, where the service reports it (legacy dialect)."),
  fileHash: z.string().optional().describe("SHA-256 of the uploaded file's content (file documents)."),
  ragIndexId: z
    .string()
    .optional()
    .describe("The id of the document's RAG index, when `ragIndexModel` is set."),
});

// ---------------------------------------------------------------------------------------------
// Live dialect: workspace documents, attached to an agent through its locator list
// ---------------------------------------------------------------------------------------------

/** The locator this document puts into its agent's knowledge base. */
function locatorOf(id: string, bag: PlainObject): Locator {
  const locator: Locator = { type: sourceType(bag), name: String(bag.name), id };
  if (bag.usageMode !== undefined) locator.usage_mode = String(bag.usageMode);
  return locator;
}

async function readLive(id: string, bag: PlainObject): Promise<Remote | undefined> {
  const api = client();
  const doc = await ifFound(api.call("getDocument", { params: { documentation_id: id } }));
  if (doc === undefined) return undefined;
  const found: Remote = { doc };
  if (bag.ragIndexModel !== undefined) found.indexes = await indexesOf(api, id);
  if (bag.agentId === undefined) return found;
  const agent = await ifFound(api.call("getAgent", { params: { agent_id: String(bag.agentId) } }));
  found.attached = agent ? (locatorsOf(agent).find((l) => l.id === id) ?? null) : null;
  return found;
}

/** The document as messages name it. */
const named = (id: string, bag: PlainObject) => `KnowledgeDocument ${JSON.stringify(bag.name)} (${id})`;

/** The folder a document is in, as programs write it (undefined: the top level). */
const folderOf = (found: Remote) => found.doc.folder_parent_id ?? undefined;

/** Folder and RAG index as declared vs as found. */
function placeMismatches(found: Remote, bag: PlainObject): Mismatch[] {
  const out: Mismatch[] = [];
  if (bag.parentFolderId !== undefined && folderOf(found) !== bag.parentFolderId)
    out.push({ path: "parentFolderId", live: folderOf(found), declared: bag.parentFolderId });
  if (bag.ragIndexModel !== undefined && !hasIndex(found.indexes, bag.ragIndexModel))
    out.push({
      path: "ragIndexModel",
      live: undefined,
      declared: bag.ragIndexModel,
      note: `the document has no ${String(bag.ragIndexModel)} RAG index`,
    });
  return out;
}

/** Moves the document into `folder` (undefined: the top level). */
async function move(id: string, folder: unknown): Promise<void> {
  await client().call("moveDocument", { params: { document_id: id }, json: { move_to: folder ?? null } });
}

/** Attachment as declared vs as found: the agent's list must hold the document's locator. */
function attachmentMismatches(live: Remote, bag: PlainObject): Mismatch[] {
  if (bag.agentId === undefined) return [];
  if (!live.attached) {
    return [
      {
        path: "agentId",
        live: undefined,
        declared: bag.agentId,
        note: `the document is not in the knowledge base of agent ${bag.agentId}`,
      },
    ];
  }
  const mode = live.attached.usage_mode;
  if (bag.usageMode !== undefined && mode !== undefined && mode !== bag.usageMode) {
    return [{ path: "usageMode", live: mode, declared: bag.usageMode }];
  }
  return [];
}

const live: Behaviour<Remote> = {
  refine: sourceRules,

  read: readLive,

  mismatches: (found, bag) => [
    ...documentMismatches(found.doc, bag),
    ...attachmentMismatches(found, bag),
    ...placeMismatches(found, bag),
  ],

  async create(bag) {
    const api = client();
    const name = String(bag.name);
    const folder = bag.parentFolderId === undefined ? {} : { parent_folder_id: bag.parentFolderId };
    const created =
      bag.url !== undefined
        ? await api.call("createUrlDocument", { json: { url: bag.url, name, ...folder } })
        : bag.text !== undefined
          ? await api.call("createTextDocument", { json: { text: bag.text, name, ...folder } })
          : await api.call("createFileDocument", { form: fileForm(bag) });
    if (bag.agentId !== undefined) {
      await editAgentList(api, String(bag.agentId), [], [locatorOf(created.id, bag)]);
    }
    const ragIndexId =
      bag.ragIndexModel === undefined
        ? undefined
        : await buildIndex(api, created.id, String(bag.ragIndexModel), named(created.id, bag));
    return { id: created.id, outs: outputs({ ...bag, ragIndexId }, created) };
  },

  /**
   * A workspace document an earlier attempt made: same name, kind and source, used by no agent but
   * the declared one (a document other agents use is someone else's, even if it looks the same; the
   * document being replaced is one of those, when an agent uses it).
   */
  async findOwn(bag, fresh) {
    const api = client();
    for (const summary of await listing("documents", fresh, () => collect(listed(api, "listDocuments")))) {
      if (madeHere(summary.id) || summary.type === "folder") continue;
      if ((summary.folder_parent_id ?? undefined) !== bag.parentFolderId) continue;
      const users = (summary.dependent_agents ?? []).map((a) => a.id);
      if (users.some((u) => u !== bag.agentId)) continue;
      if (!sameKind(summary, bag)) continue;
      const doc = await ifFound(api.call("getDocument", { params: { documentation_id: summary.id } }));
      if (doc && sameSource(doc, bag)) return { id: doc.id, remote: { doc } };
    }
    return undefined;
  },

  /**
   * A document found after an interrupted create: set its text again, attach it if it was not,
   * build its RAG index (a request for one it has answers it at once).
   */
  async resume(id, found, bag) {
    const api = client();
    if (bag.text !== undefined) {
      await api.call("updateDocument", { params: { documentation_id: id }, json: { content: bag.text } });
    }
    if (bag.agentId !== undefined) await editAgentList(api, String(bag.agentId), [], [locatorOf(id, bag)]);
    const ragIndexId =
      bag.ragIndexModel === undefined
        ? undefined
        : await buildIndex(api, id, String(bag.ragIndexModel), named(id, bag));
    return outputs({ ...bag, ragIndexId }, found.doc);
  },

  adopted: (_id, bag, found) => {
    const index = (found.indexes ?? []).find((i) => i.model === bag.ragIndexModel);
    return outputs({ ...bag, ragIndexId: index?.id }, found.doc);
  },

  /** Every workspace document (folders are `KnowledgeFolder`s), each read whole (a text's text is in the read). */
  async list(api) {
    const found: { id: string; remote: Remote }[] = [];
    for (const summary of (await collect(listed(api, "listDocuments"))).reverse()) {
      if (summary.type === "folder") continue;
      const doc = await ifFound(api.call("getDocument", { params: { documentation_id: summary.id } }));
      if (doc) found.push({ id: doc.id, remote: { doc } });
    }
    return found;
  },

  asDeclared,

  project(_id, found, props) {
    const args: PlainObject = { ...pick(props, INPUT_KEYS), name: found.doc.name };
    if (found.doc.url) args.url = found.doc.url;
    if (props.agentId !== undefined && !found.attached) delete args.agentId;
    const mode = found.attached?.usage_mode;
    if (props.usageMode !== undefined && mode !== undefined) args.usageMode = mode;
    if (props.parentFolderId !== undefined) args.parentFolderId = folderOf(found);
    if (props.ragIndexModel !== undefined && !hasIndex(found.indexes, props.ragIndexModel))
      delete args.ragIndexModel;
    // What the account no longer holds (an attachment, an index) is left out of the outputs too,
    // so that the next diff sees it missing.
    const rest = Object.fromEntries(
      Object.entries(props).filter(([k]) => !(INPUT_KEYS as readonly string[]).includes(k)),
    );
    return {
      inputs: { ...args, resolvedFilePath: props.resolvedFilePath },
      outs: outputs({ ...rest, ...args }, found.doc),
    };
  },

  async update(id, olds, news) {
    const api = client();
    const before = pick(olds, INPUT_KEYS);
    const after = pick(news, INPUT_KEYS);
    const patch: PlainObject = {};
    if (after.name !== before.name) patch.name = after.name;
    if (after.text !== before.text) patch.content = after.text;
    if (Object.keys(patch).length > 0) {
      await api.call("updateDocument", { params: { documentation_id: id }, json: patch });
    }
    const moved = after.agentId !== before.agentId;
    if (moved && before.agentId !== undefined) {
      await editAgentList(api, String(before.agentId), [id], []);
    }
    const locatorChanged = after.name !== before.name || after.usageMode !== before.usageMode;
    if (after.agentId !== undefined && (moved || locatorChanged)) {
      await editAgentList(api, String(after.agentId), [], [locatorOf(id, after)]);
    }
    if (after.parentFolderId !== before.parentFolderId) await move(id, after.parentFolderId);
    let ragIndexId = olds.ragIndexId;
    if (after.ragIndexModel !== before.ragIndexModel) {
      // The new index first: the document is never without one while it is built.
      ragIndexId =
        after.ragIndexModel === undefined
          ? undefined
          : await buildIndex(api, id, String(after.ragIndexModel), named(id, after));
      if (before.ragIndexModel !== undefined) {
        const old = (await indexesOf(api, id)).find((i) => i.model === before.ragIndexModel);
        if (old) await dropIndex(api, id, old.id);
      }
    }
    return { ...updated(olds, news), ragIndexId: after.ragIndexModel === undefined ? undefined : ragIndexId };
  },

  async delete(id, props) {
    const api = client();
    // Detach first: the service refuses to delete a document an agent still uses.
    if (props.agentId !== undefined) await editAgentList(api, String(props.agentId), [id], []);
    await api.call("deleteDocument", { params: { documentation_id: id } });
  },
};

// ---------------------------------------------------------------------------------------------
// The declaration
// ---------------------------------------------------------------------------------------------

const declaration: Declaration<Remote> = {
  type: "KnowledgeDocument",
  kind: "knowledgeDocument",
  noun: "knowledge document",
  description:
    "A knowledge-base document an agent answers from: a web page, an uploaded file, or (live dialect) a text. Live dialect (the default): the document belongs to the workspace; with `agentId` it attaches itself to that agent's knowledge base (a locator in the agent's `conversationConfig.agent.prompt.knowledgeBase`), without, an `Agent` may list it itself. Legacy dialect: the document lives in one agent's knowledge base (`agentId` required), and the API cannot update it.",
  example: `const agent = new elevenlabs.Agent("support", { name: "Support Assistant", conversationConfig: {} });

// Attached by the document: agentId.
const faq = new elevenlabs.KnowledgeDocument("faq", {
  agentId: agent.agentId,
  name: "FAQ Documentation",
  url: "https://docs.example.com/faq",
});
const manual = new elevenlabs.KnowledgeDocument("manual", {
  agentId: agent.agentId,
  name: "Product Manual",
  filePath: "./manual.pdf",
  usageMode: "prompt",
});

// Live only: a text document, listed by an agent instead of attaching itself.
const hours = new elevenlabs.KnowledgeDocument("hours", {
  name: "Opening hours",
  text: "We are open Monday to Friday, 9:00 to 17:00.",
});
const desk = new elevenlabs.Agent("front-desk", {
  name: "Front Desk",
  conversationConfig: {
    agent: { prompt: { knowledgeBase: [{ type: "text", name: "Opening hours", id: hours.documentId }] } },
  },
});`,
  args: KnowledgeDocumentArgsSchema,
  legacyArgs: LegacyArgsSchema,
  outputs: KnowledgeDocumentOutputsSchema,
  // The API cannot update a legacy document: every change is a new one.
  replaces: { live: ["url", "filePath"], legacy: "all" },
  // The file's content, hashed at preview, counts as the file.
  computed: { fileHash: "filePath" },
  // The provider process runs elsewhere: the SDK resolves the path against the program's folder.
  program: { localFiles: ["filePath"] },
  live,
  legacy: legacyBehaviour(live),
};

export const knowledgeDocument = defineResource(declaration);
