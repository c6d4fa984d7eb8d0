import type { InvokeFn } from '../../../runtime/types';
import { isRecord } from '../../cfnTemplate';
import { buildEventV1, LOCAL_ACCOUNT_ID } from '../eventV1';
import { buildEventV2 } from '../eventV2';
import type { ApiRequest } from '../httpRequest';
import { jsonResponse, type ApiResponse } from '../response';
import type { ApiRoute } from '../routes';
import { executeApiArn, identityValues } from './identity';
import { policyAllows } from './policy';
import type { LambdaAuthorizer } from './types';

/** The outcome of an access check: go on (with what goes into `requestContext.authorizer`), or answer now. */
export type AccessDecision =
  { allow: true; authorizer?: Record<string, unknown> } | { allow: false; response: ApiResponse; reason: string };

export const unauthorized = (reason: string): AccessDecision => ({
  allow: false,
  response: jsonResponse(401, { message: 'Unauthorized' }),
  reason,
});

function forbidden(route: ApiRoute, reason: string, explicit: boolean): AccessDecision {
  if (route.kind === 'http') return { allow: false, response: jsonResponse(403, { message: 'Forbidden' }), reason };
  const message = explicit
    ? 'User is not authorized to access this resource with an explicit deny'
    : 'User is not authorized to access this resource';
  return {
    allow: false,
    response: jsonResponse(403, { Message: message }, [['x-amzn-ErrorType', 'AccessDeniedException']]),
    reason,
  };
}

function misconfigured(route: ApiRoute, reason: string): AccessDecision {
  const response =
    route.kind === 'rest'
      ? jsonResponse(500, { message: null }, [['x-amzn-ErrorType', 'AuthorizerConfigurationException']])
      : jsonResponse(500, { message: 'Internal Server Error' });
  return { allow: false, response, reason };
}

/**
 * Runs a Lambda authorizer on the local runtime before the route's function, as API Gateway does: identity sources
 * checked first (missing → 401 without invoking), TOKEN's validation expression, then the function asked with the
 * TOKEN / REQUEST event of its payload format. `Unauthorized` thrown → 401; a simple `{ isAuthorized: false }` or a
 * policy that does not allow the method ARN → 403; anything unreadable → 500. Results are not cached: every request
 * invokes the authorizer, whatever AuthorizerResultTtlInSeconds says, so a changed authorizer is seen at once.
 */
export async function runLambdaAuthorizer(
  authorizer: LambdaAuthorizer,
  route: ApiRoute,
  request: ApiRequest,
  pathParameters: Record<string, string>,
  invoke: InvokeFn,
  region: string,
): Promise<AccessDecision> {
  const { values, missing } = identityValues(authorizer.identitySources, route, request);
  if (missing) return unauthorized(`authorizer ${authorizer.name}: the request has no ${missing.text}`);
  if (!authorizer.fn) return misconfigured(route, `authorizer ${authorizer.name}: no function`);
  const arn = executeApiArn(route, request, region, LOCAL_ACCOUNT_ID);
  let event: Record<string, unknown>;
  if (authorizer.type === 'TOKEN') {
    const token = values[0];
    if (authorizer.validationExpression && !new RegExp(`^(?:${authorizer.validationExpression})$`).test(token)) {
      return unauthorized(`authorizer ${authorizer.name}: the token does not match ${authorizer.validationExpression}`);
    }
    event = { type: 'TOKEN', authorizationToken: token, methodArn: arn };
  } else if (authorizer.payloadFormatVersion === '2.0') {
    const { body: _body, isBase64Encoded: _b64, ...rest } = buildEventV2(route, request, pathParameters);
    event = { ...rest, type: 'REQUEST', routeArn: arn, identitySource: values };
  } else {
    const { body: _body, isBase64Encoded: _b64, ...rest } = buildEventV1(route, request, pathParameters);
    event = {
      type: 'REQUEST',
      methodArn: arn,
      ...rest,
      ...(route.kind === 'http' ? { identitySource: values.join(',') } : {}),
    };
  }
  const result = await invoke(authorizer.fn, JSON.stringify(event));
  if (result.status !== 'success') {
    if (result.error?.errorMessage === 'Unauthorized')
      return unauthorized(`authorizer ${authorizer.name} answered Unauthorized`);
    return misconfigured(
      route,
      `authorizer ${authorizer.name} failed: ${result.error?.errorType ?? 'Error'}: ${result.error?.errorMessage ?? result.payload.toString('utf8')}`,
    );
  }
  let answer: unknown;
  try {
    answer = JSON.parse(result.payload.toString('utf8'));
  } catch {
    return misconfigured(route, `authorizer ${authorizer.name} returned something that is not JSON`);
  }
  if (!isRecord(answer))
    return misconfigured(route, `authorizer ${authorizer.name} returned ${JSON.stringify(answer)}, not an object`);
  const context = isRecord(answer.context) ? answer.context : {};
  const toEvent = (principalId?: unknown): Record<string, unknown> =>
    route.payloadFormatVersion === '2.0'
      ? { lambda: context }
      : { ...context, ...(principalId !== undefined ? { principalId } : {}), integrationLatency: 0 };
  if (route.kind === 'http' && authorizer.simpleResponses && authorizer.payloadFormatVersion === '2.0') {
    if (typeof answer.isAuthorized !== 'boolean')
      return misconfigured(route, `authorizer ${authorizer.name}: a simple response needs isAuthorized true or false`);
    return answer.isAuthorized
      ? { allow: true, authorizer: toEvent() }
      : forbidden(route, `authorizer ${authorizer.name} answered isAuthorized: false`, false);
  }
  if (!isRecord(answer.policyDocument))
    return misconfigured(route, `authorizer ${authorizer.name}: the response has no policyDocument`);
  const verdict = policyAllows(answer.policyDocument, arn);
  if (verdict !== 'allow')
    return forbidden(
      route,
      `authorizer ${authorizer.name}'s policy ${verdict === 'deny' ? 'denies' : 'does not allow'} ${arn}`,
      verdict === 'deny',
    );
  return { allow: true, authorizer: toEvent(answer.principalId) };
}
