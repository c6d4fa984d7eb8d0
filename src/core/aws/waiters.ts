import { GetFunctionConfigurationCommand, type FunctionConfiguration, type LambdaClient } from '@aws-sdk/client-lambda';
import { AwsError } from './errors';
import type { Timing } from './types';

type Lambda = Pick<LambdaClient, 'send'>;

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls GetFunctionConfiguration until the function is Active and its last update is no longer InProgress, and
 * returns that configuration (its RevisionId is the one to use next). Throws when the update or creation failed,
 * or when it is still going after `timing.maxWaitMs`.
 */
export async function waitUntilSettled(lambda: Lambda, functionName: string, timing: Timing): Promise<FunctionConfiguration> {
  const deadline = Date.now() + timing.maxWaitMs;
  for (;;) {
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
    if (config.State === 'Failed') {
      throw new AwsError(`${functionName} failed to become active: ${config.StateReason ?? config.StateReasonCode ?? 'no reason given'}.`, 'aws', 'StateFailed');
    }
    if (config.LastUpdateStatus === 'Failed') {
      throw new AwsError(
        `The update of ${functionName} failed: ${config.LastUpdateStatusReason ?? config.LastUpdateStatusReasonCode ?? 'no reason given'}.`,
        'aws',
        'LastUpdateFailed',
      );
    }
    const pending = config.State === 'Pending' || config.LastUpdateStatus === 'InProgress';
    if (!pending) return config;
    if (Date.now() + timing.pollIntervalMs > deadline) {
      throw new AwsError(
        `${functionName} is still ${config.State === 'Pending' ? 'Pending' : 'updating (InProgress)'} after ${Math.round(timing.maxWaitMs / 1000)} s; check it in the console and deploy again.`,
        'conflict',
        'WaitTimeout',
      );
    }
    await sleep(timing.pollIntervalMs);
  }
}

/**
 * Runs `call`, waiting out ResourceConflictException (another update still in progress) for at most
 * `timing.maxConflictWaitMs`, then gives up with the last error. Any other error is thrown at once.
 */
export async function retryWhileConflict<T>(call: () => Promise<T>, timing: Timing): Promise<T> {
  const deadline = Date.now() + timing.maxConflictWaitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if ((error as { name?: string }).name !== 'ResourceConflictException') throw error;
      const delay = Math.min(timing.pollIntervalMs * 2 ** Math.min(attempt, 4), 10_000);
      if (Date.now() + delay > deadline) throw error;
      await sleep(delay);
    }
  }
}
