import * as fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { roadmapDayOf, shiftedTemplateStages } from '@mm/domain';
import { createOrg, FIXTURE_PASSWORD, OrgFixture } from '../harness/fixtures';
import { Platform, startPlatform } from '../harness/platform';
import { buildWebApp, launchChromium, signIn, watchPage } from './browser';

/*
 * Two defects of issue 16 in Chromium: a roadmap published after the template's first deadline is
 * offered the shift of its deadlines (checked), and a monitoring export made after the plan changed
 * says its figures are stale and offers the recompute.
 */

const YEAR = new Date().getFullYear();
const WAIT = 20_000;
const JOB_WAIT = 60_000;

async function waitForJob(platform: Platform, token: string, id: string): Promise<string> {
  const deadline = Date.now() + JOB_WAIT;
  while (Date.now() < deadline) {
    const result = await platform.gql<{ job: { state: string } }>(`query Job($id: ID!) { job(id: $id) { state } }`, { id }, token);
    const state = result.data?.job.state;
    if (state === 'COMPLETED' || state === 'FAILED') return state;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`job ${id} did not finish within ${JOB_WAIT} ms`);
}

describe('roadmap shift and stale monitoring exports in Chromium', () => {
  let platform: Platform;
  let browser: Browser;
  let org: OrgFixture;
  let webDir: string;
  const contexts: BrowserContext[] = [];

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'ru-RU' });
    context.setDefaultTimeout(WAIT);
    contexts.push(context);
    return context.newPage();
  }

  beforeAll(async () => {
    webDir = await buildWebApp();
    platform = await startPlatform({ worker: true, env: { WEB_DIR: webDir } });
    browser = await launchChromium();
    org = await createOrg(platform, 'STL', 1);
    await platform.sql(
      `INSERT INTO enrollments (region_id, district_id, school_id, year, students, mentor_base) VALUES ($1, $2, $3, $4, 500, 150)`,
      [org.regionId, org.districtId, org.schoolIds[0], YEAR],
    );
    const token = await platform.login(org.coordinator.email, FIXTURE_PASSWORD);
    const started = await platform.gql<{ runMonitoring: { id: string } }>(
      `mutation($districtId: ID!, $year: Int!, $quarter: Int!) { runMonitoring(districtId: $districtId, year: $year, quarter: $quarter) { id } }`,
      { districtId: org.districtId, year: YEAR, quarter: 1 },
      token,
    );
    expect(await waitForJob(platform, token, started.data!.runMonitoring.id)).toBe('COMPLETED');
  }, 240_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await platform?.close();
    if (webDir) fs.rmSync(webDir, { recursive: true, force: true });
  });

  it('offers to shift the deadlines of a roadmap published after the first template deadline, and publishes it shifted', async () => {
    const now = new Date();
    const schoolYear = now.getMonth() >= 8 ? now.getFullYear() : now.getFullYear() - 1;
    const today = roadmapDayOf(now);
    // Only meaningful once 30 September of the current school year has passed (always true from October to August).
    if (today <= `${schoolYear}-09-30`) return;
    const expected = shiftedTemplateStages(schoolYear, today).map((s) => s.deadline);
    const ddmmyyyy = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;

    const page = await newPage();
    const watched = watchPage(page, platform.url);
    await signIn(page, platform.url, org.coordinator.email, FIXTURE_PASSWORD);
    await page.goto(`${platform.url}/districts/${org.districtId}/roadmap`);
    const shift = page.getByLabel(/Сдвинуть сроки этапов от сегодняшнего дня/);
    expect(await shift.isChecked()).toBe(true);
    await page.getByText(`Сроки этапов: с ${ddmmyyyy(expected[0]!)} по ${ddmmyyyy(expected[6]!)}`).waitFor();
    // Unchecked, the page says how many stages would open overdue.
    await shift.uncheck();
    await page.getByText(/Без сдвига этапов с прошедшим сроком: \d+/).waitFor();
    await shift.check();
    await page.getByRole('button', { name: 'Опубликовать типовую дорожную карту (7 этапов)' }).click();
    await page.getByText('Дорожная карта опубликована.').waitFor();
    const stored = await platform.sql(
      `SELECT to_char(s.deadline, 'YYYY-MM-DD') AS deadline FROM roadmap_stages s WHERE s.district_id = $1 ORDER BY s.position`,
      [org.districtId],
    );
    expect(stored.map((r) => r.deadline)).toEqual(expected);
    expect(await page.locator('.matrix-table').getByText('просрочен', { exact: true }).count()).toBe(0);
    expect(watched.errors).toEqual([]);
  }, 120_000);

  it('says a monitoring export made after the plan changed is stale and recomputes on request', async () => {
    // The plan changes after the snapshot.
    await platform.sql(`UPDATE enrollments SET students = 600, version = version + 1, updated_at = now() WHERE school_id = $1`, [
      org.schoolIds[0],
    ]);
    const page = await newPage();
    await signIn(page, platform.url, org.coordinator.email, FIXTURE_PASSWORD);
    await page.goto(`${platform.url}/districts/${org.districtId}/exports?year=${YEAR}&quarter=1`);
    await page.getByLabel('Форма').selectOption('MONITORING_SUMMARY');
    await page.getByLabel('текст CSV').check();
    await page.getByRole('button', { name: 'Сформировать' }).click();
    const result = page.getByTestId('export-result');
    await result.getByRole('button', { name: /Скачать/ }).waitFor({ timeout: JOB_WAIT });
    await result.getByText(/Цифры мониторинга в этой выгрузке рассчитаны \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}; .* цифры устарели\./).waitFor();
    const before = await platform.sql(`SELECT computed_at FROM monitoring_snapshots WHERE district_id = $1 AND year = $2 AND quarter = 1`, [
      org.districtId,
      YEAR,
    ]);
    await result.getByRole('button', { name: 'Пересчитать мониторинг' }).click();
    await result
      .getByText('Мониторинг пересчитан. Сформируйте выгрузку заново, чтобы получить актуальные цифры.')
      .waitFor({ timeout: JOB_WAIT });
    const after = await platform.sql(`SELECT computed_at FROM monitoring_snapshots WHERE district_id = $1 AND year = $2 AND quarter = 1`, [
      org.districtId,
      YEAR,
    ]);
    expect(after[0].computed_at.getTime()).toBeGreaterThan(before[0].computed_at.getTime());

    // A new export is current: no warning.
    await page.getByRole('button', { name: 'Сформировать' }).click();
    await page
      .getByTestId('export-result')
      .getByRole('button', { name: /Скачать/ })
      .waitFor({ timeout: JOB_WAIT });
    expect(await page.getByTestId('stale-snapshot').count()).toBe(0);
  }, 120_000);
});
