/**
 * EnvironmentVariable: a workspace variable whose value differs per environment (live dialect
 * only). Prompts, messages and tools refer to it as `{{system__env_<label>}}`; a conversation, a
 * test or a phone number picks the environment (`production` by default).
 *
 * Order: schemas, wire mapping, find and read, the declaration (create, update, delete).
 * API: POST/GET /environment-variables, GET/PATCH /environment-variables/{env_var_id}; there is no
 * DELETE. The values change in place (one PATCH); a new label or type makes a new variable.
 * Destroy cannot delete the variable: it leaves it in the workspace, with its values, and warns
 * naming the label; a later create with the same label and type adopts it.
 */
import { z } from "zod";
import type { WireEnvironmentVariable } from "../../client/endpoints";
import { collect, listed } from "../../client/paging";
import { isPlainObject, type PlainObject } from "../../client/wire";
import { mismatches } from "../kit/adopt";
import { type Declaration, type Outputs, pick } from "../kit/declaration";
import { declareEnvLabel, placeholderOf } from "../kit/envRefs";
import { warn } from "../kit/log";
import { listing, madeHere } from "../kit/lookup";
import { client, defineResource, ifFound } from "../kit/resource";

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

/** The environment every variable has a value for. */
const PRODUCTION = "production";

/** A label prompts can refer to: `{{system__env_<label>}}`. */
const LABEL = /^[A-Za-z0-9_]+$/;
/** An environment's name, e.g. `staging`. */
const ENVIRONMENT = /^[a-z0-9][a-z0-9_-]*$/;

const TYPES = ["string", "secret", "auth_connection"] as const;

const EnvironmentVariableArgsSchema = z.strictObject({
  label: z
    .string()
    .regex(LABEL, "must be letters, digits and _ only (prompts refer to it as {{system__env_<label>}})")
    .describe(
      "The variable's name in the workspace, unique there: letters, digits and `_`. Prompts, messages and tools refer to it as `{{system__env_<label>}}` (see the `placeholder` output). A new label makes a new variable.",
    ),
  type: z
    .enum(TYPES)
    .describe(
      "What the values are: `string` (the text itself), `secret` (ids of workspace `Secret`s, so the text stays secret) or `auth_connection` (ids of auth connections). A new type makes a new variable, under a new label.",
    ),
  values: z
    .record(z.string(), z.string().regex(/\S/, "must not be blank"))
    .superRefine((v, ctx) => {
      for (const env of Object.keys(v)) {
        if (!ENVIRONMENT.test(env))
          ctx.addIssue({
            code: "custom",
            path: [env],
            message:
              "not an environment name: lower-case letters, digits, _ and - (e.g. production, staging)",
          });
      }
      if (v[PRODUCTION] === undefined)
        ctx.addIssue({
          code: "custom",
          path: [PRODUCTION],
          message:
            "required: every variable has a production value (other environments, e.g. staging, are optional)",
        });
    })
    .meta({
      description:
        "The value in each environment, keyed by environment name (`production` required; e.g. `staging`, sent exactly as written): the text of a `string` variable, the id of a workspace `Secret` (`secret.secretId`) for a `secret` variable, the id of an auth connection for an `auth_connection` one. Always stored as a Pulumi secret.",
      secret: true,
    }),
});

const EnvironmentVariableOutputsSchema = z.strictObject({
  environmentVariableId: z.string().describe("The variable's id in the workspace."),
  placeholder: z
    .string()
    .describe(
      "`{{system__env_<label>}}`: what prompts and tools write to use the variable. Interpolating it (`pulumi.interpolate`) also orders the variable before the agent.",
    ),
});

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

const INPUT_KEYS = ["label", "type", "values"] as const;

type Remote = z.infer<typeof WireEnvironmentVariable>;

/** One value on the wire: the text, or a reference by type. */
function wireValue(type: unknown, v: unknown): unknown {
  if (v === null) return null;
  if (type === "secret") return { secret_id: v };
  if (type === "auth_connection") return { auth_connection_id: v };
  return v;
}

/** The values as programs write them: the text, or the id a reference names. */
function valuesOf(remote: Remote): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [env, v] of Object.entries(remote.values)) {
    if (typeof v === "string") out[env] = v;
    else if (isPlainObject(v)) {
      const id = v.secret_id ?? v.auth_connection_id;
      if (typeof id === "string") out[env] = id;
    }
  }
  return out;
}

/** The variable as a program declares it. */
function argsOf(remote: Remote): PlainObject {
  return { label: remote.label, type: remote.type, values: valuesOf(remote) };
}

function outputs(id: string, args: PlainObject): Outputs {
  return { ...args, environmentVariableId: id, placeholder: placeholderOf(String(args.label)) };
}

/** The PATCH values that turn `before` into `after` (changed or new values; null for removed ones), or none. */
function valuesPatch(type: unknown, before: unknown, after: unknown): PlainObject | undefined {
  const b = isPlainObject(before) ? before : {};
  const a = isPlainObject(after) ? after : {};
  const out: PlainObject = {};
  for (const [env, v] of Object.entries(a)) if (b[env] !== v) out[env] = wireValue(type, v);
  for (const env of Object.keys(b)) if (a[env] === undefined) out[env] = null;
  return Object.keys(out).length > 0 ? out : undefined;
}

