import { isRecord } from '../../cfnTemplate';
import { referencedFunctionId } from '../integrationTarget';
import { parseIdentitySources, type ApiAuth, type Authorizer, type LambdaAuthorizer, type RouteAuth } from './types';

type Obj = Record<string, unknown>;
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
const ttl = (v: unknown) => (typeof v === 'number' ? v : undefined);

function lambdaAuthorizer(
  name: string,
  uri: unknown,
  fields: Omit<LambdaAuthorizer, 'kind' | 'name' | 'functionRef'>,
  where: string,
): LambdaAuthorizer {
  const functionRef = referencedFunctionId(uri);
  if (!functionRef)
    throw new Error(
      `${where}: authorizer ${name} does not name its function (write FunctionArn: !GetAtt MyAuthorizer.Arn)`,
    );
  return { kind: 'lambda', name, functionRef, ...fields };
}

/** SAM `Auth` of an AWS::Serverless::Api (`rest`) or AWS::Serverless::HttpApi (`http`), merged over Globals. */
export function samApiAuth(auth: unknown, api: 'rest' | 'http', where: string): ApiAuth | undefined {
  if (!isRecord(auth)) return undefined;
  const authorizers: Record<string, Authorizer> = {};
  for (const [name, decl] of Object.entries(isRecord(auth.Authorizers) ? auth.Authorizers : {})) {
    if (!isRecord(decl)) throw new Error(`${where}: Auth.Authorizers.${name} must be a mapping`);
    authorizers[name] = samAuthorizer(name, decl, api, `${where} Auth.Authorizers.${name}`);
  }
  if (auth.EnableIamAuthorizer === true || api === 'rest') authorizers.AWS_IAM = { kind: 'iam', name: 'AWS_IAM' };
  const defaultAuthorizer = typeof auth.DefaultAuthorizer === 'string' ? auth.DefaultAuthorizer : undefined;
  if (defaultAuthorizer && !authorizers[defaultAuthorizer])
    throw new Error(
      `${where}: Auth.DefaultAuthorizer ${defaultAuthorizer} is not one of Auth.Authorizers (${Object.keys(authorizers).join(', ')})`,
    );
  return { authorizers, defaultAuthorizer, apiKeyRequired: auth.ApiKeyRequired === true };
}

function samAuthorizer(name: string, decl: Obj, api: 'rest' | 'http', where: string): Authorizer {
  if (decl.UserPoolArn !== undefined) return { kind: 'cognito', name };
  if (isRecord(decl.JwtConfiguration)) {
    const jwt = decl.JwtConfiguration;
    return {
      kind: 'jwt',
      name,
      issuer: String(jwt.issuer ?? jwt.Issuer ?? ''),
      audience: list(jwt.audience ?? jwt.Audience),
      identitySources: parseIdentitySources(decl.IdentitySource ?? '$request.header.Authorization', where),
    };
  }
  const identity = isRecord(decl.Identity) ? decl.Identity : {};
  const prefix = api === 'rest' ? 'method.request.' : '$request.';
  const sources = [
    ...list(identity.Headers).map((h) => `${prefix}header.${h}`),
    ...list(identity.QueryStrings).map((q) => `${prefix}querystring.${q}`),
    ...list(identity.StageVariables).map((s) => `stageVariables.${s}`),
    ...list(identity.Context).map((c) => `context.${c}`),
  ];
  const type =
    api === 'rest' && decl.FunctionPayloadType === 'REQUEST' ? 'REQUEST' : api === 'rest' ? 'TOKEN' : 'REQUEST';
  if (type === 'TOKEN')
    sources.unshift(`method.request.header.${typeof identity.Header === 'string' ? identity.Header : 'Authorization'}`);
  const version = payloadFormatVersion(decl.AuthorizerPayloadFormatVersion ?? (api === 'rest' ? '1.0' : '2.0'), where);
  return lambdaAuthorizer(
    name,
    decl.FunctionArn,
    {
      type,
      api,
      payloadFormatVersion: version,
      simpleResponses: decl.EnableSimpleResponses === true,
      identitySources: parseIdentitySources(sources, where),
      validationExpression:
        typeof identity.ValidationExpression === 'string' ? identity.ValidationExpression : undefined,
      ttlSeconds: ttl(identity.ReauthorizeEvery),
    },
    where,
  );
}

/** A declared `AuthorizerPayloadFormatVersion`: 1.0 or 2.0, anything else is the declaration's mistake. */
function payloadFormatVersion(value: unknown, where: string): '1.0' | '2.0' {
  const version = String(value);
  if (version !== '1.0' && version !== '2.0')
    throw new Error(`${where}: AuthorizerPayloadFormatVersion must be 1.0 or 2.0, got ${version}`);
  return version;
}

