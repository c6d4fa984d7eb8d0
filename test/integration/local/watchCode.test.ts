import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchCode } from '../../../src/core/local/watchCode';
import { within } from '../../unit/local/fakes';

test('watchCode reports a changed handler file and ignores node_modules', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-watch-'));
  mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true });
  mkdirSync(join(dir, 'src'));
  const changes: string[] = [];
  let changed!: () => void;
  const seen = new Promise<void>((resolve) => (changed = resolve));
  const stop = watchCode([dir], (file) => {
    changes.push(file);
    changed();
  }, { debounceMs: 20 });
  try {
    writeFileSync(join(dir, 'node_modules', 'dep', 'index.js'), 'x');
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(changes, []);
    writeFileSync(join(dir, 'src', 'app.js'), 'exports.handler = async () => 1;');
    await within(seen, 5000, 'the change notification');
    assert.equal(changes[0], join(dir, 'src', 'app.js'));
  } finally {
    stop();
  }
});
