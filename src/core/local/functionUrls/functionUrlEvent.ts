import { createHash } from 'node:crypto';
import type { FunctionSpec } from '../../model';
import { payloadV2Parts } from '../apiGateway/eventV2';
import { header, isTextContentType, requestTimeText, type ApiRequest } from '../apiGateway/httpRequest';

/** A stable stand-in for the 32-character url-id Lambda generates (`<url-id>.lambda-url.<region>.on.aws`). */
export function localUrlId(fn: FunctionSpec): string {
  return createHash('sha256').update(fn.id).digest('hex').slice(0, 32);
}

/** Who signed an AWS_IAM request, as function URLs put it in `requestContext.authorizer.iam`. */
export interface UrlCaller {
  accessKeyId: string;
  accountId: string;
}

/**
 * The event a function URL sends (payload format 2.0): `routeKey` and `stage` are `$default`, header names in
 * lower case with repeated values joined by commas, cookies apart, repeated query values joined by commas,
 * bodies that are not text base64-encoded; `requestContext.accountId` is `anonymous` for AuthType NONE, and
 * AWS_IAM requests carry `authorizer.iam`. Locally the caller's account is the local account and the user id is
 * the access key that signed.
 */
export function buildFunctionUrlEvent(
  fn: FunctionSpec,
  request: ApiRequest,
  caller: UrlCaller | undefined,
): Record<string, unknown> {
  const { headers, cookies, query, http } = payloadV2Parts(request);
  const urlId = localUrlId(fn);
  const binary = !isTextContentType(header(request, 'content-type'));
  const requestContext: Record<string, unknown> = {
    accountId: caller ? caller.accountId : 'anonymous',
    apiId: urlId,
    domainName: header(request, 'host') ?? `${urlId}.lambda-url.local`,
    domainPrefix: urlId,
    http,
    requestId: request.requestId,
    routeKey: '$default',
    stage: '$default',
    time: requestTimeText(request.time),
    timeEpoch: request.time,
  };
  if (caller) {
    requestContext.authorizer = {
      iam: {
        accessKey: caller.accessKeyId,
        accountId: caller.accountId,
        callerId: caller.accessKeyId,
        cognitoIdentity: null,
        principalOrgId: null,
        userArn: `arn:aws:iam::${caller.accountId}:user/${caller.accessKeyId}`,
        userId: caller.accessKeyId,
      },
    };
  }
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey: '$default',
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
  };
  if (cookies.length) event.cookies = cookies;
  event.headers = headers;
  if (Object.keys(query).length) event.queryStringParameters = query;
  event.requestContext = requestContext;
  if (request.body.length) event.body = request.body.toString(binary ? 'base64' : 'utf8');
  event.isBase64Encoded = binary && request.body.length > 0;
  return event;
}
