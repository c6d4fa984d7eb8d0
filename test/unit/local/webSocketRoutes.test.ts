import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTemplate } from '../../../src/core/local/cfnTemplate';
import { refersTo, webSocketRoutesFromTemplate } from '../../../src/core/local/webSocket/webSocketRoutes';
import { selectRouteKey, selectionPath } from '../../../src/core/local/webSocket/events';
import { fakeFunction } from './fakes';

const base = (route: string, integration: string) => `
Resources:
  Chat:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      ProtocolType: WEBSOCKET
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Chat
${route}
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Chat
${integration}
  Handler:
    Type: AWS::Serverless::Function
`;

test('a route without an integration target, or an integration without a function, is refused clearly', () => {
  const noTarget = parseTemplate(base('      RouteKey: $default', '      IntegrationUri: !GetAtt Handler.Arn'));
  assert.throws(
    () => webSocketRoutesFromTemplate(noTarget, [fakeFunction('Handler')]),
    /Route: Target must refer to an AWS::ApiGatewayV2::Integration/,
  );
  const noFunction = parseTemplate(
    base(
      '      RouteKey: $default\n      Target: !Sub integrations/${Integration}',
      '      IntegrationUri: arn:aws:lambda:x',
    ),
  );
  assert.throws(
    () => webSocketRoutesFromTemplate(noFunction, [fakeFunction('Handler')]),
    /Integration: IntegrationUri does not refer to a function/,
  );
  const ok = parseTemplate(
    base(
      '      RouteKey: $default\n      Target: !Sub integrations/${Integration}',
      '      IntegrationUri: !GetAtt Handler.Arn',
    ),
  );
  const [route] = webSocketRoutesFromTemplate(ok, [fakeFunction('Handler')]);
  assert.deepEqual(
    [route.routeKey, route.stage, route.routeSelectionExpression, route.twoWay, route.fn.name],
    ['$default', '$default', '$request.body.action', false, 'Handler'],
  );
});

test('HTTP APIs in the same template are not WebSocket APIs', () => {
  const http = parseTemplate(
    base(
      '      RouteKey: GET /a\n      Target: !Sub integrations/${Integration}',
      '      IntegrationUri: !GetAtt Handler.Arn',
    ).replace('WEBSOCKET', 'HTTP'),
  );
  assert.deepEqual(webSocketRoutesFromTemplate(http, [fakeFunction('Handler')]), []);
});

test('refersTo finds Ref, GetAtt and ${} references inside Sub and Join', () => {
  assert.deepEqual(
    refersTo({
      'Fn::Join': ['', ['a', { Ref: 'X' }, { 'Fn::GetAtt': ['Y', 'Arn'] }, { 'Fn::Sub': 'p/${Z.Arn}/${AWS::Region}' }]],
    }),
    ['X', 'Y', 'Z'],
  );
});

test('route selection reads $request.body.<path> and falls back to $default', () => {
  assert.equal(selectRouteKey('$request.body.action', '{"action":"send"}'), 'send');
  assert.equal(selectRouteKey('$request.body.meta.type', '{"meta":{"type":"join"}}'), 'join');
  assert.equal(selectRouteKey('$request.body.action', '{"other":1}'), '$default');
  assert.equal(selectRouteKey('$request.body.action', 'plain text'), '$default');
  assert.throws(() => selectionPath('$request.header.x'), /is not supported locally; use \$request\.body\.<field>/);
});
