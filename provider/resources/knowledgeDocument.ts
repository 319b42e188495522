/**
 * KnowledgeDocument: a knowledge-base document, from a URL, a local file or text.
 *
 * Order: schemas, wire mapping, the resource per dialect (check rules, read, create, refresh,
 * update, delete).
 * - live: a workspace document (POST /knowledge-base/url|file|text, GET/PATCH/DELETE
 *   /knowledge-base/{documentation_id}); `agentId` attaches it to that agent's knowledge base
 *   (`conversation_config.agent.prompt.knowledge_base`), in place. The name and a text's content
 *   change in place; a new URL or file replaces the document (the new one first).
 * - legacy: a document in one agent's knowledge base (POST/GET /agents/{agent_id}/knowledge-base,
 *   DELETE /agents/{agent_id}/knowledge-base/{document_id}); the API cannot update one, so every
 *   change replaces it.
 * A file's content hash is part of the inputs, so editing the file replaces the document.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { FormData } from "undici";
import { z } from "zod";
import type { WireDocument } from "../../client/endpoints";
import { collect, firstMatch, listed } from "../../client/paging";
import type { PlainObject } from "../../client/wire";
import type { Mismatch } from "../kit/adopt";
import { containsUnknown } from "../kit/converge";
import {
  type AsDeclared,
  type Behaviour,
  type CheckOutcome,
  type Declaration,
  type Outputs,
  pick,
} from "../kit/declaration";
import { editAgentList, type Locator, locatorsOf } from "../kit/knowledgeBase";
import { listing, madeHere } from "../kit/lookup";
import { client, defineResource, ifFound } from "../kit/resource";

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

/** Largest file the emulator (and this provider's check) accepts: 20 MiB. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

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
});

/** Inputs in the legacy dialect: a document of one agent, from a URL or a file. */
const LegacyArgsSchema = KnowledgeDocumentArgsSchema.omit({ text: true, usageMode: true }).extend({
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
});

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

/** Declared inputs (diff also compares the file's hash computed by check). */
const INPUT_KEYS = ["agentId", "name", "url", "filePath", "text", "usageMode"] as const;

type Doc = z.infer<typeof WireDocument>;

/** A document as read: the document, and (live) its locator in the declared agent's list. */
interface Remote {
  doc: Doc;
  /** The locator in `agentId`'s knowledge base; `null`: not attached there; absent: not asked. */
  attached?: Locator | null;
  /** Legacy, when listed: the agent whose knowledge base holds it, and its name. */
  owner?: { id: string; name: string };
}

/** The SDK resolves `filePath` against the program's folder and passes it as `resolvedFilePath`. */
function sourcePath(bag: PlainObject): string {
  return String(bag.resolvedFilePath ?? bag.filePath);
}

function sourceType(bag: PlainObject): "url" | "file" | "text" {
  return bag.url !== undefined ? "url" : bag.text !== undefined ? "text" : "file";
}

/**
 * Outputs: the declared inputs, bookkeeping, and what the service says of the document. The size
 * is reported where the answer that made the document carries it (legacy), so that create, import
 * and refresh agree.
 */
function outputs(
  bag: PlainObject,
  doc: { id: string; type?: string | undefined },
  sizeBytes?: number | null,
): Outputs {
  return {
    ...pick(bag, INPUT_KEYS),
    resolvedFilePath: bag.resolvedFilePath,
    fileHash: bag.fileHash,
    documentId: doc.id,
    type: doc.type ?? sourceType(bag),
    sizeBytes: sizeBytes ?? undefined,
  };
}

/** Outputs after an in-place update: the new declaration, the document's identity unchanged. */
function updated(olds: PlainObject, news: PlainObject): Outputs {
  return {
    ...pick(news, INPUT_KEYS),
    resolvedFilePath: news.resolvedFilePath,
    fileHash: news.fileHash,
    documentId: olds.documentId,
    type: olds.type,
    sizeBytes: olds.sizeBytes,
  };
}

