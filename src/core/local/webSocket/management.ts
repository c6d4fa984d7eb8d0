import type { ServerResponse } from 'node:http';
import type { ApiRequest } from '../apiGateway/httpRequest';
import type { Connection } from './gateway';

const PATH = /^(?:\/[^/]+)?\/@connections\/([^/]+)\/?$/;

/**
 * The API Gateway management API (`@connections`) of the local WebSocket APIs: POST sends data to a client,
 * GET describes the connection, DELETE closes it; an unknown connection gets 410 GoneException, as on AWS.
 * Accepts the path with or without a stage prefix, as SDK clients built from `https://{domainName}/{stage}` send it.
 */
export async function handleManagement(
  connections: Map<string, Connection>,
  request: ApiRequest,
  res: ServerResponse,
): Promise<boolean> {
  const m = PATH.exec(request.rawPath);
  if (!m) return false;
  const id = safeDecode(m[1]);
  const connection = connections.get(id);
  const reply = (status: number, body?: unknown, errorType?: string) => {
    const headers: Record<string, string> = { 'x-amzn-RequestId': request.requestId };
    if (errorType) headers['x-amzn-ErrorType'] = errorType;
    if (body !== undefined) headers['content-type'] = 'application/json';
    res.writeHead(status, headers);
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  if (!connection) {
    reply(410, { message: `connection ${id} is gone` }, 'GoneException');
    return true;
  }
  if (request.method === 'POST') {
    if (request.body.length > 128 * 1024) {
      reply(413, { message: 'the message is over the 128 KB limit of PostToConnection' }, 'PayloadTooLargeException');
      return true;
    }
    connection.socket.send(request.body.toString('utf8'));
    reply(200);
  } else if (request.method === 'GET') {
    reply(200, {
      ConnectedAt: new Date(connection.info.connectedAt).toISOString(),
      Identity: { SourceIp: connection.info.sourceIp, UserAgent: connection.info.userAgent },
      LastActiveAt: new Date(connection.info.lastActiveAt).toISOString(),
    });
  } else if (request.method === 'DELETE') {
    connection.socket.close(1000);
    reply(204);
  } else {
    reply(405, { message: `@connections accepts POST, GET and DELETE, not ${request.method}` });
  }
  return true;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // Not valid percent-encoding: an id as sent, which then matches no connection (410).
    return text;
  }
}
