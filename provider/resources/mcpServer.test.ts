import { describe, expect, it } from "vitest";
import { useDialect } from "../../test/helpers/dialect";
import { mcpServer } from "./mcpServer";

const valid = {
  name: "CRM tools",
  url: "https://mcp.example.com/mcp",
  approvalPolicy: "require_approval_per_tool",
  toolApprovals: [{ toolName: "lookup", toolDescription: "Looks up", approvalPolicy: "auto_approved" }],
  toolConfigOverrides: [{ toolName: "create_ticket", executionMode: "async" }],
};

describe("McpServer check", () => {
  useDialect("live");

  it("accepts a server with approvals and tool configs", async () => {
    expect((await mcpServer.handler.check({}, valid)).failures).toBeUndefined();
  });

  it("refuses a tool approved twice, and one configured twice, naming the list", async () => {
    const twice = {
      ...valid,
      toolApprovals: [...valid.toolApprovals, { toolName: "lookup", toolDescription: "Again" }],
      toolConfigOverrides: [...valid.toolConfigOverrides, { toolName: "create_ticket" }],
    };
    expect((await mcpServer.handler.check({}, twice)).failures?.map((f) => f.reason)).toEqual([
      'toolApprovals: lists tool "lookup" twice; give each tool once',
      'toolConfigOverrides: lists tool "create_ticket" twice; give each tool once',
    ]);
  });

  it("refuses the approval hashes of the API's create body: approvals are declared by tool", async () => {
    const failures = (await mcpServer.handler.check({}, { ...valid, toolApprovalHashes: [] })).failures;
    expect(failures?.[0]?.reason).toContain("unknown property 'toolApprovalHashes'");
  });
});

describe("McpServer diff", () => {
  useDialect("live");
  const olds = { ...valid, mcpServerId: "mcp_1" };

  it.each([
    ["approvalPolicy", { approvalPolicy: "auto_approve_all" }],
    ["a tool approval", { toolApprovals: [] }],
    ["a tool config", { toolConfigOverrides: [{ toolName: "create_ticket", executionMode: "immediate" }] }],
    ["the headers", { requestHeaders: { "X-Api-Key": "k" } }],
  ])("a changed %s is made in place", async (_, change) => {
    const d = await mcpServer.handler.diff("mcp_1", olds, { ...valid, ...change });
    expect(d).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it.each([
    ["url", { url: "https://mcp-eu.example.com/mcp" }],
    ["transport", { transport: "STREAMABLE_HTTP" }],
    ["name", { name: "CRM" }],
  ])("a new %s replaces the server, the new one first", async (key, change) => {
    const d = await mcpServer.handler.diff("mcp_1", olds, { ...valid, ...change });
    expect(d).toEqual({ changes: true, replaces: [key], deleteBeforeReplace: false });
  });
});
