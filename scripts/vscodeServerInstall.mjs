// Installs code-server (VS Code's server and web workbench) once into a cache folder outside the project's dependencies.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** code-server 4.99.4 is VS Code 1.99.3, the last release whose engine is Node 20; it ships the JavaScript debugger. */
export const CODE_SERVER_VERSION = '4.99.4';

/** Debian packages: headers for VS Code's native modules, ripgrep for its search, Chromium to open the workbench. */
const APT_PACKAGES = ['libkrb5-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'libx11-dev', 'ripgrep', 'chromium'];
const RUNTIME_PACKAGES = ['chromium'];
/** The archive @vscode/ripgrep 1.15.x downloads for x64 Linux; its install step uses a cached copy when one exists. */
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

/** The cache folder: $LAMBDA_WORKBENCH_VSCODE_SERVER_DIR, or ~/.cache/lambda-workbench/vscode-server/<version>. */
export function codeServerDir() {
  return (
    process.env.LAMBDA_WORKBENCH_VSCODE_SERVER_DIR ||
    join(homedir(), '.cache', 'lambda-workbench', 'vscode-server', CODE_SERVER_VERSION)
  );
}

/** The script that starts code-server inside an install folder. */
export function codeServerEntry(dir = codeServerDir()) {
  return join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

function run(command, args, options) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${command} ${args.join(' ')} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
}

function missingPackages(names) {
  return names.filter((name) => {
    const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return query.status !== 0 || !query.stdout.includes('install ok installed');
  });
}

/** Installs the Debian packages that are missing (as root), or says which ones to install. */
function ensureAptPackages(names, log) {
  if (spawnSync('dpkg-query', ['--version']).status !== 0) return;
  const missing = missingPackages(names);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing Debian packages: ${missing.join(' ')}; install them with: sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const lockWait = ['-o', 'DPkg::Lock::Timeout=300'];
  run('apt-get', [...lockWait, 'update', '-qq'], { env });
  run('apt-get', [...lockWait, 'install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
}

/** Puts Debian's ripgrep where @vscode/ripgrep looks for its download, so the install needs no internet. */
function seedRipgrepCache(dir, tmp) {
  const shrinkwrap = join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'npm-shrinkwrap.json');
  const locked = JSON.parse(readFileSync(shrinkwrap, 'utf8')).packages?.['node_modules/@vscode/ripgrep']?.version;
  if (!locked) throw new Error(`${shrinkwrap} does not pin @vscode/ripgrep`);
  if (!locked.startsWith('1.15.'))
    throw new Error(`@vscode/ripgrep ${locked} is not 1.15.x: the name of its cached archive is unknown`);
  const rg = ['/usr/bin/rg', '/usr/local/bin/rg'].find((p) => existsSync(p));
  if (!rg) throw new Error('ripgrep (rg) is not installed: apt-get install -y ripgrep');
  const cache = join(tmp, `vscode-ripgrep-cache-${locked}`);
  const stage = join(tmp, 'rg-stage');
  mkdirSync(stage, { recursive: true });
  mkdirSync(cache, { recursive: true });
  copyFileSync(rg, join(stage, 'rg'));
  run('tar', ['-C', stage, '-czf', join(cache, RIPGREP_ARCHIVE), 'rg']);
}

/**
 * Makes sure code-server is installed in `dir` and returns its entry script. The first call installs it (about
 * 80 s): npm fetches it without running install scripts, ripgrep's download is answered from Debian's binary, then
 * `npm rebuild` runs the install scripts (native modules, VS Code's own dependencies). A marker file written last
 * makes later calls return at once; an interrupted install is redone from scratch.
 * @param {{ log?: (line: string) => void, dir?: string }} [options]
 * @returns {string} the path of code-server's entry script
 */
export function ensureCodeServer({ log = console.log, dir = codeServerDir() } = {}) {
  const marker = join(dir, '.installed');
  if (existsSync(marker) && existsSync(codeServerEntry(dir))) {
    ensureAptPackages(RUNTIME_PACKAGES, log);
    return codeServerEntry(dir);
  }
  const release = lockInstall(dir, log);
  try {
    if (existsSync(marker) && existsSync(codeServerEntry(dir))) return codeServerEntry(dir);
    return install(dir, marker, log);
  } finally {
    release();
  }
}

const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Lets one process install at a time: others wait for its lock folder to go (a lock older than 15 min is stale). */
function lockInstall(dir, log) {
  const lock = `${dir}.lock`;
  mkdirSync(dirname(lock), { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  for (let announced = false; ;) {
    try {
      mkdirSync(lock);
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const age = Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
    if (age > 15 * 60_000) rmSync(lock, { recursive: true, force: true });
    else if (Date.now() > deadline)
      throw new Error(`another install of code-server holds ${lock}; remove it if no install runs`);
    if (!announced) log(`waiting for another install of code-server to finish (${lock})`);
    announced = true;
    sleepSync(1000);
  }
}

function install(dir, marker, log) {
  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (once; about 80 s)`);
  ensureAptPackages(APT_PACKAGES, log);
  rmSync(dir, { recursive: true, force: true });
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'vscode-server-cache', private: true }) + '\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // npm 11 runs no dependency's install scripts unless allowed; code-server's (native modules, VS Code's own
  // dependencies) are what this cache folder exists for. Older npm ignores the unknown setting.
  const env = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_yes: 'true',
    npm_config_unsafe_perm: 'true',
    npm_config_dangerously_allow_all_scripts: 'true',
  };
  const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
  run(npm, ['install', ...quiet, '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], { cwd: dir, env });
  seedRipgrepCache(dir, tmp);
  run(npm, ['rebuild', ...quiet], { cwd: dir, env });
  if (
    !existsSync(
      join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'),
    )
  ) {
    throw new Error(`code-server's install in ${dir} finished without ripgrep: the install is incomplete`);
  }
  rmSync(tmp, { recursive: true, force: true });
  writeFileSync(marker, `code-server ${CODE_SERVER_VERSION} installed ${new Date().toISOString()}\n`);
  log(`installed code-server ${CODE_SERVER_VERSION} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return codeServerEntry(dir);
}
