import * as fs from 'node:fs';
import * as path from 'node:path';
import JSZip from 'jszip';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { findDataElement } from '@mm/domain';
import { seedDemo } from '../../apps/embedded/src/demo-seed';
import { createOrg, FIXTURE_PASSWORD, OrgFixture } from '../harness/fixtures';
import { Platform, startPlatform } from '../harness/platform';
import { buildWebApp, launchChromium, signIn, watchPage } from './browser';

/*
 * The web app in Chromium (Debian's, or the npm package's) against the whole platform (API, worker, queues): a
 * curator fills and submits a quarterly report, meets a validation error and fixes it; the
 * coordinator approves it, runs monitoring, sees the school's status change on the dashboard, and
 * downloads the target plan as XLSX. WEB_SCREENSHOTS=1 also writes docs/screenshots/*.png from the
 * demo district.
 */

const YEAR = new Date().getFullYear();
const QUARTER = 1;
const WAIT = 20_000;
const JOB_WAIT = 60_000;
const SCREENSHOTS = process.env.WEB_SCREENSHOTS === '1';
const SCREENSHOT_DIR = path.resolve(__dirname, '../../docs/screenshots');

const label = (code: string) => findDataElement(code)!.labelRu;

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

async function runMonitoring(platform: Platform, token: string, districtId: string, year: number, quarter: number): Promise<void> {
  const started = await platform.gql<{ runMonitoring: { id: string } }>(
    `mutation RunMonitoring($districtId: ID!, $year: Int!, $quarter: Int!) { runMonitoring(districtId: $districtId, year: $year, quarter: $quarter) { id state } }`,
    { districtId, year, quarter },
    token,
  );
  if (!started.data) throw new Error(`runMonitoring refused: ${JSON.stringify(started.errors)}`);
  expect(await waitForJob(platform, token, started.data.runMonitoring.id)).toBe('COMPLETED');
}

