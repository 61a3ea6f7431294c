import * as fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createOrg, FIXTURE_PASSWORD, OrgFixture } from '../harness/fixtures';
import { Platform, startPlatform } from '../harness/platform';
import { APPROVE, completeFigures, SAVE, SUBMIT } from '../quarterly-report.helpers';
import { buildWebApp, launchChromium, SCREENSHOT_DIR, SCREENSHOTS, shot, signIn, watchPage } from './browser';

/*
 * Issue 19's pages in Chromium, in Russian: the coordinator signs the district's quarter off (the
 * school without an approved report listed as missing) and grants a school an extension; the
 * region's authority accepts the quarter, sends it back with a comment, and reads completeness on
 * the region page; the district dashboard shows the trend; a curator reads a reminder.
 * WEB_SCREENSHOTS=1 also writes the pages at 1366 px and 375 px to docs/screenshots/workflow-*.png.
 */

const YEAR = new Date().getFullYear() - 1;
const QUARTER = 2;
const WAIT = 20_000;

describe('reporting workflow pages in Chromium', () => {
  let platform: Platform;
  let browser: Browser;
  let org: OrgFixture;
  let webDir: string;
  const contexts: BrowserContext[] = [];
  const search = `?year=${YEAR}&quarter=${QUARTER}`;

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'ru-RU' });
    context.setDefaultTimeout(WAIT);
    contexts.push(context);
    const page = await context.newPage();
    // «Подписать квартал» asks for confirmation.
    page.on('dialog', (dialog) => void dialog.accept());
    return page;
  }

  beforeAll(async () => {
    webDir = await buildWebApp();
    platform = await startPlatform({ env: { WEB_DIR: webDir } });
    browser = await launchChromium();
    org = await createOrg(platform, 'WFW', 2);
    if (SCREENSHOTS) fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    // School 1's report is approved; school 2 never reports.
    const curator = await platform.login(org.curators[0]!.email, FIXTURE_PASSWORD);
    const coordinator = await platform.login(org.coordinator.email, FIXTURE_PASSWORD);
    const saved = (
      await platform.gql(SAVE, { input: { schoolId: org.schoolIds[0], year: YEAR, quarter: QUARTER, figures: completeFigures() } }, curator)
    ).data.saveQuarterlyReport;
    const submitted = (await platform.gql(SUBMIT, { id: saved.id, expectedVersion: saved.version }, curator)).data.submitQuarterlyReport;
    const approved = await platform.gql(APPROVE, { id: submitted.id, expectedVersion: submitted.version }, coordinator);
    expect(approved.data.approveQuarterlyReport.status).toBe('APPROVED');
  }, 240_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await platform?.close();
    if (webDir) fs.rmSync(webDir, { recursive: true, force: true });
  });

  it('lets the coordinator sign the quarter off, listing the missing school, and grant an extension', async () => {
    const page = await newPage();
    const watched = watchPage(page, platform.url);
    await signIn(page, platform.url, org.coordinator.email, FIXTURE_PASSWORD);
    await page.goto(`${platform.url}/districts/${org.districtId}${search}`);
    await page.getByRole('navigation', { name: 'Основная навигация' }).getByRole('link', { name: 'Сдача квартала' }).click();
    await page.getByRole('heading', { level: 1, name: 'Сдача квартала в регион' }).waitFor();
    await page.getByTestId('district-quarter-state').getByText('Открыт (не подписан)').waitFor();

    await page.getByRole('button', { name: 'Подписать квартал' }).click();
    await page.getByText('Квартал подписан и передан в регион.').waitFor();
    await page.getByTestId('district-quarter-state').getByText('Подписан районом, ожидает решения региона').waitFor();
    await page
      .getByRole('list', { name: /Школы без утверждённого отчёта/ })
      .getByText('S-WFW-2 — Школа № 2 (WFW)')
      .waitFor();
    await page.getByRole('cell', { name: 'Подписание районом' }).waitFor();
    const [stored] = await platform.sql(`SELECT state, missing FROM district_quarters WHERE district_id = $1`, [org.districtId]);
    expect(stored).toEqual({ state: 'SIGNED_OFF', missing: [{ schoolId: org.schoolIds[1], code: 'S-WFW-2', name: 'Школа № 2 (WFW)' }] });

    await page.getByLabel('Школа').selectOption({ label: 'S-WFW-2 — Школа № 2 (WFW)' });
    await page.getByLabel('До (включительно)').fill('2099-12-31');
    await page.getByLabel('Причина').fill('Болезнь куратора');
    await page.getByRole('button', { name: 'Продлить срок' }).click();
    await page.getByText('Продление выдано.').waitFor();
    const row = page.getByRole('row', { name: /Школа № 2 \(WFW\)/ });
    await row.getByText('действует').waitFor();
    await row.getByText('31.12.2099').waitFor();
    expect(
      await platform.sql(`SELECT until::text AS until, reason FROM reporting_extensions WHERE school_id = $1`, [org.schoolIds[1]]),
    ).toEqual([{ until: '2099-12-31', reason: 'Болезнь куратора' }]);
    await shot(page, 'workflow-sign-off');
    expect(watched.errors).toEqual([]);
    expect(watched.foreignRequests).toEqual([]);
  }, 90_000);

  it('lets the region accept the quarter, send it back with a comment, and read completeness', async () => {
    const page = await newPage();
    const watched = watchPage(page, platform.url);
    await signIn(page, platform.url, org.authority.email, FIXTURE_PASSWORD);
    await page.goto(`${platform.url}/districts/${org.districtId}/sign-off${search}`);
    await page.getByTestId('district-quarter-state').getByText('Подписан районом, ожидает решения региона').waitFor();
    await page.getByRole('button', { name: 'Принять квартал' }).click();
    await page.getByText('Квартал принят.').waitFor();
    await page.getByTestId('district-quarter-state').getByText('Принят регионом').waitFor();

    await page.getByLabel('Что нужно исправить району').fill('Нет отчёта школы № 2');
    await page.getByRole('button', { name: 'Вернуть району' }).click();
    await page.getByText('Квартал возвращён району.').waitFor();
    await page.getByTestId('district-quarter-state').getByText('Открыт (не подписан)').waitFor();
    await page.getByRole('cell', { name: 'Возврат регионом' }).waitFor();
    await page.getByText('Нет отчёта школы № 2').first().waitFor();

    await page.goto(`${platform.url}/regions/${org.regionId}${search}`);
    await page.getByRole('heading', { level: 2, name: 'Полнота и своевременность сдачи отчётов' }).waitFor();
    const district = page.getByTestId('region-completeness').getByRole('row', { name: /Район WFW/ });
    // 2 schools expected, 1 submitted (late: now, after the deadline), 1 approved.
    await expect(district.innerText()).resolves.toMatch(/не подписан\s+2\s+1\s+0\s+1\s+50\s?%\s+0\s?%/);
    // At 375 px the same chart and table as the district trend below.
    await shot(page, 'workflow-region-completeness', { phone: false });

    // The region's automatic closing and reminder lead time, on the periods page.
    await page.getByRole('navigation', { name: 'Основная навигация' }).getByRole('link', { name: 'Отчётные периоды' }).click();
    await page.getByRole('heading', { level: 2, name: 'Автоматическое закрытие и напоминания' }).waitFor();
    await expect(page.getByLabel('Напоминать кураторам за, дней до срока сдачи').inputValue()).resolves.toBe('3');
    await page.getByLabel('Закрывать квартал автоматически через, дней после срока сдачи').fill('7');
    await page.getByLabel('Напоминать кураторам за, дней до срока сдачи').fill('5');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Настройки сохранены.').waitFor();
    expect(
      await platform.sql(`SELECT auto_close_days, reminder_days_before, version FROM region_reporting_settings WHERE region_id = $1`, [
        org.regionId,
      ]),
    ).toEqual([{ auto_close_days: 7, reminder_days_before: 5, version: 1 }]);
    expect(watched.errors).toEqual([]);
  }, 90_000);

  it('shows the completeness trend on the district dashboard and a reminder to the curator', async () => {
    const page = await newPage();
    await signIn(page, platform.url, org.coordinator.email, FIXTURE_PASSWORD);
    await page.goto(`${platform.url}/districts/${org.districtId}${search}`);
    const trend = page.getByTestId('district-completeness');
    await trend.getByRole('row', { name: new RegExp(`${QUARTER} кв. ${YEAR}`) }).waitFor();
    await expect(trend.getByRole('row', { name: new RegExp(`${QUARTER} кв. ${YEAR}`) }).innerText()).resolves.toMatch(
      /2\s+1\s+0\s+1\s+50\s?%/,
    );
    await expect(trend.locator('tbody tr').count()).resolves.toBe(4);
    await shot(page, 'workflow-district-trend');

    // A reminder as the worker records it (the worker's own test sends one through SMTP).
    const curator = org.curators[1]!;
    await platform.sql(
      `INSERT INTO notifications (user_id, region_id, district_id, school_id, kind, year, quarter, deadline) VALUES ($1, $2, $3, $4, 'DEADLINE_PASSED', $5, $6, $7)`,
      [curator.id, org.regionId, org.districtId, curator.schoolId, YEAR, QUARTER, `${YEAR}-07-10`],
    );
    const curatorPage = await newPage();
    const watched = watchPage(curatorPage, platform.url);
    await signIn(curatorPage, platform.url, curator.email, FIXTURE_PASSWORD);
    await curatorPage.getByRole('link', { name: 'Уведомления (1 новое)' }).click();
    await curatorPage.getByRole('heading', { level: 1, name: 'Уведомления' }).waitFor();
    await curatorPage
      .getByText(
        `Срок сдачи отчёта за ${QUARTER} квартал ${YEAR} года (10.07.${YEAR}) истёк, а отчёт школы «Школа № 2 (WFW)» не отправлен.`,
      )
      .waitFor();
    await shot(curatorPage, 'workflow-notifications');
    await curatorPage.getByRole('button', { name: 'Отметить все как прочитанные' }).click();
    await curatorPage.getByRole('link', { name: 'Уведомления', exact: true }).waitFor();
    expect((await platform.sql(`SELECT read_at IS NOT NULL AS read FROM notifications WHERE user_id = $1`, [curator.id]))[0].read).toBe(
      true,
    );

    // The quarter closes; the school's extension (granted above) still lets it in, and its page says until when.
    const closed = await platform.gql(
      `mutation($regionId: ID!, $year: Int!, $quarter: Int!) { closeReportingPeriod(regionId: $regionId, year: $year, quarter: $quarter) { closed } }`,
      { regionId: org.regionId, year: YEAR, quarter: QUARTER },
      await platform.login(org.authority.email, FIXTURE_PASSWORD),
    );
    expect(closed.data.closeReportingPeriod.closed).toBe(true);
    await curatorPage.goto(`${platform.url}/schools/${curator.schoolId}/report${search}`);
    await curatorPage.getByText('Период закрыт, но школе продлён срок до 31.12.2099 включительно').waitFor();
    await curatorPage.getByRole('button', { name: 'Отправить на проверку' }).waitFor();
    expect(watched.errors).toEqual([]);
  }, 90_000);
});
