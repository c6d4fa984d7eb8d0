import { closeSync, openSync, readSync } from 'node:fs';

export const MB = 1024 * 1024;

/**
 * Resident and peak resident memory of one process, from /proc/<pid>/status (Linux). The file is opened once and
 * read again from offset 0 for each sample (the kernel regenerates it on every read): one system call per sample,
 * cheap enough to take after every invocation. Undefined where /proc is missing or the process has ended.
 */
export class ProcessMemoryReader {
  private fd?: number;
  private readonly buffer = Buffer.alloc(4096);

  constructor(pid: number) {
    try {
      this.fd = openSync(`/proc/${pid}/status`, 'r');
    } catch {
      // No /proc, or the process is already gone: memory unknown, said so in REPORT.
      this.fd = undefined;
    }
  }

  read(): { rss: number; peak: number } | undefined {
    if (this.fd === undefined) return undefined;
    let length: number;
    try {
      length = readSync(this.fd, this.buffer, 0, this.buffer.length, 0);
    } catch {
      // The process is gone: memory unknown from now on.
      this.close();
      return undefined;
    }
    const status = this.buffer.toString('latin1', 0, length);
    const rss = kb(status, 'VmRSS:');
    const peak = kb(status, 'VmHWM:');
    return rss === undefined || peak === undefined ? undefined : { rss, peak };
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function kb(status: string, field: string): number | undefined {
  const at = status.indexOf(field);
  if (at < 0) return undefined;
  const value = parseInt(status.slice(at + field.length, status.indexOf('\n', at)), 10);
  return Number.isNaN(value) ? undefined : value * 1024;
}
