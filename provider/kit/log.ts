/**
 * Messages from the provider process to the engine's output: warnings (printed with the update's
 * diagnostics) and progress (shown while an operation waits, then replaced: the engine's
 * "ephemeral" messages, e.g. "waiting 42 s for the rate limit").
 *
 * A dynamic provider has no logging API of its own, but the engine starts its process with the
 * engine's RPC address as the first argument; this module talks to the engine's `Log` service
 * there, through the gRPC client that ships inside `@pulumi/pulumi` (the plugin hands over its own
 * client with `sendToEngine`). Outside an engine (unit tests, the typed API in scripts) nothing is
 * sent; messages are kept in memory for tests.
 */
import { dirname } from "node:path";

/** Log severities of the engine's protocol (`pulumirpc.LogSeverity`). */
const INFO = 1;
const WARNING = 2;

interface LogRequest {
  setSeverity(s: number): void;
  setMessage(m: string): void;
  setUrn(u: string): void;
  setStreamid(id: number): void;
  setEphemeral(e: boolean): void;
}
interface EngineClient {
  log(req: LogRequest, done: (err: Error | null) => void): void;
}
/** A client of the engine's `Log` service and its request message. */
export interface Engine {
  client: EngineClient;
  Request: new () => LogRequest;
}

let engine: Engine | null | undefined;

/**
 * Sends the messages to `to`: the provider plugin, started by the engine with its address, hands
 * over its client of the engine's `Log` service (a dynamic provider's process finds the engine by
 * its arguments, below).
 */
export function sendToEngine(to: Engine): void {
  engine = to;
}

/** The engine's address when this process was started by the engine as a provider (`host:port`). */
function engineAddress(): string | undefined {
  const arg = process.argv[2];
  const script = process.argv[1] ?? "";
  return arg && /^[\w.-]+:\d+$/.test(arg) && /dynamic-provider/.test(script) ? arg : undefined;
}

function connect(): Engine | null {
  if (engine !== undefined) return engine;
  engine = null;
  const address = engineAddress();
  if (!address) return engine;
  try {
    // Resolve gRPC from @pulumi/pulumi's own dependencies: the engine client is generated for it.
    const pulumiDir = dirname(require.resolve("@pulumi/pulumi/package.json"));
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
    const rpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
    const pb = require("@pulumi/pulumi/proto/engine_pb");
    engine = {
      client: new rpc.EngineClient(address, grpc.credentials.createInsecure()),
      Request: pb.LogRequest,
    };
  } catch {
    engine = null; // no engine to talk to: messages stay in memory
  }
  return engine;
}

/** Messages sent so far in this process (newest last); tests read them. */
export const sent: { severity: "info" | "warning"; message: string; ephemeral: boolean }[] = [];

function send(severity: number, message: string, ephemeral: boolean): Promise<void> {
  sent.push({ severity: severity === WARNING ? "warning" : "info", message, ephemeral });
  if (sent.length > 200) sent.shift();
  const e = connect();
  if (!e) return Promise.resolve();
  return new Promise((resolve) => {
    const req = new e.Request();
    req.setSeverity(severity);
    req.setMessage(message);
    req.setUrn("");
    req.setStreamid(0);
    req.setEphemeral(ephemeral);
    // A message that cannot be delivered is not worth failing the operation for.
    e.client.log(req, () => resolve());
  });
}

/** A warning in the update's diagnostics. */
export function warn(message: string): Promise<void> {
  return send(WARNING, message, false);
}

/** A progress note shown while an operation runs (replaced by the next, not kept in the log). */
export function progress(message: string): Promise<void> {
  return send(INFO, message, true);
}
