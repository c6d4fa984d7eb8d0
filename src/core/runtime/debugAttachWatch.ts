import { establishedOn, hasProcfs } from './processTree';

/** How long a debug port stays open with no debugger on it, unless the debug request says otherwise. */
export const DEFAULT_DEBUG_ATTACH_TIMEOUT_MS = 60_000;

const POLL_MS = 1000;

/**
 * Keeps a debug port (Node inspector, debugpy, Delve) open only while a debugger uses it: when no debugger has
 * been connected to it for `timeoutMs` (never attached, or detached since), `onTimeout` is called once so the
 * instance can end and its port close. A debug server on loopback runs any code it is sent, so it must not stay
 * open for whoever comes next. Connections are read from /proc/net/tcp; where there is none, a debugger counts
 * as attached once `initialised()` says the runtime went past its wait for one.
 */
export class DebugAttachWatch {
  private timer?: NodeJS.Timeout;
  private lastAttachedAt = Date.now();
  private fired = false;

  constructor(
    private readonly port: number,
    readonly timeoutMs: number = DEFAULT_DEBUG_ATTACH_TIMEOUT_MS,
    private readonly onTimeout: () => void,
    private readonly initialised: () => boolean = () => false,
  ) {
    const procfs = hasProcfs();
    this.timer = setInterval(() => void this.check(procfs), Math.min(POLL_MS, timeoutMs));
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async check(procfs: Promise<boolean>): Promise<void> {
    const attached = (await procfs) ? (await establishedOn(this.port)) > 0 : this.initialised();
    if (attached) this.lastAttachedAt = Date.now();
    else if (!this.fired && Date.now() - this.lastAttachedAt >= this.timeoutMs) {
      this.fired = true;
      this.stop();
      this.onTimeout();
    }
  }
}
