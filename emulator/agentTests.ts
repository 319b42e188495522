/**
 * Agent testing (live): tests (`/agent-testing`, a response test `llm`, a tool-call test `tool`, or
 * a simulation, stored as sent), their folders, and runs (`POST /agents/{id}/run-tests`, polled at
 * `GET /test-invocations/{id}`). The emulator judges a run by a fixed rule (see `verdictOf` and
 * the README's "Agent tests"), decided when the run starts and revealed over the next polls: every
 * run is `pending` at first, then `passed` or `failed`.
 */
import { getAgentOr404 } from "./agents";
import { asBranch, branchOr404, versionFields } from "./branches";
import { type Ctx, type Family, objectBody, type Reply } from "./context";
import { ACCESS_INFO, renderObject, stripNulls } from "./defaults";
import { ApiError, notFound, ValidationError, type ValidationIssue } from "./errors";
import { newestFirst, paginate } from "./paging";
import type {
  JsonObject,
  StoredAgent,
  StoredAgentTest,
  StoredTestFolder,
  StoredTestInvocation,
  StoredTestRun,
  WorkspaceData,
} from "./types";
import { isPlainObject, newId, nowSecs } from "./util";

/** The answer schema of a test by type. */
const TEST_ANSWER: Record<string, string> = {
  llm: "GetResponseUnitTestResponseModel",
  tool: "GetToolCallUnitTestResponseModel",
  simulation: "GetSimulationTestResponseModel",
};

/** The email the emulator's runs are made by. */
const RUN_BY = ACCESS_INFO.creator_email;

function testOr404(ws: WorkspaceData, id: string): StoredAgentTest {
  const t = ws.agentTests[id];
  if (!t) throw notFound("test_not_found", `Test ${id} not found`);
  return t;
}

function folderOr404(ws: WorkspaceData, id: string): StoredTestFolder {
  const f = ws.testFolders[id];
  if (!f) throw notFound("folder_not_found", `Test folder ${id} not found`);
  return f;
}

/** The folders from the root down to `id` (for `folder_path`). */
function folderPath(ws: WorkspaceData, id: string | null | undefined): JsonObject[] {
  const path: JsonObject[] = [];
  for (let cur = id ?? null, i = 0; cur !== null && i < 32; i++) {
    const f = ws.testFolders[cur];
    if (!f) break;
    path.unshift({ id: f.id, name: f.name });
    cur = f.parent_folder_id;
  }
  return path;
}

/** 422 when a body names a folder the workspace lacks. */
function checkFolder(ws: WorkspaceData, id: unknown, loc: (string | number)[]): void {
  if (typeof id === "string" && !ws.testFolders[id])
    throw new ValidationError([{ loc, msg: `Test folder ${id} not found`, type: "value_error" }]);
}

/** A test as `GET /agent-testing/{id}` answers it. */
export function testView(t: StoredAgentTest): JsonObject {
  return renderObject("live", TEST_ANSWER[t.type] ?? TEST_ANSWER.llm ?? "", {
    ...t.body,
    type: t.type,
    id: t.id,
  });
}

/** A test as an item of `GET /agent-testing` and of the summaries. */
function testSummary(ws: WorkspaceData, t: StoredAgentTest): JsonObject {
  const parent = typeof t.body.parent_folder_id === "string" ? t.body.parent_folder_id : null;
  return renderObject("live", "UnitTestSummaryResponseModel", {
    id: t.id,
    name: t.body.name,
    access_info: { ...ACCESS_INFO },
    created_at_unix_secs: t.created_at_unix_secs,
    last_updated_at_unix_secs: t.last_updated_at_unix_secs,
    type: t.type,
    folder_parent_id: parent,
    folder_path: folderPath(ws, parent),
  });
}

/** Stores a create or PUT body: everything as sent but `type`, nulls dropped. */
function store(t: StoredAgentTest, body: JsonObject): void {
  const { type: _type, ...rest } = stripNulls(body) as JsonObject;
  t.body = rest;
  t.last_updated_at_unix_secs = nowSecs();
}

/** The type a create or PUT body states (`llm` by the description's default). */
function typeOf(body: JsonObject): string {
  return typeof body.type === "string" ? body.type : "llm";
}

