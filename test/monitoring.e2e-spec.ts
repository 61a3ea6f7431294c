import { errorCode, Platform, startPlatform } from './harness/platform';
import { FIXTURE_PASSWORD } from './harness/fixtures';
import {
  DISTRICT_MONITORING,
  EXPECTED_TOTALS,
  expectedSchools,
  JOB,
  MonitoringFixture,
  QUARTER,
  RUN_MONITORING,
  SCHOOL_FIELDS,
  seedMonitoringDistrict,
  seedSecondDistrict,
  TOTAL_FIELDS,
  waitForJob,
  YEAR,
} from './monitoring.fixtures';

jest.setTimeout(120_000);

/**
 * Quarterly monitoring through the API and the worker (in process), on the queue backend of the
 * run (Redis by default; QUEUE_BACKEND=postgres for BullMQ's Postgres backend). Every figure is
 * compared with values worked out by hand in monitoring.fixtures.ts.
 */
describe('quarterly monitoring', () => {
  const TAG = 'MON';
  let platform: Platform;
  let f: MonitoringFixture;
  let coordinator: string;
  let authority: string;
  let curator: string;
  let admin: string;
  let other: { coordinator: string; authority: string; districtId: string };
  const period = { year: YEAR, quarter: QUARTER };

  const run = async (token: string, districtId = f.districtId) => {
    const result = await platform.gql(RUN_MONITORING, { districtId, ...period }, token);
    expect(result.errors).toBeUndefined();
    return result.data.runMonitoring as { id: string; state: string };
  };
  const districtMonitoring = async (token: string, vars: Record<string, unknown> = { districtId: f.districtId, ...period }) =>
    platform.gql(DISTRICT_MONITORING, vars, token);
  const countRuns = async () =>
    (await platform.sql(`SELECT count(*)::int AS n FROM job_runs WHERE name = 'monitoring.compute'`))[0].n as number;

  beforeAll(async () => {
    platform = await startPlatform({ worker: true });
    f = await seedMonitoringDistrict(platform, TAG);
    const second = await seedMonitoringDistrict(platform, 'OTH');
    coordinator = await platform.login(f.coordinator.email, FIXTURE_PASSWORD);
    authority = await platform.login(f.authority.email, FIXTURE_PASSWORD);
    curator = await platform.login(f.curators[1]!.email, FIXTURE_PASSWORD); // S2's curator
    admin = await platform.adminToken();
    other = {
      coordinator: await platform.login(second.coordinator.email, FIXTURE_PASSWORD),
      authority: await platform.login(second.authority.email, FIXTURE_PASSWORD),
      districtId: second.districtId,
    };
  });
  afterAll(() => platform?.close());

  it('has no snapshot before the first run (districtMonitoring is null)', async () => {
    const result = await districtMonitoring(coordinator);
    expect(result.errors).toBeUndefined();
    expect(result.data.districtMonitoring).toBeNull();
  });

  it('computes a district through the job and serves every figure from the snapshot', async () => {
    const job = await run(coordinator);
    expect(job.state).toMatch(/QUEUED|RUNNING|COMPLETED/);
    const done = await waitForJob(platform, coordinator, job.id);
    expect(done).toMatchObject({
      id: job.id,
      state: 'COMPLETED',
      progress: 100,
      error: null,
      name: 'monitoring.compute',
      attempts: 1,
      districtId: f.districtId,
    });
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();

    const result = await districtMonitoring(coordinator);
    expect(result.errors).toBeUndefined();
    const view = result.data.districtMonitoring;
    expect(view).toMatchObject({ districtId: f.districtId, year: YEAR, quarter: QUARTER, jobId: job.id, expectedProgressPercent: 50 });
    expect(new Date(view.computedAt).getTime()).toBeGreaterThan(0);
    expect(view.schools).toEqual(expectedSchools(f, TAG));
    expect(view.totals).toEqual(EXPECTED_TOTALS);
    // The district's target comes from its total base, not from the school targets.
    expect(view.totals.menteeTarget).not.toBe(view.totals.sumOfSchoolMenteeTargets);
    expect(view.notReported).toEqual(
      [5, 6, 7].map((n) => ({ id: f.schoolIds[n - 1], code: `S-${TAG}-${n}`, name: `Школа № ${n} (${TAG})` })),
    );
  });

  it('accepts the contract query as written', async () => {
    const result = await platform.gql(
      `query DistrictMonitoring($districtId: ID!, $year: Int!, $quarter: Int!) {
        districtMonitoring(districtId: $districtId, year: $year, quarter: $quarter) {
          computedAt
          totals { students mentees mentors menteeTarget mentorTarget coveragePercent progressPercent }
          schools {
            school { id code name }
            reportStatus status
            students mentees mentors menteeTarget mentorTarget coveragePercent progressPercent
          }
        }
      }`,
      { districtId: f.districtId, ...period },
      authority,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.districtMonitoring.totals).toEqual({
      students: 2508,
      mentees: 930,
      mentors: 47,
      menteeTarget: 1749,
      mentorTarget: 118,
      coveragePercent: 37.1,
      progressPercent: 53.2,
    });
    expect(result.data.districtMonitoring.schools.map((s: any) => s.status)).toEqual([
      'ACHIEVED',
      'ON_TRACK',
      'AT_RISK',
      'BEHIND',
      'NO_DATA',
      'NO_DATA',
      'NO_DATA',
    ]);
  });

  it('re-running gives identical results and still one snapshot', async () => {
    const before = (await districtMonitoring(coordinator)).data.districtMonitoring;
    const job = await run(admin);
    expect((await waitForJob(platform, admin, job.id)).state).toBe('COMPLETED');
    const after = (await districtMonitoring(coordinator)).data.districtMonitoring;
    const { computedAt: c1, jobId: _j1, ...first } = before;
    const { computedAt: c2, jobId: j2, ...second } = after;
    expect(second).toEqual(first);
    expect(j2).toBe(job.id);
    expect(new Date(c2).getTime()).toBeGreaterThanOrEqual(new Date(c1).getTime());
    const [counts] = await platform.sql(
      `SELECT (SELECT count(*) FROM monitoring_snapshots WHERE district_id = $1)::int AS snapshots,
              (SELECT count(*) FROM monitoring_school_rows WHERE district_id = $1)::int AS rows`,
      [f.districtId],
    );
    expect(counts).toEqual({ snapshots: 1, rows: 7 });
  });

  it('serves a school view to its curator and to the district, and nothing else to the curator', async () => {
    const query = `query SchoolMonitoring($schoolId: ID!, $year: Int!, $quarter: Int!) {
      schoolMonitoring(schoolId: $schoolId, year: $year, quarter: $quarter) { ${SCHOOL_FIELDS} year quarter computedAt }
    }`;
    const own = await platform.gql(query, { schoolId: f.school.S2, ...period }, curator);
    expect(own.errors).toBeUndefined();
    const { year, quarter, computedAt, ...row } = own.data.schoolMonitoring;
    expect(row).toEqual(expectedSchools(f, TAG)[1]);
    expect({ year, quarter }).toEqual(period);
    expect(computedAt).toBeTruthy();

    const byCoordinator = await platform.gql(query, { schoolId: f.school.S5, ...period }, coordinator);
    expect(byCoordinator.data.schoolMonitoring).toMatchObject({ status: 'NO_DATA', reportStatus: 'MISSING', menteeTarget: 151 });

    expect(errorCode(await platform.gql(query, { schoolId: f.school.S1, ...period }, curator))).toBe('FORBIDDEN');
    expect(errorCode(await districtMonitoring(curator))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(query, { schoolId: f.school.S1, ...period }, other.coordinator))).toBe('FORBIDDEN');
    // Another quarter has no snapshot yet.
    expect((await platform.gql(query, { schoolId: f.school.S2, year: YEAR, quarter: 4 }, curator)).data.schoolMonitoring).toBeNull();
  });

  it('refuses triggers and reads outside the caller’s scope, storing nothing', async () => {
    const runsBefore = await countRuns();
    const auditBefore = (await platform.sql(`SELECT count(*)::int AS n FROM audit_log WHERE operation = 'monitoring.run'`))[0].n;
    expect(errorCode(await platform.gql(RUN_MONITORING, { districtId: f.districtId, ...period }, other.coordinator))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(RUN_MONITORING, { districtId: f.districtId, ...period }, other.authority))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(RUN_MONITORING, { districtId: f.districtId, ...period }, curator))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(RUN_MONITORING, { districtId: '00000000-0000-4000-8000-000000000000', ...period }, admin))).toBe(
      'NOT_FOUND',
    );
    const invalid = await platform.gql(RUN_MONITORING, { districtId: f.districtId, year: YEAR, quarter: 5 }, coordinator);
    expect(errorCode(invalid)).toBe('BAD_USER_INPUT');
    expect(invalid.errors![0]!.extensions!.fields).toEqual([expect.objectContaining({ field: 'quarter' })]);
    expect(errorCode(await platform.gql(RUN_MONITORING, { districtId: 'not-a-uuid', ...period }, coordinator))).toBe('BAD_USER_INPUT');
    expect(await countRuns()).toBe(runsBefore);
    expect((await platform.sql(`SELECT count(*)::int AS n FROM audit_log WHERE operation = 'monitoring.run'`))[0].n).toBe(auditBefore);

    expect(errorCode(await districtMonitoring(other.coordinator))).toBe('FORBIDDEN');
    expect(errorCode(await districtMonitoring(other.authority))).toBe('FORBIDDEN');
    expect((await districtMonitoring(admin)).data.districtMonitoring.totals.menteeTarget).toBe(1749);
  });

  it('shows a job to those whose scope holds it, lists recent jobs per scope, and audits every trigger', async () => {
    const job = await run(coordinator);
    await waitForJob(platform, coordinator, job.id);
    for (const token of [coordinator, authority, admin]) {
      expect((await platform.gql(JOB, { id: job.id }, token)).data.job).toMatchObject({ id: job.id, state: 'COMPLETED', progress: 100 });
    }
    for (const token of [curator, other.coordinator, other.authority]) {
      expect(errorCode(await platform.gql(JOB, { id: job.id }, token))).toBe('NOT_FOUND');
    }
    expect(errorCode(await platform.gql(JOB, { id: '00000000-0000-4000-8000-000000000000' }, admin))).toBe('NOT_FOUND');

    const jobs = `query Jobs($districtId: ID, $regionId: ID, $first: Int) { jobs(districtId: $districtId, regionId: $regionId, first: $first) { id state districtId } }`;
    const mine = await platform.gql(jobs, { districtId: f.districtId }, coordinator);
    expect(mine.errors).toBeUndefined();
    expect(mine.data.jobs[0]).toEqual({ id: job.id, state: 'COMPLETED', districtId: f.districtId });
    expect(mine.data.jobs.every((j: any) => j.districtId === f.districtId)).toBe(true);
    expect((await platform.gql(jobs, { regionId: f.regionId, first: 1 }, authority)).data.jobs).toEqual([
      { id: job.id, state: 'COMPLETED', districtId: f.districtId },
    ]);
    // Without a filter each caller sees its own scope only.
    expect((await platform.gql(jobs, {}, other.coordinator)).data.jobs.find((j: any) => j.id === job.id)).toBeUndefined();
    expect((await platform.gql(jobs, {}, curator)).data.jobs).toEqual([]);
    expect(errorCode(await platform.gql(jobs, { districtId: f.districtId }, other.coordinator))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(jobs, { regionId: f.regionId }, coordinator))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(jobs, { first: 1000 }, admin))).toBe('BAD_USER_INPUT');

    const [audit] = await platform.sql(
      `SELECT actor_role, district_id, target_ids, details FROM audit_log WHERE operation = 'monitoring.run' AND details->>'jobId' = $1`,
      [job.id],
    );
    expect(audit).toEqual({
      actor_role: 'DISTRICT_COORDINATOR',
      district_id: f.districtId,
      target_ids: [f.districtId],
      details: { year: YEAR, quarter: QUARTER, jobId: job.id },
    });
  });

  it('computes a region: a row per district, totals from the region’s total base', async () => {
    const second = await seedSecondDistrict(platform, f, TAG);
    const regionRun = `mutation ($regionId: ID!, $year: Int!, $quarter: Int!) { runRegionMonitoring(regionId: $regionId, year: $year, quarter: $quarter) { id state } }`;
    expect(errorCode(await platform.gql(regionRun, { regionId: f.regionId, ...period }, coordinator))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(regionRun, { regionId: f.regionId, ...period }, other.authority))).toBe('FORBIDDEN');
    const started = await platform.gql(regionRun, { regionId: f.regionId, ...period }, authority);
    expect(started.errors).toBeUndefined();
    expect((await waitForJob(platform, authority, started.data.runRegionMonitoring.id)).state).toBe('COMPLETED');

    const query = `query ($regionId: ID!, $year: Int!, $quarter: Int!) {
      regionMonitoring(regionId: $regionId, year: $year, quarter: $quarter) {
        regionId year quarter computedAt jobId expectedProgressPercent
        totals { ${TOTAL_FIELDS} districtCount sumOfDistrictMenteeTargets sumOfDistrictMentorTargets }
        districts { district { id code name } ${TOTAL_FIELDS} }
      }
    }`;
    expect(errorCode(await platform.gql(query, { regionId: f.regionId, ...period }, coordinator))).toBe('FORBIDDEN');
    const result = await platform.gql(query, { regionId: f.regionId, ...period }, authority);
    expect(result.errors).toBeUndefined();
    const region = result.data.regionMonitoring;
    expect(region).toMatchObject({
      regionId: f.regionId,
      year: YEAR,
      quarter: QUARTER,
      jobId: started.data.runRegionMonitoring.id,
      expectedProgressPercent: 50,
    });
    const secondRow = {
      district: { id: second.districtId, code: `D2-${TAG}`, name: `Второй район ${TAG}` },
      students: 1000,
      mentees: 700,
      mentors: 25,
      menteeTarget: 600,
      mentorTarget: 20,
      coveragePercent: 70,
      progressPercent: 116.7,
      baseStudents: 1000,
      mentorBase: 200,
      status: 'ACHIEVED',
      sumOfSchoolMenteeTargets: 600,
      sumOfSchoolMentorTargets: 20,
      schoolCount: 1,
      reportedSchoolCount: 1,
      notReportedSchoolCount: 0,
      previousMentees: null,
      menteesDelta: null,
      expectedProgressPercent: 50,
      teachers: 70,
      menteesStudentStudent: null,
      menteesTeacherStudent: null,
      menteesUniversityStudentStudent: null,
      menteesEmployerStudent: null,
      menteesTeachers: 6,
      menteesYoungSpecialists: null,
      mentorsTeachers: 9,
      mentorsExternalEmployer: null,
      mentorsExternalUniversityStudent: null,
      mentorsExternalGraduate: null,
      mentorsExternalParent: null,
      mentorsExternalOther: null,
      pairs: 300,
      groups: null,
    };
    expect(region.districts).toEqual([
      { district: { id: f.districtId, code: `D-${TAG}`, name: `Район ${TAG}` }, ...EXPECTED_TOTALS },
      secondRow,
    ]);
    // 70 % of 2 499 and 60 % of 1 000 (the second district's own schedule): 1 749 + 600; mentors 10 % of 1 181 + 200.
    expect(region.totals).toEqual({
      students: 3508,
      mentees: 1630,
      mentors: 72,
      menteeTarget: 2349,
      mentorTarget: 138,
      coveragePercent: 46.5,
      progressPercent: 69.4,
      baseStudents: 3499,
      mentorBase: 1381,
      status: 'ON_TRACK',
      sumOfSchoolMenteeTargets: 2351,
      sumOfSchoolMentorTargets: 139,
      schoolCount: 8,
      reportedSchoolCount: 5,
      notReportedSchoolCount: 3,
      previousMentees: 500,
      menteesDelta: 1130,
      expectedProgressPercent: 50,
      teachers: 225,
      menteesStudentStudent: 450,
      menteesTeacherStudent: 350,
      menteesUniversityStudentStudent: 80,
      menteesEmployerStudent: 100,
      menteesTeachers: 20,
      menteesYoungSpecialists: 3,
      mentorsTeachers: 39,
      mentorsExternalEmployer: 3,
      mentorsExternalUniversityStudent: null,
      mentorsExternalGraduate: null,
      mentorsExternalParent: 2,
      mentorsExternalOther: null,
      pairs: 630,
      groups: 15,
      districtCount: 2,
      sumOfDistrictMenteeTargets: 2349,
      sumOfDistrictMentorTargets: 138,
    });
    // The region run refreshed the district snapshots too.
    const second2 = await platform.gql(DISTRICT_MONITORING, { districtId: second.districtId, ...period }, authority);
    expect(second2.data.districtMonitoring.totals).toMatchObject({ menteeTarget: 600, status: 'ACHIEVED' });
  });

  it('uses the region’s expected progress per quarter once an authority sets it', async () => {
    const set = `mutation ($input: SetMonitoringExpectedProgressInput!) { setMonitoringExpectedProgress(input: $input) { regionId q1 q2 q3 q4 custom } }`;
    const read = `query ($regionId: ID!) { monitoringSettings(regionId: $regionId) { q1 q2 q3 q4 custom } }`;
    expect((await platform.gql(read, { regionId: f.regionId }, coordinator)).data.monitoringSettings).toEqual({
      q1: 25,
      q2: 50,
      q3: 75,
      q4: 100,
      custom: false,
    });
    expect(errorCode(await platform.gql(set, { input: { regionId: f.regionId, q1: 25, q2: 55, q3: 75, q4: 100 } }, coordinator))).toBe(
      'FORBIDDEN',
    );
    const decreasing = await platform.gql(set, { input: { regionId: f.regionId, q1: 25, q2: 20, q3: 75, q4: 100 } }, authority);
    expect(errorCode(decreasing)).toBe('BAD_USER_INPUT');
    expect(decreasing.errors![0]!.extensions!.fields).toEqual([expect.objectContaining({ field: 'input.q2' })]);
    expect(errorCode(await platform.gql(set, { input: { regionId: f.regionId, q1: 25, q2: 50.123, q3: 75, q4: 100 } }, authority))).toBe(
      'BAD_USER_INPUT',
    );
    expect(errorCode(await platform.gql(set, { input: { regionId: f.regionId, q1: 25, q2: 50, q3: 75, q4: 101 } }, authority))).toBe(
      'BAD_USER_INPUT',
    );
    expect((await platform.sql(`SELECT count(*)::int AS n FROM monitoring_settings`))[0].n).toBe(0);

    const saved = await platform.gql(set, { input: { regionId: f.regionId, q1: 25, q2: 55, q3: 75, q4: 100 } }, authority);
    expect(saved.data.setMonitoringExpectedProgress).toEqual({ regionId: f.regionId, q1: 25, q2: 55, q3: 75, q4: 100, custom: true });
    const job = await run(coordinator);
    await waitForJob(platform, coordinator, job.id);
    const view = (await districtMonitoring(coordinator)).data.districtMonitoring;
    // 53.4 % and 53.2 % no longer reach 55 %: ON_TRACK becomes AT_RISK; 42.9 % is still within 15 pp (≥ 40 %).
    expect(view.expectedProgressPercent).toBe(55);
    expect(view.schools).toEqual(expectedSchools(f, TAG, 55, { [`S-${TAG}-2`]: 'AT_RISK' }));
    expect(view.totals).toEqual({ ...EXPECTED_TOTALS, expectedProgressPercent: 55, status: 'AT_RISK' });
  });
});
