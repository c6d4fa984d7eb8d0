import { gzipSync } from 'node:zlib';
import { hex, SAMPLE, sequenceNumber, type EventTemplate } from './common';

/**
 * A CloudWatch Logs subscription filter delivery: `awslogs.data` is the gzip-compressed, base64-encoded
 * DATA_MESSAGE, exactly as Lambda receives it.
 */
export const cloudwatchLogs: EventTemplate = {
  id: 'cloudwatch-logs',
  label: 'CloudWatch Logs subscription',
  description: 'Two log events from a subscription filter (gzip + base64 in awslogs.data)',
  build() {
    const now = Date.now();
    const day = new Date(now).toISOString().slice(0, 10).replace(/-/g, '/');
    const requestId = hex(16);
    const message = {
      messageType: 'DATA_MESSAGE',
      owner: SAMPLE.accountId,
      logGroup: '/aws/lambda/echo-nodejs',
      logStream: `${day}/[$LATEST]${hex(16)}`,
      subscriptionFilters: ['LambdaStream_cloudwatchlogs-node'],
      logEvents: [
        { id: sequenceNumber(56), timestamp: now - 5, message: `START RequestId: ${requestId} Version: $LATEST\n` },
        { id: sequenceNumber(56), timestamp: now, message: `END RequestId: ${requestId}\n` },
      ],
    };
    return { awslogs: { data: gzipSync(Buffer.from(JSON.stringify(message))).toString('base64') } };
  },
};
