import { Role } from '@mm/database';
import { jobScopeOfRun, scopeOfJob } from './job-contracts';

describe('job scopes', () => {
  const row = { regionId: 'r1', districtId: 'd1', schoolId: null };

  it("takes a run's scope from its row's tenant columns, not from its payload", () => {
    const forged = { ...row, payload: { scope: { regionId: 'r2', districtId: null, schoolId: null, national: true } } };
    expect(jobScopeOfRun(forged)).toEqual({ regionId: 'r1', districtId: 'd1', schoolId: null });
    expect(scopeOfJob(jobScopeOfRun(forged))).toMatchObject({ role: Role.DISTRICT_COORDINATOR, regionId: 'r1', districtId: 'd1' });
  });

  it('is national only when the row names no tenant and the run was recorded as national', () => {
    const empty = { regionId: null, districtId: null, schoolId: null };
    expect(jobScopeOfRun({ ...empty, payload: { scope: { ...empty, national: true } } })).toEqual({ ...empty, national: true });
    expect(jobScopeOfRun({ ...empty, payload: { scope: empty } })).toEqual(empty);
  });

  it('refuses an empty scope unless it is explicitly national', () => {
    const empty = { regionId: null, districtId: null, schoolId: null };
    expect(() => scopeOfJob(empty)).toThrow(/explicitly national/);
    expect(scopeOfJob({ ...empty, national: true })).toEqual({
      role: Role.AUTHORITY,
      userId: null,
      regionId: null,
      districtId: null,
      schoolId: null,
      national: true,
    });
    expect(scopeOfJob({ regionId: 'r1', districtId: null, schoolId: null })).toMatchObject({ role: Role.AUTHORITY, regionId: 'r1' });
  });
});