/** POST /agent-testing/create: answers `{id}`. */
export function createTest(ctx: Ctx): Reply {
  const body = objectBody(ctx);
  checkFolder(ctx.ws, body.parent_folder_id, ["body", "parent_folder_id"]);
  const now = nowSecs();
  const t: StoredAgentTest = {
    id: newId("test_"),
    type: typeOf(body),
    body: {},
    created_at_unix_secs: now,
    last_updated_at_unix_secs: now,
  };
  store(t, body);
  ctx.ws.agentTests[t.id] = t;
  return { status: 200, json: { id: t.id } };
}

/** GET /agent-testing/{test_id}. */
export function getTest(ctx: Ctx): Reply {
  return { status: 200, json: testView(testOr404(ctx.ws, ctx.params.test_id ?? "")) };
}

/** PUT /agent-testing/{test_id}: the body replaces the test; its type cannot change (400). */
export function putTest(ctx: Ctx): Reply {
  const t = testOr404(ctx.ws, ctx.params.test_id ?? "");
  const body = objectBody(ctx);
  if (typeOf(body) !== t.type)
    throw new ApiError(400, "test_type_mismatch", `Test ${t.id} is a ${t.type} test, not ${typeOf(body)}`);
  checkFolder(ctx.ws, body.parent_folder_id, ["body", "parent_folder_id"]);
  store(t, body);
  return { status: 200, json: testView(t) };
}

/** The agents whose `platform_settings.testing.attached_tests` name a test. */
function attachedIds(a: StoredAgent): string[] {
  const testing = isPlainObject(a.platform_settings?.testing) ? a.platform_settings.testing : {};
  const list = Array.isArray(testing.attached_tests) ? testing.attached_tests : [];
  return list.flatMap((x) => (isPlainObject(x) && typeof x.test_id === "string" ? [x.test_id] : []));
}

/** DELETE /agent-testing/{test_id}: 200 `{}`; agents that attached it no longer do. */
export function deleteTest(ctx: Ctx): Reply {
  const t = testOr404(ctx.ws, ctx.params.test_id ?? "");
  for (const a of Object.values(ctx.ws.agents)) {
    if (!attachedIds(a).includes(t.id)) continue;
    const testing = a.platform_settings?.testing as JsonObject;
    testing.attached_tests = (testing.attached_tests as JsonObject[]).filter((x) => x.test_id !== t.id);
  }
  delete ctx.ws.agentTests[t.id];
  return { status: 200, json: {} };
}

/** GET /agent-testing: newest first; `search` (name substring), `types`, `parent_folder_id`, paged. */
export function listTests(ctx: Ctx): Reply {
  const search = (ctx.query.get("search") ?? "").toLowerCase();
  const types = ctx.query
    .getAll("types")
    .flatMap((t) => t.split(","))
    .filter((t) => t !== "");
  const folder = ctx.query.get("parent_folder_id");
  const tests = newestFirst(Object.values(ctx.ws.agentTests), (t) => t.id)
    .filter((t) =>
      String(t.body.name ?? "")
        .toLowerCase()
        .includes(search),
    )
    .filter((t) => types.length === 0 || types.includes(t.type))
    .filter((t) => folder === null || t.body.parent_folder_id === folder);
  const page = paginate(tests, (t) => t.id, ctx.query);
  return {
    status: 200,
    json: {
      tests: page.items.map((t) => testSummary(ctx.ws, t)),
      next_cursor: page.next_cursor,
      has_more: page.has_more,
    },
  };
}

/** POST /agent-testing/summaries: the named tests' summaries by id (unknown ids left out). */
export function testSummaries(ctx: Ctx): Reply {
  const ids = objectBody(ctx).test_ids as string[];
  const tests: JsonObject = {};
  for (const id of ids) {
    const t = ctx.ws.agentTests[id];
    if (t) tests[id] = testSummary(ctx.ws, t);
  }
  return { status: 200, json: { tests } };
}