// ---------------------------------------------------------------------------------------------
// The declaration
// ---------------------------------------------------------------------------------------------

const declaration: Declaration<Remote> = {
  type: "EnvironmentVariable",
  kind: "environmentVariable",
  noun: "environment variable",
  description:
    "A workspace environment variable (live dialect): one label, a value per environment (`production` required, others such as `staging` optional). Prompts, messages and tools use it as `{{system__env_<label>}}`; a test, a phone number or a conversation picks the environment. The values change in place (one PATCH) and are always stored as Pulumi secrets; a `secret` variable's values are ids of workspace `Secret`s. The API cannot delete a variable: destroy leaves it in the workspace and says so, and a later create with the same label and type adopts it.",
  example: `const cfg = new pulumi.Config();
const crmUrl = new elevenlabs.EnvironmentVariable("crm-url", {
  label: "crm_url",
  type: "string",
  values: { production: "https://crm.example.com", staging: "https://staging.crm.example.com" },
});

const prodKey = new elevenlabs.Secret("crm-key-production", { name: "crm_key_production", value: cfg.requireSecret("crmKeyProduction") });
const stagingKey = new elevenlabs.Secret("crm-key-staging", { name: "crm_key_staging", value: cfg.requireSecret("crmKeyStaging") });
new elevenlabs.EnvironmentVariable("crm-key", {
  label: "crm_key",
  type: "secret",
  values: { production: prodKey.secretId, staging: stagingKey.secretId },
});

new elevenlabs.Agent("support", {
  name: "Support Assistant",
  conversationConfig: {
    agent: { prompt: { prompt: pulumi.interpolate\`Look orders up at \${crmUrl.placeholder}.\` } },
  },
});`,
  args: EnvironmentVariableArgsSchema,
  outputs: EnvironmentVariableOutputsSchema,
  // Neither can change through the API.
  replaces: { live: ["label", "type"] },
  // Agents declared after it know its label (their check warns about labels nothing declares).
  program: { envLabel: "label" },

  live: {
    refine(args, _news, _schemaFailed, olds) {
      if (typeof args.label === "string") declareEnvLabel(args.label);
      // A new type under the same label: the new variable would need the label the old one keeps.
      const before = olds.type;
      if (
        before === undefined ||
        args.type === undefined ||
        before === args.type ||
        olds.label !== args.label
      )
        return {};
      return {
        failures: [
          {
            property: "type",
            reason: `type: an environment variable's type cannot change (the API changes only its values, and cannot delete the '${String(before)}' variable labelled '${String(args.label)}'); keep type '${String(before)}', or declare the new type under a new label`,
          },
        ],
      };
    },

    read: (id) => ifFound(client().call("getEnvironmentVariable", { params: { env_var_id: id } })),

    mismatches: (remote, bag) => mismatches(argsOf(remote), pick(bag, INPUT_KEYS)),

    async create(bag) {
      const args = pick(bag, INPUT_KEYS);
      const values = Object.fromEntries(
        Object.entries(args.values as Record<string, string>).map(([env, v]) => [
          env,
          wireValue(args.type, v),
        ]),
      );
      const { id } = await client().call("createEnvironmentVariable", {
        json: { type: args.type, label: args.label, values },
      });
      return { id, outs: outputs(id, args) };
    },

    /**
     * The variable with the declared label and type: an earlier attempt made it, or a destroyed
     * stack left it (the API cannot delete it, and refuses a second one with the same label). The
     * workspace's variables are listed once per process (see provider/kit/lookup.ts).
     */
    async findOwn(bag, fresh) {
      const all = await listing("environment variables", fresh, () =>
        collect(listed(client(), "listEnvironmentVariables")),
      );
      const found = all.find((v) => v.label === bag.label && v.type === bag.type && !madeHere(v.id));
      return found && { id: found.id, remote: found };
    },

    adopted: (id, bag) => outputs(id, pick(bag, INPUT_KEYS)),

    async list(api) {
      const all = await collect(listed(api, "listEnvironmentVariables"));
      return all.reverse().map((v) => ({ id: v.id, remote: v }));
    },

    asDeclared: (_id, remote) => ({
      name: remote.label,
      args: argsOf(remote),
      notes: ["the API cannot delete environment variables: destroying the stack leaves it in the workspace"],
    }),

    project(id, remote, _props) {
      const args = argsOf(remote);
      return { inputs: args, outs: outputs(id, args) };
    },

    async update(id, olds, news) {
      const after = pick(news, INPUT_KEYS);
      const values = valuesPatch(after.type, olds.values, after.values);
      if (values)
        await client().call("updateEnvironmentVariable", { params: { env_var_id: id }, json: { values } });
      return outputs(id, after);
    },

    /** The API has no DELETE: the variable stays, and the warning names it. */
    async delete(id, props) {
      await warn(
        `EnvironmentVariable "${String(props.label)}" (${id}): left in the workspace with its values, because the ElevenLabs API cannot delete environment variables. ` +
          "Remove it in the dashboard once nothing uses it; a later create with the same label and type adopts it.",
      );
    },
  },
};

export const environmentVariable = defineResource(declaration);
