/**
 * No rejection prints a secret. Credentials with unique markers (a Twilio auth token, a SIP
 * password, a Secret's value, a Tool request header and an Agent's shareable token, each passed
 * as a Pulumi secret or under a property the SDK stores as one) go through every way a resource
 * can be refused: check failures at the secret, next to it and in its parent, under a misspelled
 * or API-spelled (snake_case) name, cross-field rules, resources or properties the stack's dialect
 * lacks; adoption (`import`) mismatches at preview and at `up`; and the service refusing the
 * create (a 422, a 409, a FastAPI-style 422 that echoes the request). The engine's whole output,
 * every error and the state files must hold no marker.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dialect } from "../client/http/settings";
import { Agent, PhoneNumber } from "../sdk";
import type { SecretArgs } from "../sdk/types";
import { type TestEmulator, useEmulator } from "./helpers/emulator";
import { TestStack } from "./helpers/engine";
import { type Args, declare, Secret } from "./helpers/resources";

const MARK = {
  twilio: "tw-token-MARKER-51d0e8",
  sip: "sip-pass-MARKER-2b7e44",
  secret: "secret-val-MARKER-c4a913",
  header: "hdr-MARKER-7f13aa",
  share: "share-tok-MARKER-990a21",
} as const;
const MARKERS: readonly string[] = Object.values(MARK);

/** What an operation that had to fail left: its error message and what the engine printed meanwhile. */
interface Refusal {
  readonly message: string;
  readonly printed: string;
}

/**
 * A stack of one dialect against its own emulator, and a way to run operations that must fail.
 * Every refusal is kept, for the final search of everything.
 */
