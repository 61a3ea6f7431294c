import type { JobScope } from '@mm/queue';

/**
 * What one monitoring computation covers: a district (its snapshot and school rows), a region
 * (every district of it and the region snapshot with a row per district), or every region.
 */
export type MonitoringScope =
  | { readonly kind: 'DISTRICT'; readonly regionId: string; readonly districtId: string }
  | { readonly kind: 'REGION'; readonly regionId: string }
  | { readonly kind: 'ALL' };

/** The computation a job's scope asks for (a school scope is not a monitoring scope). */
export function monitoringScopeOfJob(scope: JobScope): MonitoringScope {
  if (scope.schoolId) throw new Error('monitoring runs for a district, a region or every region, not a school');
  if (scope.districtId) {
    if (!scope.regionId) throw new Error('a district monitoring job needs its region');
    return { kind: 'DISTRICT', regionId: scope.regionId, districtId: scope.districtId };
  }
  if (scope.regionId) return { kind: 'REGION', regionId: scope.regionId };
  return { kind: 'ALL' };
}

export function jobScopeOfMonitoring(scope: MonitoringScope): JobScope {
  switch (scope.kind) {
    case 'DISTRICT':
      return { regionId: scope.regionId, districtId: scope.districtId, schoolId: null };
    case 'REGION':
      return { regionId: scope.regionId, districtId: null, schoolId: null };
    case 'ALL':
      return { regionId: null, districtId: null, schoolId: null, national: true };
  }
}

/**
 * Deterministic trigger keys (job_runs.dedup_key): triggers with the same key join one queued
 * run. The quarterly-report workflow uses `monitoringDistrictKey` for its debounced recompute.
 */
export const monitoringDistrictKey = (districtId: string, year: number, quarter: number): string =>
  `monitoring:district:${districtId}:${year}:${quarter}`;

export const monitoringRegionKey = (regionId: string, year: number, quarter: number): string =>
  `monitoring:region:${regionId}:${year}:${quarter}`;

export const quarterCloseDistrictKey = (districtId: string, year: number, quarter: number): string =>
  `monitoring:quarter-close:${districtId}:${year}:${quarter}`;

export const quarterCloseRegionKey = (regionId: string, year: number, quarter: number): string =>
  `monitoring:quarter-close:region:${regionId}:${year}:${quarter}`;
