import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/** Names that reach this machine's loopback interface, as browsers, SDKs and curl write them in `Host`. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** A request a local server refuses before reading it, with the status and the reason to answer. */
export interface Refusal {
  status: number;
  reason: string;
}

/**
 * The first check of every local server (Invoke API, Runtime API, API Gateway, WebSocket gateway): the `Host`
 * header must name this server, on a loopback name and its own port. A web page that rebinds its own domain to
 * 127.0.0.1 (DNS rebinding) sends its domain in `Host`, so it is refused here before any function runs or any
 * configuration is read. `extraHosts` are the other names the server was asked to listen on (e.g. `--host`); `port`
 * is the server's, by default the one the request's connection reached (a connection the server adopted, not over
 * TCP, has none).
 */
export function checkHost(
  req: IncomingMessage,
  extraHosts: string[] = [],
  port: number | undefined = (req.socket.address() as AddressInfo | Record<string, never>).port,
): Refusal | undefined {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!host) return { status: 400, reason: 'a Host header is required' };
  if (port !== undefined && allowedHosts(port, extraHosts).includes(host)) return undefined;
  return {
    status: 403,
    reason: `Host '${host.slice(0, 100)}' is not this server: only ${LOOPBACK_NAMES[0]}:${port} and localhost:${port} are answered`,
  };
}

/** `Origin` values that belong to this server itself (a page it served, or a WebSocket client on the same host). */
export function isOwnOrigin(origin: string, port: number, extraHosts: string[] = []): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    // Not a URL: not our origin.
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return allowedHosts(port, extraHosts).includes(url.host.toLowerCase());
}

/** The lists made so far, by port and extra names: every request asks, and a server's answer never changes. */
const allowedByServer = new Map<string, string[]>();

function allowedHosts(port: number, extraHosts: string[]): string[] {
  const key = `${port} ${extraHosts.join(' ')}`;
  let allowed = allowedByServer.get(key);
  if (!allowed) {
    allowed = hostNames(port, extraHosts);
    // Bounded by the servers a process starts; cleared rather than grown without end in a very long one.
    if (allowedByServer.size >= 256) allowedByServer.clear();
    allowedByServer.set(key, allowed);
  }
  return allowed;
}

function hostNames(port: number, extraHosts: string[]): string[] {
  const names = [
    ...LOOPBACK_NAMES,
    ...extraHosts.map((h) => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h).toLowerCase()),
  ];
  return names.map((name) => `${name}:${port}`);
}

/**
 * The check of a WebSocket upgrade: its Host (as every request), and its Origin, which browsers always send on a
 * WebSocket: only pages of this server or of the loopback names on its port may open one. A refused upgrade is
 * answered and closed here; returns whether it may go on.
 */
export function guardUpgrade(req: IncomingMessage, socket: Duplex, extraHosts: string[] = []): boolean {
  const refusal = checkHost(req, extraHosts);
  const port = (req.socket.address() as AddressInfo | Record<string, never>).port ?? 0;
  const origin = req.headers.origin;
  const reason =
    refusal?.reason ??
    (origin !== undefined && !isOwnOrigin(origin, port, extraHosts)
      ? `Origin '${origin.slice(0, 100)}' may not open a WebSocket here`
      : undefined);
  if (!reason) return true;
  if (socket.writable)
    socket.end(
      `HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
    );
  return false;
}
