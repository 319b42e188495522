/**
 * Every endpoint of the Agents Platform API this package calls, as one table of
 * `"METHOD /path/{param}"` strings relative to the base URL (`.../v1/convai`). The client, the
 * request recorder in tests and the typed functions all name endpoints by these keys.
 */
export const routes = {
  createAgent: "POST /agents/create",
  getAgent: "GET /agents/{agent_id}",
  updateAgent: "PATCH /agents/{agent_id}",
  listAgents: "GET /agents",
  deleteAgent: "DELETE /agents/{agent_id}",
  getAgentLink: "GET /agents/{agent_id}/link",

  createKnowledgeDocument: "POST /agents/{agent_id}/knowledge-base",
  listKnowledgeDocuments: "GET /agents/{agent_id}/knowledge-base",
  deleteKnowledgeDocument: "DELETE /agents/{agent_id}/knowledge-base/{document_id}",

  listPhoneNumbers: "GET /phone-numbers",
  getPhoneNumber: "GET /phone-numbers/{phone_number_id}",
  createPhoneNumber: "POST /phone-numbers",
  updatePhoneNumber: "PATCH /phone-numbers/{phone_number_id}",
  deletePhoneNumber: "DELETE /phone-numbers/{phone_number_id}",

  listConversations: "GET /conversations",
  getConversation: "GET /conversations/{conversation_id}",
  getConversationAudio: "GET /conversations/{conversation_id}/audio",

  twilioOutboundCall: "POST /twilio/outbound_call",
} as const;

export type RouteName = keyof typeof routes;
export type Route = (typeof routes)[RouteName];

/** Path parameter names of a route string, e.g. `"agent_id" | "document_id"`. */
export type RouteParams<R extends string> = R extends `${string}{${infer P}}${infer Rest}`
  ? P | RouteParams<Rest>
  : never;

export type ParamsOf<N extends RouteName> = [RouteParams<(typeof routes)[N]>] extends [never]
  ? Record<string, never>
  : Record<RouteParams<(typeof routes)[N]>, string>;

/** Splits a route into method and path template. */
export function parseRoute(route: string): { method: string; template: string } {
  const space = route.indexOf(" ");
  return { method: route.slice(0, space), template: route.slice(space + 1) };
}

/** Fills `{param}` placeholders, URL-encoding each value; a missing or empty value is an error. */
export function expandPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{([a-z_]+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined || v === "") throw new Error(`missing path parameter '${name}' for ${template}`);
    return encodeURIComponent(v);
  });
}
