import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedDestinations, destinationsFromTemplate } from '../../../src/core/async/eventInvokeConfig';
import { parseTemplate } from '../../../src/core/local/cfnTemplate';
import { fakeFunction } from '../local/fakes';

const sam = `
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    EventInvokeConfig:
      MaximumRetryAttempts: 1
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      EventInvokeConfig:
        MaximumEventAgeInSeconds: 120
        DestinationConfig:
          OnSuccess:
            Type: SNS
            Destination: !Ref DoneTopic
          OnFailure:
            Type: SQS
            Destination: !GetAtt FailedQueue.Arn
  Legacy:
    Type: AWS::Serverless::Function
    Properties:
      DeadLetterQueue:
        Type: SQS
        TargetArn: arn:aws:sqs:us-east-1:123456789012:dlq
  Plain:
    Type: AWS::Lambda::Function
  PlainConfig:
    Type: AWS::Lambda::EventInvokeConfig
    Properties:
      FunctionName: !Ref Plain
      Qualifier: $LATEST
      MaximumRetryAttempts: 0
      DestinationConfig:
        OnFailure:
          Destination: !Sub arn:aws:sqs:\${AWS::Region}:\${AWS::AccountId}:plain-failed
`;

test('SAM EventInvokeConfig, Globals, DeadLetterQueue and AWS::Lambda::EventInvokeConfig are read', () => {
  const template = parseTemplate(sam);
  assert.deepEqual(destinationsFromTemplate(template, fakeFunction('Worker')), {
    maximumRetryAttempts: 1,
    maximumEventAgeInSeconds: 120,
    onSuccess: '!Ref DoneTopic',
    onFailure: '!GetAtt FailedQueue.Arn',
  });
  assert.deepEqual(destinationsFromTemplate(template, fakeFunction('Legacy')), {
    maximumRetryAttempts: 1,
    deadLetterQueue: 'arn:aws:sqs:us-east-1:123456789012:dlq',
  });
  assert.deepEqual(destinationsFromTemplate(template, fakeFunction('Plain', [], { source: 'cloudformation' })), {
    maximumRetryAttempts: 0,
    onFailure: '!Sub arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:plain-failed',
  });
});

test('serverless.yml destinations, onError and retry settings are read', () => {
  const doc = parseTemplate(`
service: shop
functions:
  worker:
    handler: worker.handler
    maximumRetryAttempts: 2
    maximumEventAge: 600
    onError: arn:aws:sns:us-east-1:123456789012:errors
    destinations:
      onSuccess: notify
      onFailure:
        type: sqs
        arn: arn:aws:sqs:us-east-1:123456789012:failed
  other:
    handler: other.handler
`);
  assert.deepEqual(destinationsFromTemplate(doc, fakeFunction('worker', [], { source: 'serverless' })), {
    onSuccess: 'notify',
    onFailure: 'arn:aws:sqs:us-east-1:123456789012:failed',
    deadLetterQueue: 'arn:aws:sns:us-east-1:123456789012:errors',
    maximumRetryAttempts: 2,
    maximumEventAgeInSeconds: 600,
  });
  assert.equal(destinationsFromTemplate(doc, fakeFunction('other', [], { source: 'serverless' })), undefined);
});

test('cachedDestinations reads the template file of the function and names it on bad YAML', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-eic-'));
  const good = join(dir, 'template.yaml');
  writeFileSync(good, sam);
  const bad = join(dir, 'broken.yaml');
  writeFileSync(bad, 'Resources: [\n');
  const lookup = cachedDestinations();
  assert.equal(
    lookup(fakeFunction('Legacy', [], { id: `${good}#Legacy`, templatePath: good }))?.deadLetterQueue,
    'arn:aws:sqs:us-east-1:123456789012:dlq',
  );
  assert.throws(() => lookup(fakeFunction('X', [], { id: `${bad}#X`, templatePath: bad })), /broken\.yaml/);
  assert.equal(lookup(fakeFunction('Bare', [], { id: '/work/bare.js', source: 'handler' })), undefined);
});
