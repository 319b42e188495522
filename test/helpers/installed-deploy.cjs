/**
 * Copied into an app that installed pulumi-elevenlabs from its tarball (see
 * install.packaging.test.ts) and run there with Node: everything it requires comes from that app's
 * node_modules, as in a user's project. Deploys one Agent inline through the Automation API, runs
 * a preview (expected to change nothing), destroys, and prints one JSON line with the outcomes.
 *
 *   node deploy.cjs <baseUrl> <apiKey> <stateDir>
 *
 * The engine's provider process resolves `pulumi-elevenlabs/provider` from the app too: the
 * workspace's folder is the app, and NODE_PATH is the app's node_modules.
 */
const fs = require("node:fs");
const path = require("node:path");
const { LocalWorkspace } = require("@pulumi/pulumi/automation");
const elevenlabs = require("pulumi-elevenlabs");

/** Where a module resolves from a given package's folder (to show no second copy is used). */
function resolveFrom(spec, fromPackage) {
  const base = fromPackage ? path.dirname(require.resolve(`${fromPackage}/package.json`)) : __dirname;
  return require.resolve(spec, { paths: [base] });
}

async function main() {
  const [baseUrl, apiKey, stateDir] = process.argv.slice(2);
  if (!baseUrl || !apiKey || !stateDir)
    throw new Error("usage: node deploy.cjs <baseUrl> <apiKey> <stateDir>");
  const program = async () => {
    const agent = new elevenlabs.Agent("support", {
      name: "Installed Support Agent",
      conversationConfig: { agent: { firstMessage: "Hi! How can I help?", language: "en" } },
    });
    return { agentId: agent.agentId };
  };
  fs.mkdirSync(path.join(stateDir, "state"), { recursive: true });
  const projectName = "installed-app";
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "install-test", projectName, program },
    {
      workDir: __dirname,
      pulumiHome: path.join(stateDir, "home"),
      projectSettings: {
        name: projectName,
        runtime: "nodejs",
        backend: { url: `file://${path.join(stateDir, "state")}` },
      },
      envVars: {
        PULUMI_CONFIG_PASSPHRASE: "install-test",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        NODE_PATH: path.join(__dirname, "node_modules"),
      },
    },
  );
  await stack.setAllConfig({
    "elevenlabs:apiKey": { value: apiKey, secret: true },
    "elevenlabs:baseUrl": { value: baseUrl },
  });
  const started = Date.now();
  const up = await stack.up();
  const preview = await stack.preview();
  const destroy = await stack.destroy();
  const result = {
    pulumiVersion: require("@pulumi/pulumi/package.json").version,
    pulumiFromApp: resolveFrom("@pulumi/pulumi/package.json"),
    pulumiFromPackage: resolveFrom("@pulumi/pulumi/package.json", "pulumi-elevenlabs"),
    provider: resolveFrom("pulumi-elevenlabs/provider"),
    up: up.summary.resourceChanges,
    agentId: up.outputs.agentId?.value,
    preview: preview.changeSummary,
    destroy: destroy.summary.resourceChanges,
    deployMs: Date.now() - started,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? String(err)}\n`);
  process.exit(1);
});
