import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { packageFunction } from '../../../src/core/build';
import { buildGo, PackagingError, readZip } from '../../../src/core/packaging';
import { findGo } from '../../../src/core/toolchains/goToolchain';
import { testFunction } from '../../support/functions';
import { codeFolder } from '../../support/codeFolder';

const hasGo = spawnSync('go', ['version']).status === 0;
const project = codeFolder({
  'go.mod': 'module example.com/hello\n\ngo 1.19\n',
  'main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n',
});
const work = mkdtempSync(join(tmpdir(), 'lwb-gobuild-'));
after(() => {
  project.cleanup();
  rmSync(work, { recursive: true, force: true });
});

/** The build settings `go version -m` reads from a binary (-tags=..., CGO_ENABLED=0, GOOS=linux...). */
function buildSettings(binary: string): string[] {
  const out = spawnSync('go', ['version', '-m', binary], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return out.stdout
    .split('\n')
    .filter((line) => line.trim().startsWith('build\t'))
    .map((line) => line.trim().slice('build\t'.length));
}

/** The ELF e_machine of a binary: 0x3e for x86-64, 0xb7 for arm64. */
function machine(binary: Buffer): number {
  assert.equal(binary.subarray(0, 4).toString('latin1'), '\x7fELF');
  return binary.readUInt16LE(18);
}

describe(
  'Go',
  { skip: !hasGo && process.env.CI !== 'true' && 'go is not installed (https://go.dev/doc/install)', timeout: 300_000 },
  () => {
    test('cross-compiles bootstrap for Linux on the function architecture, reproducibly', async () => {
      const arm = await packageFunction(
        testFunction(project.dir, 'bootstrap', { runtime: 'provided.al2023', architectures: ['arm64'] }),
      );
      assert.equal(arm.kind, 'go');
      const [entry] = readZip(arm.zip);
      assert.equal(entry.path, 'bootstrap');
      assert.equal(entry.mode, 0o755);
      assert.equal(machine(entry.data), 0xb7);
      const again = await packageFunction(
        testFunction(project.dir, 'bootstrap', { runtime: 'provided.al2023', architectures: ['arm64'] }),
      );
      assert.equal(again.codeSha256, arm.codeSha256);

      const x86 = await packageFunction(
        testFunction(project.dir, 'bootstrap', { runtime: 'provided.al2023', architectures: ['x86_64'] }),
      );
      assert.equal(machine(readZip(x86.zip)[0].data), 0x3e);
    });

    test('the Go example builds against the real aws-lambda-go, as SAM builds it', async () => {
      const example = resolve(__dirname, '..', '..', '..', 'examples', 'go-app');
      const pkg = await packageFunction(
        testFunction(example, 'bootstrap', { runtime: 'provided.al2023', architectures: ['arm64'] }),
        { go: { cacheDir: work } },
      );
      const [entry] = readZip(pkg.zip);
      assert.equal(machine(entry.data), 0xb7);
      const binary = join(work, 'go-app-bootstrap');
      writeFileSync(binary, entry.data);
      const info = spawnSync('go', ['version', '-m', binary], { encoding: 'utf8' }).stdout;
      assert.match(info, /\bdep\tgithub\.com\/aws\/aws-lambda-go\tv1\.55\.1\t/);
      for (const setting of ['-tags=lambda.norpc', 'CGO_ENABLED=0', 'GOOS=linux', 'GOARCH=arm64'])
        assert.ok(buildSettings(binary).includes(setting), info);
    });

    test('Run, Debug and deploy share one build: the same flags, the host platform for local runs, -N -l for Delve', async () => {
      const toolchain = await findGo();
      const base = {
        toolchain,
        codeDir: project.dir,
        handler: 'bootstrap',
        architecture: 'arm64',
        cacheDir: work,
      } as const;
      const deploy = buildSettings((await buildGo({ ...base, target: 'lambda', debug: false })).binary);
      const run = buildSettings((await buildGo({ ...base, target: 'host', debug: false })).binary);
      const debug = buildSettings((await buildGo({ ...base, target: 'host', debug: true })).binary);
      const platform = (s: string) => /^GO(OS|ARCH|AMD64|ARM64)=/.test(s);
      assert.deepEqual(
        run.filter((s) => !platform(s)),
        deploy.filter((s) => !platform(s)),
      );
      assert.ok(deploy.includes('GOARCH=arm64') && deploy.includes('GOOS=linux'), deploy.join(' '));
      assert.ok(run.includes(`GOARCH=${process.arch === 'arm64' ? 'arm64' : 'amd64'}`), run.join(' '));
      assert.deepEqual(
        debug.filter((s) => !s.startsWith('-gcflags')),
        run,
      );
      assert.ok(debug.includes('-gcflags="all=-N -l"'), debug.join(' '));
      assert.equal(
        (await buildGo({ ...base, target: 'lambda', debug: false })).built,
        false,
        'unchanged sources are not built again',
      );
    });

    test('a serverless.yml handler bin/<name> deploys the main package of that name', async () => {
      const service = codeFolder({
        'go.mod': 'module example.com/service\n\ngo 1.26\n',
        'cmd/hello/main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n',
        'cmd/world/main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("world") }\n',
      });
      try {
        const pkg = await packageFunction(testFunction(service.dir, 'bin/world', { runtime: 'provided.al2023' }), {
          go: { cacheDir: work },
        });
        const binary = join(work, 'world-bootstrap');
        writeFileSync(binary, readZip(pkg.zip)[0].data);
        assert.match(
          spawnSync('go', ['version', '-m', binary], { encoding: 'utf8' }).stdout,
          /\bpath\texample\.com\/service\/cmd\/world\n/,
        );
      } finally {
        service.cleanup();
      }
    });

    test('a compile error points at the file and line', async () => {
      const broken = codeFolder({
        'go.mod': 'module example.com/broken\n\ngo 1.19\n',
        'main.go': 'package main\n\nfunc main() { undefinedCall() }\n',
      });
      try {
        await assert.rejects(
          packageFunction(testFunction(broken.dir, 'bootstrap', { name: 'Broken', runtime: 'provided.al2023' })),
          (error: Error) => {
            assert.ok(error instanceof PackagingError);
            assert.match(error.message, /^Broken: go build failed in .*:\n.*main\.go:3:\d+: undefined: undefinedCall/s);
            assert.equal(error.location?.line, 2);
            return true;
          },
        );
      } finally {
        broken.cleanup();
      }
    });
  },
);
