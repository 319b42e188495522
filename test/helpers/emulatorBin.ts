/**
 * The `elevenlabs-emulator` bin as a child process, from source (tsx) or compiled (`dist/cli`),
 * for the tests of the bin. Every bin started is killed after its test, so a failing test leaves
 * no server behind.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach } from "vitest";
import { REPO_ROOT } from "./paths";

const tsx = join(REPO_ROOT, "node_modules", ".bin", "tsx");

/**
 * Kills, after each test of the calling file, the bins it started; returns the function that
 * starts one (from source with tsx, or the compiled one with node) and resolves with the child and
 * its first stdout line (the base URL).
 */
export function useEmulatorBin(): (
  args: string[],
  compiled?: boolean,
) => Promise<{ child: ChildProcess; url: string }> {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
  });
  return (args, compiled = false) => {
    const child = compiled
      ? spawn(process.execPath, [join(REPO_ROOT, "dist", "cli", "elevenlabs-emulator.js"), ...args], {
          cwd: tmpdir(),
          stdio: ["ignore", "pipe", "pipe"],
        })
      : spawn(tsx, [join(REPO_ROOT, "cli", "elevenlabs-emulator.ts"), ...args], {
          cwd: REPO_ROOT,
          stdio: ["ignore", "pipe", "pipe"],
        });
    children.push(child);
    return new Promise((res, rej) => {
      let stderr = "";
      child.stderr?.on("data", (d: Buffer) => {
        stderr += d.toString();
      });
      const rl = createInterface({ input: child.stdout! });
      rl.once("line", (line) => {
        rl.close();
        res({ child, url: line });
      });
      child.once("exit", (code) => rej(new Error(`bin exited with ${code}: ${stderr}`)));
    });
  };
}

/** Resolves with the child's exit code once it has exited. */
export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((res) => {
    if (child.exitCode !== null) res(child.exitCode);
    else child.once("exit", (code) => res(code));
  });
}
