// `npm start`: builds the extension and serves VS Code (code-server) with it loaded on a folder: examples/ by default,
// or your own project. Open the printed address in a browser; Ctrl-C stops everything.
// Usage: node scripts/start.mjs [folder]   (npm start -- /path/to/your/project)
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer, startCodeServer } from './vscodeServer.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const folder = process.argv[2] ? resolve(process.argv[2]) : join(root, 'examples');
if (!existsSync(folder) || !statSync(folder).isDirectory()) {
  console.error(`${folder} is not a folder: give the folder of your Lambda project (npm start -- /path/to/project)`);
  process.exit(2);
}

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error(`the build failed (exit code ${build.status})`);
  process.exit(1);
}

const entry = ensureCodeServer();
const server = await startCodeServer({ entry, workspace: folder });
// The extension rides on the address (extensionDevelopmentPath), so an address with another ?folder= and no payload
// opens VS Code without it: start again with the other folder instead.
const url = server.workbenchUrl({ folder, extensionDevelopmentPath: root });
console.log(
  `\nVS Code with Lambda Workbench on ${folder}; open this address in a browser on this machine:\n\n  ${url}\n`,
);
console.log(
  'Rebuild with `node scripts/build.mjs` and reload the page (or run "Developer: Reload Window") to pick up changes.',
);
console.log('Ctrl-C stops it.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping VS Code');
    await server.stop();
    process.exit(0);
  });
}
// Stays up until a signal; also ends if code-server itself dies.
const watchdog = setInterval(async () => {
  const alive = await fetch(`${server.origin}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
  if (!alive && !stopping) {
    console.error(`code-server stopped answering; its last output:\n${server.logTail(30)}`);
    clearInterval(watchdog);
    await server.stop();
    process.exit(1);
  }
}, 5000);
