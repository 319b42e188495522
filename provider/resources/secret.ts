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
import { collect, listed } from "../../client/paging";
import { type PlainObject, toWire } from "../../client/wire";
import { SecretArgsSchema } from "../generated/live";
import { type Declaration, type Outputs, pick } from "../kit/declaration";
import { listing, madeHere } from "../kit/lookup";
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
    async findOwn(bag, fresh) {
      const all = await listing("secrets", fresh, () => collect(listed(client(), "listSecrets")));
      const found = all.find(
        (x) =>
          x.name === bag.name &&
          !x.used_by?.tools?.length &&
          !x.used_by?.agents?.length &&
          !madeHere(x.secret_id),
      );
      return found && { id: found.secret_id, remote: found };
    },

    adopted: (id, bag) => outputs(id, pick(bag, INPUT_KEYS)),

    async list(api) {
      const all = await collect(listed(api, "listSecrets"));
      return all.reverse().map((s) => ({ id: s.secret_id, remote: s }));
    },

    asDeclared: (_id, remote) => ({
      name: remote.name,
      args: { name: remote.name },
      unreadable: [
        {
          path: "value",
          key: "Value",
          secret: true,
          note: "its value is never returned: pulumi config set --secret {key} <value>",
        },
      ],
    }),

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
};

export const secret = defineResource(declaration);
