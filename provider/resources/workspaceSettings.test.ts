import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NULLABLE_SETTINGS } from "./workspaceSettings";

describe("WorkspaceSettings", () => {
  it("clears with null exactly the settings the API description lets be null", () => {
    const spec = JSON.parse(
      readFileSync(join(__dirname, "..", "..", "emulator", "spec", "elevenlabs-convai-openapi.json"), "utf8"),
    ) as {
      components: {
        schemas: Record<string, { properties: Record<string, { anyOf?: { type?: string }[] }> }>;
      };
    };
    const props = spec.components.schemas.PatchConvAISettingsRequest?.properties ?? {};
    const nullable = Object.entries(props)
      .filter(([, p]) => p.anyOf?.some((b) => b.type === "null"))
      .map(([k]) => k);
    expect([...NULLABLE_SETTINGS].sort()).toEqual(nullable.sort());
  });
});
