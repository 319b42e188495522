/**
 * The typed, non-Pulumi surface of the package: the API client, the conversation WebSocket client,
 * the smoke check and the Pulumi functions' implementations. Re-exported by `provider/index.ts`.
 */
export * from "../conversation";
export * from "../functions";
export * from "../smoke";
export * from "./elevenLabsApi";
