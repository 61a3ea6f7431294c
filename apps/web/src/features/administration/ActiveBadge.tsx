import { t } from '../../i18n';

const a = t.admin;

export function ActiveBadge({ active }: { active: boolean }) {
  return <span className={`badge ${active ? 'badge-ok' : 'badge-muted'}`}>{active ? a.list.active : a.list.inactive}</span>;
}
