/**
 * Secret: a workspace secret (live dialect only) that tools refer to by id, e.g. a webhook's
 * `Authorization` header `{ secretId }`. The value is a Pulumi secret in state and is never
 * returned by the API, so only a change in the program updates it.
 *
 * Order: schemas, wire mapping, find and read, the declaration (create, update, delete).
 * API: POST /secrets, GET/PATCH/DELETE /secrets/{secret_id}. Name and value change in place.
 */
import { z } from "zod";
import type { WireSecret } from "../../client/endpoints";
import { liveShapes } from "../../client/generated/live";
import { firstMatch, listed } from "../../client/paging";
import { type PlainObject, toWire } from "../../client/wire";
import { SecretArgsSchema } from "../generated/live";
import { type Declaration, type Outputs, pick } from "../kit/declaration";
import { client, defineResource, ifFound } from "../kit/resource";

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

const SecretOutputsSchema = z.strictObject({
  secretId: z.string().describe("The secret's id, for tools' `{ secretId }` references."),
});

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

const INPUT_KEYS = ["name", "value"] as const;

type Remote = z.infer<typeof WireSecret>;

function outputs(id: string, args: PlainObject): Outputs {
  return { ...args, secretId: id };
}

/** Sets the secret's name and value as declared (the API takes them together). */
async function put(id: string, bag: PlainObject): Promise<Outputs> {
  const args = pick(bag, INPUT_KEYS);
  await client().call("updateSecret", {
    params: { secret_id: id },
    json: { type: "update", name: args.name, value: args.value },
  });
  return outputs(id, args);
}

// ---------------------------------------------------------------------------------------------
// The declaration
// ---------------------------------------------------------------------------------------------

const declaration: Declaration<Remote> = {
  type: "Secret",
  kind: "secret",
  noun: "secret",
  description:
    "A workspace secret (live dialect) that tools refer to by id, e.g. a webhook header `{ secretId: secret.secretId }`. The value is always stored as a Pulumi secret; the API never returns it, so only a change in the program updates it. Name and value change in place.",
  example: `const cfg = new pulumi.Config();
// pulumi config set --secret crmKey <value>
const crmKey = new elevenlabs.Secret("crm-key", { name: "crm_key", value: cfg.requireSecret("crmKey") });

new elevenlabs.Tool("lookup-order", {
  toolConfig: {
    type: "webhook",
    name: "lookup_order",
    description: "Looks up an order by its number.",
    apiSchema: {
      url: "https://crm.example.com/orders/{order_id}",
      requestHeaders: { "X-Api-Key": { secretId: crmKey.secretId } },
    },
  },
});`,
  args: SecretArgsSchema,
  outputs: SecretOutputsSchema,
  replaces: { live: [] },

  live: {
    read: (id) => ifFound(client().call("getSecret", { params: { secret_id: id } })),

    // The value is never returned: only the name can be compared.
    mismatches: (remote, bag) =>
      remote.name === bag.name ? [] : [{ path: "name", live: remote.name, declared: bag.name }],

    async create(bag) {
      const args = pick(bag, INPUT_KEYS);
      const { secret_id: id } = await client().call("createSecret", {
        json: toWire(args, liveShapes.SecretArgs),
      });
      return { id, outs: outputs(id, args) };
    },

    /** A secret an earlier attempt made: same name, used by nothing yet. */
    async findOwn(bag) {
      const found = await firstMatch(
        listed(client(), "listSecrets"),
        (x) => x.name === bag.name && !x.used_by?.tools?.length && !x.used_by?.agents?.length,
      );
      return found && { id: found.secret_id, remote: found };
    },

    adopted: (id, bag) => outputs(id, pick(bag, INPUT_KEYS)),

    project(id, remote, props) {
      // The value cannot be read back: the declared one is kept.
      const args = { ...pick(props, INPUT_KEYS), name: remote.name };
      return { inputs: args, outs: outputs(id, args) };
    },

    update: (id, _olds, news) => put(id, news),

    async delete(id) {
      await client().call("deleteSecret", { params: { secret_id: id } });
    },
  },

  docs: `## What replaces, what updates

Nothing replaces a secret. A new name or a new value is one \`PATCH /secrets/{secret_id}\`
\`{type: "update", name, value}\`: the API takes both together, so both are always sent. Because the
value is never returned, a value changed outside Pulumi cannot be seen; refresh compares the name
only. Deleting a secret a tool still names is refused by the service (the emulator answers 409
\`secret_in_use\`); tools of the same program are updated or deleted first.

## Adoption

Compared: the name. The value cannot be read back: the declared one is **assumed** to be what the
account holds, and adoption does not write it. \`elevenlabs-export\` declares each secret with
\`cfg.requireSecret("<key>")\` and lists the keys to set: [docs/adopting.md](../adopting.md).

## Timeouts and retries

Before creating, the provider lists the workspace's secrets (\`GET /secrets\`) for one with the same
name that nothing uses yet (no tool, no agent). Such a secret is the one an earlier attempt made (a
lost answer, a killed \`up\`) and is adopted, its value set again with one \`PATCH\`. An unused secret
of the same name made by hand would be adopted too, and its value overwritten with the declared
one.`,
};

export const secret = defineResource(declaration);
