import * as fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { findDataElement } from '@mm/domain';
import { createOrg, FIXTURE_PASSWORD, OrgFixture } from '../harness/fixtures';
import { completeFigures, SAVE, SUBMIT } from '../quarterly-report.helpers';
import { ADMIN, Platform, startPlatform } from '../harness/platform';
import { buildWebApp, launchChromium, SCREENSHOT_DIR, SCREENSHOTS, shot, signIn, watchPage } from './browser';

/*
 * Administration in Chromium, all through the pages: an admin builds an empty region into a district
 * with schools and curators imported from a file (a broken file first: its row errors in Russian),
 * enrollment from a file, a deadline and a coordinator, who then signs in. Then every route is walked
 * as every role at 1366 px and 375 px, and no page may show Latin text other than codes, e-mails and
 * numbers. WEB_SCREENSHOTS=1 also writes the new pages to docs/screenshots/admin-*.png (1366 px and 375 px).
 */

const WAIT = 20_000;
const YEAR = new Date().getFullYear();

/** Latin that is a code of the test's own data or a file format, not interface text. */
const ALLOWED_LATIN = new Set(['WALK', 'KAL', 'CSV', 'XLSX', 'csv', 'xlsx']);

/** The page's visible text outside codes (<code>, .school-code), with e-mails taken out: the Latin words left. */
async function latinWords(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const doc = (globalThis as any).document;
    const walker = doc.createTreeWalker(doc.body, 4 /* NodeFilter.SHOW_TEXT */);
    const parts: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('code, .school-code, script, style, noscript, [hidden]')) continue;
      const style = (globalThis as any).getComputedStyle(parent);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      parts.push(node.textContent ?? '');
    }
    return parts.join(' ');
  });
  const withoutEmails = text.replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' ');
  const words = withoutEmails.match(/[A-Za-z][A-Za-z_]*/g) ?? [];
  // Codes of the fixtures: R-WALK, D-WALK, S-WALK-1 (split at the dashes above: R, D, S and WALK).
  // Roadmap stage codes are Roman numerals (I … VII).
  return [...new Set(words.filter((w) => !ALLOWED_LATIN.has(w) && !/^[RDS]$/.test(w) && !/^[IVX]+$/.test(w)))];
}

async function settle(page: Page): Promise<void> {
  await page.locator('h1').first().waitFor();
  await page.waitForFunction(() => !(globalThis as any).document.querySelector('.loading'), undefined, { timeout: WAIT });
}

