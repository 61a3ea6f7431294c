import { Client } from 'pg';
import { Role, SYSTEM_SCOPE, TenantDatabase, TenantScope, TenantTransaction } from '@mm/database';
import { connectTenantDatabase, createTestDatabase, TestDatabase } from '@mm/testing';
import { EnrollmentRepository } from './enrollment.repository';
import { seedDefaultSchedule, TargetScheduleRepository } from './target-schedule.repository';
import { TargetPlanLoader } from './target-plan.loader';

/**
 * The planning repositories against a real Postgres as the runtime role (RLS on): effective
 * schedules with district overrides, set-based loading of many districts, enrollment upserts.
 */
describe('planning repositories (medium)', () => {
  let database: TestDatabase;
  let owner: Client;
  let db: TenantDatabase;
  let close: () => Promise<void>;
  const schedules = new TargetScheduleRepository();
  const enrollments = new EnrollmentRepository();
  const loader = new TargetPlanLoader();

  // Region R1 with districts D1 (no override), D2 (MENTEE_COVERAGE override), D3 (no schools);
  // region R2 with D4 and no default schedule at all.
  const ids: Record<string, string> = {};
  const sql = async (text: string, params: unknown[] = []) => (await owner.query(text, params)).rows;
  const as = <T>(scope: TenantScope, work: (tx: TenantTransaction) => Promise<T>) => db.transaction(scope, work);
  const coordinator = (district: string): TenantScope => ({
    role: Role.DISTRICT_COORDINATOR,
    userId: null,
    regionId: ids.R1!,
    districtId: ids[district]!,
    schoolId: null,
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    owner = new Client({ connectionString: database.ownerUrl });
    await owner.connect();
    ({ db, close } = await connectTenantDatabase(database.appUrl));
    for (const region of ['R1', 'R2']) {
      [{ id: ids[region] }] = await sql(`INSERT INTO regions (code, name) VALUES ($1, $1) RETURNING id`, [region]);
    }
    for (const [district, region] of [
      ['D1', 'R1'],
      ['D2', 'R1'],
      ['D3', 'R1'],
      ['D4', 'R2'],
    ] as const) {
      [{ id: ids[district] }] = await sql(`INSERT INTO districts (region_id, code, name) VALUES ($1, $2, $2) RETURNING id`, [
        ids[region],
        district,
      ]);
    }
    // Codes inserted out of order: plans list schools by code.
    for (const [school, district, region] of [
      ['S12', 'D1', 'R1'],
      ['S11', 'D1', 'R1'],
      ['S21', 'D2', 'R1'],
      ['S41', 'D4', 'R2'],
    ] as const) {
      [{ id: ids[school] }] = await sql(`INSERT INTO schools (region_id, district_id, code, name) VALUES ($1, $2, $3, $3) RETURNING id`, [
        ids[region],
        ids[district],
        school,
      ]);
    }
    const enrol = (school: string, district: string, region: string, year: number, students: number, mentorBase: number | null) =>
      sql(`INSERT INTO enrollments (region_id, district_id, school_id, year, students, mentor_base) VALUES ($1, $2, $3, $4, $5, $6)`, [
        ids[region],
        ids[district],
        ids[school],
        year,
        students,
        mentorBase,
      ]);
    await enrol('S11', 'D1', 'R1', 2020, 415, 145);
    await enrol('S12', 'D1', 'R1', 2020, 96, null);
    await enrol('S12', 'D1', 'R1', 2022, 110, null);
    await enrol('S21', 'D2', 'R1', 2020, 1205, 450);
    await enrol('S41', 'D4', 'R2', 2020, 50, 20);
    await as(SYSTEM_SCOPE, (tx) => seedDefaultSchedule(tx, ids.R1!));
    await sql(
      `INSERT INTO target_schedule_points (region_id, district_id, indicator, year, percent_bp) VALUES
         ($1, $2, 'MENTEE_COVERAGE', 2024, 7250), ($1, $2, 'MENTEE_COVERAGE', 2025, 7500)`,
      [ids.R1, ids.D2],
    );
  });

  afterAll(async () => {
    await close?.();
    await owner?.end();
    await database?.drop();
  });

  it('seeds the default schedule of a region once, keeping years it already has', async () => {
    const points = () =>
      sql(
        `SELECT indicator, year, percent_bp FROM target_schedule_points WHERE region_id = $1 AND district_id IS NULL ORDER BY indicator, year`,
        [ids.R2],
      );
    await sql(`INSERT INTO target_schedule_points (region_id, indicator, year, percent_bp) VALUES ($1, 'MENTEE_COVERAGE', 2024, 6500)`, [
      ids.R2,
    ]);
    await as({ role: Role.ADMIN, userId: null, regionId: null, districtId: null, schoolId: null }, (tx) =>
      seedDefaultSchedule(tx, ids.R2!),
    );
    await as(SYSTEM_SCOPE, (tx) => seedDefaultSchedule(tx, ids.R2!));
    expect(await points()).toEqual([
      { indicator: 'MENTEE_COVERAGE', year: 2020, percent_bp: 1000 },
      { indicator: 'MENTEE_COVERAGE', year: 2021, percent_bp: 2500 },
      { indicator: 'MENTEE_COVERAGE', year: 2022, percent_bp: 4000 },
      { indicator: 'MENTEE_COVERAGE', year: 2023, percent_bp: 5500 },
      { indicator: 'MENTEE_COVERAGE', year: 2024, percent_bp: 6500 },
      { indicator: 'STUDENT_MENTORS', year: 2020, percent_bp: 200 },
      { indicator: 'STUDENT_MENTORS', year: 2021, percent_bp: 400 },
      { indicator: 'STUDENT_MENTORS', year: 2022, percent_bp: 600 },
      { indicator: 'STUDENT_MENTORS', year: 2023, percent_bp: 800 },
      { indicator: 'STUDENT_MENTORS', year: 2024, percent_bp: 1000 },
    ]);
    await sql(`DELETE FROM target_schedule_points WHERE region_id = $1`, [ids.R2]);
  });

  it('gives a district its override of an indicator as a whole, and the region default otherwise', async () => {
    const effective = await as(SYSTEM_SCOPE, () => schedules.effectiveSchedules([ids.D1!, ids.D2!, ids.D4!]));
    expect(effective.get(ids.D1!)).toEqual({
      MENTEE_COVERAGE: {
        source: 'REGION_DEFAULT',
        schedule: {
          indicator: 'MENTEE_COVERAGE',
          points: [2020, 2021, 2022, 2023, 2024].map((year, i) => ({ year, percentBp: [1000, 2500, 4000, 5500, 7000][i] })),
        },
      },
      STUDENT_MENTORS: {
        source: 'REGION_DEFAULT',
        schedule: {
          indicator: 'STUDENT_MENTORS',
          points: [2020, 2021, 2022, 2023, 2024].map((year, i) => ({ year, percentBp: [200, 400, 600, 800, 1000][i] })),
        },
      },
    });
    // D2's override has no 2020–2023: those years have no mentee target (not the region's 10–55 %).
    expect(effective.get(ids.D2!)!.MENTEE_COVERAGE).toEqual({
      source: 'DISTRICT_OVERRIDE',
      schedule: {
        indicator: 'MENTEE_COVERAGE',
        points: [
          { year: 2024, percentBp: 7250 },
          { year: 2025, percentBp: 7500 },
        ],
      },
    });
    expect(effective.get(ids.D2!)!.STUDENT_MENTORS.source).toBe('REGION_DEFAULT');
    expect(effective.get(ids.D2!)!.STUDENT_MENTORS.schedule.points).toHaveLength(5);
    // A region without a default: nothing planned.
    expect(effective.get(ids.D4!)!.MENTEE_COVERAGE).toEqual({
      source: 'REGION_DEFAULT',
      schedule: { indicator: 'MENTEE_COVERAGE', points: [] },
    });
  });

  it("replaces a district's override and falls back to the region default when it is emptied", async () => {
    const place = { districtId: ids.D1!, regionId: ids.R1! };
    const first = await as(coordinator('D1'), () =>
      schedules.replaceDistrictOverride(place, { indicator: 'STUDENT_MENTORS', points: [{ year: 2030, percentBp: 1225 }] }, null),
    );
    expect(first).toEqual([]);
    const overridden = await as(coordinator('D1'), () => schedules.effectiveSchedules([ids.D1!]));
    expect(overridden.get(ids.D1!)!.STUDENT_MENTORS).toEqual({
      source: 'DISTRICT_OVERRIDE',
      schedule: { indicator: 'STUDENT_MENTORS', points: [{ year: 2030, percentBp: 1225 }] },
    });
    expect(overridden.get(ids.D1!)!.MENTEE_COVERAGE.source).toBe('REGION_DEFAULT');
    const removed = await as(coordinator('D1'), () =>
      schedules.replaceDistrictOverride(place, { indicator: 'STUDENT_MENTORS', points: [] }, null),
    );
    expect(removed).toEqual([{ year: 2030, percentBp: 1225 }]);
    const back = await as(coordinator('D1'), () => schedules.effectiveSchedules([ids.D1!]));
    expect(back.get(ids.D1!)!.STUDENT_MENTORS.source).toBe('REGION_DEFAULT');
    expect(back.get(ids.D1!)!.STUDENT_MENTORS.schedule.points).toHaveLength(5);
  });

  it('lets the database refuse a coordinator writing the region default or another district (RLS)', async () => {
    await expect(
      as(coordinator('D1'), () =>
        schedules.replaceRegionDefault(ids.R1!, { indicator: 'MENTEE_COVERAGE', points: [{ year: 2020, percentBp: 1 }] }, null),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      as(coordinator('D1'), () =>
        schedules.replaceDistrictOverride(
          { districtId: ids.D2!, regionId: ids.R1! },
          { indicator: 'MENTEE_COVERAGE', points: [{ year: 2020, percentBp: 1 }] },
          null,
        ),
      ),
    ).rejects.toThrow(/row-level security/);
    expect(await sql(`SELECT count(*)::int AS n FROM target_schedule_points WHERE percent_bp = 1`)).toEqual([{ n: 0 }]);
  });

  it('loads the plans of every district of a region in a fixed number of queries', async () => {
    // Counts the statements the loader sends through the transaction it takes from the context.
    const counted = async (work: () => Promise<unknown>) => {
      const spy = jest.spyOn(TenantTransaction.prototype, 'query');
      try {
        const result = await as(SYSTEM_SCOPE, () => work());
        return { result, queries: spy.mock.calls.length };
      } finally {
        spy.mockRestore();
      }
    };
    const region = await counted(() => loader.regionPlans(ids.R1!, { fromYear: 2020, toYear: 2025 }));
    const one = await counted(() => loader.districtPlans([ids.D1!], { fromYear: 2020, toYear: 2025 }));
    expect(region.queries).toBe(4); // districts, effective schedules, schools, enrollments
    expect(one.queries).toBe(region.queries);

    const plans = region.result as Awaited<ReturnType<TargetPlanLoader['regionPlans']>>;
    expect(plans.map((p) => p.district.code)).toEqual(['D1', 'D2', 'D3']);
    const [d1, d2, d3] = plans;
    expect(d1!.rows.map((row) => row.school.code)).toEqual(['S11', 'S12']);
    // S11 carries 2020 (415/145) to 2025; S12 has no mentor base: its students are used.
    //   2024: 70 % × 415 = 290.5 → 291; 10 % × 145 = 14.5 → 15.   S12 2022: 40 % × 110 = 44; 6 % × 110 = 6.6 → 7.
    expect(d1!.rows[0]!.cells[4]).toEqual({ year: 2024, students: 415, mentorBase: 145, menteeTarget: 291, mentorTarget: 15 });
    expect(d1!.rows[1]!.cells.slice(0, 3)).toEqual([
      { year: 2020, students: 96, mentorBase: 96, menteeTarget: 10, mentorTarget: 2 }, // 9.6 → 10; 1.92 → 2
      { year: 2021, students: 96, mentorBase: 96, menteeTarget: 24, mentorTarget: 4 }, // 24; 3.84 → 4
      { year: 2022, students: 110, mentorBase: 110, menteeTarget: 44, mentorTarget: 7 },
    ]);
    // 2025 is beyond the region default: bases, no targets.
    expect(d1!.totals[5]).toEqual({
      year: 2025,
      students: 525,
      mentorBase: 255,
      menteeTarget: null,
      mentorTarget: null,
      sumOfSchoolMenteeTargets: null,
      sumOfSchoolMentorTargets: null,
    });
    // D2 follows its override: no mentee target before 2024; 72.5 % × 1205 = 873.625 → 874; 75 % → 903.75 → 904.
    expect(d2!.rows[0]!.cells.map((c) => c.menteeTarget)).toEqual([null, null, null, null, 874, 904]);
    expect(d2!.rows[0]!.cells.map((c) => c.mentorTarget)).toEqual([9, 18, 27, 36, 45, null]); // 2 % × 450 = 9 … 10 % = 45
    expect(d2!.schedules.MENTEE_COVERAGE.source).toBe('DISTRICT_OVERRIDE');
    expect(d3!.rows).toEqual([]);
    expect(d3!.totals[0]).toMatchObject({ students: null, menteeTarget: null });
  });

  it('runs the plan to the end of the schedules when no last year is given', async () => {
    const plans = await as(SYSTEM_SCOPE, () => loader.regionPlans(ids.R1!, { fromYear: 2022 }));
    expect(plans.map((p) => [p.fromYear, p.toYear])).toEqual([
      [2022, 2025],
      [2022, 2025],
      [2022, 2025],
    ]); // D2's override reaches 2025
  });

  it('shows a coordinator only its own district, and a curator its school with its district override', async () => {
    const plans = await as(coordinator('D1'), () => loader.districtPlans([ids.D1!, ids.D2!], { fromYear: 2020, toYear: 2024 }));
    expect(plans.map((p) => p.district.code)).toEqual(['D1']);
    const curator: TenantScope = { role: Role.SCHOOL_CURATOR, userId: null, regionId: ids.R1!, districtId: ids.D2!, schoolId: ids.S21! };
    const own = await as(curator, () => loader.schoolPlan(ids.S21!, { fromYear: 2023, toYear: 2025 }));
    expect(own!.cells).toEqual([
      { year: 2023, students: 1205, mentorBase: 450, menteeTarget: null, mentorTarget: 36 },
      { year: 2024, students: 1205, mentorBase: 450, menteeTarget: 874, mentorTarget: 45 },
      { year: 2025, students: 1205, mentorBase: 450, menteeTarget: 904, mentorTarget: null },
    ]);
    expect(await as(curator, () => loader.schoolPlan(ids.S11!, { fromYear: 2023, toYear: 2025 }))).toBeNull();
  });

  it('upserts many enrollments in one statement, touching only rows that change', async () => {
    const scope = coordinator('D1');
    const before = await as(scope, () =>
      enrollments.findPairs([
        { schoolId: ids.S11!, year: 2020 },
        { schoolId: ids.S12!, year: 2020 },
      ]),
    );
    expect(before.map((r) => [r.year, r.students, r.mentorBase, r.version])).toEqual(
      expect.arrayContaining([
        [2020, 415, 145, 1],
        [2020, 96, null, 1],
      ]),
    );
    const changed = await as(scope, () =>
      enrollments.upsertMany(
        [
          { schoolId: ids.S11!, year: 2020, students: 415, mentorBase: 145 }, // unchanged
          { schoolId: ids.S12!, year: 2020, students: 96, mentorBase: 40 }, // mentor base added
          { schoolId: ids.S11!, year: 2023, students: 430, mentorBase: 150 }, // new
        ],
        null,
      ),
    );
    expect(changed.map((r) => [r.schoolId === ids.S11 ? 'S11' : 'S12', r.year, r.students, r.mentorBase, r.version]).sort()).toEqual([
      ['S11', 2023, 430, 150, 1],
      ['S12', 2020, 96, 40, 2],
    ]);
    const rows = await sql(`SELECT region_id, district_id FROM enrollments WHERE school_id = $1 AND year = 2023`, [ids.S11]);
    expect(rows).toEqual([{ region_id: ids.R1, district_id: ids.D1 }]);
    const history = await as(scope, () => enrollments.historyOfSchool(ids.S11!));
    expect(history.map((r) => r.year)).toEqual([2020, 2023]);
    // The database refuses a mentor base above the students whatever the caller checked.
    await expect(
      as(scope, () => enrollments.upsert({ schoolId: ids.S11!, year: 2024, students: 10, mentorBase: 11 }, null)),
    ).rejects.toThrow(/check constraint/);
  });
});
