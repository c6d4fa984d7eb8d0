import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';

/**
 * The server's half of RFC 6455 for the instance's debug port, with nothing but Node built-ins: the runtime client
 * runs inside the user's process from its own bundle, so it cannot load the extension's `ws`. A debugger on loopback
 * is the only peer: text and binary messages (fragmented or not), ping, close; no extensions, no subprotocols.
 */

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** A debugger's requests are small; a frame larger than this is refused rather than buffered. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** The `Sec-WebSocket-Accept` answer to a client's `Sec-WebSocket-Key`. */
export function acceptKey(key: string): string {
  return createHash('sha1')
    .update(key + GUID)
    .digest('base64');
}

export interface WebSocketPeer {
  send(text: string): void;
  close(code?: number): void;
}

/**
 * Speaks WebSocket on a socket whose upgrade has been answered: `onMessage` hears each whole text message,
 * `onClose` once, however the connection ends. Every frame goes out in one write, with Nagle off: small frames that
 * waited for the peer's delayed ACK are what made each breakpoint hit 40 ms late on Node's own inspector socket.
 */
export function serveWebSocket(
  socket: Socket,
  head: Buffer,
  onMessage: (text: string) => void,
  onClose: () => void,
): WebSocketPeer {
  socket.setNoDelay(true);
  let pending = head;
  let fragments: Buffer[] = [];
  let fragmentBytes = 0;
  let closed = false;

  const write = (opcode: number, payload: Buffer): void => {
    if (socket.destroyed) return;
    const length = payload.length;
    const header = Buffer.alloc(length < 126 ? 2 : length < 65536 ? 4 : 10);
    header[0] = 0x80 | opcode;
    if (length < 126) header[1] = length;
    else if (length < 65536) {
      header[1] = 126;
      header.writeUInt16BE(length, 2);
    } else {
      header[1] = 127;
      header.writeBigUInt64BE(BigInt(length), 2);
    }
    socket.cork();
    socket.write(header);
    socket.write(payload);
    socket.uncork();
  };

  const end = (code: number): void => {
    if (closed) return;
    closed = true;
    const body = Buffer.alloc(2);
    body.writeUInt16BE(code);
    write(0x8, body);
    socket.end();
    onClose();
  };

  /** Reads every whole frame at the front of `pending`, ending the connection on one it must refuse. */
  const readFrames = (): void => {
    while (pending.length >= 2 && !closed) {
      const fin = (pending[0] & 0x80) !== 0;
      const opcode = pending[0] & 0x0f;
      const masked = (pending[1] & 0x80) !== 0;
      let length = pending[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (pending.length < 4) return;
        length = pending.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (pending.length < 10) return;
        const long = pending.readBigUInt64BE(2);
        if (long > BigInt(MAX_MESSAGE_BYTES)) return end(1009);
        length = Number(long);
        offset = 10;
      }
      // A client must mask what it sends (RFC 6455 5.1).
      if (!masked) return end(1002);
      if (length > MAX_MESSAGE_BYTES) return end(1009);
      if (pending.length < offset + 4 + length) return;
      const mask = pending.subarray(offset, offset + 4);
      const payload = Buffer.from(pending.subarray(offset + 4, offset + 4 + length));
      for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
      pending = pending.subarray(offset + 4 + length);
      if (opcode === 0x8) return end(1000);
      if (opcode === 0x9) write(0xa, payload);
      else if (opcode === 0xa) continue;
      else if (opcode === 0x0 || opcode === 0x1 || opcode === 0x2) {
        if (opcode !== 0x0 && fragments.length) return end(1002);
        fragments.push(payload);
        fragmentBytes += payload.length;
        if (fragmentBytes > MAX_MESSAGE_BYTES) return end(1009);
        if (fin) {
          const whole = fragments.length === 1 ? fragments[0] : Buffer.concat(fragments);
          fragments = [];
          fragmentBytes = 0;
          onMessage(whole.toString('utf8'));
        }
      } else return end(1002);
    }
  };

  socket.on('data', (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    readFrames();
  });
  socket.on('close', () => {
    if (closed) return;
    closed = true;
    onClose();
  });
  // A reset by the peer ends the connection like a close; 'close' follows.
  socket.on('error', () => undefined);
  readFrames();

  return {
    send: (text) => {
      if (!closed) write(0x1, Buffer.from(text, 'utf8'));
    },
    close: (code = 1000) => end(code),
  };
}
