import { DynamicModule, INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Environment, loadEnvironment } from '@mm/config';
import { TenantDatabase } from '@mm/database';
import { createTestDatabase, startTestRedis, TestDatabase } from '@mm/testing';
import { Client } from 'pg';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { WorkerModule } from '../../apps/worker/src/worker.module';

export const ADMIN = { email: 'admin@test.local', password: 'admin-password-123' };

export interface GraphqlResult<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; fields?: { field: string; message: string }[]; [k: string]: unknown } }[];
}

export interface Platform {
  url: string;
  app: INestApplication;
  env: Environment;
  database: TestDatabase;
  db: TenantDatabase;
  /** Runs SQL as the database owner (bypasses RLS): for fixtures and for checking what was stored. */
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphqlResult<T>>;
  login(email: string, password: string): Promise<string>;
  adminToken(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The whole API over HTTP on a fresh database cloned from the migrated template, a throwaway
 * Redis (or the Postgres queue backend), and — with `worker: true` — the job processors in process.
 */
export async function startPlatform(options: { worker?: boolean; env?: Record<string, string> } = {}): Promise<Platform> {
  const database = await createTestDatabase();
  const redis = await startTestRedis();
  const env = loadEnvironment({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: database.appUrl,
    DATABASE_MIGRATION_URL: database.ownerUrl,
    ...(redis.url ? { REDIS_URL: redis.url } : { QUEUE_BACKEND: 'postgres' }),
    JWT_SECRET: randomBytes(48).toString('base64url'),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'error',
    JOB_LOCK_DURATION_MS: '5000',
    OUTBOX_RECONCILE_INTERVAL_MS: '2000',
    ...options.env,
  });
  const extra: DynamicModule[] = options.worker ? [WorkerModule.forRoot(env, false)] : [];
  const app = await createApiApp(env, extra);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const owner = new Client({ connectionString: database.ownerUrl });
  await owner.connect();
  let adminToken: string | undefined;

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
  return {
    url,
    app,
    env,
    database,
    db: app.get(TenantDatabase),
    sql: async (text, params) => (await owner.query(text, params as any[])).rows,
    gql,
    login,
    adminToken: async () => (adminToken ??= await login(ADMIN.email, ADMIN.password)),
    close: async () => {
      await app.close();
      await owner.end();
      await redis.stop();
      await database.drop();
    },
  };
}

/** The first error's code, for terse assertions. */
export function errorCode(result: GraphqlResult): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}
