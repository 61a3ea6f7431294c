import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, Environment } from '@mm/config';
import { DatabaseModule } from '@mm/database';
import { QueueModule } from '@mm/queue';
import { AuthModule } from './engine/auth/auth.module';
import { AppGraphqlModule } from './engine/graphql/graphql.module';
import { HealthController } from './engine/health/health.controller';
import { TenancyModule } from './engine/tenancy/tenancy.module';
import { WebAppModule } from './engine/web/web-app.module';
import { JobsModule } from './modules/jobs/jobs.module';
import { MonitoringModule } from './modules/monitoring/monitoring.module';
import { OrganisationModule } from './modules/organisation/organisation.module';
import { QuarterlyReportModule } from './modules/quarterly-report/quarterly-report.module';
import { RegistryModule } from './modules/registry/registry.module';
import { ReportingWorkflowModule } from './modules/reporting-workflow/reporting-workflow.module';
import { RoadmapModule } from './modules/roadmap/roadmap.module';
import { StatFormsModule } from './modules/stat-forms/stat-forms.module';
import { TargetPlanModule } from './modules/target-plan/target-plan.module';

/** Business modules, one per domain; each registers its own resolvers and services. */
const BUSINESS_MODULES = [
  OrganisationModule,
  TargetPlanModule,
  QuarterlyReportModule,
  MonitoringModule,
  JobsModule,
  StatFormsModule,
  RoadmapModule,
  RegistryModule,
  ReportingWorkflowModule,
];

@Module({})
export class ApiModule {
  static forRoot(env: Environment, extraModules: DynamicModule[] = []): DynamicModule {
    if (!env.DATABASE_URL) throw new Error('DATABASE_URL is required');
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(env),
        DatabaseModule.forRoot(env.DATABASE_URL),
        QueueModule,
        TenancyModule,
        AuthModule,
        AppGraphqlModule,
        ...BUSINESS_MODULES,
        ...extraModules,
        WebAppModule,
      ],
      controllers: [HealthController],
    };
  }
}
