import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LineSplitter } from '../../../src/core/runtime/lineSplitter';
import { splitHandler } from '../../../src/core/runtime/launchers/handlerString';
import { PlatformLog } from '../../../src/core/runtime/platformLog';
import { describeExit } from '../../../src/core/runtime/lambdaErrors';

describe('platform log lines', () => {
  const text = new PlatformLog('Text');
  test('START, END and REPORT as CloudWatch shows them', () => {
    assert.equal(text.start('id-1', '$LATEST'), 'START RequestId: id-1 Version: $LATEST');
    assert.equal(text.end('id-1'), 'END RequestId: id-1');
    assert.equal(
      text.report('id-1', {
        durationMs: 12.345,
        billedDurationMs: 13,
        memorySizeMB: 128,
        maxMemoryUsedMB: 42,
        initDurationMs: 150.5,
      }),
      'REPORT RequestId: id-1\tDuration: 12.35 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 42 MB\tInit Duration: 150.50 ms',
    );
    assert.match(
      text.report('id-1', {
        durationMs: 1000,
        billedDurationMs: 1000,
        memorySizeMB: 128,
        maxMemoryUsedMB: 42,
        status: 'timeout',
      }),
      /\tStatus: timeout$/,
    );
    assert.match(
      text.report('id', {
        durationMs: 1,
        billedDurationMs: 1,
        memorySizeMB: 128,
        maxMemoryUsedMB: 1,
        timeoutLifted: true,
      }),
      /Timeout: lifted while a debugger is attached$/,
    );
  });
  test('the JSON format writes platform records', () => {
    const json = new PlatformLog('JSON');
    const report = JSON.parse(
      json.report('id-1', { durationMs: 1.234, billedDurationMs: 2, memorySizeMB: 256, maxMemoryUsedMB: 50 }),
    );
    assert.equal(report.type, 'platform.report');
    assert.deepEqual(report.record.metrics, {
      durationMs: 1.23,
      billedDurationMs: 2,
      memorySizeMB: 256,
      maxMemoryUsedMB: 50,
    });
    assert.equal(json.end('id-1'), '');
  });
  test('exit descriptions follow the wording of Lambda messages', () => {
    assert.equal(describeExit(3, null), 'exit status 3');
    assert.equal(describeExit(null, 'SIGKILL'), 'signal: killed');
  });
});

describe('line splitting', () => {
  test('partial lines are joined, CRLF trimmed, \\r inside a message turned into newlines, and the tail flushed', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push('one\ntw');
    splitter.push('o\r\nmulti\rline\nlast');
    assert.deepEqual(lines, ['one', 'two', 'multi\nline']);
    splitter.flush();
    assert.deepEqual(lines, ['one', 'two', 'multi\nline', 'last']);
  });
});

describe('handler strings', () => {
  test('split as Lambda splits them', () => {
    assert.deepEqual(splitHandler('index.handler'), { module: 'index', exportPath: 'handler' });
    assert.deepEqual(splitHandler('src/handlers/app.handler'), { module: 'src/handlers/app', exportPath: 'handler' });
    assert.deepEqual(splitHandler('index.a.b'), { module: 'index', exportPath: 'a.b' });
    assert.deepEqual(splitHandler('dir.v2/app.main'), { module: 'dir.v2/app', exportPath: 'main' });
    assert.equal(splitHandler('nodot'), undefined);
    assert.equal(splitHandler('.handler'), undefined);
    assert.equal(splitHandler('index.'), undefined);
  });
});