describe('administration in Chromium', () => {
  let platform: Platform;
  let browser: Browser;
  let webDir: string;
  let walk: OrgFixture;
  const contexts: BrowserContext[] = [];

  async function newPage(width = 1366, height = 900): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'ru-RU', acceptDownloads: true });
    context.setDefaultTimeout(WAIT);
    contexts.push(context);
    return context.newPage();
  }

  beforeAll(async () => {
    webDir = await buildWebApp();
    // With the worker: imports run as jobs.
    platform = await startPlatform({ worker: true, env: { WEB_DIR: webDir } });
    browser = await launchChromium();
    walk = await createOrg(platform, 'WALK', 2);
    if (SCREENSHOTS) fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  }, 240_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await platform?.close();
    if (webDir) fs.rmSync(webDir, { recursive: true, force: true });
  });

  it('takes an admin from an empty region to a district with schools, curators, enrollment, a deadline and a coordinator who signs in', async () => {
    const page = await newPage();
    const watched = watchPage(page, platform.url);
    // Asked for a page before signing in: the login brings the admin back to it.
    await page.goto(`${platform.url}/admin/regions`);
    await page.waitForURL((u) => u.pathname === '/login');
    await page.getByLabel('Электронная почта').fill(ADMIN.email);
    await page.getByLabel('Пароль').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('heading', { level: 1, name: 'Регионы' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/regions');

    // A region.
    await page.getByRole('button', { name: 'Добавить' }).click();
    const regionDialog = page.getByRole('dialog');
    // The dialog starts at its first field, not at «Закрыть».
    expect(await regionDialog.getByLabel('Код').evaluate((el) => el === (globalThis as any).document.activeElement)).toBe(true);
    await regionDialog.getByLabel('Код').fill('52');
    await regionDialog.getByLabel('Название').fill('Нижегородская область');
    await regionDialog.getByLabel('ОКАТО').fill('2');
    await regionDialog.getByRole('button', { name: 'Сохранить' }).click();
    // A bad ОКАТО is explained in Russian, naming the field.
    await regionDialog.getByText('ОКАТО: ОКАТО — от 2 до 11 цифр').waitFor();
    await regionDialog.getByLabel('ОКАТО').fill('22');
    await regionDialog.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Добавлено: Нижегородская область.').waitFor();
    const [region] = await platform.sql(`SELECT id, okato FROM regions WHERE code = '52'`);
    expect(region.okato).toBe('22');

    // Its district, from the region's row.
    await page.getByRole('link', { name: 'Районы' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Районы' }).waitFor();
    await page.getByLabel('Регион').selectOption(region.id);
    await page.getByRole('button', { name: 'Добавить' }).click();
    const districtDialog = page.getByRole('dialog');
    await districtDialog.getByLabel('Код').fill('KAL');
    await districtDialog.getByLabel('Название').fill('Калининский район');
    await districtDialog.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Добавлено: Калининский район.').waitFor();
    const [district] = await platform.sql(`SELECT id FROM districts WHERE region_id = $1 AND code = 'KAL'`, [region.id]);
    await shot(page, 'admin-districts');

    // Schools and curators from a file: first one with errors, shown row by row in Russian; nothing stored.
    await page.goto(`${platform.url}/import?region=${region.id}&district=${district.id}`);
    await page.getByRole('heading', { level: 1, name: 'Импорт из файла' }).waitFor();
    const broken =
      'code;name;inn;curator_email;curator_name\n001;МБОУ СОШ № 1;123;kurator1@school.test;Иванова И. И.\n001;МБОУ СОШ № 2;;kurator2@school.test;Петров П. П.\n';
    await page
      .getByLabel('Файл таблицы .csv или .xlsx (до 1 МБ)')
      .setInputFiles({ name: 'schools.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
    await page.getByRole('button', { name: 'Проверить файл' }).click();
    const errors = page.getByRole('table', { name: 'Ошибки в файле' });
    await errors.waitFor();
    expect(await errors.locator('tbody tr').allInnerTexts()).toEqual(['2\tИНН\tИНН — 10 или 12 цифр', '3\tКод\tповторяет строку 2']);
    expect(await page.getByRole('button', { name: 'Загрузить' }).isDisabled()).toBe(true);
    expect(await platform.sql(`SELECT count(*)::int AS n FROM schools WHERE district_id = $1`, [district.id])).toEqual([{ n: 0 }]);

    const good =
      'code;name;inn;curator_email;curator_name\n001;МБОУ СОШ № 1;5260000001;kurator1@school.test;Иванова И. И.\n002;МБОУ СОШ № 2;;kurator2@school.test;Петров П. П.\n';
    await page
      .getByLabel('Файл таблицы .csv или .xlsx (до 1 МБ)')
      .setInputFiles({ name: 'schools.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByRole('button', { name: 'Проверить файл' }).click();
    await page.getByText('Ошибок нет, строк: 2. Можно загружать.').waitFor();
    await page.getByRole('button', { name: 'Загрузить' }).click();
    // The real run is a job: its progress, then what it wrote, then the generated passwords as a file, once.
    await page.getByRole('progressbar', { name: 'Ход выполнения: загрузка школ и кураторов' }).waitFor();
    await page.getByText('Загружено школ: 2, учётных записей кураторов: 2.').waitFor({ timeout: 60_000 });
    await page.getByText('Для кураторов без пароля в файле создано паролей: 2.', { exact: false }).waitFor();
    await shot(page, 'admin-import');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Скачать пароли кураторов (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('paroli-kuratorov.csv');
    const credentialsFile = fs.readFileSync(await download.path()).toString('utf8');
    const lines = credentialsFile
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .map((line) => line.split(';'));
    expect(lines.map(([line, code, email]) => [line, code, email])).toEqual([
      ['Строка', 'Код школы', 'Почта'],
      ['2', '001', 'kurator1@school.test'],
      ['3', '002', 'kurator2@school.test'],
    ]);
    const curatorPassword = lines[1]![3]!;
    expect(curatorPassword).toMatch(/^[A-Za-z2-9]{20}$/);
    await page.getByText('Файл с паролями скачан. Повторно получить его нельзя.').waitFor();
    expect(await page.getByRole('button', { name: 'Скачать пароли кураторов (CSV)' }).count()).toBe(0);
    expect(await platform.sql(`SELECT count(*)::int AS n FROM import_credentials`)).toEqual([{ n: 0 }]);

    // Enrollment from a file.
    // The kind lives in the address (a transition): wait for its columns rather than the radio's state.
    await page.getByLabel('Контингент').click();
    await page.locator('code', { hasText: 'school_code' }).waitFor();
    const enrollment = `school_code;year;students;mentor_base\n001;${YEAR};800;240\n002;${YEAR};450;\n`;
    await page
      .getByLabel('Файл таблицы .csv или .xlsx (до 1 МБ)')
      .setInputFiles({ name: 'enrollment.csv', mimeType: 'text/csv', buffer: Buffer.from(enrollment) });
    await page.getByRole('button', { name: 'Проверить файл' }).click();
    await page.getByText('Ошибок нет, строк: 2. Можно загружать.').waitFor();
    await page.getByRole('button', { name: 'Загрузить' }).click();
    await page.getByText('Контингент загружен: новых записей 2, изменено 0, без изменений 0.').waitFor({ timeout: 60_000 });
    expect(
      await platform.sql(
        `SELECT s.code, e.students, e.mentor_base FROM enrollments e JOIN schools s ON s.id = e.school_id WHERE e.district_id = $1 ORDER BY s.code`,
        [district.id],
      ),
    ).toEqual([
      { code: '001', students: 800, mentor_base: 240 },
      { code: '002', students: 450, mentor_base: null },
    ]);

    // The region's deadline of the first quarter, the default shown beside it.
    await page.goto(`${platform.url}/regions/${region.id}/periods?year=${YEAR}`);
    await page.getByRole('heading', { level: 1, name: 'Отчётные периоды' }).waitFor();
    await page.getByRole('button', { name: `Срок сдачи: 1 квартал ${YEAR} года` }).click();
    await page.getByText(`По умолчанию: 10.04.${YEAR}`).waitFor();
    await page.getByLabel(`Срок сдачи: 1 квартал ${YEAR} года`).fill(`${YEAR}-04-20`);
    await page.getByRole('button', { name: 'Сохранить срок' }).click();
    await page.getByText(`Срок сдачи изменён: 1 квартал ${YEAR} года.`).waitFor();
    await page.getByText(`20.04.${YEAR}`).waitFor();
    await shot(page, 'admin-periods');

    // A coordinator for the district.
    await page.goto(`${platform.url}/users?region=${region.id}&district=${district.id}`);
    await page.getByRole('heading', { level: 1, name: 'Пользователи' }).waitFor();
    await page.getByRole('button', { name: 'Добавить' }).click();
    const userDialog = page.getByRole('dialog');
    await userDialog.getByLabel('Роль', { exact: true }).selectOption('DISTRICT_COORDINATOR');
    await userDialog.getByLabel('Электронная почта').fill('koordinator@kal.test');
    await userDialog.getByLabel('Имя').fill('Смирнова Анна');
    await userDialog.getByLabel('Начальный пароль').fill('short');
    await userDialog.getByRole('button', { name: 'Добавить' }).click();
    await userDialog.getByText('Пароль: не короче 10 символов').waitFor();
    await userDialog.getByLabel('Начальный пароль').fill('Nachalny-Parol-1');
    await userDialog.getByRole('button', { name: 'Добавить' }).click();
    await page.getByText('Добавлено: koordinator@kal.test.').waitFor();
    await page.getByRole('rowheader', { name: 'koordinator@kal.test', exact: true }).waitFor();
    await shot(page, 'admin-users');
    // An imported curator moves to the other school.
    await page.getByRole('button', { name: 'Роль и место: kurator2@school.test' }).click();
    const moveDialog = page.getByRole('dialog');
    await moveDialog.getByLabel('Школа').selectOption({ label: 'МБОУ СОШ № 1 (001)' });
    await moveDialog.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Сохранено: kurator2@school.test.').waitFor();
    expect(
      await platform.sql(`SELECT s.code FROM users u JOIN schools s ON s.id = u.school_id WHERE u.email = 'kurator2@school.test'`),
    ).toEqual([{ code: '001' }]);

    // The audit log shows what happened, in Russian.
    await page.goto(`${platform.url}/audit?region=${region.id}`);
    await page.getByRole('heading', { level: 1, name: 'Журнал действий' }).waitFor();
    await page.getByRole('cell', { name: 'Создана учётная запись' }).first().waitFor();
    await page
      .getByRole('cell', { name: 'Импорт школ' })
      .or(page.getByRole('cell', { name: 'Создан район' }))
      .first()
      .waitFor();
    await shot(page, 'admin-audit');
    expect(watched.errors).toEqual([]);

    // The coordinator signs in, replaces the password and lands on the district's dashboard.
    const coordinator = await newPage();
    await signIn(coordinator, platform.url, 'koordinator@kal.test', 'Nachalny-Parol-1');
    await coordinator.getByRole('heading', { level: 1, name: 'Смена пароля' }).waitFor();
    await coordinator.getByLabel('Текущий пароль', { exact: true }).fill('Nachalny-Parol-1');
    await coordinator.getByLabel('Новый пароль', { exact: true }).fill('Moi-Sobstvenny-Parol-2');
    await coordinator.getByLabel('Новый пароль ещё раз', { exact: true }).fill('Moi-Sobstvenny-Parol-2');
    await coordinator.getByRole('button', { name: 'Сменить пароль' }).click();
    await coordinator.getByRole('heading', { level: 1, name: 'Сводка по району' }).waitFor();
    expect(new URL(coordinator.url()).pathname).toBe(`/districts/${district.id}`);
    // Its schools page lists the two imported schools.
    await coordinator.getByRole('link', { name: 'Администрирование' }).click();
    await coordinator.getByRole('link', { name: 'Школы' }).first().click();
    await coordinator.getByRole('rowheader', { name: 'МБОУ СОШ № 2' }).waitFor();
    expect(await coordinator.locator('tbody tr').count()).toBe(2);

    // An imported curator signs in with the password shown once.
    const curator = await newPage();
    await signIn(curator, platform.url, 'kurator1@school.test', curatorPassword);
    await curator.getByRole('heading', { level: 1, name: 'Смена пароля' }).waitFor();
  }, 240_000);

  it('deactivating a school says what it does first, and its curator can no longer sign in', async () => {
    const page = await newPage();
    await signIn(page, platform.url, ADMIN.email, ADMIN.password);
    await page.goto(`${platform.url}/admin/schools?district=${walk.districtId}`);
    await page.getByRole('button', { name: 'Отключить: Школа № 2 (WALK)' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Кураторы школы больше не смогут войти').waitFor();
    await dialog.getByRole('button', { name: 'Отключить' }).click();
    await page.getByText('Отключено: Школа № 2 (WALK).').waitFor();
    expect(await platform.sql(`SELECT active FROM schools WHERE id = $1`, [walk.schoolIds[1]])).toEqual([{ active: false }]);
    const login = await platform.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, {
      e: walk.curators[1]!.email,
      p: FIXTURE_PASSWORD,
    });
    expect(login.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(login.data).toBeNull();
    await shot(page, 'admin-schools');
  }, 120_000);

  it('keeps unsaved figures of the report across a change of quarter, and offers to drop them', async () => {
    const page = await newPage();
    const curator = walk.curators[0]!;
    await signIn(page, platform.url, curator.email, FIXTURE_PASSWORD);
    await page.goto(`${platform.url}/schools/${curator.schoolId}/report?year=${YEAR}&quarter=2`);
    const students = page.getByLabel(findDataElement('STUDENTS')!.labelRu);
    await students.fill('640');
    await page.getByLabel('Квартал').selectOption('3');
    await page.getByRole('heading', { level: 1, name: 'Квартальный отчёт' }).waitFor();
    await page.getByLabel('Квартал').selectOption('2');
    await page.getByText('Восстановлены несохранённые значения').waitFor();
    expect(await students.inputValue()).toBe('640');
    await page.reload();
    expect(await page.getByLabel(findDataElement('STUDENTS')!.labelRu).inputValue()).toBe('640');
    await page.getByRole('button', { name: 'Вернуть сохранённые значения' }).click();
    expect(await page.getByLabel(findDataElement('STUDENTS')!.labelRu).inputValue()).toBe('');
  }, 120_000);

  it('warns before closing a period with reports still waiting for a decision, naming them', async () => {
    const curator = walk.curators[0]!;
    const token = await platform.login(curator.email, FIXTURE_PASSWORD);
    const saved = await platform.gql(
      SAVE,
      { input: { schoolId: curator.schoolId, year: YEAR, quarter: 1, figures: completeFigures() } },
      token,
    );
    expect(saved.errors).toBeUndefined();
    const submitted = await platform.gql(
      SUBMIT,
      { id: saved.data.saveQuarterlyReport.id, expectedVersion: saved.data.saveQuarterlyReport.version, comment: 'проверено' },
      token,
    );
    expect(submitted.errors).toBeUndefined();
    const page = await newPage();
    await signIn(page, platform.url, ADMIN.email, ADMIN.password);
    await page.goto(`${platform.url}/regions/${walk.regionId}/periods?year=${YEAR}`);
    await page.getByRole('button', { name: `Закрыть период: 1 квартал ${YEAR} года` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Отчётов на проверке: 1.').waitFor();
    await dialog.getByText('Район WALK: Школа № 1 (WALK)').waitFor();
    await shot(page, 'admin-close-period');
    await dialog.getByRole('button', { name: 'Отмена' }).click();
    expect(
      await platform.sql(`SELECT count(*)::int AS n FROM reporting_periods WHERE region_id = $1 AND closed_at IS NOT NULL`, [
        walk.regionId,
      ]),
    ).toEqual([{ n: 0 }]);
  }, 120_000);

  it('after an expired session, signing in again returns to the page the user was on', async () => {
    const page = await newPage();
    await signIn(page, platform.url, walk.coordinator.email, FIXTURE_PASSWORD);
    const target = `/users?role=SCHOOL_CURATOR`;
    await page.goto(`${platform.url}${target}`);
    await page.getByRole('heading', { level: 1, name: 'Пользователи' }).waitFor();
    // The server revokes every token of the account (as a password change elsewhere would).
    await platform.sql(`UPDATE users SET token_version = token_version + 1 WHERE id = $1`, [walk.coordinator.id]);
    await page.reload();
    await page.getByText('Сеанс завершён: войдите снова.').waitFor();
    await page.getByLabel('Электронная почта').fill(walk.coordinator.email);
    await page.getByLabel('Пароль').fill(FIXTURE_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('heading', { level: 1, name: 'Пользователи' }).waitFor();
    const url = new URL(page.url());
    expect(url.pathname + url.search).toBe(target);
  }, 120_000);

  it("starts the export form at the page's period", async () => {
    const page = await newPage();
    await signIn(page, platform.url, walk.coordinator.email, FIXTURE_PASSWORD);
    await page.goto(`${platform.url}/districts/${walk.districtId}/exports?year=${YEAR - 1}&quarter=2`);
    await page.getByLabel('Форма').selectOption('MONITORING_SUMMARY');
    expect(await page.getByLabel('Год', { exact: true }).inputValue()).toBe(String(YEAR - 1));
    expect(await page.getByLabel('Квартал', { exact: true }).inputValue()).toBe('2');
  }, 120_000);

  it('lets the coordinator move a stage deadline of a published roadmap', async () => {
    const page = await newPage();
    await signIn(page, platform.url, walk.coordinator.email, FIXTURE_PASSWORD);
    await page.goto(`${platform.url}/districts/${walk.districtId}/roadmap`);
    await page.getByRole('button', { name: 'Опубликовать типовую дорожную карту (7 этапов)' }).click();
    await page.getByText('Дорожная карта опубликована.').waitFor();
    const schoolYear = new Date().getMonth() >= 8 ? YEAR : YEAR - 1;
    await page.getByRole('button', { name: /^Изменить срок: I\. / }).click();
    await page.getByLabel('Срок этапа I', { exact: true }).fill(`${schoolYear + 1}-01-20`);
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Срок этапа I изменён.').waitFor();
    expect(
      await platform.sql(
        `SELECT to_char(s.deadline, 'YYYY-MM-DD') AS deadline FROM roadmap_stages s WHERE s.district_id = $1 AND s.code = 'I'`,
        [walk.districtId],
      ),
    ).toEqual([{ deadline: `${schoolYear + 1}-01-20` }]);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.locator('.matrix-table').scrollIntoViewIfNeeded();
    await page
      .locator('.table-scroll')
      .first()
      .evaluate((el) => (el.scrollLeft = 200));
    await shot(page, 'roadmap', { wide: false });
  }, 120_000);

  it('walks every route as every role at 1366 px and 375 px without Latin text outside codes, e-mails and numbers', async () => {
    const { regionId, districtId } = walk;
    const schoolId = walk.schoolIds[0]!;
    const district = [
      `/districts/${districtId}`,
      `/districts/${districtId}/plan`,
      `/districts/${districtId}/reports`,
      `/districts/${districtId}/roadmap`,
      `/districts/${districtId}/exports`,
    ];
    const school = [`/schools/${schoolId}/report`, `/schools/${schoolId}/progress`, `/schools/${schoolId}/roadmap`];
    const admin = [
      '/admin',
      `/admin/schools?district=${districtId}`,
      `/admin/schools/${schoolId}/enrollment`,
      `/users`,
      `/import?district=${districtId}`,
      '/audit',
      '/password',
    ];
    const regionPages = [
      `/regions/${regionId}`,
      `/regions/${regionId}/periods`,
      `/regions/${regionId}/exports`,
      `/admin/districts?region=${regionId}`,
      `/admin/schedule?region=${regionId}`,
    ];
    const roles: { email: string; password: string; routes: string[] }[] = [
      {
        email: ADMIN.email,
        password: ADMIN.password,
        routes: ['/regions', '/admin/regions', ...regionPages, ...district, ...school, ...admin, '/no-such-page'],
      },
      { email: walk.authority.email, password: FIXTURE_PASSWORD, routes: [...regionPages, ...district, ...admin] },
      { email: walk.coordinator.email, password: FIXTURE_PASSWORD, routes: [...district, ...school, ...admin] },
      { email: walk.curators[0]!.email, password: FIXTURE_PASSWORD, routes: [...school, '/password'] },
    ];
    const found: string[] = [];
    for (const role of roles) {
      const page = await newPage();
      const watched = watchPage(page, platform.url);
      await signIn(page, platform.url, role.email, role.password);
      for (const route of role.routes) {
        for (const width of [1366, 375]) {
          await page.setViewportSize({ width, height: 800 });
          await page.goto(`${platform.url}${route}`);
          await settle(page);
          const words = await latinWords(page);
          if (words.length) found.push(`${role.email} ${route} @${width}: ${words.join(' ')}`);
        }
      }
      expect(watched.errors).toEqual([]);
      await page.context().close();
    }
    expect(found).toEqual([]);
  }, 600_000);
});
