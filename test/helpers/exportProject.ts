/**
 * A Pulumi project of its own for a program `elevenlabs-export` wrote, resolving `pulumi-elevenlabs`
 * the way a user's project would (its `node_modules` is the repository's, where the package links
 * to itself), ready for the example runner.
 *
 * Exported live programs declare `elevenlabs.Tool` and `elevenlabs.Secret`. Until the SDK ships
 * those classes, {@link sdkModule} names a module of the project (`./elevenlabs`) that re-exports
 * the SDK and adds them over the provider's `tool` and `secret` kinds, with the SDK's own base
 * class; once the SDK has them, it is `pulumi-elevenlabs` itself and no stand-in is written.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./paths";

/** The SDK as built (`dist/sdk`), as a project of a user would load it. */
function builtSdk(): Record<string, unknown> {
  return require(join(REPO_ROOT, "dist", "sdk", "index.js")) as Record<string, unknown>;
}

/** Whether the built SDK has the Tool and Secret classes exported programs use. */
export function sdkHasToolAndSecret(): boolean {
  const sdk = builtSdk();
  return typeof sdk.Tool === "function" && typeof sdk.Secret === "function";
}

/** The module exported programs import in tests (`--import-from`): the SDK, or the stand-in. */
export function sdkModule(): string {
  return sdkHasToolAndSecret() ? "pulumi-elevenlabs" : "./elevenlabs";
}

/** The stand-in module: the SDK plus Tool and Secret classes over the provider's kinds. */
const STAND_IN = `// Tool and Secret for exported programs until the SDK ships them (see test/helpers/exportProject.ts).
const sdk = require("pulumi-elevenlabs");
const { ElevenLabsResource } = require(${JSON.stringify(join(REPO_ROOT, "dist", "sdk", "resource.js"))});
class Tool extends ElevenLabsResource {
  constructor(name, args, opts) {
    super({ kind: "tool", type: "Tool", outputs: ["toolId"] }, name, { ...args }, opts);
  }
}
class Secret extends ElevenLabsResource {
  constructor(name, args, opts) {
    super({ kind: "secret", type: "Secret", outputs: ["secretId"], secrets: ["value"] }, name, { ...args }, opts);
  }
}
module.exports = { ...sdk, Tool: sdk.Tool ?? Tool, Secret: sdk.Secret ?? Secret };
`;

/**
 * Makes `dir` a Pulumi project named `name` (Pulumi.yaml, package.json, node_modules, and the
 * stand-in SDK module when needed); the program goes to `dir/index.ts` (written by the caller, or
 * given as `program`).
 */
export function exportProject(dir: string, name: string, program?: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
  writeFileSync(join(dir, "package.json"), `{ "name": "${name}", "private": true }\n`);
  symlinkSync(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"));
  if (!sdkHasToolAndSecret()) writeFileSync(join(dir, "elevenlabs.js"), STAND_IN);
  if (program !== undefined) writeFileSync(join(dir, "index.ts"), program);
  return dir;
}
