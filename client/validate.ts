/**
 * Validation of what callers pass in, before anything is sent: zod issues become messages that
 * name the property as callers write it (`conversationConfig.tts.stability`, `tags[1]`).
 */
import type { z } from "zod";
import { InvalidArgumentError } from "./http/errors";

/** A phone number in E.164 form, e.g. `+14155550123`. */
export const E164 = /^\+[1-9]\d{6,14}$/;

/** Dotted property path as users write it: `conversationConfig.tts.stability`, `tags[1]`. */
export function propertyPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/** One zod issue as a property path and a sentence; unknown keys become one issue each. */
export interface NamedIssue {
  /** The property, e.g. `conversationConfig.tts.stability`; empty for the value as a whole. */
  path: string;
  /** The path segments, for callers that need them. */
  segments: PropertyKey[];
  /** What is wrong, without the path, e.g. `Too big: expected number to be <=1`. */
  message: string;
  /** True for a property the schema does not know. */
  unknownKey: boolean;
}

/** zod's message, except that a missing value reads "required" (with the type it wants). */
function plainMessage(issue: z.core.$ZodIssue): string {
  const missing = /^Invalid input: expected (.+), received undefined$/.exec(issue.message);
  return missing ? `required (expected ${missing[1]})` : issue.message;
}

/** Flattens a zod error into issues that each name one property. */
export function namedIssues(error: z.ZodError): NamedIssue[] {
  return error.issues.flatMap((issue): NamedIssue[] => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((k) => {
        const segments = [...(issue.path as PropertyKey[]), k];
        return { path: propertyPath(segments), segments, message: "unknown property", unknownKey: true };
      });
    }
    const segments = issue.path as PropertyKey[];
    return [{ path: propertyPath(segments), segments, message: plainMessage(issue), unknownKey: false }];
  });
}

/**
 * Validates the arguments of a typed function; a failure throws {@link InvalidArgumentError} naming
 * the field, before anything is sent.
 * @param method the function's name, quoted in the message (e.g. `twilioOutboundCall`).
 * @param schema the zod schema of the arguments.
 * @param value the arguments as given.
 */
export function validateArgs<S extends z.ZodType>(method: string, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = namedIssues(parsed.error).map((i) => {
    const field = i.path || "(arguments)";
    return { field, text: i.unknownKey ? `${field}: unknown argument` : `${field}: ${i.message}` };
  });
  throw new InvalidArgumentError(
    `${method.includes(".") ? method : `ElevenLabsApi.${method}`}: invalid argument ${issues.map((i) => i.text).join("; ")} (nothing was sent)`,
    issues[0]?.field ?? "(arguments)",
  );
}
