import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { HttpConnection } from '../../../src/clients/node/httpConnection';

/** A raw TCP server that answers each request with the next scripted reply, written in small pieces. */
function scriptedServer(replies: string[], requests: string[], sockets: Set<Socket>): Server {
  return createServer((socket: Socket) => {
    sockets.add(socket);
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/content-length: (\d+)/i.exec(buffer)?.[1] ?? 0);
      if (buffer.length < end + 4 + length) return;
      requests.push(buffer);
      buffer = '';
      const reply = replies.shift() ?? 'HTTP/1.1 500 Nope\r\nContent-Length: 0\r\n\r\n';
      void writeInPieces(socket, reply);
    });
  });
}

/** Writes a reply seven bytes at a time, one per turn of the event loop, so the client reads it in pieces. */
async function writeInPieces(socket: Socket, reply: string): Promise<void> {
  for (let i = 0; i < reply.length; i += 7) {
    socket.write(reply.slice(i, i + 7));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('the Node client HTTP connection', () => {
  const requests: string[] = [];
  const replies = [
    'HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: abc\r\nContent-Length: 7\r\n\r\n{"a":1}',
    'HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"sta\r\na\r\ntus":"OK"}\r\n0\r\n\r\n',
    'HTTP/1.1 413 Payload Too Large\r\nContent-Length: 2\r\n\r\n{}',
  ];
  const sockets = new Set<Socket>();
  const server = scriptedServer(replies, requests, sockets);
  let connection: HttpConnection;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    connection = new HttpConnection('127.0.0.1', (server.address() as AddressInfo).port);
  });
  after(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });

  test('parses a response that arrives in pieces, headers in lower case', async () => {
    const response = await connection.request('GET', '/2018-06-01/runtime/invocation/next');
    assert.equal(response.status, 200);
    assert.equal(response.headers['lambda-runtime-aws-request-id'], 'abc');
    assert.equal(response.body.toString(), '{"a":1}');
    assert.match(
      requests[0],
      /^GET \/2018-06-01\/runtime\/invocation\/next HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\n\r\n$/,
    );
  });

  test('sends a body with its length and headers, and reads a chunked reply on the same connection', async () => {
    const response = await connection.request('POST', '/x/error', '{"errorType":"É"}', {
      'Lambda-Runtime-Function-Error-Type': 'Custom',
    });
    assert.equal(response.status, 202);
    assert.equal(response.body.toString(), '{"status":"OK"}');
    assert.match(requests[1], /Lambda-Runtime-Function-Error-Type: Custom\r\n/);
    const sent = Buffer.from(requests[1], 'latin1').toString('utf8');
    assert.match(sent, /Content-Length: 18\r\n\r\n\{"errorType":"É"\}$/, 'the length counts bytes, not characters');
  });

  test('reports the status of a refused response', async () => {
    assert.equal((await connection.request('POST', '/x/response', '"big"')).status, 413);
  });

  test('open() connects before the first request, which then goes on that connection', async () => {
    const early: Socket[] = [];
    const accepting = createServer((socket) => {
      early.push(socket);
      socket.on('data', () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}'));
    });
    await new Promise<void>((resolve) => accepting.listen(0, '127.0.0.1', resolve));
    const opened = new HttpConnection('127.0.0.1', (accepting.address() as AddressInfo).port);
    opened.open();
    await once(accepting, 'connection');
    assert.equal((await opened.request('GET', '/next')).status, 200);
    assert.equal((await opened.request('GET', '/next')).status, 200);
    assert.equal(early.length, 1, 'one connection, made by open()');
    for (const socket of early) socket.destroy();
    accepting.close();
  });

  test('a closed connection rejects the request in flight, and the next request reconnects', async () => {
    const dying = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => dying.listen(0, '127.0.0.1', resolve));
    const lost = new HttpConnection('127.0.0.1', (dying.address() as AddressInfo).port);
    await assert.rejects(lost.request('GET', '/next'), /closed the connection|ECONNRESET/);
    await assert.rejects(lost.request('GET', '/next'), /closed the connection|ECONNRESET/);
    dying.close();
  });
});
