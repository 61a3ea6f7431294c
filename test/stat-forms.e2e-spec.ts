import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StatExportSweeper } from '../apps/worker/src/stat-forms/stat-export.sweeper';
import { createOrg, FIXTURE_PASSWORD, OrgFixture } from './harness/fixtures';
import { errorCode, Platform, startPlatform } from './harness/platform';
import { waitForJob } from './monitoring.fixtures';

/**
 * Statistical forms end to end: export through GraphQL, the worker writes the file, the download
 * endpoint serves it, and every cell of the parsed XLSX and CSV equals what the GraphQL views show
 * for the same scope and period (districtTargetPlan, districtMonitoring). Runs on the queue backend
 * the test run selects (QUEUE_BACKEND=postgres for BullMQ's Postgres backend).
 */

const EXPORT = `mutation ExportStatForm($input: ExportStatFormInput!) { exportStatForm(input: $input) { id state } }`;
const STATUS = `query StatFormExport($id: ID!) {
  statFormExport(id: $id) { id state sha256 downloadUrl form format bytes rows title fileName error expiresAt dataVersion progress snapshotComputedAt snapshotStale }
}`;
const PLAN = `query DistrictTargetPlan($districtId: ID!, $fromYear: Int!, $toYear: Int!) {
  districtTargetPlan(districtId: $districtId, fromYear: $fromYear, toYear: $toYear) {
    rows { school { id code name } cells { year students mentorBase menteeTarget mentorTarget } }
    totals { year students mentorBase menteeTarget mentorTarget }
  }
}`;
const FIGURES = `students mentees mentors menteeTarget mentorTarget coveragePercent progressPercent status
  menteesStudentStudent menteesTeacherStudent menteesUniversityStudentStudent menteesEmployerStudent
  menteesTeachers menteesYoungSpecialists mentorsTeachers mentorsExternalEmployer mentorsExternalUniversityStudent
  mentorsExternalGraduate mentorsExternalParent mentorsExternalOther pairs groups`;
const MONITORING = `query DistrictMonitoring($districtId: ID!, $year: Int!, $quarter: Int!) {
  districtMonitoring(districtId: $districtId, year: $year, quarter: $quarter) {
    computedAt
    totals { ${FIGURES} }
    schools { school { id code name } reportStatus ${FIGURES} }
  }
}`;
const REGION_MONITORING = `query RegionMonitoring($regionId: ID!, $year: Int!, $quarter: Int!) {
  regionMonitoring(regionId: $regionId, year: $year, quarter: $quarter) {
    computedAt
    totals { ${FIGURES} }
    districts { district { id code name } ${FIGURES} }
  }
}`;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FORMULA_NAME = '=HYPERLINK("http://evil.example";"Школа № 4")';

// Report figures of 2024 Q2 (year to date): district 1 — school 1 approved, school 2 submitted,
// school 3 a draft (not counted), school 4 none; district 2 — school A approved, school B none.
const FIGURES_1 = {
  STUDENTS: 150,
  MENTEES_STUDENTS: 60,
  MENTEES_STUDENTS_STUDENT_STUDENT: 40,
  MENTEES_STUDENTS_TEACHER_STUDENT: 30,
  MENTORS_STUDENTS: 8,
  TEACHERS: 20,
  MENTEES_TEACHERS: 5,
  MENTEES_YOUNG_SPECIALISTS: 2,
  MENTORS_TEACHERS: 6,
  MENTORS_EXTERNAL_EMPLOYER: 2,
  MENTORS_EXTERNAL_PARENT: 1,
  PAIRS: 30,
  GROUPS: 3,
};
const FIGURES_2 = {
  STUDENTS: 115,
  MENTEES_STUDENTS: 20,
  MENTEES_STUDENTS_UNIVERSITY_STUDENT_STUDENT: 20,
  MENTORS_STUDENTS: 3,
  TEACHERS: 12,
  MENTEES_TEACHERS: 2,
  MENTEES_YOUNG_SPECIALISTS: 1,
  MENTORS_TEACHERS: 2,
  MENTORS_EXTERNAL_UNIVERSITY_STUDENT: 4,
  PAIRS: 10,
  GROUPS: 1,
};
const FIGURES_DRAFT = { STUDENTS: 125, MENTEES_STUDENTS: 99, MENTORS_STUDENTS: 9 };
const FIGURES_A = {
  STUDENTS: 400,
  MENTEES_STUDENTS: 90,
  MENTEES_STUDENTS_STUDENT_STUDENT: 50,
  MENTEES_STUDENTS_EMPLOYER_STUDENT: 45,
  MENTORS_STUDENTS: 12,
  TEACHERS: 30,
  MENTEES_TEACHERS: 7,
  MENTEES_YOUNG_SPECIALISTS: 3,
  MENTORS_TEACHERS: 5,
  MENTORS_EXTERNAL_GRADUATE: 2,
  MENTORS_EXTERNAL_OTHER: 1,
  PAIRS: 40,
  GROUPS: 5,
};

interface World {
  org: OrgFixture;
  school4: string;
  district2: { id: string; code: string; name: string; schoolA: string; schoolB: string };
  tokens: { coordinator: string; coordinator2: string; authority: string; curator: string; admin: string };
}

interface Downloaded {
  status: number;
  headers: Headers;
  body: Buffer;
}

jest.setTimeout(90_000);

