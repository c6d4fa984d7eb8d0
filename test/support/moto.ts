import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/freePort.mjs';

/** A moto server (a local implementation of the AWS APIs) for one test file. */
export interface Moto {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  region: string;
  /** Queues the payloads the next invocations return (moto without Docker cannot run function code). */
  queueInvokeResults(results: string[]): Promise<void>;
  /** Stops the server and puts the environment back as it was. */
  stop(): Promise<void>;
}

export interface MotoOptions {
  /** Point AWS_ENDPOINT_URL and dummy credentials at this server (true by default). */
  setEnv?: boolean;
  region?: string;
}

/** Variables the SDK reads that the tests replace, so nothing of the machine's own AWS setup leaks in. */
const AWS_VARIABLES = [
  'AWS_ENDPOINT_URL',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_EC2_METADATA_DISABLED',
];

/** How long moto may take to answer: importing it costs seconds, many more on a loaded 2-core machine. */
const READY_TIMEOUT_MS = 90_000;

/**
 * Starts `python3 -m moto.server` on a free loopback port, waits until it answers, switches its Lambda backend to the
 * one that needs no Docker (Invoke then returns queued results, or echoes the event) and loads AWS managed policies.
 */
export async function startMoto(options: MotoOptions = {}): Promise<Moto> {
  const region = options.region ?? 'us-east-1';
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr = (stderr + String(chunk)).slice(-4000);
  });
  try {
    await waitReady(endpoint, child, () => stderr);
    await post(endpoint, '/moto-api/config', { lambda: { use_docker: false } });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  const saved = new Map(AWS_VARIABLES.map((name) => [name, process.env[name]]));
  const configDir = mkdtempSync(join(tmpdir(), 'moto-aws-config-'));
  if (options.setEnv !== false) {
    for (const name of AWS_VARIABLES) delete process.env[name];
    writeFileSync(join(configDir, 'config'), '');
    writeFileSync(join(configDir, 'credentials'), '');
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: region,
      AWS_CONFIG_FILE: join(configDir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(configDir, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    });
  }

  return {
    endpoint,
    region,
    queueInvokeResults: (results) => post(endpoint, '/moto-api/static/lambda-simple/response', { results, region }),
    async stop() {
      if (options.setEnv !== false) {
        for (const [name, value] of saved) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      }
      rmSync(configDir, { recursive: true, force: true });
      await stopChild(child);
    },
  };
}

async function waitReady(endpoint: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`moto exited with code ${child.exitCode} before it was ready:\n${stderr()}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`moto did not answer on ${endpoint} within ${READY_TIMEOUT_MS / 1000} s:\n${stderr()}`);
}

async function post(endpoint: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${endpoint}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new Error(`moto ${path} answered HTTP ${response.status}: ${await response.text()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
