import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  corsFromHttpApi,
  corsFromRestApi,
  corsFromServerless,
  preflightHeaders,
  responseCorsHeaders,
} from '../../../src/core/local/apiGateway/cors';

test('SAM REST Cors strips the quotes SAM requires around values', () => {
  const rule = corsFromRestApi({
    AllowOrigin: "'https://app.example.com'",
    AllowMethods: "'GET,POST'",
    AllowHeaders: "'Content-Type'",
    MaxAge: "'600'",
  })!;
  assert.deepEqual(rule.allowOrigins, ['https://app.example.com']);
  assert.deepEqual(preflightHeaders(rule, 'https://app.example.com', 'content-type'), {
    'access-control-allow-origin': 'https://app.example.com',
    'access-control-allow-methods': 'GET,POST',
    'access-control-allow-headers': 'Content-Type',
    'access-control-max-age': '600',
    vary: 'Origin',
  });
  assert.equal(preflightHeaders(rule, 'https://evil.example.com', undefined), undefined);
  assert.deepEqual(corsFromRestApi("'*'")?.allowOrigins, ['*']);
});

test('HTTP API CorsConfiguration echoes requested headers for * and adds expose/credentials headers', () => {
  const rule = corsFromHttpApi({
    AllowOrigins: ['*'],
    AllowHeaders: ['*'],
    AllowMethods: ['GET'],
    ExposeHeaders: ['x-total'],
    MaxAge: 300,
  })!;
  assert.equal(
    preflightHeaders(rule, 'http://localhost:3000', 'x-custom')?.['access-control-allow-headers'],
    'x-custom',
  );
  assert.deepEqual(responseCorsHeaders(rule, 'http://localhost:3000'), {
    'access-control-allow-origin': '*',
    'access-control-expose-headers': 'x-total',
  });
  assert.throws(() => corsFromHttpApi('yes'), /CorsConfiguration must be true or a mapping/);
  assert.equal(corsFromHttpApi(undefined), undefined);
});

test('serverless.yml cors: true allows any origin; credentials echo the origin', () => {
  assert.deepEqual(corsFromServerless(true)?.allowOrigins, ['*']);
  const rule = corsFromServerless({ origin: '*', allowCredentials: true })!;
  assert.deepEqual(responseCorsHeaders(rule, 'http://a.test'), {
    'access-control-allow-origin': 'http://a.test',
    'access-control-allow-credentials': 'true',
    vary: 'Origin',
  });
});
