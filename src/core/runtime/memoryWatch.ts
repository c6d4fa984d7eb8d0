import { MB, ProcessMemoryReader } from './processMemory';

const POLL_MS = 100;

/**
 * Watches one process's memory like Lambda's sandbox does: tracks the peak (for Max Memory Used) and, when the
 * resident size goes over the function's memory size, reports it once so the instance can be killed, as Lambda's
 * cgroup would. Without a limit (a debugger is attached) it only tracks the peak.
 */
export class MemoryWatch {
  /** Undefined until one sample succeeded: on a platform without /proc it stays so. */
  private peakBytes?: number;
  private timer?: NodeJS.Timeout;
  private exceeded = false;
  private readonly reader: ProcessMemoryReader;

  constructor(
    pid: number,
    private readonly limitMB: number | undefined,
    private readonly onExceeded: (usedMB: number) => void,
  ) {
    this.reader = new ProcessMemoryReader(pid);
    if (limitMB !== undefined) this.timer = setInterval(() => this.sample(), POLL_MS);
  }

  /** The highest resident size seen so far, in bytes (sampled again now while the process lives); undefined if unknown. */
  async peak(alive: boolean): Promise<number | undefined> {
    if (alive) this.sample();
    return this.peakBytes;
  }

  stop(): void {
    clearInterval(this.timer);
    this.reader.close();
  }

  private sample(): void {
    const memory = this.reader.read();
    if (!memory) return;
    this.peakBytes = Math.max(this.peakBytes ?? 0, memory.peak);
    if (this.limitMB !== undefined && !this.exceeded && memory.rss > this.limitMB * MB) {
      this.exceeded = true;
      this.onExceeded(Math.round(memory.rss / MB));
    }
  }
}