describe('statistical forms (e2e)', () => {
  let platform: Platform;
  let world: World;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mm-stat-forms-'));
    platform = await startPlatform({ worker: true, env: { DATA_DIR: dataDir } });
    world = await seed(platform);
  });
  afterAll(() => platform?.close());

  const gql = (query: string, variables: Record<string, unknown>, token: string) => platform.gql(query, variables, token);

  async function request(input: Record<string, unknown>, token = world.tokens.coordinator): Promise<{ id: string; state: string }> {
    const result = await gql(EXPORT, { input }, token);
    expect(result.errors).toBeUndefined();
    return result.data.exportStatForm;
  }

  async function completed(id: string, token = world.tokens.coordinator): Promise<any> {
    for (let attempt = 0; attempt < 600; attempt++) {
      const result = await gql(STATUS, { id }, token);
      expect(result.errors).toBeUndefined();
      const state = result.data.statFormExport.state;
      if (state === 'COMPLETED') return result.data.statFormExport;
      if (state === 'FAILED') throw new Error(`export ${id} failed: ${result.data.statFormExport.error}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const last = await gql(STATUS, { id }, token);
    throw new Error(`export ${id} did not complete: ${JSON.stringify(last.data?.statFormExport ?? last.errors)}`);
  }

  async function download(path: string, token?: string, headers: Record<string, string> = {}): Promise<Downloaded> {
    const response = await fetch(`${platform.url}${path}`, {
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    });
    return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
  }

  async function exportAndDownload(input: Record<string, unknown>, token = world.tokens.coordinator) {
    const { id } = await request(input, token);
    const status = await completed(id, token);
    const file = await download(status.downloadUrl, token);
    expect(file.status).toBe(200);
    return { id, status, file };
  }

  const countRows = async () => {
    const [row] = await platform.sql(
      `SELECT (SELECT count(*) FROM stat_exports)::int AS exports, (SELECT count(*) FROM job_runs WHERE name = 'stat-form.export')::int AS runs`,
    );
    return row;
  };

  describe('TARGET_PLAN', () => {
    let plan: any;
    beforeAll(async () => {
      const result = await gql(PLAN, { districtId: world.org.districtId, fromYear: 2020, toYear: 2024 }, world.tokens.coordinator);
      expect(result.errors).toBeUndefined();
      plan = result.data.districtTargetPlan;
      // The fixture is meant to show the ИТОГО from the total base differing from the sum of the rows.
      expect(plan.totals[0].menteeTarget).not.toBe(sum(plan.rows.map((r: any) => r.cells[0].menteeTarget)));
    });

    it('exports XLSX whose every cell equals districtTargetPlan, served with its SHA-256', async () => {
      const { status, file } = await exportAndDownload({
        form: 'TARGET_PLAN',
        districtId: world.org.districtId,
        year: 2020,
        format: 'XLSX',
      });
      expect(status).toMatchObject({
        form: 'TARGET_PLAN',
        format: 'XLSX',
        rows: plan.rows.length,
        downloadUrl: `/exports/${status.id}/download`,
      });
      expect(sha256(file.body)).toBe(status.sha256);
      expect(file.body.length).toBe(status.bytes);
      expect(file.headers.get('content-type')).toBe(XLSX_TYPE);
      expect(file.headers.get('etag')).toBe(`"${status.sha256}"`);

      // Content-Disposition: an ASCII fallback and the Russian title (RFC 5987).
      const disposition = file.headers.get('content-disposition')!;
      expect(disposition).toContain(`filename="target-plan_D-SF_2020-2024.xlsx"`);
      const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)![1]!;
      expect(decodeURIComponent(encoded)).toBe(status.fileName);
      expect(status.fileName).toBe(`План вовлечения обучающихся в различные формы наставничества на 2020–2024 годы Район SF.xlsx`);

      const sheet = await firstSheet(file.body);
      expect(cellText(sheet, 1, 1)).toBe('План вовлечения обучающихся в различные формы наставничества на 2020–2024 годы: Район SF');
      // Row 3: the year groups over their (mentees, mentors) pairs; row 4: the leaf labels.
      expect(cellText(sheet, 3, 1)).toBe('№ п/п');
      expect(cellText(sheet, 3, 2)).toBe('Наименование образовательной организации');
      [2020, 2021, 2022, 2023, 2024].forEach((year, i) => {
        expect(cellText(sheet, 3, 3 + 2 * i)).toBe(String(year));
        expect(cellText(sheet, 4, 3 + 2 * i)).toBe('Обучающиеся-наставляемые, чел.');
        expect(cellText(sheet, 4, 4 + 2 * i)).toBe('Обучающиеся-наставники, чел.');
      });
      const expected = planTable(plan);
      expect(sheetTable(sheet, 5, expected.length, 12)).toEqual(expected);
      expect(sheet.actualRowCount).toBe(4 + expected.length);
      expect(sheet.columnCount).toBe(12);
      // A school named like a formula stays text.
      const formulaRow = expected.findIndex((r) => r[1] === FORMULA_NAME);
      expect(formulaRow).toBeGreaterThanOrEqual(0);
      expect(sheet.getRow(5 + formulaRow).getCell(2).type).toBe(ExcelJS.ValueType.String);
    });

    it('exports CSV (semicolon by default, comma on request) with the same cells', async () => {
      const semicolon = await exportAndDownload({ form: 'TARGET_PLAN', districtId: world.org.districtId, year: 2020, format: 'CSV' });
      expect(semicolon.file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(sha256(semicolon.file.body)).toBe(semicolon.status.sha256);
      const text = semicolon.file.body.toString('utf8');
      expect(text.startsWith('\uFEFF')).toBe(true);
      const rows = parseCsv(text.slice(1), ';');
      expect(rows[0]!.slice(0, 4)).toEqual([
        '№ п/п',
        'Наименование образовательной организации',
        '2020: Обучающиеся-наставляемые, чел.',
        '2020: Обучающиеся-наставники, чел.',
      ]);
      const expected = planTable(plan).map((row) => row.map((cell) => csvCell(cell, ';')));
      expect(rows.slice(1)).toEqual(expected);

      const comma = await exportAndDownload({
        form: 'TARGET_PLAN',
        districtId: world.org.districtId,
        year: 2020,
        format: 'CSV',
        csvDelimiter: 'COMMA',
      });
      expect(comma.id).not.toBe(semicolon.id);
      expect(parseCsv(comma.file.body.toString('utf8').slice(1), ',').slice(1)).toEqual(expected);
    });

    it('runs the plan from the requested year to the last year of the schedule', async () => {
      const { file, status } = await exportAndDownload({
        form: 'TARGET_PLAN',
        districtId: world.org.districtId,
        year: 2022,
        format: 'CSV',
      });
      const later = await gql(PLAN, { districtId: world.org.districtId, fromYear: 2022, toYear: 2024 }, world.tokens.coordinator);
      expect(status.title).toContain('на 2022–2024 годы');
      const rows = parseCsv(file.body.toString('utf8').slice(1), ';');
      expect(rows[0]!.length).toBe(2 + 2 * 3);
      const expected = planTable(later.data.districtTargetPlan).map((row) => row.map((cell) => csvCell(cell, ';')));
      expect(rows.slice(1)).toEqual(expected);
    });

    it('deduplicates equal requests over unchanged data and makes a new export after a change', async () => {
      const input = { form: 'TARGET_PLAN', districtId: world.org.districtId, year: 2020, format: 'XLSX' };
      const first = await request(input);
      const firstStatus = await completed(first.id);
      const before = await countRows();
      const again = await request(input);
      expect(again.id).toBe(first.id);
      expect(again.state).toBe('COMPLETED');
      expect(await countRows()).toEqual(before);
      const audit = await platform.sql(
        `SELECT actor_user_id AS "actor", details->>'deduplicated' AS "deduplicated" FROM audit_log
          WHERE operation = 'exportStatForm' AND $1 = ANY(target_ids) ORDER BY id`,
        [first.id],
      );
      // Every request is audited: the one that made the export, and the ones that joined it.
      expect(audit[0]).toEqual({ actor: world.org.coordinator.id, deduplicated: 'false' });
      expect(audit[audit.length - 1]).toEqual({ actor: world.org.coordinator.id, deduplicated: 'true' });
      // An authority asking for the same district form gets the same export too.
      expect((await request(input, world.tokens.authority)).id).toBe(first.id);

      // A changed enrollment is a new data version: a new export with the new numbers.
      await platform.sql(
        `UPDATE enrollments SET students = 200, version = version + 1, updated_at = now() WHERE school_id = $1 AND year = 2020`,
        [world.org.schoolIds[0]],
      );
      const changed = await request(input);
      expect(changed.id).not.toBe(first.id);
      const changedStatus = await completed(changed.id);
      expect(changedStatus.dataVersion).not.toBe(firstStatus.dataVersion);
      const fresh = await gql(PLAN, { districtId: world.org.districtId, fromYear: 2020, toYear: 2024 }, world.tokens.coordinator);
      const sheet = await firstSheet((await download(changedStatus.downloadUrl, world.tokens.coordinator)).body);
      const expected = planTable(fresh.data.districtTargetPlan);
      expect(sheetTable(sheet, 5, expected.length, 12)).toEqual(expected);
      expect(expected).not.toEqual(planTable(plan));
      await platform.sql(
        `UPDATE enrollments SET students = 105, version = version + 1, updated_at = now() WHERE school_id = $1 AND year = 2020`,
        [world.org.schoolIds[0]],
      );
    });
  });

  describe('access', () => {
    let exportId: string;
    let downloadUrl: string;
    beforeAll(async () => {
      const { id } = await request({ form: 'TARGET_PLAN', districtId: world.org.districtId, year: 2021, format: 'CSV' });
      downloadUrl = (await completed(id)).downloadUrl;
      exportId = id;
    });

    it('answers an anonymous download with 401 JSON', async () => {
      const response = await download(downloadUrl);
      expect(response.status).toBe(401);
      expect(JSON.parse(response.body.toString())).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    });

    it('refuses a school curator: 403 on the download, FORBIDDEN on the request, and stores nothing', async () => {
      const response = await download(downloadUrl, world.tokens.curator);
      expect(response.status).toBe(403);
      expect(JSON.parse(response.body.toString())).toMatchObject({ error: { code: 'FORBIDDEN' } });
      const before = await countRows();
      const refused = await gql(
        EXPORT,
        { input: { form: 'TARGET_PLAN', districtId: world.org.districtId, year: 2020, format: 'XLSX' } },
        world.tokens.curator,
      );
      expect(errorCode(refused)).toBe('FORBIDDEN');
      expect(errorCode(await gql(STATUS, { id: exportId }, world.tokens.curator))).toBe('FORBIDDEN');
      expect(await countRows()).toEqual(before);
    });

    it("keeps another district's coordinator out (FORBIDDEN, 403) and answers unknown ids with NOT_FOUND / 404", async () => {
      expect(errorCode(await gql(STATUS, { id: exportId }, world.tokens.coordinator2))).toBe('FORBIDDEN');
      expect((await download(downloadUrl, world.tokens.coordinator2)).status).toBe(403);
      const before = await countRows();
      const refused = await gql(
        EXPORT,
        { input: { form: 'TARGET_PLAN', districtId: world.org.districtId, year: 2020, format: 'XLSX' } },
        world.tokens.coordinator2,
      );
      expect(errorCode(refused)).toBe('FORBIDDEN');
      expect(await countRows()).toEqual(before);
      const unknown = '00000000-0000-4000-8000-000000000000';
      expect(errorCode(await gql(STATUS, { id: unknown }, world.tokens.coordinator))).toBe('NOT_FOUND');
      expect((await download(`/exports/${unknown}/download`, world.tokens.coordinator)).status).toBe(404);
      expect((await download(`/exports/not-a-uuid/download`, world.tokens.coordinator)).status).toBe(404);
    });

    it('answers a matching If-None-Match with 304', async () => {
      const status = (await gql(STATUS, { id: exportId }, world.tokens.coordinator)).data.statFormExport;
      const response = await download(downloadUrl, world.tokens.coordinator, { 'if-none-match': `"${status.sha256}"` });
      expect(response.status).toBe(304);
      expect(response.body.length).toBe(0);
    });

    it('refuses requests that do not fit the form with BAD_USER_INPUT naming the field, storing nothing', async () => {
      const before = await countRows();
      const cases: [Record<string, unknown>, string, string][] = [
        [{ form: 'MONITORING_SUMMARY', districtId: world.org.districtId, year: 2024, format: 'XLSX' }, 'quarter', world.tokens.coordinator],
        [{ form: 'FEDERAL_FORM', regionId: world.org.regionId, year: 2024, format: 'XLSX' }, 'quarter', world.tokens.authority],
        [{ form: 'TARGET_PLAN', regionId: world.org.regionId, year: 2020, format: 'XLSX' }, 'regionId', world.tokens.authority],
        [
          { form: 'FEDERAL_FORM', districtId: world.org.districtId, year: 2024, quarter: 2, format: 'XLSX' },
          'districtId',
          world.tokens.coordinator,
        ],
        [{ form: 'TARGET_PLAN', year: 2020, format: 'XLSX' }, 'districtId', world.tokens.coordinator],
        [{ form: 'TARGET_PLAN', districtId: world.org.districtId, year: 2030, format: 'XLSX' }, 'year', world.tokens.coordinator],
        [
          { form: 'TARGET_PLAN', districtId: world.org.districtId, year: 2020, format: 'XLSX', formVersion: 99 },
          'formVersion',
          world.tokens.coordinator,
        ],
        [
          { form: 'MONITORING_SUMMARY', districtId: world.org.districtId, year: 2024, quarter: 5, format: 'XLSX' },
          'quarter',
          world.tokens.coordinator,
        ],
      ];
      for (const [input, field, token] of cases) {
        const result = await gql(EXPORT, { input }, token);
        expect({ input, code: errorCode(result) }).toEqual({ input, code: 'BAD_USER_INPUT' });
        expect(result.errors![0]!.extensions!.fields!.map((f) => f.field)).toContain(field);
      }
      // A coordinator cannot ask for its region.
      expect(
        errorCode(
          await gql(
            EXPORT,
            { input: { form: 'FEDERAL_FORM', regionId: world.org.regionId, year: 2024, quarter: 2, format: 'XLSX' } },
            world.tokens.coordinator,
          ),
        ),
      ).toBe('FORBIDDEN');
      expect(await countRows()).toEqual(before);
    });

    it('lists the form definitions and the exports of a district', async () => {
      const forms = await gql(`{ statForms { code version latest title scopeKinds quarterly } }`, {}, world.tokens.coordinator);
      expect(forms.data.statForms).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ code: 'TARGET_PLAN', version: 1, latest: true, scopeKinds: ['DISTRICT'], quarterly: false }),
          expect.objectContaining({ code: 'MONITORING_SUMMARY', scopeKinds: ['DISTRICT', 'REGION'], quarterly: true }),
          expect.objectContaining({ code: 'FEDERAL_FORM', scopeKinds: ['REGION'], quarterly: true }),
        ]),
      );
      const list = await gql(
        `query($d: ID) { statFormExports(districtId: $d, first: 100) { id districtId } }`,
        { d: world.org.districtId },
        world.tokens.coordinator,
      );
      expect(list.errors).toBeUndefined();
      expect(list.data.statFormExports.map((e: any) => e.id)).toContain(exportId);
      expect(list.data.statFormExports.every((e: any) => e.districtId === world.org.districtId)).toBe(true);
      const other = await gql(
        `query($d: ID) { statFormExports(districtId: $d) { id } }`,
        { d: world.org.districtId },
        world.tokens.coordinator2,
      );
      expect(errorCode(other)).toBe('FORBIDDEN');
      const own = await gql(`{ statFormExports(first: 100) { id } }`, {}, world.tokens.coordinator2);
      expect(own.data.statFormExports.map((e: any) => e.id)).not.toContain(exportId);
    });
  });

  describe('MONITORING_SUMMARY and FEDERAL_FORM', () => {
    it('computes the missing snapshot and matches districtMonitoring cell by cell (XLSX and CSV)', async () => {
      const [{ count }] = await platform.sql(
        `SELECT count(*)::int AS count FROM monitoring_snapshots WHERE district_id = $1 AND year = 2024 AND quarter = 2`,
        [world.org.districtId],
      );
      expect(count).toBe(0);
      // Layout version 1: the columns before the completeness set (version 2 is tested in reporting-workflow-exports).
      const input = { form: 'MONITORING_SUMMARY', districtId: world.org.districtId, year: 2024, quarter: 2, formVersion: 1 };
      const xlsx = await exportAndDownload({ ...input, format: 'XLSX' });
      const view = await gql(MONITORING, { districtId: world.org.districtId, year: 2024, quarter: 2 }, world.tokens.coordinator);
      expect(view.errors).toBeUndefined();
      const monitoring = view.data.districtMonitoring;
      expect(monitoring.schools).toHaveLength(4);
      expect(sha256(xlsx.file.body)).toBe(xlsx.status.sha256);
      expect(xlsx.status.title).toBe('Сводный мониторинг реализации целевой модели наставничества: Район SF, II квартал 2024 года');

      const expected = summaryTable(
        monitoring.schools.map((s: any) => ({ code: s.school.code, name: s.school.name, figures: s, reportStatus: s.reportStatus })),
        monitoring.totals,
      );
      // The fixture's figures made it through: the approved school's breakdown, the draft not counted.
      const approved = expected.find((row) => row[0] === 'S-SF-1')!;
      // 2024: 70 % of 150 (2022 carried forward) = 105; 10 % of 45 = 4.5 → 5.
      expect(approved.slice(2, 12)).toEqual([150, 105, 5, 60, 40, 30, null, null, 8, 6]);
      expect(expected.find((row) => row[0] === 'S-SF-3')!.slice(19)).toEqual(['Нет данных', 'Черновик']);

      const sheet = await firstSheet(xlsx.file.body);
      expect(cellText(sheet, 1, 1)).toBe(xlsx.status.title);
      expect(sheetTable(sheet, 5, expected.length, 21)).toEqual(expected);
      expect(sheet.actualRowCount).toBe(4 + expected.length);
      expect(sheet.columnCount).toBe(21);

      const csv = await exportAndDownload({ ...input, format: 'CSV' });
      expect(sha256(csv.file.body)).toBe(csv.status.sha256);
      const rows = parseCsv(csv.file.body.toString('utf8').slice(1), ';');
      // Semicolon CSV writes decimals with a comma, for Russian-locale Excel.
      expect(rows.slice(1)).toEqual(expected.map((row) => row.map((cell) => csvCell(cell, ';'))));
      // The first job recorded the version of the snapshot it computed, so equal requests now join it.
      expect(csv.status.dataVersion).toBe(xlsx.status.dataVersion);
      expect((await request({ ...input, format: 'XLSX' })).id).toBe(xlsx.id);
    });

    it('exports a region summary (a row per district) and the federal form, matching regionMonitoring', async () => {
      const input = { regionId: world.org.regionId, year: 2024, quarter: 2, format: 'XLSX', formVersion: 1 };
      const summary = await exportAndDownload({ ...input, form: 'MONITORING_SUMMARY' }, world.tokens.authority);
      const federal = await exportAndDownload({ ...input, form: 'FEDERAL_FORM' }, world.tokens.authority);
      expect(summary.status.title).toBe('Сводный мониторинг реализации целевой модели наставничества: Регион SF, II квартал 2024 года');
      expect(federal.status.title).toBe(
        'Сведения о численности участников программ наставничества по формам наставничества и ролям: Регион SF, II квартал 2024 года',
      );
      const view = await gql(REGION_MONITORING, { regionId: world.org.regionId, year: 2024, quarter: 2 }, world.tokens.authority);
      expect(view.errors).toBeUndefined();
      const region = view.data.regionMonitoring;
      expect(region.districts.map((d: any) => d.district.code)).toEqual(['D-SF', 'D-SF-2']);

      const expectedSummary = summaryTable(
        region.districts.map((d: any) => ({ code: d.district.code, name: d.district.name, figures: d, reportStatus: null })),
        region.totals,
      );
      const summarySheet = await firstSheet(summary.file.body);
      expect(sheetTable(summarySheet, 5, expectedSummary.length, 21)).toEqual(expectedSummary);

      // Each district row is also what the district's own screen shows as its totals.
      for (const [i, districtId] of [world.org.districtId, world.district2.id].entries()) {
        const own = await gql(MONITORING, { districtId, year: 2024, quarter: 2 }, world.tokens.authority);
        const totals = own.data.districtMonitoring.totals;
        expect(expectedSummary[i]!.slice(2, 19)).toEqual(
          summaryTable([{ code: '', name: '', figures: totals, reportStatus: null }], totals)[0]!.slice(2, 19),
        );
      }

      // Federal form: a row per district, ИТОГО the sums, which are the region's totals.
      const federalRow = (code: string | null, name: string, f: any): Cell[] => [
        code,
        name,
        f.mentees,
        f.menteesStudentStudent,
        f.menteesTeacherStudent,
        f.menteesUniversityStudentStudent,
        f.menteesEmployerStudent,
        f.menteesTeachers,
        f.menteesYoungSpecialists,
        f.mentors,
        f.mentorsTeachers,
        f.mentorsExternalEmployer,
        f.mentorsExternalUniversityStudent,
        f.mentorsExternalGraduate,
        f.mentorsExternalParent,
        f.mentorsExternalOther,
        f.pairs,
        f.groups,
      ];
      const expectedFederal = region.districts.map((d: any) => federalRow(d.district.code, d.district.name, d));
      const sums: Cell[] = [
        null,
        'ИТОГО',
        ...expectedFederal[0]!
          .slice(2)
          .map((_: Cell, i: number) => sumOrNull(expectedFederal.map((r: Cell[]) => r[i + 2] as number | null))),
      ];
      expect(sums).toEqual(federalRow(null, 'ИТОГО', region.totals));
      const federalSheet = await firstSheet(federal.file.body);
      expect(sheetTable(federalSheet, 5, expectedFederal.length + 1, 18)).toEqual([...expectedFederal, sums]);
      expect(federalSheet.actualRowCount).toBe(4 + expectedFederal.length + 1);
      expect(federalSheet.columnCount).toBe(18);
      // The figures of the fixture: district 1 counts the approved and the submitted report, not the draft.
      expect(expectedFederal[0]!.slice(2, 5)).toEqual([80, 40, 30]);
      expect(expectedFederal[1]!.slice(16)).toEqual([40, 5]);
    });
  });

  describe('a monitoring export after the plan changed', () => {
    const input = { form: 'MONITORING_SUMMARY', year: 2024, quarter: 2, format: 'CSV', formVersion: 1 };
    const computedAt = async () =>
      (await gql(MONITORING, { districtId: world.org.districtId, year: 2024, quarter: 2 }, world.tokens.coordinator)).data
        .districtMonitoring.computedAt;

    it('says the snapshot is stale (and when it was computed) until runMonitoring recomputes it', async () => {
      // The snapshot exists (the tests above computed it): an export over unchanged data is current.
      const current = await completed((await request({ ...input, districtId: world.org.districtId })).id);
      const snapshotAt = await computedAt();
      expect(snapshotAt).not.toBeNull();
      expect(current).toMatchObject({ snapshotStale: false, snapshotComputedAt: snapshotAt });

      // An enrollment is saved after the snapshot (the plan changed): a new export, said to be stale.
      await platform.sql(`UPDATE enrollments SET version = version + 1, updated_at = now() WHERE school_id = $1 AND year = 2020`, [
        world.org.schoolIds[0],
      ]);
      const stale = await completed((await request({ ...input, districtId: world.org.districtId })).id);
      expect(stale.id).not.toBe(current.id);
      expect(stale).toMatchObject({ snapshotStale: true, snapshotComputedAt: snapshotAt });
      // Asked again over the same data, the stale one is shared, still stale.
      expect((await request({ ...input, districtId: world.org.districtId })).id).toBe(stale.id);

      // The coordinator recomputes: the next export is current again, from the new snapshot.
      const run = await gql(
        `mutation($districtId: ID!, $year: Int!, $quarter: Int!) { runMonitoring(districtId: $districtId, year: $year, quarter: $quarter) { id } }`,
        { districtId: world.org.districtId, year: 2024, quarter: 2 },
        world.tokens.coordinator,
      );
      expect(run.errors).toBeUndefined();
      expect((await waitForJob(platform, world.tokens.coordinator, run.data.runMonitoring.id)).state).toBe('COMPLETED');
      const recomputedAt = await computedAt();
      expect(new Date(recomputedAt).getTime()).toBeGreaterThan(new Date(snapshotAt).getTime());
      const fresh = await completed((await request({ ...input, districtId: world.org.districtId })).id);
      expect(fresh.id).not.toBe(stale.id);
      expect(fresh).toMatchObject({ snapshotStale: false, snapshotComputedAt: recomputedAt });
    });

    it('leaves the flags null for a form not read from a snapshot', async () => {
      const plan = await completed(
        (await request({ form: 'TARGET_PLAN', districtId: world.org.districtId, year: 2020, format: 'CSV' })).id,
      );
      expect(plan).toMatchObject({ snapshotStale: null, snapshotComputedAt: null });
    });
  });

  describe('expiry and integrity', () => {
    it('expires a file: download 404 with a message, the sweep removes it, a new request makes a fresh one', async () => {
      const input = { form: 'TARGET_PLAN', districtId: world.org.districtId, year: 2023, format: 'XLSX' };
      const { id, status } = await exportAndDownload(input);
      const [{ filePath }] = await platform.sql(`SELECT file_path AS "filePath" FROM stat_exports WHERE id = $1`, [id]);
      expect(existsSync(join(dataDir, filePath))).toBe(true);
      await platform.sql(`UPDATE stat_exports SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);

      expect((await gql(STATUS, { id }, world.tokens.coordinator)).data.statFormExport).toMatchObject({
        state: 'EXPIRED',
        downloadUrl: null,
        sha256: status.sha256,
      });
      const gone = await download(status.downloadUrl, world.tokens.coordinator);
      expect(gone.status).toBe(404);
      expect(JSON.parse(gone.body.toString()).error.message).toMatch(/expired/);

      const swept = await platform.app.get(StatExportSweeper).sweepOnce();
      expect(swept.expired).toBeGreaterThanOrEqual(1);
      expect(existsSync(join(dataDir, filePath))).toBe(false);
      const [row] = await platform.sql(`SELECT state, file_path AS "filePath" FROM stat_exports WHERE id = $1`, [id]);
      expect(row).toEqual({ state: 'EXPIRED', filePath: null });

      const again = await request(input);
      expect(again.id).not.toBe(id);
      await completed(again.id);
    });

    it('refuses to serve a file altered on disk and lets the next request make a new one', async () => {
      const input = { form: 'TARGET_PLAN', districtId: world.org.districtId, year: 2024, format: 'CSV' };
      const { id, status } = await exportAndDownload(input);
      const [{ filePath }] = await platform.sql(`SELECT file_path AS "filePath" FROM stat_exports WHERE id = $1`, [id]);
      const path = join(dataDir, filePath);
      const original = readFileSync(path);
      const tampered = Buffer.from(original.toString('utf8').replace(/;(\d+)/, (_m, n) => `;${Number(n) + 1}`));
      expect(tampered.length).toBe(original.length);
      writeFileSync(path, tampered);

      const refused = await download(status.downloadUrl, world.tokens.coordinator);
      expect(refused.status).toBe(503);
      expect(JSON.parse(refused.body.toString()).error.reason).toBe('FILE_INTEGRITY');
      expect((await gql(STATUS, { id }, world.tokens.coordinator)).data.statFormExport.state).toBe('FAILED');
      const again = await request(input);
      expect(again.id).not.toBe(id);
      const fresh = await completed(again.id);
      expect(sha256((await download(fresh.downloadUrl, world.tokens.coordinator)).body)).toBe(fresh.sha256);
    });
  });
});

