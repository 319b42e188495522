/**
 * From an account to code and back: an account built by hand in the emulator is exported with
 * `elevenlabs-export`, the program is written to a folder of its own and deployed through the real
 * engine. Every exported object must be adopted with reads only, and the next preview must be empty.
 * File documents (content not readable) are commented out with a warning; credentials become secret
 * config the user sets.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FormData } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main as exportBin } from "../cli/elevenlabs-export";
import { exportAccount } from "../cli/export";
import { exampleStack, REPO_ROOT } from "../scripts/example-runner";
import { useEmulator } from "./helpers/emulator";
import "./helpers/engine"; // PATH for the engine and Node 22

describe("elevenlabs-export round trip", () => {
  const env = useEmulator();
  const dir = mkdtempSync(join(tmpdir(), "export-test-"));
  const ids = { support: "", sales: "", faq: "", manual: "", line: "", pbx: "" };

  beforeAll(async () => {
    // An account made by hand: two agents, two documents, two numbers.
    ids.support = (
      await env.api.call("createAgent", {
        json: {
          name: "Support Assistant",
          conversation_config: {
            agent: { prompt: { prompt: "You help customers." }, first_message: "Hi!", language: "en" },
            tts: { voice_id: "21m00Tcm4TlvDq8ikWAM", stability: 0.4 },
          },
          platform_settings: { auth: { enable_auth: true }, widget: { variant: "compact" } },
          tags: ["support", "prod"],
        },
      })
    ).agent_id;
    ids.sales = (
      await env.api.call("createAgent", { json: { name: "Sales Bot", conversation_config: {} } })
    ).agent_id;
    const params = { agent_id: ids.support };
    ids.faq = (
      await env.api.call("createKnowledgeDocument", {
        params,
        json: { name: "FAQ", url: "https://docs.example.com/faq" },
      })
    ).id;
    const form = new FormData();
    form.append("name", "Manual");
    form.append("file", new Blob(["# Manual\n"]), "manual.md");
    ids.manual = (await env.api.call("createKnowledgeDocument", { params, form })).id;
    const number = async (json: object) =>
      (await env.api.call("createPhoneNumber", { json })).phone_number_id;
    ids.line = await number({
      provider: "twilio",
      phone_number: "+14155550100",
      label: "Support Line",
      twilio_config: { account_sid: "AC0123456789", auth_token: "tok-export-test" },
    });
    await env.api.call("updatePhoneNumber", {
      params: { phone_number_id: ids.line },
      json: { agent_id: ids.support },
    });
    ids.pbx = await number({
      provider: "sip",
      phone_number: "+14155550101",
      label: "PBX Line",
      sip_config: { address: "sip.example.com", transport: "tls", username: "pbx", password: "pw-export" },
    });
    env.emu.clearRequests();
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("the bin prints the program on stdout and what it cannot export on stderr", async () => {
    let out = "";
    const err: string[] = [];
    const code = await exportBin(
      ["--base-url", env.baseUrl, "--api-key", env.apiKey, "--search", "support"],
      {
        out: (t) => {
          out += t;
        },
        err: (l) => err.push(l),
      },
    );
    expect(code).toBe(0);
    // Only the matching agent, its documents and the number assigned to it.
    expect(out).toContain(`{ import: "${ids.support}" }`);
    expect(out).toContain(`{ import: "${ids.faq}" }`);
    expect(out).toContain(`{ import: "${ids.line}" }`);
    expect(out).not.toContain(ids.sales);
    expect(out).not.toContain(ids.pbx);
    expect(out).toContain('authToken: cfg.requireSecret("supportLineTwilioAuthToken")');
    expect(out).toContain(`//   { import: "${ids.manual}" },`); // the file document, commented out
    expect(err).toEqual([
      expect.stringMatching(new RegExp(`^warning: document ${ids.manual} .* commented out$`)),
    ]);
    expect(out).not.toContain("tok-export-test");
    expect(env.emu.requests().every((r) => r.method === "GET")).toBe(true);
  });

  it("the exported program deploys as adoptions only, then previews empty", async () => {
    const r = await exportAccount({ client: env.api });
    expect(r.counts).toEqual({ agents: 2, documents: 1, phoneNumbers: 2, commentedOut: 1 });
    expect(r.secrets).toEqual(["supportLineTwilioAuthToken", "pbxLineSipPassword"]);
    // A Pulumi project of its own, resolving pulumi-elevenlabs like a user's project would.
    const project = join(dir, "exported");
    mkdirSync(project);
    writeFileSync(join(project, "Pulumi.yaml"), "name: exported\nruntime: nodejs\n");
    writeFileSync(join(project, "package.json"), '{ "name": "exported", "private": true }\n');
    writeFileSync(join(project, "index.ts"), r.program);
    symlinkSync(join(REPO_ROOT, "node_modules"), join(project, "node_modules"));

    const stack = await exampleStack({
      dir: project,
      stackName: "dev",
      stateDir: join(dir, "state"),
      baseUrl: env.baseUrl,
      apiKey: env.apiKey,
      config: {
        "exported:supportLineTwilioAuthToken": { value: "tok-export-test", secret: true },
        "exported:pbxLineSipPassword": { value: "pw-export", secret: true },
      },
    });
    env.emu.clearRequests();
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 6 }); // the stack and five adoptions
    expect(env.emu.requests().filter((q) => q.method !== "GET")).toEqual([]);
    expect(up.outputs.supportAssistantId?.value).toBe(ids.support);
    expect(up.outputs.salesBotId?.value).toBe(ids.sales);

    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual({ same: 6 });
    expect(env.emu.requests().filter((q) => q.method !== "GET")).toEqual([]);
  });
});
