import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { HttpConnection, type ByteChannel } from '../../../src/clients/node/httpConnection';
import { SocketChannel } from '../../../src/clients/node/socketChannel';

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

function overTcp(port: number): HttpConnection {
  return new HttpConnection(SocketChannel.tcp('127.0.0.1', port), `127.0.0.1:${port}`);
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
    connection = overTcp((server.address() as AddressInfo).port);
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
    const opened = overTcp((accepting.address() as AddressInfo).port);
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
    const lost = overTcp((dying.address() as AddressInfo).port);
    await assert.rejects(lost.request('GET', '/next'), /closed the connection|ECONNRESET/);
    await assert.rejects(lost.request('GET', '/next'), /closed the connection|ECONNRESET/);
    dying.close();
  });
});

/** A channel that hands over scripted pieces, one per read, and records what is written. */
class ScriptedChannel implements ByteChannel {
  readonly written: Buffer[] = [];
  reads = 0;
  constructor(private readonly pieces: Buffer[]) {}
  open(): void {}
  write(data: Buffer): void {
    this.written.push(data);
  }
  read(): Promise<Buffer> {
    this.reads++;
    const piece = this.pieces.shift();
    return piece ? Promise.resolve(piece) : Promise.reject(new Error('the Runtime API closed the connection'));
  }
}

describe('the Node client HTTP connection over any channel', () => {
  test('a large body in many pieces arrives whole, and what follows it is kept for the next response', async () => {
    const body = Buffer.alloc(6 * 1024 * 1024, 'x');
    const stream = Buffer.concat([
      Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`),
      body,
      Buffer.from('HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\n{}'),
    ]);
    const pieces: Buffer[] = [];
    for (let i = 0; i < stream.length; i += 64 * 1024) pieces.push(stream.subarray(i, i + 64 * 1024));
    const count = pieces.length;
    const channel = new ScriptedChannel(pieces);
    const connection = new HttpConnection(channel, '127.0.0.1:9001');
    const first = await connection.request('GET', '/next');
    assert.equal(first.status, 200);
    assert.ok(first.body.equals(body));
    assert.equal(channel.reads, count);
    const second = await connection.request('POST', '/response', '{}');
    assert.equal(second.status, 202);
    assert.equal(second.body.toString(), '{}');
    assert.equal(channel.reads, count, 'the second response was already there');
    assert.match(channel.written[0].toString(), /^GET \/next HTTP\/1\.1\r\nHost: 127\.0\.0\.1:9001\r\n\r\n$/);
  });

  test('a channel that closes mid-response rejects the request, and a second request at once is refused', async () => {
    const connection = new HttpConnection(new ScriptedChannel([Buffer.from('HTTP/1.1 200 OK\r\nContent-Le')]), 'h:1');
    const first = connection.request('GET', '/next');
    await assert.rejects(connection.request('GET', '/next'), /already in flight/);
    await assert.rejects(first, /closed the connection/);
  });
});
