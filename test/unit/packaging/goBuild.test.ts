import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, describe, test } from 'node:test';
import { packageFunction, PackagingError, readZip } from '../../../src/core/packaging';
import { testFunction } from '../../support/functions';
import { codeFolder } from './project';

const hasGo = spawnSync('go', ['version']).status === 0;
const project = codeFolder({
  'go.mod': 'module example.com/hello\n\ngo 1.19\n',
  'main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n',
});
after(() => project.cleanup());

/** The ELF e_machine of a binary: 0x3e for x86-64, 0xb7 for arm64. */
function machine(binary: Buffer): number {
  assert.equal(binary.subarray(0, 4).toString('latin1'), '\x7fELF');
  return binary.readUInt16LE(18);
}

describe('Go', { skip: !hasGo && process.env.CI !== 'true' && 'go is not installed (https://go.dev/doc/install)', timeout: 300_000 }, () => {
  test('cross-compiles bootstrap for Linux on the function architecture, reproducibly', async () => {
    const arm = await packageFunction(testFunction(project.dir, 'bootstrap', { runtime: 'provided.al2023', architectures: ['arm64'] }));
    assert.equal(arm.kind, 'go');
    const [entry] = readZip(arm.zip);
    assert.equal(entry.path, 'bootstrap');
    assert.equal(entry.mode, 0o755);
    assert.equal(machine(entry.data), 0xb7);
    const again = await packageFunction(testFunction(project.dir, 'bootstrap', { runtime: 'provided.al2023', architectures: ['arm64'] }));
    assert.equal(again.codeSha256, arm.codeSha256);

    const x86 = await packageFunction(testFunction(project.dir, 'bootstrap', { runtime: 'provided.al2023', architectures: ['x86_64'] }));
    assert.equal(machine(readZip(x86.zip)[0].data), 0x3e);
  });

  test('a compile error points at the file and line', async () => {
    const broken = codeFolder({ 'go.mod': 'module example.com/broken\n\ngo 1.19\n', 'main.go': 'package main\n\nfunc main() { undefinedCall() }\n' });
    try {
      await assert.rejects(packageFunction(testFunction(broken.dir, 'bootstrap', { name: 'Broken', runtime: 'provided.al2023' })), (error: Error) => {
        assert.ok(error instanceof PackagingError);
        assert.match(error.message, /^Broken: go build failed in .*:\n.*main\.go:3:\d+: undefined: undefinedCall/s);
        assert.equal(error.location?.line, 2);
        return true;
      });
    } finally {
      broken.cleanup();
    }
  });
});

test('a missing go command gets a message saying how to install it', async () => {
  await assert.rejects(
    packageFunction(testFunction(project.dir, 'bootstrap', { name: 'Hello', runtime: 'provided.al2023' }), { go: { goBinary: '/nonexistent/go' } }),
    /^PackagingError: Hello: Go is needed to build this function but '\/nonexistent\/go' was not found on PATH\. Install Go/,
  );
});
