// Prints each test's outcome as it arrives and keeps the counts for the closing line.
import type { TestResult } from './protocol';

/** The outcomes of one run of the in-editor suite and the UI tests. */
export class Results {
  passed = 0;
  failed = 0;
  skipped = 0;

  /** Prints one outcome and counts it. */
  add(result: TestResult): void {
    if (result.state === 'passed') {
      this.passed++;
      console.log(`  ✔ ${result.title} (${result.durationMs} ms)`);
    } else if (result.state === 'pending') {
      this.skipped++;
      console.log(`  - ${result.title} (skipped)`);
    } else {
      this.failed++;
      console.log(`  ✘ ${result.title} (${result.durationMs} ms)`);
      const detail = (result.error ?? 'failed without an error message').split('\n').slice(0, 12);
      for (const line of detail) console.log(`      ${line}`);
    }
  }

  /** Records a failure of the harness itself (VS Code not starting, the suite not finishing). */
  fail(title: string, error: string): void {
    this.add({ title, state: 'failed', durationMs: 0, error });
  }

  /** What ran so far: executed (passed or failed), skipped, failed. */
  counts(): { executed: number; skipped: number; failed: number } {
    return { executed: this.passed + this.failed, skipped: this.skipped, failed: this.failed };
  }

  /** The closing line: `N passed, N failed, N skipped`. */
  summary(): string {
    return `${this.passed} passed, ${this.failed} failed, ${this.skipped} skipped`;
  }
}
