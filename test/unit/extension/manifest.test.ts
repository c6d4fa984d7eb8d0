import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, matchesGlob } from 'node:path';
import { describe, test } from 'node:test';
import { packageRoot } from '../../../src/core/assets';
import { Commands } from '../../../src/extension/commandIds';

const root = packageRoot();
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('package.json contributions', () => {
  test('every command id in code is contributed, and every contributed command exists in code', () => {
    const contributed = new Set<string>(manifest.contributes.commands.map((c: { command: string }) => c.command));
    const inCode = new Set<string>(Object.values(Commands));
    for (const id of inCode) assert.ok(contributed.has(id), `${id} is not in package.json`);
    const sources = readAll(join(root, 'src', 'extension')) + readFileSync(join(root, 'src', 'extension.ts'), 'utf8');
    for (const id of contributed)
      assert.ok(inCode.has(id as never) || sources.includes(`'${id}'`), `${id} is contributed but never registered`);
  });

  test('menus only name contributed commands, and ids follow lambdaWorkbench.<area>.<verb>', () => {
    const contributed = new Set<string>(manifest.contributes.commands.map((c: { command: string }) => c.command));
    for (const [menu, entries] of Object.entries(manifest.contributes.menus) as Array<
      [string, Array<{ command: string }>]
    >) {
      for (const entry of entries) assert.ok(contributed.has(entry.command), `${menu} names ${entry.command}`);
    }
    for (const id of contributed) assert.match(id, /^lambdaWorkbench\.[a-z]+\.[a-zA-Z]+$/);
  });

  test('the command palette hides tree-item actions and lists the commands that ask for what they need', () => {
    const hidden = new Set<string>(
      manifest.contributes.menus.commandPalette
        .filter((e: { when: string }) => e.when === 'false')
        .map((e: { command: string }) => e.command),
    );
    assert.deepEqual([...hidden].sort(), [
      'lambdaWorkbench.events.delete',
      'lambdaWorkbench.events.open',
      'lambdaWorkbench.events.run',
      'lambdaWorkbench.function.revealInTemplate',
      'lambdaWorkbench.remote.copyArn',
      'lambdaWorkbench.remote.download',
      'lambdaWorkbench.remote.openConsole',
      'lambdaWorkbench.remote.stopTailLogs',
      'lambdaWorkbench.schedule.fire',
      'lambdaWorkbench.schedule.start',
      'lambdaWorkbench.tests.acceptResult',
    ]);
    const shown = manifest.contributes.commands
      .map((c: { command: string }) => c.command)
      .filter((id: string) => !hidden.has(id));
    assert.deepEqual(shown.sort(), [
      'lambdaWorkbench.api.actions',
      'lambdaWorkbench.api.start',
      'lambdaWorkbench.api.stop',
      'lambdaWorkbench.async.openRecords',
      'lambdaWorkbench.aws.selectProfile',
      'lambdaWorkbench.events.new',
      'lambdaWorkbench.function.debug',
      'lambdaWorkbench.function.deploy',
      'lambdaWorkbench.function.invokeAsync',
      'lambdaWorkbench.function.openHandler',
      'lambdaWorkbench.function.run',
      'lambdaWorkbench.functions.createTemplate',
      'lambdaWorkbench.functions.refresh',
      'lambdaWorkbench.logs.show',
      'lambdaWorkbench.remote.delete',
      'lambdaWorkbench.remote.invoke',
      'lambdaWorkbench.remote.refresh',
      'lambdaWorkbench.remote.tailLogs',
      'lambdaWorkbench.runtime.stopInstances',
      'lambdaWorkbench.schedule.stop',
      'lambdaWorkbench.tests.newFromTemplate',
    ]);
    // A palette command that acts on a function asks for one: its handler calls a picker when given no argument.
    const sources = readAll(join(root, 'src', 'extension'));
    assert.match(
      sources,
      /functionIdOf\(arg\) \?\?\s*\(await pickFunctionId\(\s*workbench\.functions\.functions,\s*'Open the handler/,
    );
  });

  test('activation is narrow, and the files the manifest names exist', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    // A language alone says nothing about Lambda: every JavaScript, Python or Go workspace would pay for discovery.
    assert.deepEqual(
      manifest.activationEvents.filter((e: string) => e.startsWith('onLanguage:') || e === 'onStartupFinished'),
      [],
    );
    assert.ok(manifest.activationEvents.includes('onDebugResolve:lambda'));
    for (const path of [
      manifest.contributes.viewsContainers.activitybar[0].icon,
      ...manifest.contributes.grammars.map((g: { path: string }) => g.path),
      ...manifest.contributes.jsonValidation.map((j: { url: string }) => j.url),
    ]) {
      assert.ok(existsSync(join(root, path)), `${path} is missing`);
    }
  });

  test('a workspace activates the extension when it holds a template, serverless.yml, CDK output or a handler in a Lambda folder', () => {
    const globs = manifest.activationEvents
      .filter((e: string) => e.startsWith('workspaceContains:'))
      .map((e: string) => e.slice('workspaceContains:'.length));
    const activates = (file: string) => globs.some((glob: string) => matchesGlob(file, glob));
    const lambdaWorkspaces = [
      'template.yaml',
      'infra/template.json',
      'api/serverless.yml',
      'cdk.out/AppStack.template.json',
      'samconfig.toml',
      'lambda_function.py',
      'src/lambdas/orders/index.mjs',
      'services/lambda/cmd/main.go',
      'my-lambda/app.py',
    ];
    for (const file of lambdaWorkspaces) assert.ok(activates(file), `${file} does not activate the extension`);
    for (const file of ['src/index.ts', 'app.py', 'cmd/server/main.go', 'package.json', 'docs/lambda.md'])
      assert.ok(!activates(file), `${file} activates the extension`);
  });

  test('the walkthrough goes open → run → debug → deploy, each step checked off by what the user does, its pages present', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    const steps = walkthrough.steps as Array<{ id: string; media: { markdown: string }; completionEvents: string[] }>;
    assert.deepEqual(
      steps.map((s) => s.id),
      ['open', 'run', 'debug', 'deploy'],
    );
    assert.deepEqual(
      steps.map((s) => s.completionEvents),
      [
        ['onContext:lambdaWorkbench.hasFunctions'],
        ['onCommand:lambdaWorkbench.function.run'],
        ['onCommand:lambdaWorkbench.function.debug'],
        ['onCommand:lambdaWorkbench.function.deploy'],
      ],
    );
    for (const step of steps)
      assert.ok(existsSync(join(root, step.media.markdown)), `${step.media.markdown} is missing`);
  });

  test('the grammar is valid JSON with the scope the manifest declares', () => {
    for (const grammar of manifest.contributes.grammars) {
      const parsed = JSON.parse(readFileSync(join(root, grammar.path), 'utf8'));
      assert.equal(parsed.scopeName, grammar.scopeName);
      for (const [name, rule] of Object.entries(parsed.repository) as Array<
        [string, { match?: string; begin?: string }]
      >) {
        for (const source of [rule.match, rule.begin].filter(Boolean))
          assert.doesNotThrow(() => new RegExp(source!), name);
      }
    }
  });
});

function readAll(dir: string): string {
  const { readdirSync, statSync } = require('node:fs') as typeof import('node:fs');
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .map((path) => (statSync(path).isDirectory() ? readAll(path) : readFileSync(path, 'utf8')))
    .join('\n');
}
