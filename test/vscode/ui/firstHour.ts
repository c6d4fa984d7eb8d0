// A user's own project: opened with the extension from this checkout, and with the extension installed from the
// linux-x64 .vsix that `npm run package` builds, into a VS Code that has never seen it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { ensureCodeServer, startCodeServer } from '../../../scripts/vscodeServer.mjs';
import { waitForWorkbench } from '../workbench';
import { showContainer, type UiTest } from './uiTest';

const CONTAINER = 'Lambda Workbench';

/** A project of the shape `sam init` gives, outside examples/: a template and one Node.js function. */
function ownProject(functionName: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-workbench-own-project-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(
    join(dir, 'template.yaml'),
    [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      `  ${functionName}:`,
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      CodeUri: src/',
      '      Handler: app.handler',
      '      Runtime: nodejs20.x',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'src', 'app.js'), 'exports.handler = async () => ({ ok: true });\n');
  return dir;
}

/** Waits for the Functions tree of the page to list `name`. */
async function treeLists(page: Page, name: string): Promise<void> {
  await showContainer(page, CONTAINER, 30_000);
  await page
    .locator('.part.sidebar')
    .getByRole('treeitem', { name: new RegExp(name) })
    .first()
    .waitFor({ state: 'visible', timeout: 30_000 });
}

/** Every file under `dir`, relative to it, with '/' separators. */
function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

export const firstHourTests: UiTest[] = [
  {
    title: 'UI: a folder other than examples/ opens with the extension loaded and its functions listed',
    timeoutMs: 120_000,
    async run({ page, examples, extension, workbenchUrl, screenshot }) {
      const project = ownProject('OwnProjectFunction');
      try {
        await page.goto(workbenchUrl({ folder: project, extensionDevelopmentPath: extension }));
        await waitForWorkbench(page, 45_000);
        await treeLists(page, 'OwnProjectFunction');
        await screenshot('first-hour-own-folder');
      } finally {
        await page.goto(workbenchUrl({ folder: examples, extensionDevelopmentPath: extension }));
        await waitForWorkbench(page, 45_000).catch(() => undefined);
        rmSync(project, { recursive: true, force: true });
      }
    },
  },
  {
    title:
      'UI: the linux-x64 .vsix installs into a fresh VS Code with only what the editor loads, and activates on a project',
    timeoutMs: 300_000,
    async run({ page, extension, resultsDir }) {
      const work = mkdtempSync(join(tmpdir(), 'lambda-workbench-vsix-'));
      const project = ownProject('InstalledFunction');
      let server: Awaited<ReturnType<typeof startCodeServer>> | undefined;
      const other = await page.context().newPage();
      try {
        const out = join(work, 'out');
        const pack = spawnSync(
          process.execPath,
          [join(extension, 'scripts', 'package.mjs'), '--target', 'linux-x64', '--out', out],
          { encoding: 'utf8' },
        );
        assert.equal(pack.status, 0, pack.stderr);
        const vsix = readdirSync(out).find((name) => name.endsWith('-linux-x64.vsix'));
        assert.ok(vsix, `no linux-x64 .vsix in ${readdirSync(out).join(', ')}`);
        const entry = ensureCodeServer();
        const extensionsDir = join(work, 'extensions');
        const install = spawnSync(
          process.execPath,
          [entry, '--extensions-dir', extensionsDir, '--install-extension', join(out, vsix)],
          {
            encoding: 'utf8',
            timeout: 120_000,
            // No gallery: a .vsix installs from its file, with nothing to fetch.
            env: { ...process.env, EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: '' }) },
          },
        );
        assert.equal(install.status, 0, `${install.stdout}\n${install.stderr}`);
        const installed = readdirSync(extensionsDir).find((name) =>
          name.startsWith('lambda-workbench.lambda-workbench-'),
        );
        assert.ok(installed, `the extension is not in ${extensionsDir}: ${readdirSync(extensionsDir).join(', ')}`);
        const files = filesUnder(join(extensionsDir, installed));
        assert.deepEqual(
          files.filter((f) => f.endsWith('.map') || f.startsWith('dist/test/') || f === 'dist/cli.js'),
          [],
          'no source maps, tests or CLI bundle',
        );
        assert.deepEqual(
          files.filter((f) => /(^|\/)bin\/esbuild(\.exe)?$/.test(f)),
          ['node_modules/@esbuild/linux-x64/bin/esbuild'],
          "one esbuild binary, the target's",
        );
        for (const needed of ['package.json', 'dist/extension.js', 'dist/clients/node.js'])
          assert.ok(files.includes(needed), `${needed} is installed`);

        server = await startCodeServer({ entry, workspace: project, extensionsDir });
        await other.setViewportSize({ width: 1400, height: 900 });
        await other.goto(server.workbenchUrl({ folder: project }));
        await waitForWorkbench(other, 45_000);
        await treeLists(other, 'InstalledFunction');
        await other.screenshot({ path: join(resultsDir, 'first-hour-installed-vsix.png'), timeout: 15_000 });
      } finally {
        await other.close().catch(() => undefined);
        await server?.stop();
        rmSync(project, { recursive: true, force: true });
        rmSync(work, { recursive: true, force: true });
      }
    },
  },
];
