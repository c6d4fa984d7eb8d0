import { logicalIdOf } from '../../discovery/nestedStacks';
import type { FunctionSpec } from '../../model';
import { isRecord, loadTemplate } from '../cfnTemplate';
import { localApiId } from '../apiGateway/apiSettings';

/** One route of a WebSocket API bound to the function of its Lambda proxy integration. */
export interface WebSocketRouteSpec {
  /** The API's logical id (or `WebsocketsApi` for serverless.yml). */
  apiLogicalId: string;
  apiId: string;
  stage: string;
  /** `$connect`, `$disconnect`, `$default` or a custom key such as `sendmessage`. */
  routeKey: string;
  /** e.g. `$request.body.action`. */
  routeSelectionExpression: string;
  /** Whether the function's response body is sent back to the client (RouteResponseSelectionExpression is set). */
  twoWay: boolean;
  fn: FunctionSpec;
}

const DEFAULT_SELECTION = '$request.body.action';

/**
 * WebSocket routes from the functions' templates and events:
 * - CloudFormation/SAM: an `AWS::ApiGatewayV2::Api` with `ProtocolType: WEBSOCKET`, `AWS::ApiGatewayV2::Route`
 *   resources whose `Target` refers to an `AWS::ApiGatewayV2::Integration`, whose `IntegrationUri` refers to a
 *   function (`!Sub ...${Fn.Arn}/invocations`, `!GetAtt Fn.Arn` or `!Join` of those), and an optional
 *   `AWS::ApiGatewayV2::Stage` for the stage name.
 * - `WebSocket` events (`Route`/`route`, as serverless.yml `websocket` events are mapped), with serverless.yml's
 *   `provider.websocketsApiRouteSelectionExpression` and `provider.stage`.
 */
export function webSocketRoutesFor(functions: FunctionSpec[]): WebSocketRouteSpec[] {
  const routes: WebSocketRouteSpec[] = [];
  // One read per (nested) stack: a nested stack's functions are matched by their logical ids in its own template.
  const stacks = new Map<string, FunctionSpec[]>();
  for (const fn of functions) {
    if (!fn.templatePath || fn.source === 'serverless') continue;
    const key = `${fn.templatePath}|${fn.nestedStack?.rootTemplate ?? ''}|${fn.nestedStack?.path.join('/') ?? ''}`;
    stacks.set(key, [...(stacks.get(key) ?? []), fn]);
  }
  for (const stackFunctions of stacks.values())
    routes.push(...webSocketRoutesFromTemplate(loadTemplate(stackFunctions[0].templatePath!), stackFunctions));
  const serverless = new Map<string, Record<string, unknown>>();
  for (const fn of functions) {
    for (const event of fn.events) {
      if (event.type !== 'WebSocket') continue;
      const routeKey = event.properties.Route ?? event.properties.route ?? event.properties.value;
      if (typeof routeKey !== 'string' || !routeKey)
        throw new Error(
          `${fn.name} event ${event.name}: a WebSocket event needs a route such as $connect or sendmessage`,
        );
      let provider: Record<string, unknown> = {};
      if (fn.source === 'serverless' && fn.templatePath) {
        if (!serverless.has(fn.templatePath)) serverless.set(fn.templatePath, loadTemplate(fn.templatePath));
        const doc = serverless.get(fn.templatePath)!;
        provider = isRecord(doc.provider) ? doc.provider : {};
      }
      const selection = provider.websocketsApiRouteSelectionExpression;
      routes.push({
        apiLogicalId: 'WebsocketsApi',
        apiId: localApiId('WebsocketsApi'),
        stage: typeof provider.stage === 'string' ? provider.stage : 'dev',
        routeKey,
        routeSelectionExpression: typeof selection === 'string' ? selection : DEFAULT_SELECTION,
        twoWay:
          event.properties.routeResponseSelectionExpression !== undefined ||
          event.properties.RouteResponseSelectionExpression !== undefined,
        fn,
      });
    }
  }
  return routes;
}

/** The WebSocket routes declared with AWS::ApiGatewayV2 resources in one parsed template. */
export function webSocketRoutesFromTemplate(
  template: Record<string, unknown>,
  functions: FunctionSpec[],
): WebSocketRouteSpec[] {
  const resources = isRecord(template.Resources) ? (template.Resources as Record<string, Record<string, unknown>>) : {};
  const ofType = (type: string) =>
    Object.entries(resources)
      .filter(([, r]) => isRecord(r) && r.Type === type)
      .map(([id, r]) => [id, props(r)] as const);
  const routes: WebSocketRouteSpec[] = [];
  for (const [apiId, api] of ofType('AWS::ApiGatewayV2::Api')) {
    if (api.ProtocolType !== 'WEBSOCKET') continue;
    const stage = ofType('AWS::ApiGatewayV2::Stage').find(([, s]) => refersTo(s.ApiId).includes(apiId))?.[1].StageName;
    for (const [routeId, route] of ofType('AWS::ApiGatewayV2::Route')) {
      if (!refersTo(route.ApiId).includes(apiId)) continue;
      if (typeof route.RouteKey !== 'string') throw new Error(`${routeId}: RouteKey must be a string such as $connect`);
      const integrationId = refersTo(route.Target).find(
        (id) => isRecord(resources[id]) && resources[id].Type === 'AWS::ApiGatewayV2::Integration',
      );
      if (!integrationId)
        throw new Error(
          `${routeId}: Target must refer to an AWS::ApiGatewayV2::Integration, e.g. !Join ['/', [integrations, !Ref ConnectIntegration]]`,
        );
      const uriRefs = refersTo(props(resources[integrationId]).IntegrationUri);
      const fn = functions.find((f) => uriRefs.includes(logicalIdOf(f)));
      if (!fn)
        throw new Error(
          `${integrationId}: IntegrationUri does not refer to a function of the template (write it as !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${MyFunction.Arn}/invocations)`,
        );
      routes.push({
        apiLogicalId: apiId,
        apiId: localApiId(apiId),
        stage: typeof stage === 'string' ? stage : '$default',
        routeKey: route.RouteKey,
        routeSelectionExpression:
          typeof api.RouteSelectionExpression === 'string' ? api.RouteSelectionExpression : DEFAULT_SELECTION,
        twoWay: route.RouteResponseSelectionExpression !== undefined,
        fn,
      });
    }
  }
  return routes;
}

function props(resource: unknown): Record<string, unknown> {
  return isRecord(resource) && isRecord(resource.Properties) ? resource.Properties : {};
}

/** Every logical id a value refers to: `Ref`, `Fn::GetAtt`, and `${Id}` / `${Id.Attr}` inside `Fn::Sub` strings, recursively. */
export function refersTo(value: unknown): string[] {
  if (typeof value === 'string') return [];
  if (Array.isArray(value)) return value.flatMap(refersTo);
  if (!isRecord(value)) return [];
  const ids: string[] = [];
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'Ref' && typeof inner === 'string') ids.push(inner);
    else if (key === 'Fn::GetAtt' && Array.isArray(inner) && typeof inner[0] === 'string') ids.push(inner[0]);
    else if (key === 'Fn::Sub') {
      const text = Array.isArray(inner) ? inner[0] : inner;
      if (typeof text === 'string')
        for (const m of text.matchAll(/\$\{([A-Za-z0-9]+)(\.[A-Za-z0-9.]+)?\}/g)) ids.push(m[1]);
      if (Array.isArray(inner)) ids.push(...refersTo(inner[1]));
    } else ids.push(...refersTo(inner));
  }
  return ids;
}
