import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Three projects, so that a run builds `dist/` only when it needs it:
 * - `unit`: unit tests beside the code and emulator tests; they import TypeScript sources directly;
 * - `engine`: the real Pulumi engine, whose provider process loads the compiled `dist/provider`;
 * - `packaging`: the package as built (tarball, entry points, the compiled bins).
 * Vitest runs a project's global setup only when the run selects a file of that project, so
 * `vitest run --project unit` (make test-unit) never compiles, and `vitest run test/x.engine.test.ts`
 * builds first when `dist/` is stale or absent (test/global-setup.ts).
 */
const ENGINE = ["test/**/*.engine.test.ts"];
const PACKAGING = ["test/package.test.ts", "**/*.packaging.test.ts"];
const ALL = [
  "client/**/*.test.ts",
  "provider/**/*.test.ts",
  "sdk/**/*.test.ts",
  "cli/**/*.test.ts",
  "codegen/**/*.test.ts",
  "emulator/**/*.test.ts",
  "test/**/*.test.ts",
];

const ROOT = fileURLToPath(new URL(".", import.meta.url));

/**
 * Processes that engine tests start (the provider process of every engine operation, tsx scripts)
 * share Node's on-disk compile cache; test/helpers/compile-cache.cjs writes it.
 */
const COMPILE_CACHE = {
  NODE_COMPILE_CACHE: join(ROOT, "node_modules", ".cache", "node-compile-cache"),
  NODE_OPTIONS: `--require ${JSON.stringify(join(ROOT, "test", "helpers", "compile-cache.cjs"))}`,
};

/** Handlers called in a test's own process have no account to check at preview. */
const NO_ACCOUNT_CHECK = { ELEVENLABS_SKIP_CREDENTIALS_CHECK: "true" };

/** What a file of a slow project is guessed to take when vitest remembers nothing of it (ms). */
const GUESS: Record<string, number> = { packaging: 60_000, engine: 30_000 };

/**
 * The order in which files go to the workers: the slowest first, whatever their project. Vitest's
 * own order takes the projects one after the other (by name), which can start a long engine file
 * last while the other workers idle. Failed files first (as vitest does), then by last run's
 * duration when vitest remembers one, else engine and packaging files before unit files.
 */
class SlowestFirst extends BaseSequencer {
  /** Sorts failed files first, then by remembered or guessed duration, longest first. */
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cache = this.ctx.cache;
    const estimate = new Map(
      files.map((spec) => {
        const key = `${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`;
        const last = cache.getFileTestResults(key);
        const guess = last?.duration ?? GUESS[spec.project.name] ?? 0;
        return [
          spec,
          { failed: last?.failed ? 1 : 0, duration: guess, size: cache.getFileStats(key)?.size ?? 0 },
        ];
      }),
    );
    return [...files].sort((a, b) => {
      const order = a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder;
      const [ea, eb] = [estimate.get(a), estimate.get(b)];
      if (order !== 0 || !ea || !eb) return order;
      return eb.failed - ea.failed || eb.duration - ea.duration || eb.size - ea.size;
    });
  }
}

export default defineConfig({
  test: {
    // Engine tests drive a real Pulumi engine; they are slow but bounded.
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: "forks",
    // Handlers called in process have no account to check (test/preview.engine.test.ts checks it).
    env: NO_ACCOUNT_CHECK,
    // Engine files spend much of their time waiting on the engine and its provider processes (each
    // has its own emulator, state and PULUMI_HOME), so one worker more than there are cores keeps
    // the cores busy. VITEST_MAX_WORKERS (or --maxWorkers) overrides it.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS) || availableParallelism() + 1,
    sequence: { sequencer: SlowestFirst },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ALL,
          exclude: [...configDefaults.exclude, ...ENGINE, ...PACKAGING],
          // One module graph per worker: unit files import the same large generated schemas, and
          // importing them once per worker instead of once per file saves a third of the CPU.
          // Files that change process.env put it back in afterAll.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: "engine",
          include: ENGINE,
          globalSetup: ["test/global-setup.ts"],
          env: { ...NO_ACCOUNT_CHECK, ...COMPILE_CACHE },
        },
      },
      {
        extends: true,
        test: { name: "packaging", include: PACKAGING, globalSetup: ["test/global-setup.ts"] },
      },
    ],
  },
});
