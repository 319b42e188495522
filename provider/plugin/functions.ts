/**
 * The package's functions (`elevenlabs:index:getAgent`, `elevenlabs:index:getAgentLink`) as the
 * plugin serves them on Invoke: the implementations and result schemas of `client/functions.ts`,
 * the same ones the TypeScript SDK's wrappers call. Results keep secret what their schema marks
 * secret (a signed URL is a credential).
 */
import { z } from "zod";
import type { ElevenLabsApi } from "../../client/api";
import {
  GetAgentLinkResultSchema,
  GetAgentResultSchema,
  invokeGetAgent,
  invokeGetAgentLink,
} from "../../client/functions";
import type { PlainObject } from "../../client/wire";
import { PACKAGE } from "./resources";

/** A function: its implementation and its result's schema. */
interface Served {
  run(api: ElevenLabsApi, args: PlainObject): Promise<object>;
  result: z.ZodObject;
}

const FUNCTIONS: Readonly<Record<string, Served>> = {
  getAgent: { run: (api, args) => invokeGetAgent(api, args), result: GetAgentResultSchema },
  getAgentLink: {
    run: (api, args) => invokeGetAgentLink(api, args as { agentId: string }),
    result: GetAgentLinkResultSchema,
  },
};

/** The result properties a schema marks `.meta({ secret: true })`. */
function secretKeys(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape as Record<string, z.ZodType>)
    .filter(([, s]) => z.globalRegistry.get(s)?.secret === true)
    .map(([k]) => k);
}

/**
 * Calls the function of token `token` (`elevenlabs:index:<name>`) with `args`; bad arguments throw
 * `InvalidArgumentError` naming the field, before any request.
 */
export async function invokeFunction(
  token: string,
  args: PlainObject,
  api: () => ElevenLabsApi,
): Promise<{ result: PlainObject; secrets: string[] }> {
  const name = token.startsWith(`${PACKAGE}:index:`) ? token.slice(`${PACKAGE}:index:`.length) : "";
  const f = FUNCTIONS[name];
  if (f === undefined)
    throw new Error(
      `unknown function ${token}; this provider serves ${Object.keys(FUNCTIONS)
        .map((n) => `${PACKAGE}:index:${n}`)
        .join(", ")}`,
    );
  const result = (await f.run(api(), args)) as PlainObject;
  return { result, secrets: secretKeys(f.result) };
}
