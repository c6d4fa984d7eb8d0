import { createHash } from 'node:crypto';
import { contextFor, tryResolve, type IntrinsicContext } from '../../discovery/intrinsics';
import { nestedStackContext } from '../../discovery/nestedStacks';
import type { EventSourceSpec, FunctionSpec } from '../../model';
import { isRecord, loadTemplate, referencedId } from '../cfnTemplate';
import { samApiAuth } from './auth/declarations';
import type { ApiAuth } from './auth/types';
import { corsFromHttpApi, corsFromRestApi, corsFromServerless, type CorsRule } from './cors';

/** What a route inherits from the API it belongs to. */
export interface ApiSettings {
  /** The API's logical id (`ServerlessRestApi` / `ServerlessHttpApi` for SAM's implicit APIs). */
  logicalId: string;
  /** A 10-character id standing in for API Gateway's generated one (stable per logical id). */
  apiId: string;
  stage: string;
  stageVariables?: Record<string, string>;
  cors?: CorsRule;
  /** REST APIs only: content types passed to the function base64-encoded (`image~1png` already read as `image/png`). */
  binaryMediaTypes: string[];
  /** The API's authorizers and default (SAM `Auth`, authorizer resources, OpenAPI security schemes). */
  auth?: ApiAuth;
  /** A custom domain's base path (`AWS::ApiGateway::BasePathMapping`): the API is also served under `/<basePath>`. */
  basePath?: string;
}

/** A stable stand-in for the generated API id, e.g. `a1b2c3d4e5`. */
export function localApiId(logicalId: string): string {
  return createHash('sha1').update(logicalId).digest('hex').slice(0, 10);
}

/**
 * Resolves the API settings of each Api/HttpApi event from the function's template (read once per file):
 * SAM's implicit APIs and `RestApiId`/`ApiId` references, Globals.Api and Globals.HttpApi, serverless.yml's provider;
 * a nested stack's with the parameter values its parent gives it.
 */
export function templateApiSettings(): (fn: FunctionSpec, event: EventSourceSpec) => ApiSettings {
  const templates = new Map<string, Record<string, unknown>>();
  const contexts = new Map<string, IntrinsicContext | undefined>();
  return (fn, event) => {
    let template: Record<string, unknown> = {};
    if (fn.templatePath) {
      if (!templates.has(fn.templatePath)) templates.set(fn.templatePath, loadTemplate(fn.templatePath));
      template = templates.get(fn.templatePath)!;
    }
    if (fn.source === 'serverless') return serverlessSettings(template, event);
    const stackKey = fn.nestedStack && `${fn.nestedStack.rootTemplate}|${fn.nestedStack.path.join('/')}`;
    if (stackKey && !contexts.has(stackKey))
      contexts.set(stackKey, nestedStackContext(fn.nestedStack!.rootTemplate, fn.nestedStack!.path));
    const nested = stackKey ? contexts.get(stackKey) : undefined;
    return nested ? samSettings(template, event, nested) : samSettings(template, event);
  };
}

/**
 * Settings of a SAM/CloudFormation event, given the parsed template; intrinsics (`StageName: !Ref Stage`,
 * `!If`...) resolved as discovery resolves them, with the template's parameter defaults or a nested stack's values.
 */
export function samSettings(
  template: Record<string, unknown>,
  event: EventSourceSpec,
  ctx: IntrinsicContext = contextFor(template),
): ApiSettings {
  const rest = event.type === 'Api';
  const ref = referencedId(rest ? event.properties.RestApiId : event.properties.ApiId);
  const logicalId = ref ?? (rest ? 'ServerlessRestApi' : 'ServerlessHttpApi');
  const resources = isRecord(template.Resources) ? template.Resources : {};
  const resource = resources[logicalId];
  if (ref && !isRecord(resource)) {
    throw new Error(
      `event ${event.name}: ${rest ? 'RestApiId' : 'ApiId'} refers to ${ref}, which is not a resource of the template`,
    );
  }
  const props = isRecord(resource) && isRecord(resource.Properties) ? resource.Properties : {};
  const globalsRoot = isRecord(template.Globals) ? template.Globals : {};
  const globals = isRecord(globalsRoot[rest ? 'Api' : 'HttpApi'])
    ? (globalsRoot[rest ? 'Api' : 'HttpApi'] as Record<string, unknown>)
    : {};
  // Each property resolved on its own: one that names a resource (Auth's FunctionArn) stays as written.
  const merged = Object.fromEntries(
    Object.entries({ ...globals, ...props }).map(([key, value]) => [key, tryResolve(value, ctx) ?? value]),
  );
  const stage = typeof merged.StageName === 'string' ? merged.StageName : rest ? 'Prod' : '$default';
  const variables = rest ? merged.Variables : merged.StageVariables;
  const cors = rest ? corsFromRestApi(merged.Cors ?? event.properties.Cors) : corsFromHttpApi(merged.CorsConfiguration);
  const binary =
    rest && Array.isArray(merged.BinaryMediaTypes)
      ? merged.BinaryMediaTypes.map((t) => String(t).replace(/~1/g, '/'))
      : [];
  const auth = samApiAuth(merged.Auth, rest ? 'rest' : 'http', logicalId);
  return {
    logicalId,
    apiId: localApiId(logicalId),
    stage,
    stageVariables: stringMap(variables),
    cors,
    binaryMediaTypes: binary,
    ...(auth ? { auth } : {}),
  };
}

/** Settings of a serverless.yml `http` (mapped to Api) or `httpApi` (mapped to HttpApi) event. */
export function serverlessSettings(doc: Record<string, unknown>, event: EventSourceSpec): ApiSettings {
  const rest = event.type === 'Api';
  const provider = isRecord(doc.provider) ? doc.provider : {};
  const logicalId = rest ? 'ApiGatewayRestApi' : 'HttpApi';
  const stage = rest ? (typeof provider.stage === 'string' ? provider.stage : 'dev') : '$default';
  const httpApi = isRecord(provider.httpApi) ? provider.httpApi : {};
  const apiGateway = isRecord(provider.apiGateway) ? provider.apiGateway : {};
  const cors = rest
    ? corsFromServerless(event.properties.cors ?? event.properties.Cors)
    : corsFromServerless(httpApi.cors);
  const binary = rest && Array.isArray(apiGateway.binaryMediaTypes) ? apiGateway.binaryMediaTypes.map(String) : [];
  return { logicalId, apiId: localApiId(logicalId), stage, cors, binaryMediaTypes: binary };
}

export function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const entries = Object.entries(value).filter(
    ([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean',
  );
  return entries.length ? Object.fromEntries(entries.map(([k, v]) => [k, String(v)])) : undefined;
}
