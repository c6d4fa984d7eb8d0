import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startApi, type LocalApi } from '../../../src/core/local/apiGateway/server';
import { MANAGEMENT_ENDPOINT_VARIABLE } from '../../../src/core/local/webSocket/gateway';
import type { FunctionSpec } from '../../../src/core/model';
import { fakeFunction, fakeResult, within } from '../../unit/local/fakes';

const template = `
Transform: AWS::Serverless-2016-10-31
Resources:
  ChatApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: chat
      ProtocolType: WEBSOCKET
      RouteSelectionExpression: $request.body.action
  ConnectRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref ChatApi
      RouteKey: $connect
      Target: !Join [/, [integrations, !Ref ConnectIntegration]]
  ConnectIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref ChatApi
      IntegrationType: AWS_PROXY
      IntegrationUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${OnConnect.Arn}/invocations
  DisconnectRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref ChatApi
      RouteKey: $disconnect
      Target: !Sub integrations/\${DisconnectIntegration}
  DisconnectIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref ChatApi
      IntegrationType: AWS_PROXY
      IntegrationUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${OnConnect.Arn}/invocations
  SendRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref ChatApi
      RouteKey: sendmessage
      Target: !Join [/, [integrations, !Ref SendIntegration]]
  SendIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref ChatApi
      IntegrationType: AWS_PROXY
      IntegrationUri: !Join ['', ['arn:aws:apigateway:', !Ref AWS::Region, ':lambda:path/2015-03-31/functions/', !GetAtt Send.Arn, /invocations]]
  EchoRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref ChatApi
      RouteKey: echo
      RouteResponseSelectionExpression: $default
      Target: !Join [/, [integrations, !Ref SendIntegration]]
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref ChatApi
      StageName: dev
  OnConnect:
    Type: AWS::Serverless::Function
  Send:
    Type: AWS::Serverless::Function
`;

function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return within(
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
      ws.once('error', reject);
    }),
  );
}

function nextMessage(ws: WebSocket): Promise<string> {
  return within(
    new Promise((resolve) => ws.once('message', (data) => resolve(data.toString()))),
    5000,
    'a WebSocket message',
  );
}

