/**
 * What every resource file shares: the handler shape the serialized provider calls, turning zod
 * issues into check failures that name the property, and a client built at call time.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { z } from "zod";
import { ElevenLabsClient } from "./client/client";
import { prune, unknownPaths } from "./converge";
import type { PlainObject } from "./wire";

export type Inputs = PlainObject;
export type Outputs = PlainObject;

/** The CRUD surface of one resource kind, called by the serialized provider in `sdk/`. */
export interface ResourceHandler {
  check(olds: Inputs, news: Inputs): Promise<dynamic.CheckResult>;
  diff(id: string, olds: Outputs, news: Inputs): Promise<dynamic.DiffResult>;
  create(inputs: Inputs): Promise<dynamic.CreateResult>;
  read(id: string, props: Outputs): Promise<dynamic.ReadResult>;
  update(id: string, olds: Outputs, news: Inputs): Promise<dynamic.UpdateResult>;
  delete(id: string, props: Outputs): Promise<void>;
}

/**
 * Wraps a resource's handler so that what goes back to the engine is well-formed: property bags are
 * sent as protobuf Structs, which cannot hold `undefined`, so absent values are dropped here, once.
 */
export function defineResource(handler: ResourceHandler): ResourceHandler {
  return {
    ...handler,
    async check(olds, news) {
      const r = await handler.check(olds, news);
      return { ...r, inputs: r.inputs && prune(r.inputs) };
    },
    async create(inputs) {
      const r = await handler.create(inputs);
      return { ...r, outs: r.outs && prune(r.outs) };
    },
    async read(id, props) {
      const r = await handler.read(id, props);
      return { ...r, props: r.props && prune(r.props), inputs: r.inputs && prune(r.inputs) };
    },
    async update(id, olds, news) {
      const r = await handler.update(id, olds, news);
      return { ...r, outs: r.outs && prune(r.outs) };
    },
  };
}

/** A client for this call, with settings read now (stack config from `configure`, then env). */
export function client(): ElevenLabsClient {
  return new ElevenLabsClient();
}

/** Dotted property path as users write it: `conversationConfig.tts.stability`, `tags[1]`. */
export function propertyPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/**
 * Validates `news` with `schema`. Every failure names its property; values the engine does not know
 * yet (preview of dependent resources) are not judged. Returns the inputs unchanged on success.
 */
export function checkInputs(schema: z.ZodType, news: Inputs): dynamic.CheckResult {
  const unknown = unknownPaths(news);
  const parsed = schema.safeParse(news);
  if (parsed.success) return { inputs: news };
  const failures: dynamic.CheckFailure[] = [];
  for (const issue of parsed.error.issues) {
    const keys =
      issue.code === "unrecognized_keys"
        ? issue.keys.map((k) => [...issue.path, k])
        : [issue.path as PropertyKey[]];
    for (const path of keys) {
      const property = propertyPath(path);
      if (unknown.some((u) => property === u || property.startsWith(`${u}.`) || u.startsWith(`${property}.`)))
        continue;
      const reason =
        issue.code === "unrecognized_keys"
          ? `unknown property '${property}'`
          : `${property}: ${issue.message}`;
      failures.push({ property: property || "(inputs)", reason });
    }
  }
  return failures.length > 0 ? { inputs: news, failures } : { inputs: news };
}
