/**
 * Secret: a workspace secret (live dialect only) that tools refer to by id, e.g. a webhook's
 * `Authorization` header `{ secretId }`. The value is a Pulumi secret in state and is never
 * returned by the API, so only a change in the program updates it.
 *
 * Order: schemas, wire mapping, the resource (check rules, read, create, refresh, update, delete).
 * API: POST /secrets, GET/PATCH/DELETE /secrets/{secret_id}. Name and value change in place.
 */
import { z } from "zod";
import type { WireSecret } from "../../client/endpoints";
import { liveShapes } from "../../client/generated/live";
import { find, pages } from "../../client/paging";
import { type PlainObject, toWire } from "../../client/wire";
import { SecretArgsSchema } from "../generated/live";
import { client, defineResource, ifFound, liveOnly, type Outputs, pick } from "../kit/resource";

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

export { SecretArgsSchema };

export const SecretOutputsSchema = z.strictObject({
  secretId: z.string().describe("The secret's id, for tools' `{ secretId }` references."),
});

/** Properties whose change replaces the secret (none: name and value change in place). */
export const secretReplaceOnChanges: readonly string[] = [];

// ---------------------------------------------------------------------------------------------
// Wire mapping
// ---------------------------------------------------------------------------------------------

const INPUT_KEYS = ["name", "value"] as const;

type Live = z.infer<typeof WireSecret>;

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
// The resource
// ---------------------------------------------------------------------------------------------

export const secret = defineResource<Live>(
  liveOnly({
    kind: "Secret",
    noun: "secret",
    schema: SecretArgsSchema,
    inputKeys: INPUT_KEYS,
    updatable: "all",
    deleteBeforeReplace: false,
    secretPaths: ["value"],

    read: (id) => ifFound(client().call("getSecret", { params: { secret_id: id } })),

    // The value is never returned: only the name can be compared.
    mismatches: (live, bag) =>
      live.name === bag.name ? [] : [{ path: "name", live: live.name, declared: bag.name }],

    async create(bag) {
      const args = pick(bag, INPUT_KEYS);
      const { secret_id: id } = await client().call("createSecret", {
        json: toWire(args, liveShapes.SecretArgs),
      });
      return { id, outs: outputs(id, args) };
    },

    /** A secret an earlier attempt made: same name, used by nothing yet. */
    async find(bag) {
      const api = client();
      // The list answers a cursor without `has_more`: another page follows while there is a cursor.
      const all = pages("GET /secrets", async (cursor) => {
        const page = await api.call("listSecrets", { query: { cursor } });
        return { items: page.secrets, next_cursor: page.next_cursor, has_more: Boolean(page.next_cursor) };
      });
      const found = await find(
        all,
        (x) => x.name === bag.name && !x.used_by?.tools?.length && !x.used_by?.agents?.length,
      );
      return found && { id: found.secret_id, live: found };
    },

    adopted: (id, bag) => outputs(id, pick(bag, INPUT_KEYS)),

    refresh(id, live, props) {
      // The value cannot be read back: the declared one is kept.
      const args = { ...pick(props, INPUT_KEYS), name: live.name };
      return { inputs: args, outs: outputs(id, args) };
    },

    update: (id, _olds, news) => put(id, news),

    async delete(id) {
      await client().call("deleteSecret", { params: { secret_id: id } });
    },
  }),
);
