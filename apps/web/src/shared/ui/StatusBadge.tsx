import { t } from '../../i18n';
import type { MonitoringStatus } from '../api/enums';
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
