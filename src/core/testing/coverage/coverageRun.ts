import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import type { FunctionSpec } from '../../model';
import type { Invoker } from '../testRunner';
import { mergeFileCoverage, type CoverageReport } from './fileCoverage';
import { readPythonCoverage } from './pythonCoverage';
import { readV8Coverage } from './v8Coverage';

/** The folder the Python runtime client writes its coverage into, when this variable names one. */
export const PYTHON_COVERAGE_VARIABLE = 'LAMBDA_WORKBENCH_COVERAGE';

/**
 * One run of tests under coverage. Its functions start on fresh instances with NODE_V8_COVERAGE (V8's own precise
 * coverage; the Node.js runtime client writes a take after every invocation) and LAMBDA_WORKBENCH_COVERAGE (the
 * Python runtime client measures with coverage.py when it can import it) set to a folder of the run's own;
 * `collect` reads that folder into per-file counts of the functions' own sources and removes it.
 */
export class CoverageRun {
  private readonly used = new Map<string, FunctionSpec>();

  private constructor(readonly dir: string) {}

  static async start(): Promise<CoverageRun> {
    return new CoverageRun(await mkdtemp(join(tmpdir(), 'lambda-workbench-coverage-')));
  }

  /** The function as the run starts it: its own environment plus the coverage variables. */
  instrument(fn: FunctionSpec): FunctionSpec {
    this.used.set(fn.id, fn);
    return {
      ...fn,
      environment: { ...fn.environment, NODE_V8_COVERAGE: this.dir, [PYTHON_COVERAGE_VARIABLE]: this.dir },
    };
  }

  /** An invoker that runs every function instrumented. */
  invoker(inner: Invoker): Invoker {
    return { invoke: (fn, payload) => inner.invoke(this.instrument(fn), payload) };
  }

  /**
   * What the run measured in the sources under the functions' code folders (dependencies left out), and a note for
   * each thing it could not measure. Call it once every invocation has ended; the folder is removed.
   */
  async collect(): Promise<CoverageReport> {
    const roots = [...new Set([...this.used.values()].map((fn) => resolve(fn.codeDir) + sep))];
    const include = (path: string) =>
      roots.some((root) => path.startsWith(root)) &&
      !/[\\/](node_modules|site-packages|dist-packages|__pycache__)[\\/]/.test(path);
    try {
      const node = await readV8Coverage(this.dir, include);
      const python = await readPythonCoverage(this.dir, include);
      return {
        files: mergeFileCoverage([...node, ...python.files]),
        notes: [...this.unmeasured(), ...python.missingCoverage.map(missingCoverageNote)],
      };
    } finally {
      await rm(this.dir, { recursive: true, force: true });
    }
  }

  private unmeasured(): string[] {
    const others = [...this.used.values()].filter((fn) => !/^(nodejs|python)/.test(fn.runtime));
    if (!others.length) return [];
    const list = others.map((fn) => `${fn.name} (${fn.runtime})`).join(', ');
    return [`coverage is measured for Node.js and Python functions: ${list} ran without it`];
  }
}

/** What to install when a Python interpreter has no coverage.py, said once per interpreter. */
export function missingCoverageNote(python: string): string {
  return `Python coverage needs the coverage package, which ${python} cannot import: install it with "${python} -m pip install coverage" (in the virtualenv the function runs in, if it has one); the Python functions ran without coverage`;
}
