import '@mm/config/node-env-default';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { createLogger, loadEnvironment } from '@mm/config';
import { WorkerModule } from './worker.module';
import { startWorkerHealthServer } from './worker-health.server';

/** Production worker entry: processes jobs, serves /health on WORKER_HEALTH_PORT, stops on SIGTERM. */
async function main(): Promise<void> {
  const env = loadEnvironment();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(env), { logger: createLogger(env, 'Worker') });
  app.enableShutdownHooks();
  const health = startWorkerHealthServer(app, env.WORKER_HEALTH_PORT);
  process.once('SIGTERM', () => health.close());
  process.once('SIGINT', () => health.close());
  new Logger('Worker').log(`worker started; health on :${env.WORKER_HEALTH_PORT}/health`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