// ---- fixtures

async function seed(platform: Platform): Promise<World> {
  const org = await createOrg(platform, 'SF', 3);
  const [school4] = await platform.sql(
    `INSERT INTO schools (region_id, district_id, code, name) VALUES ($1, $2, 'S-SF-4', $3) RETURNING id`,
    [org.regionId, org.districtId, FORMULA_NAME],
  );
  const [district2] = await platform.sql(
    `INSERT INTO districts (region_id, code, name) VALUES ($1, 'D-SF-2', 'Второй район SF') RETURNING id, code, name`,
    [org.regionId],
  );
  const [schoolA] = await platform.sql(
    `INSERT INTO schools (region_id, district_id, code, name) VALUES ($1, $2, 'S-SF2-A', 'Школа А') RETURNING id`,
    [org.regionId, district2.id],
  );
  const [schoolB] = await platform.sql(
    `INSERT INTO schools (region_id, district_id, code, name) VALUES ($1, $2, 'S-SF2-B', 'Школа Б') RETURNING id`,
    [org.regionId, district2.id],
  );
  await platform.sql(
    `INSERT INTO users (email, password_hash, role, region_id, district_id)
     SELECT 'coordinator2.sf@test.local', password_hash, 'DISTRICT_COORDINATOR', $1, $2 FROM users WHERE email = $3`,
    [org.regionId, district2.id, org.coordinator.email],
  );

  // The region default 2020–2024; district 2 overrides its mentee schedule.
  const points: [string | null, string, number, number][] = [];
  [1000, 2500, 4000, 5500, 7000].forEach((bp, i) => points.push([null, 'MENTEE_COVERAGE', 2020 + i, bp]));
  [200, 400, 600, 800, 1000].forEach((bp, i) => points.push([null, 'STUDENT_MENTORS', 2020 + i, bp]));
  [1500, 3000, 4500, 6000, 7500].forEach((bp, i) => points.push([district2.id, 'MENTEE_COVERAGE', 2020 + i, bp]));
  for (const [districtId, indicator, year, bp] of points) {
    await platform.sql(
      `INSERT INTO target_schedule_points (region_id, district_id, indicator, year, percent_bp) VALUES ($1, $2, $3, $4, $5)`,
      [org.regionId, districtId, indicator, year, bp],
    );
  }
  // 10 % of 105, 115, 125 is 10.5, 11.5, 12.5 → 11 + 12 + 13 = 36 per school, but 10 % of 345 → 35 (ИТОГО).
  const enrollments: [string, string, number, number, number | null][] = [
    [org.districtId, org.schoolIds[0]!, 2020, 105, 40],
    [org.districtId, org.schoolIds[1]!, 2020, 115, null],
    [org.districtId, org.schoolIds[2]!, 2020, 125, 60],
    [org.districtId, org.schoolIds[0]!, 2022, 150, 45],
    [district2.id, schoolA.id, 2020, 400, 150],
    [district2.id, schoolB.id, 2021, 250, null],
  ];
  for (const [districtId, schoolId, year, students, mentorBase] of enrollments) {
    await platform.sql(
      `INSERT INTO enrollments (region_id, district_id, school_id, year, students, mentor_base) VALUES ($1, $2, $3, $4, $5, $6)`,
      [org.regionId, districtId, schoolId, year, students, mentorBase],
    );
  }
  const reports: [string, string, string, Record<string, number>][] = [
    [org.districtId, org.schoolIds[0]!, 'APPROVED', FIGURES_1],
    [org.districtId, org.schoolIds[1]!, 'SUBMITTED', FIGURES_2],
    [org.districtId, org.schoolIds[2]!, 'DRAFT', FIGURES_DRAFT],
    [district2.id, schoolA.id, 'APPROVED', FIGURES_A],
  ];
  for (const [districtId, schoolId, status, figures] of reports) {
    await platform.sql(
      `INSERT INTO quarterly_reports (region_id, district_id, school_id, year, quarter, status, catalogue_version, figures, submitted_at)
       VALUES ($1, $2, $3, 2024, 2, $4::varchar, 1, $5, CASE WHEN $4::varchar <> 'DRAFT' THEN now() END)`,
      [org.regionId, districtId, schoolId, status, JSON.stringify(figures)],
    );
  }
  const tokens = {
    coordinator: await platform.login(org.coordinator.email, FIXTURE_PASSWORD),
    coordinator2: await platform.login('coordinator2.sf@test.local', FIXTURE_PASSWORD),
    authority: await platform.login(org.authority.email, FIXTURE_PASSWORD),
    curator: await platform.login(org.curators[0]!.email, FIXTURE_PASSWORD),
    admin: await platform.adminToken(),
  };
  return { org, school4: school4.id, district2: { ...district2, schoolA: schoolA.id, schoolB: schoolB.id }, tokens };
}

