/**
 * The `elevenlabs-test` command against the emulator: exit 0 on a passing run, 1 on a failing one,
 * 2 on usage and API errors; verdict lines, a progress line per poll, JUnit XML.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useEmulator } from "../test/helpers/emulator";
import { main } from "./elevenlabs-test";

describe("elevenlabs-test", () => {
  const env = useEmulator({}, "live");
  const dir = mkdtempSync(join(tmpdir(), "elevenlabs-test-"));
  const ids = { agent: "", passing: "", failing: "", branch: "" };

  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main([...argv, "--base-url", env.baseUrl, "--poll-interval", "5ms"], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return { code, out, err };
  };

  beforeAll(async () => {
    process.env.ELEVENLABS_API_KEY = env.apiKey;
    const test = async (name: string, condition: string) =>
      (
        await env.api.call("createAgentTest", {
          json: { type: "llm", name, chat_history: [], success_condition: condition },
        })
      ).id;
    ids.passing = await test("Mentions opening hours", 'Says "opening hours"');
    ids.failing = await test("Offers a refund", 'Says "refund"');
    ids.agent = (
      await env.api.call("createAgent", {
        json: {
          name: "Tested",
          conversation_config: { agent: { first_message: "Ask me about our opening hours." } },
          platform_settings: { testing: { attached_tests: [{ test_id: ids.passing }] } },
        },
        query: { enable_versioning: true },
      })
    ).agent_id;
    const agent = await env.api.call("getAgent", { params: { agent_id: ids.agent } });
    ids.branch = (
      await env.api.call("createBranch", {
        params: { agent_id: ids.agent },
        json: {
          parent_version_id: String(agent.version_id),
          name: "refunds",
          description: "Talks about refunds",
          conversation_config: { agent: { first_message: "We give a refund within 30 days." } },
        },
      })
    ).created_branch_id;
  });

  afterAll(() => {
    delete process.env.ELEVENLABS_API_KEY;
    rmSync(dir, { recursive: true, force: true });
  });

  it("exits 0 when every attached test passes, printing a progress line per poll and each verdict", async () => {
    const r = await run(["--agent", ids.agent]);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      `PASS Mentions opening hours (${ids.passing}): the agent's first message or prompt contains "opening hours"`,
      expect.stringMatching(
        new RegExp(`^all passed: 1 of 1 test\\(s\\) passed on agent ${ids.agent} .*\\(run tinv_`),
      ),
    ]);
    // pending at the start and at the first poll, then done
    expect(r.err.filter((l) => l.includes("pending"))).toEqual([
      expect.stringMatching(/0\/1 done \(0 passed, 0 failed, 1 pending\)$/),
      expect.stringMatching(/0\/1 done \(0 passed, 0 failed, 1 pending\)$/),
      expect.stringMatching(/1\/1 done \(1 passed, 0 failed, 0 pending\)$/),
    ]);
  });

  it("exits 1 when a test fails, and writes JUnit XML with the failure's reason", async () => {
    const junit = join(dir, "results.xml");
    const r = await run([
      "--agent",
      ids.agent,
      "--test",
      ids.passing,
      "--test",
      ids.failing,
      "--junit",
      junit,
    ]);
    expect(r.code).toBe(1);
    expect(r.out[1]).toBe(
      `FAIL Offers a refund (${ids.failing}): the agent's first message and prompt lack "refund"`,
    );
    expect(r.out[2]).toMatch(/^1 failed: 1 of 2 test\(s\) passed/);
    const xml = readFileSync(junit, "utf8");
    expect(xml).toContain('<testsuites name="elevenlabs-test" tests="2" failures="1" skipped="0">');
    expect(xml).toContain(
      `<testcase name="Mentions opening hours" classname="elevenlabs.${ids.agent}" id="${ids.passing}" time="0"/>`,
    );
    expect(xml).toContain(
      '<failure message="the agent&apos;s first message and prompt lack &quot;refund&quot;">the agent&apos;s first message and prompt lack &quot;refund&quot;</failure>',
    );
  });

  it("runs against a branch: the branch's configuration is judged", async () => {
    const r = await run(["--agent", ids.agent, "--branch", ids.branch, "--test", ids.failing]);
    expect(r.code).toBe(0);
    expect(r.out.at(-1)).toContain(`on agent ${ids.agent} branch ${ids.branch}`);
  });

  it.each([
    [[], "--agent is required"],
    [["--agent", "a", "--timeout", "soon"], "--timeout must be"],
    [["--agent", "a", "--bogus"], "Unknown option '--bogus'"],
  ])("exits 2 on a usage error %j", async (argv, message) => {
    const r = await main(argv, { out: () => {}, err: (l) => expect(l).toContain(message) });
    expect(r).toBe(2);
  });

  it("exits 2 on an API error (an unknown agent) and when nothing is attached", async () => {
    const missing = await run(["--agent", "agent_missing", "--test", ids.passing]);
    expect(missing.code).toBe(2);
    expect(missing.err.join("\n")).toMatch(/agent_not_found|not found/i);
    const bare = (await env.api.call("createAgent", { json: { name: "Untested", conversation_config: {} } }))
      .agent_id;
    const none = await run(["--agent", bare]);
    expect(none.code).toBe(2);
    expect(none.err.join("\n")).toContain("has no attached tests");
  });

  it("prints usage with --help", async () => {
    const out: string[] = [];
    expect(await main(["--help"], { out: (l) => out.push(l), err: () => {} })).toBe(0);
    expect(out[0]).toContain("Usage: elevenlabs-test --agent");
  });
});
