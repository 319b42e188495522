/**
 * Environment variables (live): a label and a value per environment (`production` and any others,
 * e.g. `staging`), of one type: `string` values, `secret` values (`{secret_id}` of a workspace
 * secret) or `auth_connection` values (`{auth_connection_id}`). Prompts and tools refer to one as
 * `{{system__env_<label>}}`; a conversation, a test or a phone number picks the environment. A
 * label is unique in the workspace (409). The API has no DELETE: a variable stays until removed in
 * the dashboard (tests remove it through `Emulator.workspace()`).
 */
import { type Ctx, type Family, objectBody, type Reply } from "./context";
import { renderObject } from "./defaults";
import { ApiError, notFound, ValidationError, type ValidationIssue } from "./errors";
import { newestFirst, paginate } from "./paging";
import type { JsonObject, StoredEnvironmentVariable, WorkspaceData } from "./types";
import { isPlainObject, newId, nowSecs } from "./util";

/** The environment every variable has a value for. */
export const PRODUCTION = "production";

/** The workspace id the answers carry (one per emulated workspace is not needed: keys are workspaces). */
const WORKSPACE_ID = "emulator";

function variableOr404(ctx: Ctx): StoredEnvironmentVariable {
  const id = ctx.params.env_var_id ?? "";
  const v = ctx.ws.environmentVariables[id];
  if (!v) throw notFound("environment_variable_not_found", `Environment variable ${id} not found`);
  return v;
}

/** A variable as GET answers it (values as stored: a secret variable's are references, never values). */
export function variableView(v: StoredEnvironmentVariable): JsonObject {
  return renderObject("live", "EnvironmentVariableResponse", {
    label: v.label,
    created_at_unix_secs: v.created_at_unix_secs,
    updated_at_unix_secs: v.updated_at_unix_secs,
    created_by_user_id: null,
    type: v.type,
    id: v.id,
    workspace_id: WORKSPACE_ID,
    values: structuredClone(v.values),
  });
}

/** Issues of the values of a variable of `type` (the body's shape is the description's; these are the rules beside it). */
function valueIssues(ws: WorkspaceData, type: string, values: JsonObject, loc: string[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [env, value] of Object.entries(values)) {
    if (value === null) continue;
    const at = [...loc, env];
    const ok =
      type === "string"
        ? typeof value === "string"
        : type === "secret"
          ? isPlainObject(value) && typeof value.secret_id === "string"
          : isPlainObject(value) && typeof value.auth_connection_id === "string";
    if (!ok) {
      issues.push({
        loc: at,
        msg: `A ${type} variable's value must be ${type === "string" ? "a string" : type === "secret" ? "{secret_id}" : "{auth_connection_id}"}`,
        type: "value_error",
      });
    } else if (type === "secret" && isPlainObject(value) && !ws.secrets[String(value.secret_id)]) {
      issues.push({
        loc: [...at, "secret_id"],
        msg: `Secret ${String(value.secret_id)} not found`,
        type: "value_error",
      });
    }
  }
  return issues;
}

/** POST /environment-variables: answers the variable; 409 for a label the workspace has. */
export function createVariable(ctx: Ctx): Reply {
  const body = objectBody(ctx);
  const label = String(body.label);
  const values = body.values as JsonObject;
  const issues = valueIssues(ctx.ws, String(body.type), values, ["body", "values"]);
  if (typeof values[PRODUCTION] !== "string" && !isPlainObject(values[PRODUCTION]))
    issues.push({
      loc: ["body", "values", PRODUCTION],
      msg: "A value for production is required",
      type: "missing",
    });
  if (issues.length > 0) throw new ValidationError(issues);
  if (Object.values(ctx.ws.environmentVariables).some((v) => v.label === label))
    throw new ApiError(
      409,
      "environment_variable_already_exists",
      `An environment variable labelled '${label}' exists`,
    );
  const now = nowSecs();
  const v: StoredEnvironmentVariable = {
    id: newId("envvar_"),
    label,
    type: body.type as StoredEnvironmentVariable["type"],
    values: Object.fromEntries(Object.entries(values).filter(([, x]) => x !== null)),
    created_at_unix_secs: now,
    updated_at_unix_secs: now,
  };
  ctx.ws.environmentVariables[v.id] = v;
  return { status: 200, json: variableView(v) };
}

/** GET /environment-variables: newest first; `label` (exact), `type`, `environment` (has a value there), paged. */
export function listVariables(ctx: Ctx): Reply {
  const label = ctx.query.get("label");
  const type = ctx.query.get("type");
  const environment = ctx.query.get("environment");
  const found = newestFirst(Object.values(ctx.ws.environmentVariables), (v) => v.id)
    .filter((v) => label === null || v.label === label)
    .filter((v) => type === null || v.type === type)
    .filter((v) => environment === null || v.values[environment] !== undefined);
  const page = paginate(found, (v) => v.id, ctx.query);
  return {
    status: 200,
    json: {
      environment_variables: page.items.map(variableView),
      next_cursor: page.next_cursor,
      has_more: page.has_more,
    },
  };
}

/** GET /environment-variables/{env_var_id}. */
export function getVariable(ctx: Ctx): Reply {
  return { status: 200, json: variableView(variableOr404(ctx)) };
}

/**
 * PATCH /environment-variables/{env_var_id}: `values` merge into the stored ones (null removes an
 * environment's value; production's cannot be removed). Label and type never change.
 */
export function patchVariable(ctx: Ctx): Reply {
  const v = variableOr404(ctx);
  const values = objectBody(ctx).values as JsonObject;
  const issues = valueIssues(ctx.ws, v.type, values, ["body", "values"]);
  if (values[PRODUCTION] === null)
    issues.push({
      loc: ["body", "values", PRODUCTION],
      msg: "The production value cannot be removed",
      type: "value_error",
    });
  if (issues.length > 0) throw new ValidationError(issues);
  for (const [env, value] of Object.entries(values)) {
    if (value === null) delete v.values[env];
    else v.values[env] = structuredClone(value);
  }
  v.updated_at_unix_secs = Math.max(nowSecs(), v.created_at_unix_secs);
  return { status: 200, json: variableView(v) };
}

/** The environment-variable routes (live; the API has no DELETE). */
export const ENVIRONMENT_VARIABLES: Family = {
  routes: {
    "POST /environment-variables": createVariable,
    "GET /environment-variables": listVariables,
    "GET /environment-variables/{env_var_id}": getVariable,
    "PATCH /environment-variables/{env_var_id}": patchVariable,
  },
};
