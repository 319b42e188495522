/**
 * The schema of the emulator's own control input (faults), in zod 4, and the conversion of zod
 * issues to the wire's 422 shape. API request bodies are validated from the API descriptions
 * instead (see validate.ts and spec/).
 */
import { z } from "zod";
import { ValidationError, type ValidationIssue } from "./errors";

/** A Fault (see types.ts); random mode (`rate`) takes `seed` and `kinds`, the others do not. */
export const faultSchema = z
  .strictObject({
    route: z.string().min(1),
    status: z.int().min(100).max(599).optional(),
    body: z.unknown().optional(),
    count: z.int().min(-1).optional(),
    latencyMs: z.number().min(0).max(600_000).optional(),
    drop: z.boolean().optional(),
    dropAfter: z.boolean().optional(),
    rate: z.number().min(0).max(1).optional(),
    seed: z.int().optional(),
    kinds: z
      .array(z.union([z.int().min(100).max(599), z.literal("drop"), z.literal("dropAfter")]))
      .min(1)
      .optional(),
    apiKey: z.string().optional(),
    headers: z.record(z.string(), z.string()).optional(),
  })
  .refine((f) => f.rate !== undefined || (f.seed === undefined && f.kinds === undefined), {
    message: "seed and kinds belong to a random fault (give rate)",
    path: ["rate"],
  })
  .refine((f) => f.rate === undefined || (f.status === undefined && !f.drop && !f.dropAfter), {
    message: "a random fault draws its kinds; do not combine rate with status, drop or dropAfter",
    path: ["rate"],
  });

// ---------------------------------------------------------------------------------------------
// zod issues -> 422 detail (FastAPI / pydantic style)

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

const TYPE_NAMES: Record<string, string> = {
  string: "a valid string",
  number: "a valid number",
  int: "a valid integer",
  boolean: "a valid boolean",
  array: "a valid list",
  object: "a valid dictionary",
  record: "a valid dictionary",
};

type Issue = z.core.$ZodIssue;

function convertIssue(issue: Issue, input: unknown, prefix: (string | number)[]): ValidationIssue[] {
  const path = issue.path.map((p) => (typeof p === "number" ? p : String(p)));
  const loc = [...prefix, ...path];
  switch (issue.code) {
    case "invalid_type": {
      if (valueAt(input, issue.path) === undefined) return [{ loc, msg: "Field required", type: "missing" }];
      const expected = String(issue.expected);
      return [
        {
          loc,
          msg: `Input should be ${TYPE_NAMES[expected] ?? `of type ${expected}`}`,
          type: expected === "object" || expected === "record" ? "dict_type" : `${expected}_type`,
        },
      ];
    }
    case "unrecognized_keys":
      return issue.keys.map((k) => ({
        loc: [...loc, k],
        msg: "Extra inputs are not permitted",
        type: "extra_forbidden",
      }));
    case "too_small":
      if (issue.origin === "string")
        return [
          { loc, msg: `String should have at least ${issue.minimum} characters`, type: "string_too_short" },
        ];
      if (issue.origin === "array")
        return [{ loc, msg: `List should have at least ${issue.minimum} items`, type: "too_short" }];
      return issue.inclusive === false
        ? [{ loc, msg: `Input should be greater than ${issue.minimum}`, type: "greater_than" }]
        : [
            {
              loc,
              msg: `Input should be greater than or equal to ${issue.minimum}`,
              type: "greater_than_equal",
            },
          ];
    case "too_big":
      if (issue.origin === "string")
        return [
          { loc, msg: `String should have at most ${issue.maximum} characters`, type: "string_too_long" },
        ];
      if (issue.origin === "array")
        return [{ loc, msg: `List should have at most ${issue.maximum} items`, type: "too_long" }];
      return issue.inclusive === false
        ? [{ loc, msg: `Input should be less than ${issue.maximum}`, type: "less_than" }]
        : [{ loc, msg: `Input should be less than or equal to ${issue.maximum}`, type: "less_than_equal" }];
    case "invalid_value": {
      const values = issue.values.map((v) => JSON.stringify(v)).join(", ");
      return [
        {
          loc,
          msg: issue.values.length === 1 ? `Input should be ${values}` : `Input should be one of ${values}`,
          type: issue.values.length === 1 ? "literal_error" : "enum",
        },
      ];
    }
    case "invalid_format":
      return [
        {
          loc,
          msg: issue.message,
          type: issue.format === "regex" ? "string_pattern_mismatch" : "value_error",
        },
      ];
    case "invalid_union": {
      const first = issue.errors[0];
      if (first && first.length > 0)
        return first.flatMap((i) => convertIssue(i, valueAt(input, issue.path), loc));
      return [{ loc, msg: issue.message, type: "union_error" }];
    }
    default:
      return [{ loc, msg: issue.message, type: "value_error" }];
  }
}

/** zod issues as the wire's 422 issues, locs prefixed. */
export function zodToIssues(
  error: z.ZodError,
  input: unknown,
  prefix: (string | number)[],
): ValidationIssue[] {
  return error.issues.flatMap((i) => convertIssue(i, input, prefix));
}

/** Parse `input` or throw a 422 ValidationError whose locs start with `prefix`. */
export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  input: unknown,
  prefix: (string | number)[] = ["body"],
): z.output<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new ValidationError(zodToIssues(r.error, input, prefix));
}
