#!/usr/bin/env node
/**
 * `elevenlabs-export`: prints a Pulumi TypeScript program that declares what an account holds (its
 * agents with their knowledge documents and phone numbers), each with the `import` option.
 * Warnings (what cannot be exported faithfully) go to stderr. Exit 0 on success, 1 when the account
 * cannot be read, 2 for a usage error.
 *
 *   elevenlabs-export [--search TEXT] [--base-url URL] [--api-key KEY] [--import-from MODULE] > index.ts
 */
import { type Command, type Io, runAsBin, runCommand } from "./command";
import { exportAccount } from "./export";

const options = {
  search: { type: "string" },
  "base-url": { type: "string" },
  "api-key": { type: "string" },
  "import-from": { type: "string" },
} as const;

export const exportCommand: Command<typeof options> = {
  name: "elevenlabs-export",
  usage: `Usage: elevenlabs-export [options] > index.ts

Prints a Pulumi program (TypeScript) declaring the account's agents, their knowledge documents and
phone numbers, each adopted with the \`import\` option on the first \`pulumi up\`.

Options:
  --search <text>         only agents whose name contains <text>, with their documents and the
                          numbers assigned to them (unassigned numbers are then left out)
  --base-url <url>        API base URL (default: ELEVENLABS_BASE_URL, then https://api.elevenlabs.io/v1/convai)
  --api-key <key>         API key (default: ELEVENLABS_API_KEY; prefer the variable)
  --import-from <module>  module the program imports the resources from (default: pulumi-elevenlabs)
  -h, --help              show this help

Exit status: 0 success, 1 the account could not be read, 2 usage error.`,
  options,
  async run(values, io) {
    const r = await exportAccount({
      ...(values.search !== undefined ? { search: values.search } : {}),
      ...(values["base-url"] !== undefined ? { baseUrl: values["base-url"] } : {}),
      ...(values["api-key"] !== undefined ? { apiKey: values["api-key"] } : {}),
      ...(values["import-from"] !== undefined ? { importFrom: values["import-from"] } : {}),
    });
    io.out(r.program.replace(/\n$/, ""));
    for (const w of r.warnings) io.err(`warning: ${w}`);
    return 0;
  },
};

/**
 * Runs the command with `argv` (without `node` and the script) and returns the exit status.
 * @param argv command-line arguments.
 * @param io where to print (default: stdout/stderr).
 */
export const main = (argv: string[], io?: Io): Promise<number> => runCommand(exportCommand, argv, io);

runAsBin(exportCommand, module);
