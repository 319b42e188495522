import { describe, expect, it } from "vitest";
import { z } from "zod";
import { InvalidArgumentError } from "./http/errors";
import { validateArgs } from "./validate";

describe("validateArgs", () => {
  const schema = z.strictObject({ agentId: z.string(), limit: z.number().optional() });

  it("answers the parsed arguments", () => {
    expect(validateArgs("getThing", schema, { agentId: "a", limit: 2 })).toEqual({ agentId: "a", limit: 2 });
  });

  it.each([
    [{}, "agentId", "agentId: required (expected string)"],
    [{ agentId: 5 }, "agentId", "agentId: Invalid input: expected string, received number"],
    [{ agentId: "a", limt: 2 }, "limt", "limt: unknown argument"],
  ])("refuses %j, naming %s, before anything is sent", (args, field, text) => {
    const err = (() => {
      try {
        validateArgs("getThing", schema, args);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).field).toBe(field);
    expect((err as Error).message).toBe(
      `ElevenLabsApi.getThing: invalid argument ${text} (nothing was sent)`,
    );
  });
});
