/**
 * The protocol's moving parts, from what `@pulumi/pulumi` already ships: gRPC (`@grpc/grpc-js`,
 * a dependency of `@pulumi/pulumi`), the generated ResourceProvider and Engine services and their
 * messages (`@pulumi/pulumi/proto`), and protobuf's well-known types. Nothing else of the Pulumi
 * SDK is loaded, which keeps the plugin's start-up short.
 */
import * as grpc from "@grpc/grpc-js";
import * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import * as structPb from "google-protobuf/google/protobuf/struct_pb";

/* The generated stubs are CommonJS without an `exports` map: loaded with require, typed by their d.ts. */
const engineRpc: typeof import("@pulumi/pulumi/proto/engine_grpc_pb") = require("@pulumi/pulumi/proto/engine_grpc_pb");
const enginePb: typeof import("@pulumi/pulumi/proto/engine_pb") = require("@pulumi/pulumi/proto/engine_pb");
const pluginPb: typeof import("@pulumi/pulumi/proto/plugin_pb") = require("@pulumi/pulumi/proto/plugin_pb");
const providerRpc: typeof import("@pulumi/pulumi/proto/provider_grpc_pb") = require("@pulumi/pulumi/proto/provider_grpc_pb");
const providerPb: typeof import("@pulumi/pulumi/proto/provider_pb") = require("@pulumi/pulumi/proto/provider_pb");

/**
 * Everything the plugin needs of the protocol, in one place.
 * @internal (its types come from @pulumi/pulumi's own dependencies, which the package does not declare)
 */
export const protocol = {
  grpc,
  Struct: structPb.Struct,
  Empty: emptyPb.Empty,
  PluginInfo: pluginPb.PluginInfo,
  provider: providerPb,
  ResourceProviderService: providerRpc.ResourceProviderService,
  EngineClient: engineRpc.EngineClient,
  LogRequest: enginePb.LogRequest,
  LogSeverity: enginePb.LogSeverity,
};
