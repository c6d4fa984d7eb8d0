import type { EventSourceSpec, FunctionSpec } from '../../model';
import { isRecord, referencedId } from '../cfnTemplate';

/** The access control API Gateway applies to one route before its function runs. */
export interface RouteAccess {
  /** ApiKeyRequired: the request needs a valid `x-api-key`. */
  apiKeyRequired: boolean;
  /** AWS_IAM authorization: the request needs a SigV4 signature. */
  iam: boolean;
  /** An authorizer that is not emulated (Cognito user pools, JWT, Lambda authorizers): its name, for a note. */
  passThrough?: string;
}

const OPEN: RouteAccess = { apiKeyRequired: false, iam: false };

/**
 * What a route's event asks for, with what its API sets by default: SAM `Auth.ApiKeyRequired` and
 * `Auth.Authorizer` on the event, `Auth.ApiKeyRequired` and `Auth.DefaultAuthorizer` on the API (or Globals);
 * serverless.yml `private: true` and `authorizer: aws_iam` (or `{ type: aws_iam }`).
 */
export function routeAccess(fn: FunctionSpec, event: EventSourceSpec, template: Record<string, unknown>): RouteAccess {
  if (event.type !== 'Api' && event.type !== 'HttpApi') return OPEN;
  return fn.source === 'serverless' ? serverlessAccess(event) : samAccess(event, template);
}

function samAccess(event: EventSourceSpec, template: Record<string, unknown>): RouteAccess {
  const rest = event.type === 'Api';
  const auth = isRecord(event.properties.Auth) ? event.properties.Auth : {};
  const apiId = referencedId(rest ? event.properties.RestApiId : event.properties.ApiId) ?? (rest ? 'ServerlessRestApi' : 'ServerlessHttpApi');
  const resources = isRecord(template.Resources) ? template.Resources : {};
  const resource = resources[apiId];
  const props = isRecord(resource) && isRecord(resource.Properties) ? resource.Properties : {};
  const globalsRoot = isRecord(template.Globals) ? template.Globals : {};
  const globals = isRecord(globalsRoot[rest ? 'Api' : 'HttpApi']) ? (globalsRoot[rest ? 'Api' : 'HttpApi'] as Record<string, unknown>) : {};
  const apiAuth = { ...(isRecord(globals.Auth) ? globals.Auth : {}), ...(isRecord(props.Auth) ? props.Auth : {}) };
  const authorizer = auth.Authorizer ?? apiAuth.DefaultAuthorizer;
  const apiKeyRequired = rest && (auth.ApiKeyRequired ?? apiAuth.ApiKeyRequired) === true;
  const iam = authorizer === 'AWS_IAM';
  const passThrough = typeof authorizer === 'string' && authorizer !== 'NONE' && !iam ? authorizer : undefined;
  return passThrough ? { apiKeyRequired, iam, passThrough } : { apiKeyRequired, iam };
}

function serverlessAccess(event: EventSourceSpec): RouteAccess {
  const authorizer = event.properties.authorizer;
  const type = isRecord(authorizer) ? authorizer.type ?? authorizer.name : authorizer;
  const iam = typeof type === 'string' && type.toLowerCase() === 'aws_iam';
  const apiKeyRequired = event.type === 'Api' && event.properties.private === true;
  const name = isRecord(authorizer) ? authorizer.name ?? authorizer.arn ?? authorizer.type : authorizer;
  const passThrough = authorizer !== undefined && !iam ? String(typeof name === 'string' ? name : JSON.stringify(name)) : undefined;
  return passThrough ? { apiKeyRequired, iam, passThrough } : { apiKeyRequired, iam };
}
