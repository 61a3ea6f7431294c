import { t } from '../../i18n';
import type { SchoolReportStatus } from '../api/enums';
import { Icon, IconName } from './Icon';

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
