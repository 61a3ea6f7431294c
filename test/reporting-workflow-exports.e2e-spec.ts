import { parse } from 'csv-parse/sync';
import { createOrg, FIXTURE_PASSWORD, OrgFixture } from './harness/fixtures';
import { Platform, startPlatform } from './harness/platform';
import { APPROVE, completeFigures, SAVE, SUBMIT } from './quarterly-report.helpers';

const EXPORT = `mutation ExportStatForm($input: ExportStatFormInput!) { exportStatForm(input: $input) { id state } }`;
const STATUS = `query StatFormExport($id: ID!) { statFormExport(id: $id) { id state downloadUrl error dataVersion } }`;
const COMPLETENESS = `query ReportingCompleteness($regionId: ID!, $year: Int!, $quarter: Int!) {
  reportingCompleteness(regionId: $regionId, year: $year, quarter: $quarter) {
    expected submitted onTime approved submittedRate onTimeRate districts { district { id } expected submitted onTime approved submittedRate onTimeRate } } }`;

const COLUMNS = ['Сдача отчётов за квартал, ОО: должны сдать', 'сдали', 'из них в срок', 'из них утверждено', 'сдали, %', 'в срок, %'];

jest.setTimeout(180_000);

/** The completeness column set of MONITORING_SUMMARY and FEDERAL_FORM (layout version 2, issue 19). */
describe('completeness in the statistical forms (e2e)', () => {
  let platform: Platform;
  let org: OrgFixture;
  let district2: string;
  let tokens: { admin: string; coordinator: string; authority: string };
  const [year, quarter] = [2025, 1];

  beforeAll(async () => {
    platform = await startPlatform({ worker: true });
    org = await createOrg(platform, 'WFX', 3);
    [{ id: district2 }] = await platform.sql(
      `INSERT INTO districts (region_id, code, name) VALUES ($1, 'D-WFX-2', 'Район WFX-2') RETURNING id`,
      [org.regionId],
    );
    await platform.sql(
      `INSERT INTO schools (region_id, district_id, code, name) VALUES ($1, $2, 'S-WFX-B1', 'Школа Б1'), ($1, $2, 'S-WFX-B2', 'Школа Б2')`,
      [org.regionId, district2],
    );
    tokens = {
      admin: await platform.adminToken(),
      coordinator: await platform.login(org.coordinator.email, FIXTURE_PASSWORD),
      authority: await platform.login(org.authority.email, FIXTURE_PASSWORD),
    };
    const submit = async (schoolId: string) => {
      const saved = (await platform.gql(SAVE, { input: { schoolId, year, quarter, figures: completeFigures() } }, tokens.admin)).data
        .saveQuarterlyReport;
      return (await platform.gql(SUBMIT, { id: saved.id, expectedVersion: saved.version }, tokens.admin)).data.submitQuarterlyReport;
    };
    // District 1: school 1 on time and approved, school 2 late, school 3 nothing.
    const first = await submit(org.schoolIds[0]!);
    await platform.sql(
      `UPDATE quarterly_report_revisions SET created_at = '2025-04-08 12:00+03' WHERE report_id = $1 AND action = 'SUBMIT'`,
      [first.id],
    );
    await platform.gql(APPROVE, { id: first.id, expectedVersion: first.version }, tokens.coordinator);
    await submit(org.schoolIds[1]!);
    // District 2: one school closed before the quarter (not expected), the other without a report.
    await platform.sql(`UPDATE schools SET active = false, deactivated_on = '2024-12-20' WHERE code = 'S-WFX-B1'`);
  });
  afterAll(() => platform?.close());

  async function exportCsv(input: Record<string, unknown>, token: string): Promise<string[][]> {
    const started = await platform.gql(EXPORT, { input: { ...input, year, quarter, format: 'CSV' } }, token);
    expect(started.errors).toBeUndefined();
    for (let attempt = 0; attempt < 600; attempt++) {
      const status = (await platform.gql(STATUS, { id: started.data.exportStatForm.id }, token)).data.statFormExport;
      if (status.state === 'FAILED') throw new Error(status.error);
      if (status.state === 'COMPLETED') {
        const response = await fetch(`${platform.url}${status.downloadUrl}`, { headers: { authorization: `Bearer ${token}` } });
        return parse((await response.text()).replace(/^\uFEFF/, ''), { delimiter: ';', relax_column_count: true }) as string[][];
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    throw new Error('the export did not finish');
  }

  /** The six completeness cells of the rows whose first cell is one of `codes` (and the ИТОГО row). */
  const completenessOf = (table: string[][], header: string[] | undefined) => {
    if (!header) throw new Error('no header');
    const from = header.indexOf(COLUMNS[0]!);
    expect(from).toBeGreaterThan(0);
    expect(header.slice(from, from + 6)).toEqual(COLUMNS.map((c, i) => (i === 0 ? c : `Сдача отчётов за квартал, ОО: ${c}`)));
    return Object.fromEntries(table.map((row) => [row[0] || row[1]!, row.slice(from, from + 6)]));
  };

  it('adds, per school of a district, whether it was expected, submitted, on time and approved, and the district totals', async () => {
    const [header, ...rows] = await exportCsv({ form: 'MONITORING_SUMMARY', districtId: org.districtId }, tokens.coordinator);
    const cells = completenessOf(rows, header);
    expect(cells['S-WFX-1']).toEqual(['1', '1', '1', '1', '100', '100']);
    expect(cells['S-WFX-2']).toEqual(['1', '1', '0', '0', '100', '0']);
    expect(cells['S-WFX-3']).toEqual(['1', '0', '0', '0', '0', '0']);
    // ИТОГО: sums of the counts; rates of the totals, 2 of 3 and 1 of 3, rounded half-up.
    expect(cells['ИТОГО']).toEqual(['3', '2', '1', '1', '66,7', '33,3']);
  });

  it('adds a district row set to the region forms that matches reportingCompleteness, never over 100 %', async () => {
    const view = (await platform.gql(COMPLETENESS, { regionId: org.regionId, year, quarter }, tokens.authority)).data.reportingCompleteness;
    expect(view).toMatchObject({ expected: 4, submitted: 2, onTime: 1, approved: 1, submittedRate: 50, onTimeRate: 25 });
    const fmt = (n: number | null) => (n === null ? '' : String(n).replace('.', ','));
    const expectedRow = (f: {
      expected: number;
      submitted: number;
      onTime: number;
      approved: number;
      submittedRate: number | null;
      onTimeRate: number | null;
    }) => [f.expected, f.submitted, f.onTime, f.approved].map(String).concat([fmt(f.submittedRate), fmt(f.onTimeRate)]);

    for (const form of ['FEDERAL_FORM', 'MONITORING_SUMMARY']) {
      const [header, ...rows] = await exportCsv({ form, regionId: org.regionId }, tokens.authority);
      const cells = completenessOf(rows, header);
      expect(cells['D-WFX']).toEqual(expectedRow(view.districts[0]));
      expect(cells['D-WFX-2']).toEqual(['1', '0', '0', '0', '0', '0']);
      expect(cells['ИТОГО']).toEqual(expectedRow(view));
    }
  });
});
