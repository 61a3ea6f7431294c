import { useId } from 'react';
import { t } from '../../i18n';
import { useApiQuery } from '../../shared/api/hooks';
import { ADMIN_DISTRICTS } from './admin-operations';

const a = t.admin;

export function DistrictSelect({ regionId, value, onChange }: { regionId: string | null; value: string; onChange: (id: string) => void }) {
  const id = useId();
  const districts = useApiQuery(ADMIN_DISTRICTS, { regionId, first: 200, offset: 0 }, { staleTime: 60_000 });
  return (
    <div className="field inline-field">
      <label htmlFor={id}>{a.district.pick}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{a.district.pickAny}</option>
        {districts.data?.districts.items.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name} ({d.code})
          </option>
        ))}
      </select>
    </div>
  );
}
