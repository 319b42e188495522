/**
 * Pointing a deployed stack at another account is noticed before any write: preview, up, refresh
 * and destroy stop, naming both accounts (never the key); nothing is created in the new account
 * and nothing is dropped or deleted in the old one. Switching back, everything is as it was. A
 * rotated key of the same account is not a switch.
 */
import { describe, expect, it } from "vitest";
import { Agent, PhoneNumber } from "../sdk";
import { useEmulator } from "./helpers/emulator";
import { TestStack } from "./helpers/engine";

const OLD_KEY = "sk_test_account_old_0123456789";
const NEW_KEY = "sk_test_account_new_0123456789";

describe("a stack pointed at another account", () => {
  const env = useEmulator({ apiKeys: [OLD_KEY, NEW_KEY] }, "live");
  const program = async () => {
    const agent = new Agent("support", {
      name: "Support",
      conversationConfig: { agent: { firstMessage: "Hi" } },
    });
    new PhoneNumber("line", {
      provider: "sip",
      phoneNumber: "+14155550123",
      label: "Line",
      sipConfig: { address: "sip.example.com", transport: "tls" },
      agentId: agent.agentId,
    });
  };
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => "",
      (e: unknown) => String((e as Error).message),
    );

  it("stops preview, up, refresh and destroy before any write, and leaves both accounts as they were", async () => {
    const stack = await TestStack.create(program, { ...env, apiKey: OLD_KEY });
    try {
      expect((await stack.up()).changes).toEqual({ create: 3 });
      const old = env.emu.workspace(OLD_KEY);
      const before = JSON.stringify({ agents: old.agents, numbers: old.phoneNumbers });

      await stack.stack.setConfig("elevenlabs:apiKey", { value: NEW_KEY, secret: true });
      env.emu.clearRequests();
      for (const [op, run] of [
        ["preview", () => stack.preview()],
        ["up", () => stack.up()],
        ["refresh", () => stack.refresh()],
        ["destroy", () => stack.destroy()],
      ] as const) {
        const message = await failure(run());
        expect(message, op).toContain("was made in the account at");
        expect(message, op).toContain("but this stack is now configured for");
        expect(message, op).toContain("Nothing was changed");
        expect(message, op).not.toContain(OLD_KEY);
        expect(message, op).not.toContain(NEW_KEY);
      }
      expect(env.emu.requests().filter((r) => r.method !== "GET")).toEqual([]);
      expect(env.emu.workspace(NEW_KEY).isEmpty()).toBe(true);
      expect(JSON.stringify({ agents: old.agents, numbers: old.phoneNumbers })).toBe(before);
      expect(await stack.exportState()).not.toContain(NEW_KEY);

      // Back to the account that holds the resources: nothing to do. (`refresh` runs with the
      // provider settings the last `up` saved in the state, so `up` comes first.)
      await stack.stack.setConfig("elevenlabs:apiKey", { value: OLD_KEY, secret: true });
      expect((await stack.preview()).changes).toEqual({});
      expect((await stack.up()).changes).toEqual({});
      expect((await stack.refresh()).changes).toEqual({});
      expect((await stack.destroy()).changes).toEqual({ delete: 3 });
      expect(old.isEmpty()).toBe(true);
    } finally {
      await stack.dispose();
    }
  });
});
