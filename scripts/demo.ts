/**
 * `make demo`: starts the local emulator (state kept in .demo/ so the demo survives restarts),
 * deploys an example to it (default examples/agent-basic; `make demo EXAMPLE=examples/support-line`),
 * prints its outputs, then deploys again to show that a second run changes nothing.
 *
 * `DIALECT=legacy` (`make demo DIALECT=legacy`) deploys it in the legacy API dialect: the stack's
 * `elevenlabs:apiDialect` config, as a user would set it; the default is the live dialect.
 *
 * Project secrets the example declares in Pulumi.yaml (`secret: true`, e.g. a Twilio token) get
 * demo placeholder values, as `pulumi config set --secret` would give them for real.
 * DEMO_DIR overrides the state folder (tests use a temp dir).
 */
import { basename, join, resolve } from "node:path";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { DEFAULT_API_KEY, startEmulator } from "../emulator";
import { exampleStack, fullConfigKey, REPO_ROOT, readProjectFile } from "./example-runner";

/**
 * The project's own secret config (`secret: true` in Pulumi.yaml's `config:` block), each with a
 * placeholder value. The provider's keys (`elevenlabs:*`) are never declared there; the runner sets
 * them itself.
 */
function demoSecrets(dir: string): ConfigMap {
  const project = readProjectFile(dir);
  const config: ConfigMap = {};
  for (const [key, decl] of Object.entries(project.config)) {
    if (!decl.secret || key.startsWith("elevenlabs:")) continue;
    config[fullConfigKey(project.name, key)] = {
      value: `demo-${key}-not-a-real-secret`,
      secret: true,
    };
  }
  return config;
}

async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? join(REPO_ROOT, "examples", "agent-basic"));
  const dialect = process.env.DIALECT || "live";
  if (dialect !== "live" && dialect !== "legacy")
    throw new Error(`DIALECT must be 'live' or 'legacy', got '${dialect}'`);
  // Each dialect keeps its own state: a stack deployed in one is not moved to the other.
  const demoDir = resolve(
    process.env.DEMO_DIR ?? join(REPO_ROOT, dialect === "live" ? ".demo" : ".demo-legacy"),
  );
  // A request that carries no marker of either dialect is taken as the stack's.
  const emulator = await startEmulator({
    stateFile: join(demoDir, "emulator-state.json"),
    defaultDialect: dialect,
  });
  console.log(`emulator: ${emulator.url} (key ${DEFAULT_API_KEY}, state in ${demoDir}, ${dialect} dialect)`);
  try {
    const stack = await exampleStack({
      dir,
      stackName: "dev",
      stateDir: join(demoDir, "pulumi"),
      baseUrl: emulator.url,
      apiKey: DEFAULT_API_KEY,
      config: { ...demoSecrets(dir), "elevenlabs:apiDialect": { value: dialect } },
    });
    const out = (s: string) => process.stdout.write(s);
    console.log(`\n=== pulumi up (${basename(dir)}) ===`);
    const first = await stack.up({ onOutput: out });
    for (const [k, v] of Object.entries(first.outputs))
      console.log(`output ${k} = ${v.secret ? "[secret]" : v.value}`);
    // The writes tell the dialect spoken (a bare GET of a list looks the same in both).
    const writes = emulator.requests().filter((r) => r.method !== "GET");
    const byDialect = new Map<string, number>();
    for (const r of writes) byDialect.set(r.dialect, (byDialect.get(r.dialect) ?? 0) + 1);
    const counts = [...byDialect].map(([d, n]) => `${n} ${d}`).join(", ");
    console.log(`emulator: ${emulator.requests().length} requests so far, writes: ${counts || "none"}`);
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
