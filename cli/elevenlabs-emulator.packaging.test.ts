/**
 * The compiled bin (`dist/cli/elevenlabs-emulator.js`), as the package ships it: started from
 * another folder, it finds the API descriptions in `emulator/spec` and serves both dialects. (The
 * bin's behaviour is tested from source in `elevenlabs-emulator.test.ts`; this file needs `dist/`,
 * which the packaging project's global setup builds when it is stale.)
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_API_KEY } from "../emulator";
import { exited, useEmulatorBin } from "../test/helpers/emulatorBin";

describe("elevenlabs-emulator bin, compiled", () => {
  const startBin = useEmulatorBin();

  it("compiled (dist/emulator), it finds the API descriptions in emulator/spec and serves both dialects", async () => {
    const { child, url } = await startBin(["--port", "0"], true);
    const headers = { "xi-api-key": DEFAULT_API_KEY, "content-type": "application/json" };
    const live = await fetch(`${url}/knowledge-base/text`, {
      method: "POST",
      headers,
      body: JSON.stringify({ text: "t" }),
    });
    expect(live.status).toBe(200);
    const legacy = await fetch(`${url}/agents/create`, {
      method: "POST",
      headers,
      body: JSON.stringify({ name: "L", conversation_config: { stt: { model: "" } } }),
    });
    expect(legacy.status).toBe(422); // the legacy description: stt.model must not be blank
    child.kill("SIGTERM");
    expect(await exited(child)).toBe(0);
  });
});