// ---- expected tables from the GraphQL views

type Cell = string | number | null;

/** The plan as the form lays it out: №, name, (mentees, mentors) per year; then ИТОГО from the totals. */
function planTable(plan: any): Cell[][] {
  const rows: Cell[][] = plan.rows.map((row: any, i: number) => [
    i + 1,
    row.school.name,
    ...row.cells.flatMap((cell: any) => [cell.menteeTarget, cell.mentorTarget]),
  ]);
  rows.push([null, 'ИТОГО', ...plan.totals.flatMap((total: any) => [total.menteeTarget, total.mentorTarget])]);
  return rows;
}

const STATUS_LABELS: Record<string, string> = {
  NO_DATA: 'Нет данных',
  ACHIEVED: 'Показатель достигнут',
  ON_TRACK: 'По плану',
  AT_RISK: 'Риск отставания',
  BEHIND: 'Отставание',
};
const REPORT_LABELS: Record<string, string> = {
  MISSING: 'Не представлен',
  DRAFT: 'Черновик',
  SUBMITTED: 'Представлен',
  RETURNED: 'Возвращён на доработку',
  APPROVED: 'Утверждён',
};
/**
 * The monitoring summary as the form lays it out, from a view's rows (schools, or districts for a
 * region) and totals: code, name, students, targets, mentees (total and by form), mentors (students,
 * teachers, external by source), coverage, progress, status, report status; then ИТОГО with the
 * counts summed and targets, coverage and progress from the view's totals.
 */
