import * as path from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '../../database/src';
import { findRedisServer, startEmbeddedPostgres } from '../../embedded/src';
import { tempDir, TEST_SERVICES_ENV, TestServices } from './test-services';

/**
 * Starts one real PostgreSQL for the run (a throwaway embedded one, or the server of
 * TEST_POSTGRES_URL), migrates a template database once; each test file clones it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env[TEST_SERVICES_ENV]) return; // another project of this run already did
  const started = Date.now();
  let postgresUrl = process.env.TEST_POSTGRES_URL;
  if (!postgresUrl) {
    const dir = tempDir('mm-test-pg-');
    const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), superuserPassword: 'test', persistent: false });
    (globalThis as any).__mmTestPostgres = server;
    postgresUrl = server.superuserUrl;
  }
  const templateDatabase = `mm_template_${process.pid}`;
  const appRole = 'mm_test_app';
  const appPassword = 'test-app-password';
  const admin = new Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDatabase}`);
  await admin.query(`CREATE DATABASE ${templateDatabase}`);
  await admin.end();
  const templateUrl = withDatabase(postgresUrl, templateDatabase);
  await runMigrations(templateUrl, withCredentials(templateUrl, appRole, appPassword));
  const services: TestServices = { postgresUrl, templateDatabase, appRole, appPassword, queueBackend: testQueueBackend() };
  process.env[TEST_SERVICES_ENV] = JSON.stringify(services);
  if (process.env.MM_TEST_VERBOSE) console.log(`\ntest services ready in ${Date.now() - started} ms`);
}

/** Redis when one is given or installed; otherwise (a machine with Node alone) BullMQ's Postgres backend. */
function testQueueBackend(): TestServices['queueBackend'] {
  if (process.env.QUEUE_BACKEND === 'postgres') return 'postgres';
  if (process.env.QUEUE_BACKEND === 'redis' || process.env.TEST_REDIS_URL || findRedisServer()) return 'redis';
  console.log("\nredis-server not found: the queue tests run on BullMQ's Postgres backend (QUEUE_BACKEND=postgres)");
  return 'postgres';
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}
