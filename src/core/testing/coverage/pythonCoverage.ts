import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emptyFileCoverage, type FileCoverage } from './fileCoverage';

/** What the Python runtime client writes after each invocation under coverage: coverage.py's JSON report, paths absolute. */
interface PythonReport {
  files: Record<
    string,
    {
      executed_lines: number[];
      missing_lines: number[];
      executed_branches?: [number, number][];
      missing_branches?: [number, number][];
    }
  >;
}

/**
 * Reads the Python instances' coverage from a coverage folder: each instance rewrites `python-<pid>.json` with all it
 * measured so far. coverage.py counts whether a line ran, not how often, so a line that ran counts 1 per instance.
 * `missingCoverage` lists the interpreters that could not import `coverage` (they wrote `python-missing-<pid>.json`).
 */
export async function readPythonCoverage(
  dir: string,
  include: (path: string) => boolean,
): Promise<{ files: FileCoverage[]; missingCoverage: string[] }> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const files: FileCoverage[] = [];
  const missing = new Set<string>();
  for (const name of names.sort()) {
    const missingMatch = /^python-missing-\d+\.json$/.test(name);
    if (!missingMatch && !/^python-\d+\.json$/.test(name)) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(join(dir, name), 'utf8'));
    } catch {
      continue;
    }
    if (missingMatch) {
      missing.add((parsed as { python: string }).python);
      continue;
    }
    for (const [path, data] of Object.entries((parsed as PythonReport).files)) {
      if (!include(path)) continue;
      const file = emptyFileCoverage(path);
      for (const line of data.missing_lines) file.lines.set(line, 0);
      for (const line of data.executed_lines) file.lines.set(line, 1);
      const branch = ([from, to]: [number, number], count: number) =>
        file.branches.push({ line: from, count, label: to < 0 ? `line ${from} to the exit` : `line ${from} to ${to}` });
      for (const arc of data.executed_branches ?? []) branch(arc, 1);
      for (const arc of data.missing_branches ?? []) branch(arc, 0);
      files.push(file);
    }
  }
  return { files, missingCoverage: [...missing] };
}
