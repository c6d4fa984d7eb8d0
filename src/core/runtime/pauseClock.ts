/**
 * The spans a debugger held one process paused (from a DAP `stopped` event until the process runs again), on the
 * `performance.now()` clock of this process. A debug run keeps one per instance, so the time spent at breakpoints
 * can be left out of the billed duration: Lambda never pauses a function.
 */
export class PauseClock {
  private readonly spans: Array<readonly [number, number]> = [];
  private pausedAt?: number;

  /** The process stopped (a breakpoint, a step, a pause); a second stop while paused changes nothing. */
  paused(at = performance.now()): void {
    this.pausedAt ??= at;
  }

  /** The process runs again (continue, a step, the debugger went away). */
  resumed(at = performance.now()): void {
    if (this.pausedAt === undefined) return;
    if (at > this.pausedAt) this.spans.push([this.pausedAt, at]);
    this.pausedAt = undefined;
  }

  get isPaused(): boolean {
    return this.pausedAt !== undefined;
  }

  /** Milliseconds spent paused between `from` and `to`; a pause still going on counts until `to`. */
  pausedWithin(from: number, to: number): number {
    const open = this.pausedAt === undefined ? [] : [[this.pausedAt, to] as const];
    let total = 0;
    for (const [start, end] of [...this.spans, ...open])
      total += Math.max(0, Math.min(end, to) - Math.max(start, from));
    return total;
  }
}
