/**
 * The dynamic provider objects the engine serializes into each resource's state (`__provider`).
 *
 * They are kept tiny on purpose: each method only loads `pulumi-elevenlabs/provider` by name in the
 * provider process and forwards the call. Nothing is captured but the resource kind, so no
 * credential, client, socket or local module ends up in state; the API key is read at call time
 * from stack config (`configure`) or the environment.
 */
import type * as pulumi from "@pulumi/pulumi";

type Bag = Record<string, unknown>;

/** One provider object per kind: the SDK serializes a provider once per object (a cache by identity). */
const providers = new Map<string, pulumi.dynamic.ResourceProvider>();

/**
 * The serialized provider of resource kind `kind` (a key of `handlers` in
 * `pulumi-elevenlabs/provider`; the generated classes pass their declaration's kind). The same
 * object for every resource of a kind, so a program serializes it once, not once per resource.
 */
export function dynamicProvider(kind: string): pulumi.dynamic.ResourceProvider {
  let provider = providers.get(kind);
  if (provider === undefined) {
    provider = providerOf(kind);
    providers.set(kind, provider);
  }
  return provider;
}

function providerOf(kind: string): pulumi.dynamic.ResourceProvider {
  // `require` is resolved in the provider process at call time and is never serialized.
  const load = () => require("pulumi-elevenlabs/provider");
  return {
    async configure(req: pulumi.dynamic.ConfigureRequest) {
      load().configure(req);
    },
    check: (olds: Bag, news: Bag) => load().handlers[kind].check(olds, news),
    diff: (id: string, olds: Bag, news: Bag) => load().handlers[kind].diff(id, olds, news),
    create: (inputs: Bag) => load().handlers[kind].create(inputs),
    read: (id: string, props: Bag) => load().handlers[kind].read(id, props),
    update: (id: string, olds: Bag, news: Bag) => load().handlers[kind].update(id, olds, news),
    delete: (id: string, props: Bag) => load().handlers[kind].delete(id, props),
  };
}
