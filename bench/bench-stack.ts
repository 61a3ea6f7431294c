/**
 * The whole platform for the HTTP benchmarks (dashboard, burst, load): a throwaway embedded
 * PostgreSQL and local redis-server in a temp folder, migrations, and the API (with the worker
 * when asked) in this process, listening on 127.0.0.1 only. Plus a keep-alive HTTP client,
 * latency statistics and a bounded load driver. Scripts, not tests: nothing here asserts.
 */
import type { INestApplication } from '@nestjs/common';
import * as http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';

export interface BenchStack {
  url: string;
  port: number;
  app: INestApplication;
  ownerUrl: string;
  appUrl: string;
  /** Owner connections (past RLS): seeding and checking what was stored. */
  owner: Pool;
  /** An access token for a user, signed like login signs it (benchmarks do not measure password hashing). */
  token(user: { id: string; role: string }): Promise<string>;
  close(): Promise<void>;
}

export async function startBenchStack(
  name: string,
  options: { worker?: boolean; seed?: (owner: Pool) => Promise<void>; postgresLog?: (line: string) => void } = {},
): Promise<BenchStack> {
  const { startEmbeddedPostgres, findRedisServer, startLocalRedis } = await import('@mm/embedded');
  const work = mkdtempSync(join(tmpdir(), `mm-bench-${name}-`));
  const cleanups: (() => Promise<unknown>)[] = [async () => rmSync(work, { recursive: true, force: true })];
  const close = async () => {
    for (const cleanup of cleanups) await cleanup().catch((e) => console.error(`cleanup: ${(e as Error).message}`));
  };
  try {
    const server = await startEmbeddedPostgres({
      dataDir: join(work, 'pg'),
      superuserPassword: 'bench',
      persistent: false,
      onLog: options.postgresLog,
    });
    cleanups.unshift(() => server.stop());
    const database = `mm_bench_${name}`;
    const admin = new Pool({ connectionString: server.superuserUrl, max: 1 });
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const ownerUrl = server.urlFor(database);
    const appUrl = server.urlFor(database, `mm_bench_${name}_app`, 'bench-app-password');
    const { runMigrations } = await import('@mm/database');
    await runMigrations(ownerUrl, appUrl);
    const owner = new Pool({ connectionString: ownerUrl, max: 4 });
    cleanups.unshift(() => owner.end());
    if (options.seed) await options.seed(owner);

    if (!findRedisServer()) throw new Error('redis-server is not installed (apt-get install redis-server)');
    const redis = await startLocalRedis({ dir: join(work, 'redis') });
    cleanups.unshift(() => redis.stop());

    if (options.worker) {
      // The worker's quarter-close would queue runs of the calendar's last quarter at start: only ours should run.
      const { lastEndedQuarter } = await import('@mm/monitoring');
      const current = lastEndedQuarter(new Date());
      await owner.query(
        `INSERT INTO monitoring_quarter_closes (year, quarter, district_runs, region_runs) VALUES ($1, $2, 0, 0) ON CONFLICT DO NOTHING`,
        [current.year, current.quarter],
      );
    }

    const { loadEnvironment } = await import('@mm/config');
    const { createApiApp } = await import('../apps/api/src/bootstrap');
    const env = loadEnvironment({
      // Production mode, as deployed (Apollo is markedly slower in development mode).
      NODE_ENV: 'production',
      LOG_LEVEL: 'error',
      PORT: '0',
      DATABASE_URL: appUrl,
      DATABASE_MIGRATION_URL: ownerUrl,
      REDIS_URL: redis.url,
      DATA_DIR: join(work, 'data'),
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      ADMIN_EMAIL: 'admin@bench.local',
      ADMIN_PASSWORD: 'bench-admin-password',
      WORKER_HEALTH_PORT: '0',
      JOB_LOCK_DURATION_MS: '60000',
      OUTBOX_RECONCILE_INTERVAL_MS: '30000',
    });
    const extra = [];
    if (options.worker) {
      const { WorkerModule } = await import('../apps/worker/src/worker.module');
      extra.push(WorkerModule.forRoot(env, false));
    }
    const app = await createApiApp(env, extra);
    cleanups.unshift(() => app.close());
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const { JwtService } = await import('@nestjs/jwt');
    const jwt = app.get(JwtService);
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      app,
      ownerUrl,
      appUrl,
      owner,
      // Version 0: the token_version of an account that never changed its password, role or scope.
      token: (user) => jwt.signAsync({ sub: user.id, role: user.role, ver: 0 }, { expiresIn: env.ACCESS_TOKEN_TTL_SECONDS }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

export interface GraphqlCall {
  status: number;
  body: any;
  ms: number;
}

/** A GraphQL client over keep-alive HTTP/1.1 to 127.0.0.1 (never any other address). */
export class GraphqlClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly port: number,
    sockets: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  call(query: string, variables: Record<string, unknown>, token: string): Promise<GraphqlCall> {
    const payload = JSON.stringify({ query, variables });
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          path: '/graphql',
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${token}` },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => {
            const ms = performance.now() - started;
            const text = Buffer.concat(chunks).toString('utf8');
            let body: any;
            try {
              body = JSON.parse(text);
            } catch {
              body = { raw: text.slice(0, 200) };
            }
            resolve({ status: response.statusCode ?? 0, body, ms });
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `clients` loops until `seconds` have passed or `maxOps` operations were started. */
export async function drive(
  options: { clients: number; seconds: number; maxOps?: number },
  op: (client: number) => Promise<boolean | void>,
): Promise<{ ops: number; ms: number }> {
  const deadline = performance.now() + options.seconds * 1000;
  const max = options.maxOps ?? Number.MAX_SAFE_INTEGER;
  let ops = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.clients }, async (_, client) => {
      while (performance.now() < deadline && ops < max) {
        ops++;
        if ((await op(client)) === false) return; // the client has no more work
      }
    }),
  );
  return { ops, ms: performance.now() - started };
}

/** Latencies of one kind of operation. */
export class Latencies {
  private readonly values: number[] = [];

  add(ms: number): void {
    this.values.push(ms);
  }

  get count(): number {
    return this.values.length;
  }

  percentile(p: number): number {
    if (!this.values.length) return NaN;
    const sorted = [...this.values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  }
}

export function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export function numberFlag(args: string[], name: string, fallback: number): number {
  const raw = flag(args, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}

export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}, Node ${process.versions.node}, PostgreSQL 18 (embedded), redis-server local`;
}

export const fmt = {
  ms: (v: number) => `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v)} ms`,
  rate: (v: number) => `${v < 100 ? v.toFixed(1) : Math.round(v).toLocaleString('en')}/s`,
  ratio: (v: number) => `${v.toFixed(2)}×`,
};
