import {
  jobScopeOfMonitoring,
  monitoringDistrictKey,
  monitoringScopeOfJob,
  quarterCloseDistrictKey,
  quarterCloseRegionKey,
} from './monitoring-scope';

describe('monitoring scopes', () => {
  it('maps a job scope to what it computes and back', () => {
    const district = { regionId: 'r', districtId: 'd', schoolId: null };
    const region = { regionId: 'r', districtId: null, schoolId: null };
    const all = { regionId: null, districtId: null, schoolId: null, national: true };
    expect(monitoringScopeOfJob(district)).toEqual({ kind: 'DISTRICT', regionId: 'r', districtId: 'd' });
    expect(monitoringScopeOfJob(region)).toEqual({ kind: 'REGION', regionId: 'r' });
    expect(monitoringScopeOfJob(all)).toEqual({ kind: 'ALL' });
    for (const scope of [district, region, all]) expect(jobScopeOfMonitoring(monitoringScopeOfJob(scope))).toEqual(scope);
  });

  it('refuses a school scope and a district without its region', () => {
    expect(() => monitoringScopeOfJob({ regionId: 'r', districtId: 'd', schoolId: 's' })).toThrow(/not a school/);
    expect(() => monitoringScopeOfJob({ regionId: null, districtId: 'd', schoolId: null })).toThrow(/region/);
  });

  it('builds the deterministic trigger keys', () => {
    expect(monitoringDistrictKey('d', 2024, 3)).toBe('monitoring:district:d:2024:3');
    expect(quarterCloseDistrictKey('d', 2024, 3)).toBe('monitoring:quarter-close:d:2024:3');
    expect(quarterCloseRegionKey('r', 2024, 3)).toBe('monitoring:quarter-close:region:r:2024:3');
  });
});
