/**
 * KnowledgeDocument in the legacy dialect: a document in one agent's knowledge base
 * (POST/GET /agents/{agent_id}/knowledge-base, DELETE /agents/{agent_id}/knowledge-base/{document_id}).
 * The API cannot update one, so every change replaces it (see the declaration's `replaces`).
 */
import { collect, firstMatch, listed } from "../../../client/paging";
import type { PlainObject } from "../../../client/wire";
import { type Behaviour, pick } from "../../kit/declaration";
import { listing, madeHere } from "../../kit/lookup";
import { client, ifFound } from "../../kit/resource";
import {
  documentMismatches,
  fileForm,
  INPUT_KEYS,
  outputs,
  type Remote,
  sameSource,
  updated,
} from "./source";

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

/**
 * The legacy behaviour: `live`'s check rules and export, with the legacy routes (a document of one
 * agent, which the API cannot update).
 */
export function legacyBehaviour(live: Behaviour<Remote>): Behaviour<Remote> {
  return {
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
}
