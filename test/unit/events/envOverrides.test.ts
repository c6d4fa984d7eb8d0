import assert from 'node:assert/strict';
import { test } from 'node:test';
import { environmentFor, loadEnvOverrides } from '../../../src/core/events';

const fn = {
  name: 'OrdersFunction',
  functionName: 'prod-orders',
  environment: { TABLE: 'from-template', STAGE: 'dev', LEVEL: 'info' },
};

test('SAM precedence: template < Parameters < the function entry < settings', () => {
  const overrides = loadEnvOverrides(
    JSON.stringify({
      Parameters: { TABLE: 'from-parameters', STAGE: 'test' },
      OrdersFunction: { TABLE: 'from-function', RETRIES: 3 },
    }),
  );
  const result = environmentFor(fn, overrides, { LEVEL: 'debug', EXTRA: '1' });
  assert.deepEqual(result.environment, { TABLE: 'from-function', STAGE: 'test', LEVEL: 'debug', EXTRA: '1' });
  assert.deepEqual(result.warnings, [
    "env.json sets RETRIES for OrdersFunction, but the template does not declare it in the function's Environment.Variables, so it was ignored (as sam local does)",
  ]);
});

test('Parameters apply only to declared variables, silently; the FunctionName works as a key too', () => {
  const overrides = loadEnvOverrides(
    '{"Parameters": {"UNDECLARED": "x"}, "prod-orders": {"STAGE": "prod", "A": "1", "B": true}}',
  );
  const result = environmentFor(fn, overrides);
  assert.deepEqual(result.environment, { TABLE: 'from-template', STAGE: 'prod', LEVEL: 'info' });
  assert.match(result.warnings[0], /^env.json sets A, B for prod-orders, but .* so they were ignored/);
  assert.deepEqual(environmentFor(fn).environment, fn.environment);
});

test('bad env.json: specific errors', () => {
  assert.throws(
    () => loadEnvOverrides('{"Parameters": {"A": 1,}}'),
    /^Error: env.json is not valid JSON at line 1, column 24: Trailing comma/,
  );
  assert.throws(() => loadEnvOverrides('[]'), /env.json must be an object/);
  assert.throws(() => loadEnvOverrides('{"F": "x"}'), /env.json: F must be an object of variable names to values/);
  assert.throws(
    () => loadEnvOverrides('{"F": {"A": {"nested": 1}}}'),
    /env.json: F.A must be a string, number or boolean, got an object/,
  );
});
