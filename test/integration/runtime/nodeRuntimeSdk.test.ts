import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import { json, testFunction } from '../../support/functions';

describe('Node.js 18+: the AWS SDK v3 the runtime includes, for a handler whose project does not install it', () => {
  const project = mkdtempSync(join(tmpdir(), 'lwb-node-sdk-'));
  const cacheDir = mkdtempSync(join(tmpdir(), 'lwb-node-sdk-cache-'));
  const progress: string[] = [];
  const runtime = new LocalRuntime({
    cacheDir,
    onLog: (line) => line.stream === 'platform' && progress.push(line.text),
  });
  after(async () => {
    await runtime.dispose();
    rmSync(project, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  test("is installed once into the cache, at the version the project's package.json names, and found on NODE_PATH", async () => {
    // The project names the client as a devDependency (for its tests) but has not installed it.
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'whoami', devDependencies: { '@aws-sdk/client-sts': '3.600.0' } }),
    );
    writeFileSync(
      join(project, 'index.js'),
      "const { STSClient } = require('@aws-sdk/client-sts');\n" +
        "exports.handler = async () => ({ client: typeof STSClient, version: require('@aws-sdk/client-sts/package.json').version });\n",
    );
    const fn = testFunction(project, 'index.handler', { id: 'node-sdk', runtime: 'nodejs20.x', timeout: 30 });
    const result = await runtime.invoke(fn);
    assert.equal(result.status, 'success', result.payload.toString());
    assert.deepEqual(json(result), { client: 'function', version: '3.600.0' });
    const installing = progress.filter((line) => line.includes('installing @aws-sdk/client-sts@3.600.0'));
    assert.equal(installing.length, 1, progress.join('\n'));
    assert.match(
      installing[0],
      /@aws-sdk\/client-sts is not in the project; Lambda's nodejs20\.x runtime includes the AWS SDK/,
    );
    assert.equal(existsSync(join(project, 'node_modules')), false, 'the project is not written');

    runtime.recycle();
    const again = await runtime.invoke(fn);
    assert.equal(again.coldStart, true);
    assert.equal(json(again).version, '3.600.0');
    assert.equal(progress.filter((line) => line.includes('installing')).length, 1, 'installed once');
  });
});
