import { Client } from 'pg';
import { Role, TenantDatabase, TenantScope } from '@mm/database';
import { templateStages } from '@mm/domain';
import { connectTenantDatabase, createTestDatabase, TestDatabase } from '@mm/testing';
import { pgErrorCode, PG_INSUFFICIENT_PRIVILEGE } from '../../engine/errors';
import { RoadmapMatrixReader } from '@mm/roadmap';
import { RoadmapRepository, RoadmapRow, StageRow } from './roadmap.repository';

// A cloned database per file and a real pool: give a loaded machine time.
jest.setTimeout(60_000);

const USER = '00000000-0000-4000-8000-000000000001';

/**
 * The second lock under the guards: the RLS policies of the roadmap tables, exercised as the
 * runtime role with each role's scope, and the set-based queries the service relies on.
 */
describe('RoadmapRepository (medium, real Postgres as the app role)', () => {
  let database: TestDatabase;
  let owner: Client;
  let app: { db: TenantDatabase; close(): Promise<void> };
  const repo = new RoadmapRepository();
  const matrix = new RoadmapMatrixReader();
  let regionId: string;
  let districtA: string;
  let districtB: string;
  let schoolA1: string;
  let schoolA2: string;
  let schoolB1: string;
  let roadmap: RoadmapRow;
  let stages: StageRow[];

  const coordinator = (districtId: string): TenantScope => ({
    role: Role.DISTRICT_COORDINATOR,
    userId: USER,
    regionId,
    districtId,
    schoolId: null,
  });
  const curator = (districtId: string, schoolId: string): TenantScope => ({
    role: Role.SCHOOL_CURATOR,
    userId: USER,
    regionId,
    districtId,
    schoolId,
  });
  const attempt = (scope: TenantScope, sql: string, params: unknown[]) =>
    app.db
      .transaction(scope, (tx) => tx.query(sql, params))
      .then(
        (rows) => rows,
        (e) => pgErrorCode(e),
      );

  beforeAll(async () => {
    database = await createTestDatabase();
    owner = new Client({ connectionString: database.ownerUrl });
    await owner.connect();
    regionId = (await owner.query(`INSERT INTO regions (code, name) VALUES ('R-RM', 'Регион') RETURNING id`)).rows[0].id;
    const district = async (code: string) =>
      (await owner.query(`INSERT INTO districts (region_id, code, name) VALUES ($1, $2, $2) RETURNING id`, [regionId, code])).rows[0]
        .id as string;
    const school = async (districtId: string, code: string) =>
      (
        await owner.query(`INSERT INTO schools (region_id, district_id, code, name) VALUES ($1, $2, $3, $3) RETURNING id`, [
          regionId,
          districtId,
          code,
        ])
      ).rows[0].id as string;
    districtA = await district('D-A');
    districtB = await district('D-B');
    schoolA1 = await school(districtA, 'S-A1');
    schoolA2 = await school(districtA, 'S-A2');
    schoolB1 = await school(districtB, 'S-B1');
    app = await connectTenantDatabase(database.appUrl);
    [roadmap, stages] = await app.db.transaction(coordinator(districtA), async () => {
      const inserted = await repo.insertRoadmap({ regionId, districtId: districtA, schoolYear: 2025, title: 'Карта', userId: USER });
      return [inserted, await repo.insertStages(inserted, templateStages(2025), USER)] as const;
    });
  });

  afterAll(async () => {
    await app?.close();
    await owner?.end();
    await database?.drop();
  });

  it('stores the stages of a roadmap in one statement, dates as written', () => {
    expect(stages.map((s) => [s.position, s.code, s.deadline])).toEqual(templateStages(2025).map((s) => [s.position, s.code, s.deadline]));
    expect(stages.every((s) => s.regionId === regionId && s.districtId === districtA && s.roadmapId === roadmap.id)).toBe(true);
  });

  it("lets the district's curators read its roadmap and stages, and nobody of another district", async () => {
    const read = (scope: TenantScope) =>
      app.db.transaction(scope, async () => [await matrix.findRoadmap(districtA, 2025), (await matrix.listStages(roadmap.id)).length]);
    expect(await read(curator(districtA, schoolA2))).toEqual([expect.objectContaining({ id: roadmap.id }), 7]);
    expect(await read(coordinator(districtB))).toEqual([null, 0]);
    expect(await read(curator(districtB, schoolB1))).toEqual([null, 0]);
  });

  it('refuses curators and other districts writing roadmaps and stages', async () => {
    expect(
      await attempt(
        curator(districtA, schoolA1),
        `INSERT INTO roadmaps (region_id, district_id, school_year, title) VALUES ($1, $2, 2026, 'x')`,
        [regionId, districtA],
      ),
    ).toBe(PG_INSUFFICIENT_PRIVILEGE);
    expect(
      await attempt(
        coordinator(districtB),
        `INSERT INTO roadmaps (region_id, district_id, school_year, title) VALUES ($1, $2, 2026, 'x')`,
        [regionId, districtA],
      ),
    ).toBe(PG_INSUFFICIENT_PRIVILEGE);
    // An UPDATE the policy hides touches no row.
    await attempt(curator(districtA, schoolA1), `UPDATE roadmap_stages SET title = 'x' WHERE roadmap_id = $1`, [roadmap.id]);
    await attempt(coordinator(districtB), `UPDATE roadmap_stages SET title = 'x' WHERE roadmap_id = $1`, [roadmap.id]);
    expect((await owner.query(`SELECT count(*)::int AS n FROM roadmap_stages WHERE title = 'x'`)).rows[0].n).toBe(0);
  });

  it("keeps each school's completions to that school and its district", async () => {
    const [stage] = stages;
    const evidence = { documentNumber: '1', documentDate: '2025-09-15', note: null, link: null };
    await app.db.transaction(curator(districtA, schoolA1), () => repo.insertCompletion(stage!, schoolA1, evidence, USER));
    // A curator completing for another school of the district is refused by the database too.
    expect(
      await app.db
        .transaction(curator(districtA, schoolA1), () => repo.insertCompletion(stage!, schoolA2, evidence, USER))
        .catch((e) => pgErrorCode(e)),
    ).toBe(PG_INSUFFICIENT_PRIVILEGE);
    const visible = (scope: TenantScope) =>
      app.db.transaction(scope, async (tx) =>
        (await tx.query(`SELECT school_id FROM roadmap_stage_completions`)).map((r: any) => r.school_id),
      );
    expect(await visible(curator(districtA, schoolA1))).toEqual([schoolA1]);
    expect(await visible(curator(districtA, schoolA2))).toEqual([]);
    expect(await visible(coordinator(districtA))).toEqual([schoolA1]);
    expect(await visible(coordinator(districtB))).toEqual([]);
  });

  it('tallies, lists the matrix and counts behind-schedule stages set-based', async () => {
    const result = await app.db.transaction(coordinator(districtA), async () => ({
      tallies: await repo.tallyStages(roadmap.id),
      cells: await matrix.matrixCells(roadmap),
      behind: await repo.behindScheduleBySchool([schoolA1, schoolA2, schoolB1], 2025, '2025-10-16'),
      schools: await repo.countActiveSchools(districtA),
    }));
    expect(result.schools).toBe(2);
    expect(result.tallies.find((t) => t.stageId === stages[0]!.id)).toEqual({ stageId: stages[0]!.id, done: 1, rejected: 0 });
    expect(result.tallies.filter((t) => t.done + t.rejected === 0)).toHaveLength(6);
    expect(result.cells).toHaveLength(14);
    expect(result.cells.filter((c) => c.completion).map((c) => [c.schoolId, c.stageId, c.completion!.schoolId])).toEqual([
      [schoolA1, stages[0]!.id, schoolA1],
    ]);
    // I (30.09) and II (15.10) are past on 16.10; school A1 did I. School B1 is not visible to this district.
    expect([...result.behind.entries()].sort()).toEqual(
      [
        [schoolA1, 1],
        [schoolA2, 2],
      ].sort(),
    );
  });
});
