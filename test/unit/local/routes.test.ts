import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRoutes, matchRoute, normalizePath } from '../../../src/core/local/apiGateway/routes';
import type { ApiSettings } from '../../../src/core/local/apiGateway/apiSettings';
import { fakeFunction } from './fakes';

const settings: ApiSettings = { logicalId: 'ServerlessHttpApi', apiId: 'abc', stage: '$default', binaryMediaTypes: [] };
const http = (name: string, Path: string | undefined, Method: string | undefined) =>
  fakeFunction(name, [
    {
      name: 'E',
      type: 'HttpApi',
      properties: { ...(Path !== undefined ? { Path } : {}), ...(Method !== undefined ? { Method } : {}) },
    },
  ]);

test('the most specific route wins: static, then parameter, then greedy, then ANY, then $default', () => {
  const routes = buildRoutes(
    [
      http('Default', undefined, undefined),
      http('Greedy', '/{proxy+}', 'any'),
      http('Param', '/items/{id}', 'get'),
      http('Static', '/items/new', 'get'),
      http('AnyItem', '/items/{id}', 'ANY'),
    ],
    () => settings,
  );
  const pick = (method: string, path: string) => matchRoute(routes, method, path).match;
  assert.equal(pick('GET', '/items/new')?.route.fn.name, 'Static');
  assert.deepEqual(pick('GET', '/items/42'), {
    route: routes.find((r) => r.fn.name === 'Param'),
    pathParameters: { id: '42' },
  });
  assert.equal(pick('DELETE', '/items/42')?.route.fn.name, 'AnyItem');
  assert.deepEqual(pick('POST', '/a/b%20c/d')?.pathParameters, { proxy: 'a/b c/d' });
  assert.equal(pick('POST', '/a/b')?.route.fn.name, 'Greedy');
  assert.equal(pick('GET', '/')?.route.fn.name, 'Default');
  assert.equal(pick('GET', '/')?.route.routeKey, '$default');
  assert.equal(routes.find((r) => r.fn.name === 'Param')?.routeKey, 'GET /items/{id}');
});

test('REST routes need a method, default to payload 1.0 and use the resource path as key', () => {
  const [route] = buildRoutes(
    [fakeFunction('R', [{ name: 'Orders', type: 'Api', properties: { Path: 'orders/{id}/', Method: 'post' } }])],
    () => settings,
  );
  assert.equal(route.kind, 'rest');
  assert.equal(route.path, '/orders/{id}');
  assert.equal(route.routeKey, '/orders/{id}');
  assert.equal(route.payloadFormatVersion, '1.0');
  assert.equal(matchRoute([route], 'GET', '/orders/1').match, undefined);
  assert.equal(matchRoute([route], 'POST', '/orders/').match, undefined);
  assert.throws(
    () => buildRoutes([fakeFunction('R', [{ name: 'X', type: 'Api', properties: { Path: '/x' } }])], () => settings),
    /R event X: Method must be one of/,
  );
});

test('PayloadFormatVersion 1.0 on an HTTP API is respected; bad paths are refused with the event named', () => {
  const [route] = buildRoutes(
    [
      fakeFunction('H', [
        { name: 'V1', type: 'HttpApi', properties: { Path: '/v1', Method: 'get', PayloadFormatVersion: '1.0' } },
      ]),
    ],
    () => settings,
  );
  assert.equal(route.payloadFormatVersion, '1.0');
  assert.throws(
    () => buildRoutes([http('B', '/a/{proxy+}/b', 'get')], () => settings),
    /B event E: the greedy parameter \{proxy\+\} must be the last part/,
  );
  assert.throws(() => buildRoutes([http('B', '/a/x{id}', 'get')], () => settings), /not a valid path part/);
  assert.throws(() => buildRoutes([http('B', '/a', 'fetch')], () => settings), /Method must be one of/);
});

test('serverless.yml httpApi "*" becomes the $default route and paths get their leading slash', () => {
  const [route] = buildRoutes([http('S', '$default', 'any')], () => settings);
  assert.equal(route.routeKey, '$default');
  assert.equal(normalizePath('users/{id}'), '/users/{id}');
  assert.equal(normalizePath('/'), '/');
});
