import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { AwsError, DeployCancelledError, toAwsError } from '../../src/core/aws';
import { errorLine, isWorkbenchError, renderError, WorkbenchError } from '../../src/core/errors';
import { ExtractConflictError, PackagingError } from '../../src/core/packaging';
import { PackageLimitError } from '../../src/core/packaging/limits';
import { UsageError } from '../../src/cli/command';

test('a refusal renders as its message followed by what to do next, with its details', () => {
  const error = new WorkbenchError('port-in-use', 'Port 3000 is already in use.', {
    next: 'Set lambdaWorkbench.api.port to another port.',
    setting: 'lambdaWorkbench.api.port',
  });
  assert.deepEqual(renderError(error), {
    code: 'port-in-use',
    refusal: true,
    message: 'Port 3000 is already in use.',
    text: 'Port 3000 is already in use. Set lambdaWorkbench.api.port to another port.',
    next: 'Set lambdaWorkbench.api.port to another port.',
    location: undefined,
    setting: 'lambdaWorkbench.api.port',
    extension: undefined,
  });
  assert.equal(
    errorLine('Start local API', error),
    'Port 3000 is already in use. Set lambdaWorkbench.api.port to another port.',
    'a refusal is shown as it is',
  );
});

test('a failure is named by the action that failed; anything that is not of the vocabulary is an internal error', () => {
  const packaging = new PackagingError('src/app.ts:2:14: Unexpected ";"', {
    file: '/w/src/app.ts',
    line: 1,
    column: 13,
  });
  assert.equal(errorLine('Deploy', packaging), 'Deploy failed: src/app.ts:2:14: Unexpected ";"');
  assert.deepEqual(renderError(packaging).location, { file: '/w/src/app.ts', line: 1, column: 13 });
  assert.equal(renderError(packaging).refusal, false);
  const crash = new TypeError("Cannot read properties of undefined (reading 'id')");
  assert.deepEqual(renderError(crash), {
    code: 'internal',
    refusal: false,
    message: "Cannot read properties of undefined (reading 'id')",
    text: "Cannot read properties of undefined (reading 'id')",
  });
  assert.equal(errorLine('Run', crash), "Run failed: Cannot read properties of undefined (reading 'id')");
  assert.equal(renderError('a string was thrown').text, 'a string was thrown');
});

test('each error class of the core and the CLI carries its code, and keeps its name for the log', () => {
  const cases: Array<[Error, string, string, boolean]> = [
    [new UsageError('--port needs a value'), 'usage', 'UsageError', true],
    [
      new DeployCancelledError('Deploy of orders cancelled: nothing was changed.'),
      'cancelled',
      'DeployCancelledError',
      true,
    ],
    [new PackageLimitError('The package is 60 MB zipped'), 'package-limit', 'PackageLimitError', true],
    [new ExtractConflictError(['index.js']), 'extract-conflict', 'ExtractConflictError', true],
    [new PackagingError('no handler module'), 'packaging', 'PackagingError', false],
    [new AwsError('Access denied', 'access-denied', 'AccessDeniedException'), 'aws', 'AwsError', false],
    [new AwsError('lambda:GetFunction was cancelled.', 'cancelled', 'AbortError'), 'cancelled', 'AwsError', true],
  ];
  for (const [error, code, name, refusal] of cases) {
    assert.ok(isWorkbenchError(error, code as never), `${name} is a WorkbenchError of code ${code}`);
    assert.equal(error.name, name);
    assert.equal(renderError(error).refusal, refusal, `${name} refusal`);
  }
  assert.equal(isWorkbenchError(new UsageError('x'), 'aws'), false, 'the code must match when one is asked for');
});

test('an AWS SDK error becomes an aws error of the vocabulary, with the SDK name kept', () => {
  const sdk = Object.assign(new Error('User is not authorized'), {
    name: 'AccessDeniedException',
    $metadata: { httpStatusCode: 403 },
  });
  const error = toAwsError(sdk, { action: 'lambda:UpdateFunctionCode', resource: 'orders' });
  assert.ok(isWorkbenchError(error, 'aws'));
  assert.equal(
    errorLine('Deploy', error),
    'Deploy failed: Access denied: your AWS identity is not allowed to call lambda:UpdateFunctionCode on orders. Ask for the lambda:UpdateFunctionCode permission.',
  );
});

test('an error from another bundle (another copy of the class) is recognised; a look-alike is not', () => {
  // A separately built bundle has its own WorkbenchError class; the registered symbol is what they share.
  const foreign = runInNewContext(
    `(() => { const e = new Error('Port 1 is in use'); e.code = 'port-in-use'; e[Symbol.for('lambda-workbench.error')] = true; return e; })()`,
  );
  assert.equal(foreign instanceof WorkbenchError, false);
  assert.equal(isWorkbenchError(foreign, 'port-in-use'), true);
  assert.equal(renderError(foreign).refusal, true);
  const lookAlike = Object.assign(new Error('Port 1 is in use'), { code: 'port-in-use', name: 'WorkbenchError' });
  assert.equal(isWorkbenchError(lookAlike), false);
  assert.equal(renderError(lookAlike).code, 'internal');
});
