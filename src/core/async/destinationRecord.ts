import type { FunctionSpec } from '../model';
import type { InvocationResult } from '../runtime/types';
import type { AsyncDestinations, DestinationRecord, RecordCondition, RecordDestination } from './types';

/** The account id used in the ARNs of local functions (no AWS account is involved locally). */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** `arn:aws:lambda:<region>:<account>:function:<name>:$LATEST`, as async records name the function. */
export function localFunctionArn(fn: FunctionSpec, region: string, accountId = LOCAL_ACCOUNT_ID): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${fn.functionName ?? fn.name}:$LATEST`;
}

/** A payload as a record carries it: parsed JSON when it is JSON, the text otherwise. */
export function payloadValue(payload: string | Buffer): unknown {
  const text = Buffer.isBuffer(payload) ? payload.toString('utf8') : payload;
  if (text.length === 0) return null;
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: the record carries the text.
    return text;
  }
}

/** Where Lambda sends an outcome: on-success destination, or on-failure destination before the dead-letter queue. */
export function destinationOf(condition: RecordCondition, config: AsyncDestinations | undefined): RecordDestination {
  if (condition === 'Success')
    return config?.onSuccess ? { type: 'OnSuccess', arn: config.onSuccess } : { type: 'None' };
  if (config?.onFailure) return { type: 'OnFailure', arn: config.onFailure };
  if (config?.deadLetterQueue) return { type: 'DeadLetterQueue', arn: config.deadLetterQueue };
  return { type: 'None' };
}

export interface RecordInput {
  fn: FunctionSpec;
  requestId: string;
  functionArn: string;
  condition: RecordCondition;
  invokeCount: number;
  payload: string | Buffer;
  /** The last attempt's result; absent when the event never ran. */
  result?: InvocationResult;
  destination: RecordDestination;
  now?: Date;
}

/** Builds Lambda's invocation record (version 1.0) for one asynchronous event. */
export function buildDestinationRecord(input: RecordInput): DestinationRecord {
  const record: DestinationRecord = {
    version: '1.0',
    timestamp: (input.now ?? new Date()).toISOString(),
    requestContext: {
      requestId: input.requestId,
      functionArn: input.functionArn,
      condition: input.condition,
      approximateInvokeCount: input.invokeCount,
    },
    requestPayload: payloadValue(input.payload),
    destination: input.destination,
    functionId: input.fn.id,
  };
  if (input.result) {
    record.responseContext = { statusCode: 200, executedVersion: '$LATEST' };
    if (input.result.status !== 'success')
      record.responseContext.functionError = input.result.functionError ?? 'Unhandled';
    record.responsePayload = payloadValue(input.result.payload);
  }
  return record;
}
