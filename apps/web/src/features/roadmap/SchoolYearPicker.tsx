import { useId } from 'react';
import { t } from '../../i18n';
import { Icon, IconName } from '../../shared/ui/Icon';
import { schoolYearLabel, schoolYearOf } from './school-year';

export function SchoolYearPicker({ value, onChange }: { value: number; onChange: (year: number) => void }) {
  const id = useId();
  const current = schoolYearOf(new Date());
  const years: number[] = [];
  for (let y = current + 1; y >= 2020; y--) years.push(y);
  return (
    <div className="period-picker">
      <div className="field inline">
        <label htmlFor={id}>{t.roadmap.schoolYear}</label>
        <select id={id} value={value} onChange={(e) => onChange(Number(e.target.value))}>
          {years.map((y) => (
            <option key={y} value={y}>
              {schoolYearLabel(y)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

const STATE_ICON: Record<string, IconName> = { DONE: 'check', DUE: 'ellipsis', OVERDUE: 'cross', REJECTED: 'return' };

export function StageStateBadge({ state }: { state: string }) {
  return (
    <span className={`badge stage-${state.toLowerCase()}`}>
      {STATE_ICON[state] && <Icon name={STATE_ICON[state]} className="badge-icon" />}
      {t.roadmap.state[state] ?? state}
    </span>
  );
}
