import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Clock } from '../apps/api/src/modules/roadmap/clock';
import { roadmapDayOf } from '@mm/domain';
import { createOrg, FIXTURE_PASSWORD, OrgFixture } from './harness/fixtures';
import { errorCode, Platform, startPlatform } from './harness/platform';

/**
 * The roadmap matrix as a statistical form (ROADMAP_MATRIX, issue 8): exported through
 * exportStatForm, written by the worker from the same reads as roadmapMatrix with the states of
 * the export's day, downloaded and compared cell by cell with roadmapMatrix for that day.
 */

const PUBLISH = `mutation($input: PublishRoadmapInput!) { publishRoadmap(input: $input) { id stages { id code } } }`;
const COMPLETE = `mutation($input: CompleteRoadmapStageInput!) { completeRoadmapStage(input: $input) { state } }`;
const REJECT = `mutation($input: RejectRoadmapStageInput!) { rejectRoadmapStage(input: $input) { state } }`;
const MATRIX = `query($districtId: ID!, $schoolYear: Int!) { roadmapMatrix(districtId: $districtId, schoolYear: $schoolYear) {
  roadmap { asOf stages { id position code title deadline counts { done } } }
  rows { school { id code name } cells { stageId state completion { completedAt } } }
} }`;
const EXPORT = `mutation ExportStatForm($input: ExportStatFormInput!) { exportStatForm(input: $input) { id state dataVersion createdAt } }`;
const STATUS = `query StatFormExport($id: ID!) {
  statFormExport(id: $id) { id state sha256 downloadUrl form format bytes rows title fileName error dataVersion createdAt }
}`;

const YEAR = 2025;
const STATE_RU: Record<string, string> = { DONE: 'Выполнено', DUE: 'В работе', OVERDUE: 'Просрочено', REJECTED: 'Отклонено' };
type Cell = string | number | null;

jest.setTimeout(90_000);

