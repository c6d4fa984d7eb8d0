import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import type { FunctionSpec } from '../../../src/core/model';
import { LAMBDA_TRUST_POLICY } from '../../../src/core/aws';
import { testFunction } from '../../support/functions';

/** Timing for deploys against moto and the front server: short polls, bounded waits. */
export const FAST = { pollIntervalMs: 20, maxWaitMs: 5000, maxConflictWaitMs: 3000, maxRoleWaitMs: 1000 };

/** A Node.js function whose index.js returns `message`. */
export function nodeFunction(dir: string, name: string, overrides: Partial<FunctionSpec> = {}): FunctionSpec {
  return testFunction(dir, 'index.handler', { name, ...overrides });
}

/** Creates an IAM role Lambda can assume (in moto) and returns its ARN. */
export async function createRole(name: string): Promise<string> {
  const iam = new IAMClient({});
  try {
    const result = await iam.send(
      new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY }),
    );
    return result.Role!.Arn!;
  } finally {
    iam.destroy();
  }
}
