/**
 * pulumi-elevenlabs as a user installs it: the packed tarball and `@pulumi/pulumi` installed from
 * the npm registry into fresh apps, once with the LOWEST and once with the NEWEST `@pulumi/pulumi`
 * the peer range allows. In each app an Agent is deployed inline through the Automation API against
 * an emulator, a preview changes nothing, and a destroy removes it; the program, the Automation API
 * and the engine's provider process all load their modules from the app (one copy of
 * `@pulumi/pulumi`: a second one nested under the package is what broke every `up` with
 * `Request message serialization failure`). The apps also host the type checks: every entry point
 * under the module resolutions users have (`pulumi new typescript`'s `node`, node16, nodenext,
 * bundler). And a copy of the repository without `dist/` packs to the same files (`prepack`).
 *
 * Slower than the other tests (registry installs, two deployments): about a minute with a warm npm
 * cache on two cores. It prints the tarball's size and file count and each version's timings.
 */
import { execFile } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, sep } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../emulator";
import { REPO_ROOT } from "./helpers/engine"; // also puts the engine and Node 22 on PATH
import {
  compareVersions,
  type InstalledApp,
  installApp,
  pulumiPeerRange,
  TEMPLATE_OPTIONS,
  typecheck,
} from "./helpers/install";
import { cleanCopy, packTarball, type Tarball } from "./helpers/pack";
import { readmeApp } from "./helpers/readme";

const run = promisify(execFile);
const { range, lowest } = pulumiPeerRange();
const VERSIONS = ["lowest", "newest"] as const;
type Which = (typeof VERSIONS)[number];
const API_KEY = "sk_install_test_0123456789abcdef";

/** What `test/helpers/installed-deploy.cjs` prints. */
interface DeployResult {
  pulumiVersion: string;
  pulumiFromApp: string;
  pulumiFromPackage: string;
  provider: string;
  up: Record<string, number>;
  agentId: string;
  preview: Record<string, number>;
  destroy: Record<string, number>;
  deployMs: number;
}

/** Every entry point, each used for something typed, next to a README-style program. */
const PROGRAM_SUBPATHS = `import * as pulumi from "@pulumi/pulumi";
import * as elevenlabs from "pulumi-elevenlabs";
import { ElevenLabsApi } from "pulumi-elevenlabs/client";
import { DEFAULT_API_KEY, startEmulator } from "pulumi-elevenlabs/emulator";
import { configure, handlers } from "pulumi-elevenlabs/provider";

const agent = new elevenlabs.Agent("support", {
  name: "Support Assistant",
  conversationConfig: {
    agent: { prompt: { prompt: "You are helpful." }, firstMessage: "Hi!", language: "en" },
    tts: { voiceId: "21m00Tcm4TlvDq8ikWAM", stability: 0.5 },
  },
  platformSettings: { auth: { enableAuth: true } },
});
export const agentId: pulumi.Output<string> = agent.agentId;
export const link = elevenlabs.getAgentLinkOutput({ agentId: agent.agentId }).signedUrl;

export async function offline(): Promise<number> {
  const emulator = await startEmulator({ port: 0 });
  const api = new ElevenLabsApi({ baseUrl: emulator.url, apiKey: DEFAULT_API_KEY });
  const agents = await api.listAllAgents({});
  await emulator.close();
  return agents.length;
}
export const kinds: string[] = Object.keys(handlers);
export const configureProvider: typeof configure = configure;
`;

/** The examples' programs, as users copy them (each folder's index.ts). */
const EXAMPLE_PROGRAMS = Object.fromEntries(
  ["agent-basic", "environments", "production-agent", "support-line"].map((name) => [
    `${name}/index.ts`,
    readFileSync(join(REPO_ROOT, "examples", name, "index.ts"), "utf8"),
  ]),
);

/**
 * tsconfig variants. "template": the examples, with their own tsconfig.json (what `pulumi new
 * typescript` writes); the subpaths are left out there, as they reach zod's declarations, which
 * need esModuleInterop or skipLibCheck (colinhacks/zod#5160). Then every entry point with the
 * template plus esModuleInterop, and with the Node 16+/bundler resolutions that read `exports`.
 * The first two check every declaration file as the template does (no skipLibCheck: ours, their
 * imports such as `ws`, @pulumi/pulumi's); the other three check how the program's imports resolve
 * and type, with skipLibCheck to keep the test quick (the declarations were just checked).
 */
