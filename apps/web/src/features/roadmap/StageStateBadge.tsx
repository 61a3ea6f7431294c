import { t } from '../../i18n';
import { Icon, IconName } from '../../shared/ui/Icon';

const STATE_ICON: Record<string, IconName> = { DONE: 'check', DUE: 'ellipsis', OVERDUE: 'cross', REJECTED: 'return' };

export function StageStateBadge({ state }: { state: string }) {
  return (
    <span className={`badge stage-${state.toLowerCase()}`}>
      {STATE_ICON[state] && <Icon name={STATE_ICON[state]} className="badge-icon" />}
      {t.roadmap.state[state] ?? state}
    </span>
  );
}
