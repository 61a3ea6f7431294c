import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrg, FIXTURE_PASSWORD } from './harness/fixtures';
import { Platform, startPlatform } from './harness/platform';

jest.setTimeout(90_000);

/**
 * The export job on BullMQ's Postgres queue backend (the embedded default without Redis), whatever
 * backend the rest of the run uses: request, the worker writes the file, download and hash check.
 */
describe('statistical form export on the Postgres queue backend (e2e)', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await startPlatform({
      worker: true,
      env: { QUEUE_BACKEND: 'postgres', DATA_DIR: mkdtempSync(join(tmpdir(), 'mm-stat-forms-pg-')) },
    });
  });
  afterAll(() => platform?.close());

  it('exports a target plan as CSV, equal to districtTargetPlan', async () => {
    expect(platform.env.QUEUE_BACKEND).toBe('postgres');
    const org = await createOrg(platform, 'SFPG', 2);
    for (const [indicator, year, bp] of [
      ['MENTEE_COVERAGE', 2024, 7000],
      ['STUDENT_MENTORS', 2024, 1000],
    ] as const) {
      await platform.sql(`INSERT INTO target_schedule_points (region_id, indicator, year, percent_bp) VALUES ($1, $2, $3, $4)`, [
        org.regionId,
        indicator,
        year,
        bp,
      ]);
    }
    for (const [i, students] of [105, 115].entries()) {
      await platform.sql(`INSERT INTO enrollments (region_id, district_id, school_id, year, students) VALUES ($1, $2, $3, 2024, $4)`, [
        org.regionId,
        org.districtId,
        org.schoolIds[i],
        students,
      ]);
    }
    const token = await platform.login(org.coordinator.email, FIXTURE_PASSWORD);
    const requested = await platform.gql(
      `mutation($input: ExportStatFormInput!) { exportStatForm(input: $input) { id state } }`,
      { input: { form: 'TARGET_PLAN', districtId: org.districtId, year: 2024, format: 'CSV' } },
      token,
    );
    expect(requested.errors).toBeUndefined();
    const id = requested.data.exportStatForm.id;
    let status: any;
    for (let i = 0; i < 600 && status?.state !== 'COMPLETED'; i++) {
      if (i) await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await platform.gql(`query($id: ID!) { statFormExport(id: $id) { id state sha256 downloadUrl error } }`, { id }, token)).data
        .statFormExport;
      expect(status.state).not.toBe('FAILED');
    }
    expect(status.state).toBe('COMPLETED');
    const response = await fetch(`${platform.url}${status.downloadUrl}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const body = Buffer.from(await response.arrayBuffer());
    expect(createHash('sha256').update(body).digest('hex')).toBe(status.sha256);

    const plan = await platform.gql(
      `query($d: ID!) { districtTargetPlan(districtId: $d, fromYear: 2024, toYear: 2024) { rows { school { name } cells { menteeTarget mentorTarget } } totals { menteeTarget mentorTarget } } }`,
      { d: org.districtId },
      token,
    );
    const { rows, totals } = plan.data.districtTargetPlan;
    const lines = body
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(lines.slice(1)).toEqual([
      ...rows.map((r: any, i: number) => `${i + 1};${r.school.name};${r.cells[0].menteeTarget};${r.cells[0].mentorTarget}`),
      `;ИТОГО;${totals[0].menteeTarget};${totals[0].mentorTarget}`,
    ]);
    // ИТОГО from the total base: 70 % of 220 = 154, not 74 + 81; 10 % of 220 = 22, not 11 + 12.
    expect(rows.map((r: any) => [r.cells[0].menteeTarget, r.cells[0].mentorTarget])).toEqual([
      [74, 11],
      [81, 12],
    ]);
    expect(totals[0]).toEqual({ menteeTarget: 154, mentorTarget: 22 });
  });
});
