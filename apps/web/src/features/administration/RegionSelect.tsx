import { useId } from 'react';
import { t } from '../../i18n';
import { useApiQuery } from '../../shared/api/hooks';
import { ADMIN_REGIONS } from './admin-operations';

const a = t.admin;

/** The regions the user may pick (admins: all; others see their own through RLS). */
export function RegionSelect({ value, onChange, label }: { value: string; onChange: (id: string) => void; label?: string }) {
  const id = useId();
  const regions = useApiQuery(ADMIN_REGIONS, { first: 200, offset: 0 }, { staleTime: 60_000 });
  return (
    <div className="field inline-field">
      <label htmlFor={id}>{label ?? a.region.pick}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{a.region.pickAny}</option>
        {regions.data?.regions.items.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name} ({r.code})
          </option>
        ))}
      </select>
    </div>
  );
}
