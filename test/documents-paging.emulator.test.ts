/**
 * A knowledge document is found by listing its agent's knowledge base; the list is paged, so read
 * and adoption must follow the cursor: a document beyond the first page is not gone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { knowledgeDocument } from "../provider/resources/knowledgeDocument";
import { useEmulator } from "./helpers/emulator";

describe("KnowledgeDocument read follows the knowledge base's pages", () => {
  // Per-agent document lists are the legacy dialect's; live documents are read by id.
  const env = useEmulator({}, "legacy");
  let agentId = "";
  let first = "";
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    agentId = (await env.api.call("createAgent", { json: { name: "Many Docs", conversation_config: {} } }))
      .agent_id;
    const docs: string[] = [];
    for (let i = 0; i < 101; i++) {
      const json = { name: `Doc ${i}`, url: `https://docs.example.com/${i}` };
      docs.push((await env.api.call("createKnowledgeDocument", { params: { agent_id: agentId }, json })).id);
    }
    first = String(docs[0]); // lists are newest first: the oldest is on the second page
    Object.assign(process.env, {
      ELEVENLABS_BASE_URL: env.baseUrl,
      ELEVENLABS_API_KEY: env.apiKey,
      ELEVENLABS_RETRY_DELAY_SCALE: "0",
      ELEVENLABS_API_DIALECT: "legacy",
    });
    env.emu.clearRequests();
  });

  afterAll(async () => {
    process.env = savedEnv;
  });

  it("finds a document on the second page, and adopts it", async () => {
    const r = await knowledgeDocument.handler.read(first, {
      agentId,
      name: "Doc 0",
      url: "https://docs.example.com/0",
    });
    expect(r.id).toBe(first);
    expect(r.props).toMatchObject({ documentId: first, name: "Doc 0", url: "https://docs.example.com/0" });
    expect(env.emu.requests().map((q) => q.query.cursor === undefined)).toEqual([true, false]);
    const adopted = await knowledgeDocument.handler.create({
      agentId,
      name: "Doc 0",
      url: "https://docs.example.com/0",
      importId: first,
    });
    expect(adopted.id).toBe(first);
  });
});
