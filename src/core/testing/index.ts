/** Saved events as regression tests: expectations beside the events, comparison with ignored paths, the runner. */
export { compareResult, prettyJson, type Comparison } from './compare';
export { parseIgnorePath, withoutPaths } from './ignorePaths';
export { parseExpectation, formatExpectation, type Expectation } from './expectation';
export {
  actualOf,
  findEventTests,
  recordExpectation,
  runEventTests,
  type ActualResult,
  type EventTest,
  type FindTestsOptions,
  type TestOutcome,
  type Invoker,
} from './testRunner';
export { junitXml } from './junit';
export { CoverageRun, lcovReport, type CoverageReport, type FileCoverage } from './coverage';
export { stackFrames, type ErrorFrame } from './errorFrames';
