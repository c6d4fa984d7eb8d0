import { join, resolve } from 'node:path';
import { LAMBDA_DEFAULTS, type FunctionSpec } from '../../../src/core/model';

/** The folder of the runtime fixtures. */
export const runtimesFixtures = resolve(__dirname, '..', '..', 'fixtures', 'runtimes');

/** A FunctionSpec for a fixture folder, with Lambda's defaults and whatever a test overrides. */
export function fixtureFunction(folder: string, overrides: Partial<FunctionSpec>): FunctionSpec {
  const codeDir = join(runtimesFixtures, folder);
  return {
    id: `${codeDir}#${overrides.name ?? 'Fixture'}`,
    name: 'Fixture',
    source: 'handler',
    runtime: 'python3.11',
    handler: 'app.handler',
    codeDir,
    memorySize: 256,
    timeout: 10,
    environment: {},
    architectures: [LAMBDA_DEFAULTS.architecture],
    layers: [],
    logFormat: 'Text',
    events: [],
    ...overrides,
  };
}

/** The parsed JSON payload of a result. */
export function json(payload: Buffer): any {
  return JSON.parse(payload.toString('utf8'));
}
