import type { NextInvocation } from './runtimeApiClient';

/** What a handler may call to end its invocation the legacy way (context.done/succeed/fail). */
export type Finish = (error: unknown, result: unknown) => void;

/** The `context` object of Lambda's Node.js runtime. */
export function createContext(invocation: NextInvocation, finish: Finish): Record<string, unknown> {
  const env = process.env;
  const context: Record<string, unknown> = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: invocation.invokedFunctionArn,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: invocation.requestId,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: parseJson(invocation.cognitoIdentity),
    clientContext: parseJson(invocation.clientContext),
    tenantId: invocation.tenantId,
    getRemainingTimeInMillis: () => Math.max(invocation.deadlineMs - Date.now(), 0),
    done: (error: unknown, result: unknown) => finish(error, result),
    succeed: (result: unknown) => finish(null, result),
    fail: (error: unknown) => finish(error ?? 'handled', undefined),
  };
  return context;
}

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // A malformed client-context or cognito header leaves the field unset rather than failing the invocation.
    return undefined;
  }
}
