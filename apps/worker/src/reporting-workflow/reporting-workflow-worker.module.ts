import { Module } from '@nestjs/common';
import { ReminderMailer } from './reminder-mailer';
import { ReportingScheduleRepository } from './reporting-schedule.repository';
import { ReportingWorkflowProcessor } from './reporting-workflow.processor';
import { ReportingWorkflowScheduler } from './reporting-workflow.scheduler';

/** Automatic closing of quarters and deadline reminders (issue 19). */
@Module({
  providers: [ReminderMailer, ReportingScheduleRepository, ReportingWorkflowProcessor, ReportingWorkflowScheduler],
})
export class ReportingWorkflowWorkerModule {}
