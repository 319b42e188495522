/**
 * From an account to code: reads the agents of an account (all, or those whose name matches a
 * search) with their knowledge documents and phone numbers, and writes a Pulumi TypeScript program
 * that declares them, each with the `import` option, so that the first `pulumi up` takes them under
 * management without changing them. The `elevenlabs-export` bin prints it.
 *
 * What cannot be exported faithfully is said in the program and in the warnings:
 * - file documents: the API never gives a file back; they are emitted commented out, to be enabled
 *   once the same file sits next to the program;
 * - credentials (Twilio auth tokens, SIP passwords) are never returned; they become secret config
 *   placeholders (`cfg.requireSecret(...)`) the user sets before the first `pulumi up`.
 */
import { z } from "zod";
import type { WireAgent, WireDocument, WirePhoneNumber } from "../client/endpoints";
import { ElevenLabsClient } from "../client/http/client";
import { isNotFound } from "../client/http/errors";
import { collect, pages } from "../client/paging";
import { E164 } from "../client/validate";
import { isPlainObject, type PlainObject } from "../client/wire";
import { AgentArgsSchema, agentArgsOf } from "../provider/resources/agent";

/** Options of {@link exportAccount}. */
export interface ExportOptions {
  /** A ready client (tests, scripts); otherwise one is built from `baseUrl`/`apiKey` and the environment. */
  client?: ElevenLabsClient;
  baseUrl?: string;
  apiKey?: string;
  /**
   * Only agents whose name contains this (case-insensitive, as `GET /agents?search=` matches), with
   * their documents and the numbers assigned to them; unassigned numbers are then left out.
   */
  search?: string;
  /** The module the program imports the resources from (default `pulumi-elevenlabs`). */
  importFrom?: string;
}

/** What {@link exportAccount} produced. */
export interface ExportResult {
  /** The program (index.ts). */
  program: string;
  /** What could not be exported faithfully, one sentence each (the bin prints them on stderr). */
  warnings: string[];
  /** Objects declared (adopted on the first `pulumi up`) and left commented out. */
  counts: { agents: number; documents: number; phoneNumbers: number; commentedOut: number };
  /** Secret config keys the program requires (set with `pulumi config set --secret`). */
  secrets: string[];
}

// ---------------------------------------------------------------------------------------------
// What is read
// ---------------------------------------------------------------------------------------------

type Doc = z.infer<typeof WireDocument>;
type Num = z.infer<typeof WirePhoneNumber>;

const PAGE_SIZE = 100;

function listAgents(api: ElevenLabsClient, search: string | undefined) {
  return collect(
    pages("GET /agents", async (cursor) => {
      const page = await api.call("listAgents", { query: { page_size: PAGE_SIZE, search, cursor } });
      return { ...page, items: page.agents };
    }),
  );
}

