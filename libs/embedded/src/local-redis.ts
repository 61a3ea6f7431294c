import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, stopStaleProcess } from './processes';

export interface LocalRedisHandle {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

const CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/usr/sbin/redis-server'];

/**
 * MM_TEST_SKIP_SYSTEM_BINARIES=1 makes the lookups of installed programs (redis-server here, Debian's
 * Chromium in the browser tests) find nothing, so a machine that has them can prove the Node-only
 * path: queues on BullMQ's Postgres backend, the browser from the npm package.
 */
export const SKIP_SYSTEM_BINARIES_ENV = 'MM_TEST_SKIP_SYSTEM_BINARIES';

export function skipSystemBinaries(): boolean {
  const value = process.env[SKIP_SYSTEM_BINARIES_ENV];
  return value === '1' || value === 'true';
}

export function findRedisServer(): string | undefined {
  if (skipSystemBinaries()) return undefined;
  const fromPath = (process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'redis-server'));
  return [...fromPath, ...CANDIDATES].find((p) => fs.existsSync(p));
}

/**
 * Starts a local `redis-server` on loopback with the production settings that matter for
 * BullMQ: AOF every second (a crash loses at most a second of queue state) and noeviction.
 */
export async function startLocalRedis(options: { dir: string; port?: number; binary?: string }): Promise<LocalRedisHandle> {
  const binary = options.binary ?? findRedisServer();
  if (!binary) throw new Error('redis-server is not installed');
  fs.mkdirSync(options.dir, { recursive: true });
  const pidFile = path.join(options.dir, 'redis.pid');
  await stopStaleProcess(pidFile);
  const port = options.port ?? (await freePort());
  const child = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      options.dir,
      '--pidfile',
      pidFile,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`)));
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
