import { Client } from 'pg';
import { SYSTEM_SCOPE, TenantDatabase } from '@mm/database';
import {
  buildTargetPlan,
  coveragePercent,
  DEFAULT_EXPECTED_PROGRESS,
  effectiveMentorBase,
  monitoringStatus,
  percentFor,
  progressPercent,
  resolveEnrollment,
  targetCount,
  type EnrollmentRecord,
  type ExpectedProgress,
  type TargetSchedule,
} from '@mm/domain';
import { scopeOfJob } from '@mm/queue';
import { connectTenantDatabase, createTestDatabase, TestDatabase } from '@mm/testing';
import { MonitoringComputation } from './monitoring-computation';
import { BREAKDOWN_FIGURES } from './monitoring-figures';
import { jobScopeOfMonitoring, type MonitoringScope } from './monitoring-scope';
import { MonitoringSnapshotRepository, type MonitoringFigures, type MonitoringTotals } from './monitoring-snapshot.repository';

/**
 * The set-based monitoring statement against a reference computed school by school with the
 * pure functions of @mm/domain, on generated districts: every figure of every row and total.
 */

const YEAR = 2024;
const QUARTER = 3;
const STATUSES = ['MISSING', 'DRAFT', 'SUBMITTED', 'RETURNED', 'APPROVED'] as const;

/** A small deterministic PRNG (mulberry32), so a failure reproduces. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}

interface Fixture {
  regions: { id: string; expected: ExpectedProgress }[];
  districts: { id: string; regionId: string; code: string; name: string; mentee: TargetSchedule; mentor: TargetSchedule }[];
  schools: { id: string; regionId: string; districtId: string; code: string; name: string; active: boolean }[];
  enrollments: Map<string, EnrollmentRecord[]>;
  /** school id → quarter → report */
  reports: Map<string, Map<number, { status: string; figures: Record<string, number> }>>;
}

