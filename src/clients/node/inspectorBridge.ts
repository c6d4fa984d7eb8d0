import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Session } from 'node:inspector';
import { isIP, type Socket } from 'node:net';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { acceptKey, serveWebSocket, type WebSocketPeer } from './webSocket';

/**
 * The debug port of a Node.js instance, on a worker thread of its own: the Chrome DevTools Protocol endpoint that
 * `node --inspect` would open (the same /json discovery and WebSocket URL, so any debugger attaches the same way),
 * with each connection relayed to an inspector session on the main thread. Node's own inspector socket leaves Nagle
 * on: each breakpoint hit waited for the debugger's delayed ACK, about 40 ms; these sockets write with it off. A
 * worker thread runs while the main thread is paused, as the inspector's own I/O thread does.
 */

export interface BridgeData {
  port: number;
  /** What the debugger lists the target as. */
  title: string;
}

/** What the bridge tells the main thread. */
export type BridgeMessage =
  | { kind: 'listening'; url: string }
  | { kind: 'failed'; message: string }
  /** A debugger sent Runtime.runIfWaitingForDebugger: the instance may load its handler. */
  | { kind: 'run' };

const { port, title } = workerData as BridgeData;
const id = randomUUID();
const tell = (message: BridgeMessage) => parentPort?.postMessage(message);

/**
 * Only a debugger on this machine, reaching the port by an IP address or localhost: a Host header naming anything
 * else is a DNS rebinding attempt, and an http(s) Origin is a web page. Node's inspector checks the Host the same way.
 */
function allowed(req: IncomingMessage): boolean {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  if (host !== 'localhost' && !isIP(host)) return false;
  return !/^https?:/i.test(req.headers.origin ?? '');
}

function targets(req: IncomingMessage): object[] {
  const address = `${req.headers.host ?? `127.0.0.1:${port}`}/${id}`;
  return [
    {
      description: 'node.js instance',
      devtoolsFrontendUrl: `devtools://devtools/bundled/js_app.html?experiments=true&v8only=true&ws=${address}`,
      id,
      title,
      type: 'node',
      url: `file://${process.cwd()}`,
      webSocketDebuggerUrl: `ws://${address}`,
    },
  ];
}

function answer(req: IncomingMessage, res: ServerResponse): void {
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify(body));
  };
  if (!allowed(req)) return json(403, { error: 'only a debugger on this machine may use this port' });
  const path = (req.url ?? '').split('?')[0].replace(/\/$/, '');
  if (path === '/json' || path === '/json/list') return json(200, targets(req));
  if (path === '/json/version') return json(200, { Browser: `node.js/${process.version}`, 'Protocol-Version': '1.1' });
  json(404, { error: `no ${path} here: /json/list lists the target` });
}

function upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
  const key = req.headers['sec-websocket-key'];
  const refuse = (status: string) => void socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  if (!allowed(req)) return refuse('403 Forbidden');
  if (req.url !== `/${id}`) return refuse('404 Not Found');
  if (!key || req.headers['sec-websocket-version'] !== '13') return refuse('400 Bad Request');
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`,
  );
  relay(socket, head);
}

/** One debugger connection: its requests go to a session of the main thread's inspector, its events come back. */
function relay(socket: Socket, head: Buffer): void {
  const session = new Session();
  session.connectToMainThread();
  // This thread is a worker too: a debugger that lists workers must not see it, or pause it and lose its port.
  const hidden = new Set<string>();
  session.on('inspectorNotification', (message) => {
    const params = message.params as { sessionId?: string; workerInfo?: { workerId?: string } } | undefined;
    if (message.method === 'NodeWorker.attachedToWorker' && params?.workerInfo?.workerId === String(threadId)) {
      hidden.add(params.sessionId ?? '');
      return;
    }
    if (params?.sessionId && hidden.has(params.sessionId)) return;
    peer.send(JSON.stringify(message));
  });
  // Events come only for requests, so the peer is there before the first.
  const peer: WebSocketPeer = serveWebSocket(
    socket,
    head,
    (text) => request(session, peer, hidden, text),
    () => session.disconnect(),
  );
}

/** One message from the debugger: whatever it holds, it gets an answer and the connection goes on. */
function request(session: Session, peer: WebSocketPeer, hidden: Set<string>, text: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return peer.send(JSON.stringify({ error: { code: -32700, message: 'Message must be a valid JSON' } }));
  }
  const message = (parsed !== null && typeof parsed === 'object' ? parsed : {}) as {
    id?: unknown;
    method?: unknown;
    params?: unknown;
  };
  const reply = (body: object) =>
    peer.send(JSON.stringify({ ...(typeof message.id === 'number' ? { id: message.id } : {}), ...body }));
  const { method, params } = message;
  if (typeof message.id !== 'number' || typeof method !== 'string')
    return reply({ error: { code: -32600, message: 'Message must have integer id and string method' } });
  if (params !== undefined && (params === null || typeof params !== 'object' || Array.isArray(params)))
    return reply({ error: { code: -32602, message: 'Invalid parameters: params must be an object' } });
  const sessionId = (params as { sessionId?: unknown } | undefined)?.sessionId;
  if (typeof sessionId === 'string' && hidden.has(sessionId))
    return reply({ error: { code: -32602, message: 'No session with given id' } });
  if (method === 'Runtime.runIfWaitingForDebugger') tell({ kind: 'run' });
  try {
    session.post(method, params as object | undefined, (error, result) => {
      if (!error) return reply({ result: result ?? {} });
      // Session.post words an inspector error as "Inspector error <code>: <message>"; the debugger gets it back whole.
      const inspector = /^Inspector error (-?\d+): ([\s\S]*)$/.exec(error.message);
      reply({
        error: inspector
          ? { code: Number(inspector[1]), message: inspector[2] }
          : { code: -32603, message: error.message },
      });
    });
  } catch (error) {
    reply({ error: { code: -32603, message: error instanceof Error ? error.message : String(error) } });
  }
}

const server = createServer({ noDelay: true }, answer);
server.on('upgrade', upgrade);
server.on('error', (error) => tell({ kind: 'failed', message: error.message }));
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  tell({ kind: 'listening', url: `ws://127.0.0.1:${actual}/${id}` });
});
