/**
 * The one argv/usage/exit helper behind every command of the package. A command declares its flags,
 * its usage text and what it does; this parses argv strictly (unknown flags and positionals are
 * usage errors), answers `--help`, and turns the outcome into an exit status: 0 success, 1 the work
 * failed, 2 a usage error. Errors print as `<command>: <message>` on stderr.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import type { SettingNames } from "../client/http/errors";

/** How the commands take the API key and base URL (error advice names these, not stack config). */
export const CLI_SETTINGS: SettingNames = {
  apiKey: "--api-key <key> or ELEVENLABS_API_KEY",
  baseUrl: "--base-url <url> or ELEVENLABS_BASE_URL",
};

/** Where a command prints, line by line; tests pass their own. */
export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Prints to the process's stdout and stderr. */
export const processIo: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
};

type Options = NonNullable<ParseArgsConfig["options"]>;

/** The parsed flag values of a command with options `O`. */
export type Values<O extends Options> = {
  [K in keyof O]?: O[K] extends { type: "boolean" }
    ? boolean
    : O[K] extends { multiple: true }
      ? string[]
      : string;
};

/** Thrown by a command's `run` for a bad flag value: exit 2 with the usage text. */
export class UsageError extends Error {
  override name = "UsageError";
}

export interface Command<O extends Options> {
  /** The command's name as users type it, e.g. `elevenlabs-export`. */
  name: string;
  /** The help text (first line `Usage: ...`). */
  usage: string;
  /** Its flags (`-h`/`--help` is added). */
  options: O;
  /** Does the work; returns the exit status (0 or 1). Throw {@link UsageError} for a bad flag value. */
  run(values: Values<O>, io: Io): Promise<number>;
}

/**
 * Runs `command` with `argv` (without `node` and the script) and returns the exit status.
 * @param command what to run.
 * @param argv command-line arguments.
 * @param io where to print (default: stdout/stderr).
 */
export async function runCommand<O extends Options>(
  command: Command<O>,
  argv: string[],
  io: Io = processIo,
): Promise<number> {
  let values: Values<O> & { help?: boolean };
  try {
    values = parseArgs({
      args: argv,
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }).values as Values<O> & { help?: boolean };
  } catch (err) {
    io.err(`${command.name}: ${(err as Error).message}\n\n${command.usage}`);
    return 2;
  }
  if (values.help) {
    io.out(command.usage);
    return 0;
  }
  try {
    return await command.run(values, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${command.name}: ${err.message}\n\n${command.usage}`);
      return 2;
    }
    io.err(`${command.name}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

/** Runs `command` with the process's argv when `mod` is the entry point, and sets the exit code. */
export function runAsBin<O extends Options>(command: Command<O>, mod: NodeModule): void {
  if (require.main !== mod) return;
  runCommand(command, process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${command.name}: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
