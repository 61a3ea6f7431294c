import '@mm/config/node-env-default';
import 'reflect-metadata';
import { INestApplication, Logger } from '@nestjs/common';
import * as path from 'node:path';
import { loadEnvironment } from '@mm/config';
import { runMigrations, TenantDatabase } from '@mm/database';
import {
  EmbeddedPostgresHandle,
  ensureDatabase,
  findRedisServer,
  LocalRedisHandle,
  loadOrCreateSecrets,
  ownShutdownSignals,
  startEmbeddedPostgres,
  startLocalRedis,
} from '@mm/embedded';
import { createApiApp } from '../../api/src/bootstrap';
import { WorkerModule } from '../../worker/src/worker.module';
import { seedDemo } from './demo-seed';
import { credentialNotice } from './credential-notice';

const APP_LOGIN_ROLE = 'mm_app_login';

/**
 * The embedded default: with no DATABASE_URL a real PostgreSQL of our own under DATA_DIR, with no
 * REDIS_URL a local redis-server (or BullMQ's Postgres backend), migrations, the demo district,
 * and the API and the worker in this one process. Ctrl-C stops everything it started.
 */
async function main(): Promise<void> {
  const env = loadEnvironment();
  const logger = new Logger('Embedded');
  const started: { postgres?: EmbeddedPostgresHandle; redis?: LocalRedisHandle; api?: INestApplication } = {};
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    logger.log('stopping…');
    await started.api?.close().catch((e) => logger.error(e));
    await started.redis?.stop().catch((e) => logger.error(e));
    await started.postgres?.stop().catch((e) => logger.error(e));
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  process.once('SIGHUP', () => void stop(0));

  try {
    const { secrets } = loadOrCreateSecrets(env.DATA_DIR);
    let ownerUrl = env.DATABASE_MIGRATION_URL ?? env.DATABASE_URL;
    if (!env.DATABASE_URL) {
      started.postgres = await startEmbeddedPostgres({
        dataDir: path.join(env.DATA_DIR, 'postgres'),
        superuserPassword: secrets.postgresPassword,
        persistent: true,
      });
      ownShutdownSignals();
      await ensureDatabase(started.postgres.superuserUrl, 'mentorship');
      ownerUrl = started.postgres.urlFor('mentorship');
      env.DATABASE_MIGRATION_URL = ownerUrl;
      env.DATABASE_URL = started.postgres.urlFor('mentorship', APP_LOGIN_ROLE, secrets.appPassword);
      logger.log(`embedded PostgreSQL on 127.0.0.1:${started.postgres.port}, data in ${path.join(env.DATA_DIR, 'postgres')}`);
    }
    if (!env.REDIS_URL && env.QUEUE_BACKEND !== 'postgres') {
      if (findRedisServer()) {
        started.redis = await startLocalRedis({ dir: path.join(env.DATA_DIR, 'redis') });
        env.REDIS_URL = started.redis.url;
        logger.log(`local redis-server on ${started.redis.url} (AOF on)`);
      } else {
        env.QUEUE_BACKEND = 'postgres';
        logger.log('redis-server not installed: queues kept in PostgreSQL (BullMQ Postgres backend)');
      }
    }
    env.JWT_SECRET ??= secrets.jwtSecret;
    const adminGenerated = !env.ADMIN_EMAIL || !env.ADMIN_PASSWORD;
    env.ADMIN_EMAIL ??= secrets.adminEmail;
    env.ADMIN_PASSWORD ??= secrets.adminPassword;

    const applied = await runMigrations(ownerUrl!, env.DATABASE_URL);
    if (applied.length) logger.log(`migrations applied: ${applied.join(', ')}`);

    let adminCreated = false;
    started.api = await createApiApp(env, [WorkerModule.forRoot(env, false)], {
      shutdownHooks: false,
      onAdminEnsured: (c) => (adminCreated = c),
    });
    const db = started.api.get(TenantDatabase);
    let demoSeeded = false;
    if (env.SEED_DEMO ?? true) {
      const seeded = await seedDemo(db, secrets.demoPassword);
      if (seeded) logger.log(`demo data seeded (DEMO region, synthetic numbers): ${seeded.summary}`);
      demoSeeded = seeded !== null;
    }
    await started.api.listen(env.PORT, '127.0.0.1');
    const url = `http://127.0.0.1:${env.PORT}`;
    logger.log(`Mentorship Monitor is running: ${url}/graphql (health: ${url}/health)`);
    const secretsFile = path.join(env.DATA_DIR, 'secrets.json');
    for (const line of credentialNotice({
      adminCreated,
      adminGenerated,
      demoSeeded,
      secrets: { ...secrets, adminEmail: env.ADMIN_EMAIL, adminPassword: env.ADMIN_PASSWORD },
      secretsFile,
    })) {
      logger.log(line);
    }
  } catch (error) {
    logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    await stop(1);
  }
}

void main();
