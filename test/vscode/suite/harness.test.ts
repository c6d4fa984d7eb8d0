// The harness itself: the suite runs in the examples workspace and can ask the launcher for screenshots.
import * as assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { suite, test } from 'mocha';
import { HARNESS_URL_ENV } from '../protocol';
import { examplesFolder, screenshot } from './harness';

suite('Harness', () => {
  test('runs with examples/ as its workspace', () => {
    const folder = examplesFolder().uri.fsPath;
    assert.equal(basename(folder), 'examples');
    assert.ok(existsSync(join(folder, 'template.yaml')), `${folder} has no template.yaml`);
  });

  test('screenshot() saves a named screenshot through the launcher', async function () {
    if (!process.env[HARNESS_URL_ENV]) {
      if (process.env.CI === 'true') throw new Error(`${HARNESS_URL_ENV} is not set: the launcher's harness server is missing`);
      this.skip();
    }
    const path = await screenshot('harness-screenshot');
    assert.ok(path, 'screenshot() returned no path');
    assert.equal(basename(path), 'harness-screenshot.png');
    assert.ok(statSync(path).size > 1000, `${path} is too small to be a screenshot`);
  });

  test('screenshot() rejects a name that is not a plain file name', async () => {
    await assert.rejects(screenshot('../escape'), /not a plain file name/);
  });
});
