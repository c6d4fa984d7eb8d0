// Starts code-server (VS Code 1.99 as a server and web workbench) on 127.0.0.1 with a throwaway profile.
// Shared by `npm start` (scripts/start.mjs) and the in-editor test launcher (test/vscode/runInCodeServer.ts).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from './freePort.mjs';

export { CODE_SERVER_VERSION, codeServerDir, ensureCodeServer } from './vscodeServerInstall.mjs';

/** User settings of every profile the harness creates: no welcome page, no trust prompt, nothing reaching out. */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
};

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts code-server and resolves once it answers /healthz. It runs detached in its own process group so that
 * `stop()` ends it together with the extension hosts it spawned.
 * @param {import('./vscodeServer.d.mts').StartOptions} options
 * @returns {Promise<import('./vscodeServer.d.mts').CodeServer>}
 */
export async function startCodeServer({ entry, workspace, env = {}, readyTimeoutMs = 60_000, extensionsDir }) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const home = mkdtempSync(join(tmpdir(), 'lambda-workbench-vscode-'));
  const userData = join(home, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  const extensions = extensionsDir ?? join(home, 'extensions');
  mkdirSync(extensions, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
  writeFileSync(join(home, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const logPath = join(home, 'code-server.log');
  const log = createWriteStream(logPath);
  const args = [
    entry,
    '--config',
    join(home, 'config.yaml'),
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir',
    userData,
    '--extensions-dir',
    extensions,
    workspace,
  ];
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: '' }), ...env },
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  // The end of the output is also kept in memory: the log file goes with the profile, and may lag behind.
  let recent = '';
  const keep = (chunk) => {
    recent = (recent + chunk.toString()).slice(-65_536);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const tail = (lines = 30) => recent.trimEnd().split('\n').slice(-lines).join('\n') || '(no output)';
  let exited = null;
  const exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exited = signal ?? code))));
  const closed = new Promise((resolve) => child.once('close', resolve));

  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      if (exited === null) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
        if ((await Promise.race([exit, delay(5000).then(() => 'timeout')])) === 'timeout') {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            /* already gone */
          }
          await exit;
        }
      }
      log.end();
      rmSync(home, { recursive: true, force: true, maxRetries: 3 });
    })());

  const remoteUri = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
  const workbenchUrl = ({ folder, extensionDevelopmentPath, extensionTestsPath }) => {
    const payload = [];
    if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remoteUri(extensionDevelopmentPath)]);
    if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(extensionTestsPath)]);
    payload.push(['skipWelcome', 'true']);
    return `${origin}/?folder=${encodeURI(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited !== null) {
      const status = exited;
      await Promise.race([closed, delay(2000)]);
      await stop();
      throw new Error(`code-server exited (${status}) before it was ready; its output:\n${tail()}`);
    }
    const ok = await fetch(`${origin}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `code-server did not answer ${origin}/healthz within ${readyTimeoutMs / 1000} s; its output:\n${tail()}`,
      );
    }
    await delay(200);
  }
  return { port, origin, pid: child.pid, logPath, remoteUri, workbenchUrl, stop, logTail: tail };
}
