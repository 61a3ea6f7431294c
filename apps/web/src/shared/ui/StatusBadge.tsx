import type { MonitoringStatus, SchoolReportStatus } from '../api/enums';
import { t } from '../../i18n';
import { Icon, IconName } from './Icon';

const STATUS_ICON: Record<MonitoringStatus, IconName> = {
  ACHIEVED: 'check',
  ON_TRACK: 'arrow-up',
  AT_RISK: 'exclamation',
  BEHIND: 'cross',
  NO_DATA: 'question',
};

/** A monitoring status: colour, a symbol and the word, so it never depends on colour alone. */
export function StatusBadge({ status }: { status: MonitoringStatus }) {
  return (
    <span className={`badge status-${status.toLowerCase()}`} title={t.statusHint[status]}>
      <Icon name={STATUS_ICON[status]} className="badge-icon" />
      {t.status[status] ?? status}
    </span>
  );
}

const REPORT_ICON: Record<SchoolReportStatus, IconName> = {
  MISSING: 'circle',
  DRAFT: 'pencil',
  SUBMITTED: 'hourglass',
  RETURNED: 'return',
  APPROVED: 'check',
};

export function ReportStatusBadge({ status }: { status: SchoolReportStatus }) {
  return (
    <span className={`badge report-${status.toLowerCase()}`}>
      <Icon name={REPORT_ICON[status]} className="badge-icon" />
      {t.reportStatus[status] ?? status}
    </span>
  );
}
