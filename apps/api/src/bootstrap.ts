import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger, Environment, trustProxySetting } from '@mm/config';
import { inspectRuntimeRole, runtimeRoleProblems, TenantDatabase } from '@mm/database';
import { ApiModule } from './api.module';
import { ensureAdmin } from './engine/auth/admin-bootstrap';
import { AppExceptionFilter, createValidationPipe } from './engine/errors';

/**
 * Builds the API application (not listening yet). Shared by the API entry, the embedded default
 * (which passes the worker module, so both share one process, pool and queue connection) and tests.
 */
export async function createApiApp(
  env: Environment,
  extraModules: DynamicModule[] = [],
  { shutdownHooks = true, onAdminEnsured }: { shutdownHooks?: boolean; onAdminEnsured?: (created: boolean) => void } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(env, extraModules), {
    logger: createLogger(env, 'Api'),
    bodyParser: false,
  });
  // Small bodies only: a quarterly report is a few kilobytes; bulk imports have their own limit.
  app.useBodyParser('json', { limit: '2mb' });
  app.set('trust proxy', trustProxySetting(env.TRUST_PROXY));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AppExceptionFilter());
  // The embedded default owns its signals: it must stop Postgres and Redis after the app.
  if (shutdownHooks) app.enableShutdownHooks();
  await app.init();

  // The second lock under the guards only holds if the runtime role cannot escape RLS.
  const db = app.get(TenantDatabase);
  const problems = runtimeRoleProblems(await inspectRuntimeRole((sql) => db.dataSource.query(sql)));
  if (problems.length) {
    await app.close();
    throw new Error(
      `Refusing to start: the DATABASE_URL role would bypass row-level security (${problems.join('; ')}). ` +
        'Connect as a plain role and run migrations with DATABASE_MIGRATION_URL as the owner.',
    );
  }
  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
    const created = await ensureAdmin(db, { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
    onAdminEnsured?.(created);
  }
  return app;
}
