import type { RateLimitPolicy } from './rate-limiter';

/**
 * The budgets of the expensive operations, per user, in one place. Generous for a person at a
 * screen (a coordinator re-running a district after corrections, fixing and re-uploading a file),
 * tight enough that a script or a stuck client cannot flood the queue or the database.
 */
export const RATE_LIMITS = {
  /** runMonitoring: one district's recompute (runs of one district join while queued). */
  monitoringRun: { key: 'monitoring-run', limit: 20, windowSeconds: 60 },
  /** runRegionMonitoring: every district of a region. */
  regionMonitoringRun: { key: 'region-monitoring-run', limit: 5, windowSeconds: 300 },
  /** exportStatForm: a workbook generated in the background. */
  statFormExport: { key: 'stat-form-export', limit: 30, windowSeconds: 600 },
  /** importSchools: parses and validates a whole file in the request; a refused file is charged too. */
  schoolImport: { key: 'school-import', limit: 20, windowSeconds: 600, chargeFailures: true },
  /** importEnrollment (dry runs and refused files included: they parse and validate the whole file too). */
  enrollmentImport: { key: 'enrollment-import', limit: 20, windowSeconds: 600, chargeFailures: true },
} as const satisfies Record<string, RateLimitPolicy>;
