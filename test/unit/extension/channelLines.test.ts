import assert from 'node:assert/strict';
import { test } from 'node:test';
import { channelLevel, channelText } from '../../../src/extension/channelLines';

test("a log line keeps one time: Lambda's own text prefix time is left to the channel's stamp", () => {
  const id = '8f5a2c1e-1111-4a4a-9b9b-000000000001';
  assert.equal(channelText('Orders', `2026-12-01T04:40:00.123Z\t${id}\tINFO\thello`), `[Orders] ${id}\tINFO\thello`);
  assert.equal(
    channelText('Reports', `[INFO]\t2026-12-01T04:40:00.123Z\t${id}\tsaved`),
    `[Reports] [INFO]\t${id}\tsaved`,
  );
  assert.equal(channelText('Reports', `[ERROR]\t2026-12-01T04:40:00Z\t${id}\tboom`), `[Reports] [ERROR]\t${id}\tboom`);
  // Platform lines, JSON lines and plain text have no leading time to drop.
  for (const text of [
    `START RequestId: ${id} Version: $LATEST`,
    '{"time":"2026-12-01T04:40:00.123Z","level":"INFO","message":"hi"}',
    'plain 2026-12-01T04:40:00.123Z text',
  ]) {
    assert.equal(channelText('Orders', text), `[Orders] ${text}`);
  }
});

test('the channel level follows the level the line shows', () => {
  assert.equal(channelLevel('2026-12-01T04:40:00.123Z\tid\tERROR\tboom'), 'error');
  assert.equal(channelLevel('[WARNING]\t2026-12-01T04:40:00.123Z\tid\tcareful'), 'warn');
  assert.equal(channelLevel('{"level":"FATAL","message":"x"}'), 'error');
  assert.equal(channelLevel('printed to stderr', 'warn'), 'warn');
  assert.equal(channelLevel('printed to stdout'), 'info');
});