function useSecretStack(dialect: Dialect) {
  const env = useEmulator({}, dialect);
  const refusals: Refusal[] = [];
  let stack: TestStack | undefined;
  const current = (): TestStack => {
    if (!stack) throw new Error("the stack is used before beforeAll made it");
    return stack;
  };
  beforeAll(async () => {
    stack = await TestStack.create(async () => {}, { ...stackOf(env), dialect });
  });
  afterAll(async () => {
    await stack?.dispose();
  });

  /** Runs `op` on `program`, which must fail; returns (and keeps) what it said. */
  async function refused(op: "preview" | "up", program: PulumiFn): Promise<Refusal> {
    const s = current();
    s.setProgram(program);
    const from = s.output.length;
    const error = await s[op]().then(
      () => undefined,
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
    if (error === undefined) throw new Error(`${op} succeeded; it was expected to fail`);
    const r = { message: error, printed: s.output.slice(from).join("") };
    refusals.push(r);
    return r;
  }

  return { env, refusals, refused, stack: current };
}

function stackOf(env: TestEmulator): { baseUrl: string; apiKey: string } {
  return { baseUrl: env.baseUrl, apiKey: env.apiKey };
}

/** The refusal names each of `paths` and shows no marker. */
function expectRefusal(r: Refusal, paths: readonly string[]): void {
  for (const p of paths) expect(r.message).toContain(p);
  for (const m of MARKERS) {
    expect(r.message).not.toContain(m);
    expect(r.printed).not.toContain(m);
  }
}

const TWILIO = { provider: "twilio", phoneNumber: "+14155550100", label: "Support" } as const;
const SIP = { provider: "sip", phoneNumber: "+14155550101", label: "PBX" } as const;
const webhook = (headers: Args, extra: Args = {}): Args => ({
  toolConfig: {
    type: "webhook",
    name: "lookup_order",
    description: "Looks up an order.",
    apiSchema: { url: "https://api.example.com/orders", requestHeaders: headers, ...extra },
  },
});

/** Phone-number refusals both dialects share. */
function phoneNumberChecks(ctx: ReturnType<typeof useSecretStack>, dialect: Dialect): void {
  it("check: a Twilio token of the wrong type, a blank SID next to it, an unknown key beside them, and a SIP config on the number", async () => {
    const r = await ctx.refused("preview", async () => {
      declare("PhoneNumber", "line", {
        ...TWILIO,
        twilioConfig: {
          accountSid: "  ",
          authToken: pulumi.secret([MARK.twilio]),
          zzExtra: pulumi.secret(MARK.twilio),
        },
        sipConfig: {
          address: "sip.example.com",
          transport: "tls",
          username: "pbx",
          password: pulumi.secret(MARK.sip),
        },
      });
    });
    expectRefusal(r, [
      "twilioConfig.accountSid",
      "twilioConfig.authToken",
      "twilioConfig.zzExtra",
      "sipConfig: only allowed when provider is 'sip'",
    ]);
  });

  it("check: a token as the whole twilioConfig of a SIP number, and the token under twilio_config", async () => {
    const sipConfig =
      dialect === "live"
        ? { address: "sip.example.com", transport: "tls", password: pulumi.secret(MARK.sip) } // no username
        : {
            address: "sip.example.com",
            transport: "auto",
            username: "pbx",
            password: pulumi.secret(MARK.sip),
          };
    const r = await ctx.refused("preview", async () => {
      declare("PhoneNumber", "pbx", {
        ...SIP,
        sipConfig,
        twilioConfig: pulumi.secret(MARK.twilio),
        twilio_config: { account_sid: "AC0123456789", auth_token: pulumi.secret(MARK.twilio) },
      });
    });
    expectRefusal(r, [
      "twilioConfig: only allowed when provider is 'twilio'",
      "unknown property 'twilio_config'; did you mean twilioConfig.accountSid?",
      dialect === "live" ? "sipConfig.username" : "sipConfig.transport",
    ]);
  });

  it("import: a number that differs from the declaration names the difference, never the credentials", async () => {
    const { env } = ctx;
    const live = dialect === "live";
    const twilio = await env.api.call("createPhoneNumber", {
      json: live
        ? {
            provider: "twilio",
            phone_number: "+14155550110",
            label: "Line A",
            sid: "AC0000000001",
            token: "t0k3n-old",
          }
        : {
            provider: "twilio",
            phone_number: "+14155550110",
            label: "Line A",
            twilio_config: { account_sid: "AC0000000001", auth_token: "t0k3n-old" },
          },
    });
    const r = await ctx.refused("preview", async () => {
      new PhoneNumber(
        "adopted",
        {
          provider: "twilio",
          phoneNumber: "+14155550110",
          label: "Line B",
          twilioConfig: { accountSid: "AC0000000002", authToken: pulumi.secret(MARK.twilio) },
        },
        { import: twilio.phone_number_id },
      );
    });
    expectRefusal(r, ['label: "Line A" in the account, "Line B" in the program']);
    // The legacy service answers the account SID: its difference shows, its value does not.
    if (!live) expect(r.message).toContain("twilioConfig.accountSid: (hidden) in the account, (hidden)");
  });

  it("import: a SIP trunk whose address differs hides the whole trunk configuration", async () => {
    const { env } = ctx;
    const live = dialect === "live";
    const sip = await env.api.call("createPhoneNumber", {
      json: live
        ? {
            provider: "sip_trunk",
            phone_number: "+14155550111",
            label: "PBX",
            outbound_trunk_config: {
              address: "a.example.com",
              transport: "tls",
              credentials: { username: "pbx", password: "old-pass" },
            },
          }
        : {
            provider: "sip",
            phone_number: "+14155550111",
            label: "PBX",
            sip_config: { address: "a.example.com", transport: "tls", username: "pbx", password: "old-pass" },
          },
    });
    const r = await ctx.refused("preview", async () => {
      new PhoneNumber(
        "adopted-pbx",
        {
          ...SIP,
          phoneNumber: "+14155550111",
          sipConfig: {
            address: "b.example.com",
            transport: "tls",
            username: "pbx",
            password: pulumi.secret(MARK.sip),
          },
        },
        { import: sip.phone_number_id },
      );
    });
    expectRefusal(r, ["sipConfig.address: (hidden) in the account, (hidden) in the program"]);
  });

  it("apply: a FastAPI-style 422 that echoes the request body (token included) is reported without it", async () => {
    const { env } = ctx;
    env.emu.addFault({
      route: "POST /phone-numbers",
      status: 422,
      body: {
        detail: [
          {
            type: "value_error",
            loc: ["body", "token"],
            msg: "Value error, Twilio refused the credentials",
            input: { phone_number: "+14155550120", token: MARK.twilio, auth_token: MARK.twilio },
          },
        ],
      },
    });
    try {
      const r = await ctx.refused("up", async () => {
        new PhoneNumber("refused", {
          ...TWILIO,
          phoneNumber: "+14155550120",
          twilioConfig: { accountSid: "AC0123456789", authToken: pulumi.secret(MARK.twilio) },
        });
      });
      expectRefusal(r, ["422", "Twilio refused the credentials"]);
    } finally {
      env.emu.clearFaults();
    }
  });
}

describe("no rejection prints a secret (live)", () => {
  const ctx = useSecretStack("live");
  phoneNumberChecks(ctx, "live");

  it("check: a Secret's value of the wrong type, a blank name, and the value under a misspelled name", async () => {
    const r = await ctx.refused("preview", async () => {
      // Wrong on purpose: a list where a string goes, and a misspelled key.
      new Secret("crm", {
        name: "  ",
        value: pulumi.secret([MARK.secret]),
        valu: pulumi.secret(MARK.secret),
      } as unknown as SecretArgs);
    });
    expectRefusal(r, ["name:", "value:", "unknown property 'valu'; did you mean value?"]);
  });

  it("check: a Tool's secret header next to a bad header, in an object with a bad URL, an unknown key and the API spelling", async () => {
    const r = await ctx.refused("preview", async () => {
      declare(
        "Tool",
        "lookup",
        webhook(
          { Authorization: pulumi.secret(MARK.header), "X-Count": 42 },
          {
            url: 42,
            zzExtra: pulumi.secret(MARK.header),
            request_headers: { Authorization: pulumi.secret(MARK.header) },
          },
        ),
      );
    });
    expectRefusal(r, [
      "toolConfig.apiSchema.requestHeaders.X-Count",
      "toolConfig.apiSchema.url",
      "unknown property 'toolConfig.apiSchema.zzExtra'",
      "unknown property 'toolConfig.apiSchema.request_headers'; did you mean toolConfig.apiSchema.requestHeaders",
    ]);
  });

  it("check: a Tool of an unknown type carrying a secret header", async () => {
    const args = webhook({ Authorization: pulumi.secret(MARK.header) });
    const config = args.toolConfig as Args;
    const r = await ctx.refused("preview", async () => {
      declare("Tool", "lookup", { toolConfig: { ...config, type: "webhooks" } });
    });
    expectRefusal(r, ["toolConfig.type"]);
  });

  it("check: an Agent's shareable token next to a bad flag, beside an unknown key and its API spelling", async () => {
    const r = await ctx.refused("preview", async () => {
      declare("Agent", "support", {
        name: "Support",
        conversationConfig: {},
        platformSettings: {
          auth: {
            shareableToken: pulumi.secret(MARK.share),
            enableAuth: "yes",
            zzExtra: pulumi.secret(MARK.share),
            shareable_token: pulumi.secret(MARK.share),
          },
        },
      });
    });
    expectRefusal(r, [
      "platformSettings.auth.enableAuth",
      "unknown property 'platformSettings.auth.zzExtra'",
      "unknown property 'platformSettings.auth.shareable_token'; did you mean platformSettings.auth.shareableToken?",
    ]);
  });

  it("import: a Secret whose name differs never shows the value", async () => {
    const existing = await ctx.env.api.call("createSecret", {
      json: { type: "new", name: "crm-a", value: "old-value" },
    });
    const r = await ctx.refused("preview", async () => {
      new Secret("crm", { name: "crm-b", value: pulumi.secret(MARK.secret) }, { import: existing.secret_id });
    });
    expectRefusal(r, ['name: "crm-a" in the account, "crm-b" in the program']);
  });

  it("import: a Tool whose header differs shows the header as hidden", async () => {
    const existing = await ctx.env.api.call("createTool", {
      json: webhookWire({ Authorization: "Bearer old" }),
    });
    const r = await ctx.refused("preview", async () => {
      declare("Tool", "lookup", webhook({ Authorization: pulumi.secret(MARK.header) }), {
        import: existing.id,
      });
    });
    expectRefusal(r, [
      "toolConfig.apiSchema.requestHeaders.Authorization: (hidden) in the account, (hidden)",
    ]);
  });

  it("import: an Agent whose shareable token differs shows it as hidden", async () => {
    const existing = await ctx.env.api.call("createAgent", {
      json: {
        name: "Support",
        conversation_config: {},
        platform_settings: { auth: { shareable_token: "old-token" } },
      },
    });
    const r = await ctx.refused("preview", async () => {
      declare(
        "Agent",
        "support",
        {
          name: "Support",
          conversationConfig: {},
          platformSettings: { auth: { shareableToken: pulumi.secret(MARK.share) } },
        },
        { import: existing.agent_id },
      );
    });
    expectRefusal(r, ["platformSettings.auth.shareableToken: (hidden) in the account, (hidden)"]);
  });

  it("import during up: a difference found only once the inputs are known is reported without the token", async () => {
    const existing = await ctx.env.api.call("createPhoneNumber", {
      json: { provider: "twilio", phone_number: "+14155550130", label: "Line A", sid: "AC01", token: "old" },
    });
    const r = await ctx.refused("up", async () => {
      const agent = new Agent("answering", { name: "Answering", conversationConfig: {} });
      new PhoneNumber(
        "adopted-at-up",
        {
          provider: "twilio",
          phoneNumber: "+14155550130",
          // Unknown at preview (the agent does not exist yet): the comparison waits for the up.
          label: agent.agentId.apply(() => "Line B"),
          twilioConfig: { accountSid: "AC01", authToken: pulumi.secret(MARK.twilio) },
        },
        { import: existing.phone_number_id },
      );
    });
    expectRefusal(r, ['label: "Line A" in the account, "Line B" in the program', "cannot be imported"]);
  });

  it("apply: the service refuses a tool whose other header names a missing secret (422)", async () => {
    const r = await ctx.refused("up", async () => {
      declare(
        "Tool",
        "lookup",
        webhook({ Authorization: pulumi.secret(MARK.header), "X-Crm-Key": { secretId: "secret_missing" } }),
      );
    });
    expectRefusal(r, ["422"]);
  });

  it("apply: the service refuses an agent naming a missing tool (422), its shareable token beside", async () => {
    const r = await ctx.refused("up", async () => {
      declare("Agent", "support", {
        name: "Support",
        conversationConfig: { agent: { prompt: { toolIds: ["tool_missing"] } } },
        platformSettings: { auth: { shareableToken: pulumi.secret(MARK.share) } },
      });
    });
    expectRefusal(r, ["422"]);
  });

  it("apply: a FastAPI-style 422 echoing a Secret's value is reported without it", async () => {
    ctx.env.emu.addFault({
      route: "POST /secrets",
      status: 422,
      body: {
        detail: [
          { type: "string_too_long", loc: ["body", "value"], msg: "String too long", input: MARK.secret },
        ],
      },
    });
    try {
      const r = await ctx.refused("up", async () => {
        new Secret("crm", { name: "crm-token", value: pulumi.secret(MARK.secret) });
      });
      expectRefusal(r, ["422", "value: String too long"]);
    } finally {
      ctx.env.emu.clearFaults();
    }
  });

  it("what was stored holds no marker in plaintext: a number, a secret and a tool created with them", async () => {
    const s = ctx.stack();
    s.setProgram(async () => {
      new PhoneNumber("stored", {
        ...TWILIO,
        phoneNumber: "+14155550140",
        twilioConfig: { accountSid: "AC0123456789", authToken: MARK.twilio }, // plain: the SDK stores it as a secret
      });
      const secret = new Secret("stored-secret", { name: "stored", value: MARK.secret });
      declare(
        "Tool",
        "stored-tool",
        webhook({ Authorization: pulumi.secret(MARK.header), "X-Crm-Key": { secretId: secret.secretId } }),
      );
    });
    const from = s.output.length;
    await s.up();
    const printed = s.output.slice(from).join("");
    const state = await s.exportState();
    for (const m of MARKERS) {
      expect(printed).not.toContain(m);
      expect(state).not.toContain(m);
    }
  });

  it("nothing anywhere: the engine's whole output, every error, the state files", async () => {
    await expectNoMarkerAnywhere(ctx);
  });

  /* A mismatch found above a secret path prints the values with the secrets below it hidden. */
  let ancestor: Refusal | undefined;
  it("import: adopting a tool of another type fails the preview, naming the type", async () => {
    const existing = await ctx.env.api.call("createTool", {
      json: { tool_config: { type: "client", name: "lookup_order", description: "Looks up an order." } },
    });
    ancestor = await ctx.refused("preview", async () => {
      declare("Tool", "lookup", webhook({ Authorization: pulumi.secret(MARK.header) }), {
        import: existing.id,
      });
    });
    expect(ancestor.message).toContain('toolConfig.type: "client" in the account, "webhook" in the program');
  });
  it("... and does not print the declared secret header", () => {
    expect(ancestor).toBeDefined();
    expect(`${ancestor?.message}${ancestor?.printed}`).not.toContain(MARK.header);
  });
});

describe("no rejection prints a secret (legacy)", () => {
  const ctx = useSecretStack("legacy");
  phoneNumberChecks(ctx, "legacy");

  it("check: a Secret in a legacy stack is refused without its value", async () => {
    const r = await ctx.refused("preview", async () => {
      new Secret("crm", { name: "crm-token", value: MARK.secret });
    });
    expectRefusal(r, ["Secret exists only in the live API dialect"]);
  });

  it("check: a Tool in a legacy stack is refused without its secret header", async () => {
    const r = await ctx.refused("preview", async () => {
      declare("Tool", "lookup", webhook({ Authorization: pulumi.secret(MARK.header) }));
    });
    expectRefusal(r, ["Tool exists only in the live API dialect"]);
  });

  it("check: an Agent's shareable token (live only) is refused without its value", async () => {
    const r = await ctx.refused("preview", async () => {
      declare("Agent", "support", {
        name: "Support",
        conversationConfig: {},
        platformSettings: { auth: { shareableToken: pulumi.secret(MARK.share) } },
      });
    });
    expectRefusal(r, ["platformSettings.auth.shareableToken exists only in the live API dialect"]);
  });

  it("apply: the service refusing the import (5xx, after the retries) says so without the token", async () => {
    // (A number imported twice is no longer refused: the create finds and adopts the number.)
    ctx.env.emu.addFault({ route: "POST /phone-numbers", status: 503, count: -1 });
    try {
      const r = await ctx.refused("up", async () => {
        new PhoneNumber("refused", {
          ...TWILIO,
          phoneNumber: "+14155550150",
          twilioConfig: { accountSid: "AC0123456789", authToken: pulumi.secret(MARK.twilio) },
        });
      });
      expectRefusal(r, ["503"]);
    } finally {
      ctx.env.emu.clearFaults();
    }
  });

  it("nothing anywhere: the engine's whole output, every error, the state files", async () => {
    await expectNoMarkerAnywhere(ctx);
  });
});

/** The webhook tool of {@link webhook} as the API takes it. */
function webhookWire(headers: Record<string, string>): Args {
  return {
    tool_config: {
      type: "webhook",
      name: "lookup_order",
      description: "Looks up an order.",
      api_schema: { url: "https://api.example.com/orders", request_headers: headers },
    },
  };
}

/** Searches everything the stack produced: output, errors, state files. */
async function expectNoMarkerAnywhere(ctx: ReturnType<typeof useSecretStack>): Promise<void> {
  const s = ctx.stack();
  expect(ctx.refusals.length).toBeGreaterThan(3);
  const everything = [s.output.join(""), ...ctx.refusals.map((r) => r.message), await s.exportState()].join(
    "\n",
  );
  for (const m of MARKERS) expect(everything).not.toContain(m);
}
