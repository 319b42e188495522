/**
 * `pulumi-elevenlabs/client`: the Agents Platform API for any Node code (scripts, CI jobs, tests),
 * with no Pulumi inside. The HTTP client with retries, pacing and one error hierarchy; the endpoint
 * table with one answer schema per route; the typed camelCase API; the conversation WebSocket
 * client; the smoke check; running an agent's tests.
 */
export * from "./api";
export * from "./conversation";
export { type Endpoint, type EndpointName, endpoints } from "./endpoints";
export * from "./functions";
export * from "./http/client";
export * from "./http/errors";
export {
  type ClientSettings,
  configKeys,
  DEFAULT_BASE_URL,
  DEFAULT_DIALECT,
  type Dialect,
  resolveSettings,
  setStackConfig,
} from "./http/settings";
export { collect, firstMatch, listed, mapped } from "./paging";
export * from "./smoke";
export * from "./testing";
export { E164, propertyPath, validateArgs } from "./validate";
export { fromWire, isPlainObject, type PlainObject, toWire } from "./wire";
