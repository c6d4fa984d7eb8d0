import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { distPath } from '../../../src/core/assets';

const TEMPLATE = (greeting: string) => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  GreetFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: greet/
      Handler: app.handler
      Runtime: nodejs20.x
      Environment:
        Variables:
          GREETING: ${greeting}
          SOURCE: template
  StillFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: still/
      Handler: app.handler
      Runtime: nodejs20.x
`;

const GREET = (word: string) =>
  `exports.handler = async () => ({ text: process.env.GREETING + ' ${word}', source: process.env.SOURCE ?? null, pid: process.pid });\n`;

/** `serve` on a free port, from a temporary SAM project whose files the tests edit while it runs. */
describe('serve: a saved change to code, template or env.json reaches the next invoke', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-live-serve-'));
  let child: ChildProcess;
  let url = '';
  let stderr = '';

  const invoke = async (name: string): Promise<any> => {
    const response = await fetch(`${url}/2015-03-31/functions/${name}/invocations`, { method: 'POST', body: '{}' });
    assert.equal(response.status, 200);
    return response.json();
  };

  before(async () => {
    mkdirSync(join(dir, 'greet'));
    mkdirSync(join(dir, 'still'));
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE('hello'));
    writeFileSync(join(dir, 'greet', 'app.js'), GREET('world'));
    writeFileSync(join(dir, 'still', 'app.js'), 'exports.handler = async () => ({ pid: process.pid });\n');
    writeFileSync(join(dir, 'env.json'), JSON.stringify({ GreetFunction: { SOURCE: 'env-1' } }));
    child = spawn(
      process.execPath,
      [distPath('cli.js'), 'serve', '--template', 'template.yaml', '--env-vars', 'env.json', '--port', '0'],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk) => {
        out += chunk;
        const match = /Lambda Invoke API on (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
  });
  after(() => {
    child.kill('SIGINT');
    rmSync(dir, { recursive: true, force: true });
  });

  test('code, template and env.json edits are each seen by the very next invoke; the other function stays warm', async () => {
    const first = await invoke('GreetFunction');
    assert.deepEqual([first.text, first.source], ['hello world', 'env-1']);
    const still = await invoke('StillFunction');

    writeFileSync(join(dir, 'greet', 'app.js'), GREET('there'));
    const edited = await invoke('GreetFunction');
    assert.equal(edited.text, 'hello there');
    assert.notEqual(edited.pid, first.pid);

    writeFileSync(join(dir, 'template.yaml'), TEMPLATE('howdy'));
    assert.equal((await invoke('GreetFunction')).text, 'howdy there');

    writeFileSync(join(dir, 'env.json'), JSON.stringify({ GreetFunction: { SOURCE: 'env-2' } }));
    assert.equal((await invoke('GreetFunction')).source, 'env-2');

    assert.equal(
      (await invoke('StillFunction')).pid,
      still.pid,
      'StillFunction changed in nothing and kept its instance',
    );
    assert.match(stderr, /app\.js changed since its warm instance started/);
    assert.match(stderr, /template\.yaml changed/);
  });
});
