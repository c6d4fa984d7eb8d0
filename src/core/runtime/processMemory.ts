import { readFile } from 'node:fs/promises';

/** Resident and peak resident memory of a process, in bytes, from /proc (Linux). Undefined where unavailable. */
export async function processMemory(pid: number): Promise<{ rss: number; peak: number } | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const rss = kb(status, 'VmRSS');
    const peak = kb(status, 'VmHWM');
    if (rss === undefined || peak === undefined) return undefined;
    return { rss, peak };
  } catch {
    // The process is gone (or no /proc): memory unknown, said so in REPORT.
    return undefined;
  }
}

function kb(status: string, field: string): number | undefined {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}

export const MB = 1024 * 1024;