function summaryTable(rows: { code: string; name: string; figures: any; reportStatus: string | null }[], totals: any): Cell[][] {
  const table: Cell[][] = rows.map(({ code, name, figures: f, reportStatus }) => [
    code,
    name,
    f.students,
    f.menteeTarget,
    f.mentorTarget,
    f.mentees,
    f.menteesStudentStudent,
    f.menteesTeacherStudent,
    f.menteesUniversityStudentStudent,
    f.menteesEmployerStudent,
    f.mentors,
    f.mentorsTeachers,
    f.mentorsExternalEmployer,
    f.mentorsExternalUniversityStudent,
    f.mentorsExternalGraduate,
    f.mentorsExternalParent,
    f.mentorsExternalOther,
    f.coveragePercent,
    f.progressPercent,
    STATUS_LABELS[f.status]!,
    reportStatus === null ? null : REPORT_LABELS[reportStatus]!,
  ]);
  const column = (i: number) => sumOrNull(table.map((r) => r[i] as number | null));
  table.push([
    null,
    'ИТОГО',
    column(2),
    totals.menteeTarget,
    totals.mentorTarget,
    ...[5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16].map(column),
    totals.coveragePercent,
    totals.progressPercent,
    null,
    null,
  ]);
  return table;
}

// ---- file readers

