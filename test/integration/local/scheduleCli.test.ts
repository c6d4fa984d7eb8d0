import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { within } from '../../unit/local/fakes';

const repo = resolve(__dirname, '../../..');

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  return within(
    new Promise((done) => child.once('exit', (code) => done({ code, stdout, stderr }))),
    30_000,
    `lambda-workbench ${args.join(' ')}`,
  );
}

test('schedule lists next fire times and fires the example schedule with a Scheduled Event', async () => {
  const list = await cli(['schedule', '--template', 'examples/template.yaml', '--next', '2']);
  assert.equal(list.code, 0, list.stderr);
  assert.match(
    list.stdout,
    /^EsmFunction\/Nightly {2}Schedule {2}cron\(0 3 \* \* \? \*\)\n {4}\d{4}-\d{2}-\d{2}T03:00:00\.000Z\n {4}\d{4}-\d{2}-\d{2}T03:00:00\.000Z\n$/,
  );
  const fired = await cli(['schedule', 'EsmFunction/Nightly', '--fire', '--template', 'examples/template.yaml']);
  assert.equal(fired.code, 0, fired.stderr);
  assert.equal(JSON.parse(fired.stdout).source, 'aws.events');
  const missing = await cli(['schedule', 'Nope', '--template', 'examples/template.yaml']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no schedule 'Nope'\. Known schedules: EsmFunction\/Nightly/);
});
