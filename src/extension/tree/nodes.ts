import type { ApiOutline, RouteOutline } from '../../core/local/apiGateway/apiOutline';
import type { EventSourceSpec, FunctionSpec } from '../../core/model';
import type { SavedEvent } from '../../core/events';

/** The nodes of the Functions tree: plain data, turned into TreeItems by the provider. */
export type TreeNode =
  | { kind: 'template'; path: string | undefined; functions: FunctionSpec[] }
  | { kind: 'function'; fn: FunctionSpec; functionId: string }
  | { kind: 'eventSource'; fn: FunctionSpec; source: EventSourceSpec; functionId: string }
  | { kind: 'eventsFolder'; fn: FunctionSpec; functionId: string }
  | { kind: 'functionUrl'; fn: FunctionSpec; functionId: string }
  | { kind: 'savedEvent'; fn: FunctionSpec; event: SavedEvent; functionId: string; eventName: string; path: string }
  | { kind: 'api'; api: ApiOutline }
  | { kind: 'apiRoute'; api: ApiOutline; route: RouteOutline; fn?: FunctionSpec }
  | { kind: 'apiError'; message: string };

/** How an API reads in the tree: `OrdersApi` with `REST API · stage v1 · 3 routes`. */
export function apiDescription(api: ApiOutline): string {
  const kind = api.kind === 'rest' ? 'REST API' : 'HTTP API';
  return `${kind} · stage ${api.stage} · ${api.routes.length} route${api.routes.length === 1 ? '' : 's'}`;
}

/** How a route reads in the tree: `GET /orders/{id}` with `→ OrdersFunction · Lambda authorizer`. */
export function routeLabel(route: RouteOutline): { label: string; description: string } {
  const auth = {
    none: '',
    lambda: 'Lambda authorizer',
    jwt: 'JWT authorizer',
    iam: 'AWS_IAM',
    cognito: 'Cognito authorizer',
  }[route.auth];
  const extras = [auth, route.apiKeyRequired ? 'API key' : ''].filter(Boolean);
  return {
    label: route.path === '$default' ? '$default' : `${route.method} ${route.path}`,
    description: [`→ ${route.functionName}`, ...extras].join(' · '),
  };
}

/** A short description of an event source, as a developer reads it in the template. */
export function describeEventSource(source: EventSourceSpec): string {
  const p = source.properties;
  const text = (value: unknown) =>
    typeof value === 'string' ? value : value && typeof value === 'object' ? JSON.stringify(value) : '';
  switch (source.type) {
    case 'Api':
    case 'HttpApi':
      return `${String(p.Method ?? 'ANY').toUpperCase()} ${text(p.Path) || '/'}`;
    case 'Schedule':
    case 'ScheduleV2':
      return text(p.Schedule ?? p.ScheduleExpression);
    case 'S3':
      return `${source.sourceName ?? text(p.Bucket)} ${text(p.Events)}`.trim();
    case 'SQS':
    case 'Kinesis':
    case 'DynamoDB':
      return text(p.Queue ?? p.Stream);
    case 'SNS':
      return text(p.Topic);
    case 'EventBridgeRule':
    case 'CloudWatchEvent':
      return text(p.Pattern);
    case 'StepFunctionsTask':
      return `${text(p.StateMachine)} › ${text(p.State)}`;
    case 'HttpApiAuthorizer':
      return `authorizer of ${text(p.Path) || '/'}`;
    default:
      return '';
  }
}

const ICONS: Record<string, string> = {
  Api: 'globe',
  HttpApi: 'globe',
  WebSocket: 'plug',
  Schedule: 'watch',
  ScheduleV2: 'watch',
  S3: 'archive',
  SQS: 'inbox',
  SNS: 'broadcast',
  DynamoDB: 'database',
  Kinesis: 'pulse',
  EventBridgeRule: 'zap',
  CloudWatchEvent: 'zap',
  CloudWatchLogs: 'output',
  StepFunctionsTask: 'type-hierarchy',
  HttpApiAuthorizer: 'shield',
};

export function eventSourceIcon(type: string): string {
  return ICONS[type] ?? 'symbol-event';
}

/** How the tree describes a function URL: its auth type and invoke mode, and its local address while served. */
export function describeFunctionUrl(
  fn: FunctionSpec,
  served: string | undefined,
): { description: string; tooltip: string } {
  const url = fn.url!;
  const mode = `${url.authType} · ${url.invokeMode}`;
  return {
    description: served ? `${served} · ${mode}` : mode,
    tooltip: served
      ? `Served at ${served} (declared by ${url.declaredBy})`
      : `Declared by ${url.declaredBy}; served on its own port while the local API runs (Lambda: Start Local API)`,
  };
}