async function firstSheet(body: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as any);
  return workbook.worksheets[0]!;
}

function cellValue(sheet: ExcelJS.Worksheet, row: number, column: number): Cell {
  const value = sheet.getRow(row).getCell(column).value;
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  throw new Error(`cell ${row}:${column} holds ${JSON.stringify(value)}, not a plain value`);
}

function cellText(sheet: ExcelJS.Worksheet, row: number, column: number): string | null {
  const value = cellValue(sheet, row, column);
  return value === null ? null : String(value);
}

function sheetTable(sheet: ExcelJS.Worksheet, firstRow: number, rows: number, columns: number): Cell[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => cellValue(sheet, firstRow + r, c + 1)));
}

/** RFC 4180 with CRLF line ends (the writer's output), read by csv-parse. */
function parseCsv(text: string, delimiter: string): string[][] {
  return parse(text, { delimiter, record_delimiter: '\r\n' });
}

/** A cell as the CSV holds it: blank, a number (decimal comma with ';'), or text (formula-like text behind a quote). */
function csvCell(cell: Cell, delimiter: ';' | ','): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return delimiter === ';' ? String(cell).replace('.', ',') : String(cell);
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function sha256(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function sumOrNull(values: (number | null | undefined)[]): number | null {
  let total: number | null = null;
  for (const v of values) if (v !== null && v !== undefined) total = (total ?? 0) + v;
  return total;
}
