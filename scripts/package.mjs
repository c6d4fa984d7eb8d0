// `npm run package`: one .vsix per platform, each holding the extension's minified bundles and exactly one esbuild
// binary (the target's own), and nothing else: no source maps, tests, CLI bundle or development dependencies.
// Usage: node scripts/package.mjs [--target linux-x64 ...] [--out folder]
//
// vsce packages a folder; this one is assembled per target in a staging folder that holds only what the editor loads,
// then .vscodeignore's exclusions (maps, tests, the CLI bundle, the host's esbuild binary) apply to it. Filtering the
// project folder itself cannot work: vsce applies .vscodeignore's negations after its exclusions.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The platforms VS Code publishes for, with the esbuild package that carries each one's binary. */
export const TARGETS = {
  'linux-x64': '@esbuild/linux-x64',
  'linux-arm64': '@esbuild/linux-arm64',
  'darwin-x64': '@esbuild/darwin-x64',
  'darwin-arm64': '@esbuild/darwin-arm64',
  'win32-x64': '@esbuild/win32-x64',
};

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.error) throw new Error(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

/** The target's esbuild package folder: the installed one when it is the host's, else unpacked from the registry. */
function esbuildPlatformPackage(name, version) {
  const installed = join(root, 'node_modules', name);
  if (
    existsSync(join(installed, 'package.json')) &&
    JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version === version
  ) {
    return installed;
  }
  const cache = join(
    homedir(),
    '.cache',
    'lambda-workbench',
    'esbuild-packages',
    `${name.replace('/', '+')}-${version}`,
  );
  if (existsSync(join(cache, 'package', 'package.json'))) return join(cache, 'package');
  rmSync(cache, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const tarball = run(npm, ['pack', `${name}@${version}`, '--silent', '--pack-destination', cache])
    .trim()
    .split('\n')
    .pop();
  run('tar', ['-xzf', join(cache, tarball), '-C', cache]);
  return join(cache, 'package');
}

/** The extension's manifest as published: no development dependencies, scripts or CLI entry. */
function publishedManifest() {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const key of ['devDependencies', 'scripts', 'bin', 'files', 'allowScripts']) delete manifest[key];
  return manifest;
}

function stage(target, dir, dist) {
  const manifest = publishedManifest();
  const esbuildVersion = JSON.parse(
    readFileSync(join(root, 'node_modules', 'esbuild', 'package.json'), 'utf8'),
  ).version;
  manifest.dependencies = { esbuild: esbuildVersion };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  for (const file of ['README.md', 'LICENSE', 'SECURITY.md'])
    if (existsSync(join(root, file))) cpSync(join(root, file), join(dir, file));
  for (const folder of ['media', 'syntaxes', 'schemas'])
    if (existsSync(join(root, folder))) cpSync(join(root, folder), join(dir, folder), { recursive: true });
  cpSync(dist, join(dir, 'dist'), { recursive: true });
  cpSync(join(root, 'node_modules', 'esbuild'), join(dir, 'node_modules', 'esbuild'), { recursive: true });
  const platform = TARGETS[target];
  cpSync(esbuildPlatformPackage(platform, esbuildVersion), join(dir, 'node_modules', platform), { recursive: true });
  cpSync(join(root, '.vscodeignore'), join(dir, '.vscodeignore'));
}

/** Builds the minified bundles once, then one .vsix per target; returns [{ target, file, bytes }]. */
export function packageTargets(targets, out) {
  mkdirSync(out, { recursive: true });
  const dist = join(out, 'dist');
  run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--minify', '--outdir', dist], {
    cwd: root,
    stdio: 'inherit',
  });
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const built = [];
  for (const target of targets) {
    const dir = join(out, `stage-${target}`);
    stage(target, dir, dist);
    const file = join(out, `lambda-workbench-${version}-${target}.vsix`);
    run(
      process.execPath,
      [
        vsce,
        'package',
        '--target',
        target,
        '--allow-missing-repository',
        '--skip-license',
        '--no-rewrite-relative-links',
        '--out',
        file,
      ],
      { cwd: dir },
    );
    rmSync(dir, { recursive: true, force: true });
    built.push({ target, file, bytes: statSync(file).size });
  }
  rmSync(dist, { recursive: true, force: true });
  return built;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      target: { type: 'string', multiple: true },
      out: { type: 'string', default: join(root, 'out', 'vsix') },
    },
    strict: true,
  });
  const targets = values.target ?? Object.keys(TARGETS);
  const unknown = targets.filter((t) => !TARGETS[t]);
  if (unknown.length > 0) {
    console.error(`unknown target ${unknown.join(', ')}; targets: ${Object.keys(TARGETS).join(', ')}`);
    process.exit(2);
  }
  for (const { target, file, bytes } of packageTargets(targets, values.out)) {
    console.log(
      `${target.padEnd(13)} ${(bytes / 1024 / 1024).toFixed(2).padStart(6)} MB  ${relative(process.cwd(), file)}`,
    );
  }
}
