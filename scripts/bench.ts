/**
 * `make bench`: the package's speed targets, measured by running them (not a timed test). The
 * emulator runs in a process of its own (as the service would be elsewhere), the engine and the
 * provider as users run them.
 *
 * 1. Bulk creates: 45 agents in one `up` under a limit of 30 requests a minute. Prints requests per
 *    create, the answered 429s and the pacing ratio: the `up`'s wall time over the floor the limit
 *    allows for one request per create plus one listing page per 100 objects. Goals: ratio ≤ 1.15,
 *    no 429.
 * 2. The engine loop (create, no-op preview, update, refresh, destroy) of n Agents over the same
 *    loop of n do-nothing dynamic resources, at n=1 and n=40. Goal: ≤ 1.2 at n=40.
 *
 * Exit status 1 when a goal is missed. `BENCH=creates` or `BENCH=loop` runs one part.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Agent } from "../sdk";
import { REPO_ROOT, TestStack } from "../test/helpers/engine";

const KEY = "sk_bench_pulumi_elevenlabs_0123456789";

interface Emu {
  url: string;
  proc: ChildProcess;
  requests(): Promise<{ method: string; route: string; status: number }[]>;
  close(): void;
}

/** Starts `elevenlabs-emulator` (the built one) in a process of its own. */
async function emulator(rateLimit: number): Promise<Emu> {
  const bin = join(REPO_ROOT, "dist", "cli", "elevenlabs-emulator.js");
  const proc = spawn(process.execPath, [bin, "--api-key", KEY, "--rate-limit", String(rateLimit)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    proc.stdout?.once("data", (d: Buffer) => resolve(d.toString().trim()));
    proc.once("exit", (code) => reject(new Error(`the emulator exited (${code})`)));
  });
  const origin = new URL(url).origin;
  return {
    url,
    proc,
    async requests() {
      const res = await fetch(`${origin}/_emulator/requests`);
      return (await res.json()) as { method: string; route: string; status: number }[];
    },
    close: () => proc.kill("SIGTERM"),
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
let missed = 0;
function goal(what: string, ok: boolean): void {
  console.log(`  ${ok ? "ok  " : "MISS"} ${what}`);
  if (!ok) missed++;
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const start = Date.now();
  const r = await f();
  return [r, Date.now() - start];
}

/** 1. Bulk creates under the rate limit. */
async function creates(): Promise<void> {
  const n = 45;
  const limit = 30;
  const emu = await emulator(limit);
  const program = async () => {
    for (let i = 0; i < n; i++)
      new Agent(`bulk-${i}`, {
        name: `Bulk ${i}`,
        conversationConfig: { agent: { firstMessage: `Hi ${i}` } },
      });
  };
  // Waits as a user's would (the tests' helper scales them to 0).
  const stack = await TestStack.create(program, {
    baseUrl: emu.url,
    apiKey: KEY,
    env: { ELEVENLABS_RETRY_DELAY_SCALE: "1" },
  });
  try {
    const [, ms] = await timed(() => stack.up());
    const log = await emu.requests();
    const pages = Math.ceil(n / 100);
    const floorRequests = n + pages;
    // Windows of a minute open at the first request: the last window opens after (windows - 1) minutes.
    const floorMs = (Math.ceil(floorRequests / limit) - 1) * 60_000;
    const refused = log.filter((r) => r.status === 429).length;
    const perCreate = log.length / n;
    const ratio = ms / floorMs;
    console.log(`bulk creates: ${n} agents, limit ${limit}/min`);
    console.log(
      `  up: ${seconds(ms)}; floor ${seconds(floorMs)} (${floorRequests} requests); ratio ${ratio.toFixed(2)}`,
    );
    console.log(`  requests: ${log.length} (${perCreate.toFixed(2)} per create); answered 429: ${refused}`);
    goal("pacing ratio ≤ 1.15", ratio <= 1.15);
    goal("no answered 429", refused === 0);
    goal(`requests ≤ ${floorRequests}`, log.length <= floorRequests);
    await stack.destroy();
  } finally {
    await stack.dispose();
    emu.close();
  }
}

/** A dynamic resource whose provider does nothing: the engine's own cost of a resource. */
const nothing: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: `n-${Math.random().toString(36).slice(2)}`, outs: inputs };
  },
  async diff(_id, olds, news) {
    return { changes: JSON.stringify(olds.value) !== JSON.stringify(news.value) };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
  async read(id, props) {
    return { id, props };
  },
};
class Nothing extends pulumi.dynamic.Resource {
  constructor(name: string, value: string) {
    super(nothing, name, { value }, undefined, "bench", "Nothing");
  }
}

/** The loop's phases for `declare(i, generation)` resources; wall time per phase. */
async function loop(n: number, declare: (i: number, gen: number) => void, baseUrl: string) {
  let gen = 0;
  const program = async () => {
    for (let i = 0; i < n; i++) declare(i, gen);
  };
  const stack = await TestStack.create(program, { baseUrl, apiKey: KEY });
  try {
    const phases: Record<string, number> = {};
    phases.create = (await timed(() => stack.up()))[1];
    phases.preview = (await timed(() => stack.preview()))[1];
    gen = 1;
    phases.update = (await timed(() => stack.up()))[1];
    phases.refresh = (await timed(() => stack.refresh()))[1];
    phases.destroy = (await timed(() => stack.destroy()))[1];
    return phases;
  } finally {
    await stack.dispose();
  }
}

/** 2. The Agent's loop over a do-nothing resource's loop. */
async function loops(): Promise<void> {
  const emu = await emulator(100_000);
  try {
    // A first stack warms the engine's and the machine's caches; it is not measured.
    await loop(1, (i, gen) => new Nothing(`warm-${i}`, `v${gen}`), emu.url);
    for (const n of [1, 40]) {
      const agent = await loop(
        n,
        (i, gen) =>
          new Agent(`agent-${i}`, {
            name: `Agent ${i}`,
            conversationConfig: { agent: { firstMessage: `Hi ${i}, v${gen}` } },
          }),
        emu.url,
      );
      const none = await loop(n, (i, gen) => new Nothing(`nothing-${i}`, `v${gen}`), emu.url);
      const total = (p: Record<string, number>) => Object.values(p).reduce((a, b) => a + b, 0);
      const ratio = total(agent) / total(none);
      console.log(
        `engine loop, n=${n}: Agent ${seconds(total(agent))}, do-nothing ${seconds(total(none))}, ratio ${ratio.toFixed(2)}`,
      );
      for (const phase of Object.keys(agent))
        console.log(`  ${phase}: ${seconds(agent[phase] ?? 0)} vs ${seconds(none[phase] ?? 0)}`);
      if (n === 40) goal("loop ratio at n=40 ≤ 1.2", ratio <= 1.2);
    }
  } finally {
    emu.close();
  }
}

async function main(): Promise<void> {
  const which = process.env.BENCH ?? "all";
  if (which === "all" || which === "creates") await creates();
  if (which === "all" || which === "loop") await loops();
  if (missed > 0) {
    console.log(`${missed} goal(s) missed`);
    process.exitCode = 1;
  }
}

void main();
