import type { MonitoringStatus, SchoolReportStatus } from '../../shared/api/enums';
import type { SchoolMonitoringRow } from './monitoring-operations';

/** Schools that need attention first: behind, at risk, no data, then on track and achieved. */
export const STATUS_ORDER: readonly MonitoringStatus[] = ['BEHIND', 'AT_RISK', 'NO_DATA', 'ON_TRACK', 'ACHIEVED'];

export function sortByStatus<T extends Pick<SchoolMonitoringRow, 'status' | 'progressPercent' | 'school'>>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => {
    const byStatus = STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status);
    if (byStatus) return byStatus;
    const byProgress = (a.progressPercent ?? -1) - (b.progressPercent ?? -1);
    if (byProgress) return byProgress;
    return a.school.code.localeCompare(b.school.code, 'ru');
  });
}

/** A school has reported for the quarter once its report is submitted or approved. */
export function hasReported(status: SchoolReportStatus): boolean {
  return status === 'SUBMITTED' || status === 'APPROVED';
}

export function countByStatus(rows: readonly { status: MonitoringStatus }[]): Record<MonitoringStatus, number> {
  const counts: Record<MonitoringStatus, number> = { BEHIND: 0, AT_RISK: 0, NO_DATA: 0, ON_TRACK: 0, ACHIEVED: 0 };
  for (const row of rows) counts[row.status]++;
  return counts;
}

/** The year's target as a percent of the students (what the coverage is compared with). */
export function targetPercent(row: { menteeTarget: number | null; students: number | null }): number | null {
  if (row.menteeTarget === null || !row.students) return null;
  return Math.round((row.menteeTarget / row.students) * 1000) / 10;
}