function folderView(ws: WorkspaceData, f: StoredTestFolder): JsonObject {
  const children =
    Object.values(ws.agentTests).filter((t) => t.body.parent_folder_id === f.id).length +
    Object.values(ws.testFolders).filter((x) => x.parent_folder_id === f.id).length;
  return renderObject("live", "GetAgentTestFolderResponseModel", {
    id: f.id,
    name: f.name,
    folder_path: folderPath(ws, f.id),
    children_count: children,
  });
}

/** POST /agent-testing/folders: answers `{id, name}`. */
export function createFolder(ctx: Ctx): Reply {
  const body = objectBody(ctx);
  checkFolder(ctx.ws, body.parent_folder_id, ["body", "parent_folder_id"]);
  const f: StoredTestFolder = {
    id: newId("tfold_"),
    name: String(body.name),
    parent_folder_id: typeof body.parent_folder_id === "string" ? body.parent_folder_id : null,
    created_at_unix_secs: nowSecs(),
  };
  ctx.ws.testFolders[f.id] = f;
  return { status: 200, json: { id: f.id, name: f.name } };
}

/** GET /agent-testing/folders/{folder_id}. */
export function getFolder(ctx: Ctx): Reply {
  return { status: 200, json: folderView(ctx.ws, folderOr404(ctx.ws, ctx.params.folder_id ?? "")) };
}

/** PATCH /agent-testing/folders/{folder_id}: renames. */
export function patchFolder(ctx: Ctx): Reply {
  const f = folderOr404(ctx.ws, ctx.params.folder_id ?? "");
  f.name = String(objectBody(ctx).name);
  return { status: 200, json: folderView(ctx.ws, f) };
}

/** DELETE /agent-testing/folders/{folder_id}[?force=true]: 204; 409 `folder_not_empty` unless forced (contents go too). */
export function deleteFolder(ctx: Ctx): Reply {
  const f = folderOr404(ctx.ws, ctx.params.folder_id ?? "");
  const inside = (id: string): boolean => {
    for (let cur: string | null = id, i = 0; cur !== null && i < 32; i++) {
      if (cur === f.id) return true;
      cur = ctx.ws.testFolders[cur]?.parent_folder_id ?? null;
    }
    return false;
  };
  const tests = Object.values(ctx.ws.agentTests).filter(
    (t) => typeof t.body.parent_folder_id === "string" && inside(t.body.parent_folder_id),
  );
  const folders = Object.values(ctx.ws.testFolders).filter((x) => x.id !== f.id && inside(x.id));
  if (tests.length + folders.length > 0 && ctx.query.get("force") !== "true")
    throw new ApiError(409, "folder_not_empty", `Test folder ${f.id} is not empty; delete with force=true`);
  for (const t of tests) delete ctx.ws.agentTests[t.id];
  for (const x of folders) delete ctx.ws.testFolders[x.id];
  delete ctx.ws.testFolders[f.id];
  return { status: 204 };
}

// ---------------------------------------------------------------------------------------------
// Runs: the emulator's rule
// ---------------------------------------------------------------------------------------------

/** Lower-cased text, for case-insensitive containment. */
const fold = (s: unknown) => (typeof s === "string" ? s.toLowerCase() : "");

/** The phrases a success condition quotes (`"…"`, `'…'` or backquotes), else its words of five letters or more. */
export function keyWords(condition: string): { words: string[]; quoted: boolean } {
  const quoted = [...condition.matchAll(/"([^"]+)"|`([^`]+)`|'([^']+)'/g)]
    .map((m) => (m[1] ?? m[2] ?? m[3] ?? "").trim().toLowerCase())
    .filter((w) => w !== "");
  if (quoted.length > 0) return { words: quoted, quoted: true };
  const words = (condition.toLowerCase().match(/[\p{L}\p{N}]{5,}/gu) ?? []).filter(
    (w, i, a) => a.indexOf(w) === i,
  );
  return { words, quoted: false };
}

/** The agent's first message and prompt (of the configuration under test), lower-cased. */
function agentText(agent: StoredAgent): string {
  const a = isPlainObject(agent.conversation_config.agent) ? agent.conversation_config.agent : {};
  const prompt = isPlainObject(a.prompt) ? a.prompt : {};
  return `${fold(a.first_message)}\n${fold(prompt.prompt)}`;
}