describe('WebSocket APIs declared with AWS::ApiGatewayV2 resources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-ws-'));
  const templatePath = join(dir, 'template.yaml');
  writeFileSync(templatePath, template);
  const fn = (name: string): FunctionSpec => fakeFunction(name, [], { id: `${templatePath}#${name}`, templatePath });
  const events: Array<Record<string, any>> = [];
  const envs: string[] = [];
  let api: LocalApi;
  let disconnected: () => void;
  const disconnect = new Promise<void>((resolve) => (disconnected = resolve));

  before(async () => {
    api = await startApi({
      functions: [fn('OnConnect'), fn('Send')],
      invoke: async (f, payload) => {
        const event = JSON.parse(payload.toString());
        events.push(event);
        envs.push(f.environment[MANAGEMENT_ENDPOINT_VARIABLE]);
        const ctx = event.requestContext;
        if (ctx.eventType === 'CONNECT')
          return fakeResult(f, 'success', { statusCode: event.queryStringParameters?.token === 'bad' ? 401 : 200 });
        if (ctx.eventType === 'DISCONNECT') {
          disconnected();
          return fakeResult(f, 'success', { statusCode: 200 });
        }
        const body = JSON.parse(event.body);
        if (body.action === 'sendmessage') {
          const endpoint = f.environment[MANAGEMENT_ENDPOINT_VARIABLE];
          const posted = await fetch(`${endpoint}/${ctx.stage}/@connections/${encodeURIComponent(ctx.connectionId)}`, {
            method: 'POST',
            body: `echo: ${body.text}`,
          });
          assert.equal(posted.status, 200);
          return fakeResult(f, 'success', { statusCode: 200 });
        }
        if (body.action === 'echo') return fakeResult(f, 'success', { statusCode: 200, body: `reply to ${body.text}` });
        return fakeResult(f, 'error', { errorType: 'Error', errorMessage: 'no' });
      },
    });
  });
  after(() => api.close());

  test('the routes come from the template', () => {
    const ws = api.routes.filter((r) => r.kind === 'websocket').map((r) => `${r.path}->${r.functionName}`);
    assert.deepEqual(ws.sort(), ['$connect->OnConnect', '$disconnect->OnConnect', 'echo->Send', 'sendmessage->Send']);
  });

  test('connect, route by action, post back through @connections, two-way replies, disconnect', async () => {
    const client = await open(`${api.url.replace('http', 'ws')}/?room=1`, { 'X-Client': 'test' });
    const connect = events.find((e) => e.requestContext.eventType === 'CONNECT')!;
    assert.equal(connect.requestContext.routeKey, '$connect');
    assert.equal(connect.requestContext.stage, 'dev');
    assert.equal(connect.requestContext.messageDirection, 'IN');
    assert.match(connect.requestContext.connectionId, /^[A-Za-z0-9+/]+=*$/);
    assert.equal(connect.headers['X-Client'], 'test');
    assert.deepEqual(connect.queryStringParameters, { room: '1' });
    assert.deepEqual(connect.multiValueQueryStringParameters, { room: ['1'] });
    assert.equal(connect.isBase64Encoded, false);
    const connectionId = connect.requestContext.connectionId;

    const posted = nextMessage(client);
    client.send(JSON.stringify({ action: 'sendmessage', text: 'hi' }));
    assert.equal(await posted, 'echo: hi');
    const message = events.find((e) => e.requestContext.eventType === 'MESSAGE')!;
    assert.equal(message.requestContext.routeKey, 'sendmessage');
    assert.equal(message.requestContext.connectionId, connectionId);
    assert.equal(message.body, JSON.stringify({ action: 'sendmessage', text: 'hi' }));
    assert.match(message.requestContext.messageId, /.+/);
    assert.ok(envs.every((e) => e === api.url));

    const reply = nextMessage(client);
    client.send(JSON.stringify({ action: 'echo', text: 'ping' }));
    assert.equal(await reply, 'reply to ping');

    const forbidden = nextMessage(client);
    client.send('not json');
    const answer = JSON.parse(await forbidden);
    assert.equal(answer.message, 'Forbidden');
    assert.equal(answer.connectionId, connectionId);

    const info = await within(fetch(`${api.url}/@connections/${encodeURIComponent(connectionId)}`));
    assert.equal(info.status, 200);
    const body = (await info.json()) as { Identity: { SourceIp: string }; ConnectedAt: string };
    assert.equal(body.Identity.SourceIp, '127.0.0.1');
    assert.ok(!Number.isNaN(Date.parse(body.ConnectedAt)));

    const closed = within(new Promise((resolve) => client.once('close', (code) => resolve(code))));
    const deleted = await within(
      fetch(`${api.url}/@connections/${encodeURIComponent(connectionId)}`, { method: 'DELETE' }),
    );
    assert.equal(deleted.status, 204);
    assert.equal(await closed, 1000);
    await within(disconnect, 5000, 'the $disconnect event');
    const gone = events.find((e) => e.requestContext.eventType === 'DISCONNECT')!;
    assert.equal(gone.requestContext.routeKey, '$disconnect');
    assert.equal(gone.requestContext.connectionId, connectionId);
    const afterClose = await within(
      fetch(`${api.url}/@connections/${encodeURIComponent(connectionId)}`, { method: 'POST', body: 'x' }),
    );
    assert.equal(afterClose.status, 410);
    assert.equal(afterClose.headers.get('x-amzn-errortype'), 'GoneException');
  });

  test('a $connect handler answering 401 refuses the connection', async () => {
    await assert.rejects(open(`${api.url.replace('http', 'ws')}/?token=bad`), /refused with 401/);
  });
});

test('serverless.yml websocket events (mapped to WebSocket) route with the default selection expression', async () => {
  const handler = fakeFunction('ws', [
    { name: 'WebSocket0', type: 'WebSocket', properties: { route: '$default' } },
    {
      name: 'WebSocket1',
      type: 'WebSocket',
      properties: { route: 'ping', routeResponseSelectionExpression: '$default' },
    },
  ]);
  const seen: string[] = [];
  const api = await startApi({
    functions: [handler],
    invoke: async (f, payload) => {
      const event = JSON.parse(payload.toString());
      seen.push(event.requestContext.routeKey);
      return event.requestContext.routeKey === 'ping'
        ? fakeResult(f, 'success', { statusCode: 200, body: 'pong' })
        : fakeResult(f, 'error', { errorMessage: 'x' });
    },
  });
  try {
    const client = await open(api.url.replace('http', 'ws'));
    const pong = nextMessage(client);
    client.send('{"action":"ping"}');
    assert.equal(await pong, 'pong');
    const failure = nextMessage(client);
    client.send('{"action":"other"}');
    assert.equal(JSON.parse(await failure).message, 'Internal server error');
    assert.deepEqual(seen, ['ping', '$default']);
    client.close();
  } finally {
    await api.close();
  }
});
