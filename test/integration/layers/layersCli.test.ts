import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { distPath } from '../../../src/core/assets';
import { FIXTURES } from '../../support/functions';

const LAYERS = join(FIXTURES, 'layers');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `lambda-workbench invoke` from a fixture folder, with its own cache so every run merges the layers afresh. */
function invoke(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [distPath('cli.js'), 'invoke', ...args], {
      cwd,
      env: { ...process.env, TMPDIR: cache, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdin.end();
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const cache = mkdtempSync(join(tmpdir(), 'lwb-layers-cli-'));

describe('layers through the CLI: merged in order into one /opt-shaped folder, with the paths Lambda sets', () => {
  after(() => rmSync(cache, { recursive: true, force: true }));
  const sam = join(LAYERS, 'sam');

  test('SAM: a Globals layer gives a Node.js function its node_modules (NODE_PATH), bin/ (PATH) and lib/ (LD_LIBRARY_PATH)', async () => {
    const run = await invoke(sam, ['GreetFunction', '--template', 'template.yaml']);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.equal(out.message, 'hello there from the shared layer');
    assert.equal(out.tool, 'tool from /opt/bin');
    assert.match(out.libraryPath, /[\\/]opt[\\/][0-9a-f]{16}[\\/]lib$/);
  });

  test("SAM: a function's own layer comes after Globals', and nodejs/node20/node_modules wins over nodejs/node_modules", async () => {
    const run = await invoke(sam, ['OverriddenGreetFunction', '--template', 'template.yaml']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).message, 'hi there from the node20 folder of the overrides layer');
  });

  test('SAM: a python3.x BuildMethod layer is built under python/, next to a python/ folder of another layer', async () => {
    const run = await invoke(sam, [
      'TotalFunction',
      '--template',
      'template.yaml',
      '--event',
      join(sam, '..', 'order.json'),
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { total: 7, label: "from the shared layer's python/ folder" });
  });

  test('code opening /opt/... by absolute path gets its error, and a warning naming the path and where the layers are', async () => {
    const run = await invoke(sam, ['ConfigReaderFunction', '--template', 'template.yaml']);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /warning: ConfigReaderFunction used \/opt\/config\/settings\.json by absolute path: locally its layers are merged in \S+[\\/]opt[\\/][0-9a-f]{16}/,
    );
  });

  test('a layer ARN that cannot be fetched is named, with why, before the invocation starts; the invoke still runs', async () => {
    // An endpoint nothing listens on: the SDK's own AWS_ENDPOINT_URL, with credentials that are never valid.
    const run = await invoke(sam, ['RemoteLayerFunction', '--template', 'template.yaml'], {
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_MAX_ATTEMPTS: '1',
    });
    assert.equal(run.code, 0, run.stderr);
    const warning = run.stderr.indexOf(
      'warning: the layer arn:aws:lambda:us-east-1:123456789012:layer:not-here:3 is not given to RemoteLayerFunction: GetLayerVersionByArn failed',
    );
    assert.ok(warning >= 0, run.stderr);
    assert.ok(warning < run.stderr.indexOf('START RequestId'), 'the warning comes before the invocation');
    assert.equal(
      JSON.parse(run.stdout).message,
      'hello there from the shared layer',
      'the Globals layer is still there',
    );
  });

  test('CDK output: an AWS::Lambda::LayerVersion asset referenced by Ref', async () => {
    const run = await invoke(join(LAYERS, 'cdk'), ['PriceFunction9F8E7D6C', '--event', join(LAYERS, 'net.json')]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { price: 12 });
  });

  test('serverless.yml: a layer declared with a path, referenced as { Ref: <Name>LambdaLayer }', async () => {
    const run = await invoke(join(LAYERS, 'serverless'), ['receipt', '--event', join(LAYERS, 'receipt.json')]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { line: 'tea: EUR 3.50' });
  });
});

describe('a makefile layer (Metadata: BuildMethod: makefile)', () => {
  const project = mkdtempSync(join(tmpdir(), 'lwb-make-layer-'));
  after(() => rmSync(project, { recursive: true, force: true }));
  mkdirSync(join(project, 'layer'));
  mkdirSync(join(project, 'fn'));
  writeFileSync(
    join(project, 'template.yaml'),
    [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  UnitsLayer:',
      '    Type: AWS::Serverless::LayerVersion',
      '    Properties:',
      '      ContentUri: layer/',
      '      CompatibleRuntimes: [nodejs20.x]',
      '    Metadata:',
      '      BuildMethod: makefile',
      '  ConvertFunction:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      CodeUri: fn/',
      '      Handler: index.handler',
      '      Runtime: nodejs20.x',
      '      Layers: [!Ref UnitsLayer]',
      '',
    ].join('\n'),
  );
  // The target writes the layer's /opt content into ARTIFACTS_DIR, as sam build expects of it.
  writeFileSync(
    join(project, 'layer', 'Makefile'),
    'build-UnitsLayer:\n\tmkdir -p "$(ARTIFACTS_DIR)/nodejs/node_modules/units"\n\tcp units.js "$(ARTIFACTS_DIR)/nodejs/node_modules/units/index.js"\n',
  );
  writeFileSync(join(project, 'layer', 'units.js'), 'exports.kmToMiles = (km) => Math.round(km * 0.621371);\n');
  writeFileSync(
    join(project, 'fn', 'index.js'),
    "const { kmToMiles } = require('units');\nexports.handler = async (event) => ({ miles: kmToMiles(event.km) });\n",
  );

  writeFileSync(join(project, 'event.json'), '{"km": 100}');

  test('is built by make build-<LogicalId> into ARTIFACTS_DIR, whose content the function finds as /opt', async () => {
    const run = await invoke(project, ['ConvertFunction', '--template', 'template.yaml', '--event', 'event.json']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { miles: 62 });
  });

  test('is made again when a file of its content folder changed', async () => {
    writeFileSync(
      join(project, 'layer', 'units.js'),
      'exports.kmToMiles = (km) => Math.round(km * 0.621371 * 10) / 10;\n',
    );
    const run = await invoke(project, ['ConvertFunction', '--template', 'template.yaml', '--event', 'event.json']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { miles: 62.1 });
  });

  test("a failing target fails the invocation with make's output", async () => {
    writeFileSync(
      join(project, 'layer', 'Makefile'),
      'build-UnitsLayer:\n\t@echo "units: no compiler for this" >&2; exit 3\n',
    );
    const run = await invoke(project, ['ConvertFunction', '--template', 'template.yaml', '--event', 'event.json']);
    assert.notEqual(run.code, 0);
    assert.match(
      run.stdout + run.stderr,
      /UnitsLayer: make build-UnitsLayer exited with status 2[\s\S]*units: no compiler for this/,
    );
  });
});
