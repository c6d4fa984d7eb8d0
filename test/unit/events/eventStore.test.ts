import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { EventStore, sanitizeName } from '../../../src/core/events';

const root = mkdtempSync(join(tmpdir(), 'events-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('saved events live in events/<FunctionLogicalId>/<name>.json beside the template as plain event JSON', async () => {
  const store = new EventStore(root);
  const path = await store.save('OrdersFunction', 'big order', { items: [1, 2] });
  assert.equal(path, join(root, 'events', 'OrdersFunction', 'big order.json'));
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { items: [1, 2] });
  await store.save('OrdersFunction', 'another', 'just a string');
  assert.deepEqual(await store.list('OrdersFunction'), [
    { name: 'another', path: join(root, 'events', 'OrdersFunction', 'another.json') },
    { name: 'big order', path },
  ]);
  assert.equal(await store.read('OrdersFunction', 'another'), 'just a string');
  assert.deepEqual(await store.list('NoEvents'), []);
});

test('save refuses to overwrite unless asked', async () => {
  const store = new EventStore(root, 'custom/place');
  await store.save('F', 'e', { v: 1 });
  await assert.rejects(
    store.save('F', 'e', { v: 2 }),
    /An event named "e" already exists for F; save with overwrite to replace it/,
  );
  await store.save('F', 'e', { v: 2 }, { overwrite: true });
  assert.deepEqual(await store.read('F', 'e'), { v: 2 });
  assert.ok(store.pathFor('F', 'e').startsWith(join(root, 'custom', 'place')));
});

test('saveText keeps the text as typed and rejects malformed JSON with its position; read reports broken files', async () => {
  const store = new EventStore(root);
  const path = await store.saveText('G', 'typed', '{ "keep":   "spacing" }\n');
  assert.equal(readFileSync(path, 'utf8'), '{ "keep":   "spacing" }\n');
  await assert.rejects(
    store.saveText('G', 'bad', '{\n  "a": 1,\n}'),
    /Event "bad" is not valid JSON at line 3, column 1: Trailing comma/,
  );
  writeFileSync(store.pathFor('G', 'broken'), '{"a": }');
  await assert.rejects(
    store.read('G', 'broken'),
    (e: Error) =>
      e.message ===
      `${store.pathFor('G', 'broken')}:1:7: Unexpected '}': a value was expected (object, array, string, number, true, false or null)`,
  );
});

test('delete answers whether there was an event', async () => {
  const store = new EventStore(root);
  await store.save('H', 'x', {});
  assert.equal(await store.delete('H', 'x'), true);
  assert.equal(await store.delete('H', 'x'), false);
  assert.deepEqual(await store.list('H'), []);
});

test('names are sanitised: no path separators, no traversal, no reserved names', async () => {
  assert.equal(sanitizeName('../../etc/passwd'), 'etc-passwd');
  assert.equal(sanitizeName('  order: #1 / big?.json '), 'order- -1 - big');
  assert.equal(sanitizeName('café Ünïcode'), 'café Ünïcode');
  assert.equal(sanitizeName('CON'), '_CON');
  assert.throws(
    () => sanitizeName(' ../ '),
    /"\s*\.\.\/\s*" cannot be used as a name: it needs at least one letter or digit/,
  );
  const store = new EventStore(root);
  const path = await store.save('../escape', '../../x', {});
  assert.ok(path.startsWith(join(root, 'events')), path);
});
