/**
 * The one list of the package's resources. Everything that enumerates resources reads it: the
 * provider's handlers, the generated SDK classes, `schema.json` and the docs pages, the export, and
 * the tests. Adding a resource is a file in this folder and a line here (docs/adding-a-resource.md).
 */
import type { Resource } from "../kit/resource";
import { agent } from "./agent";
import { agentBranch } from "./agentBranch";
import { agentDeployment } from "./agentDeployment";
import { agentTest } from "./agentTest";
import { environmentVariable } from "./environmentVariable";
import { knowledgeDocument } from "./knowledgeDocument";
import { knowledgeFolder } from "./knowledgeFolder";
import { mcpServer } from "./mcpServer";
import { phoneNumber } from "./phoneNumber";
import { secret } from "./secret";
import { tool } from "./tool";
import { whatsAppAccount } from "./whatsAppAccount";
import { workspaceSettings } from "./workspaceSettings";

/** Every resource, in the order the docs and schema list them. */
// biome-ignore lint/suspicious/noExplicitAny: each resource has its own remote type; the list holds any.
export const RESOURCES: readonly Resource<any>[] = [
  agent,
  knowledgeDocument,
  knowledgeFolder,
  phoneNumber,
  tool,
  secret,
  agentTest,
  agentBranch,
  agentDeployment,
  environmentVariable,
  mcpServer,
  workspaceSettings,
  whatsAppAccount,
];
