import type { FunctionSpec } from '../../model';
import { logicalIdOf } from '../../discovery/nestedStacks';
import { refersTo } from '../webSocket/webSocketRoutes';

/**
 * The function an integration or authorizer URI points at, among the functions of one (nested) stack: a logical id
 * referred to by `Fn::Sub` (`${Fn.Arn}`), `Fn::GetAtt`, `Ref` or `Fn::Join`, or a literal Lambda ARN
 * (`...:function:name/invocations`) matched by FunctionName or logical id.
 */
export function integrationFunction(uri: unknown, stackFunctions: FunctionSpec[]): FunctionSpec | undefined {
  for (const id of refersTo(uri)) {
    if (id.startsWith('AWS::')) continue;
    const fn = stackFunctions.find((f) => logicalIdOf(f) === id);
    if (fn) return fn;
  }
  const text = typeof uri === 'string' ? uri : JSON.stringify(uri ?? '');
  const arn = /:function:([A-Za-z0-9_-]+)/.exec(text);
  return arn ? stackFunctions.find((f) => f.functionName === arn[1] || logicalIdOf(f) === arn[1]) : undefined;
}

/** The logical id an authorizer's URI or FunctionArn refers to, for messages and late binding. */
export function referencedFunctionId(uri: unknown): string | undefined {
  const id = refersTo(uri).find((i) => !i.startsWith('AWS::'));
  if (id) return id;
  const arn = /:function:([A-Za-z0-9_-]+)/.exec(typeof uri === 'string' ? uri : '');
  return arn?.[1];
}

/** The functions of the same (nested) stack as `fn`, where its template's logical ids mean something. */
export function stackFunctionsOf(fn: FunctionSpec, all: FunctionSpec[]): FunctionSpec[] {
  const key = (f: FunctionSpec) =>
    `${f.templatePath}|${f.nestedStack?.rootTemplate ?? ''}|${f.nestedStack?.path.join('/') ?? ''}`;
  return all.filter((f) => key(f) === key(fn));
}
