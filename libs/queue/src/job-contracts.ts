import { Role, TenantScope } from '@mm/database';

/**
 * The contract between the API (producer) and the worker (processors): job names, their queues
 * and payloads. Every payload carries the scope the job runs with; the job's row in `job_runs`
 * (written before the job is queued) is the record, the queue only delivers it.
 */
export enum JobName {
  MONITORING_COMPUTE = 'monitoring.compute',
  STAT_FORM_EXPORT = 'stat-form.export',
  /** Closes a region's quarter N days after its deadline (the region's setting). */
  REPORTING_AUTO_CLOSE = 'reporting.auto-close',
  /** Reminds the curators of a region's schools without a submitted report of a quarter. */
  REPORTING_REMINDERS = 'reporting.reminders',
  /** Creates a district's schools and curator accounts from a validated import batch. */
  IMPORT_SCHOOLS = 'import.schools',
  /** Writes a district's enrollment from a validated import batch. */
  IMPORT_ENROLLMENT = 'import.enrollment',
}

export enum QueueName {
  MONITORING = 'monitoring',
  STAT_FORMS = 'stat-forms',
  REPORTING = 'reporting',
  IMPORTS = 'imports',
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.MONITORING_COMPUTE]: QueueName.MONITORING,
  [JobName.STAT_FORM_EXPORT]: QueueName.STAT_FORMS,
  [JobName.REPORTING_AUTO_CLOSE]: QueueName.REPORTING,
  [JobName.REPORTING_REMINDERS]: QueueName.REPORTING,
  [JobName.IMPORT_SCHOOLS]: QueueName.IMPORTS,
  [JobName.IMPORT_ENROLLMENT]: QueueName.IMPORTS,
};

export interface JobScope {
  regionId: string | null;
  districtId: string | null;
  schoolId: string | null;
  /** Every region: must be said, never implied by missing ids (see scopeOfJob). */
  national?: boolean;
}

export interface MonitoringComputePayload {
  scope: JobScope;
  year: number;
  quarter: number;
}

export interface StatFormExportPayload {
  scope: JobScope;
  exportId: string;
}

export interface ReportingAutoClosePayload {
  scope: JobScope;
  year: number;
  quarter: number;
}

export type ReminderKind = 'DEADLINE_SOON' | 'DEADLINE_PASSED';

/** Days before a deadline when the first reminder goes out, for a region that set none. */
export const DEFAULT_REMINDER_DAYS_BEFORE = 3;

export interface ReportingRemindersPayload {
  scope: JobScope;
  year: number;
  quarter: number;
  kind: ReminderKind;
  /** YYYY-MM-DD: the deadline the reminder is about. */
  deadline: string;
}

/** An import's job names only its batch: the rows (and any password) stay in Postgres, not in job_runs. */
export interface ImportBatchPayload {
  scope: JobScope;
  batchId: string;
}

export interface JobPayloads {
  [JobName.MONITORING_COMPUTE]: MonitoringComputePayload;
  [JobName.STAT_FORM_EXPORT]: StatFormExportPayload;
  [JobName.REPORTING_AUTO_CLOSE]: ReportingAutoClosePayload;
  [JobName.REPORTING_REMINDERS]: ReportingRemindersPayload;
  [JobName.IMPORT_SCHOOLS]: ImportBatchPayload;
  [JobName.IMPORT_ENROLLMENT]: ImportBatchPayload;
}

/** What travels through the queue: only the id of the job's row in Postgres. */
export interface QueuedJobData {
  jobRunId: string;
}

export enum JobState {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
}

/** Delivery policy shared by every queue: retries with backoff and bounded retention. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential' as const, delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
};

/**
 * The scope a run executes with, from its row's tenant columns (which RLS checked when the run was
 * recorded), never from its JSON payload. National only when the row names no tenant AND the run
 * was recorded as national.
 */
export function jobScopeOfRun(run: {
  regionId: string | null;
  districtId: string | null;
  schoolId: string | null;
  payload: unknown;
}): JobScope {
  const unscoped = run.regionId === null && run.districtId === null && run.schoolId === null;
  const claimed = (run.payload as { scope?: { national?: unknown } } | null)?.scope?.national === true;
  return { regionId: run.regionId, districtId: run.districtId, schoolId: run.schoolId, ...(unscoped && claimed ? { national: true } : {}) };
}

/**
 * The tenant scope a job runs with: a district's jobs as that district, a region's as its
 * authority, every region only when the scope says `national` (an empty scope is refused).
 */
export function scopeOfJob(scope: JobScope): TenantScope {
  if (scope.schoolId) {
    return { role: Role.SCHOOL_CURATOR, userId: null, regionId: scope.regionId, districtId: scope.districtId, schoolId: scope.schoolId };
  }
  if (scope.districtId) {
    return { role: Role.DISTRICT_COORDINATOR, userId: null, regionId: scope.regionId, districtId: scope.districtId, schoolId: null };
  }
  if (scope.regionId) return { role: Role.AUTHORITY, userId: null, regionId: scope.regionId, districtId: null, schoolId: null };
  if (scope.national !== true) throw new Error('A job scope names a region, a district or a school, or is explicitly national');
  return { role: Role.AUTHORITY, userId: null, regionId: null, districtId: null, schoolId: null, national: true };
}
