import { createDataSource } from './data-source.options';
import { ensureAppLoginRole } from './database-roles';

/** Runs pending migrations as the owner, then lets the runtime login role in. Returns the names applied. */
export async function runMigrations(ownerUrl: string, appUrl?: string): Promise<string[]> {
  const dataSource = createDataSource({ url: ownerUrl, poolSize: 2, applicationName: 'mentorship-monitor-migrate' });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (appUrl) await ensureAppLoginRole(ownerUrl, appUrl);
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