const README_APP = readmeApp();
const TSCONFIGS: {
  name: string;
  which: Which;
  /** Files by path relative to the project folder. */
  files: Record<string, string>;
  options: Record<string, unknown>;
}[] = [
  { name: "template", which: "newest", files: EXAMPLE_PROGRAMS, options: TEMPLATE_OPTIONS },
  // The README's minimal app, its index.ts with its tsconfig.json, as a newcomer copies them.
  {
    name: "README",
    which: "newest",
    files: { "index.ts": README_APP["index.ts"] ?? "" },
    options: (JSON.parse(README_APP["tsconfig.json"] ?? "{}") as { compilerOptions: Record<string, unknown> })
      .compilerOptions,
  },
  {
    name: "template+esModuleInterop",
    which: "lowest",
    files: { "index.ts": PROGRAM_SUBPATHS },
    options: { ...TEMPLATE_OPTIONS, esModuleInterop: true },
  },
  {
    name: "node16",
    which: "newest",
    files: { "index.ts": PROGRAM_SUBPATHS },
    options: { ...TEMPLATE_OPTIONS, module: "node16", moduleResolution: "node16", skipLibCheck: true },
  },
  {
    name: "nodenext",
    which: "newest",
    files: { "index.ts": PROGRAM_SUBPATHS },
    options: { ...TEMPLATE_OPTIONS, module: "nodenext", moduleResolution: "nodenext", skipLibCheck: true },
  },
  {
    name: "bundler",
    which: "newest",
    files: { "index.ts": PROGRAM_SUBPATHS },
    options: { ...TEMPLATE_OPTIONS, module: "esnext", moduleResolution: "bundler", skipLibCheck: true },
  },
];

/** Like Promise.all, but waits for every promise before throwing the first failure. */
async function settleAll<T extends readonly unknown[]>(
  promises: { [K in keyof T]: Promise<T[K]> },
): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

