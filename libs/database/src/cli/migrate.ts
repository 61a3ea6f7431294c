import { loadEnvironment } from '@mm/config';
import { runMigrations } from '../migrate';

/** `npm run migration:run`: migrates DATABASE_MIGRATION_URL (or DATABASE_URL) and admits DATABASE_URL's role. */
async function main(): Promise<void> {
  const env = loadEnvironment();
  const ownerUrl = env.DATABASE_MIGRATION_URL ?? env.DATABASE_URL;
  if (!ownerUrl) throw new Error('DATABASE_URL (or DATABASE_MIGRATION_URL) is required to run migrations');
  const applied = await runMigrations(ownerUrl, env.DATABASE_URL);
  console.log(JSON.stringify({ level: 'info', msg: 'migrations applied', applied }));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
