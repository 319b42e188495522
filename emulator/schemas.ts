/**
 * The emulator's own request schemas (zod 4). Objects are strict: unknown fields answer 422
 * `extra_forbidden`. Every leaf of an agent's configuration is nullable: on create null means
 * "not set", on PATCH null removes the stored value so the default shows again.
 */
import { z } from "zod";
import { ValidationError, type ValidationIssue } from "./errors";
import { E164 } from "./util";

export const SUPPORTED_LANGUAGES = [
  "en",
  "es",
  "fr",
  "de",
  "it",
  "pt",
  "pl",
  "nl",
  "sv",
  "da",
  "fi",
  "no",
  "cs",
  "sk",
  "hu",
  "ro",
  "bg",
  "el",
  "tr",
  "ru",
  "uk",
  "ar",
  "hi",
  "ta",
  "id",
  "ms",
  "vi",
  "fil",
  "ja",
  "zh",
  "ko",
  "hr",
] as const;

export const AUDIO_FORMATS = [
  "pcm_8000",
  "pcm_16000",
  "pcm_22050",
  "pcm_24000",
  "pcm_44100",
  "pcm_48000",
  "ulaw_8000",
] as const;

export const TURN_DETECTION_MODES = ["server_vad", "turn_based"] as const;
export const WIDGET_VARIANTS = ["compact", "full", "expanded"] as const;
export const SIP_TRANSPORTS = ["udp", "tcp", "tls"] as const;

const nonBlank = z.string().refine((s) => s.trim().length > 0, { message: "String should not be blank" });
/** Optional and nullable. */
const opt = <T extends z.ZodType>(t: T) => t.nullable().optional();

const knowledgeBaseRef = z.strictObject({
  type: z.enum(["file", "url", "text"]),
  name: z.string(),
  id: nonBlank,
  usage_mode: opt(z.enum(["auto", "prompt"])),
});

const promptSchema = z.strictObject({
  prompt: opt(z.string()),
  llm: opt(nonBlank),
  temperature: opt(z.number().min(0).max(2)),
  max_tokens: opt(z.int().min(-1)),
  tool_ids: opt(z.array(z.string())),
  knowledge_base: opt(z.array(knowledgeBaseRef)),
});

export const conversationConfigSchema = z.strictObject({
  agent: opt(
    z.strictObject({
      prompt: opt(promptSchema),
      first_message: opt(z.string()),
      language: opt(z.enum(SUPPORTED_LANGUAGES)),
    }),
  ),
  tts: opt(
    z.strictObject({
      voice_id: opt(nonBlank),
      model_id: opt(nonBlank),
      stability: opt(z.number().min(0).max(1)),
      similarity_boost: opt(z.number().min(0).max(1)),
      optimize_streaming_latency: opt(z.int().min(0).max(4)),
      speed: opt(z.number().min(0.7).max(1.2)),
      agent_output_audio_format: opt(z.enum(AUDIO_FORMATS)),
    }),
  ),
  stt: opt(z.strictObject({ model: opt(nonBlank) })),
  turn_detection: opt(z.strictObject({ mode: opt(z.enum(TURN_DETECTION_MODES)) })),
  turn: opt(z.strictObject({ turn_timeout: opt(z.number().min(-1).max(300)) })),
  conversation: opt(z.strictObject({ max_duration_seconds: opt(z.int().min(1).max(7200)) })),
});

export const platformSettingsSchema = z.strictObject({
  auth: opt(z.strictObject({ enable_auth: opt(z.boolean()) })),
  widget: opt(z.strictObject({ variant: opt(z.enum(WIDGET_VARIANTS)) })),
});

const tagsSchema = z.array(nonBlank);

export const createAgentSchema = z.strictObject({
  name: nonBlank,
  conversation_config: conversationConfigSchema,
  platform_settings: opt(platformSettingsSchema),
  tags: opt(tagsSchema),
});

export const patchAgentSchema = z.strictObject({
  name: nonBlank.optional(),
  conversation_config: opt(conversationConfigSchema),
  platform_settings: opt(platformSettingsSchema),
  tags: opt(tagsSchema),
});

const e164 = z.string().regex(E164, { message: "String should be an E.164 phone number like +14155550100" });

const twilioConfigSchema = z.strictObject({ account_sid: nonBlank, auth_token: nonBlank });
const sipConfigSchema = z.strictObject({
  address: nonBlank,
  transport: z.enum(SIP_TRANSPORTS),
  username: opt(z.string()),
  password: opt(z.string()),
});

const phoneCommon = { phone_number: e164, label: nonBlank };

export const createTwilioNumberSchema = z.strictObject({
  ...phoneCommon,
  provider: z.literal("twilio"),
  twilio_config: twilioConfigSchema,
});
export const createSipNumberSchema = z.strictObject({
  ...phoneCommon,
  provider: z.literal("sip"),
  sip_config: sipConfigSchema,
});
/** Used only to report errors when `provider` itself is wrong. */
export const createAnyNumberSchema = z.strictObject({
  ...phoneCommon,
  provider: z.enum(["twilio", "sip"]),
  twilio_config: twilioConfigSchema.optional(),
  sip_config: sipConfigSchema.optional(),
});

export const patchPhoneNumberSchema = z.strictObject({
  agent_id: z.string().nullable().optional(),
  label: nonBlank.optional(),
});

export const outboundCallSchema = z.strictObject({
  agent_id: nonBlank,
  agent_phone_number_id: nonBlank,
  to_number: e164,
  conversation_initiation_client_data: z.record(z.string(), z.unknown()).nullable().optional(),
});

export const urlDocumentJsonSchema = z.strictObject({
  name: z.unknown().optional(),
  url: z.unknown().optional(),
});

export const faultSchema = z.strictObject({
  route: z.string().min(1),
  status: z.int().min(100).max(599).optional(),
  body: z.unknown().optional(),
  count: z.int().min(-1).optional(),
  latencyMs: z.number().min(0).max(600_000).optional(),
  drop: z.boolean().optional(),
  apiKey: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
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
