/**
 * The plugin binary as the engine meets it, without an engine: started as `pulumi-resource-elevenlabs
 * <engine address>`, it announces its port on stdout within a second, answers the protocol's
 * questions (plugin version, schema, provider configuration, checks that name the field), and exits
 * cleanly on SIGINT, which is how the engine stops it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as structPb from "google-protobuf/google/protobuf/struct_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/paths";
import { NODE22 } from "./helpers/plugin";

const rpc: typeof import("@pulumi/pulumi/proto/provider_grpc_pb") = require("@pulumi/pulumi/proto/provider_grpc_pb");
const pb: typeof import("@pulumi/pulumi/proto/provider_pb") = require("@pulumi/pulumi/proto/provider_pb");
const emptyPb: typeof import("google-protobuf/google/protobuf/empty_pb") = require("google-protobuf/google/protobuf/empty_pb");

const MAIN = join(REPO_ROOT, "dist", "provider", "plugin", "main.js");

/** Starts the plugin; resolves with the process, its port and how long the announcement took. */
function startPlugin(): Promise<{ child: ChildProcess; port: number; ms: number }> {
  const started = performance.now();
  const child = spawn(NODE22, [MAIN, "127.0.0.1:1"], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the plugin exited (${code}) before announcing a port`)));
    child.stdout?.once("data", (d: Buffer) => {
      const line = d.toString().split("\n")[0] ?? "";
      resolve({ child, port: Number(line), ms: performance.now() - started });
    });
  });
}

/** Calls a unary method of the client. */
function call<Req, Res>(client: grpc.Client, method: string, req: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    (client as unknown as Record<string, (r: Req, cb: (e: Error | null, r: Res) => void) => void>)[
      method
    ]?.call(client, req, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

describe("pulumi-resource-elevenlabs", () => {
  let plugin: { child: ChildProcess; port: number; ms: number };
  let client: InstanceType<typeof rpc.ResourceProviderClient>;

  beforeAll(async () => {
    plugin = await startPlugin();
    client = new rpc.ResourceProviderClient(`127.0.0.1:${plugin.port}`, grpc.credentials.createInsecure());
  });
  afterAll(() => {
    client?.close();
    plugin?.child.kill("SIGKILL");
  });

  it("announces a loopback port on stdout within a second", async () => {
    expect(plugin.port).toBeGreaterThan(0);
    // The best of three starts, so that a busy machine does not decide it.
    const times = [plugin.ms];
    for (let i = 0; i < 2; i++) {
      const p = await startPlugin();
      times.push(p.ms);
      p.child.kill("SIGKILL");
    }
    console.log(
      `[plugin] start-up to port announcement: ${times.map((t) => `${Math.round(t)} ms`).join(", ")}`,
    );
    expect(Math.min(...times)).toBeLessThan(1000);
  });

  it("tells its version and serves schema.json", async () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    const info = await call<unknown, { getVersion(): string }>(client, "getPluginInfo", new emptyPb.Empty());
    expect(info.getVersion()).toBe(pkg.version);
    const schema = await call<unknown, { getSchema(): string }>(
      client,
      "getSchema",
      new pb.GetSchemaRequest(),
    );
    expect(schema.getSchema()).toBe(readFileSync(join(REPO_ROOT, "schema.json"), "utf8"));
  });

  it("checks provider configuration, naming the argument and never quoting the key", async () => {
    const req = new pb.CheckRequest();
    req.setUrn("urn:pulumi:dev::p::pulumi:providers:elevenlabs::default");
    req.setNews(
      structPb.Struct.fromJavaScript({ apiDialect: "v2", timeoutSeconds: "-3", apiKey: "sk_secret_1234567" }),
    );
    const res = await call<unknown, InstanceType<typeof pb.CheckResponse>>(client, "checkConfig", req);
    expect(res.getFailuresList().map((f) => [f.getProperty(), f.getReason()])).toEqual([
      ["apiDialect", "elevenlabs:apiDialect must be 'live' or 'legacy', got 'v2'"],
      ["timeoutSeconds", "elevenlabs:timeoutSeconds must be a non-negative number, got '-3'"],
    ]);
    // The key comes back as a secret, so the engine stores it encrypted.
    expect(JSON.stringify(res.getInputs()?.toJavaScript().apiKey)).toContain(
      "1b47061264138c4ac30d75fd1eb44270",
    );
  });

  it("checks a resource's inputs, naming the field, with a creation key from the URN", async () => {
    const configure = new pb.ConfigureRequest();
    configure.setArgs(
      structPb.Struct.fromJavaScript({ baseUrl: "http://127.0.0.1:9/v1/convai", apiKey: "k" }),
    );
    await call(client, "configure", configure);
    const req = new pb.CheckRequest();
    req.setUrn("urn:pulumi:dev::p::elevenlabs:index:Agent::support");
    req.setType("elevenlabs:index:Agent");
    req.setNews(structPb.Struct.fromJavaScript({ name: "A", conversationConfig: { tts: { stability: 7 } } }));
    const res = await call<unknown, InstanceType<typeof pb.CheckResponse>>(client, "check", req);
    expect(
      res
        .getFailuresList()
        .map((f) => f.getReason())
        .join("\n"),
    ).toMatch(/conversationConfig\.tts\.stability: Too big/);
    expect(res.getInputs()?.toJavaScript().creationKey).toMatch(/^[0-9a-f]{16}$/);
  });

  it("refuses a type it does not serve, naming the ones it does", async () => {
    const req = new pb.CheckRequest();
    req.setUrn("urn:pulumi:dev::p::elevenlabs:index:Nope::x");
    req.setType("elevenlabs:index:Nope");
    await expect(call(client, "check", req)).rejects.toThrow(
      /unknown resource type elevenlabs:index:Nope; this provider serves elevenlabs:index:Agent/,
    );
  });

  it("exits with code 0 on SIGINT", async () => {
    const p = await startPlugin();
    const exited = new Promise<number | null>((resolve) => p.child.once("exit", (code) => resolve(code)));
    p.child.kill("SIGINT");
    expect(await exited).toBe(0);
  });
});
