import { join } from 'node:path';
import { LAMBDA_DEFAULTS, type FunctionSpec } from '../../src/core/model';

export const FIXTURES = join(__dirname, '..', 'fixtures');

/** A FunctionSpec for a test, with Lambda's defaults and a unique id. */
export function testFunction(codeDir: string, handler: string, overrides: Partial<FunctionSpec> = {}): FunctionSpec {
  return {
    id: `${codeDir}#${handler}#${JSON.stringify(overrides)}`,
    name: overrides.name ?? handler.replace(/[^A-Za-z0-9]/g, ''),
    source: 'handler',
    runtime: 'nodejs20.x',
    handler,
    codeDir,
    memorySize: LAMBDA_DEFAULTS.memorySize,
    timeout: LAMBDA_DEFAULTS.timeout,
    environment: {},
    architectures: ['x86_64'],
    layers: [],
    logFormat: 'Text',
    events: [],
    ...overrides,
  };
}

/** Parses an InvocationResult's payload as JSON. */
export function json(result: { payload: Buffer }): any {
  return JSON.parse(result.payload.toString('utf8'));
}
