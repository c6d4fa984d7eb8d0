/** Saved events as regression tests: expectations beside the events, comparison with ignored paths, the runner. */
export { compareResult, prettyJson, type Comparison } from './compare';
export { parseIgnorePath, withoutPaths } from './ignorePaths';
export { parseExpectation, formatExpectation, type Expectation } from './expectation';
export { findEventTests, runEventTests, type EventTest, type TestOutcome, type Invoker } from './testRunner';
export { junitXml } from './junit';
export { CoverageRun, lcovReport, type CoverageReport, type FileCoverage } from './coverage';
