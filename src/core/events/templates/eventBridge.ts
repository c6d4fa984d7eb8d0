import { isoSeconds, SAMPLE, uuid, type EventTemplate } from './common';

/** A custom event delivered by an EventBridge rule. */
export const eventBridge: EventTemplate = {
  id: 'eventbridge',
  label: 'EventBridge event',
  description: 'A custom application event matched by a rule',
  build: () => ({
    version: '0',
    id: uuid(),
    'detail-type': 'Order Placed',
    source: 'com.example.orders',
    account: SAMPLE.accountId,
    time: isoSeconds(),
    region: SAMPLE.region,
    resources: [],
    detail: { orderId: 'o-1001', customer: 'alice', total: 42.5 },
  }),
};

/** What a schedule rule (EventBridge / CloudWatch Events `rate(...)` or `cron(...)`) sends. */
export const scheduled: EventTemplate = {
  id: 'scheduled',
  label: 'Scheduled event',
  description: 'A scheduled rule firing (EventBridge / CloudWatch Events)',
  build: () => ({
    version: '0',
    id: uuid(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: SAMPLE.accountId,
    time: isoSeconds(),
    region: SAMPLE.region,
    resources: [`arn:aws:events:${SAMPLE.region}:${SAMPLE.accountId}:rule/my-schedule`],
    detail: {},
  }),
};
