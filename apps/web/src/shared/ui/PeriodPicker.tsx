import { useId } from 'react';
import { t } from '../../i18n';
import { Period, selectableYears } from '../lib/period';

/** Year and quarter, as two labelled selects in a fieldset. */
export function PeriodPicker({ value, onChange, quarter = true }: { value: Period; onChange: (next: Period) => void; quarter?: boolean }) {
  const id = useId();
  return (
    <fieldset className="period-picker">
      <legend>{t.period.legend}</legend>
      <div className="field inline">
        <label htmlFor={`${id}-year`}>{t.period.year}</label>
        <select id={`${id}-year`} value={value.year} onChange={(e) => onChange({ ...value, year: Number(e.target.value) })}>
          {selectableYears().map((year) => (
            <option key={year} value={year}>
              {year}
            </option>
          ))}
        </select>
      </div>
      {quarter && (
        <div className="field inline">
          <label htmlFor={`${id}-quarter`}>{t.period.quarter}</label>
          <select id={`${id}-quarter`} value={value.quarter} onChange={(e) => onChange({ ...value, quarter: Number(e.target.value) })}>
            {[1, 2, 3, 4].map((q) => (
              <option key={q} value={q}>
                {t.period.quarterOption(q)}
              </option>
            ))}
          </select>
        </div>
      )}
    </fieldset>
  );
}
