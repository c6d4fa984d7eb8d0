/** Where Lambda sends the outcome of an asynchronous invocation (EventInvokeConfig and DeadLetterQueue). */
export interface AsyncDestinations {
  /** DestinationConfig.OnSuccess.Destination (an ARN, or the intrinsic written in the template, e.g. `!GetAtt Queue.Arn`). */
  onSuccess?: string;
  /** DestinationConfig.OnFailure.Destination. */
  onFailure?: string;
  /** DeadLetterQueue.TargetArn (SAM) / DeadLetterConfig.TargetArn (CloudFormation) / onError (serverless.yml). */
  deadLetterQueue?: string;
  /** EventInvokeConfig.MaximumRetryAttempts, 0 to 2. */
  maximumRetryAttempts?: number;
  /** EventInvokeConfig.MaximumEventAgeInSeconds, 60 to 21600. */
  maximumEventAgeInSeconds?: number;
}

/** Why a record was written: Lambda's conditions, plus `NotDelivered` for events still queued when the invoker was disposed. */
export type RecordCondition = 'Success' | 'RetriesExhausted' | 'EventAgeExceeded' | 'NotDelivered';

/** Which destination would receive the record on AWS (`None` when the template configures nothing for that outcome). */
export interface RecordDestination {
  type: 'OnSuccess' | 'OnFailure' | 'DeadLetterQueue' | 'None';
  arn?: string;
}

/**
 * Lambda's invocation record, as an on-success or on-failure destination receives it, plus `destination`
 * (where AWS would have delivered it) and `functionId` (the local function). One per line of the record file.
 */
export interface DestinationRecord {
  version: '1.0';
  timestamp: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: RecordCondition;
    approximateInvokeCount: number;
  };
  requestPayload: unknown;
  responseContext?: {
    statusCode: number;
    executedVersion: string;
    functionError?: string;
  };
  responsePayload?: unknown;
  destination: RecordDestination;
  functionId: string;
}
