import { LambdaClient } from '@aws-sdk/client-lambda';
import { createAwsSession, type AwsSession } from '../../../src/core/aws';
import { startMoto, type Moto } from '../../support/moto';
import { startFront, type Front } from './front';
import { createRole } from './workspace';

/** What a deploy test file talks to: moto behind the front server, a session and a Lambda client on it, a role. */
export interface DeployWorld {
  moto: Moto;
  front: Front;
  session: AwsSession;
  lambda: LambdaClient;
  role: string;
}

/** Starts moto and the front server, and creates the role `roleName` deploys may use. */
export async function startDeployWorld(roleName: string): Promise<DeployWorld> {
  const moto = await startMoto();
  const front = await startFront(moto.endpoint);
  const session = createAwsSession({ endpoint: front.url });
  const lambda = new LambdaClient({});
  return { moto, front, session, lambda, role: await createRole(roleName) };
}

/** Stops what startDeployWorld started; parts that never started are skipped. */
export async function stopDeployWorld(world: Partial<DeployWorld>): Promise<void> {
  world.session?.dispose();
  world.lambda?.destroy();
  await world.front?.close();
  await world.moto?.stop();
}
