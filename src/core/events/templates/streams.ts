import { hex, SAMPLE, sequenceNumber, type EventTemplate } from './common';

/** DynamoDB Streams record of an INSERT with NEW_AND_OLD_IMAGES. */
export const dynamodbStream: EventTemplate = {
  id: 'dynamodb-stream',
  label: 'DynamoDB Streams (INSERT)',
  description: 'A new item written to a table with a stream',
  build() {
    const table = 'ExampleTableWithStream';
    const streamLabel = new Date().toISOString().replace(/Z$/, '');
    return {
      Records: [
        {
          eventID: hex(16),
          eventName: 'INSERT',
          eventVersion: '1.1',
          eventSource: 'aws:dynamodb',
          awsRegion: SAMPLE.region,
          dynamodb: {
            ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
            Keys: { Id: { N: '101' } },
            NewImage: { Message: { S: 'New item!' }, Id: { N: '101' } },
            SequenceNumber: sequenceNumber(21),
            SizeBytes: 26,
            StreamViewType: 'NEW_AND_OLD_IMAGES',
          },
          eventSourceARN: `arn:aws:dynamodb:${SAMPLE.region}:${SAMPLE.accountId}:table/${table}/stream/${streamLabel}`,
        },
      ],
    };
  },
};

/** Kinesis Data Streams record; `data` is base64 as Lambda delivers it. */
export const kinesis: EventTemplate = {
  id: 'kinesis',
  label: 'Kinesis Data Streams record',
  description: 'One record whose data is base64-encoded JSON',
  build() {
    const sequence = sequenceNumber(56);
    return {
      Records: [
        {
          kinesis: {
            kinesisSchemaVersion: '1.0',
            partitionKey: '1',
            sequenceNumber: sequence,
            data: Buffer.from(JSON.stringify({ message: 'Hello, this is a test.' })).toString('base64'),
            approximateArrivalTimestamp: Date.now() / 1000,
          },
          eventSource: 'aws:kinesis',
          eventVersion: '1.0',
          eventID: `shardId-000000000006:${sequence}`,
          eventName: 'aws:kinesis:record',
          invokeIdentityArn: `arn:aws:iam::${SAMPLE.accountId}:role/lambda-role`,
          awsRegion: SAMPLE.region,
          eventSourceARN: `arn:aws:kinesis:${SAMPLE.region}:${SAMPLE.accountId}:stream/lambda-stream`,
        },
      ],
    };
  },
};
