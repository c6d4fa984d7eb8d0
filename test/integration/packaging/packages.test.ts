// What ships: the linux-x64 .vsix built by `npm run package`, read back with Python's zipfile, and the CLI's npm
// tarball, installed into an empty project and run through npx as a user would.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { packageRoot } from '../../../src/core/assets';

const ROOT = packageRoot();
const MiB = 1024 * 1024;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const work = mkdtempSync(join(tmpdir(), 'lambda-workbench-packages-'));
after(() => rmSync(work, { recursive: true, force: true }));

interface Entry {
  name: string;
  size: number;
  compressed: number;
}

/** One member of a zip as text, read by Python's zipfile. */
function zipText(file: string, member: string): string {
  return execFileSync(
    'python3',
    [
      '-c',
      'import sys,zipfile\nsys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())',
      file,
      member,
    ],
    { encoding: 'utf8' },
  );
}

/** The entries of a zip as Python's zipfile reads them: an independent reader, not the project's own. */
function zipEntries(file: string): Entry[] {
  const script =
    'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nprint(json.dumps([[i.filename,i.file_size,i.compress_size] for i in z.infolist()]))';
  const rows = JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as [
    string,
    number,
    number,
  ][];
  return rows.map(([name, size, compressed]) => ({ name, size, compressed }));
}

describe('the linux-x64 .vsix', { timeout: 300_000 }, () => {
  const out = join(work, 'vsix');
  let entries: Entry[] = [];
  let vsix = '';

  test('npm run package builds it for the target', () => {
    const run = spawnSync(
      process.execPath,
      [join(ROOT, 'scripts', 'package.mjs'), '--target', 'linux-x64', '--out', out],
      { encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stderr);
    const line = run.stdout.split('\n').find((l) => l.startsWith('linux-x64'));
    assert.ok(line, `no size line for linux-x64 in:\n${run.stdout}`);
    vsix = join(out, 'lambda-workbench-0.1.0-linux-x64.vsix');
    entries = zipEntries(vsix);
    const manifest = entries.find((e) => e.name === 'extension.vsixmanifest');
    assert.ok(manifest, 'the package has no extension.vsixmanifest');
    assert.match(zipText(vsix, 'extension.vsixmanifest'), /TargetPlatform="linux-x64"/);
  });

  test("holds exactly one esbuild binary, the target platform's", () => {
    const binaries = entries.filter((e) => /(^|\/)esbuild(\.exe)?$/.test(e.name) && e.size > MiB);
    assert.deepEqual(
      binaries.map((e) => e.name),
      ['extension/node_modules/@esbuild/linux-x64/bin/esbuild'],
    );
    const modules = new Set(
      entries
        .filter((e) => e.name.includes('node_modules/'))
        .map((e) =>
          e.name
            .split('node_modules/')[1]
            .split('/')
            .slice(0, e.name.includes('node_modules/@') ? 2 : 1)
            .join('/'),
        ),
    );
    assert.deepEqual([...modules].sort(), ['@esbuild/linux-x64', 'esbuild']);
  });

  test('leaves out source maps, tests, the CLI bundle and development files', () => {
    const names = entries.map((e) => e.name);
    assert.deepEqual(
      names.filter((n) => n.endsWith('.map')),
      [],
    );
    assert.deepEqual(
      names.filter((n) => n.startsWith('extension/dist/test/') || n.startsWith('extension/test/')),
      [],
    );
    assert.ok(!names.includes('extension/dist/cli.js'), 'the CLI bundle ships with the npm package, not the editor');
    assert.deepEqual(
      names.filter((n) => /^extension\/(src|scripts|examples|bench|\.ci)\//.test(n)),
      [],
    );
    for (const needed of [
      'extension/dist/extension.js',
      'extension/dist/aws.js',
      'extension/dist/yaml.js',
      'extension/dist/ws.js',
      'extension/dist/clients/node.js',
      'extension/dist/clients/python/bootstrap.py',
      'extension/package.json',
      'extension/media/lambda.svg',
    ]) {
      assert.ok(names.includes(needed), `${needed} is missing`);
    }
    const manifest = JSON.parse(zipText(vsix, 'extension/package.json'));
    assert.equal(manifest.devDependencies, undefined);
    assert.equal(manifest.scripts, undefined);
    assert.deepEqual(Object.keys(manifest.dependencies), ['esbuild']);
  });

  test("is small: the extension's own files under 1 MiB compressed, the package under 5 MiB", () => {
    const own = entries.filter((e) => !e.name.includes('/node_modules/')).reduce((sum, e) => sum + e.compressed, 0);
    const whole = readFileSync(vsix).length;
    assert.ok(own < MiB, `the extension's own files take ${(own / MiB).toFixed(2)} MiB compressed`);
    assert.ok(whole < 5 * MiB, `the .vsix takes ${(whole / MiB).toFixed(2)} MiB`);
  });
});

describe("the CLI's npm package", { timeout: 300_000 }, () => {
  test('packs only the CLI, its runtime clients, README and LICENSE, and npx runs it from the tarball', () => {
    const packed = spawnSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(packed.status, 0, packed.stderr);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const files = info.files.map((f) => f.path).sort();
    const unexpected = files.filter(
      (f) => !/^(dist\/cli\.js|dist\/clients\/.+|README\.md|LICENSE|package\.json)$/.test(f),
    );
    assert.deepEqual(unexpected, [], 'the tarball holds files a CLI user does not need');
    assert.ok(
      files.includes('dist/cli.js') &&
        files.includes('dist/clients/node.js') &&
        files.includes('dist/clients/python/bootstrap.py'),
    );
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(manifest.scripts.postinstall, undefined, "a postinstall script would run on every user's machine");

    const project = join(work, 'user-project');
    mkdirSync(join(project, 'hello'), { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true }));
    writeFileSync(join(project, 'hello', 'index.js'), 'exports.handler = async (event) => ({ hello: event.name });\n');
    writeFileSync(
      join(project, 'template.yaml'),
      'Transform: AWS::Serverless-2016-10-31\nResources:\n  Hello:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: hello/\n      Handler: index.handler\n      Runtime: nodejs20.x\n',
    );
    const install = spawnSync(
      npm,
      ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, info.filename)],
      { cwd: project, encoding: 'utf8' },
    );
    assert.equal(install.status, 0, install.stderr);
    const help = spawnSync(npm, ['exec', '--', 'lambda-workbench', 'help'], { cwd: project, encoding: 'utf8' });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /Usage: lambda-workbench <command>/);
    const invoke = spawnSync(npm, ['exec', '--', 'lambda-workbench', 'invoke', 'Hello', '--event', '-'], {
      cwd: project,
      encoding: 'utf8',
      input: '{"name":"npx"}',
    });
    assert.equal(invoke.status, 0, invoke.stderr);
    assert.deepEqual(JSON.parse(invoke.stdout), { hello: 'npx' });
  });
});