function hashFile(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** Exactly one source; a file that exists, is not empty and not too large (its hash is an input). */
function sourceRules(args: PlainObject, news: PlainObject, schemaFailed: boolean): CheckOutcome {
  const given = (["url", "filePath", "text"] as const).filter((k) => args[k] !== undefined);
  if (given.length !== 1) {
    const reason =
      given.length === 0
        ? "set exactly one of url, filePath or text"
        : `set only one of url, filePath and text, not ${given.join(" and ")}`;
    const named = given.length === 0 ? (["url", "filePath"] as const) : given;
    return { failures: named.map((k) => ({ property: k, reason: `${k}: ${reason}` })) };
  }
  if (args.usageMode !== undefined && args.agentId === undefined) {
    return {
      failures: [
        { property: "usageMode", reason: "usageMode: needs agentId (the agent that uses the document)" },
      ],
    };
  }
  if (given[0] !== "filePath" || schemaFailed || containsUnknown(args.filePath)) return {};
  const fail = (reason: string): CheckOutcome => ({
    failures: [{ property: "filePath", reason: `filePath: ${reason}` }],
  });
  const path = sourcePath(news);
  try {
    const size = statSync(path).size;
    if (size === 0) return fail(`'${args.filePath}' is empty`);
    if (size > MAX_FILE_BYTES)
      return fail(`'${args.filePath}' is ${size} bytes; the limit is ${MAX_FILE_BYTES}`);
    return { computed: { fileHash: hashFile(path) } };
  } catch (err) {
    return fail(`cannot read '${args.filePath}': ${(err as Error).message}`);
  }
}

/**
 * Where the existing document differs from the declaration. The API reports a document's name,
 * type and URL (and, in the legacy dialect, its size), never a file's content or a text: a file
 * document is assumed to hold the declared file when name, type and, where the service reports
 * it, size agree.
 */
function documentMismatches(doc: Doc, bag: PlainObject): Mismatch[] {
  const found: Mismatch[] = [];
  if (doc.name !== bag.name) found.push({ path: "name", live: doc.name, declared: bag.name });
  const liveType = doc.type ?? (doc.url ? "url" : "file");
  const declared = sourceType(bag);
  const key = declared === "file" ? "filePath" : declared;
  if (liveType !== declared) {
    found.push({
      path: key,
      live: doc.url ?? undefined,
      declared: bag[key],
      note: `the document is a ${liveType} document${doc.url ? ` (${doc.url})` : ""}, not a ${declared} document`,
    });
  } else if (declared === "url" && doc.url !== bag.url) {
    found.push({ path: "url", live: doc.url, declared: bag.url });
  } else if (declared === "file") {
    const liveSize = doc.metadata?.size_bytes;
    const size = statSync(sourcePath(bag)).size;
    if (typeof liveSize === "number" && liveSize > 0 && liveSize !== size) {
      found.push({
        path: "filePath",
        live: liveSize,
        declared: size,
        note: `the document holds ${liveSize} bytes but '${bag.filePath}' has ${size}: not the same file`,
      });
    }
  }
  return found;
}

/**
 * The name a file is uploaded under: its own name with the first 12 hex digits of its content's
 * SHA-256 before the extension (`manual.3f2a9c1b7d4e.pdf`). The service keeps it, so a create can
 * recognise the very content an earlier attempt uploaded; the API never gives content back.
 */
function uploadName(path: string, fileHash: unknown): string {
  const base = basename(path);
  if (typeof fileHash !== "string") return base;
  const dot = base.lastIndexOf(".");
  const tag = fileHash.slice(0, 12);
  return dot > 0 ? `${base.slice(0, dot)}.${tag}${base.slice(dot)}` : `${base}.${tag}`;
}

/** The multipart body of a file upload. */
function fileForm(bag: PlainObject): FormData {
  const path = sourcePath(bag);
  const form = new FormData();
  form.append("name", String(bag.name));
  form.append("file", new Blob([readFileSync(path)]), uploadName(path, bag.fileHash));
  return form;
}

/** Same name and kind of document. */
function sameKind(doc: Doc, bag: PlainObject): boolean {
  return doc.name === bag.name && (doc.type === undefined || doc.type === sourceType(bag));
}

/**
 * Whether a listed document is the one this create would make: same name and kind, and the same
 * source (URL; for files, the content hash in the uploaded file's name). Text documents are
 * recognised by name and kind only; their text is set again when one is found.
 */
function sameSource(doc: Doc, bag: PlainObject): boolean {
  if (!sameKind(doc, bag)) return false;
  if (bag.url !== undefined) return doc.url === undefined || doc.url === null || doc.url === bag.url;
  if (bag.filePath !== undefined) {
    const file = doc.filename ?? doc.file_name;
    return typeof file === "string" && file === uploadName(sourcePath(bag), bag.fileHash);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// As a program would declare it (export, import)
// ---------------------------------------------------------------------------------------------

/**
 * A document as a program would declare it: URL and text documents as they are; a file document
 * commented out (the API never gives a file back); other kinds cannot be declared.
 */
function asDeclared(_id: string, { doc, owner }: Remote): AsDeclared {
  const type = doc.type ?? (doc.url ? "url" : "file");
  const base: PlainObject = owner ? { agentId: owner.id, name: doc.name } : { name: doc.name };
  const who = {
    name: doc.name,
    ...(owner ? { words: [owner.name, doc.name], owners: [owner.id] } : {}),
  };
  if (type === "url" && doc.url) return { ...who, args: { ...base, url: doc.url } };
  const text = doc.extracted_inner_html || undefined;
  if (type === "text" && text !== undefined) return { ...who, args: { ...base, text } };
  if (type === "text")
    return {
      ...who,
      args: undefined,
      warnings: ["left out (a text document whose text the API did not answer)"],
    };
  if (type !== "file")
    return {
      ...who,
      args: undefined,
      warnings: [`left out (a ${type} document, which the KnowledgeDocument resource cannot declare)`],
    };
  const file = doc.file_name ?? doc.filename ?? `${doc.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.pdf`;
  return {
    ...who,
    args: { ...base, filePath: `./${file}` },
    commentedOut: [
      "A file document: the API cannot give its content back, so it cannot be exported. To adopt it,",
      `put the same file next to this program as ./${file} (the provider checks the name and, where the`,
      "service reports it, the size; the content itself is assumed to match) and uncomment:",
    ],
    warnings: ["left out (a file document; its content cannot be read back, so it is emitted commented out)"],
  };
}

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
  if (bag.agentId === undefined) return { doc };
  const agent = await ifFound(api.call("getAgent", { params: { agent_id: String(bag.agentId) } }));
  const attached = agent ? (locatorsOf(agent).find((l) => l.id === id) ?? null) : null;
  return { doc, attached };
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

  mismatches: (found, bag) => [...documentMismatches(found.doc, bag), ...attachmentMismatches(found, bag)],

  async create(bag) {
    const api = client();
    const name = String(bag.name);
    const created =
      bag.url !== undefined
        ? await api.call("createUrlDocument", { json: { url: bag.url, name } })
        : bag.text !== undefined
          ? await api.call("createTextDocument", { json: { text: bag.text, name } })
          : await api.call("createFileDocument", { form: fileForm(bag) });
    if (bag.agentId !== undefined) {
      await editAgentList(api, String(bag.agentId), [], [locatorOf(created.id, bag)]);
    }
    return { id: created.id, outs: outputs(bag, created) };
  },

  /**
   * A workspace document an earlier attempt made: same name, kind and source, used by no agent but
   * the declared one (a document other agents use is someone else's, even if it looks the same; the
   * document being replaced is one of those, when an agent uses it).
   */
  async findOwn(bag, fresh) {
    const api = client();
    for (const summary of await listing("documents", fresh, () => collect(listed(api, "listDocuments")))) {
      if (madeHere(summary.id)) continue;
      const users = (summary.dependent_agents ?? []).map((a) => a.id);
      if (users.some((u) => u !== bag.agentId)) continue;
      if (!sameKind(summary, bag)) continue;
      const doc = await ifFound(api.call("getDocument", { params: { documentation_id: summary.id } }));
      if (doc && sameSource(doc, bag)) return { id: doc.id, remote: { doc } };
    }
    return undefined;
  },

  /** A document found after an interrupted create: set its text again, attach it if it was not. */
  async resume(id, found, bag) {
    const api = client();
    if (bag.text !== undefined) {
      await api.call("updateDocument", { params: { documentation_id: id }, json: { content: bag.text } });
    }
    if (bag.agentId !== undefined) await editAgentList(api, String(bag.agentId), [], [locatorOf(id, bag)]);
    return outputs(bag, found.doc);
  },

  adopted: (_id, bag, found) => outputs(bag, found.doc),

  /** Every workspace document, each read whole (a text document's text is in the read). */
  async list(api) {
    const found: { id: string; remote: Remote }[] = [];
    for (const summary of (await collect(listed(api, "listDocuments"))).reverse()) {
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
    return {
      inputs: { ...args, resolvedFilePath: props.resolvedFilePath },
      outs: outputs({ ...props, ...args }, found.doc),
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
    return updated(olds, news);
  },

  async delete(id, props) {
    const api = client();
    // Detach first: the service refuses to delete a document an agent still uses.
    if (props.agentId !== undefined) await editAgentList(api, String(props.agentId), [id], []);
    await api.call("deleteDocument", { params: { documentation_id: id } });
  },
};

// ---------------------------------------------------------------------------------------------
// Legacy dialect: documents of one agent
// ---------------------------------------------------------------------------------------------

/** The documents of an agent, page by page. */
function agentDocuments(agentId: string) {
  return listed(client(), "listKnowledgeDocuments", { params: { agent_id: agentId } });
}

/** The agent's document `id`, looked up page by page; undefined when the agent or the document is gone. */
async function readLegacy(id: string, bag: PlainObject): Promise<Remote | undefined> {
  const agentId = String(bag.agentId ?? "");
  if (!agentId)
    throw new Error(
      `KnowledgeDocument ${id}: agentId is needed to find the document; declare it in the program`,
    );
  const doc = await ifFound(firstMatch(agentDocuments(agentId), (d) => d.id === id));
  return doc && { doc };
}

const legacy: Behaviour<Remote> = {
  ...live,
  read: readLegacy,

  mismatches: (found, bag) => documentMismatches(found.doc, bag),

  where: (bag) => `in the knowledge base of agent ${bag.agentId}`,

  async create(bag) {
    const name = String(bag.name);
    const doc = await client().call("createKnowledgeDocument", {
      params: { agent_id: String(bag.agentId) },
      ...(bag.url !== undefined ? { json: { url: bag.url, name } } : { form: fileForm(bag) }),
    });
    return { id: doc.id, outs: outputs(bag, doc, doc.metadata?.size_bytes) };
  },

  /** A document of the agent an earlier attempt made: same name, kind and source. */
  async findOwn(bag, fresh) {
    const agentId = String(bag.agentId);
    const docs = await ifFound(
      listing(`documents of agent ${agentId}`, fresh, () => collect(agentDocuments(agentId))),
    );
    const doc = docs?.find((d) => sameSource(d, bag) && !madeHere(d.id));
    return doc && { id: doc.id, remote: { doc } };
  },

  /** A document found after an interrupted create is taken as it is (the API cannot update one). */
  resume: async (_id, found, bag) => outputs(bag, found.doc, found.doc.metadata?.size_bytes),

  adopted: (_id, bag, found) => outputs(bag, found.doc, found.doc.metadata?.size_bytes),

  /** The documents of every agent whose name contains `search` (all without), with their agent. */
  async list(api, search) {
    const found: { id: string; remote: Remote }[] = [];
    for (const agent of (await collect(listed(api, "listAgents", { query: { search } }))).reverse()) {
      const owner = { id: agent.agent_id, name: agent.name };
      const docs = await collect(listed(api, "listKnowledgeDocuments", { params: { agent_id: owner.id } }));
      for (const doc of docs.reverse()) found.push({ id: doc.id, remote: { doc, owner } });
    }
    return found;
  },

  project(_id, found, props) {
    // The API reports name and url; the file and its hash cannot be read back, so they are kept.
    const args: PlainObject = { ...pick(props, INPUT_KEYS), name: found.doc.name };
    if (found.doc.url) args.url = found.doc.url;
    return {
      inputs: { ...args, resolvedFilePath: props.resolvedFilePath },
      outs: outputs({ ...props, ...args }, found.doc, found.doc.metadata?.size_bytes),
    };
  },

  async update(_id, olds, news) {
    // Every declared change is a replacement (see diff); only bookkeeping can change in place.
    return updated(olds, news);
  },

  async delete(id, props) {
    await client().call("deleteKnowledgeDocument", {
      params: { agent_id: String(props.agentId), document_id: id },
    });
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
  legacy,
};

export const knowledgeDocument = defineResource(declaration);
