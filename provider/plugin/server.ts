/**
 * Pulumi's ResourceProvider service for the package's resources: the same declarations, handlers
 * and client as the dynamic provider, spoken over the engine's own protocol, so that every Pulumi
 * language (Python, YAML, Go, .NET), `pulumi import` and the Pulumi Registry can use them.
 *
 * The SDK's stock server (`@pulumi/pulumi/provider`) ignores provider configuration and cannot read
 * an object known only by its id, so this one is served directly on the generated service
 * definition. Each call maps onto a resource handler (`provider/kit/resource.ts`), with what the
 * program side of the TypeScript SDK does done in `resources.ts`.
 *
 * The resources (their zod schemas are large) load right after the port is announced, not before:
 * the engine's first calls (plugin info, schema, provider configuration) need none of them, and a
 * plugin that announces its port quickly starts quickly for the engine.
 */

import type * as grpc from "@grpc/grpc-js";
import type { ElevenLabsApi } from "../../client/api";
import type { PlainObject } from "../../client/wire";
import { sendToEngine } from "../kit/log";
import { changedConfig, configFailures, configure, SECRET_CONFIG } from "./config";
import { protocol } from "./grpc";
import { packageVersion, schemaJson } from "./package";
import type { DiffKind } from "./resources";
import { fromStruct, toStruct } from "./wire";

/** What the resource calls need: the resources, the functions, the client (loaded by {@link load}). */
interface Loaded {
  resources: typeof import("./resources");
  functions: typeof import("./functions");
  api: typeof import("../../client/api");
  errors: typeof import("../../client/http/errors");
}

let loaded: Loaded | undefined;

/** Loads the resources and what calls them, once. */
function load(): Loaded {
  loaded ??= {
    resources: require("./resources"),
    functions: require("./functions"),
    api: require("../../client/api"),
    errors: require("../../client/http/errors"),
  };
  return loaded;
}

const pb = protocol.provider;

/** Where the server runs and whom it reports to. */
export interface PluginOptions {
  /** The engine's address (`host:port`, the plugin's first argument): where log messages go. */
  engineAddress?: string;
  /** The program's folder, against which relative local file paths resolve (default: the working directory). */
  programDir?: string;
}

/** A running plugin server. */
export interface PluginServer {
  /** The loopback port it listens on. */
  port: number;
  /** Loads the resources now, so that the first resource call does not wait for them. */
  warm(): void;
  /** Stops accepting calls, lets running ones finish, and closes. */
  close(): Promise<void>;
}

/** A failure as the engine shows it (the message says which resource and field). */
function grpcError(err: unknown): grpc.ServiceError {
  const message = err instanceof Error ? err.message : String(err);
  const e = new Error(message) as grpc.ServiceError;
  e.code = protocol.grpc.status.UNKNOWN;
  e.details = message;
  return e;
}

/** A unary method from an async function of its request. */
function unary<Req, Res>(f: (req: Req) => Promise<Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    f(call.request).then(
      (res) => callback(null, res),
      (err: unknown) => callback(grpcError(err)),
    );
  };
}

/** Check failures as protocol messages. */
function failuresOf(failures: readonly { property: string; reason: string }[]) {
  return failures.map((f) => {
    const m = new pb.CheckFailure();
    m.setProperty(f.property);
    m.setReason(f.reason);
    return m;
  });
}

/** The resources module, loaded on first use. */
const R = () => load().resources;