function listDocuments(api: ElevenLabsClient, agentId: string): Promise<Doc[]> {
  return collect(
    pages("GET /agents/{agent_id}/knowledge-base", async (cursor) => {
      const page = await api.call("listKnowledgeDocuments", {
        params: { agent_id: agentId },
        query: { page_size: PAGE_SIZE, cursor },
      });
      return { ...page, items: page.documents };
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// From live objects to declarations
// ---------------------------------------------------------------------------------------------

/** The part of `value` that `schema` declares (objects walked key by key; nulls and empties left out). */
function projectOnSchema(schema: z.ZodType, value: unknown): unknown {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  if (value === null || value === undefined) return undefined;
  if (s instanceof z.ZodObject) {
    if (!isPlainObject(value)) return undefined;
    const out: PlainObject = {};
    for (const [k, sub] of Object.entries(s.shape as Record<string, z.ZodType>)) {
      const v = projectOnSchema(sub, value[k]);
      if (v !== undefined) out[k] = v;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  if (Array.isArray(value) && value.length === 0) return undefined;
  return value;
}

function deletePath(obj: PlainObject, path: readonly PropertyKey[]): void {
  const [head, ...rest] = path;
  if (head === undefined || !isPlainObject(obj)) return;
  const key = String(head);
  if (rest.length === 0 || typeof rest[0] === "number") {
    delete obj[key];
    return;
  }
  const next = obj[key];
  if (isPlainObject(next)) {
    deletePath(next, rest);
    if (Object.keys(next).length === 0) delete obj[key];
  }
}

/** The agent's declarable arguments; values the Args schema refuses are dropped with a warning. */
function agentArgs(live: z.infer<typeof WireAgent>, warnings: string[]): PlainObject {
  const camel = agentArgsOf(live);
  const args = (projectOnSchema(AgentArgsSchema, camel) ?? {}) as PlainObject;
  args.conversationConfig ??= {};
  for (let i = 0; i < 10; i++) {
    const parsed = AgentArgsSchema.safeParse(args);
    if (parsed.success) break;
    for (const issue of parsed.error.issues) {
      warnings.push(
        `agent ${live.agent_id}: left out ${issue.path.join(".")} (${issue.message}); it stays as it is in the account`,
      );
      deletePath(args, issue.path);
    }
  }
  return args;
}

// ---------------------------------------------------------------------------------------------
// Writing TypeScript
// ---------------------------------------------------------------------------------------------

/** Marks a value to be written as code rather than as a literal. */
class Code {
  constructor(readonly text: string) {}
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await pulumi elevenlabs cfg"
  ).split(" "),
);

function literal(v: unknown, indent: string): string {
  if (v instanceof Code) return v.text;
  if (Array.isArray(v)) return `[${v.map((x) => literal(x, indent)).join(", ")}]`;
  if (isPlainObject(v)) {
    const inner = `${indent}  `;
    const entries = Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${inner}${IDENT.test(k) ? k : JSON.stringify(k)}: ${literal(x, inner)},`);
    return entries.length === 0 ? "{}" : `{\n${entries.join("\n")}\n${indent}}`;
  }
  return JSON.stringify(v);
}

function words(s: string): string[] {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

/** Unique names: a kebab-case resource name and a camelCase variable per object. */
class Names {
  private readonly used = new Set<string>();
  take(base: string[], fallback: string): { resource: string; variable: string } {
    const w = base.length > 0 ? base : [fallback];
    const kebab = w.map((x) => x.toLowerCase()).join("-");
    let camel = w
      .map((x, i) => (i === 0 ? x.toLowerCase() : x[0]?.toUpperCase() + x.slice(1).toLowerCase()))
      .join("");
    if (!/^[A-Za-z_$]/.test(camel)) camel = `_${camel}`;
    let n = 1;
    let resource = kebab;
    let variable = camel;
    while (this.used.has(variable) || RESERVED.has(variable)) {
      n++;
      resource = `${kebab}-${n}`;
      variable = `${camel}${n}`;
    }
    this.used.add(variable);
    return { resource, variable };
  }
}

function declaration(
  variable: string | undefined,
  kind: string,
  resource: string,
  args: PlainObject,
  importId: string,
): string {
  const head = variable ? `const ${variable} = ` : "";
  return `${head}new elevenlabs.${kind}(\n  ${JSON.stringify(resource)},\n  ${literal(args, "  ")},\n  { import: ${JSON.stringify(importId)} },\n);`;
}

const comment = (text: string) => text.replace(/^/gm, "// ");

// ---------------------------------------------------------------------------------------------
// The export
// ---------------------------------------------------------------------------------------------

/**
 * Reads the account and writes the program. Throws the client's errors (authentication, network).
 * @param options where to read from, which agents, and the module to import from.
 */
export async function exportAccount(options: ExportOptions = {}): Promise<ExportResult> {
  const api =
    options.client ??
    new ElevenLabsClient({
      ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
      ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
    });
  const search = options.search === "" ? undefined : options.search;
  const warnings: string[] = [];
  const secrets: string[] = [];
  const names = new Names();
  const counts = { agents: 0, documents: 0, phoneNumbers: 0, commentedOut: 0 };
  const blocks: string[] = [];
  const outputs: string[] = [];

  // Oldest first, so that a program exported twice from the same account reads the same.
  const summaries = (await listAgents(api, search)).reverse();
  const agentVars = new Map<string, string>();
  for (const s of summaries) {
    let live: z.infer<typeof WireAgent>;
    try {
      live = await api.call("getAgent", { params: { agent_id: s.agent_id } });
    } catch (err) {
      if (isNotFound(err)) continue; // deleted while we read
      throw err;
    }
    const n = names.take(words(live.name), "agent");
    agentVars.set(live.agent_id, n.variable);
    blocks.push(
      `// Agent ${JSON.stringify(live.name)} (${live.agent_id})\n` +
        declaration(n.variable, "Agent", n.resource, agentArgs(live, warnings), live.agent_id),
    );
    outputs.push(`export const ${n.variable}Id = ${n.variable}.agentId;`);
    counts.agents++;

    for (const doc of (await listDocuments(api, live.agent_id)).reverse()) {
      const d = names.take([...words(live.name), ...words(doc.name)], "document");
      const type = doc.type ?? (doc.url ? "url" : "file");
      if (type === "url" && doc.url) {
        const args = { agentId: new Code(`${n.variable}.agentId`), name: doc.name, url: doc.url };
        blocks.push(
          `// Document ${JSON.stringify(doc.name)} (${doc.id}) of ${live.name}\n${declaration(undefined, "KnowledgeDocument", d.resource, args, doc.id)}`,
        );
        counts.documents++;
        continue;
      }
      // A file (or text) document: the API never gives its content back.
      const file = doc.file_name ?? `${d.resource}.pdf`;
      const args = { agentId: new Code(`${n.variable}.agentId`), name: doc.name, filePath: `./${file}` };
      blocks.push(
        `// Document ${JSON.stringify(doc.name)} (${doc.id}) of ${live.name} is a ${type} document: the API cannot\n` +
          `// give its content back, so it cannot be exported. To adopt it, put the same file next to this\n` +
          `// program as ./${file} (the provider checks the name and, where the service reports it, the size;\n` +
          `// the content itself is assumed to match) and uncomment:\n` +
          comment(declaration(undefined, "KnowledgeDocument", d.resource, args, doc.id)),
      );
      warnings.push(
        `document ${doc.id} (${JSON.stringify(doc.name)}, agent ${live.agent_id}) is a ${type} document; its content cannot be read back, so it is emitted commented out`,
      );
      counts.commentedOut++;
    }
  }

  const numbers = await api.call("listPhoneNumbers");
  for (const listed of [...numbers].reverse()) {
    const assigned = listed.assigned_agent?.agent_id;
    if (assigned === undefined ? search !== undefined : !agentVars.has(assigned)) continue;
    let live: Num;
    try {
      live = await api.call("getPhoneNumber", { params: { phone_number_id: listed.phone_number_id } });
    } catch (err) {
      if (isNotFound(err)) continue;
      throw err;
    }
    const label = live.label ?? live.phone_number;
    const n = names.take(words(label), "phone-number");
    const args: PlainObject = { provider: live.provider, phoneNumber: live.phone_number, label };
    const notes: string[] = [];
    if (live.provider === "twilio") {
      const key = `${n.variable}TwilioAuthToken`;
      secrets.push(key);
      args.twilioConfig = {
        accountSid: live.twilio_config?.account_sid ?? "AC_TODO",
        authToken: new Code(`cfg.requireSecret(${JSON.stringify(key)})`),
      };
      notes.push(`the Twilio auth token is never returned: pulumi config set --secret ${key} <token>`);
    } else if (live.provider === "sip") {
      const sip = live.sip_config ?? {};
      const conf: PlainObject = { address: sip.address ?? "TODO", transport: sip.transport ?? "tls" };
      if (sip.username) conf.username = sip.username;
      if (sip.has_credentials) {
        const key = `${n.variable}SipPassword`;
        secrets.push(key);
        conf.password = new Code(`cfg.requireSecret(${JSON.stringify(key)})`);
        notes.push(`the SIP password is never returned: pulumi config set --secret ${key} <password>`);
      }
      args.sipConfig = conf;
    } else {
      warnings.push(
        `phone number ${live.phone_number_id}: provider '${live.provider}' is not supported; left out`,
      );
      continue;
    }
    if (assigned !== undefined) args.agentId = new Code(`${agentVars.get(assigned)}.agentId`);
    if (!E164.test(live.phone_number))
      warnings.push(
        `phone number ${live.phone_number_id}: '${live.phone_number}' is not in E.164 form; fix it in the program`,
      );
    notes.push(
      "the provider cannot verify credentials: it assumes the ones you set are those the service holds",
    );
    blocks.push(
      [
        `// Phone number ${live.phone_number} (${live.phone_number_id})`,
        ...notes.map((x) => `// Note: ${x}.`),
        declaration(undefined, "PhoneNumber", n.resource, args, live.phone_number_id),
      ].join("\n"),
    );
    counts.phoneNumbers++;
  }

  const importFrom = options.importFrom ?? "pulumi-elevenlabs";
  const header = [
    `// Generated by elevenlabs-export${search !== undefined ? ` (--search ${JSON.stringify(search)})` : ""}: ` +
      `${counts.agents} agent(s), ${counts.documents} document(s), ${counts.phoneNumbers} phone number(s)` +
      `${counts.commentedOut > 0 ? `, ${counts.commentedOut} commented out` : ""}.`,
    "// Every object is adopted with the `import` option: the first `pulumi up` takes it under management",
    "// with reads only, and fails (naming the field) if the account no longer matches this program.",
    "// Once adopted, the `import` options may be removed; from then on, this program is the truth.",
    ...(secrets.length > 0
      ? [
          "// Before the first `pulumi up`, set the credentials the API never returns:",
          ...secrets.map((k) => `//   pulumi config set --secret ${k} <value>`),
        ]
      : []),
  ];
  const imports = [
    ...(secrets.length > 0 ? ['import * as pulumi from "@pulumi/pulumi";'] : []),
    `import * as elevenlabs from ${JSON.stringify(importFrom)};`,
  ];
  const program = [
    header.join("\n"),
    "",
    imports.join("\n"),
    ...(secrets.length > 0 ? ["", "const cfg = new pulumi.Config();"] : []),
    ...blocks.flatMap((b) => ["", b]),
    ...(outputs.length > 0 ? ["", ...outputs] : []),
    "",
  ].join("\n");
  if (counts.agents === 0 && counts.phoneNumbers === 0) {
    warnings.push(
      search !== undefined
        ? `no agent matches ${JSON.stringify(search)}`
        : "the account holds no agents or phone numbers",
    );
  }
  return { program, warnings, counts, secrets };
}
