import { contextFor } from '../../../discovery/intrinsics';
import { nestedStacksOf, readNestedSource } from '../../../discovery/nestedStacks';
import type { EventSourceSpec, FunctionSpec } from '../../../model';
import { isRecord } from '../../cfnTemplate';
import type { ApiSettings } from '../apiSettings';
import { bindAuthorizer, buildRoutes, sortRoutes, type ApiRoute } from '../routes';
import { httpApisFromResources } from './httpApiResources';
import { restApisFromResources } from './restApiResources';
import { samApis } from './samApis';
import { apiKeyOf, type ApiDefinition, type StackScope } from './stackScope';

/** Every API the functions' templates declare, and what of them is not served (said once, at start-up). */
export interface DeclaredApis {
  apis: ApiDefinition[];
  notes: string[];
}

/**
 * The APIs to serve: those the templates declare as resources (SAM Api/HttpApi with definitions, ApiGateway RestApi
 * trees, ApiGatewayV2 quick-create and Route/Integration APIs, in nested stacks too) merged with the routes of the
 * functions' `Api`/`HttpApi` events, each route under the API it belongs to. A route declared both ways is served
 * once (the definition's), as SAM merges events into a definition.
 */
export function declaredApis(
  functions: FunctionSpec[],
  settingsFor: (fn: FunctionSpec, event: EventSourceSpec) => ApiSettings,
): DeclaredApis {
  const notes: string[] = [];
  const byKey = new Map<string, ApiDefinition>();
  const { apis: declared, children } = templateApis(functions, notes);
  for (const api of declared) byKey.set(api.key, api);
  // A nested stack's template found on its own too (a child template.yaml) is served once: as part of its parent.
  const standalone = functions.filter((f) => f.nestedStack || !f.templatePath || !children.has(f.templatePath));
  for (const route of buildRoutes(standalone, settingsFor)) {
    const key = apiKeyOf(route.fn, route.settings.logicalId);
    let api = byKey.get(key);
    if (!api) {
      api = {
        key,
        name: [...(route.fn.nestedStack?.path ?? []), route.settings.logicalId].join('/'),
        kind: route.kind,
        settings: route.settings,
        routes: [],
        mocks: [],
        declaredBy: 'Events',
      };
      byKey.set(key, api);
    }
    if (!api.routes.some((r) => r.method === route.method && r.path === route.path)) api.routes.push(route);
  }
  const apis = [...byKey.values()].filter((api) => api.routes.length || api.mocks.length);
  for (const api of apis) api.routes = sortRoutes(api.routes.map((r) => bindAuthorizer(r, functions)));
  return { apis, notes };
}

function templateApis(functions: FunctionSpec[], notes: string[]): { apis: ApiDefinition[]; children: Set<string> } {
  const roots = new Set<string>();
  for (const fn of functions) {
    if (fn.source === 'serverless' || fn.source === 'handler') continue;
    const root = fn.nestedStack?.rootTemplate ?? fn.templatePath;
    if (root) roots.add(root);
  }
  const children = new Set<string>();
  const scopes: StackScope[] = [];
  const walk = (file: string, root: string, path: string[], parameters: Record<string, unknown>, within: string[]) => {
    const { source } = readNestedSource(file);
    if (!source || !isRecord(source.value)) return;
    const template = source.value;
    const ctx = contextFor(template, { parameterOverrides: parameters as Record<string, string> });
    const resources = (isRecord(template.Resources) ? template.Resources : {}) as StackScope['resources'];
    const stackFunctions = functions.filter((f) =>
      path.length
        ? f.nestedStack?.rootTemplate === root && f.nestedStack.path.join('/') === path.join('/')
        : !f.nestedStack && f.templatePath === file,
    );
    scopes.push({ file, resources, template, ctx, functions: stackFunctions, path, root });
    for (const stack of nestedStacksOf(source, ctx).stacks) {
      if (within.includes(stack.file)) continue;
      children.add(stack.file);
      walk(stack.file, root, [...path, stack.logicalId], stack.parameters, [...within, stack.file]);
    }
  };
  for (const root of roots) walk(root, root, [], {}, [root]);
  const apis = scopes
    .filter((scope) => scope.path.length > 0 || !children.has(scope.file))
    .flatMap((scope) => [
      ...samApis(scope, notes),
      ...restApisFromResources(scope, notes),
      ...httpApisFromResources(scope, notes),
    ]);
  return { apis, children };
}

/** All routes of the APIs, most specific first: what the main port serves. */
export function allRoutes(apis: ApiDefinition[]): ApiRoute[] {
  return sortRoutes(apis.flatMap((api) => api.routes));
}
