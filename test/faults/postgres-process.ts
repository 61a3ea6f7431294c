import { spawn } from 'node:child_process';
import * as path from 'node:path';

export interface PostgresProcess {
  readonly port: number;
  readonly superuserUrl: string;
  urlFor(database: string, user?: string, password?: string): string;
  /** A clean (fast) shutdown of the server. */
  stop(): Promise<void>;
}

const SCRIPT = path.join(__dirname, 'postgres-server.process.ts');

/**
 * Starts an embedded PostgreSQL in a child process (see postgres-server.process.ts) and resolves
 * once it accepts connections. The data folder persists across stop/start: a restart on the same
 * port finds its databases again.
 */
export async function startPostgresProcess(options: {
  dataDir: string;
  superuserPassword: string;
  port?: number;
}): Promise<PostgresProcess> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', SCRIPT, options.dataDir, String(options.port ?? ''), options.superuserPassword],
    {
      cwd: path.resolve(__dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    },
  );
  const ready = await new Promise<{ port: number; superuserUrl: string }>((resolve, reject) => {
    let output = '';
    let errors = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`postgres process exited (${code}): ${errors.slice(-2000)}`)));
  });
  child.stdout!.resume();
  child.stderr!.resume();
  const urlFor = (database: string, user = 'postgres', password = options.superuserPassword) =>
    `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${ready.port}/${database}`;
  return {
    port: ready.port,
    superuserUrl: ready.superuserUrl,
    urlFor,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
