/**
 * `make bench-plugin`: the same 40-agent loop through the provider plugin and through the dynamic
 * provider, side by side, against one local emulator (no rate limit, no waits): create 40 agents,
 * a preview that finds nothing to do, an update of all 40, a refresh, a destroy. Both run as inline
 * TypeScript programs through the Automation API, so that only the provider differs: the plugin's
 * resources are declared by type token (`elevenlabs:index:Agent`), the dynamic ones with the SDK's
 * `Agent`. Prints seconds per step and the ratio (dynamic / plugin; above 1: the plugin is faster).
 *
 * Usage: tsx scripts/bench-plugin.ts [--agents 40]
 */
import * as pulumi from "@pulumi/pulumi";
import { startEmulator } from "../emulator";
import { Agent } from "../sdk";
import { TestStack } from "../test/helpers/engine";
import { pluginPath } from "../test/helpers/plugin";

const KEY = "sk_bench_key_0123456789abcdef";
const STEPS = ["create", "no-op preview", "update all", "refresh", "destroy"] as const;

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** An agent served by the plugin: the resource by its type token, as every other language declares it. */
class PluginAgent extends pulumi.CustomResource {
  constructor(name: string, args: Record<string, unknown>) {
    super("elevenlabs:index:Agent", name, { ...args, agentId: undefined });
  }
}

/** The program: `count` agents whose first message carries `round`. */
function program(via: "plugin" | "dynamic", count: number, state: { round: number }) {
  return async () => {
    for (let i = 0; i < count; i++) {
      const args = {
        name: `Bench Agent ${i}`,
        conversationConfig: {
          agent: { firstMessage: `Hello (round ${state.round})`, language: "en" as const },
        },
      };
      if (via === "dynamic") new Agent(`agent-${i}`, args);
      else new PluginAgent(`agent-${i}`, args);
    }
  };
}

/** Seconds per step of the loop through `via`. */
async function loop(via: "plugin" | "dynamic", count: number, baseUrl: string): Promise<number[]> {
  const state = { round: 1 };
  const stack = await TestStack.create(program(via, count, state), {
    baseUrl,
    apiKey: KEY,
    projectName: `bench-${via}`,
    env: { PATH: pluginPath() },
  });
  const times: number[] = [];
  const timed = async (f: () => Promise<unknown>) => {
    const t = performance.now();
    await f();
    times.push((performance.now() - t) / 1000);
  };
  try {
    await timed(() => stack.up());
    await timed(async () => {
      const r = await stack.preview();
      if (Object.keys(r.changes).length > 0)
        throw new Error(`${via}: the no-op preview found ${JSON.stringify(r.changes)}`);
    });
    state.round = 2;
    await timed(() => stack.up());
    await timed(() => stack.refresh());
    await timed(() => stack.destroy());
  } finally {
    await stack.dispose();
  }
  return times;
}

async function main(): Promise<void> {
  const count = flag("agents", 40);
  const emu = await startEmulator({ apiKeys: [KEY], rateLimit: 1_000_000 });
  try {
    // One run of each first, so that neither pays for cold caches alone.
    const plugin = await loop("plugin", count, emu.url);
    const dynamic = await loop("dynamic", count, emu.url);
    const pad = (s: string, n: number) => s.padEnd(n);
    console.log(`\n${count} agents, seconds per step\n`);
    console.log(`${pad("step", 16)}${pad("plugin", 10)}${pad("dynamic", 10)}dynamic/plugin`);
    STEPS.forEach((step, i) => {
      const p = plugin[i] ?? 0;
      const d = dynamic[i] ?? 0;
      console.log(`${pad(step, 16)}${pad(p.toFixed(1), 10)}${pad(d.toFixed(1), 10)}${(d / p).toFixed(2)}`);
    });
    const tp = plugin.reduce((a, b) => a + b, 0);
    const td = dynamic.reduce((a, b) => a + b, 0);
    console.log(
      `${pad("total", 16)}${pad(tp.toFixed(1), 10)}${pad(td.toFixed(1), 10)}${(td / tp).toFixed(2)}`,
    );
    console.log(
      `\nratio (dynamic / plugin): ${(td / tp).toFixed(2)}: the plugin is ${td >= tp ? "not slower" : "SLOWER"}`,
    );
    if (td < tp) process.exitCode = 1;
  } finally {
    await emu.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
