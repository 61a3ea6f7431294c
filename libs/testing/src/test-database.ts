import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource, SYSTEM_SCOPE, TenantDatabase, TenantScope } from '@mm/database';
import { testServices } from './test-services';
import { withCredentials, withDatabase } from './global-setup';

export interface TestDatabase {
  name: string;
  /** Owner (superuser) URL: for fixtures and for inspecting what the app wrote. */
  ownerUrl: string;
  /** Runtime-role URL: what the platform itself connects with. */
  appUrl: string;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template (fast: a file copy, no migrations). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const services = testServices();
  const name = `mm_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: services.postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${services.templateDatabase}`);
  await admin.end();
  const ownerUrl = withDatabase(services.postgresUrl, name);
  return {
    name,
    ownerUrl,
    appUrl: withCredentials(ownerUrl, services.appRole, services.appPassword),
    drop: async () => {
      const c = new Client({ connectionString: services.postgresUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A TenantDatabase over a DataSource of its own, for medium tests of services and repositories. */
export async function connectTenantDatabase(url: string): Promise<{ db: TenantDatabase; dataSource: DataSource; close(): Promise<void> }> {
  const dataSource = createDataSource({ url, poolSize: 5 });
  await dataSource.initialize();
  return { db: new TenantDatabase(dataSource), dataSource, close: () => dataSource.destroy() };
}

/** Runs SQL as the platform itself (SYSTEM scope): fixtures that must pass the RLS policies. */
export async function asSystem<T>(
  db: TenantDatabase,
  work: (query: (sql: string, params?: unknown[]) => Promise<any[]>) => Promise<T>,
  scope: TenantScope = SYSTEM_SCOPE,
): Promise<T> {
  return db.transaction(scope, (tx) => work((sql, params) => tx.query(sql, params)));
}
