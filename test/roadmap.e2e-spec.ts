import { Clock } from '../apps/api/src/modules/roadmap/clock';
import { createOrg, FIXTURE_PASSWORD, OrgFixture } from './harness/fixtures';
import { errorCode, GraphqlResult, Platform, startPlatform } from './harness/platform';

const STAGE_FIELDS = `id roadmapId position code title description deadline evidenceRequired version counts { done due overdue rejected total }`;
const ROADMAP_FIELDS = `id regionId districtId schoolYear title version asOf schoolCount stages { ${STAGE_FIELDS} }`;
const COMPLETION_FIELDS = `id stageId schoolId state documentNumber documentDate note link completedBy completedAt reviewedBy reviewedAt reviewComment version`;
const SCHOOL_STAGE_FIELDS = `stageId position code title deadline evidenceRequired state completion { ${COMPLETION_FIELDS} }`;

const PUBLISH = `mutation($input: PublishRoadmapInput!) { publishRoadmap(input: $input) { ${ROADMAP_FIELDS} } }`;
const UPDATE = `mutation($input: UpdateRoadmapStageInput!) { updateRoadmapStage(input: $input) { ${STAGE_FIELDS} } }`;
const COMPLETE = `mutation($input: CompleteRoadmapStageInput!) { completeRoadmapStage(input: $input) { ${SCHOOL_STAGE_FIELDS} } }`;
const REJECT = `mutation($input: RejectRoadmapStageInput!) { rejectRoadmapStage(input: $input) { ${SCHOOL_STAGE_FIELDS} } }`;
const ROADMAP = `query($districtId: ID!, $schoolYear: Int!) { roadmap(districtId: $districtId, schoolYear: $schoolYear) { ${ROADMAP_FIELDS} } }`;
const MATRIX = `query($districtId: ID!, $schoolYear: Int!) { roadmapMatrix(districtId: $districtId, schoolYear: $schoolYear) {
  roadmap { ${ROADMAP_FIELDS} }
  rows { school { id code name } cells { stageId code deadline state completion { state completedAt documentNumber documentDate reviewedAt reviewComment } }
         summary { done due overdue rejected total } }
} }`;
const SCHOOL_ROADMAP = `query($schoolId: ID!, $schoolYear: Int!) { schoolRoadmap(schoolId: $schoolId, schoolYear: $schoolYear) {
  roadmapId schoolYear title asOf school { id code } stages { ${SCHOOL_STAGE_FIELDS} } summary { done due overdue rejected total }
} }`;

const YEAR = 2025;

function fields(result: GraphqlResult): string[] {
  return [...new Set((result.errors?.[0]?.extensions?.fields ?? []).map((f) => f.field))].sort();
}

/**
 * Roadmaps over HTTP: the district publishes (template or its own stages) and edits, schools
 * complete with evidence, the district rejects; states are computed against a fixed clock (the
 * Clock provider's today() is replaced), and every refusal leaves the database untouched.
 */
