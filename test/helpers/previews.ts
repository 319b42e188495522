/**
 * Many previews through the real engine, a few at a time: a pool of workers, each with one stack
 * per dialect (made on first use and reused), runs queued programs. Stacks of one worker never
 * preview concurrently, so each preview's output is its own.
 */
import type { PulumiFn } from "@pulumi/pulumi/automation";
import type { Dialect } from "../../client/http/settings";
import { type StackOptions, TestStack } from "./engine";

/** What one preview did: whether it failed, everything the engine said, and how long it took. */
export interface PreviewResult {
  readonly failed: boolean;
  /** The engine's output and, when it failed, the error's message. */
  readonly text: string;
  readonly ms: number;
}

/** A pool of `size` workers running previews on stacks configured by `options(dialect)`. */
export class PreviewPool {
  private readonly workers: Map<Dialect, TestStack>[] = [];
  private readonly idle: number[] = [];
  private readonly waiting: ((worker: number) => void)[] = [];

  constructor(
    size: number,
    private readonly options: (dialect: Dialect) => StackOptions,
  ) {
    for (let i = 0; i < size; i++) {
      this.workers.push(new Map());
      this.idle.push(i);
    }
  }

  /** Previews `program` on a stack of `dialect` as soon as a worker is free. */
  async preview(dialect: Dialect, program: PulumiFn): Promise<PreviewResult> {
    const worker = await this.acquire();
    try {
      const stacks = this.workers[worker] as Map<Dialect, TestStack>;
      let stack = stacks.get(dialect);
      if (!stack) {
        stack = await TestStack.create(program, {
          ...this.options(dialect),
          stackName: `w${worker}-${dialect}`,
        });
        stacks.set(dialect, stack);
      }
      stack.setProgram(program);
      const from = stack.output.length;
      const started = Date.now();
      const error = await stack.preview().then(
        () => undefined,
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
      const said = stack.output.slice(from).join("");
      return { failed: error !== undefined, text: `${said}\n${error ?? ""}`, ms: Date.now() - started };
    } finally {
      this.release(worker);
    }
  }

  /** Removes every stack and its temp dir. */
  async dispose(): Promise<void> {
    for (const stacks of this.workers) for (const s of stacks.values()) await s.dispose();
  }

  private acquire(): Promise<number> {
    const free = this.idle.pop();
    if (free !== undefined) return Promise.resolve(free);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: number): void {
    const next = this.waiting.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }
}