/** The ResourceProvider service's methods. */
function service(options: PluginOptions): grpc.UntypedServiceImplementation {
  const programDir = options.programDir ?? process.cwd();

  return {
    getPluginInfo: unary(async () => {
      const info = new protocol.PluginInfo();
      info.setVersion(packageVersion());
      return info;
    }),

    getSchema: unary(async (req: InstanceType<typeof pb.GetSchemaRequest>) => {
      if (req.getVersion() !== 0) throw new Error(`unsupported schema version ${req.getVersion()}`);
      const res = new pb.GetSchemaResponse();
      res.setSchema(schemaJson());
      return res;
    }),

    checkConfig: unary(async (req: InstanceType<typeof pb.CheckRequest>) => {
      const news = fromStruct(req.getNews());
      const res = new pb.CheckResponse();
      res.setInputs(toStruct(news.bag, [...news.secrets, ...SECRET_CONFIG]));
      res.setFailuresList(failuresOf(configFailures(news.bag)));
      return res;
    }),

    diffConfig: unary(async (req: InstanceType<typeof pb.DiffRequest>) => {
      const olds = fromStruct(req.getOldInputs() ?? req.getOlds()).bag;
      const changed = changedConfig(olds, fromStruct(req.getNews()).bag);
      const res = new pb.DiffResponse();
      res.setChanges(
        changed.length > 0 ? pb.DiffResponse.DiffChanges.DIFF_SOME : pb.DiffResponse.DiffChanges.DIFF_NONE,
      );
      res.setDiffsList(changed);
      return res;
    }),

    configure: unary(async (req: InstanceType<typeof pb.ConfigureRequest>) => {
      const args: PlainObject = req.hasArgs()
        ? fromStruct(req.getArgs()).bag
        : // Engines before `args`: `elevenlabs:config:<name>` variables.
          Object.fromEntries(
            [...req.getVariablesMap().entries()].map(([k, v]) => [k.split(":").pop() ?? k, v]),
          );
      configure(args);
      const res = new pb.ConfigureResponse();
      res.setAcceptsecrets(true);
      // Create and Update answer previews themselves (previewOutputs): ids stay known.
      res.setSupportspreview(true);
      res.setAcceptresources(false);
      res.setAcceptoutputs(false);
      return res;
    }),

    invoke: unary((req: InstanceType<typeof pb.InvokeRequest>) =>
      (async () => {
        const res = new pb.InvokeResponse();
        try {
          const { result, secrets } = await load().functions.invokeFunction(
            req.getTok(),
            fromStruct(req.getArgs()).bag,
            apiOf,
          );
          res.setReturn(toStruct(result, secrets));
        } catch (err) {
          if (!(err instanceof load().errors.InvalidArgumentError)) throw err;
          res.setFailuresList(failuresOf([{ property: "", reason: err.message }]));
        }
        return res;
      })(),
    ),

    check: unary((req: InstanceType<typeof pb.CheckRequest>) =>
      (async () => {
        const urn = req.getUrn();
        const r = R().resourceOf(req.getType() || urn);
        const news = fromStruct(req.getNews());
        const inputs = R().withProgramSide(r, news.bag, urn, programDir);
        const result = await r.handler.check(fromStruct(req.getOlds()).bag, inputs);
        const checked = (result.inputs ?? inputs) as PlainObject;
        const res = new pb.CheckResponse();
        res.setInputs(toStruct(checked, R().secretsOf(r, checked, news.secrets)));
        res.setFailuresList(failuresOf(result.failures ?? []));
        return res;
      })(),
    ),

    diff: unary((req: InstanceType<typeof pb.DiffRequest>) =>
      (async () => {
        const r = R().resourceOf(req.getType() || req.getUrn());
        const news = fromStruct(req.getNews()).bag;
        const olds = R().withUnreadable(
          fromStruct(req.getOlds()).bag,
          fromStruct(req.getOldInputs()).bag,
          news,
        );
        const result = await r.handler.diff(req.getId(), olds, news);
        const replaces = result.replaces ?? [];
        const detail = R().detailedDiff(r, olds, news, replaces);
        const res = new pb.DiffResponse();
        res.setChanges(
          result.changes ? pb.DiffResponse.DiffChanges.DIFF_SOME : pb.DiffResponse.DiffChanges.DIFF_NONE,
        );
        res.setReplacesList(replaces);
        res.setStablesList(replaces.length > 0 ? [] : R().stablesOf(r));
        res.setDeletebeforereplace(result.deleteBeforeReplace ?? false);
        res.setDiffsList(Object.keys(detail));
        const map = res.getDetaileddiffMap();
        for (const [k, kind] of Object.entries(detail)) map.set(k, propertyDiff(kind));
        res.setHasdetaileddiff(true);
        return res;
      })(),
    ),

    create: unary((req: InstanceType<typeof pb.CreateRequest>) =>
      (async () => {
        const r = R().resourceOf(req.getType() || req.getUrn());
        const inputs = fromStruct(req.getProperties());
        const res = new pb.CreateResponse();
        if (req.getPreview()) {
          const outs = R().previewOutputs(r, inputs.bag);
          res.setProperties(toStruct(outs, R().secretsOf(r, outs, inputs.secrets)));
          return res;
        }
        const { id, outs } = await r.handler.create(inputs.bag);
        res.setId(id);
        res.setProperties(
          toStruct(outs as PlainObject, R().secretsOf(r, outs as PlainObject, inputs.secrets)),
        );
        return res;
      })(),
    ),

    read: unary((req: InstanceType<typeof pb.ReadRequest>) =>
      (async () => {
        const r = R().resourceOf(req.getType() || req.getUrn());
        const id = req.getId();
        const state = fromStruct(req.getProperties());
        const oldInputs = fromStruct(req.getInputs());
        const res = new pb.ReadResponse();
        if (Object.keys(state.bag).length === 0) {
          // Nothing recorded: `pulumi import` (or a `get`) of an object known only by its id.
          const found = await R().readById(r, id, oldInputs.bag);
          if (found === undefined) return res;
          res.setId(id);
          res.setProperties(toStruct(found.outs, R().secretsOf(r, found.outs)));
          res.setInputs(toStruct(found.inputs, R().secretsOf(r, found.inputs)));
          return res;
        }
        const read = await r.handler.read(id, state.bag);
        if (!read.id) return res; // gone: the engine drops it from the state
        // What an import could not read is still unknown to the state (see withUnreadable).
        const outs = {
          ...(read.props ?? {}),
          ...{ [R().UNREADABLE_KEY]: state.bag[R().UNREADABLE_KEY] },
        } as PlainObject;
        const inputs = R().keepUnreadable(
          { ...R().bookkeepingIn(r, oldInputs.bag), ...(read.inputs ?? {}) } as PlainObject,
          state.bag,
          oldInputs.bag,
        );
        res.setId(read.id);
        res.setProperties(toStruct(outs, R().secretsOf(r, outs, state.secrets)));
        res.setInputs(toStruct(inputs, R().secretsOf(r, inputs, oldInputs.secrets)));
        return res;
      })(),
    ),

    update: unary((req: InstanceType<typeof pb.UpdateRequest>) =>
      (async () => {
        const r = R().resourceOf(req.getType() || req.getUrn());
        const news = fromStruct(req.getNews());
        const olds = R().withUnreadable(
          fromStruct(req.getOlds()).bag,
          fromStruct(req.getOldInputs()).bag,
          news.bag,
        );
        const res = new pb.UpdateResponse();
        if (req.getPreview()) {
          // A preview writes nothing: it shows what the update would record.
          const outs = R().previewOutputs(r, news.bag, olds);
          res.setProperties(toStruct(outs, R().secretsOf(r, outs, news.secrets)));
          return res;
        }
        const { outs } = await r.handler.update(req.getId(), olds, news.bag);
        res.setProperties(
          toStruct((outs ?? {}) as PlainObject, R().secretsOf(r, (outs ?? {}) as PlainObject, news.secrets)),
        );
        return res;
      })(),
    ),

    delete: unary((req: InstanceType<typeof pb.DeleteRequest>) =>
      (async () => {
        const r = R().resourceOf(req.getType() || req.getUrn());
        await r.handler.delete(req.getId(), fromStruct(req.getProperties()).bag);
        return new protocol.Empty();
      })(),
    ),

    cancel: unary(async () => new protocol.Empty()),
  };
}

