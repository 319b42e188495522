#!/usr/bin/env node
/**
 * `elevenlabs-emulator`: starts the emulator on loopback. The first line on stdout is the base URL
 * (e.g. http://127.0.0.1:43121/v1/convai); nothing else is printed unless asked for (--help).
 * SIGINT/SIGTERM stop it (exit 0); a usage error exits 2.
 */
import { DEFAULT_API_KEY, type EmulatorOptions, startEmulator } from "../emulator";
import { type Command, type Io, runAsBin, runCommand, UsageError, type Values } from "./command";

const options = {
  port: { type: "string" },
  host: { type: "string" },
  "api-key": { type: "string", multiple: true },
  "read-only-api-key": { type: "string", multiple: true },
  "state-file": { type: "string" },
  "rate-limit": { type: "string" },
  "link-ttl": { type: "string" },
  "audio-interval": { type: "string" },
  "max-file-bytes": { type: "string" },
  "default-dialect": { type: "string" },
  "accept-unknown-fields": { type: "boolean" },
  "rag-index-steps": { type: "string" },
} as const;

const USAGE = `Usage: elevenlabs-emulator [options]

Local emulator of the ElevenLabs Agents Platform API (base path /v1/convai), both dialects.
Prints the base URL as the first line on stdout; SIGINT/SIGTERM stop it.

Options:
  --port N                 port to listen on (default 0 = a free port)
  --host HOST              host to listen on (default 127.0.0.1)
  --api-key KEY            accepted API key, repeatable; each key is its own workspace
                           (default: ${DEFAULT_API_KEY})
  --read-only-api-key KEY  accepted key that may only GET (mutations answer 403), repeatable
  --state-file PATH        JSON state, loaded at start, written after every change
  --rate-limit N           requests per minute per API key (default 100)
  --link-ttl SECONDS       lifetime of signed conversation URLs (default 900)
  --audio-interval MS      pacing of WebSocket audio chunks (default 20)
  --max-file-bytes N       largest knowledge-base upload (default 20971520)
  --default-dialect D      live (default) or legacy: the dialect of requests on shared routes
                           that carry no legacy marker
  --accept-unknown-fields  accept and store request fields the API description does not list
                           (settings newer than it); by default they answer 422 extra_forbidden
  --rag-index-steps N      reads of a new RAG index before it is ready (default 2)
  -h, --help               this text`;

/** The emulator's options from parsed flags; a bad value is a usage error. */
export function emulatorOptions(values: Values<typeof options>): EmulatorOptions {
  const opts: EmulatorOptions = {};
  const int = (flag: string, v: string | undefined, min: number): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${flag} needs an integer >= ${min}`);
    return n;
  };
  const set = <K extends keyof EmulatorOptions>(key: K, v: EmulatorOptions[K] | undefined) => {
    if (v !== undefined) opts[key] = v;
  };
  set("port", int("port", values.port, 0));
  set("host", values.host);
  set("stateFile", values["state-file"]);
  set("rateLimit", int("rate-limit", values["rate-limit"], 1));
  set("linkTtlSeconds", int("link-ttl", values["link-ttl"], 1));
  set("audioChunkIntervalMs", int("audio-interval", values["audio-interval"], 0));
  set("maxFileBytes", int("max-file-bytes", values["max-file-bytes"], 1));
  const dialect = values["default-dialect"];
  if (dialect !== undefined && dialect !== "live" && dialect !== "legacy") {
    throw new UsageError("--default-dialect needs live or legacy");
  }
  set("defaultDialect", dialect);
  if (values["accept-unknown-fields"] === true) opts.acceptUnknownFields = true;
  set("ragIndexSteps", int("rag-index-steps", values["rag-index-steps"], 0));
  if (values["api-key"]?.length) opts.apiKeys = values["api-key"];
  if (values["read-only-api-key"]?.length) opts.readOnlyApiKeys = values["read-only-api-key"];
  return opts;
}

export const emulatorCommand: Command<typeof options> = {
  name: "elevenlabs-emulator",
  usage: USAGE,
  options,
  async run(values, io) {
    const emulator = await startEmulator(emulatorOptions(values));
    io.out(emulator.url);
    // Serve until told to stop.
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await emulator.close();
    return 0;
  },
};

/**
 * Runs the command with `argv` (without `node` and the script) and returns the exit status.
 * @param argv command-line arguments.
 * @param io where to print (default: stdout/stderr).
 */
export const main = (argv: string[], io?: Io): Promise<number> => runCommand(emulatorCommand, argv, io);

runAsBin(emulatorCommand, module);
