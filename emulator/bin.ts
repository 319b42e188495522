#!/usr/bin/env node
/**
 * elevenlabs-emulator: start the emulator on loopback. The first line on stdout is the base URL
 * (e.g. http://127.0.0.1:43121/v1/convai); nothing else is printed unless asked for (--help).
 */
import { startEmulator } from "./server";
import { DEFAULT_API_KEY, type EmulatorOptions } from "./types";

const USAGE = `Usage: elevenlabs-emulator [options]

Local emulator of the ElevenLabs Agents Platform API (base path /v1/convai).
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
  -h, --help               this text
`;

/** The options a command line asks for, or "help"; throws on a bad flag or value. */
export function parseArgs(argv: string[]): EmulatorOptions | "help" {
  const opts: EmulatorOptions = {};
  const keys: string[] = [];
  const readOnly: string[] = [];
  const int = (flag: string, v: string | undefined, min: number): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min)
      throw new Error(`${flag} needs an integer >= ${min}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const eq = arg.indexOf("=");
    const flag = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string | undefined => (arg.startsWith("--") && eq > 0 ? arg.slice(eq + 1) : argv[++i]);
    const str = (): string => {
      const v = value();
      if (v === undefined || v === "") throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "-h":
      case "--help":
        return "help";
      case "--port":
        opts.port = int(flag, value(), 0);
        break;
      case "--host":
        opts.host = str();
        break;
      case "--api-key":
        keys.push(str());
        break;
      case "--read-only-api-key":
        readOnly.push(str());
        break;
      case "--state-file":
        opts.stateFile = str();
        break;
      case "--rate-limit":
        opts.rateLimit = int(flag, value(), 1);
        break;
      case "--link-ttl":
        opts.linkTtlSeconds = int(flag, value(), 1);
        break;
      case "--audio-interval":
        opts.audioChunkIntervalMs = int(flag, value(), 0);
        break;
      case "--max-file-bytes":
        opts.maxFileBytes = int(flag, value(), 1);
        break;
      case "--default-dialect": {
        const d = str();
        if (d !== "live" && d !== "legacy") throw new Error(`${flag} needs live or legacy`);
        opts.defaultDialect = d;
        break;
      }
      default:
        throw new Error(`unknown option ${arg}`);
    }
  }
  if (keys.length > 0) opts.apiKeys = keys;
  if (readOnly.length > 0) opts.readOnlyApiKeys = readOnly;
  return opts;
}

async function main(): Promise<void> {
  let opts: EmulatorOptions | "help";
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`elevenlabs-emulator: ${(e as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (opts === "help") {
    process.stdout.write(USAGE);
    return;
  }
  const emulator = await startEmulator(opts);
  process.stdout.write(`${emulator.url}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`elevenlabs-emulator: ${(e as Error).message}\n`);
    process.exit(1);
  });
}
