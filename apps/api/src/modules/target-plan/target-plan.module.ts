import { Module } from '@nestjs/common';
import { EnrollmentRepository, PlanScopeRepository, TargetPlanLoader, TargetScheduleRepository } from '@mm/planning';
import { ImportsModule } from '../imports/imports.module';
import { EnrollmentImportService } from './enrollment-import.service';
import { EnrollmentResolver } from './enrollment.resolver';
import { EnrollmentService } from './enrollment.service';
import { TargetPlanResolver } from './target-plan.resolver';
import { TargetPlanService } from './target-plan.service';
import { TargetScheduleResolver } from './target-schedule.resolver';
import { TargetScheduleService } from './target-schedule.service';

/** Enrollment, target schedules and target plans (data access shared with the worker in @mm/planning). */
@Module({
  imports: [ImportsModule],
  providers: [
    { provide: EnrollmentRepository, useFactory: () => new EnrollmentRepository() },
    { provide: TargetScheduleRepository, useFactory: () => new TargetScheduleRepository() },
    { provide: PlanScopeRepository, useFactory: () => new PlanScopeRepository() },
    {
      provide: TargetPlanLoader,
      inject: [PlanScopeRepository, EnrollmentRepository, TargetScheduleRepository],
      useFactory: (places: PlanScopeRepository, enrollments: EnrollmentRepository, schedules: TargetScheduleRepository) =>
        new TargetPlanLoader(places, enrollments, schedules),
    },
    EnrollmentService,
    EnrollmentImportService,
    TargetScheduleService,
    TargetPlanService,
    EnrollmentResolver,
    TargetScheduleResolver,
    TargetPlanResolver,
  ],
  exports: [TargetPlanLoader, EnrollmentRepository, TargetScheduleRepository],
})
export class TargetPlanModule {}
