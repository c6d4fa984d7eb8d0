import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { sdkImports } from '../../../src/core/runtime/launchers/nodeRuntimeSdk';

describe("the AWS SDK packages a function's code imports", () => {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-sdk-imports-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('are found in its sources, not in node_modules, dot folders or type declarations', () => {
    mkdirSync(join(dir, 'lib'));
    mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
    mkdirSync(join(dir, '.cache'));
    writeFileSync(join(dir, 'index.js'), "const { S3Client } = require('@aws-sdk/client-s3');\n");
    writeFileSync(join(dir, 'lib', 'db.mjs'), "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\n");
    writeFileSync(join(dir, 'lib', 'types.d.ts'), "import type { X } from '@aws-sdk/client-sqs';\n");
    writeFileSync(join(dir, 'node_modules', 'x', 'index.js'), "require('@aws-sdk/client-sns');\n");
    writeFileSync(join(dir, '.cache', 'a.js'), "require('@aws-sdk/client-kms');\n");
    assert.deepEqual(sdkImports(dir), ['@aws-sdk/client-dynamodb', '@aws-sdk/client-s3']);
  });

  test('follow each edit: a file changed or removed since the last look counts as it is now', () => {
    writeFileSync(join(dir, 'index.js'), "const { SQSClient } = require('@aws-sdk/client-sqs/dist-cjs');\n");
    assert.deepEqual(sdkImports(dir), ['@aws-sdk/client-dynamodb', '@aws-sdk/client-sqs']);
    rmSync(join(dir, 'lib', 'db.mjs'));
    assert.deepEqual(sdkImports(dir), ['@aws-sdk/client-sqs']);
  });
});
