import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';

/** One process as /proc/<pid>/stat describes it. */
export interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  /** Clock ticks since boot when it started: with the pid, it names a process even after its pid is reused. */
  startTime: string;
}

/** Whether this platform has a Linux /proc to read processes and sockets from. */
export async function hasProcfs(): Promise<boolean> {
  try {
    await readFile('/proc/self/stat', 'utf8');
    return true;
  } catch {
    // No /proc, or the process is gone: nothing to read.
    return false;
  }
}

/** One process, or undefined when it is gone (or there is no /proc). */
export async function processEntry(pid: number): Promise<ProcessEntry | undefined> {
  try {
    return parseStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    // The process is gone.
    return undefined;
  }
}

let latest: { at: number; table: Promise<ProcessEntry[]> } | undefined;

/**
 * Every process of the machine (empty without /proc), read at most once per `maxAgeMs` however many instances
 * ask: a scan costs a read per process, and many instances share one.
 */
export function processTable(maxAgeMs = 0): Promise<ProcessEntry[]> {
  const now = Date.now();
  if (latest && now - latest.at <= maxAgeMs) return latest.table;
  latest = { at: now, table: scanProcesses() };
  return latest.table;
}

/** Reads a few at a time: a burst of hundreds of reads would hold up every other file operation of the host. */
const SCAN_BATCH = 16;

async function scanProcesses(): Promise<ProcessEntry[]> {
  let names: string[];
  try {
    names = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  } catch {
    // No /proc: no processes to list.
    return [];
  }
  const entries: ProcessEntry[] = [];
  for (let i = 0; i < names.length; i += SCAN_BATCH) {
    const batch = await Promise.all(names.slice(i, i + SCAN_BATCH).map((name) => processEntry(Number(name))));
    for (const entry of batch) if (entry) entries.push(entry);
  }
  return entries;
}

/**
 * The processes started by `root`, at any depth, by parent links, plus every process still in its session or
 * process group (a grandchild whose parent already exited is re-parented, but keeps its session unless it left it).
 */
export function descendantsIn(table: ProcessEntry[], root: number): ProcessEntry[] {
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of table) children.set(entry.ppid, [...(children.get(entry.ppid) ?? []), entry]);
  const found = new Map<number, ProcessEntry>();
  const stack = [root];
  while (stack.length) {
    for (const child of children.get(stack.pop()!) ?? []) {
      if (found.has(child.pid) || child.pid === root) continue;
      found.set(child.pid, child);
      stack.push(child.pid);
    }
  }
  for (const entry of table)
    if (entry.pid !== root && (entry.sid === root || entry.pgid === root)) found.set(entry.pid, entry);
  return [...found.values()];
}

/** Whether process `pid` was started with `entry` (`NAME=value`) in its environment; false when it cannot be read. */
export async function startedWith(pid: number, entry: string): Promise<boolean> {
  try {
    const environ = await readFile(`/proc/${pid}/environ`);
    return `\0${environ.toString('utf8')}`.includes(`\0${entry}\0`);
  } catch {
    // No /proc, or the process is gone: nothing to read.
    return false;
  }
}

/** Whether process `pid` holds the socket with this inode (one of its file descriptors is `socket:[inode]`). */
export async function holdsSocket(pid: number, inode: string): Promise<boolean> {
  // Read synchronously: each is a few microseconds of a kernel table, where an asynchronous read costs a trip
  // through the thread pool; the first request of every cold start waits for this check (measured: 2 ms to 0.3 ms).
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    // No /proc, or the process is gone: nothing to read.
    return false;
  }
  const target = `socket:[${inode}]`;
  for (const fd of fds) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return true;
    } catch {
      // That descriptor was closed since the listing: it is not the socket.
    }
  }
  return false;
}

/**
 * The inode of the TCP socket on this machine whose local port is `localPort` and remote port is `remotePort`
 * (the client end of a loopback connection, seen from the server), from /proc/net/tcp and tcp6.
 */
export async function tcpSocketInode(localPort: number, remotePort: number): Promise<string | undefined> {
  const local = localPort.toString(16).toUpperCase().padStart(4, '0');
  const remote = remotePort.toString(16).toUpperCase().padStart(4, '0');
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      // Synchronously, as holdsSocket reads: a kernel table, read in microseconds.
      text = readFileSync(file, 'utf8');
    } catch {
      // No IPv6 (or no /proc): the other table is read.
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      if (fields[1].endsWith(`:${local}`) && fields[2].endsWith(`:${remote}`)) return fields[9];
    }
  }
  return undefined;
}

/** Number of established TCP connections on this machine whose local port is `port` (a debugger attached to it). */
export async function establishedOn(port: number): Promise<number> {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  let count = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length > 3 && fields[1].endsWith(`:${hex}`) && fields[3] === '01') count++;
    }
  }
  return count;
}

function parseStat(text: string): ProcessEntry | undefined {
  // The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const pid = Number(text.slice(0, text.indexOf(' ')));
  const rest = text.slice(close + 2).split(' ');
  return { pid, ppid: Number(rest[1]), pgid: Number(rest[2]), sid: Number(rest[3]), startTime: rest[19] };
}
