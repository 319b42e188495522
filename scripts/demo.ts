/**
 * `make demo`: starts the local emulator (state kept in .demo/ so the demo survives restarts),
 * deploys examples/agent-basic to it, prints the agent id, then deploys again to show that a second
 * run changes nothing. Pass another example folder as the first argument to run that one instead.
 */
import { join, resolve } from "node:path";
import { DEFAULT_API_KEY, startEmulator } from "../emulator";
import { exampleStack, REPO_ROOT } from "./example-runner";

async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? join(REPO_ROOT, "examples", "agent-basic"));
  const demoDir = join(REPO_ROOT, ".demo");
  const emulator = await startEmulator({ stateFile: join(demoDir, "emulator-state.json") });
  console.log(`emulator: ${emulator.url} (key ${DEFAULT_API_KEY}, state in .demo/)`);
  try {
    const stack = await exampleStack({
      dir,
      stackName: "dev",
      stateDir: join(demoDir, "pulumi"),
      baseUrl: emulator.url,
      apiKey: DEFAULT_API_KEY,
    });
    const out = (s: string) => process.stdout.write(s);
    console.log("\n=== pulumi up ===");
    const first = await stack.up({ onOutput: out });
    for (const [k, v] of Object.entries(first.outputs))
      console.log(`output ${k} = ${v.secret ? "[secret]" : v.value}`);
    console.log("\n=== pulumi up (again: nothing should change) ===");
    const second = await stack.up({ onOutput: out });
    const changed = Object.entries(second.summary.resourceChanges ?? {}).filter(
      ([k, n]) => k !== "same" && n,
    );
    if (changed.length > 0) {
      console.error(`second run changed something: ${JSON.stringify(second.summary.resourceChanges)}`);
      process.exitCode = 1;
    } else {
      console.log(`\nsecond run: no changes (${second.summary.resourceChanges?.same ?? 0} unchanged)`);
    }
  } finally {
    await emulator.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
