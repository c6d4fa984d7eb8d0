import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiTooltip, functionUrlLines } from '../../../src/extension/local/localText';
import { describeEventSource, describeFunctionUrl } from '../../../src/extension/tree/nodes';
import { testFunction } from '../../support/functions';

const served = {
  functionId: 'f',
  functionName: 'Live',
  url: 'http://127.0.0.1:4100/',
  port: 4100,
  authType: 'AWS_IAM' as const,
  invokeMode: 'RESPONSE_STREAM' as const,
};

test('the Local API listing names each function URL with its address, auth type and invoke mode', () => {
  assert.deepEqual(functionUrlLines([served]), [
    '  URL http://127.0.0.1:4100/ → Live (function URL, AWS_IAM, RESPONSE_STREAM)',
  ]);
  assert.match(apiTooltip('http://127.0.0.1:3000', [], [served]), /URL http:\/\/127\.0\.0\.1:4100\/ → Live/);
});

test('the Functions tree shows a function URL, with its local address while served', () => {
  const fn = testFunction('/code', 'app.handler', {
    url: { authType: 'NONE', invokeMode: 'BUFFERED', declaredBy: 'FunctionUrlConfig' },
  });
  assert.deepEqual(describeFunctionUrl(fn, undefined).description, 'NONE · BUFFERED');
  assert.match(describeFunctionUrl(fn, undefined).tooltip, /served on its own port while the local API runs/);
  assert.equal(
    describeFunctionUrl(fn, 'http://127.0.0.1:4100/').description,
    'http://127.0.0.1:4100/ · NONE · BUFFERED',
  );
});

test('plugin event sources read as the developer wrote them', () => {
  assert.equal(
    describeEventSource({
      name: 'ReportFlow.Render',
      type: 'StepFunctionsTask',
      properties: { StateMachine: 'ReportFlow', State: 'Render' },
    }),
    'ReportFlow › Render',
  );
  assert.equal(
    describeEventSource({ name: 'stripeWebhook', type: 'HttpApiAuthorizer', properties: { Path: '/stripe' } }),
    'authorizer of /stripe',
  );
});
