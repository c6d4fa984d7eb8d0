import { join } from 'node:path';
import { after, describe } from 'node:test';
import { packageRoot } from '../../../src/core/assets';
import type { FunctionSpec } from '../../../src/core/model';
import { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import type { RuntimeLauncher } from '../../../src/core/runtime/types';
import { fixtureFunction } from '../python/fixtureFunction';
import { runtimeAnswers } from './runtimeAnswers';

/** AWS's Python runtime interface client, started as AWS documents it: `python3 -m awslambdaric <handler>`. */
const awslambdaric: RuntimeLauncher = {
  name: 'awslambdaric',
  matches: () => true,
  prepare: async (fn: FunctionSpec) => ({
    command: process.env.LAMBDA_WORKBENCH_PYTHON || 'python3',
    args: ['-m', 'awslambdaric', fn.handler],
    cwd: fn.codeDir,
    taskRoot: fn.codeDir,
    handler: fn.handler,
    // As our client does: no __pycache__ written into the fixture folder.
    env: { PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
    warnings: [],
  }),
};

/** AWS's Node.js runtime interface client (the aws-lambda-ric package) in place of ours. */
const awsLambdaRic: RuntimeLauncher = {
  name: 'aws-lambda-ric',
  matches: () => true,
  prepare: async (fn: FunctionSpec) => ({
    command: process.execPath,
    args: [join(packageRoot(), 'node_modules', 'aws-lambda-ric', 'index.mjs'), fn.handler],
    cwd: fn.codeDir,
    taskRoot: fn.codeDir,
    handler: fn.handler,
    env: {},
    warnings: [],
  }),
};

const ours = new LocalRuntime({ maxConcurrency: 2 });
const aws = new LocalRuntime({ launchers: [awslambdaric], maxConcurrency: 2 });
const awsNode = new LocalRuntime({ launchers: [awsLambdaRic], maxConcurrency: 2 });
after(async () => {
  await ours.dispose();
  await aws.dispose();
  await awsNode.dispose();
});

const python = (name: string) => fixtureFunction('python/app', { name, functionName: name, timeout: 60 });
const node = (name: string) =>
  fixtureFunction('node', { name, functionName: name, runtime: 'nodejs20.x', handler: 'app.handler', timeout: 60 });
const sleep = { action: 'sleep', seconds: 30 };

describe('the same answers from AWS clients and ours through the local Runtime API', { timeout: 600_000 }, () => {
  runtimeAnswers({
    label: 'our Python client',
    runtime: ours,
    fn: python('OursPython'),
    failureType: 'ValueError',
    sleepEvent: sleep,
  });
  runtimeAnswers({
    label: 'awslambdaric (Python)',
    runtime: aws,
    fn: python('AwsPython'),
    failureType: 'ValueError',
    sleepEvent: sleep,
  });
  runtimeAnswers({
    label: 'our Node.js client',
    runtime: ours,
    fn: node('OursNode'),
    failureType: 'Error',
    sleepEvent: sleep,
  });
  runtimeAnswers({
    label: 'aws-lambda-ric (Node.js)',
    runtime: awsNode,
    fn: node('AwsNode'),
    failureType: 'Error',
    sleepEvent: sleep,
  });
  // A Go function's runtime client is aws-lambda-go's own loop (lambda.Start), unchanged, built with -tags lambda.norpc.
  runtimeAnswers({
    label: 'aws-lambda-go',
    runtime: ours,
    fn: fixtureFunction('go/hello', {
      name: 'AwsGo',
      functionName: 'AwsGo',
      runtime: 'provided.al2023',
      handler: 'bootstrap',
      timeout: 60,
    }),
    failureType: 'errorString',
    sleepEvent: { action: 'sleep', sleepMs: 30_000 },
  });
});
