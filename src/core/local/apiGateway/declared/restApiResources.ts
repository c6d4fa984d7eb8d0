import { tryResolve } from '../../../discovery/intrinsics';
import { isRecord } from '../../cfnTemplate';
import { refersTo } from '../../webSocket/webSocketRoutes';
import { localApiId, stringMap, type ApiSettings } from '../apiSettings';
import { resourceAuthorizer } from '../auth/declarations';
import type { ApiAuth, RouteAuth } from '../auth/types';
import { integrationFunction } from '../integrationTarget';
import { createRoute, type ApiRoute } from '../routes';
import { readDefinition } from './definitionSource';
import { mockFromResponseParameters } from './mockRoutes';
import { routesFromOpenApi } from './openApi';
import { belongingTo, displayName, ofType, scopeKey, type ApiDefinition, type StackScope } from './stackScope';

type Obj = Record<string, unknown>;

/**
 * REST APIs declared as `AWS::ApiGateway::RestApi` (CDK, the Serverless Framework's compiled template, plain
 * CloudFormation): a `Body`/`BodyS3Location` OpenAPI definition, or `AWS::ApiGateway::Resource` trees (`ParentId`
 * chains up to the API's `RootResourceId`) with `AWS::ApiGateway::Method`s (`AWS_PROXY` to a function, `MOCK` for
 * CORS preflights), `AWS::ApiGateway::Authorizer`s, the `AWS::ApiGateway::Stage` (name and variables) and a
 * `BasePathMapping`'s base path.
 */
export function restApisFromResources(scope: StackScope, notes: string[]): ApiDefinition[] {
  const apis: ApiDefinition[] = [];
  for (const [apiId, props] of ofType(scope, 'AWS::ApiGateway::RestApi')) {
    const where = displayName(scope, apiId);
    const stage = belongingTo(scope, 'AWS::ApiGateway::Stage', 'RestApiId', apiId)[0]?.[1];
    const deployment = belongingTo(scope, 'AWS::ApiGateway::Deployment', 'RestApiId', apiId)[0]?.[1];
    const mapping = belongingTo(scope, 'AWS::ApiGateway::BasePathMapping', 'RestApiId', apiId)[0]?.[1];
    const authorizers: ApiAuth['authorizers'] = {};
    for (const [id, p] of belongingTo(scope, 'AWS::ApiGateway::Authorizer', 'RestApiId', apiId))
      authorizers[id] = resourceAuthorizer(id, p, 'rest');
    const basePath = tryResolve(mapping?.BasePath, scope.ctx);
    const settings: ApiSettings = {
      logicalId: apiId,
      apiId: localApiId(apiId),
      stage: String(tryResolve(stage?.StageName, scope.ctx) ?? tryResolve(deployment?.StageName, scope.ctx) ?? 'prod'),
      stageVariables: stringMap(tryResolve(stage?.Variables, scope.ctx)),
      binaryMediaTypes: Array.isArray(props.BinaryMediaTypes)
        ? props.BinaryMediaTypes.map((t) => String(t).replace(/~1/g, '/'))
        : [],
      auth: { authorizers, apiKeyRequired: false },
      ...(typeof basePath === 'string' && basePath && basePath !== '(none)' ? { basePath } : {}),
    };
    const api: ApiDefinition = {
      key: scopeKey(scope, apiId),
      name: where,
      kind: 'rest',
      settings,
      routes: [],
      mocks: [],
      declaredBy: 'AWS::ApiGateway::RestApi',
    };
    const definition = readDefinition(props.Body, props.BodyS3Location, scope.file, scope.ctx, where);
    if (definition && 'remote' in definition) notes.push(definition.remote);
    if (definition && 'doc' in definition) {
      const read = routesFromOpenApi(definition.doc, 'rest', settings, scope.functions, where);
      Object.assign(api, {
        routes: read.routes,
        mocks: read.mocks,
        declaredBy: 'AWS::ApiGateway::RestApi (OpenAPI Body)',
      });
      notes.push(...read.notes);
    }
    methods(scope, apiId, settings, api, notes);
    apis.push(api);
  }
  return apis;
}

function methods(scope: StackScope, apiId: string, settings: ApiSettings, api: ApiDefinition, notes: string[]): void {
  const paths = new Map<string, string>();
  const pathOf = (value: unknown, seen: string[] = []): string => {
    const id = refersTo(value)[0];
    if (!id || id === apiId) return '/';
    if (seen.includes(id)) throw new Error(`${id}: the ParentId chain of AWS::ApiGateway::Resource loops`);
    if (paths.has(id)) return paths.get(id)!;
    const resource = scope.resources[id];
    const props = isRecord(resource?.Properties) ? (resource.Properties as Obj) : {};
    if (resource?.Type !== 'AWS::ApiGateway::Resource')
      throw new Error(`${id}: a ResourceId/ParentId refers to ${id}, which is not an AWS::ApiGateway::Resource`);
    const parent = pathOf(props.ParentId, [...seen, id]);
    const path = `${parent === '/' ? '' : parent}/${String(tryResolve(props.PathPart, scope.ctx))}`;
    paths.set(id, path);
    return path;
  };
  for (const [id, props] of belongingTo(scope, 'AWS::ApiGateway::Method', 'RestApiId', apiId)) {
    const where = displayName(scope, id);
    const path = pathOf(props.ResourceId);
    const method = String(props.HttpMethod ?? '');
    const integration = isRecord(props.Integration) ? props.Integration : {};
    const type = String(integration.Type ?? '').toUpperCase();
    if (type === 'MOCK') {
      const response =
        Array.isArray(integration.IntegrationResponses) && isRecord(integration.IntegrationResponses[0])
          ? integration.IntegrationResponses[0]
          : {};
      api.mocks.push(mockFromResponseParameters(path, method, response.StatusCode, response.ResponseParameters, where));
      continue;
    }
    if (type !== 'AWS_PROXY') {
      notes.push(
        `${where}: a ${type || 'untyped'} integration is not emulated locally (only AWS_PROXY to a function, and MOCK)`,
      );
      continue;
    }
    const fn = integrationFunction(integration.Uri, scope.functions);
    if (!fn)
      throw new Error(
        `${where}: Integration.Uri ${JSON.stringify(integration.Uri)} does not point at a function of the template`,
      );
    const route: ApiRoute = createRoute(
      {
        kind: 'rest',
        method,
        path,
        payloadFormatVersion: '1.0',
        fn,
        eventName: id,
        settings,
        auth: methodAuth(props, settings, where),
        apiKeyRequired: props.ApiKeyRequired === true,
      },
      where,
    );
    api.routes.push(route);
  }
}

function methodAuth(props: Obj, settings: ApiSettings, where: string): RouteAuth {
  const type = String(props.AuthorizationType ?? 'NONE').toUpperCase();
  if (type === 'NONE') return { kind: 'none' };
  if (type === 'AWS_IAM') return { kind: 'iam' };
  const id = refersTo(props.AuthorizerId)[0];
  const authorizer = id ? settings.auth?.authorizers[id] : undefined;
  if (!authorizer)
    throw new Error(
      `${where}: AuthorizationType ${type} needs an AuthorizerId referring to an AWS::ApiGateway::Authorizer of the same API`,
    );
  if (authorizer.kind === 'lambda') return { kind: 'lambda', authorizer };
  if (authorizer.kind === 'cognito') return authorizer;
  if (authorizer.kind === 'jwt') return { kind: 'jwt', authorizer, scopes: [] };
  return { kind: 'iam' };
}