describe('roadmap (e2e)', () => {
  let platform: Platform;
  let today: jest.SpyInstance<string, []>;
  let org: OrgFixture;
  let other: OrgFixture;
  const tokens: Record<string, string> = {};
  let stages: { id: string; code: string; deadline: string; evidenceRequired: boolean; version: number }[];

  const setToday = (date: string) => today.mockReturnValue(date);
  const stage = (code: string) => stages.find((s) => s.code === code)!;
  const auditCount = async (operation: string) =>
    Number((await platform.sql(`SELECT count(*) AS n FROM audit_log WHERE operation = $1`, [operation]))[0].n);
  const completionCount = async () => Number((await platform.sql(`SELECT count(*) AS n FROM roadmap_stage_completions`))[0].n);

  beforeAll(async () => {
    platform = await startPlatform();
    today = jest.spyOn(platform.app.get(Clock), 'today');
    setToday('2025-09-10');
    org = await createOrg(platform, 'RM', 3);
    other = await createOrg(platform, 'RMX', 1);
    const login = (email: string) => platform.login(email, FIXTURE_PASSWORD);
    tokens.coordinator = await login(org.coordinator.email);
    tokens.authority = await login(org.authority.email);
    [tokens.curator1, tokens.curator2, tokens.curator3] = await Promise.all(org.curators.map((c) => login(c.email)));
    tokens.otherCoordinator = await login(other.coordinator.email);
    tokens.otherCurator = await login(other.curators[0]!.email);
    tokens.otherAuthority = await login(other.authority.email);
    tokens.admin = await platform.adminToken();
  }, 90_000);
  afterAll(async () => {
    today?.mockRestore();
    await platform?.close();
  }, 30_000);

  describe('publishing', () => {
    it('publishes the seven-stage template with deadlines over the school year, and audits it', async () => {
      const result = await platform.gql(PUBLISH, { input: { districtId: org.districtId, schoolYear: YEAR } }, tokens.coordinator);
      expect(result.errors).toBeUndefined();
      const roadmap = result.data.publishRoadmap;
      expect(roadmap).toMatchObject({
        districtId: org.districtId,
        regionId: org.regionId,
        schoolYear: YEAR,
        title: 'Дорожная карта внедрения целевой модели наставничества на 2025/2026 учебный год',
        version: 1,
        asOf: '2025-09-10',
        schoolCount: 3,
      });
      expect(roadmap.stages.map((s: any) => [s.position, s.code, s.title, s.deadline, s.evidenceRequired])).toEqual([
        [1, 'I', 'Подготовка условий для запуска программы наставничества', '2025-09-30', true],
        [2, 'II', 'Формирование базы наставляемых', '2025-10-15', true],
        [3, 'III', 'Формирование базы наставников', '2025-10-31', true],
        [4, 'IV', 'Отбор и обучение наставников', '2025-11-30', true],
        [5, 'V', 'Формирование наставнических пар/групп', '2025-12-15', true],
        [6, 'VI', 'Организация работы наставнических пар/групп', '2026-04-30', false],
        [7, 'VII', 'Завершение программы наставничества', '2026-05-31', true],
      ]);
      for (const s of roadmap.stages) {
        expect(s.description.length).toBeGreaterThan(40);
        expect(s.counts).toEqual({ done: 0, due: 3, overdue: 0, rejected: 0, total: 3 });
      }
      stages = roadmap.stages;

      const audit = await platform.sql(
        `SELECT actor_user_id, district_id, target_ids, details FROM audit_log WHERE operation = 'publishRoadmap'`,
      );
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_user_id: org.coordinator.id, district_id: org.districtId, target_ids: [roadmap.id] });
      expect(audit[0].details).toMatchObject({ schoolYear: YEAR, fromTemplate: true });
      expect(audit[0].details.stages).toHaveLength(7);
    });

    it('refuses a second roadmap for the same district and school year with CONFLICT', async () => {
      const again = await platform.gql(PUBLISH, { input: { districtId: org.districtId, schoolYear: YEAR } }, tokens.coordinator);
      expect(errorCode(again)).toBe('CONFLICT');
      expect(fields(again)).toEqual(['schoolYear']);
      expect(await platform.sql(`SELECT count(*)::int AS n FROM roadmaps WHERE district_id = $1`, [org.districtId])).toEqual([{ n: 1 }]);
      expect(await auditCount('publishRoadmap')).toBe(1);
    });

    it('publishes custom stages: codes default to Roman numerals, a code of its own is kept', async () => {
      const result = await platform.gql(
        PUBLISH,
        {
          input: {
            districtId: other.districtId,
            schoolYear: YEAR,
            title: '  Дорожная карта района  ',
            stages: [
              { title: 'Приказ о внедрении', deadline: '2025-09-01', evidenceRequired: true },
              { code: 'Д-1', title: 'Собрание родителей', description: 'Информирование', deadline: '2026-08-31', evidenceRequired: false },
              { title: 'Итоги', deadline: '2026-06-01', evidenceRequired: true },
            ],
          },
        },
        tokens.otherCoordinator,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data.publishRoadmap.title).toBe('Дорожная карта района');
      expect(
        result.data.publishRoadmap.stages.map((s: any) => [s.position, s.code, s.title, s.description, s.deadline, s.evidenceRequired]),
      ).toEqual([
        [1, 'I', 'Приказ о внедрении', '', '2025-09-01', true],
        [2, 'Д-1', 'Собрание родителей', 'Информирование', '2026-08-31', false],
        [3, 'III', 'Итоги', '', '2026-06-01', true],
      ]);
    });

    it('refuses deadlines outside the school year and duplicate codes, naming every field, storing nothing', async () => {
      const before = await auditCount('publishRoadmap');
      const result = await platform.gql(
        PUBLISH,
        {
          input: {
            districtId: org.districtId,
            schoolYear: 2026,
            stages: [
              { title: 'Первый', deadline: '2026-08-31', evidenceRequired: true },
              { code: 'I', title: 'Второй', deadline: '2026-10-01', evidenceRequired: true },
              { title: 'Третий', deadline: '2027-09-01', evidenceRequired: false },
            ],
          },
        },
        tokens.coordinator,
      );
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(fields(result)).toEqual(['stages.0.deadline', 'stages.1.code', 'stages.2.deadline']);
      expect(result.errors![0]!.message).toContain('2026/2027');
      expect(await platform.sql(`SELECT count(*)::int AS n FROM roadmaps WHERE school_year = 2026`)).toEqual([{ n: 0 }]);
      expect(await auditCount('publishRoadmap')).toBe(before);
    });

    it('refuses malformed input through validation, naming the field', async () => {
      const badDate = await platform.gql(
        PUBLISH,
        {
          input: { districtId: org.districtId, schoolYear: 2026, stages: [{ title: 'x', deadline: '01.10.2026', evidenceRequired: true }] },
        },
        tokens.coordinator,
      );
      expect(errorCode(badDate)).toBe('BAD_USER_INPUT');
      expect(fields(badDate)).toEqual(['stages.0.deadline']);
      const blankTitle = await platform.gql(
        PUBLISH,
        {
          input: {
            districtId: org.districtId,
            schoolYear: 2026,
            stages: [{ title: '   ', deadline: '2026-10-01', evidenceRequired: true }],
          },
        },
        tokens.coordinator,
      );
      expect(fields(blankTitle)).toEqual(['stages.0.title']);
      const badYear = await platform.gql(PUBLISH, { input: { districtId: org.districtId, schoolYear: 1999 } }, tokens.coordinator);
      expect(fields(badYear)).toEqual(['schoolYear']);
      const impossible = await platform.gql(
        PUBLISH,
        {
          input: { districtId: org.districtId, schoolYear: 2026, stages: [{ title: 'x', deadline: '2027-02-30', evidenceRequired: true }] },
        },
        tokens.coordinator,
      );
      expect(fields(impossible)).toEqual(['stages.0.deadline']);
      expect(await platform.sql(`SELECT count(*)::int AS n FROM roadmaps WHERE school_year = 2026`)).toEqual([{ n: 0 }]);
    });

    it('lets only the district, its authority and admins publish', async () => {
      const input = { districtId: org.districtId, schoolYear: 2027 };
      expect(errorCode(await platform.gql(PUBLISH, { input }, tokens.curator1))).toBe('FORBIDDEN');
      expect(errorCode(await platform.gql(PUBLISH, { input }, tokens.otherCoordinator))).toBe('FORBIDDEN');
      expect(errorCode(await platform.gql(PUBLISH, { input }, tokens.otherAuthority))).toBe('FORBIDDEN');
      expect(
        errorCode(await platform.gql(PUBLISH, { input: { ...input, districtId: '00000000-0000-4000-8000-000000000000' } }, tokens.admin)),
      ).toBe('NOT_FOUND');
      expect(await platform.sql(`SELECT count(*)::int AS n FROM roadmaps WHERE school_year = 2027`)).toEqual([{ n: 0 }]);
      const byAuthority = await platform.gql(PUBLISH, { input }, tokens.authority);
      expect(byAuthority.errors).toBeUndefined();
      expect(byAuthority.data.publishRoadmap.stages).toHaveLength(7);
    });
  });

  describe('completing and rejecting', () => {
    it('completes a stage with evidence and audits it', async () => {
      setToday('2025-09-20');
      const result = await platform.gql(
        COMPLETE,
        {
          input: {
            stageId: stage('I').id,
            schoolId: org.schoolIds[0],
            documentNumber: ' 45-од ',
            documentDate: '2025-09-15',
            note: 'Приказ о внедрении ЦМН',
            link: 'https://school1.example.ru/docs/prikaz-45.pdf',
          },
        },
        tokens.curator1,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data.completeRoadmapStage).toMatchObject({
        stageId: stage('I').id,
        code: 'I',
        state: 'DONE',
        completion: {
          state: 'DONE',
          schoolId: org.schoolIds[0],
          documentNumber: '45-од',
          documentDate: '2025-09-15',
          note: 'Приказ о внедрении ЦМН',
          link: 'https://school1.example.ru/docs/prikaz-45.pdf',
          completedBy: org.curators[0]!.id,
          reviewComment: null,
          version: 1,
        },
      });
      const audit = await platform.sql(
        `SELECT actor_user_id, school_id, district_id, details FROM audit_log WHERE operation = 'completeRoadmapStage'`,
      );
      expect(audit).toEqual([
        expect.objectContaining({ actor_user_id: org.curators[0]!.id, school_id: org.schoolIds[0], district_id: org.districtId }),
      ]);
      expect(audit[0].details).toMatchObject({
        code: 'I',
        documentNumber: '45-од',
        documentDate: '2025-09-15',
        hasNote: true,
        hasLink: true,
        afterRejection: false,
      });
    });

    it('refuses a stage needing evidence without a document, naming both fields, storing nothing', async () => {
      const [completions, audits] = [await completionCount(), await auditCount('completeRoadmapStage')];
      const none = await platform.gql(
        COMPLETE,
        { input: { stageId: stage('I').id, schoolId: org.schoolIds[1], note: 'сделано' } },
        tokens.curator2,
      );
      expect(errorCode(none)).toBe('BAD_USER_INPUT');
      expect(none.errors![0]!.extensions!.reason).toBe('EVIDENCE_REQUIRED');
      expect(fields(none)).toEqual(['documentDate', 'documentNumber']);
      const blank = await platform.gql(
        COMPLETE,
        { input: { stageId: stage('I').id, schoolId: org.schoolIds[1], documentNumber: '   ', documentDate: '2025-09-01' } },
        tokens.curator2,
      );
      expect(fields(blank)).toEqual(['documentNumber']);
      expect(await completionCount()).toBe(completions);
      expect(await auditCount('completeRoadmapStage')).toBe(audits);
    });

    it('refuses a bad link, a future or impossible document date', async () => {
      const input = { stageId: stage('I').id, schoolId: org.schoolIds[1], documentNumber: '7', documentDate: '2025-09-01' };
      const ftp = await platform.gql(COMPLETE, { input: { ...input, link: 'ftp://example.ru/a.pdf' } }, tokens.curator2);
      expect(errorCode(ftp)).toBe('BAD_USER_INPUT');
      expect(fields(ftp)).toEqual(['link']);
      const script = await platform.gql(COMPLETE, { input: { ...input, link: 'javascript:alert(1)' } }, tokens.curator2);
      expect(fields(script)).toEqual(['link']);
      const long = await platform.gql(COMPLETE, { input: { ...input, link: `https://example.ru/${'a'.repeat(2000)}` } }, tokens.curator2);
      expect(fields(long)).toEqual(['link']);
      const future = await platform.gql(COMPLETE, { input: { ...input, documentDate: '2025-09-21' } }, tokens.curator2);
      expect(fields(future)).toEqual(['documentDate']);
      const impossible = await platform.gql(COMPLETE, { input: { ...input, documentDate: '2025-02-30' } }, tokens.curator2);
      expect(fields(impossible)).toEqual(['documentDate']);
      expect(
        await platform.sql(`SELECT count(*)::int AS n FROM roadmap_stage_completions WHERE school_id = $1`, [org.schoolIds[1]]),
      ).toEqual([{ n: 0 }]);
    });

    it('completes a stage without required evidence with nothing but the mark', async () => {
      const result = await platform.gql(COMPLETE, { input: { stageId: stage('VI').id, schoolId: org.schoolIds[1] } }, tokens.curator2);
      expect(result.errors).toBeUndefined();
      expect(result.data.completeRoadmapStage).toMatchObject({
        state: 'DONE',
        completion: { documentNumber: null, documentDate: null, link: null },
      });
    });

    it('refuses to complete a stage already done', async () => {
      const again = await platform.gql(
        COMPLETE,
        { input: { stageId: stage('I').id, schoolId: org.schoolIds[0], documentNumber: '46', documentDate: '2025-09-16' } },
        tokens.curator1,
      );
      expect(errorCode(again)).toBe('CONFLICT');
      expect(await platform.sql(`SELECT document_number FROM roadmap_stage_completions WHERE school_id = $1`, [org.schoolIds[0]])).toEqual([
        { document_number: '45-од' },
      ]);
    });

    it('lets the coordinator reject a completion with a comment; the school sees it and why', async () => {
      setToday('2025-09-25');
      const empty = await platform.gql(
        REJECT,
        { input: { stageId: stage('I').id, schoolId: org.schoolIds[0], comment: '   ' } },
        tokens.coordinator,
      );
      expect(errorCode(empty)).toBe('BAD_USER_INPUT');
      expect(fields(empty)).toEqual(['comment']);
      const stale = await platform.gql(
        REJECT,
        { input: { stageId: stage('I').id, schoolId: org.schoolIds[0], comment: 'Нет подписи', expectedVersion: 7 } },
        tokens.coordinator,
      );
      expect(errorCode(stale)).toBe('CONFLICT');
      expect(await auditCount('rejectRoadmapStage')).toBe(0);

      const result = await platform.gql(
        REJECT,
        { input: { stageId: stage('I').id, schoolId: org.schoolIds[0], comment: 'Приказ без подписи директора', expectedVersion: 1 } },
        tokens.coordinator,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data.rejectRoadmapStage).toMatchObject({
        state: 'REJECTED',
        completion: {
          state: 'REJECTED',
          reviewComment: 'Приказ без подписи директора',
          reviewedBy: org.coordinator.id,
          documentNumber: '45-од',
          version: 2,
        },
      });
      expect(result.data.rejectRoadmapStage.completion.reviewedAt).toBeTruthy();

      const own = await platform.gql(SCHOOL_ROADMAP, { schoolId: org.schoolIds[0], schoolYear: YEAR }, tokens.curator1);
      expect(own.data.schoolRoadmap.stages[0]).toMatchObject({
        code: 'I',
        state: 'REJECTED',
        completion: { reviewComment: 'Приказ без подписи директора' },
      });

      const audit = await platform.sql(`SELECT actor_user_id, school_id, details FROM audit_log WHERE operation = 'rejectRoadmapStage'`);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_user_id: org.coordinator.id, school_id: org.schoolIds[0] });
      expect(audit[0].details).toMatchObject({ code: 'I', comment: 'Приказ без подписи директора', rejectedDocumentNumber: '45-од' });
    });

    it('refuses to reject what is not done or already rejected', async () => {
      const notDone = await platform.gql(
        REJECT,
        { input: { stageId: stage('II').id, schoolId: org.schoolIds[0], comment: 'нет' } },
        tokens.coordinator,
      );
      expect(errorCode(notDone)).toBe('CONFLICT');
      const twice = await platform.gql(
        REJECT,
        { input: { stageId: stage('I').id, schoolId: org.schoolIds[0], comment: 'ещё раз' } },
        tokens.coordinator,
      );
      expect(errorCode(twice)).toBe('CONFLICT');
      expect(await auditCount('rejectRoadmapStage')).toBe(1);
    });

    it('lets the school complete a rejected stage again, clearing the rejection', async () => {
      const result = await platform.gql(
        COMPLETE,
        { input: { stageId: stage('I').id, schoolId: org.schoolIds[0], documentNumber: '45-од/1', documentDate: '2025-09-24' } },
        tokens.curator1,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data.completeRoadmapStage).toMatchObject({
        state: 'DONE',
        completion: {
          state: 'DONE',
          documentNumber: '45-од/1',
          documentDate: '2025-09-24',
          note: null,
          link: null,
          reviewComment: null,
          reviewedAt: null,
          version: 3,
        },
      });
      const audit = await platform.sql(`SELECT details FROM audit_log WHERE operation = 'completeRoadmapStage' ORDER BY id DESC LIMIT 1`);
      expect(audit[0].details).toMatchObject({ afterRejection: true, documentNumber: '45-од/1', version: 3 });
      expect(
        await platform.sql(`SELECT count(*)::int AS n FROM roadmap_stage_completions WHERE school_id = $1`, [org.schoolIds[0]]),
      ).toEqual([{ n: 1 }]);
    });
  });

  describe('overdue against a fixed clock', () => {
    it('keeps a stage due on its deadline day and makes it overdue the day after', async () => {
      const stateOf = async (code: string) => {
        const result = await platform.gql(SCHOOL_ROADMAP, { schoolId: org.schoolIds[2], schoolYear: YEAR }, tokens.curator3);
        expect(result.errors).toBeUndefined();
        return result.data.schoolRoadmap.stages.find((s: any) => s.code === code).state;
      };
      setToday('2025-10-15'); // stage II's deadline
      expect(await stateOf('II')).toBe('DUE');
      expect(await stateOf('I')).toBe('OVERDUE');
      setToday('2025-10-16');
      expect(await stateOf('II')).toBe('OVERDUE');
      expect(await stateOf('III')).toBe('DUE');
      const own = await platform.gql(SCHOOL_ROADMAP, { schoolId: org.schoolIds[2], schoolYear: YEAR }, tokens.curator3);
      expect(own.data.schoolRoadmap).toMatchObject({
        asOf: '2025-10-16',
        school: { id: org.schoolIds[2] },
        summary: { done: 0, due: 5, overdue: 2, rejected: 0, total: 7 },
      });
    });

    it('a stage done late stays done; a rejection past the deadline shows as rejected', async () => {
      setToday('2025-10-16');
      const late = await platform.gql(
        COMPLETE,
        { input: { stageId: stage('II').id, schoolId: org.schoolIds[2], documentNumber: '12', documentDate: '2025-10-16' } },
        tokens.curator3,
      );
      expect(late.data.completeRoadmapStage.state).toBe('DONE');
      const rejected = await platform.gql(
        REJECT,
        { input: { stageId: stage('II').id, schoolId: org.schoolIds[2], comment: 'Не та база' } },
        tokens.coordinator,
      );
      expect(rejected.data.rejectRoadmapStage.state).toBe('REJECTED');
    });
  });

  describe('editing stages', () => {
    it('moves a deadline (state follows), refuses one outside the school year and stale versions, audits the change', async () => {
      setToday('2025-10-16');
      const s3 = stage('III');
      const outside = await platform.gql(
        UPDATE,
        { input: { stageId: s3.id, deadline: '2026-09-01', expectedVersion: 1 } },
        tokens.coordinator,
      );
      expect(errorCode(outside)).toBe('BAD_USER_INPUT');
      expect(fields(outside)).toEqual(['deadline']);
      const nothing = await platform.gql(UPDATE, { input: { stageId: s3.id, expectedVersion: 1 } }, tokens.coordinator);
      expect(errorCode(nothing)).toBe('BAD_USER_INPUT');

      const moved = await platform.gql(
        UPDATE,
        { input: { stageId: stage('I').id, deadline: '2025-10-20', title: 'Подготовка условий', expectedVersion: 1 } },
        tokens.coordinator,
      );
      expect(moved.errors).toBeUndefined();
      // School 1 is done, school 2 and 3 have not done stage I: with the later deadline they are due again.
      expect(moved.data.updateRoadmapStage).toMatchObject({
        code: 'I',
        title: 'Подготовка условий',
        deadline: '2025-10-20',
        version: 2,
        counts: { done: 1, due: 2, overdue: 0, rejected: 0, total: 3 },
      });

      const stale = await platform.gql(
        UPDATE,
        { input: { stageId: stage('I').id, deadline: '2025-09-30', expectedVersion: 1 } },
        tokens.coordinator,
      );
      expect(errorCode(stale)).toBe('CONFLICT');
      expect(stale.errors![0]!.extensions!.currentVersion).toBe(2);
      expect(
        (await platform.sql(`SELECT to_char(deadline, 'YYYY-MM-DD') AS d FROM roadmap_stages WHERE id = $1`, [stage('I').id]))[0].d,
      ).toBe('2025-10-20');

      const audit = await platform.sql(`SELECT details FROM audit_log WHERE operation = 'updateRoadmapStage'`);
      expect(audit).toHaveLength(1);
      expect(audit[0].details.changes).toEqual({
        deadline: { from: '2025-09-30', to: '2025-10-20' },
        title: { from: 'Подготовка условий для запуска программы наставничества', to: 'Подготовка условий' },
      });

      // Back to the template's deadline for the rest of the file.
      const back = await platform.gql(
        UPDATE,
        { input: { stageId: stage('I').id, deadline: '2025-09-30', expectedVersion: 2 } },
        tokens.coordinator,
      );
      expect(back.data.updateRoadmapStage.counts).toEqual({ done: 1, due: 0, overdue: 2, rejected: 0, total: 3 });
    });
  });

  describe('scope isolation', () => {
    it("keeps curators to their own school's stages", async () => {
      const [completions, audits] = [await completionCount(), await auditCount('completeRoadmapStage')];
      const forOther = await platform.gql(
        COMPLETE,
        { input: { stageId: stage('III').id, schoolId: org.schoolIds[0], documentNumber: '1', documentDate: '2025-10-01' } },
        tokens.curator2,
      );
      expect(errorCode(forOther)).toBe('FORBIDDEN');
      expect(errorCode(await platform.gql(SCHOOL_ROADMAP, { schoolId: org.schoolIds[0], schoolYear: YEAR }, tokens.curator2))).toBe(
        'FORBIDDEN',
      );
      expect(errorCode(await platform.gql(MATRIX, { districtId: org.districtId, schoolYear: YEAR }, tokens.curator1))).toBe('FORBIDDEN');
      expect(errorCode(await platform.gql(ROADMAP, { districtId: org.districtId, schoolYear: YEAR }, tokens.curator1))).toBe('FORBIDDEN');
      expect(
        errorCode(
          await platform.gql(REJECT, { input: { stageId: stage('VI').id, schoolId: org.schoolIds[1], comment: 'x' } }, tokens.curator1),
        ),
      ).toBe('FORBIDDEN');
      expect(
        errorCode(await platform.gql(UPDATE, { input: { stageId: stage('VI').id, title: 'x', expectedVersion: 1 } }, tokens.curator1)),
      ).toBe('FORBIDDEN');
      // A coordinator reviews; completing is the school's own act.
      expect(
        errorCode(await platform.gql(COMPLETE, { input: { stageId: stage('VI').id, schoolId: org.schoolIds[0] } }, tokens.coordinator)),
      ).toBe('FORBIDDEN');
      expect(await completionCount()).toBe(completions);
      expect(await auditCount('completeRoadmapStage')).toBe(audits);
    });

    it("refuses a stage of another district's roadmap, and another district's coordinator", async () => {
      const [completions, audits] = [await completionCount(), await auditCount('completeRoadmapStage')];
      // The other district's curator, for its own school, with a stage of this district.
      const foreignStage = await platform.gql(
        COMPLETE,
        { input: { stageId: stage('VI').id, schoolId: other.schoolIds[0] } },
        tokens.otherCurator,
      );
      expect(errorCode(foreignStage)).toBe('FORBIDDEN');
      expect(fields(foreignStage)).toEqual(['stageId']);
      expect(errorCode(await platform.gql(ROADMAP, { districtId: org.districtId, schoolYear: YEAR }, tokens.otherCoordinator))).toBe(
        'FORBIDDEN',
      );
      expect(errorCode(await platform.gql(MATRIX, { districtId: org.districtId, schoolYear: YEAR }, tokens.otherCoordinator))).toBe(
        'FORBIDDEN',
      );
      expect(errorCode(await platform.gql(MATRIX, { districtId: org.districtId, schoolYear: YEAR }, tokens.otherAuthority))).toBe(
        'FORBIDDEN',
      );
      expect(errorCode(await platform.gql(SCHOOL_ROADMAP, { schoolId: org.schoolIds[0], schoolYear: YEAR }, tokens.otherCoordinator))).toBe(
        'FORBIDDEN',
      );
      expect(
        errorCode(
          await platform.gql(UPDATE, { input: { stageId: stage('VI').id, title: 'Чужой', expectedVersion: 1 } }, tokens.otherCoordinator),
        ),
      ).toBe('FORBIDDEN');
      expect(
        errorCode(
          await platform.gql(
            REJECT,
            { input: { stageId: stage('VI').id, schoolId: org.schoolIds[1], comment: 'x' } },
            tokens.otherCoordinator,
          ),
        ),
      ).toBe('FORBIDDEN');
      // Its own school with this district's stage: the stage belongs to another district.
      expect(
        errorCode(
          await platform.gql(
            REJECT,
            { input: { stageId: stage('VI').id, schoolId: other.schoolIds[0], comment: 'x' } },
            tokens.otherCoordinator,
          ),
        ),
      ).toBe('FORBIDDEN');
      expect(
        errorCode(
          await platform.gql(
            COMPLETE,
            { input: { stageId: '00000000-0000-4000-8000-000000000000', schoolId: other.schoolIds[0] } },
            tokens.otherCurator,
          ),
        ),
      ).toBe('NOT_FOUND');
      expect(await platform.sql(`SELECT title FROM roadmap_stages WHERE id = $1`, [stage('VI').id])).toEqual([
        { title: 'Организация работы наставнических пар/групп' },
      ]);
      expect(await completionCount()).toBe(completions);
      expect(await auditCount('completeRoadmapStage')).toBe(audits);
      expect(await auditCount('rejectRoadmapStage')).toBe(2);
    });

    it('answers null where the district has not published a roadmap for the year', async () => {
      expect((await platform.gql(ROADMAP, { districtId: org.districtId, schoolYear: 2030 }, tokens.coordinator)).data).toEqual({
        roadmap: null,
      });
      expect((await platform.gql(SCHOOL_ROADMAP, { schoolId: org.schoolIds[0], schoolYear: 2030 }, tokens.curator1)).data).toEqual({
        schoolRoadmap: null,
      });
    });
  });

  describe('matrix and counts', () => {
    it('shows every school × stage with its state and dates, counts agreeing with the roadmap query', async () => {
      setToday('2025-10-16');
      const result = await platform.gql(MATRIX, { districtId: org.districtId, schoolYear: YEAR }, tokens.coordinator);
      expect(result.errors).toBeUndefined();
      const matrix = result.data.roadmapMatrix;
      expect(matrix.rows.map((r: any) => r.school.id)).toEqual(org.schoolIds);
      const states = matrix.rows.map((r: any) => r.cells.map((c: any) => c.state));
      expect(states).toEqual([
        // school 1: I done (after a rejection), II past its deadline, the rest due
        ['DONE', 'OVERDUE', 'DUE', 'DUE', 'DUE', 'DUE', 'DUE'],
        // school 2: VI done without evidence
        ['OVERDUE', 'OVERDUE', 'DUE', 'DUE', 'DUE', 'DONE', 'DUE'],
        // school 3: II done late and rejected
        ['OVERDUE', 'REJECTED', 'DUE', 'DUE', 'DUE', 'DUE', 'DUE'],
      ]);
      expect(matrix.rows[0].cells[0]).toMatchObject({
        code: 'I',
        deadline: '2025-09-30',
        completion: { state: 'DONE', documentNumber: '45-од/1', documentDate: '2025-09-24', reviewedAt: null, reviewComment: null },
      });
      expect(matrix.rows[0].cells[0].completion.completedAt).toBeTruthy();
      expect(matrix.rows[2].cells[1].completion).toMatchObject({ state: 'REJECTED', reviewComment: 'Не та база', documentNumber: '12' });
      expect(matrix.rows[0].cells[1].completion).toBeNull();
      expect(matrix.rows.map((r: any) => r.summary)).toEqual([
        { done: 1, due: 5, overdue: 1, rejected: 0, total: 7 },
        { done: 1, due: 4, overdue: 2, rejected: 0, total: 7 },
        { done: 0, due: 5, overdue: 1, rejected: 1, total: 7 },
      ]);

      const expectedCounts = [
        { done: 1, due: 0, overdue: 2, rejected: 0, total: 3 },
        { done: 0, due: 0, overdue: 2, rejected: 1, total: 3 },
        { done: 0, due: 3, overdue: 0, rejected: 0, total: 3 },
        { done: 0, due: 3, overdue: 0, rejected: 0, total: 3 },
        { done: 0, due: 3, overdue: 0, rejected: 0, total: 3 },
        { done: 1, due: 2, overdue: 0, rejected: 0, total: 3 },
        { done: 0, due: 3, overdue: 0, rejected: 0, total: 3 },
      ];
      expect(matrix.roadmap.stages.map((s: any) => s.counts)).toEqual(expectedCounts);
      const roadmap = await platform.gql(ROADMAP, { districtId: org.districtId, schoolYear: YEAR }, tokens.coordinator);
      expect(roadmap.data.roadmap.stages.map((s: any) => s.counts)).toEqual(expectedCounts);
      expect(roadmap.data.roadmap).toMatchObject({ schoolCount: 3, asOf: '2025-10-16' });
    });

    it('moves counts with the clock: nothing is due at the end of the school year', async () => {
      setToday('2026-08-31');
      const roadmap = await platform.gql(ROADMAP, { districtId: org.districtId, schoolYear: YEAR }, tokens.authority);
      expect(roadmap.errors).toBeUndefined();
      expect(roadmap.data.roadmap.stages.map((s: any) => s.counts.due)).toEqual([0, 0, 0, 0, 0, 0, 0]);
      expect(roadmap.data.roadmap.stages.map((s: any) => s.counts.overdue)).toEqual([2, 2, 3, 3, 3, 2, 3]);
      setToday('2025-10-16');
    });

    it('leaves out inactive schools and counts schools added after publishing', async () => {
      const [added] = await platform.sql(
        `INSERT INTO schools (region_id, district_id, code, name) VALUES ($1, $2, 'S-RM-4', 'Школа № 4') RETURNING id`,
        [org.regionId, org.districtId],
      );
      await platform.sql(`UPDATE schools SET active = false WHERE id = $1`, [org.schoolIds[1]]);
      try {
        const matrix = await platform.gql(MATRIX, { districtId: org.districtId, schoolYear: YEAR }, tokens.coordinator);
        expect(matrix.data.roadmapMatrix.rows.map((r: any) => r.school.id)).toEqual([org.schoolIds[0], org.schoolIds[2], added.id]);
        expect(matrix.data.roadmapMatrix.roadmap.schoolCount).toBe(3);
        // Stage VI was done by the inactive school only.
        expect(matrix.data.roadmapMatrix.roadmap.stages[5].counts).toEqual({ done: 0, due: 3, overdue: 0, rejected: 0, total: 3 });
        const roadmap = await platform.gql(ROADMAP, { districtId: org.districtId, schoolYear: YEAR }, tokens.coordinator);
        expect(roadmap.data.roadmap.stages.map((s: any) => s.counts)).toEqual(
          matrix.data.roadmapMatrix.roadmap.stages.map((s: any) => s.counts),
        );
      } finally {
        await platform.sql(`UPDATE schools SET active = true WHERE id = $1`, [org.schoolIds[1]]);
        await platform.sql(`UPDATE schools SET active = false WHERE id = $1`, [added.id]);
      }
    });
  });

  describe('district monitoring', () => {
    /**
     * A district snapshot of 2025 Q4 written as the owner, as a monitoring run stores it: the
     * roadmap field is resolved on its school rows, whatever the figures (fixtures of another
     * module are written directly, like createOrg's).
     */
    async function writeMonitoringSnapshot(): Promise<void> {
      const [snapshot] = await platform.sql(
        `INSERT INTO monitoring_snapshots (scope, region_id, district_id, year, quarter, expected_progress_bp, school_count, not_reported_school_count)
         VALUES ('DISTRICT', $1, $2, 2025, 4, 10000, 3, 3) RETURNING id, computed_at`,
        [org.regionId, org.districtId],
      );
      await platform.sql(
        `INSERT INTO monitoring_school_rows (snapshot_id, region_id, district_id, school_id, year, quarter, computed_at, code, name, report_status, status, expected_progress_bp)
         SELECT $1, region_id, district_id, id, 2025, 4, $2, code, name, 'MISSING', 'NO_DATA', 10000 FROM schools WHERE id = ANY($3::uuid[])`,
        [snapshot.id, snapshot.computed_at, org.schoolIds],
      );
    }

    it("shows each school's overdue stages of the current school year beside its monitoring row", async () => {
      setToday('2025-10-16');
      await writeMonitoringSnapshot();
      const result = await platform.gql(
        `query($districtId: ID!) { districtMonitoring(districtId: $districtId, year: 2025, quarter: 4) { schools { school { id } overdueRoadmapStages } } }`,
        { districtId: org.districtId },
        tokens.coordinator,
      );
      expect(result.errors).toBeUndefined();
      // School 1: II. School 2: I and II. School 3: I, and II rejected after its deadline.
      expect(result.data.districtMonitoring.schools).toEqual([
        { school: { id: org.schoolIds[0] }, overdueRoadmapStages: 1 },
        { school: { id: org.schoolIds[1] }, overdueRoadmapStages: 2 },
        { school: { id: org.schoolIds[2] }, overdueRoadmapStages: 2 },
      ]);

      // The count follows the clock: at the end of the school year everything not done is overdue.
      setToday('2026-08-31');
      const later = await platform.gql(
        `query($districtId: ID!) { districtMonitoring(districtId: $districtId, year: 2025, quarter: 4) { schools { overdueRoadmapStages } } }`,
        { districtId: org.districtId },
        tokens.coordinator,
      );
      expect(later.data.districtMonitoring.schools.map((s: any) => s.overdueRoadmapStages)).toEqual([6, 6, 7]);

      // A curator sees its own school's row with the same figure.
      const own = await platform.gql(
        `query($schoolId: ID!) { schoolMonitoring(schoolId: $schoolId, year: 2025, quarter: 4) { school { id } overdueRoadmapStages } }`,
        { schoolId: org.schoolIds[2] },
        tokens.curator3,
      );
      expect(own.errors).toBeUndefined();
      expect(own.data.schoolMonitoring).toEqual({ school: { id: org.schoolIds[2] }, overdueRoadmapStages: 7 });
      setToday('2025-10-16');
    });
  });

  describe('publishing mid-year', () => {
    // Published on 15 January 2026 for 2025/2026: 136 days after 1 September, the offset every
    // template deadline moves by when shifted (I 30.09 → 13.02; VI and VII would pass 31 August).
    const PUBLISHED_ON = '2026-01-15';
    const overdueByCode = (roadmap: { stages: { code: string; counts: { overdue: number } }[] }) =>
      Object.fromEntries(roadmap.stages.map((s) => [s.code, s.counts.overdue]));

    it('without the shift opens with every stage whose template deadline has passed overdue', async () => {
      setToday(PUBLISHED_ON);
      const late = await createOrg(platform, 'RML', 1);
      const token = await platform.login(late.coordinator.email, FIXTURE_PASSWORD);
      const result = await platform.gql(PUBLISH, { input: { districtId: late.districtId, schoolYear: YEAR } }, token);
      expect(result.errors).toBeUndefined();
      const roadmap = result.data.publishRoadmap;
      expect(roadmap.stages.map((s: { deadline: string }) => s.deadline)).toEqual([
        '2025-09-30',
        '2025-10-15',
        '2025-10-31',
        '2025-11-30',
        '2025-12-15',
        '2026-04-30',
        '2026-05-31',
      ]);
      expect(overdueByCode(roadmap)).toEqual({ I: 1, II: 1, III: 1, IV: 1, V: 1, VI: 0, VII: 0 });
      setToday('2025-10-16');
    });

    it('with shiftFromToday moves every deadline by the same offset: none overdue, spacing kept, capped at 31 August, audited', async () => {
      setToday(PUBLISHED_ON);
      const late = await createOrg(platform, 'RMS', 1);
      const token = await platform.login(late.coordinator.email, FIXTURE_PASSWORD);
      const result = await platform.gql(PUBLISH, { input: { districtId: late.districtId, schoolYear: YEAR, shiftFromToday: true } }, token);
      expect(result.errors).toBeUndefined();
      const roadmap = result.data.publishRoadmap;
      expect(roadmap.stages.map((s: { deadline: string }) => s.deadline)).toEqual([
        '2026-02-13',
        '2026-02-28',
        '2026-03-16',
        '2026-04-15',
        '2026-04-30',
        '2026-08-31',
        '2026-08-31',
      ]);
      expect(overdueByCode(roadmap)).toEqual({ I: 0, II: 0, III: 0, IV: 0, V: 0, VI: 0, VII: 0 });

      // The matrix a coordinator opens says the same: every cell due.
      const matrix = await platform.gql(MATRIX, { districtId: late.districtId, schoolYear: YEAR }, token);
      expect(matrix.data.roadmapMatrix.rows[0].summary).toEqual({ done: 0, due: 7, overdue: 0, rejected: 0, total: 7 });

      const [audit] = await platform.sql(
        `SELECT details FROM audit_log WHERE operation = 'publishRoadmap' AND target_ids @> ARRAY[$1]::text[]`,
        [roadmap.id],
      );
      expect(audit.details).toMatchObject({ fromTemplate: true, shiftedFrom: PUBLISHED_ON });
      expect(audit.details.stages[0].deadline).toBe('2026-02-13');
      setToday('2025-10-16');
    });

    it('refuses the shift with stages of its own and for a school year that is over, naming the field', async () => {
      const late = await createOrg(platform, 'RMR', 1);
      const token = await platform.login(late.coordinator.email, FIXTURE_PASSWORD);
      const own = await platform.gql(
        PUBLISH,
        {
          input: {
            districtId: late.districtId,
            schoolYear: YEAR,
            shiftFromToday: true,
            stages: [{ title: 'Этап', deadline: '2026-03-01', evidenceRequired: false }],
          },
        },
        token,
      );
      expect(errorCode(own)).toBe('BAD_USER_INPUT');
      expect(fields(own)).toEqual(['shiftFromToday']);
      setToday('2026-09-01');
      const over = await platform.gql(PUBLISH, { input: { districtId: late.districtId, schoolYear: YEAR, shiftFromToday: true } }, token);
      expect(errorCode(over)).toBe('BAD_USER_INPUT');
      expect(fields(over)).toEqual(['shiftFromToday']);
      expect(await platform.sql(`SELECT id FROM roadmaps WHERE district_id = $1`, [late.districtId])).toEqual([]);
      setToday('2025-10-16');
    });
  });
});
