import { ReactNode } from 'react';
import { useApiQuery } from '../api/hooks';
import { DISTRICT, REGION, SCHOOL } from '../api/organisation-operations';
import { useTitle } from '../lib/title';

/** The page's h1 (also the tab title), the name of the district/school/region it is about, and actions. */
export function PageHeader({ title, scope, children }: { title: string; scope?: string | null; children?: ReactNode }) {
  useTitle(scope ? `${title}: ${scope}` : title);
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {scope && <p className="scope-name">{scope}</p>}
      </div>
      {children && <div className="page-actions">{children}</div>}
    </div>
  );
}

export function useDistrictName(districtId: string | undefined): string | null {
  const query = useApiQuery(DISTRICT, { id: districtId ?? '' }, { enabled: !!districtId, staleTime: 300_000 });
  return query.data?.district.name ?? null;
}

export function useSchool(schoolId: string | undefined) {
  const query = useApiQuery(SCHOOL, { id: schoolId ?? '' }, { enabled: !!schoolId, staleTime: 300_000 });
  return query.data?.school ?? null;
}

export function useRegionName(regionId: string | undefined): string | null {
  const query = useApiQuery(REGION, { id: regionId ?? '' }, { enabled: !!regionId, staleTime: 300_000 });
  return query.data?.region.name ?? null;
}
