import type { Socket } from 'node:net';
import type { ByteChannel } from './httpConnection';

/** Makes the socket; node:net is handed in, so that it is loaded only once a socket is needed. */
type SocketMaker = (net: typeof import('node:net')) => Socket;

/**
 * A connection to the Runtime API read by the event loop: over TCP, made again on the next write if it was lost,
 * or on a descriptor the runtime inherited. Unref'd except while a read waits, so it never keeps the event loop
 * alive on its own.
 */
export class SocketChannel implements ByteChannel {
  private socket?: Socket;
  /** Bytes that arrived while no read was waiting. */
  private arrived: Buffer[] = [];
  private waiting?: { resolve: (data: Buffer) => void; reject: (error: Error) => void };

  private constructor(private readonly make: SocketMaker) {}

  static tcp(host: string, port: number): SocketChannel {
    return new SocketChannel((net) => {
      const socket = net.connect(port, host);
      socket.setNoDelay(true);
      return socket;
    });
  }

  /** The connection on descriptor `fd`; once it closes there is no other. */
  static descriptor(fd: number): SocketChannel {
    let made = false;
    return new SocketChannel((net) => {
      if (made) throw new Error('the Runtime API closed the connection');
      made = true;
      return new net.Socket({ fd, readable: true, writable: true });
    });
  }

  open(): void {
    this.connection();
  }

  write(data: Buffer): void {
    this.connection().write(data);
  }

  read(): Promise<Buffer> {
    if (this.arrived.length) {
      const data = this.arrived.length === 1 ? this.arrived[0] : Buffer.concat(this.arrived);
      this.arrived = [];
      return Promise.resolve(data);
    }
    const socket = this.connection();
    socket.ref();
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  private connection(): Socket {
    if (this.socket && !this.socket.destroyed) return this.socket;
    // Loaded on first use: a runtime that inherited a descriptor to the Runtime API starts without node:net and
    // the streams under it (see DescriptorChannel).
    const socket = this.make(require('node:net') as typeof import('node:net'));
    if (!this.waiting) socket.unref();
    socket.on('data', (chunk: Buffer) => {
      const waiting = this.waiting;
      if (!waiting) return void this.arrived.push(chunk);
      this.waiting = undefined;
      socket.unref();
      waiting.resolve(chunk);
    });
    const fail = (error: Error) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.arrived = [];
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('the Runtime API closed the connection')));
    this.socket = socket;
    return socket;
  }
}
