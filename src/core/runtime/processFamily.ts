import {
  descendantsIn,
  hasProcfs,
  holdsSocket,
  processEntry,
  processTable,
  startedWith,
  tcpSocketInode,
  type ProcessEntry,
} from './processTree';

/** How often new members are looked for while the instance works; at the end everything is looked at again. */
const TRACK_MS = 1000;

/**
 * An instance's runtime process and every process it started, detached ones included, tracked through /proc so
 * that all of them end with the instance, and so that the Runtime API can tell its own runtime's connections from
 * anyone else's. Without /proc (macOS, Windows) only the process group is known: see SECURITY.md.
 */
export class ProcessFamily {
  private readonly known = new Map<number, ProcessEntry>();
  private timer?: NodeJS.Timeout;
  private readonly procfs = hasProcfs();

  /**
   * `marker` is a `NAME=value` unique to the instance in the environment it was started with: a daemon that
   * double-forked and left the session between two looks still carries it, and is found by it at the end.
   */
  constructor(
    private readonly root: number,
    private readonly marker?: string,
  ) {
    this.track(true);
  }

  /**
   * Looks for new members every second while on: the instance turns it on while its runtime initialises or runs
   * an invocation (when a handler starts processes), and off while it waits for work, when it costs nothing.
   */
  track(on: boolean): void {
    if (!on || this.ended) {
      clearInterval(this.timer);
      this.timer = undefined;
    } else if (!this.timer) {
      this.timer = setInterval(() => void this.refresh(TRACK_MS), TRACK_MS);
      this.timer.unref();
    }
  }

  private ended = false;

  /** Every live member seen so far (the root excluded), after a fresh look at the process table. */
  async members(): Promise<ProcessEntry[]> {
    await this.refresh();
    return [...this.known.values()];
  }

  /**
   * Whether the client end of a connection to the Runtime API (its port `clientPort`, to our `serverPort`) is
   * held by this family. True where /proc is missing: then the Host check and loopback are all there is.
   */
  async ownsConnection(clientPort: number, serverPort: number): Promise<boolean> {
    if (!(await this.procfs)) return true;
    const inode = await tcpSocketInode(clientPort, serverPort);
    if (inode === undefined) return false;
    if (await holdsSocket(this.root, inode)) return true;
    for (const pid of this.known.keys()) if (await holdsSocket(pid, inode)) return true;
    // A process started since the last look (a curl of a shell bootstrap): look again, once.
    const before = new Set(this.known.keys());
    for (const entry of await this.members())
      if (!before.has(entry.pid) && (await holdsSocket(entry.pid, inode))) return true;
    return false;
  }

  /**
   * Ends the family: a last look for members while the parent links still hold, then `killRoot` (the runtime's
   * own process group), then SIGKILL to every member seen and to the process groups they lead.
   */
  async killAll(killRoot: () => void = () => undefined): Promise<void> {
    this.ended = true;
    this.track(false);
    const members = await this.members().catch(() => [...this.known.values()]);
    killRoot();
    if (this.marker && (await this.procfs)) {
      const seen = new Set([this.root, process.pid, ...members.map((m) => m.pid)]);
      const table = await processTable();
      const marked = await Promise.all(
        table
          .filter((e) => !seen.has(e.pid))
          .map(async (e) => ((await startedWith(e.pid, this.marker!)) ? e : undefined)),
      );
      for (const entry of marked) if (entry) members.push(entry);
    }
    for (const entry of members) {
      // Only the very process we saw: a pid reused since by someone else's process is left alone.
      const now = await processEntry(entry.pid);
      if (!now || now.startTime !== entry.startTime) continue;
      signal(entry.pid);
      if (entry.pgid === entry.pid) signal(-entry.pid);
    }
    this.known.clear();
  }

  /** Looks at the process table (one at most `maxAgeMs` old, shared with the other instances). */
  private async refresh(maxAgeMs = 0): Promise<void> {
    if (!(await this.procfs)) return;
    const table = await processTable(maxAgeMs);
    const alive = new Map(table.map((entry) => [entry.pid, entry]));
    for (const [pid, entry] of this.known) {
      if (alive.get(pid)?.startTime !== entry.startTime) this.known.delete(pid);
    }
    for (const entry of descendantsIn(table, this.root)) this.known.set(entry.pid, entry);
    // Re-parented grandchildren whose parent we had seen (a double fork that left the session) stay ours.
    let grew = true;
    while (grew) {
      grew = false;
      for (const entry of table) {
        if (entry.pid !== this.root && !this.known.has(entry.pid) && this.known.has(entry.ppid)) {
          this.known.set(entry.pid, entry);
          grew = true;
        }
      }
    }
  }
}

function signal(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
