import { tryResolve } from '../../../discovery/intrinsics';
import { isRecord } from '../../cfnTemplate';
import { refersTo } from '../../webSocket/webSocketRoutes';
import { localApiId, stringMap, type ApiSettings } from '../apiSettings';
import { resourceAuthorizer, routeAuth } from '../auth/declarations';
import type { ApiAuth } from '../auth/types';
import { corsFromHttpApi } from '../cors';
import { integrationFunction } from '../integrationTarget';
import { createRoute } from '../routes';
import { readDefinition } from './definitionSource';
import { routesFromOpenApi } from './openApi';
import { belongingTo, displayName, ofType, scopeKey, type ApiDefinition, type StackScope } from './stackScope';

/**
 * HTTP APIs declared as `AWS::ApiGatewayV2::Api` (`ProtocolType: HTTP`; WebSocket APIs are the WebSocket gateway's):
 * quick-create (`Target`, with `RouteKey`, payload 2.0), a `Body`/`BodyS3Location` OpenAPI definition, or
 * `AWS::ApiGatewayV2::Route`s whose `Target` is `integrations/<Integration>` (the payload format version is the
 * integration's), `AWS::ApiGatewayV2::Authorizer`s, the `AWS::ApiGatewayV2::Stage` and `CorsConfiguration`.
 */
export function httpApisFromResources(scope: StackScope, notes: string[]): ApiDefinition[] {
  const apis: ApiDefinition[] = [];
  for (const [apiId, props] of ofType(scope, 'AWS::ApiGatewayV2::Api')) {
    if (props.ProtocolType !== 'HTTP') continue;
    const where = displayName(scope, apiId);
    const stage = belongingTo(scope, 'AWS::ApiGatewayV2::Stage', 'ApiId', apiId)[0]?.[1];
    const mapping = belongingTo(scope, 'AWS::ApiGatewayV2::ApiMapping', 'ApiId', apiId)[0]?.[1];
    const authorizers: ApiAuth['authorizers'] = {};
    for (const [id, p] of belongingTo(scope, 'AWS::ApiGatewayV2::Authorizer', 'ApiId', apiId))
      authorizers[id] = resourceAuthorizer(id, p, 'http');
    const cors = corsFromHttpApi(tryResolve(props.CorsConfiguration, scope.ctx));
    const mappingKey = tryResolve(mapping?.ApiMappingKey, scope.ctx);
    const settings: ApiSettings = {
      logicalId: apiId,
      apiId: localApiId(apiId),
      stage: props.Target !== undefined ? '$default' : String(tryResolve(stage?.StageName, scope.ctx) ?? '$default'),
      stageVariables: stringMap(tryResolve(stage?.StageVariables, scope.ctx)),
      binaryMediaTypes: [],
      auth: { authorizers, apiKeyRequired: false },
      ...(cors ? { cors } : {}),
      ...(typeof mappingKey === 'string' && mappingKey ? { basePath: mappingKey } : {}),
    };
    const api: ApiDefinition = {
      key: scopeKey(scope, apiId),
      name: where,
      kind: 'http',
      settings,
      routes: [],
      mocks: [],
      declaredBy: 'AWS::ApiGatewayV2::Api',
    };
    if (props.Target !== undefined) {
      const fn = integrationFunction(props.Target, scope.functions);
      if (!fn)
        throw new Error(
          `${where}: Target ${JSON.stringify(props.Target)} does not point at a function of the template`,
        );
      const routeKey = typeof props.RouteKey === 'string' ? props.RouteKey : '$default';
      const [method, path] = routeKey === '$default' ? ['ANY', '$default'] : routeKey.split(' ');
      api.routes.push(
        createRoute(
          {
            kind: 'http',
            method,
            path,
            payloadFormatVersion: '2.0',
            fn,
            eventName: `${apiId} Target`,
            settings,
            auth: { kind: 'none' },
            apiKeyRequired: false,
          },
          `${where} RouteKey`,
        ),
      );
      api.declaredBy = 'AWS::ApiGatewayV2::Api (quick create)';
    }
    const definition = readDefinition(props.Body, props.BodyS3Location, scope.file, scope.ctx, where);
    if (definition && 'remote' in definition) notes.push(definition.remote);
    if (definition && 'doc' in definition) {
      const read = routesFromOpenApi(definition.doc, 'http', settings, scope.functions, where);
      api.routes.push(...read.routes);
      api.mocks.push(...read.mocks);
      if (read.cors) api.settings = { ...api.settings, cors: read.cors };
      api.declaredBy = 'AWS::ApiGatewayV2::Api (OpenAPI Body)';
      notes.push(...read.notes);
    }
    for (const [routeId, route] of belongingTo(scope, 'AWS::ApiGatewayV2::Route', 'ApiId', apiId)) {
      const at = displayName(scope, routeId);
      const routeKey = tryResolve(route.RouteKey, scope.ctx);
      if (typeof routeKey !== 'string' || !(routeKey === '$default' || /^\S+ \/\S*$/.test(routeKey)))
        throw new Error(`${at}: RouteKey must be "$default" or "METHOD /path", got ${JSON.stringify(route.RouteKey)}`);
      const integrationId = refersTo(route.Target).find(
        (id) => scope.resources[id]?.Type === 'AWS::ApiGatewayV2::Integration',
      );
      if (!integrationId)
        throw new Error(
          `${at}: Target must refer to an AWS::ApiGatewayV2::Integration, e.g. !Join ['/', [integrations, !Ref OrdersIntegration]]`,
        );
      const integration = isRecord(scope.resources[integrationId].Properties)
        ? (scope.resources[integrationId].Properties as Record<string, unknown>)
        : {};
      if (String(integration.IntegrationType ?? '').toUpperCase() !== 'AWS_PROXY') {
        notes.push(
          `${at}: a ${String(integration.IntegrationType)} integration is not emulated locally (only AWS_PROXY to a function)`,
        );
        continue;
      }
      const fn = integrationFunction(integration.IntegrationUri, scope.functions);
      if (!fn)
        throw new Error(
          `${integrationId}: IntegrationUri ${JSON.stringify(integration.IntegrationUri)} does not point at a function of the template`,
        );
      const version = String(integration.PayloadFormatVersion ?? '2.0');
      if (version !== '1.0' && version !== '2.0')
        throw new Error(`${integrationId}: PayloadFormatVersion must be 1.0 or 2.0, got ${version}`);
      const [method, path] = routeKey === '$default' ? ['ANY', '$default'] : routeKey.split(' ');
      const type = String(route.AuthorizationType ?? 'NONE').toUpperCase();
      const authorizerId = refersTo(route.AuthorizerId)[0];
      const picked = type === 'NONE' ? 'NONE' : type === 'AWS_IAM' ? 'AWS_IAM' : authorizerId;
      if (type !== 'NONE' && type !== 'AWS_IAM' && !authorizerId)
        throw new Error(`${at}: AuthorizationType ${type} needs an AuthorizerId`);
      const scopes = Array.isArray(route.AuthorizationScopes) ? route.AuthorizationScopes.map(String) : [];
      api.routes.push(
        createRoute(
          {
            kind: 'http',
            method,
            path,
            payloadFormatVersion: version,
            fn,
            eventName: routeId,
            settings: api.settings,
            auth: routeAuth(api.settings.auth, picked, at, scopes),
            apiKeyRequired: false,
          },
          at,
        ),
      );
      api.declaredBy = 'AWS::ApiGatewayV2::Api with Route/Integration resources';
    }
    apis.push(api);
  }
  return apis;
}
