/** Environment-variable references: finding `{{system__env_<label>}}` in a declaration, and the warning. */
import { describe, expect, it } from "vitest";
import { ENV_LABELS_KEY } from "./declaration";
import { envLabelsIn, placeholderOf, warnUndeclaredEnvLabels } from "./envRefs";
import { sent } from "./log";

describe("environment-variable references", () => {
  it("finds each label once, in strings at any depth (not in keys), with the spaces the service allows", () => {
    const args = {
      name: "x {{system__env_a}}",
      conversationConfig: {
        agent: {
          prompt: {
            prompt: "Use {{ system__env_b }} and {{system__env_a}}; not {{system_env_c}} nor {{b}}.",
          },
        },
        "{{system__env_key}}": "a key is not a reference",
      },
      tags: ["{{system__env_c_1}}"],
    };
    expect(envLabelsIn(args)).toEqual(["a", "b", "c_1"]);
    expect(placeholderOf("crm_url")).toBe("{{system__env_crm_url}}");
  });

  it("warns only about labels neither the program (declared before) nor the workspace declares", async () => {
    const before = sent.length;
    process.env.ELEVENLABS_BASE_URL = "http://127.0.0.1:9/v1/convai"; // nothing listens: the workspace reads as empty
    process.env.ELEVENLABS_API_KEY = "k_0123456789";
    process.env.ELEVENLABS_MAX_RETRIES = "0";
    try {
      const missing = await warnUndeclaredEnvLabels(
        'Agent "Support"',
        { conversationConfig: { agent: { firstMessage: "{{system__env_known}} {{system__env_missing}}" } } },
        { [ENV_LABELS_KEY]: ["known"] },
      );
      expect(missing).toEqual(["missing"]);
      const warnings = sent.slice(before).map((m) => m.message);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('Agent "Support": {{system__env_missing}} names no environment variable');
    } finally {
      delete process.env.ELEVENLABS_BASE_URL;
      delete process.env.ELEVENLABS_API_KEY;
      delete process.env.ELEVENLABS_MAX_RETRIES;
    }
  });
});
