import { samSettings } from '../apiSettings';
import { readDefinition } from './definitionSource';
import { routesFromOpenApi } from './openApi';
import { displayName, ofType, scopeKey, type ApiDefinition, type StackScope } from './stackScope';

/**
 * `AWS::Serverless::Api` and `AWS::Serverless::HttpApi` resources: their settings (stage, CORS, Auth, Globals), and
 * the routes of their `DefinitionBody` (inline or `Fn::Transform: AWS::Include`) or local `DefinitionUri`. The
 * routes of functions' `Events` naming the API are added by the caller, as SAM adds them to the definition.
 */
export function samApis(scope: StackScope, notes: string[]): ApiDefinition[] {
  const apis: ApiDefinition[] = [];
  for (const [type, kind] of [
    ['AWS::Serverless::Api', 'rest'],
    ['AWS::Serverless::HttpApi', 'http'],
  ] as const) {
    for (const [apiId, props] of ofType(scope, type)) {
      const where = displayName(scope, apiId);
      const event = {
        name: apiId,
        type: kind === 'rest' ? 'Api' : 'HttpApi',
        properties: kind === 'rest' ? { RestApiId: { Ref: apiId } } : { ApiId: { Ref: apiId } },
      };
      const settings = samSettings(scope.template, event, scope.ctx);
      const api: ApiDefinition = {
        key: scopeKey(scope, apiId),
        name: where,
        kind,
        settings,
        routes: [],
        mocks: [],
        declaredBy: type,
      };
      const definition = readDefinition(props.DefinitionBody, props.DefinitionUri, scope.file, scope.ctx, where);
      if (definition && 'remote' in definition) notes.push(definition.remote);
      if (definition && 'doc' in definition) {
        const read = routesFromOpenApi(definition.doc, kind, settings, scope.functions, where);
        Object.assign(api, { routes: read.routes, mocks: read.mocks, declaredBy: `${type} (OpenAPI)` });
        api.settings = { ...settings, auth: read.auth, ...(read.cors ? { cors: read.cors } : {}) };
        notes.push(...read.notes);
      }
      apis.push(api);
    }
  }
  return apis;
}
