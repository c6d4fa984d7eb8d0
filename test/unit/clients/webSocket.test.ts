import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { acceptKey, serveWebSocket } from '../../../src/clients/node/webSocket';

/** An echo server on serveWebSocket: each text message comes back with its length; "big" asks for 100,000 bytes. */
function echoServer(closes: string[]): Server {
  const server = createServer();
  server.on('upgrade', (req, socket: Socket, head: Buffer) => {
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(String(req.headers['sec-websocket-key']))}\r\n\r\n`,
    );
    const peer = serveWebSocket(
      socket,
      head,
      (text) => peer.send(text === 'big' ? 'x'.repeat(100_000) : `${text.length}:${text}`),
      () => closes.push('closed'),
    );
  });
  return server;
}

/** One whole server frame from a raw socket: its opcode and payload. */
async function readFrame(socket: Socket): Promise<{ opcode: number; payload: Buffer }> {
  let data = Buffer.alloc(0);
  for (;;) {
    if (data.length >= 2 && data.length >= 2 + (data[1] & 0x7f))
      return { opcode: data[0] & 0x0f, payload: data.subarray(2, 2 + (data[1] & 0x7f)) };
    const [chunk] = (await once(socket, 'data')) as [Buffer];
    data = Buffer.concat([data, chunk]);
  }
}

describe("the debug port's WebSocket", () => {
  const closes: string[] = [];
  const server = echoServer(closes);
  let url = '';
  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(() => server.close());

  async function client(): Promise<WebSocket> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    await once(ws, 'open');
    return ws;
  }

  test('a text message, one in fragments and one of 70,000 bytes each arrive whole; 100,000 bytes go back whole', async () => {
    const ws = await client();
    const replies: string[] = [];
    ws.on('message', (data) => replies.push(String(data)));
    ws.send('hello');
    ws.send('frag', { fin: false });
    ws.send('men', { fin: false });
    ws.send('ted', { fin: true });
    ws.send('y'.repeat(70_000));
    ws.send('big');
    while (replies.length < 4) await once(ws, 'message');
    assert.deepEqual(replies.slice(0, 2), ['5:hello', '10:fragmented']);
    assert.equal(replies[2], `70000:${'y'.repeat(70_000)}`);
    assert.equal(replies[3], 'x'.repeat(100_000));
    ws.close();
  });

  test('a ping is answered with a pong carrying the same bytes; a close is answered and ends the connection', async () => {
    const ws = await client();
    ws.ping(Buffer.from('are you there'));
    const [pong] = (await once(ws, 'pong')) as [Buffer];
    assert.equal(String(pong), 'are you there');
    const before = closes.length;
    ws.close(1000);
    const [code] = (await once(ws, 'close')) as [number];
    assert.equal(code, 1000);
    assert.equal(closes.length, before + 1, 'onClose is heard once');
  });

  test('an unmasked frame from the client is refused with 1002 and the connection ends', async () => {
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write(
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    const [answer] = (await once(socket, 'data')) as [Buffer];
    assert.match(String(answer), /^HTTP\/1\.1 101 .*Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK\+xOo=/s);
    socket.write(Buffer.from([0x81, 0x02, 0x68, 0x69]));
    const frame = await readFrame(socket);
    assert.equal(frame.opcode, 0x8);
    assert.equal(frame.payload.readUInt16BE(0), 1002);
    await once(socket, 'end');
    socket.destroy();
  });
});
