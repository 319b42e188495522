/**
 * References to environment variables in prompts, messages and tools: `{{system__env_<label>}}`.
 * A reference that no variable declares is a preview warning naming it (the service would leave
 * the placeholder unfilled). A label counts as declared when the program declared an
 * `EnvironmentVariable` with it before the resource (the SDK passes those labels, see
 * `ProgramSide.envReferences`), when a variable's check has seen it (this provider process checks
 * every resource of the stack, in no fixed order), or when the workspace has a variable with it
 * (read once per process, and only when a reference needs it).
 */
import { collect, listed } from "../../client/paging";
import { isPlainObject, type PlainObject } from "../../client/wire";
import { ENV_LABELS_KEY } from "./declaration";
import { warn } from "./log";
import { client } from "./resource";

/** `{{system__env_<label>}}`, with the spaces the service tolerates inside the braces. */
const REFERENCE = /\{\{\s*system__env_([A-Za-z0-9_]+)\s*\}\}/g;

/** The placeholder that refers to a variable, e.g. `{{system__env_crm_url}}`. */
export function placeholderOf(label: string): string {
  return `{{system__env_${label}}}`;
}

/** Labels this process has seen declared by an `EnvironmentVariable`'s check. */
const declared = new Set<string>();

/** Records a label an `EnvironmentVariable` of the stack declares. */
export function declareEnvLabel(label: string): void {
  declared.add(label);
}

/** Every label referenced in the strings of `v` (values, not keys), in order of appearance, once each. */
export function envLabelsIn(v: unknown): string[] {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (typeof x === "string") {
      for (const m of x.matchAll(REFERENCE)) if (m[1] && !out.includes(m[1])) out.push(m[1]);
    } else if (Array.isArray(x)) x.forEach(walk);
    else if (isPlainObject(x)) Object.values(x).forEach(walk);
  };
  walk(v);
  return out;
}

let inWorkspace: Promise<Set<string>> | undefined;

/** The labels of the workspace's variables, read once per process; none when they cannot be read. */
function workspaceLabels(): Promise<Set<string>> {
  inWorkspace ??= collect(listed(client(), "listEnvironmentVariables")).then(
    (vars) => new Set(vars.map((v) => v.label)),
    () => new Set<string>(),
  );
  return inWorkspace;
}

/**
 * Warns (at preview too) about each `{{system__env_<label>}}` in `args` that neither a variable of
 * this stack nor one of the workspace declares.
 * @param who the resource, as messages name it, e.g. `Agent "Support"`.
 * @param args the resource's declared inputs.
 * @param news the whole input bag (the labels the program declared before the resource).
 * @returns the labels warned about.
 */
export async function warnUndeclaredEnvLabels(
  who: string,
  args: unknown,
  news: PlainObject,
): Promise<string[]> {
  const before = Array.isArray(news[ENV_LABELS_KEY]) ? (news[ENV_LABELS_KEY] as unknown[]) : [];
  const labels = envLabelsIn(args).filter((l) => !declared.has(l) && !before.includes(l));
  if (labels.length === 0) return [];
  const known = await workspaceLabels();
  const missing = labels.filter((l) => !known.has(l));
  for (const label of missing) {
    await warn(
      `${who}: ${placeholderOf(label)} names no environment variable: neither this stack (so far) nor the workspace declares the label '${label}'. ` +
        `Declare an EnvironmentVariable with label "${label}" (before this resource in the program), or fix the name.`,
    );
  }
  return missing;
}