describe('web app in Chromium', () => {
  let platform: Platform;
  let browser: Browser;
  let org: OrgFixture;
  let webDir: string;
  const contexts: BrowserContext[] = [];

  async function newPage(width = 1366, height = 900): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'ru-RU', acceptDownloads: true });
    context.setDefaultTimeout(WAIT);
    contexts.push(context);
    return context.newPage();
  }

  beforeAll(async () => {
    webDir = await buildWebApp();
    platform = await startPlatform({ worker: true, env: { WEB_DIR: webDir } });
    browser = await launchChromium();
    org = await createOrg(platform, 'WEB', 2);
    const [school1, school2] = org.schoolIds;
    await platform.sql(
      `INSERT INTO enrollments (region_id, district_id, school_id, year, students, mentor_base) VALUES
         ($1, $2, $3, $5, 500, 150), ($1, $2, $4, $5, 300, 90)`,
      [org.regionId, org.districtId, school1, school2, YEAR],
    );
    // 40 % of 500 students: school 1's target is 200 mentees this year.
    await platform.sql(
      `INSERT INTO target_schedule_points (region_id, indicator, year, percent_bp) VALUES ($1, 'MENTEE_COVERAGE', $2, 4000), ($1, 'STUDENT_MENTORS', $2, 1000)`,
      [org.regionId, YEAR],
    );
    // A snapshot before any report: both schools without data.
    await runMonitoring(platform, await platform.login(org.coordinator.email, FIXTURE_PASSWORD), org.districtId, YEAR, QUARTER);
  }, 240_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await platform?.close();
    if (webDir) fs.rmSync(webDir, { recursive: true, force: true });
  });

  it('is served by the API from its own origin, with client routes falling back to index.html', async () => {
    const page = await fetch(`${platform.url}/districts/anything?year=${YEAR}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).toContain('<div id="root"></div>');
    // Everything the page loads is on this server: no CDN.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);

    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const script = await fetch(`${platform.url}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');

    expect((await fetch(`${platform.url}/assets/missing.js`, { headers: { accept: 'text/html' } })).status).toBe(404);
    const health = await fetch(`${platform.url}/health`, { headers: { accept: 'text/html' } });
    expect(health.headers.get('content-type')).toMatch(/json/);
    const graphql = await fetch(`${platform.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(graphql.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
  });

  it('lets a curator fill in the quarterly report, shows the server’s validation error by the figure, and submits once fixed', async () => {
    const page = await newPage();
    const watched = watchPage(page, platform.url);
    const curator = org.curators[0]!;
    await signIn(page, platform.url, curator.email, FIXTURE_PASSWORD);
    expect(new URL(page.url()).pathname).toBe(`/schools/${curator.schoolId}/report`);
    await page.goto(`${platform.url}/schools/${curator.schoolId}/report?year=${YEAR}&quarter=${QUARTER}`);
    await page.getByRole('heading', { level: 1, name: 'Квартальный отчёт' }).waitFor();
    await page.getByText('Отчёт за этот период ещё не начат.').waitFor();

    const fill = async (code: string, value: number) => page.getByLabel(label(code)).fill(String(value));
    await fill('STUDENTS', 500);
    await fill('MENTEES_STUDENTS', 600); // more mentees than students: a hard rule refuses it
    await fill('MENTEES_STUDENTS_STUDENT_STUDENT', 400);
    await fill('MENTEES_STUDENTS_TEACHER_STUDENT', 200);
    await fill('MENTORS_STUDENTS', 20);
    await fill('TEACHERS', 40);
    await fill('MENTEES_TEACHERS', 6);
    await fill('MENTORS_TEACHERS', 10);
    await page.getByRole('button', { name: 'Отправить на проверку' }).click();

    const mentees = page.getByLabel(label('MENTEES_STUDENTS'));
    await page.locator('[data-code="MENTEES_STUDENTS"] .error-text').waitFor();
    await expect(mentees.getAttribute('aria-invalid')).resolves.toBe('true');
    const errorText = await page.locator('[data-code="MENTEES_STUDENTS"] .error-text').innerText();
    expect(errorText).toContain('Наставляемых обучающихся больше, чем обучающихся.');
    expect(errorText).not.toMatch(/[A-Za-z]/); // Russian only: the server's English text is not shown
    await page.getByRole('alert').filter({ hasText: 'В отчёте 1 ошибка' }).waitFor();
    // The figure is described by its error for screen readers.
    const describedBy = (await mentees.getAttribute('aria-describedby')) ?? '';
    expect(describedBy).toContain('figure-MENTEES_STUDENTS-error');
    // Refused: nothing stored.
    expect(await platform.sql(`SELECT id FROM quarterly_reports WHERE school_id = $1`, [curator.schoolId])).toEqual([]);

    await fill('MENTEES_STUDENTS', 120);
    await fill('MENTEES_STUDENTS_STUDENT_STUDENT', 70);
    await fill('MENTEES_STUDENTS_TEACHER_STUDENT', 50);
    // Saving disables the button while it runs; afterwards focus is back on it, not lost to the page's top.
    await page.getByRole('button', { name: 'Сохранить черновик' }).click();
    await page.getByText('Черновик сохранён.').waitFor();
    await page.waitForFunction(`document.activeElement?.textContent === 'Сохранить черновик'`);
    await page.getByRole('button', { name: 'Отправить на проверку' }).click();
    await page.getByText('Отчёт отправлен на проверку.').waitFor();
    // The submit button is gone (the report is read-only now): focus is on the status message.
    await page.waitForFunction(`document.activeElement?.classList.contains('form-summary') === true`);
    expect(await page.evaluate(`document.activeElement.textContent`)).toContain('Отчёт отправлен на проверку.');
    await expect(mentees.getAttribute('aria-invalid')).resolves.toBeNull();
    await page.locator('.report-status').getByText('На проверке').waitFor();
    // The history lists the save and the submit.
    const history = page.getByRole('region', { name: /Изменения отчёта/ });
    await history.getByText('Отправка').waitFor();
    await history.getByText('Сохранение').waitFor();
    // Submitted reports are read-only for the school.
    await expect(mentees.isDisabled()).resolves.toBe(true);

    const [stored] = await platform.sql(
      `SELECT status, version, figures FROM quarterly_reports WHERE school_id = $1 AND year = $2 AND quarter = $3`,
      [curator.schoolId, YEAR, QUARTER],
    );
    expect(stored.status).toBe('SUBMITTED');
    expect(stored.figures).toMatchObject({ STUDENTS: 500, MENTEES_STUDENTS: 120 });
    expect(watched.errors).toEqual([]);
    expect(watched.foreignRequests).toEqual([]);
  }, 90_000);

  it('lets the coordinator approve it, run monitoring and see the school’s status change on the dashboard', async () => {
    const page = await newPage();
    const watched = watchPage(page, platform.url);
    await signIn(page, platform.url, org.coordinator.email, FIXTURE_PASSWORD);
    expect(new URL(page.url()).pathname).toBe(`/districts/${org.districtId}`);
    await page.goto(`${platform.url}/districts/${org.districtId}?year=${YEAR}&quarter=${QUARTER}`);
    const row = page.getByTestId('schools-table').locator('tr[data-school-code="S-WEB-1"]');
    // The snapshot taken before the report: no data yet.
    await row.getByText('Нет данных').waitFor();

    await page.getByRole('navigation', { name: 'Основная навигация' }).getByRole('link', { name: 'Отчёты школ' }).click();
    await page.getByRole('heading', { level: 1, name: 'Отчёты школ' }).waitFor();
    await page.locator('tr[data-school-code="S-WEB-1"]').getByText('На проверке').waitFor();
    await page.getByRole('button', { name: 'Утвердить: Школа № 1 (WEB)' }).click();
    await page.getByText('Отчёт утверждён: Школа № 1 (WEB)').waitFor();
    const [approved] = await platform.sql(`SELECT status FROM quarterly_reports WHERE school_id = $1`, [org.schoolIds[0]]);
    expect(approved.status).toBe('APPROVED');
    // The approved row stays where it was (first, as the one waiting) rather than jumping to the end.
    await page.locator('tr[data-school-code="S-WEB-1"]').getByText('Утверждён').waitFor();
    expect(await page.locator('tr[data-school-code]').first().getAttribute('data-school-code')).toBe('S-WEB-1');

    await page.getByRole('navigation', { name: 'Основная навигация' }).getByRole('link', { name: 'Сводка' }).click();
    await page.getByRole('heading', { level: 1, name: 'Сводка по району' }).waitFor();
    await page.getByRole('button', { name: 'Рассчитать мониторинг' }).click();
    await page.getByText('Мониторинг рассчитан.').waitFor({ timeout: JOB_WAIT });
    // 120 of the year's 200: 60 % of the target, above the 25 % expected by the end of Q1.
    await row.getByText('В графике').waitFor();
    await expect(row.innerText()).resolves.toMatch(/Утверждён/);
    await expect(row.innerText()).resolves.toMatch(/60\s?%/);
    // The other school has not reported, and the page says so in words, not only in colour.
    await page
      .getByRole('region', { name: /Не отправили отчёт/ })
      .getByText('Школа № 2 (WEB)')
      .waitFor();
    await page.getByTestId('schools-table').locator('tr[data-school-code="S-WEB-2"]').getByText('Нет данных').waitFor();
    // The chart's legend names the colours drawn, in the bars' order: coverage by status, then the target.
    const legend = page.getByTestId('chart-legend').locator('li');
    await expect(legend.allInnerTexts()).resolves.toEqual(['Охват — в графике', 'Охват — нет данных', 'Цель года, %']);
    const swatches = await legend.locator('.chart-swatch').evaluateAll((spans) => spans.map((s) => s.getAttribute('style') ?? ''));
    expect(swatches.map((style) => /background:\s*([^;]+)/.exec(style)?.[1]?.trim())).toEqual([
      'rgb(28, 95, 168)',
      'rgb(107, 111, 118)',
      'rgb(185, 195, 207)',
    ]);
    // The coverage bar of school 1 is drawn in the same blue as its legend entry.
    const coverageChart = page.locator('figure.chart', { has: page.getByTestId('chart-legend') });
    await expect(coverageChart.locator('.recharts-bar-rectangle path[fill="#1c5fa8"]').count()).resolves.toBe(1);
    // Badge icons are inline SVG, not glyphs the shipped font lacks.
    expect(await row.locator('.badge svg.badge-icon').count()).toBe(2);
    expect(await row.innerText()).not.toMatch(/[✔✖↺⚠↗○✎⧗]/);
    expect(watched.errors).toEqual([]);
    expect(watched.foreignRequests).toEqual([]);
  }, 120_000);

  it('lets the coordinator generate the target plan as XLSX and download it', async () => {
    const page = await newPage();
    await signIn(page, platform.url, org.coordinator.email, FIXTURE_PASSWORD);
    await page.goto(`${platform.url}/districts/${org.districtId}/exports`);
    await page.getByRole('heading', { level: 1, name: 'Выгрузки' }).waitFor();
    await page.getByLabel('Форма').selectOption('TARGET_PLAN');
    await page.getByLabel('таблица XLSX').check();
    await page.getByLabel('Первый год плана').selectOption(String(YEAR));
    await page.getByRole('button', { name: 'Сформировать' }).click();
    const downloadButton = page.getByTestId('export-result').getByRole('button', { name: /Скачать/ });
    await downloadButton.waitFor({ timeout: JOB_WAIT });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), downloadButton.click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const zip = await JSZip.loadAsync(bytes);
    expect(Object.keys(zip.files)).toContain('xl/workbook.xml');
    const sheets = await Promise.all(
      Object.keys(zip.files)
        .filter((name) => /^xl\/(worksheets\/sheet\d+|sharedStrings)\.xml$/.test(name))
        .map((name) => zip.file(name)!.async('string')),
    );
    expect(sheets.join('')).toContain('ИТОГО');
    await page.getByText(/Файл сохранён/).waitFor();
  }, 120_000);

  it('fits the report and the exports pages on a 375 px phone: no sideways page scroll', async () => {
    if (SCREENSHOTS) fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const pageWidth = async (page: Page) => Number(await page.evaluate('document.documentElement.scrollWidth'));
    // What sticks out past the screen (tables scroll inside their own box, so they are left out): named in a failure.
    const sticking = async (page: Page) =>
      page.evaluate(`[...document.querySelectorAll('body *')]
        .filter((e) => !e.closest('.table-scroll') && e.getBoundingClientRect().right > 376)
        .map((e) => e.tagName.toLowerCase() + '.' + e.getAttribute('class') + ' ' + Math.round(e.getBoundingClientRect().right))`);
    const curator = org.curators[0]!;
    const report = await newPage(375, 800);
    await signIn(report, platform.url, curator.email, FIXTURE_PASSWORD);
    // The first test's submitted report: status, read-only figures and a history with changes.
    await report.goto(`${platform.url}/schools/${curator.schoolId}/report?year=${YEAR}&quarter=${QUARTER}`);
    await report
      .getByRole('region', { name: /Изменения отчёта/ })
      .getByText('Отправка')
      .waitFor();
    expect(await sticking(report)).toEqual([]);
    expect(await pageWidth(report)).toBeLessThanOrEqual(375);
    if (SCREENSHOTS) await report.screenshot({ path: path.join(SCREENSHOT_DIR, 'report-phone.png'), fullPage: true });
    // The next quarter is still open: the form with its action bar must fit too.
    await report.goto(`${platform.url}/schools/${curator.schoolId}/report?year=${YEAR}&quarter=${QUARTER + 1}`);
    await report.getByRole('button', { name: 'Отправить на проверку' }).waitFor();
    expect(await sticking(report)).toEqual([]);
    expect(await pageWidth(report)).toBeLessThanOrEqual(375);
    if (SCREENSHOTS) await report.screenshot({ path: path.join(SCREENSHOT_DIR, 'report-form-phone.png'), fullPage: false });
    await report.goto(`${platform.url}/schools/${curator.schoolId}/report?year=${YEAR}&quarter=${QUARTER}`);
    await report
      .getByRole('region', { name: /Изменения отчёта/ })
      .getByText('Отправка')
      .waitFor();
    await report.setViewportSize({ width: 1366, height: 900 });
    if (SCREENSHOTS) await report.screenshot({ path: path.join(SCREENSHOT_DIR, 'report.png'), fullPage: true });

    const coordinator = await newPage(375, 800);
    await signIn(coordinator, platform.url, org.coordinator.email, FIXTURE_PASSWORD);
    await coordinator.goto(`${platform.url}/districts/${org.districtId}/exports`);
    await coordinator.getByRole('heading', { level: 1 }).waitFor();
    // The target plan exported by the test before: the history has a row with its download button.
    await coordinator
      .getByRole('button', { name: /^Скачать: / })
      .first()
      .waitFor();
    if (SCREENSHOTS) await coordinator.screenshot({ path: path.join(SCREENSHOT_DIR, 'exports-phone.png'), fullPage: true });
    expect(await sticking(coordinator)).toEqual([]);
    expect(await pageWidth(coordinator)).toBeLessThanOrEqual(375);
    if (SCREENSHOTS) await coordinator.screenshot({ path: path.join(SCREENSHOT_DIR, 'exports-phone.png'), fullPage: true });
    await coordinator.setViewportSize({ width: 1366, height: 900 });
    if (SCREENSHOTS) await coordinator.screenshot({ path: path.join(SCREENSHOT_DIR, 'exports.png'), fullPage: true });

    const authority = await newPage(375, 800);
    await signIn(authority, platform.url, org.authority.email, FIXTURE_PASSWORD);
    await authority.goto(`${platform.url}/regions/${org.regionId}/exports`);
    await authority.getByRole('heading', { level: 1 }).waitFor();
    await authority.locator('.export-form').waitFor();
    expect(await sticking(authority)).toEqual([]);
    expect(await pageWidth(authority)).toBeLessThanOrEqual(375);
  }, 90_000);

  (SCREENSHOTS ? it : it.skip)(
    'writes screenshots of the demo district’s dashboard, plan and quarterly form to docs/screenshots',
    async () => {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await seedDemo(platform.db, FIXTURE_PASSWORD);
      const [demo] = await platform.sql(`SELECT d.id FROM districts d JOIN regions r ON r.id = d.region_id WHERE r.is_demo`);
      const coordinator = await platform.login('coordinator@demo.local', FIXTURE_PASSWORD);
      await runMonitoring(platform, coordinator, demo.id, YEAR - 1, 4);

      const page = await newPage(1366, 900);
      await signIn(page, platform.url, 'coordinator@demo.local', FIXTURE_PASSWORD);
      await page.goto(`${platform.url}/districts/${demo.id}?year=${YEAR - 1}&quarter=4`);
      await page.getByTestId('schools-table').waitFor();
      await page.waitForTimeout(300); // the chart lays out after the table
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'dashboard.png'), fullPage: true });
      await page.goto(`${platform.url}/districts/${demo.id}/plan`);
      await page.locator('.plan-table').waitFor();
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'target-plan.png'), fullPage: true });

      const tablet = await newPage(820, 1180);
      await signIn(tablet, platform.url, 'coordinator@demo.local', FIXTURE_PASSWORD);
      await tablet.goto(`${platform.url}/districts/${demo.id}?year=${YEAR - 1}&quarter=4`);
      await tablet.getByTestId('schools-table').waitFor();
      await tablet.waitForTimeout(300);
      await tablet.screenshot({ path: path.join(SCREENSHOT_DIR, 'dashboard-tablet.png'), fullPage: false });

      // The form with a warning (a year-to-date figure below Q1's) and an error, as a curator sees them.
      const curatorToken = await platform.login('curator01@demo.local', FIXTURE_PASSWORD);
      const [school] = await platform.sql(`SELECT id FROM schools WHERE code = 'DEMO-01'`);
      const figures = (
        [
          ['STUDENTS', 900],
          ['MENTEES_STUDENTS', 300],
          ['MENTEES_STUDENTS_STUDENT_STUDENT', 180],
          ['MENTEES_STUDENTS_TEACHER_STUDENT', 120],
          ['MENTORS_STUDENTS', 60],
          ['TEACHERS', 64],
          ['MENTEES_TEACHERS', 12],
          ['MENTEES_YOUNG_SPECIALISTS', 5],
          ['MENTORS_TEACHERS', 18],
        ] as const
      ).map(([code, value]) => ({ code, value }));
      const saved = await platform.gql<{ saveQuarterlyReport: { id: string; version: number } }>(
        `mutation Save($input: SaveQuarterlyReportInput!) { saveQuarterlyReport(input: $input) { id version } }`,
        { input: { schoolId: school.id, year: YEAR, quarter: 1, figures } },
        curatorToken,
      );
      await platform.gql(
        `mutation Submit($id: ID!, $v: Int!) { submitQuarterlyReport(id: $id, expectedVersion: $v) { id } }`,
        {
          id: saved.data!.saveQuarterlyReport.id,
          v: saved.data!.saveQuarterlyReport.version,
        },
        curatorToken,
      );
      const form = await newPage(1366, 900);
      await signIn(form, platform.url, 'curator01@demo.local', FIXTURE_PASSWORD);
      await form.goto(`${platform.url}/schools/${school.id}/report?year=${YEAR}&quarter=2`);
      // Q2 grows a little over Q1, but MENTORS_STUDENTS goes down: a warning.
      for (const { code, value } of figures)
        await form.getByLabel(label(code)).fill(String(code === 'MENTORS_STUDENTS' ? 45 : Math.round(value * 1.15)));
      await form.getByRole('button', { name: 'Сохранить черновик' }).click();
      await form.getByText('Черновик сохранён.').waitFor();
      await form.getByLabel(label('MENTEES_TEACHERS')).fill('150'); // more than the 74 teachers
      await form.getByRole('button', { name: 'Сохранить черновик' }).click();
      await form.locator('[data-code="MENTEES_TEACHERS"] .error-text').waitFor();
      await form.locator('[data-code="MENTORS_STUDENTS"] .warning-text').waitFor();
      // A viewport as tall as the page, so the sticky action bar sits at the form's end in the picture.
      const height = await form.evaluate('document.documentElement.scrollHeight');
      await form.setViewportSize({ width: 1366, height: Number(height) });
      await form.screenshot({ path: path.join(SCREENSHOT_DIR, 'quarterly-report-form.png'), fullPage: true });
    },
    180_000,
  );
});
