import { relative, sep } from 'node:path';
import type { FileCoverage } from './fileCoverage';

/**
 * An lcov tracefile (the format of `geninfo`, read by genhtml, Codecov, Coveralls and editors' coverage gutters):
 * one record per source file with its functions (FN/FNDA), branches (BRDA) and lines (DA), and their totals.
 * Paths are relative to `root` when given, so the report reads the same on every machine.
 */
export function lcovReport(files: FileCoverage[], root?: string): string {
  const out: string[] = [];
  for (const file of files) {
    const path = root ? relative(root, file.path).split(sep).join('/') : file.path;
    out.push('TN:', `SF:${path}`);
    for (const fn of file.functions) out.push(`FN:${fn.line},${fn.name}`);
    for (const fn of file.functions) out.push(`FNDA:${fn.count},${fn.name}`);
    out.push(`FNF:${file.functions.length}`, `FNH:${file.functions.filter((f) => f.count > 0).length}`);
    // BRDA numbers each branch within its line: block 0, 1... in the order they start.
    const perLine = new Map<number, number>();
    for (const branch of file.branches) {
      const number = perLine.get(branch.line) ?? 0;
      perLine.set(branch.line, number + 1);
      out.push(`BRDA:${branch.line},0,${number},${branch.count}`);
    }
    out.push(`BRF:${file.branches.length}`, `BRH:${file.branches.filter((b) => b.count > 0).length}`);
    for (const [line, count] of file.lines) out.push(`DA:${line},${count}`);
    out.push(`LF:${file.lines.size}`, `LH:${[...file.lines.values()].filter((c) => c > 0).length}`, 'end_of_record');
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