describe("installed from the registry with the lowest and the newest @pulumi/pulumi of the peer range", () => {
  const root = mkdtempSync(join(tmpdir(), "pulumi-elevenlabs-install-"));
  let tarball: Tarball;
  let cleanTarball: Tarball;
  const apps = {} as Record<Which, InstalledApp>;

  beforeAll(async () => {
    tarball = await packTarball(root); // the tree `make test` built; a rebuild here would race other tests
    const dependency = { "pulumi-elevenlabs": `file:${tarball.path}` };
    const devDependencies = { "@types/node": "^22" }; // as `pulumi new typescript` has
    // Side by side; all settle before any failure is reported (so that nothing writes into the
    // folder afterAll removes).
    const [low, high, clean] = await settleAll([
      installApp(join(root, "lowest"), { "@pulumi/pulumi": lowest, ...dependency }, devDependencies),
      installApp(join(root, "newest"), { "@pulumi/pulumi": range, ...dependency }, devDependencies),
      packTarball(join(root, "clean-pack"), { from: cleanCopy(join(root, "clone")), scripts: true }),
    ] as const);
    apps.lowest = low;
    apps.newest = high;
    cleanTarball = clean;
    const js = tarball.files.filter((f) => f.endsWith(".js")).length;
    console.log(
      `tarball: ${(tarball.size / 1024).toFixed(1)} KiB packed, ${(tarball.unpackedSize / 1024).toFixed(1)} KiB ` +
        `unpacked, ${tarball.files.length} files (${js} .js)\n` +
        VERSIONS.map(
          (w) => `npm install with @pulumi/pulumi ${apps[w].pulumiVersion}: ${seconds(apps[w].installMs)}`,
        ).join("\n"),
    );
  }, 600_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("installs the lowest and the newest version the range allows", () => {
    expect(apps.lowest.pulumiVersion).toBe(lowest);
    const [major] = lowest.split(".");
    expect(apps.newest.pulumiVersion.split(".")[0]).toBe(major);
    expect(compareVersions(apps.newest.pulumiVersion, lowest)).toBeGreaterThanOrEqual(0);
    for (const which of VERSIONS) {
      // No second copy under the package: the program and the package share the app's one.
      expect(
        existsSync(join(apps[which].dir, "node_modules", "pulumi-elevenlabs", "node_modules", "@pulumi")),
      ).toBe(false);
    }
  });

  it("packs the same files from a clean clone: prepack builds dist/", () => {
    expect(cleanTarball.files).toContain("dist/sdk/index.js");
    expect(cleanTarball.files).toEqual(tarball.files);
  });

  // The deployments run side by side, then the type checks side by side (nested suites run in turn).
  describe("deploys", () => {
    it.concurrent.each(VERSIONS)(
      "deploys an Agent with the %s @pulumi/pulumi, previews no changes, destroys",
      async (which) => {
        const app = apps[which];
        copyFileSync(join(REPO_ROOT, "test", "helpers", "installed-deploy.cjs"), join(app.dir, "deploy.cjs"));
        const emulator: Emulator = await startEmulator({ apiKeys: [API_KEY], rateLimit: 100_000 });
        try {
          const env: NodeJS.ProcessEnv = {
            // The app's dynamic-provider launcher first, then Node 22 and the engine.
            PATH: [join(app.dir, "node_modules", "@pulumi", "pulumi"), process.env.PATH].join(delimiter),
            HOME: process.env.HOME,
            TMPDIR: process.env.TMPDIR,
            NODE_PATH: join(app.dir, "node_modules"),
          };
          const { stdout } = await run(
            process.execPath,
            ["deploy.cjs", emulator.url, API_KEY, join(root, `${which}-stack`)],
            { cwd: app.dir, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
          ).catch((err: Error & { stderr?: string }) => {
            throw new Error(
              `deploy with @pulumi/pulumi ${app.pulumiVersion} failed:\n${err.stderr ?? err.message}`,
            );
          });
          const r = JSON.parse(stdout.trim().split("\n").pop() ?? "") as DeployResult;
          console.log(
            `@pulumi/pulumi ${r.pulumiVersion}: install ${seconds(app.installMs)} + up, preview, destroy ` +
              `${seconds(r.deployMs)} = ${seconds(app.installMs + r.deployMs)}`,
          );

          expect(r.pulumiVersion).toBe(app.pulumiVersion);
          const appModules = join(app.dir, "node_modules") + sep;
          expect(r.pulumiFromApp.startsWith(appModules)).toBe(true);
          expect(r.pulumiFromPackage).toBe(r.pulumiFromApp);
          expect(r.provider.startsWith(join(appModules, "pulumi-elevenlabs") + sep)).toBe(true);

          // Two resources: the stack itself and the Agent.
          expect(r.up).toEqual({ create: 2 });
          expect(r.agentId).toMatch(/^agent_/);
          expect(r.preview).toEqual({ same: 2 });
          expect(r.destroy).toEqual({ delete: 2 });
          // What reached the API: one create and one delete of that agent, both answered with success.
          const writes = emulator.requests().filter((q) => q.method !== "GET");
          expect(writes.map((q) => `${q.method} ${q.path}`)).toEqual([
            "POST /agents/create",
            `DELETE /agents/${r.agentId}`,
          ]);
          for (const q of writes) expect(q.status, `${q.method} ${q.path}`).toBeLessThan(300);
        } finally {
          await emulator.close();
        }
      },
      300_000,
    );
  });

  describe("type-checks", () => {
    it.concurrent.each(TSCONFIGS.map((t) => [t.name, t] as const))(
      "type-checks a program importing the package with the %s tsconfig",
      async (name, config) => {
        const app = apps[config.which];
        const dir = join(app.dir, `tsc-${name}`);
        rmSync(dir, { recursive: true, force: true });
        // Inside the app, so that node_modules resolves from the app.
        for (const [file, text] of Object.entries(config.files)) {
          mkdirSync(dirname(join(dir, file)), { recursive: true });
          writeFileSync(join(dir, file), text);
        }
        writeFileSync(
          join(dir, "tsconfig.json"),
          JSON.stringify({ compilerOptions: config.options, files: Object.keys(config.files) }, null, 2),
        );
        const result = await typecheck(dir, "tsconfig.json");
        expect(result.output, `${name} with @pulumi/pulumi ${app.pulumiVersion}`).toBe("");
        expect(result.ok).toBe(true);
        expect(readdirSync(dir)).not.toContain("bin"); // --noEmit
      },
      120_000,
    );
  });
});
