import { hex, SAMPLE, type EventTemplate } from './common';

const BUCKET = 'amzn-s3-demo-bucket';

function s3Record(eventName: string, object: Record<string, unknown>) {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: SAMPLE.region,
    eventTime: new Date().toISOString(),
    eventName,
    userIdentity: { principalId: 'AWS:AIDAINPONIXQXHT3IKHL2' },
    requestParameters: { sourceIPAddress: SAMPLE.sourceIp },
    responseElements: {
      'x-amz-request-id': hex(8).toUpperCase(),
      'x-amz-id-2': `${hex(30)}/${hex(12)}`,
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'lambda-notification',
      bucket: { name: BUCKET, ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: `arn:aws:s3:::${BUCKET}` },
      object: { ...object, sequencer: hex(9).toUpperCase() },
    },
  };
}

/** S3 event notification for a new object (ObjectCreated:Put). Keys are URL-encoded, spaces as '+'. */
export const s3Put: EventTemplate = {
  id: 's3-put',
  label: 'S3 put (ObjectCreated:Put)',
  description: 'An object uploaded to a bucket',
  build: () => ({
    Records: [s3Record('ObjectCreated:Put', { key: 'uploads/HappyFace.jpg', size: 1024, eTag: hex(16) })],
  }),
};

/** S3 event notification for a deleted object (ObjectRemoved:Delete): no size or eTag. */
export const s3Delete: EventTemplate = {
  id: 's3-delete',
  label: 'S3 delete (ObjectRemoved:Delete)',
  description: 'An object deleted from a bucket',
  build: () => ({ Records: [s3Record('ObjectRemoved:Delete', { key: 'uploads/HappyFace.jpg' })] }),
};
