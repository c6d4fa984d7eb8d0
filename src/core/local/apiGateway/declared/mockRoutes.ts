import { isRecord } from '../../cfnTemplate';
import { matchPath, normalizePath, parseSegments, type Segment } from '../routes';

/** A MOCK integration (API Gateway's CORS preflight methods): a fixed status and headers, no function. */
export interface MockRoute {
  method: string;
  path: string;
  segments: Segment[];
  statusCode: number;
  headers: Array<[string, string]>;
}

/**
 * A mock from an integration response's `responseParameters` / `ResponseParameters`:
 * `method.response.header.Access-Control-Allow-Origin: "'*'"` becomes the header with the quoted literal's value.
 */
export function mockFromResponseParameters(
  path: string,
  method: string,
  statusCode: unknown,
  parameters: unknown,
  where: string,
): MockRoute {
  const headers: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(isRecord(parameters) ? parameters : {})) {
    const m = /^method\.response\.header\.(.+)$/.exec(key);
    if (!m) continue;
    const literal = /^'(.*)'$/s.exec(String(value).trim());
    if (!literal)
      throw new Error(
        `${where}: ${key} is ${JSON.stringify(value)}; a mock can only answer quoted literals such as "'*'"`,
      );
    headers.push([m[1], literal[1]]);
  }
  const status = Number(statusCode ?? 200);
  const normalized = normalizePath(path);
  return {
    method: method.toUpperCase(),
    path: normalized,
    segments: parseSegments(normalized, where),
    statusCode: Number.isInteger(status) ? status : 200,
    headers,
  };
}

/** The mock answering a method and raw path, if any. */
export function matchMock(mocks: MockRoute[], method: string, rawPath: string): MockRoute | undefined {
  return mocks.find((m) => (m.method === method || m.method === 'ANY') && matchPath(m.segments, rawPath));
}