/** The tool ids and built-in tool names an agent (configuration) has. */
function agentTools(agent: StoredAgent): string[] {
  const a = isPlainObject(agent.conversation_config.agent) ? agent.conversation_config.agent : {};
  const prompt = isPlainObject(a.prompt) ? a.prompt : {};
  const ids = Array.isArray(prompt.tool_ids) ? prompt.tool_ids.filter((x) => typeof x === "string") : [];
  const builtIn = isPlainObject(prompt.built_in_tools)
    ? Object.entries(prompt.built_in_tools)
        .filter(([, v]) => isPlainObject(v))
        .map(([k]) => k)
    : [];
  return [...ids, ...builtIn];
}

/**
 * The emulator's verdict on a test against an agent configuration:
 * - a response test (`llm`) passes when the agent's first message or prompt contains every phrase
 *   its success condition quotes (or, when it quotes none, at least one of its words of five letters
 *   or more), and none of its failure examples' responses;
 * - a tool-call test (`tool`) passes when the agent has the expected tool
 *   (`tool_call_parameters.referenced_tool.id` among its tool ids or built-in tools; any tool when
 *   none is named), or, with `verify_absence`, when it does not;
 * - a simulation fails: simulations are not emulated.
 */
export function verdictOf(test: StoredAgentTest, agent: StoredAgent): { passed: boolean; reason: string } {
  if (test.type === "llm") {
    const text = agentText(agent);
    const failure = (Array.isArray(test.body.failure_examples) ? test.body.failure_examples : [])
      .map((e) => (isPlainObject(e) ? fold(e.response).trim() : ""))
      .find((r) => r !== "" && text.includes(r));
    if (failure !== undefined)
      return {
        passed: false,
        reason: `the agent's first message or prompt contains the failure example "${failure}"`,
      };
    const { words, quoted } = keyWords(String(test.body.success_condition ?? ""));
    if (words.length === 0) return { passed: true, reason: "the success condition names no key words" };
    const found = words.filter((w) => text.includes(w));
    const missing = words.filter((w) => !text.includes(w));
    if (quoted ? missing.length === 0 : found.length > 0)
      return { passed: true, reason: `the agent's first message or prompt contains "${found.join('", "')}"` };
    const what = quoted ? `"${missing.join('", "')}"` : `any of "${words.join('", "')}"`;
    return { passed: false, reason: `the agent's first message and prompt lack ${what}` };
  }
  if (test.type === "tool") {
    const params = isPlainObject(test.body.tool_call_parameters) ? test.body.tool_call_parameters : {};
    const ref = isPlainObject(params.referenced_tool) ? params.referenced_tool : undefined;
    const tools = agentTools(agent);
    const absent = params.verify_absence === true;
    const has = ref ? tools.includes(String(ref.id)) : tools.length > 0;
    const what = ref ? `the tool ${String(ref.id)}` : "a tool";
    if (has !== absent) return { passed: true, reason: `the agent ${has ? "has" : "does not have"} ${what}` };
    return {
      passed: false,
      reason: `the agent ${has ? "has" : "does not have"} ${what}${absent ? ", which it must not call" : ""}`,
    };
  }
  return { passed: false, reason: `${test.type} tests are not emulated` };
}

/** A run as the invocation answers it at its current poll. */
function runView(inv: StoredTestInvocation, run: StoredTestRun, ws: WorkspaceData): JsonObject {
  const settled = inv.polls >= run.settles_at_poll;
  const test = ws.agentTests[run.test_id];
  return {
    test_run_id: run.test_run_id,
    test_info: test ? { ...test.body, type: test.type } : null,
    test_invocation_id: inv.id,
    agent_id: inv.agent_id,
    branch_id: inv.branch_id,
    version_id: inv.version_id,
    status: settled ? run.verdict : "pending",
    test_id: run.test_id,
    test_name: run.test_name,
    condition_result: settled
      ? {
          result: run.verdict === "passed" ? "success" : "failure",
          rationale: { messages: [run.reason], summary: run.reason },
        }
      : null,
    last_updated_at_unix: inv.created_at_unix_secs,
    metadata: {
      workspace_id: "emulator",
      test_name: run.test_name,
      ran_by_user_email: RUN_BY,
      test_type: run.type === "tool" ? "tool_call" : run.type,
    },
  };
}

