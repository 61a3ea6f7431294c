import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ConfigModule, Environment } from '@mm/config';
import { DatabaseModule } from '@mm/database';
import { QueueModule } from '@mm/queue';
import { JobHandlerRegistry } from './jobs/job-handler.registry';
import { JobRunner } from './jobs/job-runner.service';
import { OutboxReconciler } from './jobs/outbox-reconciler.service';
import { ImportsWorkerModule } from './imports/imports-worker.module';
import { MonitoringWorkerModule } from './monitoring/monitoring-worker.module';
import { ReportingWorkflowWorkerModule } from './reporting-workflow/reporting-workflow-worker.module';
import { StatFormsWorkerModule } from './stat-forms/stat-forms-worker.module';

/** Processor modules, one per domain; each provides the @JobHandler methods of its jobs. */
const PROCESSOR_MODULES = [MonitoringWorkerModule, StatFormsWorkerModule, ReportingWorkflowWorkerModule, ImportsWorkerModule];

@Module({})
export class WorkerModule {
  /** `withInfrastructure: false` when the embedded default shares the API's config, database and queue modules. */
  static forRoot(env: Environment, withInfrastructure = true): DynamicModule {
    if (!env.DATABASE_URL) throw new Error('DATABASE_URL is required');
    return {
      module: WorkerModule,
      imports: [
        ...(withInfrastructure ? [ConfigModule.forRoot(env), DatabaseModule.forRoot(env.DATABASE_URL, 10), QueueModule] : []),
        DiscoveryModule,
        ...PROCESSOR_MODULES,
      ],
      providers: [JobHandlerRegistry, JobRunner, OutboxReconciler],
      exports: [OutboxReconciler, JobRunner],
    };
  }
}