describe('roadmap matrix export (e2e)', () => {
  let platform: Platform;
  let org: OrgFixture;
  let today: jest.SpyInstance<string, []>;
  let stages: { id: string; code: string }[];
  const tokens: Record<string, string> = {};
  const stage = (code: string) => stages.find((s) => s.code === code)!.id;

  beforeAll(async () => {
    platform = await startPlatform({ worker: true, env: { DATA_DIR: mkdtempSync(join(tmpdir(), 'mm-roadmap-export-')) } });
    today = jest.spyOn(platform.app.get(Clock), 'today');
    today.mockReturnValue('2025-09-10');
    org = await createOrg(platform, 'RME', 3);
    const login = (email: string) => platform.login(email, FIXTURE_PASSWORD);
    tokens.coordinator = await login(org.coordinator.email);
    [tokens.curator1, tokens.curator2, tokens.curator3] = await Promise.all(org.curators.map((c) => login(c.email)));

    const published = await platform.gql(PUBLISH, { input: { districtId: org.districtId, schoolYear: YEAR } }, tokens.coordinator);
    expect(published.errors).toBeUndefined();
    stages = published.data.publishRoadmap.stages;

    today.mockReturnValue('2025-10-20');
    const complete = async (code: string, school: number, token: string) => {
      const input = {
        stageId: stage(code),
        schoolId: org.schoolIds[school],
        documentNumber: `${code}-${school}`,
        documentDate: '2025-10-01',
      };
      const result = await platform.gql(COMPLETE, { input }, token);
      expect(result.errors).toBeUndefined();
    };
    await complete('I', 0, tokens.curator1);
    await complete('II', 0, tokens.curator1);
    await complete('I', 1, tokens.curator2);
    await complete('II', 1, tokens.curator2);
    const rejected = await platform.gql(
      REJECT,
      { input: { stageId: stage('II'), schoolId: org.schoolIds[1], comment: 'Нет подписи руководителя' } },
      tokens.coordinator,
    );
    expect(rejected.errors).toBeUndefined();
  }, 120_000);
  afterAll(async () => {
    today?.mockRestore();
    await platform?.close();
  }, 30_000);

  const countRows = async () => {
    const [row] = await platform.sql(
      `SELECT (SELECT count(*) FROM stat_exports)::int AS exports, (SELECT count(*) FROM job_runs WHERE name = 'stat-form.export')::int AS runs`,
    );
    return row;
  };

  async function request(input: Record<string, unknown>, token = tokens.coordinator) {
    const result = await platform.gql(EXPORT, { input }, token);
    expect(result.errors).toBeUndefined();
    return result.data.exportStatForm as { id: string; state: string; dataVersion: string; createdAt: string };
  }

  async function completed(id: string): Promise<any> {
    for (let attempt = 0; attempt < 600; attempt++) {
      const result = await platform.gql(STATUS, { id }, tokens.coordinator);
      expect(result.errors).toBeUndefined();
      const status = result.data.statFormExport;
      if (status.state === 'COMPLETED') return status;
      if (status.state === 'FAILED') throw new Error(`export ${id} failed: ${status.error}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`export ${id} did not complete`);
  }

  async function download(path: string): Promise<Buffer> {
    const response = await fetch(`${platform.url}${path}`, { headers: { authorization: `Bearer ${tokens.coordinator}` } });
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  }

  /** roadmapMatrix as the screen shows it on the export's day (Moscow). */
  async function matrixOn(day: string): Promise<any> {
    today.mockReturnValue(day);
    const result = await platform.gql(MATRIX, { districtId: org.districtId, schoolYear: YEAR }, tokens.coordinator);
    expect(result.errors).toBeUndefined();
    return result.data.roadmapMatrix;
  }

  const xlsx = () => ({ form: 'ROADMAP_MATRIX', districtId: org.districtId, year: YEAR, format: 'XLSX' });

  let first: { id: string; dataVersion: string };

  it('exports XLSX whose every cell equals roadmapMatrix for the export day, ИТОГО counting done schools per stage', async () => {
    const requested = await request(xlsx());
    first = requested;
    const status = await completed(requested.id);
    expect(status).toMatchObject({ form: 'ROADMAP_MATRIX', format: 'XLSX', rows: 3 });
    expect(status.title).toBe('Исполнение дорожной карты внедрения целевой модели наставничества на 2025/2026 учебный год: Район RME');
    const body = await download(status.downloadUrl);
    expect(createHash('sha256').update(body).digest('hex')).toBe(status.sha256);

    const day = roadmapDayOf(new Date(status.createdAt));
    const matrix = await matrixOn(day);
    expect(matrix.roadmap.asOf).toBe(day);
    // The fixture holds every state the form names: done, rejected and (depending on the day) due or overdue.
    const states = new Set(matrix.rows.flatMap((r: any) => r.cells.map((c: any) => c.state)));
    expect([...states]).toEqual(expect.arrayContaining(['DONE', 'REJECTED']));

    const sheet = await firstSheet(body);
    const stageCount = matrix.roadmap.stages.length;
    const width = 3 + 2 * stageCount;
    expect(cellValue(sheet, 1, 1)).toBe(status.title);
    // Row 3: №, code, name and a group per stage; row 4: each stage's state and completion date.
    expect([1, 2, 3].map((c) => cellValue(sheet, 3, c))).toEqual(['№ п/п', 'Код ОО', 'Наименование образовательной организации']);
    matrix.roadmap.stages.forEach((s: any, i: number) => {
      expect(cellValue(sheet, 3, 4 + 2 * i)).toBe(`${s.code}. ${s.title} (срок ${ru(s.deadline)})`);
      expect(cellValue(sheet, 4, 4 + 2 * i)).toBe('Состояние');
      expect(cellValue(sheet, 4, 5 + 2 * i)).toBe('Дата выполнения');
    });

    const expected: Cell[][] = matrix.rows.map((row: any, i: number) => [
      i + 1,
      row.school.code,
      row.school.name,
      ...row.cells.flatMap((cell: any) => [
        STATE_RU[cell.state]!,
        cell.state === 'DONE' ? ru(roadmapDayOf(new Date(cell.completion.completedAt))) : null,
      ]),
    ]);
    expected.push([null, null, 'ИТОГО', ...matrix.roadmap.stages.flatMap((s: any) => [null, String(s.counts.done)])]);
    expect(sheetTable(sheet, 5, expected.length, width)).toEqual(expected);
    expect(sheet.actualRowCount).toBe(4 + expected.length);
    // Stage I done by two schools, stage II by one (the other was rejected).
    expect(expected.at(-1)!.slice(3, 7)).toEqual([null, '2', null, '1']);
  });

  it('returns the same export for the same request over unchanged data', async () => {
    const before = await countRows();
    const again = await request(xlsx());
    expect(again.id).toBe(first.id);
    expect(again.dataVersion).toBe(first.dataVersion);
    expect(await countRows()).toEqual(before);
  });

  it('makes a new export after a completion, showing it', async () => {
    today.mockReturnValue('2025-10-25');
    const done = await platform.gql(
      COMPLETE,
      { input: { stageId: stage('I'), schoolId: org.schoolIds[2], documentNumber: '12', documentDate: '2025-10-24' } },
      tokens.curator3,
    );
    expect(done.errors).toBeUndefined();
    const next = await request(xlsx());
    expect(next.id).not.toBe(first.id);
    expect(next.dataVersion).not.toBe(first.dataVersion);
    const status = await completed(next.id);
    const sheet = await firstSheet(await download(status.downloadUrl));
    const matrix = await matrixOn(roadmapDayOf(new Date(status.createdAt)));
    const row = matrix.rows.findIndex((r: any) => r.school.id === org.schoolIds[2]);
    expect(cellValue(sheet, 5 + row, 4)).toBe('Выполнено');
    expect(cellValue(sheet, 5 + row, 5)).toBe(ru(roadmapDayOf(new Date(matrix.rows[row].cells[0].completion.completedAt))));
    expect(cellValue(sheet, 5 + matrix.rows.length, 5)).toBe('3');
  });

  it('keeps curators out, and refuses a region scope or a school year without a roadmap, storing nothing', async () => {
    const before = await countRows();
    expect(errorCode(await platform.gql(EXPORT, { input: xlsx() }, tokens.curator1))).toBe('FORBIDDEN');
    const noRoadmap = await platform.gql(EXPORT, { input: { ...xlsx(), year: 2026 } }, tokens.coordinator);
    expect(errorCode(noRoadmap)).toBe('BAD_USER_INPUT');
    expect(noRoadmap.errors![0]!.extensions!.fields).toEqual([expect.objectContaining({ field: 'year' })]);
    const region = await platform.gql(
      EXPORT,
      { input: { form: 'ROADMAP_MATRIX', regionId: org.regionId, year: YEAR, format: 'XLSX' } },
      tokens.coordinator,
    );
    expect(errorCode(region)).toBe('BAD_USER_INPUT');
    expect(await countRows()).toEqual(before);
  });
});

/** 2025-09-30 → 30.09.2025. */
function ru(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}

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

function sheetTable(sheet: ExcelJS.Worksheet, firstRow: number, rows: number, columns: number): Cell[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => cellValue(sheet, firstRow + r, c + 1)));
}
