import { hex, md5, SAMPLE, uuid, type EventTemplate } from './common';

/** SQS batch of one message, as Lambda's event source mapping delivers it. */
export const sqs: EventTemplate = {
  id: 'sqs',
  label: 'SQS message',
  description: 'A batch with one message from a standard queue',
  build() {
    const body = JSON.stringify({ orderId: hex(4), status: 'PLACED' });
    const sent = Date.now();
    return {
      Records: [
        {
          messageId: uuid(),
          receiptHandle: `AQEB${Buffer.from(hex(48)).toString('base64')}`,
          body,
          attributes: {
            ApproximateReceiveCount: '1',
            SentTimestamp: String(sent),
            SenderId: 'AIDAIENQZJOLO23YVJ4VO',
            ApproximateFirstReceiveTimestamp: String(sent + 2),
          },
          messageAttributes: {},
          md5OfBody: md5(body),
          eventSource: 'aws:sqs',
          eventSourceARN: `arn:aws:sqs:${SAMPLE.region}:${SAMPLE.accountId}:my-queue`,
          awsRegion: SAMPLE.region,
        },
      ],
    };
  },
};

/** SNS notification delivered to a Lambda subscription. */
export const sns: EventTemplate = {
  id: 'sns',
  label: 'SNS notification',
  description: 'A message published to a topic with one message attribute',
  build() {
    const topicArn = `arn:aws:sns:${SAMPLE.region}:${SAMPLE.accountId}:sns-lambda`;
    const subscriptionArn = `${topicArn}:${uuid()}`;
    return {
      Records: [
        {
          EventVersion: '1.0',
          EventSubscriptionArn: subscriptionArn,
          EventSource: 'aws:sns',
          Sns: {
            SignatureVersion: '1',
            Timestamp: new Date().toISOString(),
            Signature: Buffer.from(hex(64)).toString('base64'),
            SigningCertUrl: `https://sns.${SAMPLE.region}.amazonaws.com/SimpleNotificationService-${hex(16)}.pem`,
            MessageId: uuid(),
            Message: 'Hello from SNS!',
            MessageAttributes: { Test: { Type: 'String', Value: 'TestString' } },
            Type: 'Notification',
            UnsubscribeUrl: `https://sns.${SAMPLE.region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
            TopicArn: topicArn,
            Subject: 'TestInvoke',
          },
        },
      ],
    };
  },
};
