import { restApiIdentity } from '../restApiIdentity';
import { clfTime, hex, SAMPLE, uuid, type EventTemplate } from './common';

const USER_AGENT = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)';

/** API Gateway REST API proxy integration, payload format 1.0. */
export const apiGatewayRest: EventTemplate = {
  id: 'apigateway-rest',
  label: 'API Gateway REST API (proxy, payload 1.0)',
  description: 'A POST to /orders through a REST API Lambda proxy integration',
  build() {
    const now = new Date();
    const apiId = hex(5);
    const body = JSON.stringify({ customer: 'alice', items: [{ sku: 'BOOK-1', quantity: 1 }] });
    const headers = {
      accept: 'application/json',
      'content-type': 'application/json',
      Host: `${apiId}.execute-api.${SAMPLE.region}.amazonaws.com`,
      'User-Agent': USER_AGENT,
      'X-Amzn-Trace-Id': `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${hex(12)}`,
      'X-Forwarded-For': SAMPLE.sourceIp,
      'X-Forwarded-Port': '443',
      'X-Forwarded-Proto': 'https',
    };
    return {
      resource: '/orders',
      path: '/orders',
      httpMethod: 'POST',
      headers,
      multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      queryStringParameters: { source: 'web' },
      multiValueQueryStringParameters: { source: ['web'] },
      pathParameters: null,
      stageVariables: null,
      requestContext: {
        accountId: SAMPLE.accountId,
        apiId,
        authorizer: { claims: null, scopes: null },
        domainName: `${apiId}.execute-api.${SAMPLE.region}.amazonaws.com`,
        domainPrefix: apiId,
        extendedRequestId: `${hex(6)}=`,
        httpMethod: 'POST',
        identity: restApiIdentity(SAMPLE.sourceIp, USER_AGENT),
        path: '/prod/orders',
        protocol: 'HTTP/1.1',
        requestId: uuid(),
        requestTime: clfTime(now),
        requestTimeEpoch: now.getTime(),
        resourceId: hex(3),
        resourcePath: '/orders',
        stage: 'prod',
      },
      body,
      isBase64Encoded: false,
    };
  },
};

/** API Gateway HTTP API, payload format 2.0. */
export const apiGatewayHttp: EventTemplate = {
  id: 'apigateway-http',
  label: 'API Gateway HTTP API (payload 2.0)',
  description: 'A GET /hello?name=alice through an HTTP API Lambda integration',
  build() {
    const now = new Date();
    const apiId = hex(5);
    return {
      version: '2.0',
      routeKey: 'GET /hello',
      rawPath: '/hello',
      rawQueryString: 'name=alice',
      cookies: ['session=abc123'],
      headers: {
        accept: 'application/json',
        'content-length': '0',
        host: `${apiId}.execute-api.${SAMPLE.region}.amazonaws.com`,
        'user-agent': USER_AGENT,
        'x-forwarded-for': SAMPLE.sourceIp,
        'x-forwarded-port': '443',
        'x-forwarded-proto': 'https',
      },
      queryStringParameters: { name: 'alice' },
      requestContext: {
        accountId: SAMPLE.accountId,
        apiId,
        domainName: `${apiId}.execute-api.${SAMPLE.region}.amazonaws.com`,
        domainPrefix: apiId,
        http: { method: 'GET', path: '/hello', protocol: 'HTTP/1.1', sourceIp: SAMPLE.sourceIp, userAgent: USER_AGENT },
        requestId: `${hex(6)}=`,
        routeKey: 'GET /hello',
        stage: '$default',
        time: clfTime(now),
        timeEpoch: now.getTime(),
      },
      isBase64Encoded: false,
    };
  },
};
