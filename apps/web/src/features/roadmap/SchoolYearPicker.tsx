import { useId } from 'react';
import { t } from '../../i18n';
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
