import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { findRedisServer, LocalRedisHandle, startLocalRedis } from '@mm/embedded';
import { createTestDatabase, tempDir, TestDatabase, testServices } from '@mm/testing';
import { ADMIN, GraphqlResult } from './platform';
import { buildReplicaSources } from './replica-build';

const ROOT = path.resolve(__dirname, '../..');
const ENTRIES = { api: 'apps/api/src/main.js', worker: 'apps/worker/src/main.js' } as const;

/** One API or worker replica: a child process of its own, as deployed (apps/<kind>/src/main.ts). */
export interface Replica {
  readonly name: string;
  readonly kind: 'api' | 'worker';
  readonly process: ChildProcess;
  /** http://127.0.0.1:<port> of the API, or of the worker's health endpoint. */
  readonly url: string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<number | string>;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<number | string>;
  /** SIGKILL: a crash, nothing gets a chance to clean up. */
  kill(): Promise<number | string>;
}

export interface ReplicaSet {
  queue: 'redis' | 'postgres';
  database: TestDatabase;
  dataDir: string;
  apis: Replica[];
  workers: Replica[];
  /** The environment every replica gets (before its own PORT / WORKER_HEALTH_PORT). */
  env: Record<string, string>;
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  /** A GraphQL call to API replica `index` (round-robin when omitted). */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string, index?: number): Promise<GraphqlResult<T>>;
  login(email: string, password: string, index?: number): Promise<string>;
  adminToken(): Promise<string>;
  startApi(name?: string): Promise<Replica>;
  startWorker(name?: string): Promise<Replica>;
  close(): Promise<void>;
}

export interface ReplicaSetOptions {
  apis?: number;
  workers?: number;
  queue?: 'redis' | 'postgres';
  env?: Record<string, string>;
  /** Runs as the owner before any replica starts. */
  prepare?: (sql: (text: string, params?: unknown[]) => Promise<any[]>) => Promise<void>;
}

/**
 * Several API and worker processes (the sources transpiled once, see replica-build.ts) on one test database (cloned from the
 * migrated template) and one Redis — or BullMQ's Postgres queue backend.
 */
export async function startReplicaSet(options: ReplicaSetOptions = {}): Promise<ReplicaSet> {
  const queue = options.queue ?? testServices().queueBackend;
  const database = await createTestDatabase();
  const dataDir = tempDir('mm-replicas-');
  const owner = new Pool({ connectionString: database.ownerUrl, max: 3 });
  let redis: LocalRedisHandle | undefined;
  const replicas: Replica[] = [];
  const close = async () => {
    await Promise.all(replicas.map((r) => r.kill().catch(() => undefined)));
    await redis?.stop().catch(() => undefined);
    await owner.end().catch(() => undefined);
    await database.drop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    if (queue === 'redis') {
      if (process.env.TEST_REDIS_URL) throw new Error('the replicas test needs a redis-server of its own (unset TEST_REDIS_URL)');
      if (!findRedisServer()) throw new Error('redis-server is not installed (apt-get install redis-server)');
      redis = await startLocalRedis({ dir: tempDir('mm-replicas-redis-') });
    }
    const sql = async (text: string, params?: unknown[]) => (await owner.query(text, params as any[])).rows;
    await options.prepare?.(sql);
    const env: Record<string, string> = {
      NODE_ENV: 'test',
      DATABASE_URL: database.appUrl,
      DATABASE_MIGRATION_URL: database.ownerUrl,
      ...(redis ? { REDIS_URL: redis.url, QUEUE_BACKEND: 'redis' } : { QUEUE_BACKEND: 'postgres' }),
      DATA_DIR: dataDir,
      JWT_SECRET: 'replica-secret-replica-secret-replica-01',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      JOB_LOCK_DURATION_MS: '3000',
      OUTBOX_RECONCILE_INTERVAL_MS: '2000',
      ...options.env,
    };
    let apiCount = 0;
    let workerCount = 0;
    const startApi = async (name = `api-${++apiCount}`) => {
      const replica = await spawnReplica('api', name, env);
      replicas.push(replica);
      set.apis.push(replica);
      return replica;
    };
    const startWorker = async (name = `worker-${++workerCount}`) => {
      const replica = await spawnReplica('worker', name, env);
      replicas.push(replica);
      set.workers.push(replica);
      return replica;
    };
    let next = 0;
    const gql = async <T>(
      query: string,
      variables?: Record<string, unknown>,
      token?: string,
      index?: number,
    ): Promise<GraphqlResult<T>> => {
      const live = set.apis.filter((a) => a.process.exitCode === null && a.process.signalCode === null);
      const api = index === undefined ? live[next++ % live.length]! : set.apis[index]!;
      const response = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as GraphqlResult<T>;
      return { ...body, status: response.status };
    };
    const login = async (email: string, password: string, index?: number) => {
      const result = await gql<{ login: { accessToken: string } }>(
        `mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`,
        { email, password },
        undefined,
        index,
      );
      if (!result.data?.login) throw new Error(`login ${email} failed: ${JSON.stringify(result.errors)}`);
      return result.data.login.accessToken;
    };
    let adminToken: string | undefined;
    const set: ReplicaSet = {
      queue,
      database,
      dataDir,
      apis: [],
      workers: [],
      env,
      sql,
      gql,
      login,
      adminToken: async () => (adminToken ??= await login(ADMIN.email, ADMIN.password)),
      startApi,
      startWorker,
      close,
    };
    // Started together, as an orchestrator would: the replicas race for the same start-up work.
    await Promise.all([
      ...Array.from({ length: options.apis ?? 2 }, () => startApi()),
      ...Array.from({ length: options.workers ?? 2 }, () => startWorker()),
    ]);
    return set;
  } catch (error) {
    await close();
    throw error;
  }
}

export async function spawnReplica(kind: 'api' | 'worker', name: string, base: Record<string, string>): Promise<Replica> {
  const port = await freePort();
  const build = buildReplicaSources();
  const child = spawn(process.execPath, [path.join(build.dir, ENTRIES[kind])], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME ?? os.homedir(),
      NODE_PATH: build.nodePath,
      ...base,
      ...(kind === 'api' ? { PORT: String(port), WORKER_HEALTH_PORT: '0' } : { WORKER_HEALTH_PORT: String(port) }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const signal = (s: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(s);
    return exited;
  };
  const url = `http://127.0.0.1:${port}`;
  const replica: Replica = {
    name,
    kind,
    process: child,
    url,
    exited,
    output: () => output,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited while starting:\n${output}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return replica;
    if (Date.now() > deadline) {
      await replica.kill();
      throw new Error(`${name} did not become healthy in 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
