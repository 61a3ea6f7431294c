import '@mm/config/node-env-default';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadEnvironment } from '@mm/config';
import { createApiApp } from './bootstrap';

/** Production API entry: DATABASE_URL (runtime role) and REDIS_URL; migrations run separately. */
async function main(): Promise<void> {
  const env = loadEnvironment();
  const app = await createApiApp(env);
  await app.listen(env.PORT, '0.0.0.0');
  new Logger('Api').log(`GraphQL API listening on http://0.0.0.0:${env.PORT}/graphql`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
