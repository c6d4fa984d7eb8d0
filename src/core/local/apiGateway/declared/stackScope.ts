import type { IntrinsicContext } from '../../../discovery/intrinsics';
import type { FunctionSpec } from '../../../model';
import { isRecord } from '../../cfnTemplate';
import { refersTo } from '../../webSocket/webSocketRoutes';
import type { ApiSettings } from '../apiSettings';
import type { ApiRoute } from '../routes';
import type { MockRoute } from './mockRoutes';

type Obj = Record<string, unknown>;

/** One template of a stack tree, as the API readers see it. */
export interface StackScope {
  file: string;
  resources: Record<string, Obj>;
  template: Obj;
  ctx: IntrinsicContext;
  /** The functions whose logical ids this template's references mean. */
  functions: FunctionSpec[];
  /** Logical ids of the nested stack resources from the root down (empty for the root). */
  path: string[];
  /** The root template of the tree. */
  root: string;
}

/** One API as it is served: its routes (most specific first), OPTIONS mocks and settings. */
export interface ApiDefinition {
  /** `<root template>|<stack path>|<logical id>`: the same API whether events or resources declare it. */
  key: string;
  /** What the listing shows: the logical id, `Child/LogicalId` in a nested stack. */
  name: string;
  kind: 'rest' | 'http';
  settings: ApiSettings;
  routes: ApiRoute[];
  mocks: MockRoute[];
  /** e.g. `AWS::Serverless::HttpApi (OpenAPI)`, `AWS::ApiGateway::RestApi resources`, `Events`. */
  declaredBy: string;
}

/** The key of an API of the stack a function belongs to. */
export function apiKeyOf(fn: FunctionSpec, logicalId: string): string {
  return `${fn.nestedStack?.rootTemplate ?? fn.templatePath ?? fn.id}|${fn.nestedStack?.path.join('/') ?? ''}|${logicalId}`;
}

export function scopeKey(scope: StackScope, logicalId: string): string {
  return `${scope.root}|${scope.path.join('/')}|${logicalId}`;
}

export function displayName(scope: StackScope, logicalId: string): string {
  return [...scope.path, logicalId].join('/');
}

/** The resources of a type, with their properties. */
export function ofType(scope: StackScope, type: string): Array<[string, Obj]> {
  return Object.entries(scope.resources)
    .filter(([, r]) => isRecord(r) && r.Type === type)
    .map(([id, r]) => [id, isRecord(r.Properties) ? r.Properties : {}]);
}

/** The resources of a type whose `property` refers to the API `apiId`. */
export function belongingTo(scope: StackScope, type: string, property: string, apiId: string): Array<[string, Obj]> {
  return ofType(scope, type).filter(([, p]) => refersTo(p[property]).includes(apiId));
}
