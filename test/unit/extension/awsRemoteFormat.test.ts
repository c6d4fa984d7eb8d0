import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConfigChange } from '../../../src/core/aws';
import { AwsError, DeployCancelledError } from '../../../src/core/aws';
import { renderError } from '../../../src/core/errors';
import {
  awsErrorKind,
  configurationRows,
  consoleUrl,
  describeChanges,
  describeRemoteFunction,
  formatLastModified,
  remoteSpec,
} from '../../../src/extension/aws/remoteFormat';

const CONFIG = {
  FunctionName: 'orders',
  FunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:orders',
  Runtime: 'nodejs20.x' as const,
  Handler: 'index.handler',
  MemorySize: 512,
  Timeout: 10,
  Architectures: ['arm64' as const],
  CodeSize: 1234,
  LastModified: '2024-05-01T10:20:30.000+0000',
  State: 'Active' as const,
  LastUpdateStatus: 'Successful' as const,
  Role: 'arn:aws:iam::111122223333:role/orders',
  Environment: { Variables: { TABLE: 'orders-table', API_KEY: 'super-secret' } },
};

describe('the AWS console address', () => {
  test('of a function, a version and an alias, in each partition', () => {
    assert.equal(
      consoleUrl('eu-west-1', 'orders'),
      'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/orders',
    );
    assert.equal(
      consoleUrl('eu-west-1', 'orders', '3'),
      'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/orders/versions/3',
    );
    assert.equal(
      consoleUrl('eu-west-1', 'orders', 'live'),
      'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/orders/aliases/live',
    );
    assert.equal(consoleUrl('eu-west-1', 'orders', '$LATEST'), consoleUrl('eu-west-1', 'orders'));
    assert.equal(
      consoleUrl('cn-north-1', 'orders'),
      'https://cn-north-1.console.amazonaws.cn/lambda/home?region=cn-north-1#/functions/orders',
    );
    assert.equal(
      consoleUrl('us-gov-west-1', 'orders'),
      'https://console.amazonaws-us-gov.com/lambda/home?region=us-gov-west-1#/functions/orders',
    );
  });
});

describe('a deployed function in the tree', () => {
  test('its description: runtime, memory, last modified (UTC)', () => {
    assert.equal(describeRemoteFunction(CONFIG), 'nodejs20.x · 512 MB · 2024-05-01 10:20');
    assert.equal(describeRemoteFunction({ PackageType: 'Image' }), 'container image · 128 MB · unknown');
    assert.equal(formatLastModified('2024-05-01T23:59:00.000-0200'), '2024-05-02 01:59');
    assert.equal(formatLastModified('yesterday'), 'yesterday');
  });

  test('its configuration rows name environment variables but never show their values', () => {
    const rows = Object.fromEntries(configurationRows(CONFIG).map((r) => [r.label, r.value]));
    assert.equal(rows.Memory, '512 MB');
    assert.equal(rows.Timeout, '10 s');
    assert.equal(rows.Architectures, 'arm64');
    assert.equal(rows.State, 'Active, Successful');
    assert.equal(rows.Environment, 'API_KEY, TABLE');
    assert.ok(!JSON.stringify(rows).includes('super-secret'));
    assert.equal(rows.Layers, undefined);
  });

  test('stands as a function spec for the result panel, without its environment', () => {
    const spec = remoteSpec(CONFIG, 'eu-west-1', 'live');
    assert.equal(spec.id, 'remote:eu-west-1:orders:live');
    assert.equal(spec.name, 'orders:live (eu-west-1)');
    assert.deepEqual(spec.architectures, ['arm64']);
    assert.deepEqual(spec.environment, {});
    assert.equal(remoteSpec(CONFIG, undefined).name, 'orders (AWS)');
  });
});

describe('deploy messages', () => {
  test('the configuration confirmation lists the summaries, one per line', () => {
    const changes: ConfigChange[] = [
      { field: 'memorySize', label: 'Memory (MB)', from: 128, to: 256, summary: 'Memory (MB): 128 → 256' },
      { field: 'environment', label: 'Environment', from: {}, to: { A: 'x' }, summary: 'Environment: added A' },
    ];
    assert.deepEqual(describeChanges('orders', changes), {
      message: 'Deploying orders changes 2 settings of the deployed function.',
      detail: '• Memory (MB): 128 → 256\n• Environment: added A',
    });
    assert.match(describeChanges('orders', changes.slice(0, 1)).message, /changes one setting/);
  });

  test('AWS errors and cancellations are told apart by their code, whichever bundle made them', () => {
    const aws = new AwsError('denied', 'access-denied', 'AccessDeniedException');
    assert.equal(awsErrorKind(aws), 'access-denied');
    assert.equal(awsErrorKind(new Error('x')), undefined);
    assert.equal(
      awsErrorKind(Object.assign(new Error('denied'), { name: 'AwsError', kind: 'access-denied' })),
      undefined,
      'a look-alike is not an AwsError',
    );
    assert.equal(awsErrorKind(new DeployCancelledError('stop')), undefined);
    assert.equal(renderError(new DeployCancelledError('stop')).code, 'cancelled');
    assert.equal(renderError(new AwsError('Deploy was cancelled.', 'cancelled', 'AbortError')).code, 'cancelled');
    assert.equal(renderError(aws).code, 'aws');
  });
});
