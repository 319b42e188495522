#!/usr/bin/env node
/**
 * `pulumi-resource-elevenlabs`: the provider plugin the Pulumi engine starts for the `elevenlabs`
 * package (from `PATH`, or from its plugin folder after `pulumi plugin install`). It listens on a
 * loopback port, prints the port on stdout (how the engine learns it), serves until the engine
 * stops it (SIGINT, then SIGKILL after a grace period), and exits cleanly on SIGINT or SIGTERM.
 *
 * Arguments, as the engine passes them: `[--logtostderr] [-v=N] [--tracing <url>] <engine address>`.
 */

/** The oldest Node.js major version the package runs on (`engines` in package.json). */
const MIN_NODE = 22;

/** The engine's address among the plugin's arguments (the flags the engine may add are skipped). */
export function engineAddressOf(args: readonly string[]): string | undefined {
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (a === "--tracing") i++;
    else if (!a.startsWith("-")) rest.push(a);
  }
  return rest[0];
}

/** Checks Node's version, serves, announces the port, and stops on SIGINT or SIGTERM. */
async function runPlugin(): Promise<void> {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < MIN_NODE) {
    process.stderr.write(
      `pulumi-resource-elevenlabs needs Node.js ${MIN_NODE} or later, but ${process.execPath} is ${process.version}. ` +
        "Put Node.js 22 first on PATH (or set PULUMI_ELEVENLABS_NODE for the plugin tarball's launcher).\n",
    );
    process.exit(1);
  }
  // Settings come from the provider's configuration (Configure), then the environment: stack config the
  // engine also passes in PULUMI_CONFIG must not reach an explicit provider that did not ask for it.
  delete process.env.PULUMI_CONFIG;
  // Node keeps the compiled code of what loads from here on between starts (a third of the start-up).
  (require("node:module") as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  // Loaded after the version check, so an old Node fails with the message above.
  const { startPluginServer } = require("./server") as typeof import("./server");
  const server = await startPluginServer({ engineAddress: engineAddressOf(process.argv.slice(2)) });
  const stop = () => {
    const forced = setTimeout(() => process.exit(0), 2000);
    forced.unref();
    void server.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // The engine reads the port from the first line of stdout; the resources load right after.
  process.stdout.write(`${server.port}\n`);
  setImmediate(() => server.warm());
}

/** Runs the plugin, exiting with code 1 and the reason when it cannot start (the bin, the bundle). */
export function start(): void {
  runPlugin().catch((err: unknown) => {
    process.stderr.write(`pulumi-resource-elevenlabs: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}

if (require.main === module) start();
