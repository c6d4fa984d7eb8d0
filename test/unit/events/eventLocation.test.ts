import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { EventStore, eventsBaseFor, migrateLegacyEvents, workspaceEventsFor } from '../../../src/core/events';
import { LAMBDA_DEFAULTS, type FunctionSpec } from '../../../src/core/model';

const root = mkdtempSync(join(tmpdir(), 'event-location-'));
after(() => rmSync(root, { recursive: true, force: true }));

function fn(name: string, extra: Partial<FunctionSpec>): FunctionSpec {
  return {
    id: name,
    name,
    source: 'sam',
    runtime: 'nodejs20.x',
    handler: 'index.handler',
    codeDir: root,
    environment: {},
    architectures: ['x86_64'],
    layers: [],
    events: [],
    logFormat: 'Text',
    memorySize: LAMBDA_DEFAULTS.memorySize,
    timeout: 3,
    ...extra,
  };
}

function put(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

test("events sit beside the template, the root template of a nested stack, or beside a bare handler's folder", () => {
  const template = join(root, 'app', 'template.yaml');
  assert.equal(
    eventsBaseFor(fn('Orders', { templatePath: template, codeDir: join(root, 'app', 'src') })),
    join(root, 'app'),
  );
  assert.equal(
    eventsBaseFor(
      fn('Child/Fn', {
        templatePath: join(root, 'app', 'child', 'child.yaml'),
        nestedStack: { path: ['Child'], rootTemplate: template },
      }),
    ),
    join(root, 'app'),
  );
  assert.equal(
    eventsBaseFor(fn('handler', { source: 'handler', codeDir: join(root, 'lambdas', 'resize') }), root),
    join(root, 'lambdas'),
  );
  assert.equal(
    eventsBaseFor(fn('handler', { source: 'handler', codeDir: root }), root),
    root,
    'a handler at the top of the workspace folder keeps its events inside it',
  );
  assert.equal(new EventStore(join(root, 'app')).folderFor('Child/Fn'), join(root, 'app', 'events', 'Child-Fn'));
});

test("the project's own JSON events are found beside the template and in the code's events/ folder, never expected results", async () => {
  const base = join(root, 'sam');
  put(join(base, 'events', 'event.json'), '{}');
  put(join(base, 'events', 'event.expected.json'), '{}');
  put(join(base, 'events', 'Orders', 'saved.json'), '{}');
  put(join(base, 'events', 'notes.txt'), 'x');
  put(join(base, 'orders', 'events', 'big-order.json'), '{}');
  const store = new EventStore(base);
  const found = await workspaceEventsFor(
    fn('Orders', { templatePath: join(base, 'template.yaml'), codeDir: join(base, 'orders') }),
    store.root,
  );
  assert.deepEqual(found, [
    { name: 'big-order', path: join(base, 'orders', 'events', 'big-order.json') },
    { name: 'event', path: join(base, 'events', 'event.json') },
  ]);
  put(join(base, 'events', 'Orders', 'saved.expected.json'), '{}');
  assert.deepEqual(
    (await store.list('Orders')).map((e) => e.name),
    ['saved'],
    'an expected result is not a saved event',
  );
  assert.deepEqual(
    await workspaceEventsFor(
      fn('None', { templatePath: join(root, 'nothing', 'template.yaml'), codeDir: join(root, 'nothing') }),
      join(root, 'nothing', 'events'),
    ),
    [],
  );
});

test('events saved in the old hidden folder move beside their template once; nothing at the destination is overwritten', async () => {
  const ws = join(root, 'ws');
  const template = join(ws, 'svc', 'template.yaml');
  put(join(ws, '.lambda-workbench', 'events', 'Orders', 'a.json'), '{"old":"a"}');
  put(join(ws, '.lambda-workbench', 'events', 'Orders', 'b.json'), '{"old":"b"}');
  put(join(ws, '.lambda-workbench', 'events', 'Gone', 'c.json'), '{}');
  put(join(ws, 'svc', 'events', 'Orders', 'b.json'), '{"new":"b"}');
  const notes = await migrateLegacyEvents(ws, [
    fn('Orders', { templatePath: template, codeDir: join(ws, 'svc', 'src') }),
  ]);
  assert.deepEqual(notes, [
    `Saved events in ${join(ws, '.lambda-workbench', 'events', 'Gone')} were left there: no function named Gone was found in this folder.`,
    `Saved event ${join(ws, '.lambda-workbench', 'events', 'Orders', 'b.json')} was not moved: ${join(ws, 'svc', 'events', 'Orders', 'b.json')} already exists. Both were kept; compare them and delete one.`,
    `Moved 1 saved event of Orders from ${join(ws, '.lambda-workbench', 'events', 'Orders')} to ${join(ws, 'svc', 'events', 'Orders')} (a.json).`,
  ]);
  assert.equal(readFileSync(join(ws, 'svc', 'events', 'Orders', 'a.json'), 'utf8'), '{"old":"a"}');
  assert.equal(readFileSync(join(ws, 'svc', 'events', 'Orders', 'b.json'), 'utf8'), '{"new":"b"}');
  assert.equal(readFileSync(join(ws, '.lambda-workbench', 'events', 'Orders', 'b.json'), 'utf8'), '{"old":"b"}');
  assert.ok(!existsSync(join(ws, '.lambda-workbench', 'events', 'Orders', 'a.json')));
  assert.deepEqual(await migrateLegacyEvents(join(root, 'empty-ws'), []), [], 'no old folder, nothing to say');
});
