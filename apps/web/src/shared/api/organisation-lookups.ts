// The name of the district, school or region a page is about, looked up once and kept for five minutes.
import { useApiQuery } from './hooks';
import { DISTRICT, REGION, SCHOOL } from './organisation-operations';

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
