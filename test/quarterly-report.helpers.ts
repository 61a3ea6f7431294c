// Shared operations and fixtures of the quarterly report e2e tests (not a test file itself).
import type { Platform } from './harness/platform';

export const SAVE = `mutation SaveQuarterlyReport($input: SaveQuarterlyReportInput!) {
  saveQuarterlyReport(input: $input) {
    id status version
    figures { code value }
    warnings { code message }
  }
}`;

export const SUBMIT = `mutation SubmitQuarterlyReport($id: ID!, $expectedVersion: Int!, $comment: String) {
  submitQuarterlyReport(id: $id, expectedVersion: $expectedVersion, comment: $comment) { id status version }
}`;

export const APPROVE = `mutation ApproveQuarterlyReport($id: ID!, $expectedVersion: Int!) {
  approveQuarterlyReport(id: $id, expectedVersion: $expectedVersion) { id status version }
}`;

export const RETURN = `mutation ReturnQuarterlyReport($id: ID!, $expectedVersion: Int!, $comment: String!) {
  returnQuarterlyReport(id: $id, expectedVersion: $expectedVersion, comment: $comment) { id status version }
}`;

export const REOPEN = `mutation ReopenQuarterlyReport($id: ID!, $expectedVersion: Int!, $comment: String!) {
  reopenQuarterlyReport(id: $id, expectedVersion: $expectedVersion, comment: $comment) { id status version comment allowedActions }
}`;

export const REPORT = `query QuarterlyReport($schoolId: ID!, $year: Int!, $quarter: Int!) {
  quarterlyReport(schoolId: $schoolId, year: $year, quarter: $quarter) {
    id status version
    figures { code value }
    revisions { version status createdAt author { email } }
  }
}`;

export const REPORT_DETAILS = `query($schoolId: ID!, $year: Int!, $quarter: Int!) {
  quarterlyReport(schoolId: $schoolId, year: $year, quarter: $quarter) {
    id schoolId year quarter status version comment submittedAt submittedLate approvedAt updatedAt allowedActions
    figures { code value }
    warnings { code rule message }
    revisions { version action status comment figures { code value } changes { code from to } author { email role } }
  }
}`;

/** A complete report that passes every hard rule. */
export function completeFigures(overrides: Record<string, number> = {}): { code: string; value: number }[] {
  const base: Record<string, number> = {
    STUDENTS: 500,
    MENTEES_STUDENTS: 100,
    MENTORS_STUDENTS: 20,
    TEACHERS: 40,
    MENTEES_TEACHERS: 10,
    MENTEES_YOUNG_SPECIALISTS: 3,
    MENTORS_TEACHERS: 8,
    ...overrides,
  };
  return Object.entries(base).map(([code, value]) => ({ code, value }));
}

export interface StoredCounts {
  reports: number;
  revisions: number;
  keys: number;
  audits: number;
  jobs: number;
}

/** What is stored, counted as the owner (past RLS): a refused request must leave these unchanged. */
export async function storedCounts(platform: Platform): Promise<StoredCounts> {
  const [row] = await platform.sql<StoredCounts>(`SELECT
      (SELECT count(*) FROM quarterly_reports)::int AS reports,
      (SELECT count(*) FROM quarterly_report_revisions)::int AS revisions,
      (SELECT count(*) FROM idempotency_keys)::int AS keys,
      (SELECT count(*) FROM audit_log WHERE operation LIKE 'quarterlyReport.%' OR operation LIKE 'reportingPeriod.%')::int AS audits,
      (SELECT count(*) FROM job_runs)::int AS jobs`);
  return row!;
}

export function fieldsOf(result: { errors?: { extensions?: { fields?: { field: string }[] } }[] }): string[] {
  return (result.errors?.[0]?.extensions?.fields ?? []).map((f) => f.field);
}
