// The tests module VS Code loads into the extension host (extensionTestsPath): bundled by scripts/build.mjs into
// dist/test/vscode/suite.js with 'vscode' and 'mocha' left outside. Add every new test file here, after mochaSetup.
import { runMocha } from './mochaSetup';
import './extension.test';
import './functions.test';
import './harness.test';
import './debug.test';
import './lambdaDebug.test';
import './localApi.test';
import './deploy.test';
import './deployedActions.test';
import './liveEdits.test';
import './eventTests.test';
import './firstHour.test';
import './eventTestProfiles.test';
import './flows.test';

/** Entry point VS Code calls: runs the suite; a rejection makes the editor exit with code 1. */
export function run(): Promise<void> {
  return runMocha();
}
