/**
 * The resources' messages to the user (warnings, progress while waiting for a rate limit), sent to
 * the engine's log. `provider/kit/log.ts` reaches the engine by itself only from the dynamic
 * provider's process; in the plugin it keeps them in memory (`sent`), and this forwarder delivers
 * each one once to the engine whose address the plugin was started with: at the end of every
 * operation and, while operations run, every quarter second (progress is worth seeing while it lasts).
 */
import { sent } from "../kit/log";
import { protocol } from "./grpc";

type Message = (typeof sent)[number];

/** Forwards the kit's messages to the engine at `engineAddress`. */
export class LogForwarder {
  private readonly client: InstanceType<typeof protocol.EngineClient>;
  private readonly delivered = new WeakSet<Message>();
  private running = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(engineAddress: string) {
    this.client = new protocol.EngineClient(engineAddress, protocol.grpc.credentials.createInsecure());
  }

  /** Runs `op`, forwarding what it logs. */
  async around<T>(op: () => Promise<T>): Promise<T> {
    this.running++;
    this.timer ??= setInterval(() => this.flush(), 250).unref();
    try {
      return await op();
    } finally {
      this.flush();
      if (--this.running === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    }
  }

  /** Sends what has not been sent yet; a message that cannot be delivered is dropped. */
  flush(): void {
    for (const m of sent) {
      if (this.delivered.has(m)) continue;
      this.delivered.add(m);
      const req = new protocol.LogRequest();
      req.setSeverity(m.severity === "warning" ? protocol.LogSeverity.WARNING : protocol.LogSeverity.INFO);
      req.setMessage(m.message);
      req.setUrn("");
      req.setStreamid(0);
      req.setEphemeral(m.ephemeral);
      this.client.log(req, () => undefined);
    }
  }

  /** Stops delivering. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.client.close();
  }
}
