import type { MonitoringStatus, SchoolReportStatus } from '../api/operations';
import { t } from '../i18n';

const STATUS_ICON: Record<MonitoringStatus, string> = {
  ACHIEVED: '✔',
  ON_TRACK: '↗',
  AT_RISK: '!',
  BEHIND: '✖',
  NO_DATA: '?',
};

/** A monitoring status: colour, a symbol and the word, so it never depends on colour alone. */
export function StatusBadge({ status }: { status: MonitoringStatus }) {
  return (
    <span className={`badge status-${status.toLowerCase()}`} title={t.statusHint[status]}>
      <span aria-hidden="true" className="badge-icon">
        {STATUS_ICON[status]}
      </span>
      {t.status[status] ?? status}
    </span>
  );
}

const REPORT_ICON: Record<SchoolReportStatus, string> = {
  MISSING: '○',
  DRAFT: '✎',
  SUBMITTED: '⧗',
  RETURNED: '↺',
  APPROVED: '✔',
};

export function ReportStatusBadge({ status }: { status: SchoolReportStatus }) {
  return (
    <span className={`badge report-${status.toLowerCase()}`}>
      <span aria-hidden="true" className="badge-icon">
        {REPORT_ICON[status]}
      </span>
      {t.reportStatus[status] ?? status}
    </span>
  );
}
