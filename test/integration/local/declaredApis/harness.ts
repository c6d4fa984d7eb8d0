import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes files (path relative to a fresh temporary folder → text) and returns the folder. */
export function writeProject(prefix: string, files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/**
 * The handlers the test APIs reach: `echo` answers the event it got (no Content-Type, as many handlers do), `status`
 * answers the status code asked in the query, `token` is a TOKEN authorizer, `request` a REQUEST authorizer
 * answering an IAM policy, `policy2` an HTTP API (2.0) authorizer answering one, `simple` one with simple responses.
 */
export const HANDLERS = `
const policy = (effect, resource, context) => ({ principalId: 'user-1', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] }, context });
exports.echo = async (event) => ({ statusCode: 200, body: JSON.stringify({ event, env: { GREETING: process.env.GREETING } }) });
exports.status = async (event) => ({ statusCode: Number(event.queryStringParameters.code), headers: { 'x-a': 'same' }, multiValueHeaders: { 'x-a': ['same', 'other'] }, body: 'ok' });
exports.token = async (event) => {
  if (event.type !== 'TOKEN') throw new Error('expected a TOKEN event, got ' + event.type);
  if (event.authorizationToken === 'throw') throw new Error('Unauthorized');
  return policy(event.authorizationToken === 'allow' ? 'Allow' : 'Deny', event.methodArn, { user: 'alice', via: 'token' });
};
exports.request = async (event) => {
  const user = event.headers['x-user'];
  return policy(user === 'bob' ? 'Allow' : 'Deny', event.methodArn.split('/').slice(0, 2).join('/') + '/*', { user, stage: event.requestContext.stage, table: event.stageVariables && event.stageVariables.table });
};
exports.policy2 = async (event) => policy(event.headers['x-user'] === 'bob' ? 'Allow' : 'Deny', event.routeArn, { user: event.headers['x-user'], version: event.version });
exports.simple = async (event) => ({ isAuthorized: event.headers['x-key'] === 'open', context: { key: event.identitySource[0], route: event.routeKey } });
`;

/** An RSA key pair and a local OpenID issuer serving its JWKS, to sign tokens as an identity provider would. */
export interface Issuer {
  url: string;
  token(claims: Record<string, unknown>, key?: KeyObject): string;
  otherKey: KeyObject;
  close(): Promise<void>;
}

export async function startIssuer(): Promise<Issuer> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' };
  let url = '';
  const server: Server = createServer((req, res) => {
    const body =
      req.url === '/.well-known/openid-configuration'
        ? { issuer: url, jwks_uri: `${url}/keys` }
        : req.url === '/keys'
          ? { keys: [jwk] }
          : undefined;
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return {
    url,
    otherKey,
    token(claims, key = privateKey) {
      const data = `${part({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${part(claims)}`;
      return `${data}.${sign('sha256', Buffer.from(data), key).toString('base64url')}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on (opened, then closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
