import {
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { AwsError } from './errors';
import type { Timing } from './types';

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Waits with the SDK's `FunctionActiveV2` waiter until a new function is Active, and returns its configuration
 * (whose RevisionId is the one to use next). Throws an AwsError when it failed or is still Pending after
 * `timing.maxWaitMs`.
 */
export function waitUntilActive(
  lambda: LambdaClient,
  functionName: string,
  timing: Timing,
): Promise<FunctionConfiguration> {
  return settle(functionName, timing, 'Pending', () =>
    waitUntilFunctionActiveV2(waiterConfig(lambda, timing), { FunctionName: functionName }),
  );
}

/**
 * Waits with the SDK's `FunctionUpdatedV2` waiter until the last update is no longer InProgress, and returns the
 * configuration it read last. Throws an AwsError when the update failed or is still going after `timing.maxWaitMs`.
 */
export function waitUntilUpdated(
  lambda: LambdaClient,
  functionName: string,
  timing: Timing,
): Promise<FunctionConfiguration> {
  return settle(functionName, timing, 'updating (InProgress)', () =>
    waitUntilFunctionUpdatedV2(waiterConfig(lambda, timing), { FunctionName: functionName }),
  );
}

function waiterConfig(client: LambdaClient, timing: Timing) {
  const minDelay = timing.pollIntervalMs / 1000;
  return {
    client,
    minDelay,
    maxDelay: Math.max(minDelay, 10),
    maxWaitTime: Math.max(timing.maxWaitMs / 1000, minDelay * 2),
  };
}

type WaiterOutcome = { reason?: { Configuration?: FunctionConfiguration } };

async function settle(
  functionName: string,
  timing: Timing,
  pending: string,
  wait: () => Promise<WaiterOutcome>,
): Promise<FunctionConfiguration> {
  let outcome: WaiterOutcome;
  try {
    outcome = await wait();
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError') {
      // The waiter retries on any error of GetFunction too; the last one it met says more than "still pending".
      const seen = Object.keys(parseResult((error as Error).message)?.observedResponses ?? {}).filter(
        (answer) => !answer.startsWith('200:'),
      );
      if (seen.length)
        throw new AwsError(`Waiting for ${functionName} failed: ${seen[seen.length - 1]}.`, 'aws', 'WaitFailed');
      throw new AwsError(
        `${functionName} is still ${pending} after ${Math.round(timing.maxWaitMs / 1000)} s; check it in the console and deploy again.`,
        'conflict',
        'WaitTimeout',
      );
    }
    // The waiter's failure message is its result as JSON: the last GetFunction answer is its `reason`.
    const config = parseResult((error as Error).message)?.reason?.Configuration;
    if (!config) throw error;
    if (config.State === 'Failed') {
      throw new AwsError(
        `${functionName} failed to become active: ${sentence(config.StateReason ?? config.StateReasonCode)}`,
        'aws',
        'StateFailed',
      );
    }
    throw new AwsError(
      `The update of ${functionName} failed: ${sentence(config.LastUpdateStatusReason ?? config.LastUpdateStatusReasonCode)}`,
      'aws',
      'LastUpdateFailed',
    );
  }
  const config = outcome.reason?.Configuration;
  if (!config) throw new AwsError(`Lambda returned no configuration for ${functionName}.`, 'aws', 'NoConfiguration');
  return config;
}

/** Lambda's reason as the end of a sentence: one final period. */
function sentence(reason: string | undefined): string {
  return `${(reason ?? 'no reason given').replace(/\.+$/, '')}.`;
}

function parseResult(
  message: string,
): { reason?: { Configuration?: FunctionConfiguration }; observedResponses?: Record<string, number> } | undefined {
  try {
    return JSON.parse(message) as {
      reason?: { Configuration?: FunctionConfiguration };
      observedResponses?: Record<string, number>;
    };
  } catch {
    return undefined; // not the waiter's own message: the caller rethrows the error as it came
  }
}

/**
 * Runs `call`, waiting out ResourceConflictException (another update still in progress), which neither the SDK's
 * retries nor its waiters cover, for at most `timing.maxConflictWaitMs`, then gives up with the last error. Any other
 * error is thrown at once.
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
