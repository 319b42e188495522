#!/usr/bin/env node
/**
 * `elevenlabs-export`: writes a Pulumi TypeScript program that declares what an account holds
 * (live dialect: agents, the tools, documents and secrets they use, phone numbers; legacy: agents
 * with their documents, phone numbers), each with the `import` option. The program goes to stdout,
 * or atomically to `--out <file>`; warnings (what the program leaves out) go to stderr.
 *
 * Exit status: 0 everything exported, 3 exported with warnings (something was left out), 1 the
 * account could not be read (nothing written), 2 usage error.
 *
 *   elevenlabs-export [--dialect live|legacy] [--search TEXT] [--out FILE] [--keep-defaults] [--include-managed]
 *                     [--base-url URL] [--api-key KEY] [--import-from MODULE]
 */
import { DIALECTS, type Dialect } from "../client/http/settings";
import { CLI_SETTINGS, type Command, type Io, runAsBin, runCommand, UsageError } from "./command";
import { countsText, exportAccount, writeAtomically } from "./export";

/** Exit status when the program was written but leaves something out (see the warnings). */
export const EXIT_LEFT_OUT = 3;

const options = {
  dialect: { type: "string" },
  search: { type: "string" },
  out: { type: "string" },
  "keep-defaults": { type: "boolean" },
  "include-managed": { type: "boolean" },
  "base-url": { type: "string" },
  "api-key": { type: "string" },
  "import-from": { type: "string" },
} as const;

function dialectOf(value: string | undefined): Dialect | undefined {
  if (value === undefined) return undefined;
  if (!(DIALECTS as readonly string[]).includes(value)) {
    throw new UsageError(`--dialect must be one of ${DIALECTS.join(", ")}, got '${value}'`);
  }
  return value as Dialect;
}

export const exportCommand: Command<typeof options> = {
  name: "elevenlabs-export",
  usage: `Usage: elevenlabs-export [options] [--out index.ts]

Writes a Pulumi program (TypeScript) declaring what the account holds, every object adopted with
the \`import\` option on the first \`pulumi up\`. Live dialect: the agents, the tools, documents and
secrets they use, and the phone numbers. Legacy dialect: the agents with their documents, and the
phone numbers. Settings equal to the API description's defaults are left out (--keep-defaults
declares them too); what the program cannot express is left out with a warning on stderr.

Options:
  --dialect <live|legacy> API dialect to read (default: ELEVENLABS_API_DIALECT, then live)
  --search <text>         only agents whose name contains <text>, with what they use and the
                          numbers assigned to them
  --out <file>            write the program to <file> (atomically: a failed export leaves an
                          existing file as it was); default: stdout
  --keep-defaults         also declare settings equal to the service's defaults
  --include-managed       also declare agents another Pulumi stack manages (its pulumi-elevenlabs:
                          tags), with takeOver: true; by default they are left out with a note
  --base-url <url>        API base URL (default: ELEVENLABS_BASE_URL, then https://api.elevenlabs.io/v1/convai)
  --api-key <key>         API key (default: ELEVENLABS_API_KEY; prefer the variable)
  --import-from <module>  module the program imports the resources from (default: pulumi-elevenlabs)
  -h, --help              show this help

Exit status: 0 exported, 3 exported with warnings (something was left out), 1 the account could
not be read (nothing written), 2 usage error.`,
  options,
  async run(values, io) {
    const dialect = dialectOf(values.dialect);
    if (values.out === "") throw new UsageError("--out needs a file name");
    const r = await exportAccount({
      ...(dialect !== undefined ? { dialect } : {}),
      ...(values.search !== undefined ? { search: values.search } : {}),
      ...(values["base-url"] !== undefined ? { baseUrl: values["base-url"] } : {}),
      ...(values["api-key"] !== undefined ? { apiKey: values["api-key"] } : {}),
      ...(values["import-from"] !== undefined ? { importFrom: values["import-from"] } : {}),
      ...(values["keep-defaults"] ? { keepDefaults: true } : {}),
      ...(values["include-managed"] ? { includeManaged: true } : {}),
      settingNames: CLI_SETTINGS,
    });
    if (values.out !== undefined) {
      await writeAtomically(values.out, r.program);
      io.err(`elevenlabs-export: wrote ${values.out} (${r.dialect}): ${countsText(r.counts)}`);
    } else io.out(r.program.replace(/\n$/, ""));
    for (const n of r.notes) io.err(`note: ${n}`);
    for (const w of r.warnings) io.err(`warning: ${w}`);
    return r.warnings.length > 0 ? EXIT_LEFT_OUT : 0;
  },
};

/**
 * Runs the command with `argv` (without `node` and the script) and returns the exit status.
 * @param argv command-line arguments.
 * @param io where to print (default: stdout/stderr).
 */
export const main = (argv: string[], io?: Io): Promise<number> => runCommand(exportCommand, argv, io);

runAsBin(exportCommand, module);
