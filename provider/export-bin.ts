#!/usr/bin/env node
/**
 * `elevenlabs-export`: prints a Pulumi TypeScript program that declares what an account holds (its
 * agents with their knowledge documents and phone numbers), each with the `import` option.
 * Warnings (what cannot be exported faithfully) go to stderr. Exit 0 on success, 1 when the account
 * cannot be read, 2 for a usage error.
 *
 *   elevenlabs-export [--search TEXT] [--base-url URL] [--api-key KEY] [--import-from MODULE] > index.ts
 */
import { parseArgs } from "node:util";
import { exportAccount } from "./export";

const USAGE = `Usage: elevenlabs-export [options] > index.ts

Prints a Pulumi program (TypeScript) declaring the account's agents, their knowledge documents and
phone numbers, each adopted with the \`import\` option on the first \`pulumi up\`.

Options:
  --search <text>         only agents whose name contains <text>, with their documents and the
                          numbers assigned to them (unassigned numbers are then left out)
  --base-url <url>        API base URL (default: ELEVENLABS_BASE_URL, then https://api.elevenlabs.io/v1/convai)
  --api-key <key>         API key (default: ELEVENLABS_API_KEY; prefer the variable)
  --import-from <module>  module the program imports the resources from (default: pulumi-elevenlabs)
  -h, --help              show this help

Exit status: 0 success, 1 the account could not be read, 2 usage error.`;

/** Where the bin writes; tests pass their own. */
export interface ExportIo {
  out: (text: string) => void;
  err: (line: string) => void;
}

/**
 * Runs the command with `argv` (without `node` and the script) and returns the exit status.
 * @param argv command-line arguments.
 * @param io where to print (default: stdout/stderr).
 */
export async function main(
  argv: string[],
  io: ExportIo = { out: (t) => process.stdout.write(t), err: (l) => process.stderr.write(`${l}\n`) },
): Promise<number> {
  let values: {
    search?: string;
    "base-url"?: string;
    "api-key"?: string;
    "import-from"?: string;
    help?: boolean;
  };
  try {
    values = parseArgs({
      args: argv,
      options: {
        search: { type: "string" },
        "base-url": { type: "string" },
        "api-key": { type: "string" },
        "import-from": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    io.err(`elevenlabs-export: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  try {
    const r = await exportAccount({
      ...(values.search !== undefined ? { search: values.search } : {}),
      ...(values["base-url"] !== undefined ? { baseUrl: values["base-url"] } : {}),
      ...(values["api-key"] !== undefined ? { apiKey: values["api-key"] } : {}),
      ...(values["import-from"] !== undefined ? { importFrom: values["import-from"] } : {}),
    });
    io.out(r.program);
    for (const w of r.warnings) io.err(`warning: ${w}`);
    return 0;
  } catch (err) {
    io.err(`elevenlabs-export: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`elevenlabs-export: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
