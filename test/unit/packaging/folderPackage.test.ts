import assert from 'node:assert/strict';
import { chmodSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { packageFunction } from '../../../src/core/build';
import { readZip } from '../../../src/core/packaging';
import { testFunction } from '../../support/functions';
import { codeFolder } from '../../support/codeFolder';

const python = codeFolder({
  'app.py': 'def lambda_handler(event, context):\n    return event\n',
  'requests/__init__.py': '# vendored dependency\n',
  'requests/__pycache__/x.cpython-311.pyc': 'cache',
  '__pycache__/app.cpython-311.pyc': 'cache',
  '.venv/lib/site.py': 'venv',
  '.pytest_cache/v/cache/lastfailed': '{}',
  '.mypy_cache/3.11/app.meta.json': '{}',
  'tests/test_app.py': 'def test_ok(): pass\n',
  'stale.pyc': 'cache',
});
after(() => python.cleanup());

test('Python: the code folder with vendored dependencies, without caches and virtual environments', async () => {
  symlinkSync(python.dir, join(python.dir, 'requests', 'loop'));
  const pkg = await packageFunction(testFunction(python.dir, 'app.lambda_handler', { runtime: 'python3.12' }));
  assert.equal(pkg.kind, 'folder');
  assert.deepEqual(
    pkg.files.map((f) => f.path),
    ['app.py', 'requests/__init__.py', 'tests/test_app.py'],
  );
  assert.equal(
    readZip(pkg.zip)
      .find((e) => e.path === 'app.py')!
      .data.toString(),
    'def lambda_handler(event, context):\n    return event\n',
  );
});

test('a custom runtime with its own bootstrap is zipped as is, bootstrap executable', async () => {
  const custom = codeFolder({ bootstrap: '#!/bin/sh\necho hi\n', 'lib/data.txt': 'x' });
  try {
    chmodSync(join(custom.dir, 'bootstrap'), 0o755);
    const pkg = await packageFunction(testFunction(custom.dir, 'handler.run', { runtime: 'provided.al2023' }));
    const modes = Object.fromEntries(readZip(pkg.zip).map((e) => [e.path, e.mode]));
    assert.deepEqual(modes, { bootstrap: 0o755, 'lib/data.txt': 0o644 });
  } finally {
    custom.cleanup();
  }
});

test('clear messages for what cannot be packaged', async () => {
  const empty = codeFolder({});
  try {
    await assert.rejects(
      packageFunction(testFunction(empty.dir, 'x.y', { name: 'Custom', runtime: 'provided.al2' })),
      /Custom: a provided\.al2 function needs a Go module \(go\.mod\) or an executable named bootstrap/,
    );
    await assert.rejects(
      packageFunction(testFunction(empty.dir, 'x.y', { name: 'Java', runtime: 'java21' })),
      /Java: packaging java21 functions is not supported/,
    );
    await assert.rejects(
      packageFunction(testFunction(empty.dir, 'x.y', { name: 'Empty', runtime: 'python3.12' })),
      /Empty: there is nothing to package/,
    );
    await assert.rejects(
      packageFunction(testFunction(join(empty.dir, 'gone'), 'x.y', { name: 'Gone' })),
      /Gone: the code folder .*gone does not exist/,
    );
    await assert.rejects(
      packageFunction(testFunction(empty.dir, 'main', { name: 'Old', runtime: 'go1.x' })),
      /the go1\.x runtime is retired; set Runtime to provided\.al2023/,
    );
  } finally {
    empty.cleanup();
  }
});

test('a missing go command gets a message saying how to install it', async () => {
  const project = codeFolder({
    'go.mod': 'module example.com/hello\n\ngo 1.19\n',
    'main.go': 'package main\n\nfunc main() {}\n',
  });
  try {
    await assert.rejects(
      packageFunction(testFunction(project.dir, 'bootstrap', { name: 'Hello', runtime: 'provided.al2023' }), {
        go: { goBinary: '/nonexistent/go' },
      }),
      /^PackagingError: Hello: Go is needed to build this function but '\/nonexistent\/go' was not found on PATH\. Install Go/,
    );
  } finally {
    project.cleanup();
  }
});
