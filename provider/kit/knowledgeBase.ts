/**
 * The knowledge-base list of an agent (`conversation_config.agent.prompt.knowledge_base`), which two
 * resources write: an `Agent` declares locators in `conversationConfig.agent.prompt.knowledgeBase`,
 * and a `KnowledgeDocument` with an `agentId` attaches itself. Each owns only its own locators:
 *
 * - an edit reads the agent's list, changes only the locators it owns, and PATCHes the whole list
 *   back (the API replaces arrays), so the other owner's locators survive;
 * - edits of one agent's list are serialized in the provider process (the engine creates documents
 *   in parallel, and two read-modify-write cycles would lose one attachment);
 * - refresh of an Agent compares only the locators it declared (see `ownLocators`).
 */
import type { z } from "zod";
import type { WireAgent } from "../../client/endpoints";
import type { ElevenLabsClient } from "../../client/http/client";
import { isPlainObject, type PlainObject } from "../../client/wire";
import { ifFound } from "./resource";

/** A knowledge-base locator on the wire: `{type, name, id, usage_mode?}`. */
export interface Locator {
  type: string;
  name: string;
  id: string;
  usage_mode?: string;
  [key: string]: unknown;
}

function isLocator(v: unknown): v is Locator {
  return isPlainObject(v) && typeof v.id === "string";
}

/** The locators of a live agent (wire form). */
export function locatorsOf(agent: z.infer<typeof WireAgent>): Locator[] {
  const prompt = agent.conversation_config.agent?.prompt;
  const list = isPlainObject(prompt) ? prompt.knowledge_base : undefined;
  return Array.isArray(list) ? list.filter(isLocator) : [];
}

const chains = new Map<string, Promise<unknown>>();

/** Runs `edit` after every earlier edit of the same agent's list in this process has finished. */
export function withAgentList<T>(agentId: string, edit: () => Promise<T>): Promise<T> {
  const before = chains.get(agentId) ?? Promise.resolve();
  const run = before.then(edit, edit);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  chains.set(agentId, tail);
  void tail.then(() => {
    if (chains.get(agentId) === tail) chains.delete(agentId);
  });
  return run;
}

/** The PATCH body that sets an agent's whole locator list. */
export function knowledgeBasePatch(list: readonly Locator[]): PlainObject {
  return { conversation_config: { agent: { prompt: { knowledge_base: list } } } };
}

/**
 * Replaces, in the agent's list, the locators with ids in `drop` and puts `add` in (by id, in
 * place where one was), leaving every other locator as it is. One GET, and one PATCH when the list
 * changes; serialized per agent. Answers `false` when the agent does not exist (404).
 */
export async function editAgentList(
  api: ElevenLabsClient,
  agentId: string,
  drop: readonly string[],
  add: readonly Locator[],
): Promise<boolean> {
  return withAgentList(agentId, async () => {
    const agent = await ifFound(api.call("getAgent", { params: { agent_id: agentId } }));
    if (agent === undefined) return false;
    const before = locatorsOf(agent);
    const removed = new Set([...drop, ...add.map((l) => l.id)]);
    const next: Locator[] = [];
    for (const l of before) {
      if (!removed.has(l.id)) next.push(l);
      else {
        const replacement = add.find((a) => a.id === l.id);
        if (replacement && !next.some((n) => n.id === l.id)) next.push(replacement);
      }
    }
    for (const a of add) if (!next.some((n) => n.id === a.id)) next.push(a);
    if (JSON.stringify(next) !== JSON.stringify(before)) {
      await api.call("updateAgent", { params: { agent_id: agentId }, json: knowledgeBasePatch(next) });
    }
    return true;
  });
}
