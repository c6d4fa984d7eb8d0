/** Coverage of the functions' own sources while tests run: V8's for Node.js, coverage.py's for Python; lcov out. */
export { CoverageRun, PYTHON_COVERAGE_VARIABLE, missingCoverageNote } from './coverageRun';
export {
  mergeFileCoverage,
  type BranchHit,
  type CoverageReport,
  type FileCoverage,
  type FunctionHit,
} from './fileCoverage';
export { lcovReport } from './lcov';
export { readV8Coverage } from './v8Coverage';
export { readPythonCoverage } from './pythonCoverage';