/** A detailed diff entry of a kind. */
function propertyDiff(kind: DiffKind) {
  const d = new pb.PropertyDiff();
  d.setKind(pb.PropertyDiff.Kind[kind]);
  d.setInputdiff(true);
  return d;
}

/** A client for a function call, with the provider's configuration read now. */
function apiOf(): ElevenLabsApi {
  return new (load().api.ElevenLabsApi)({
    settingNames: {
      apiKey:
        "the provider's apiKey (pulumi config set --secret elevenlabs:apiKey <key>), or ELEVENLABS_API_KEY",
      baseUrl: "the provider's baseUrl (pulumi config set elevenlabs:baseUrl <url>), or ELEVENLABS_BASE_URL",
    },
  });
}

/** Starts the plugin's gRPC server on a free loopback port. */
export async function startPluginServer(options: PluginOptions = {}): Promise<PluginServer> {
  // The resources' warnings and progress go to the engine that started the plugin.
  const engine = options.engineAddress
    ? new protocol.EngineClient(options.engineAddress, protocol.grpc.credentials.createInsecure())
    : undefined;
  if (engine) sendToEngine({ client: engine, Request: protocol.LogRequest });
  const server = new protocol.grpc.Server({
    // Schemas and agent trees can be large; the engine allows the same.
    "grpc.max_receive_message_length": 1024 * 1024 * 400,
    "grpc.max_send_message_length": 1024 * 1024 * 400,
  });
  server.addService(protocol.ResourceProviderService, service(options));
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", protocol.grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    );
  });
  return {
    port,
    warm: () => {
      load();
    },
    close: () =>
      new Promise<void>((resolve) => {
        engine?.close();
        server.tryShutdown(() => resolve());
      }),
  };
}
