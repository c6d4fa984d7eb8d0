import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { goMainPackage, PackagingError } from '../../../src/core/packaging';
import { codeFolder } from '../../support/codeFolder';

const main = 'package main\n\nfunc main() {}\n';
const project = codeFolder({
  'go.mod': 'module example.com/service\n\ngo 1.26\n',
  'hello/main.go': main,
  'cmd/world/main.go': main,
  'functions/orders/main.go': main,
  'shared/util.go': 'package shared\n',
  'lib/main.go': 'package lib\n',
});
after(() => project.cleanup());

test('SAM functions build the code folder itself, whatever the handler is called', () => {
  assert.equal(goMainPackage(project.dir, 'bootstrap'), '.');
  assert.equal(goMainPackage(project.dir, 'hello'), '.');
});

test('a serverless handler bin/<name> builds the matching main package of the module', () => {
  assert.equal(goMainPackage(project.dir, 'bin/hello'), './hello');
  assert.equal(goMainPackage(project.dir, 'bin/world'), './cmd/world');
  assert.equal(goMainPackage(project.dir, './bin/orders'), './functions/orders');
});

test('a serverless handler with no main package to build says where it looked', () => {
  assert.throws(
    () => goMainPackage(project.dir, 'bin/lib'),
    (error: Error) =>
      error instanceof PackagingError &&
      /'bin\/lib' names the binary lib, but no main package was found for it .*\(looked in \.\/lib, \.\/cmd\/lib, \.\/functions\/lib, \.\/src\/lib\)/.test(
        error.message,
      ),
  );
});

test('a serverless service whose main package is the service folder builds it', () => {
  const single = codeFolder({ 'go.mod': 'module example.com/one\n\ngo 1.26\n', 'main.go': main });
  try {
    assert.equal(goMainPackage(single.dir, 'bin/one'), '.');
  } finally {
    single.cleanup();
  }
});
