/**
 * Project files (`Pulumi.yaml`) the Pulumi CLI accepts and ones it rejects, with the reason: shared
 * by the example runner's unit test and the engine test that checks the runner agrees with the CLI.
 */

export interface ProjectFixture {
  /** What the case shows. */
  title: string;
  /** The Pulumi.yaml text. */
  yaml: string;
  /** For a rejected file: a pattern the runner's message must match; undefined when accepted. */
  rejected?: RegExp;
}

export const PROJECT_FIXTURES: readonly ProjectFixture[] = [
  {
    title: "a provider key declared like a project key (secret, description)",
    yaml: "name: p\nruntime: nodejs\nconfig:\n  elevenlabs:apiKey:\n    secret: true\n    description: key\n",
    rejected:
      /config 'elevenlabs:apiKey' is namespaced and must provide an attribute 'value'.*pulumi config set --secret elevenlabs:apiKey/,
  },
  {
    title: "a provider key with a type",
    yaml: "name: p\nruntime: nodejs\nconfig:\n  elevenlabs:baseUrl:\n    type: string\n    value: http://x\n",
    rejected: /'elevenlabs:baseUrl' is namespaced/,
  },
  {
    title: "a project key with both a default and a value",
    yaml: "name: p\nruntime: nodejs\nconfig:\n  greeting:\n    default: hi\n    value: hello\n",
    rejected: /'greeting' cannot have both a 'default' and a 'value'/,
  },
  {
    title: "an array without the type of its items",
    yaml: "name: p\nruntime: nodejs\nconfig:\n  voices:\n    type: array\n",
    rejected: /'voices' declares an array but not the type of its 'items'/,
  },
  {
    title: "a default of the wrong type",
    yaml: "name: p\nruntime: nodejs\nconfig:\n  private:\n    type: boolean\n    default: maybe\n",
    rejected: /'private': the default is not of type 'boolean'/,
  },
  {
    title: "no name",
    yaml: "runtime: nodejs\n",
    rejected: /'name' must be a non-empty string/,
  },
  {
    title: "project keys declared (type, secret, default) and a provider value shared by every stack",
    yaml: [
      "name: p",
      "runtime: nodejs",
      "config:",
      "  token:",
      "    type: string",
      "    secret: true",
      "    description: a token",
      "  p:retries:",
      "    type: integer",
      "    default: 3",
      "  private: false",
      "  elevenlabs:baseUrl:",
      "    value: http://127.0.0.1:8787/v1/convai",
      "  elevenlabs:maxRetries: 5",
      "",
    ].join("\n"),
  },
  {
    title: "a runtime with options and no config block",
    yaml: "name: p\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n",
  },
];
