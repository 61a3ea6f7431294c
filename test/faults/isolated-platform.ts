import { DynamicModule } from '@nestjs/common';
import * as fs from 'node:fs';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { loadEnvironment } from '@mm/config';
import { runMigrations, TenantDatabase } from '@mm/database';
import { ensureDatabase, findRedisServer, LocalRedisHandle, startLocalRedis } from '@mm/embedded';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { ADMIN, GraphqlResult, Platform } from '../harness/platform';
import { PostgresProcess, startPostgresProcess } from './postgres-process';

const DATABASE = 'mm_fault';
const APP_USER = 'mm_fault_app';
const APP_PASSWORD = 'fault-app-password';
const SUPERUSER_PASSWORD = 'fault-superuser';

/**
 * The platform on servers of its own — an embedded PostgreSQL and a redis-server (if installed) in one temp
 * folder — so a fault test can stop, kill and restart them without touching the shared test
 * servers. Restarts reuse the same port and data folder, as a real restart would.
 */
export interface IsolatedPlatform extends Platform {
  dir: string;
  postgres: ServerControl;
  redis: ServerControl & {
    kill(): Promise<void>;
    /** Starts again on the same port; `empty`: without its append-only file, as a Redis that lost its data. */
    start(options?: { empty?: boolean }): Promise<void>;
  };
}

interface ServerControl {
  readonly port: number;
  readonly running: boolean;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface IsolatedPlatformOptions {
  worker?: boolean;
  env?: Record<string, string>;
  /** Runs as the owner after migrations, before the API (and worker) start. */
  prepare?: (sql: (text: string, params?: unknown[]) => Promise<any[]>) => Promise<void>;
}

export async function startIsolatedPlatform(options: IsolatedPlatformOptions = {}): Promise<IsolatedPlatform> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-fault-'));
  fs.chmodSync(dir, 0o755); // as root, initdb runs as the postgres user and must traverse it
  const pgDir = path.join(dir, 'postgres');
  const redisDir = path.join(dir, 'redis');
  const cleanups: (() => Promise<void>)[] = [];
  try {
    let pg: PostgresProcess | undefined = await startPostgresProcess({ dataDir: pgDir, superuserPassword: SUPERUSER_PASSWORD });
    const pgPort = pg.port;
    cleanups.push(async () => void (await pg?.stop()));
    // Without redis-server (a machine with Node alone) the queues live in PostgreSQL and `redis` refuses to start.
    const withRedis = findRedisServer() !== undefined;
    let redis: LocalRedisHandle | undefined = withRedis ? await startLocalRedis({ dir: redisDir }) : undefined;
    const redisPort = redis?.port ?? 0;
    cleanups.push(async () => void (await redis?.stop()));

    await ensureDatabase(pg.superuserUrl, DATABASE);
    const ownerUrl = pg.urlFor(DATABASE);
    const appUrl = pg.urlFor(DATABASE, APP_USER, APP_PASSWORD);
    await runMigrations(ownerUrl, appUrl);
    // A pool, not a client: it reconnects after the server comes back.
    const owner = new Pool({ connectionString: ownerUrl, max: 4 });
    owner.on('error', () => undefined); // idle connections die with the server; that is the point
    cleanups.unshift(() => owner.end());
    const sql = async (text: string, params?: unknown[]) => (await owner.query(text, params as any[])).rows;
    await options.prepare?.(sql);

    const env = loadEnvironment({
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: appUrl,
      DATABASE_MIGRATION_URL: ownerUrl,
      ...(redis ? { REDIS_URL: redis.url } : { QUEUE_BACKEND: 'postgres' }),
      DATA_DIR: path.join(dir, 'data'),
      JWT_SECRET: 'fault-secret-fault-secret-fault-secret-01',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'fatal',
      JOB_LOCK_DURATION_MS: '5000',
      OUTBOX_RECONCILE_INTERVAL_MS: '2000',
      ...options.env,
    });
    const extra: DynamicModule[] = options.worker ? [WorkerModule.forRoot(env, false)] : [];
    const app = await createApiApp(env, extra);
    cleanups.unshift(() => app.close());
    await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

    const gql = async <T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphqlResult<T>> => {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as GraphqlResult<T>;
      return { ...body, status: response.status };
    };
    const login = async (email: string, password: string) => {
      const result = await gql<{ login: { accessToken: string } }>(
        `mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`,
        { email, password },
      );
      if (!result.data?.login) throw new Error(`login ${email} failed: ${JSON.stringify(result.errors)}`);
      return result.data.login.accessToken;
    };
    let adminToken: string | undefined;

    return {
      dir,
      url,
      app,
      env,
      database: { name: DATABASE, ownerUrl, appUrl, drop: async () => undefined },
      db: app.get(TenantDatabase),
      sql,
      gql,
      login,
      adminToken: async () => (adminToken ??= await login(ADMIN.email, ADMIN.password)),
      postgres: {
        port: pgPort,
        get running() {
          return pg !== undefined;
        },
        stop: async () => {
          await pg?.stop();
          pg = undefined;
        },
        start: async () => {
          pg ??= await startPostgresProcess({ dataDir: pgDir, superuserPassword: SUPERUSER_PASSWORD, port: pgPort });
        },
      },
      redis: {
        port: redisPort,
        get running() {
          return redis !== undefined;
        },
        stop: async () => {
          await redis?.stop();
          redis = undefined;
        },
        kill: async () => {
          const child = redis?.process;
          redis = undefined;
          if (!child || child.exitCode !== null || child.signalCode !== null) return;
          await new Promise<void>((resolve) => {
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          });
        },
        start: async (startOptions?: { empty?: boolean }) => {
          if (redis) return;
          if (!withRedis) throw new Error('redis-server is not installed (apt-get install redis-server)');
          if (startOptions?.empty) fs.rmSync(redisDir, { recursive: true, force: true });
          // Same port and folder: the append-only file brings back what was written to it.
          redis = await startLocalRedis({ dir: redisDir, port: redisPort });
        },
      },
      close: async () => {
        await runAll(cleanups);
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await runAll(cleanups);
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function runAll(steps: (() => Promise<void>)[]): Promise<void> {
  for (const step of steps) await step().catch(() => undefined);
}
