import * as vscode from 'vscode';
import type { FileCoverage } from '../../core/testing';

/** A file's coverage as the editor shows it: totals up front, the lines, branches and functions when opened. */
export class LambdaFileCoverage extends vscode.FileCoverage {
  constructor(readonly data: FileCoverage) {
    const lines = [...data.lines.values()];
    super(
      vscode.Uri.file(data.path),
      new vscode.TestCoverageCount(lines.filter((c) => c > 0).length, lines.length),
      new vscode.TestCoverageCount(data.branches.filter((b) => b.count > 0).length, data.branches.length),
      new vscode.TestCoverageCount(data.functions.filter((f) => f.count > 0).length, data.functions.length),
    );
  }

  /** Statement coverage per line (its branches under the line they start on), then the functions. */
  details(): vscode.FileCoverageDetail[] {
    const branchesOf = new Map<number, vscode.BranchCoverage[]>();
    for (const b of this.data.branches) {
      const at = new vscode.Position(b.line - 1, b.column ?? 0);
      branchesOf.set(b.line, [...(branchesOf.get(b.line) ?? []), new vscode.BranchCoverage(b.count, at, b.label)]);
    }
    const statements = [...this.data.lines].map(
      ([line, count]) =>
        new vscode.StatementCoverage(count, new vscode.Position(line - 1, 0), branchesOf.get(line) ?? []),
    );
    const declarations = this.data.functions.map(
      (f) => new vscode.DeclarationCoverage(f.name, f.count, new vscode.Position(f.line - 1, 0)),
    );
    return [...statements, ...declarations];
  }
}
