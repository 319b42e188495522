/** The programmatic view of one workspace (Emulator.workspace()). */
import { agentView } from "./agents";
import { applyAgentPatch, deleteAgentCascade, type Store } from "./store";
import { COLLECTIONS, type WorkspaceCounts, type WorkspaceView } from "./types";
import { seedWhatsAppAccount } from "./whatsapp";

/** A WorkspaceView over the live store objects of an API key's workspace. */
export function makeWorkspaceView(store: Store, apiKey: string): WorkspaceView {
  const ws = store.workspace(apiKey);
  const counts = (): WorkspaceCounts => {
    const out = {} as WorkspaceCounts;
    for (const c of COLLECTIONS) out[c] = Object.keys(ws[c]).length;
    return out;
  };
  return {
    agents: ws.agents,
    documents: ws.documents,
    phoneNumbers: ws.phoneNumbers,
    conversations: ws.conversations,
    tools: ws.tools,
    secrets: ws.secrets,
    agentTests: ws.agentTests,
    testFolders: ws.testFolders,
    testInvocations: ws.testInvocations,
    environmentVariables: ws.environmentVariables,
    mcpServers: ws.mcpServers,
    whatsappAccounts: ws.whatsappAccounts,
    settings: ws.settings,
    getAgent(agentId) {
      const a = ws.agents[agentId];
      return a ? agentView(a, ws) : undefined;
    },
    patchAgent(agentId, patch) {
      const a = ws.agents[agentId];
      if (!a) throw new Error(`no agent ${agentId} in this workspace`);
      applyAgentPatch(a, patch);
      store.save();
      return agentView(a, ws);
    },
    deleteAgent(agentId) {
      const ok = deleteAgentCascade(ws, agentId);
      if (ok) store.save();
      return ok;
    },
    counts,
    isEmpty() {
      const c = counts();
      const resources =
        c.agents + c.documents + c.phoneNumbers + c.tools + c.secrets + c.agentTests + c.testFolders;
      return resources + c.environmentVariables + c.mcpServers === 0;
    },
    seedWhatsAppAccount(seed) {
      const account = seedWhatsAppAccount(ws, seed);
      store.save();
      return account;
    },
    save() {
      store.save();
    },
  };
}