/** `AWS::ApiGateway::Authorizer` (REST) or `AWS::ApiGatewayV2::Authorizer` (HTTP) properties. */
export function resourceAuthorizer(id: string, props: Obj, api: 'rest' | 'http'): Authorizer {
  const type = String(props.Type ?? props.AuthorizerType ?? '').toUpperCase();
  if (type === 'COGNITO_USER_POOLS') return { kind: 'cognito', name: id };
  if (type === 'JWT') {
    const jwt = isRecord(props.JwtConfiguration) ? props.JwtConfiguration : {};
    return {
      kind: 'jwt',
      name: id,
      issuer: String(jwt.Issuer ?? ''),
      audience: list(jwt.Audience),
      identitySources: parseIdentitySources(props.IdentitySource ?? '$request.header.Authorization', id),
    };
  }
  if (type !== 'TOKEN' && type !== 'REQUEST')
    throw new Error(`${id}: authorizer type ${type || '(none)'} is not TOKEN, REQUEST, JWT or COGNITO_USER_POOLS`);
  const version = payloadFormatVersion(props.AuthorizerPayloadFormatVersion ?? '1.0', id);
  return lambdaAuthorizer(
    id,
    props.AuthorizerUri,
    {
      type,
      api,
      payloadFormatVersion: api === 'rest' ? '1.0' : version,
      simpleResponses: props.EnableSimpleResponses === true,
      identitySources: parseIdentitySources(
        props.IdentitySource ?? (type === 'TOKEN' ? 'method.request.header.Authorization' : ''),
        id,
      ),
      validationExpression:
        typeof props.IdentityValidationExpression === 'string' ? props.IdentityValidationExpression : undefined,
      ttlSeconds: ttl(props.AuthorizerResultTtlInSeconds),
    },
    id,
  );
}

/** An OpenAPI security scheme: `x-amazon-apigateway-authorizer` (token, request, jwt, cognito_user_pools) or SigV4. */
export function openApiAuthorizer(name: string, scheme: Obj, api: 'rest' | 'http'): Authorizer | 'apiKey' | undefined {
  if (scheme.type === 'apiKey' && !isRecord(scheme['x-amazon-apigateway-authorizer']))
    return String(scheme.name).toLowerCase() === 'x-api-key' ? 'apiKey' : undefined;
  if (String(scheme['x-amazon-apigateway-authtype']).toLowerCase() === 'awssigv4') return { kind: 'iam', name };
  const decl = scheme['x-amazon-apigateway-authorizer'];
  if (!isRecord(decl)) return undefined;
  const type = String(decl.type ?? '').toLowerCase();
  const where = `security scheme ${name}`;
  if (type === 'cognito_user_pools') return { kind: 'cognito', name };
  if (type === 'jwt') {
    const jwt = isRecord(decl.jwtConfiguration) ? decl.jwtConfiguration : {};
    return {
      kind: 'jwt',
      name,
      issuer: String(jwt.issuer ?? ''),
      audience: list(jwt.audience),
      identitySources: parseIdentitySources(decl.identitySource ?? '$request.header.Authorization', where),
    };
  }
  if (type !== 'token' && type !== 'request')
    throw new Error(
      `${where}: x-amazon-apigateway-authorizer type ${type || '(none)'} is not token, request, jwt or cognito_user_pools`,
    );
  const header = typeof scheme.name === 'string' && scheme.in === 'header' ? scheme.name : 'Authorization';
  const version = String(decl.authorizerPayloadFormatVersion ?? '1.0');
  return lambdaAuthorizer(
    name,
    decl.authorizerUri,
    {
      type: type === 'token' ? 'TOKEN' : 'REQUEST',
      api,
      payloadFormatVersion: version === '2.0' && api === 'http' ? '2.0' : '1.0',
      simpleResponses: decl.enableSimpleResponses === true,
      identitySources: parseIdentitySources(
        decl.identitySource ?? (type === 'token' ? `method.request.header.${header}` : ''),
        where,
      ),
      validationExpression:
        typeof decl.identityValidationExpression === 'string' ? decl.identityValidationExpression : undefined,
      ttlSeconds: ttl(decl.authorizerResultTtlInSeconds),
    },
    where,
  );
}

/** A route's auth from the API's authorizers and the name the route picks (`NONE` for none, undefined for the default). */
export function routeAuth(
  api: ApiAuth | undefined,
  picked: string | undefined,
  where: string,
  scopes: string[] = [],
): RouteAuth {
  const name = picked ?? api?.defaultAuthorizer;
  if (!name || name === 'NONE') return { kind: 'none' };
  if (name === 'AWS_IAM') return { kind: 'iam' };
  const authorizer = api?.authorizers[name];
  if (!authorizer)
    throw new Error(
      `${where}: authorizer ${name} is not declared by the API (${Object.keys(api?.authorizers ?? {}).join(', ') || 'none declared'})`,
    );
  if (authorizer.kind === 'iam') return { kind: 'iam' };
  if (authorizer.kind === 'cognito') return authorizer;
  if (authorizer.kind === 'jwt') return { kind: 'jwt', authorizer, scopes };
  return { kind: 'lambda', authorizer };
}
