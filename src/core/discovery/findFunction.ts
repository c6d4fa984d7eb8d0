import { resolve } from 'node:path';
import type { FunctionSpec } from '../model';
import type { DiscoveryResult } from './workspace';

/**
 * Picks one function by logical id (or serverless key, or bare handler name), by FunctionName, by id, or by the
 * path of its handler file (absolute, or relative to the current folder). Earlier kinds of match win.
 */
export function findFunction(
  result: Pick<DiscoveryResult, 'functions'>,
  nameOrHandler: string,
): FunctionSpec | undefined {
  const fns = result.functions;
  const asPath = resolve(nameOrHandler);
  return (
    fns.find((f) => f.name === nameOrHandler) ??
    fns.find((f) => f.functionName === nameOrHandler) ??
    fns.find((f) => f.id === nameOrHandler) ??
    fns.find((f) => f.handlerFile !== undefined && (f.handlerFile === nameOrHandler || f.handlerFile === asPath))
  );
}
