import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "client/**/*.test.ts",
      "provider/**/*.test.ts",
      "sdk/**/*.test.ts",
      "cli/**/*.test.ts",
      "codegen/**/*.test.ts",
      "emulator/**/*.test.ts",
      "test/**/*.test.ts",
    ],
    // Engine tests drive a real Pulumi engine; they are slow but bounded.
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: "forks",
    // Handlers called in process have no account to check (test/preview.engine.test.ts checks it).
    env: { ELEVENLABS_SKIP_CREDENTIALS_CHECK: "true" },
    globalSetup: ["test/global-setup.ts"],
  },
});