async function seed(owner: Client, seedValue: number): Promise<Fixture> {
  const rnd = random(seedValue);
  const fixture: Fixture = { regions: [], districts: [], schools: [], enrollments: new Map(), reports: new Map() };
  const defaults = {
    MENTEE_COVERAGE: { 2020: 1000, 2021: 2500, 2022: 4000, 2023: 5500, 2024: 7000 },
    STUDENT_MENTORS: { 2020: 200, 2021: 400, 2022: 600, 2023: 800, 2024: 1000 },
  } as const;
  const toSchedule = (indicator: 'MENTEE_COVERAGE' | 'STUDENT_MENTORS', points: Record<number, number>): TargetSchedule => ({
    indicator,
    points: Object.entries(points).map(([year, percentBp]) => ({ year: Number(year), percentBp })),
  });
  for (let r = 0; r < 2; r++) {
    const [region] = (
      await owner.query(`INSERT INTO regions (code, name) VALUES ($1, $2) RETURNING id`, [`R${seedValue}-${r}`, `Регион ${r}`])
    ).rows;
    // The second region expects less by Q3 (60 %) through its own setting.
    const expected: ExpectedProgress = r === 1 ? { 1: 20, 2: 40, 3: 60, 4: 100 } : DEFAULT_EXPECTED_PROGRESS;
    if (r === 1) {
      await owner.query(
        `INSERT INTO monitoring_settings (region_id, expected_q1_bp, expected_q2_bp, expected_q3_bp, expected_q4_bp) VALUES ($1, 2000, 4000, 6000, 10000)`,
        [region.id],
      );
    }
    fixture.regions.push({ id: region.id, expected });
    for (const [indicator, points] of Object.entries(defaults)) {
      for (const [year, bp] of Object.entries(points)) {
        await owner.query(`INSERT INTO target_schedule_points (region_id, indicator, year, percent_bp) VALUES ($1, $2, $3, $4)`, [
          region.id,
          indicator,
          year,
          bp,
        ]);
      }
    }
    for (let d = 0; d < 3; d++) {
      const code = `D${r}${d}`;
      const [district] = (
        await owner.query(`INSERT INTO districts (region_id, code, name) VALUES ($1, $2, $3) RETURNING id`, [
          region.id,
          code,
          `Район ${code}`,
        ])
      ).rows;
      let mentee = toSchedule('MENTEE_COVERAGE', defaults.MENTEE_COVERAGE);
      let mentor = toSchedule('STUDENT_MENTORS', defaults.STUDENT_MENTORS);
      if (d === 1) {
        // An override of the mentee schedule with an odd percent for the year; its mentor schedule
        // is an override without the year: no mentor target at all (the default is NOT merged in).
        mentee = toSchedule('MENTEE_COVERAGE', { 2023: 5000, 2024: 6550 });
        mentor = toSchedule('STUDENT_MENTORS', { 2023: 900 });
      }
      if (d === 2) mentee = toSchedule('MENTEE_COVERAGE', { 2024: 7333 });
      for (const [schedule, isOverride] of [
        [mentee, d >= 1],
        [mentor, d === 1],
      ] as const) {
        if (!isOverride) continue;
        for (const point of schedule.points) {
          await owner.query(
            `INSERT INTO target_schedule_points (region_id, district_id, indicator, year, percent_bp) VALUES ($1, $2, $3, $4, $5)`,
            [region.id, district.id, schedule.indicator, point.year, point.percentBp],
          );
        }
      }
      fixture.districts.push({ id: district.id, regionId: region.id, code, name: `Район ${code}`, mentee, mentor });
      const schoolCount = rnd.int(8, 25);
      for (let s = 0; s < schoolCount; s++) {
        const schoolCode = `${code}-S${String(s).padStart(2, '0')}`;
        const active = rnd.next() > 0.05;
        const [school] = (
          await owner.query(`INSERT INTO schools (region_id, district_id, code, name, active) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
            region.id,
            district.id,
            schoolCode,
            `Школа ${schoolCode}`,
            active,
          ])
        ).rows;
        fixture.schools.push({
          id: school.id,
          regionId: region.id,
          districtId: district.id,
          code: schoolCode,
          name: `Школа ${schoolCode}`,
          active,
        });
        // Enrollment: none, an older year carried forward, the year itself, or a later year only (ignored).
        const records: EnrollmentRecord[] = [];
        const kind = rnd.int(0, 5);
        const students = rnd.pick([0, 1, 3, 7, rnd.int(40, 400), rnd.int(400, 2500)]);
        const mentorBase = rnd.next() < 0.4 ? null : Math.floor(students * rnd.next());
        if (kind >= 1) records.push({ year: kind === 1 ? 2025 : kind === 2 ? 2021 : YEAR, students, mentorBase });
        if (kind === 4) records.push({ year: 2020, students: students + 100, mentorBase: null });
        if (kind === 5) records.push({ year: 2023, students: students + 7, mentorBase: 5 });
        for (const e of records) {
          await owner.query(
            `INSERT INTO enrollments (region_id, district_id, school_id, year, students, mentor_base) VALUES ($1, $2, $3, $4, $5, $6)`,
            [region.id, district.id, school.id, e.year, e.students, e.mentorBase],
          );
        }
        fixture.enrollments.set(school.id, records);
        const reports = new Map<number, { status: string; figures: Record<string, number> }>();
        for (const quarter of [QUARTER - 1, QUARTER]) {
          const status = rnd.pick(STATUSES);
          if (status === 'MISSING') continue;
          const reportStudents = rnd.next() < 0.15 ? undefined : Math.max(students + rnd.int(-20, 20), 0);
          const base = records.find((e) => e.year === YEAR)?.students ?? students;
          const target = Math.round(base * 0.7);
          const mentees = Math.max(0, Math.min(reportStudents ?? 100_000, Math.round(target * rnd.next() * 1.2)));
          const figures: Record<string, number> = {
            MENTEES_STUDENTS: mentees,
            MENTORS_STUDENTS: rnd.int(0, 30),
            TEACHERS: rnd.int(10, 90),
          };
          if (reportStudents !== undefined) figures.STUDENTS = reportStudents;
          for (const b of BREAKDOWN_FIGURES) if (!(b.code in figures) && rnd.next() < 0.7) figures[b.code] = rnd.int(0, 40);
          await owner.query(
            `INSERT INTO quarterly_reports (region_id, district_id, school_id, year, quarter, status, catalogue_version, figures)
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7)`,
            [region.id, district.id, school.id, YEAR, quarter, status, JSON.stringify(figures)],
          );
          reports.set(quarter, { status, figures });
        }
        fixture.reports.set(school.id, reports);
      }
    }
  }
  return fixture;
}

/** The reference: each figure from the domain's functions, school by school. */
function reference(f: Fixture) {
  const counted = (r?: { status: string }) => r !== undefined && (r.status === 'SUBMITTED' || r.status === 'APPROVED');
  const sum = (xs: (number | null)[]) => xs.reduce<number | null>((s, x) => (x === null ? s : (s ?? 0) + x), null);
  const districts = new Map<string, any>();
  for (const d of f.districts) {
    const expected = f.regions.find((r) => r.id === d.regionId)!.expected;
    const schools = f.schools.filter((s) => s.districtId === d.id && s.active).sort((a, b) => a.code.localeCompare(b.code));
    const rows = schools.map((s) => {
      const record = resolveEnrollment(f.enrollments.get(s.id)!, YEAR);
      const report = f.reports.get(s.id)!.get(QUARTER);
      const previous = f.reports.get(s.id)!.get(QUARTER - 1);
      const hasReport = counted(report);
      const figures = hasReport ? report!.figures : {};
      const baseStudents = record?.students ?? null;
      const mentorBase = record ? effectiveMentorBase(record) : null;
      const menteeBp = percentFor(d.mentee, YEAR);
      const mentorBp = percentFor(d.mentor, YEAR);
      const menteeTarget = menteeBp === null || baseStudents === null ? null : targetCount(menteeBp, baseStudents);
      const mentorTarget = mentorBp === null || mentorBase === null ? null : targetCount(mentorBp, mentorBase);
      const students = figures.STUDENTS ?? baseStudents;
      const mentees = hasReport ? (figures.MENTEES_STUDENTS ?? 0) : null;
      const previousMentees = counted(previous) ? (previous!.figures.MENTEES_STUDENTS ?? 0) : null;
      const row: MonitoringFigures & { school: any; reportStatus: string } = {
        school: { id: s.id, code: s.code, name: s.name },
        reportStatus: report?.status ?? 'MISSING',
        students,
        baseStudents,
        mentorBase,
        mentees,
        mentors: hasReport ? (figures.MENTORS_STUDENTS ?? 0) : null,
        menteeTarget,
        mentorTarget,
        coveragePercent: coveragePercent(mentees, students),
        progressPercent: progressPercent(mentees, menteeTarget),
        previousMentees,
        menteesDelta: mentees === null || previousMentees === null ? null : mentees - previousMentees,
        status: monitoringStatus({ hasReport, mentees: mentees ?? 0, menteeTarget, quarter: QUARTER, expectedProgress: expected }),
        expectedProgressPercent: expected[QUARTER],
        ...(Object.fromEntries(BREAKDOWN_FIGURES.map((b) => [b.field, figures[b.code] ?? null])) as any),
      };
      return row;
    });
    // District totals: the domain's target plan gives the targets of the total base.
    const plan = buildTargetPlan({
      schools: schools.map((s) => ({ id: s.id, code: s.code, name: s.name })),
      enrollments: new Map(schools.map((s) => [s.id, f.enrollments.get(s.id)!])),
      menteeSchedule: d.mentee,
      mentorSchedule: d.mentor,
      fromYear: YEAR,
      toYear: YEAR,
    }).totals[0]!;
    const reported = rows.filter((r) => r.mentees !== null).length;
    const mentees = sum(rows.map((r) => r.mentees));
    const students = sum(rows.map((r) => r.students));
    const previousMentees = sum(rows.map((r) => r.previousMentees));
    const totals: MonitoringTotals = {
      schoolCount: rows.length,
      reportedSchoolCount: reported,
      notReportedSchoolCount: rows.length - reported,
      students,
      baseStudents: plan.students,
      mentorBase: plan.mentorBase,
      mentees,
      mentors: sum(rows.map((r) => r.mentors)),
      menteeTarget: plan.menteeTarget,
      mentorTarget: plan.mentorTarget,
      sumOfSchoolMenteeTargets: plan.sumOfSchoolMenteeTargets,
      sumOfSchoolMentorTargets: plan.sumOfSchoolMentorTargets,
      coveragePercent: coveragePercent(mentees, students),
      progressPercent: progressPercent(mentees, plan.menteeTarget),
      previousMentees,
      menteesDelta: mentees === null || previousMentees === null ? null : mentees - previousMentees,
      status: monitoringStatus({
        hasReport: reported > 0,
        mentees: mentees ?? 0,
        menteeTarget: plan.menteeTarget,
        quarter: QUARTER,
        expectedProgress: expected,
      }),
      expectedProgressPercent: expected[QUARTER],
      ...(Object.fromEntries(BREAKDOWN_FIGURES.map((b) => [b.field, sum(rows.map((r) => (r as any)[b.field]))])) as any),
    };
    districts.set(d.id, { district: d, totals, schools: rows, menteeBp: percentFor(d.mentee, YEAR), mentorBp: percentFor(d.mentor, YEAR) });
  }
  return districts;
}

describe('MonitoringComputation', () => {
  let database: TestDatabase;
  let owner: Client;
  let app: { db: TenantDatabase; close(): Promise<void> };
  let fixture: Fixture;
  let expected: Map<string, any>;
  const computation = new MonitoringComputation();
  const snapshots = new MonitoringSnapshotRepository();

  const compute = (scope: MonitoringScope, jobRunId: string | null = null) =>
    app.db.transaction(scopeOfJob(jobScopeOfMonitoring(scope)), (tx) =>
      computation.run(tx, { scope, year: YEAR, quarter: QUARTER, jobRunId }),
    );
  const readDistrict = (districtId: string) =>
    app.db.transaction(SYSTEM_SCOPE, () => snapshots.districtSnapshot(districtId, YEAR, QUARTER));
  const withoutRun = ({ computedAt, jobRunId, id, ...rest }: any) => ({
    ...rest,
    schools: rest.schools?.map(({ computedAt: _c, ...row }: any) => row),
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    owner = new Client({ connectionString: database.ownerUrl });
    await owner.connect();
    app = await connectTenantDatabase(database.appUrl);
    fixture = await seed(owner, 20240903);
    expected = reference(fixture);
  });
  afterAll(async () => {
    await app?.close();
    await owner?.end();
    await database?.drop();
  });

  it('computes every school row and district total of a district exactly as the domain does', async () => {
    const statuses = new Set<string>();
    for (const d of fixture.districts) {
      const result = await compute({ kind: 'DISTRICT', regionId: d.regionId, districtId: d.id });
      const ref = expected.get(d.id);
      expect(result).toEqual({ year: YEAR, quarter: QUARTER, districts: 1, schools: ref.schools.length, regions: 0 });
      const snapshot = (await readDistrict(d.id))!;
      expect(snapshot.schools.map(({ computedAt, regionId, districtId, year, quarter, ...row }) => row)).toEqual(ref.schools);
      expect(snapshot.totals).toEqual(ref.totals);
      for (const row of snapshot.schools) statuses.add(row.status);
    }
    // The generated data reaches every status, so every branch was compared.
    expect(statuses).toEqual(new Set(['NO_DATA', 'ACHIEVED', 'ON_TRACK', 'AT_RISK', 'BEHIND']));
    // And at least one district total differs from the sum of its school targets.
    const differs = [...expected.values()].some((d) => d.totals.menteeTarget !== d.totals.sumOfSchoolMenteeTargets);
    expect(differs).toBe(true);
  });

  it('computes a region: every district again, and region totals from the total base per schedule percent', async () => {
    const region = fixture.regions[0]!;
    const before = await Promise.all(fixture.districts.map((d) => readDistrict(d.id)));
    const result = await compute({ kind: 'REGION', regionId: region.id });
    const districts = fixture.districts.filter((d) => d.regionId === region.id);
    expect(result).toMatchObject({ districts: districts.length, regions: 1 });
    const after = await Promise.all(fixture.districts.map((d) => readDistrict(d.id)));
    expect(after.map(withoutRun)).toEqual(before.map(withoutRun));

    const snapshot = (await app.db.transaction(SYSTEM_SCOPE, () => snapshots.regionSnapshot(region.id, YEAR, QUARTER)))!;
    const refs = districts.map((d) => expected.get(d.id)).sort((a, b) => a.district.code.localeCompare(b.district.code));
    expect(snapshot.districts).toEqual(
      refs.map((r) => ({ ...r.totals, district: { id: r.district.id, code: r.district.code, name: r.district.name } })),
    );
    const sum = (xs: (number | null)[]) => xs.reduce<number | null>((s, x) => (x === null ? s : (s ?? 0) + x), null);
    // Districts on the same percent share one target from their summed base.
    const groups = new Map<number, number>();
    for (const r of refs)
      if (r.menteeBp !== null && r.totals.baseStudents !== null)
        groups.set(r.menteeBp, (groups.get(r.menteeBp) ?? 0) + r.totals.baseStudents);
    const menteeTarget = sum([...groups].map(([bp, base]) => targetCount(bp, base)));
    const mentees = sum(refs.map((r) => r.totals.mentees));
    const students = sum(refs.map((r) => r.totals.students));
    expect(snapshot.totals).toMatchObject({
      districtCount: refs.length,
      schoolCount: sum(refs.map((r) => r.totals.schoolCount)),
      students,
      mentees,
      menteeTarget,
      sumOfDistrictMenteeTargets: sum(refs.map((r) => r.totals.menteeTarget)),
      sumOfSchoolMenteeTargets: sum(refs.map((r) => r.totals.sumOfSchoolMenteeTargets)),
      coveragePercent: coveragePercent(mentees, students),
      progressPercent: progressPercent(mentees, menteeTarget),
      status: monitoringStatus({ hasReport: true, mentees: mentees ?? 0, menteeTarget, quarter: QUARTER }),
    });
  });

  it('computes every region at once with the same figures, and a re-run replaces the snapshots identically', async () => {
    const readAll = () =>
      app.db.transaction(SYSTEM_SCOPE, async () => {
        const districts = [];
        for (const d of fixture.districts) districts.push(await snapshots.districtSnapshot(d.id, YEAR, QUARTER));
        const regions = [];
        for (const r of fixture.regions) regions.push(await snapshots.regionSnapshot(r.id, YEAR, QUARTER));
        return { districts, regions };
      });
    const first = await compute({ kind: 'ALL' });
    expect(first).toMatchObject({ districts: fixture.districts.length, regions: fixture.regions.length });
    const once = await readAll();
    for (const d of fixture.districts) {
      const snapshot = once.districts.find((s) => s!.districtId === d.id)!;
      expect(snapshot.totals).toEqual(expected.get(d.id).totals);
    }
    await compute({ kind: 'ALL' });
    const twice = await readAll();
    expect(twice.districts.map(withoutRun)).toEqual(once.districts.map(withoutRun));
    expect(twice.regions.map(withoutRun)).toEqual(once.regions.map(withoutRun));
    // The national job's way: groups of regions in concurrent transactions, the same figures.
    const federal = scopeOfJob(jobScopeOfMonitoring({ kind: 'ALL' }));
    const parallel = await computation.runAllRegions(
      (work) => app.db.transaction(federal, work),
      { year: YEAR, quarter: QUARTER },
      undefined,
      2,
    );
    expect(parallel).toEqual({ ...first, year: YEAR, quarter: QUARTER });
    const thrice = await readAll();
    expect(thrice.districts.map(withoutRun)).toEqual(once.districts.map(withoutRun));
    expect(thrice.regions.map(withoutRun)).toEqual(once.regions.map(withoutRun));
    const [counts] = (
      await owner.query(`SELECT (SELECT count(*) FROM monitoring_snapshots)::int AS headers, (SELECT count(*) FROM monitoring_school_rows)::int AS schools,
      (SELECT count(*) FROM monitoring_district_rows)::int AS districts`)
    ).rows;
    expect(counts).toEqual({
      headers: fixture.districts.length + fixture.regions.length,
      schools: fixture.schools.filter((s) => s.active).length,
      districts: fixture.districts.length,
    });
  });

  it('lets overlapping runs take turns: concurrent district, region and national runs leave one consistent snapshot each', async () => {
    const d = fixture.districts[0]!;
    await Promise.all([
      compute({ kind: 'DISTRICT', regionId: d.regionId, districtId: d.id }),
      compute({ kind: 'REGION', regionId: d.regionId }),
      compute({ kind: 'DISTRICT', regionId: d.regionId, districtId: d.id }),
      compute({ kind: 'ALL' }),
      compute({ kind: 'REGION', regionId: d.regionId }),
    ]);
    const snapshot = (await readDistrict(d.id))!;
    expect(snapshot.totals).toEqual(expected.get(d.id).totals);
    const [rows] = (await owner.query(`SELECT count(*)::int AS n FROM monitoring_school_rows WHERE district_id = $1`, [d.id])).rows;
    expect(rows.n).toBe(expected.get(d.id).schools.length);
  });

  it('keeps a snapshot to the schools of the district: a school that closed or moved loses its row, one that arrived gains one', async () => {
    const [a, b] = fixture.districts.filter((d) => d.regionId === fixture.regions[0]!.id);
    await compute({ kind: 'DISTRICT', regionId: a!.regionId, districtId: a!.id });
    await compute({ kind: 'DISTRICT', regionId: b!.regionId, districtId: b!.id });
    const schoolsOf = async (districtId: string) =>
      (
        await owner.query(
          `SELECT school_id FROM monitoring_school_rows WHERE district_id = $1 AND year = $2 AND quarter = $3 ORDER BY school_id`,
          [districtId, YEAR, QUARTER],
        )
      ).rows.map((r) => r.school_id);
    const active = (districtId: string) => fixture.schools.filter((s) => s.districtId === districtId && s.active);
    const [closing, moving] = active(a!.id);
    await owner.query(`UPDATE schools SET active = false WHERE id = $1`, [closing!.id]);
    await owner.query(`UPDATE schools SET district_id = $2 WHERE id = $1`, [moving!.id, b!.id]);
    try {
      const resultA = await compute({ kind: 'DISTRICT', regionId: a!.regionId, districtId: a!.id });
      const resultB = await compute({ kind: 'DISTRICT', regionId: b!.regionId, districtId: b!.id });
      const expectedA = active(a!.id)
        .filter((s) => s.id !== closing!.id && s.id !== moving!.id)
        .map((s) => s.id)
        .sort();
      const expectedB = [...active(b!.id).map((s) => s.id), moving!.id].sort();
      expect(await schoolsOf(a!.id)).toEqual(expectedA);
      expect(await schoolsOf(b!.id)).toEqual(expectedB);
      expect(resultA.schools).toBe(expectedA.length);
      expect(resultB.schools).toBe(expectedB.length);
      const headerA = (await readDistrict(a!.id))!;
      expect(headerA.totals.schoolCount).toBe(expectedA.length);
      expect(headerA.schools.map((s) => s.school.id).sort()).toEqual(expectedA);
    } finally {
      await owner.query(`UPDATE schools SET active = true WHERE id = $1`, [closing!.id]);
      await owner.query(`UPDATE schools SET district_id = $2 WHERE id = $1`, [moving!.id, a!.id]);
    }
  });

  it('runs in the job scope: a district scope neither reads nor writes another district', async () => {
    const [a, b] = fixture.districts;
    await owner.query(`DELETE FROM monitoring_snapshots WHERE district_id = $1`, [b!.id]);
    const foreign = { kind: 'DISTRICT' as const, regionId: b!.regionId, districtId: b!.id };
    await expect(
      app.db.transaction(scopeOfJob(jobScopeOfMonitoring({ kind: 'DISTRICT', regionId: a!.regionId, districtId: a!.id })), (tx) =>
        computation.run(tx, { scope: foreign, year: YEAR, quarter: QUARTER }),
      ),
    ).rejects.toThrow(/outside the job's scope/);
    const [row] = (await owner.query(`SELECT count(*)::int AS n FROM monitoring_snapshots WHERE district_id = $1`, [b!.id])).rows;
    expect(row.n).toBe(0);
    // A district scope reaches no region snapshot either.
    const regionScope = { kind: 'REGION' as const, regionId: a!.regionId };
    await expect(
      app.db.transaction(scopeOfJob(jobScopeOfMonitoring({ kind: 'DISTRICT', regionId: a!.regionId, districtId: a!.id })), (tx) =>
        computation.run(tx, { scope: regionScope, year: YEAR, quarter: QUARTER }),
      ),
    ).rejects.toThrow(/row-level security|outside the job's scope/);
  });
});