/** An invocation as `POST run-tests` and `GET /test-invocations/{id}` answer it. */
function invocationView(inv: StoredTestInvocation, ws: WorkspaceData): JsonObject {
  return renderObject("live", "GetTestSuiteInvocationResponseModel", {
    id: inv.id,
    agent_id: inv.agent_id,
    branch_id: inv.branch_id,
    version_id: inv.version_id,
    created_at: inv.created_at_unix_secs,
    test_runs: inv.runs.map((r) => runView(inv, r, ws)),
  });
}

/**
 * POST /agents/{agent_id}/run-tests: runs the named tests against the agent (or the branch
 * `branch_id` names), `repeat_count` times each. Every run is decided now and answered pending;
 * the invocation's second GET settles the even-numbered runs, the third all of them.
 */
export function runTests(ctx: Ctx): Reply {
  const agent = getAgentOr404(ctx);
  const body = objectBody(ctx);
  const branchId = typeof body.branch_id === "string" ? body.branch_id : undefined;
  const branch = branchId === undefined ? undefined : branchOr404(agent, branchId);
  const subject = branch ? asBranch(agent, branch) : agent;
  const requested = (body.tests as JsonObject[]).map((t) => String(t.test_id));
  const issues: ValidationIssue[] = requested.flatMap((id, i) =>
    ctx.ws.agentTests[id]
      ? []
      : [{ loc: ["body", "tests", i, "test_id"], msg: `Test ${id} not found`, type: "value_error" }],
  );
  if (issues.length > 0) throw new ValidationError(issues);
  const repeat = typeof body.repeat_count === "number" ? body.repeat_count : 1;
  const runs: StoredTestRun[] = [];
  for (const id of requested) {
    const test = ctx.ws.agentTests[id] as StoredAgentTest;
    const { passed, reason } = verdictOf(test, subject);
    for (let k = 0; k < repeat; k++) {
      runs.push({
        test_run_id: newId("trun_"),
        test_id: id,
        test_name: String(test.body.name ?? ""),
        type: test.type,
        verdict: passed ? "passed" : "failed",
        reason,
        settles_at_poll: 2 + (runs.length % 2),
      });
    }
  }
  const version = versionFields(agent, branch);
  const inv: StoredTestInvocation = {
    id: newId("tinv_"),
    agent_id: agent.agent_id,
    branch_id: typeof version.branch_id === "string" ? version.branch_id : null,
    version_id: typeof version.version_id === "string" ? version.version_id : null,
    created_at_unix_secs: nowSecs(),
    polls: 0,
    runs,
  };
  ctx.ws.testInvocations[inv.id] = inv;
  return { status: 200, json: invocationView(inv, ctx.ws) };
}

/** GET /test-invocations/{test_invocation_id}: one poll more (see runTests). */
export function getInvocation(ctx: Ctx): Reply {
  const id = ctx.params.test_invocation_id ?? "";
  const inv = ctx.ws.testInvocations[id];
  if (!inv) throw notFound("test_invocation_not_found", `Test invocation ${id} not found`);
  inv.polls++;
  return { status: 200, json: invocationView(inv, ctx.ws) };
}

/** The agent-testing routes (live). */
export const AGENT_TESTS: Family = {
  routes: {
    "POST /agent-testing/create": createTest,
    "GET /agent-testing": listTests,
    "GET /agent-testing/{test_id}": getTest,
    "PUT /agent-testing/{test_id}": putTest,
    "DELETE /agent-testing/{test_id}": deleteTest,
    "POST /agent-testing/summaries": testSummaries,
    "POST /agent-testing/folders": createFolder,
    "GET /agent-testing/folders/{folder_id}": getFolder,
    "PATCH /agent-testing/folders/{folder_id}": patchFolder,
    "DELETE /agent-testing/folders/{folder_id}": deleteFolder,
    "POST /agents/{agent_id}/run-tests": runTests,
    "GET /test-invocations/{test_invocation_id}": getInvocation,
  },
};
