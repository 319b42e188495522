/**
 * KnowledgeFolder: a folder of the workspace's knowledge base (live dialect only), holding
 * documents (`KnowledgeDocument`'s `parentFolderId`) and other folders.
 *
 * Order: schemas, wire mapping, find and read, the declaration (create, update, delete).
 * API: POST /knowledge-base/folder; a folder is a knowledge-base entry of type `folder`, so it is
 * read, renamed and deleted as documents are (GET/PATCH/DELETE /knowledge-base/{id}) and moved by
 * POST /knowledge-base/{id}/move. Name and parent change in place. The service deletes only empty
 * folders: documents and folders declared inside are deleted first (they depend on its id).
 */
import { z } from "zod";
import type { WireDocument } from "../../client/endpoints";
import { collect, listed } from "../../client/paging";
import type { PlainObject } from "../../client/wire";
import type { Mismatch } from "../kit/adopt";
import { type Declaration, type Outputs, pick } from "../kit/declaration";
import { listing, madeHere } from "../kit/lookup";
import { client, defineResource, ifFound } from "../kit/resource";

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

const KnowledgeFolderArgsSchema = z.strictObject({
  name: z.string().regex(/\S/, "must not be blank").describe("The folder's name."),
  parentFolderId: z
    .string()
    .regex(/\S/, "must not be blank")
    .optional()
    .describe(
      "The folder it is in (another `KnowledgeFolder`'s `folderId`); absent: the knowledge base's top level. A new parent moves it, in place.",
    ),
});

const KnowledgeFolderOutputsSchema = z.strictObject({
  folderId: z.string().describe("The folder's id, for documents' and folders' `parentFolderId`."),
});

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

const INPUT_KEYS = ["name", "parentFolderId"] as const;

type Remote = z.infer<typeof WireDocument>;

/** The folder as programs write it. */
function argsOf(folder: Remote): PlainObject {
  return folder.folder_parent_id
    ? { name: folder.name, parentFolderId: folder.folder_parent_id }
    : { name: folder.name };
}

/** The live values at the declared keys (the parent also when the folder moved out of the top level). */
function projected(folder: Remote, declared: PlainObject): PlainObject {
  const live = argsOf(folder);
  return declared.parentFolderId === undefined && live.parentFolderId === undefined
    ? { name: live.name }
    : live;
}

function outputs(id: string, args: PlainObject): Outputs {
  return { ...args, folderId: id };
}

const api = () => client();

/** The entry `id`, when it is a folder; an entry of another kind is an error, naming it. */
async function readFolder(id: string): Promise<Remote | undefined> {
  const entry = await ifFound(api().call("getDocument", { params: { documentation_id: id } }));
  if (entry && entry.type !== "folder")
    throw new Error(
      `KnowledgeFolder ${id}: the knowledge-base entry is a ${entry.type} document, not a folder`,
    );
  return entry;
}

// ---------------------------------------------------------------------------------------------
// The declaration
// ---------------------------------------------------------------------------------------------

const declaration: Declaration<Remote> = {
  type: "KnowledgeFolder",
  kind: "knowledgeFolder",
  noun: "knowledge folder",
  description:
    "A folder of the workspace's knowledge base (live dialect), holding documents (a `KnowledgeDocument`'s `parentFolderId`) and other folders. Its name and its parent folder change in place. The service deletes only empty folders: what the stack declares inside is deleted first.",
  example: `const policies = new elevenlabs.KnowledgeFolder("policies", { name: "Policies" });
const refunds = new elevenlabs.KnowledgeFolder("refunds", { name: "Refunds", parentFolderId: policies.folderId });

new elevenlabs.KnowledgeDocument("refund-policy", {
  name: "Refund policy",
  text: "Refunds within 30 days of purchase.",
  parentFolderId: refunds.folderId,
  ragIndexModel: "e5_mistral_7b_instruct",
});`,
  args: KnowledgeFolderArgsSchema,
  outputs: KnowledgeFolderOutputsSchema,
  replaces: { live: [] },

  live: {
    read: (id) => readFolder(id),

    mismatches(folder, bag) {
      const declared = pick(bag, INPUT_KEYS);
      const live = projected(folder, declared);
      return (["name", "parentFolderId"] as const)
        .filter((k) => live[k] !== declared[k])
        .map((k): Mismatch => ({ path: k, live: live[k], declared: declared[k] }));
    },

    async create(bag) {
      const args = pick(bag, INPUT_KEYS);
      const json = {
        name: args.name,
        ...(args.parentFolderId ? { parent_folder_id: args.parentFolderId } : {}),
      };
      const { id } = await api().call("createFolder", { json });
      return { id, outs: outputs(id, args) };
    },

    /** A folder an earlier attempt made: the same name in the same folder, used by no agent. */
    async findOwn(bag, fresh) {
      const folders = await listing("folders", fresh, () =>
        collect(listed(api(), "listDocuments", { query: { types: "folder" } })),
      );
      const found = folders.find(
        (f) =>
          f.type === "folder" &&
          f.name === bag.name &&
          (f.folder_parent_id ?? undefined) === bag.parentFolderId &&
          (f.dependent_agents ?? []).length === 0 &&
          !madeHere(f.id),
      );
      return found && { id: found.id, remote: found };
    },

    adopted: (id, bag) => outputs(id, pick(bag, INPUT_KEYS)),

    async list(c) {
      const all = await collect(listed(c, "listDocuments", { query: { types: "folder" } }));
      return all
        .filter((f) => f.type === "folder")
        .reverse()
        .map((f) => ({ id: f.id, remote: f }));
    },

    asDeclared: (_id, folder) => ({ name: folder.name, args: argsOf(folder) }),

    project(id, folder, props) {
      const args = projected(folder, pick(props, INPUT_KEYS));
      return { inputs: args, outs: outputs(id, args) };
    },

    async update(id, olds, news) {
      const before = pick(olds, INPUT_KEYS);
      const after = pick(news, INPUT_KEYS);
      if (after.name !== before.name)
        await api().call("updateDocument", { params: { documentation_id: id }, json: { name: after.name } });
      if (after.parentFolderId !== before.parentFolderId)
        await api().call("moveDocument", {
          params: { document_id: id },
          json: { move_to: after.parentFolderId ?? null },
        });
      return outputs(id, after);
    },

    async delete(id) {
      await api().call("deleteDocument", { params: { documentation_id: id } });
    },
  },
};

export const knowledgeFolder = defineResource(declaration);
