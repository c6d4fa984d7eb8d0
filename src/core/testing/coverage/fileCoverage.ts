/** A branch V8 or coverage.py saw: where it starts and how often it was taken. */
export interface BranchHit {
  /** 1-based line of the branch's start in the source file. */
  line: number;
  /** 0-based column of the branch's start, when known. */
  column?: number;
  count: number;
  /** What the branch is, for the user: `block at 12:5` or `line 12 to 14`. */
  label: string;
}

/** A function and how often it was called. */
export interface FunctionHit {
  name: string;
  /** 1-based line where the function starts. */
  line: number;
  count: number;
}

/** The coverage of one source file: executable lines with their counts, branches and functions. */
export interface FileCoverage {
  /** Absolute path of the source file (the original source when a source map led there). */
  path: string;
  /** 1-based line number to how many times it ran (0: not run). Only lines with code are present. */
  lines: Map<number, number>;
  branches: BranchHit[];
  functions: FunctionHit[];
}

/** What a coverage run measured, and what the user should know about what it could not measure. */
export interface CoverageReport {
  files: FileCoverage[];
  /** One sentence each: functions whose runtime has no coverage here, a Python without `coverage`... */
  notes: string[];
}

/** An empty file coverage, to be filled in. */
export function emptyFileCoverage(path: string): FileCoverage {
  return { path, lines: new Map(), branches: [], functions: [] };
}

/**
 * Folds file coverages of the same files together (several instances, several runs): line and function counts add
 * up, branches at the same place add up; files come out sorted by path.
 */
export function mergeFileCoverage(parts: FileCoverage[]): FileCoverage[] {
  const byPath = new Map<string, FileCoverage>();
  for (const part of parts) {
    const into = byPath.get(part.path) ?? emptyFileCoverage(part.path);
    byPath.set(part.path, into);
    for (const [line, count] of part.lines) into.lines.set(line, (into.lines.get(line) ?? 0) + count);
    for (const branch of part.branches) {
      const same = into.branches.find(
        (b) => b.line === branch.line && b.column === branch.column && b.label === branch.label,
      );
      if (same) same.count += branch.count;
      else into.branches.push({ ...branch });
    }
    for (const fn of part.functions) {
      const same = into.functions.find((f) => f.line === fn.line && f.name === fn.name);
      if (same) same.count += fn.count;
      else into.functions.push({ ...fn });
    }
  }
  for (const file of byPath.values()) {
    file.lines = new Map([...file.lines].sort((a, b) => a[0] - b[0]));
    file.branches.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
    file.functions.sort((a, b) => a.line - b.line);
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
