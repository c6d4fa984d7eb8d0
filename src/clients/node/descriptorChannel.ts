import { read, writeSync } from 'node:fs';
import type { ByteChannel } from './httpConnection';
import { SocketChannel } from './socketChannel';

/** Large enough for most events in one read; a larger one takes several. */
const READ_BYTES = 64 * 1024;

/**
 * The Runtime API over a descriptor the runtime inherited: one end of a socket pair whose other end the host hands to
 * the instance's Runtime API server. Only this process and those it starts hold it, so the connection needs no
 * check of whose it is.
 *
 * Until the first invocation is answered it is read and written with node:fs, which is in Node's startup snapshot:
 * node:net and the streams under it are not, and under Lambda's V8 options (see lambdaNodeOptions) node compiles them
 * afresh, about 10 ms of a cold start (measured). The descriptor is blocking (libuv hands children blocking stdio),
 * so each read waits on libuv's thread pool; one is made only while a request waits for its answer. Warm
 * invocations take the event loop's way instead (`warm`), which costs less per request than a thread-pool read.
 */
export class DescriptorChannel implements ByteChannel {
  private readonly buffer = Buffer.allocUnsafe(READ_BYTES);
  private socket?: SocketChannel;

  constructor(private readonly fd: number) {}

  open(): void {
    // Connected since the process started.
  }

  /** From now on the event loop reads the descriptor (node:net loads here, between two invocations). */
  warm(): void {
    this.socket ??= SocketChannel.descriptor(this.fd);
  }

  write(data: Buffer): void {
    if (this.socket) return this.socket.write(data);
    for (let offset = 0; offset < data.length;) offset += writeSync(this.fd, data, offset);
  }

  read(): Promise<Buffer> {
    if (this.socket) return this.socket.read();
    return new Promise((resolve, reject) =>
      read(this.fd, this.buffer, 0, READ_BYTES, null, (error, bytes) => {
        if (error) reject(error);
        else if (bytes === 0) reject(new Error('the Runtime API closed the connection'));
        else resolve(Buffer.from(this.buffer.subarray(0, bytes)));
      }),
    );
  }
}
