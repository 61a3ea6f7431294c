import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Where the global setup left the test servers, shared with every Jest worker through the environment. */
export interface TestServices {
  /** Superuser URL of the test server's `postgres` database. */
  postgresUrl: string;
  /** Name of the migrated template database cloned per test file. */
  templateDatabase: string;
  /** Password of the runtime login role made a member of mm_app. */
  appRole: string;
  appPassword: string;
  queueBackend: 'redis' | 'postgres';
}

export const TEST_SERVICES_ENV = 'MM_TEST_SERVICES';

export function testServices(): TestServices {
  const raw = process.env[TEST_SERVICES_ENV];
  if (!raw) throw new Error('Test services are not running: run the medium/e2e tests through jest (globalSetup)');
  return JSON.parse(raw);
}

/** A temp folder others can traverse (initdb runs as the postgres user when we are root). */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}
