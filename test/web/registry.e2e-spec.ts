import * as fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { findDataElement } from '@mm/domain';
import { createOrg, FIXTURE_PASSWORD, OrgFixture } from '../harness/fixtures';
import { Platform, startPlatform } from '../harness/platform';
import { buildWebApp, launchChromium, SCREENSHOT_DIR, SCREENSHOTS, shot, signIn, watchPage } from './browser';

/*
 * In Chromium: a curator starts from an empty registry, adds a student and a teacher, records
 * their consents (the consents page lists who lacks one), starts a pair, then fills the quarterly
 * report from the registry — the registry's figures beside the typed ones, a difference highlighted
 * — and submits it; the answer warns about the difference without asking for a comment.
 * WEB_SCREENSHOTS=1 also writes the pages at 1366 px and 375 px to docs/screenshots/registry-*.png.
 */

const now = new Date();
const YEAR = now.getFullYear();
const QUARTER = Math.floor(now.getMonth() / 3) + 1;
const label = (code: string) => findDataElement(code)!.labelRu;

describe('web app: the registry and the report filled from it', () => {
  let platform: Platform;
  let browser: Browser;
  let org: OrgFixture;
  let webDir: string;
  let context: BrowserContext;

  beforeAll(async () => {
    webDir = await buildWebApp();
    platform = await startPlatform({ env: { WEB_DIR: webDir } });
    browser = await launchChromium();
    org = await createOrg(platform, 'WREG', 1);
    if (SCREENSHOTS) fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  }, 240_000);
  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await platform?.close();
    if (webDir) fs.rmSync(webDir, { recursive: true, force: true });
  });

  it('walks a curator from an empty registry to a submitted report filled from it', async () => {
    context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 } });
    context.setDefaultTimeout(20_000);
    const page: Page = await context.newPage();
    const watched = watchPage(page, platform.url);
    const curator = org.curators[0]!;
    const schoolId = curator.schoolId;
    await signIn(page, platform.url, curator.email, FIXTURE_PASSWORD);

    // Participants: empty, then a student and a teacher.
    await page.getByRole('link', { name: 'Участники' }).click();
    await page.getByRole('heading', { level: 1, name: 'Участники наставничества' }).waitFor();
    await page.getByText('В реестре пока никого нет.').waitFor();
    await page.getByLabel('ФИО').fill('Иванов Иван Иванович');
    await page.getByLabel('Класс').fill('7');
    await page.getByLabel('одарённый').check();
    await page.getByRole('button', { name: 'Добавить', exact: true }).click();
    await page.getByRole('cell', { name: 'Иванов Иван Иванович' }).waitFor();
    await page.getByLabel('ФИО').fill('Петрова Анна Сергеевна');
    await page.getByLabel('Вид участника').selectOption('TEACHER');
    await page.getByRole('button', { name: 'Добавить', exact: true }).click();
    await page.getByRole('cell', { name: 'Петрова Анна Сергеевна' }).waitFor();
    expect(await page.getByRole('table').getByText('нет', { exact: true }).count()).toBe(2);
    await shot(page, 'registry-participants');

    // Consents: both lack one; the student's is signed by a parent.
    await page.getByRole('link', { name: 'Согласия' }).click();
    await page.getByRole('heading', { level: 1, name: 'Согласия на обработку персональных данных' }).waitFor();
    const studentForm = page.getByRole('form', { name: 'Записать согласие: Иванов Иван Иванович' });
    await studentForm.getByLabel('Кто подписал').fill('Иванова Мария Петровна');
    await studentForm.getByLabel('Номер документа').fill('С-17');
    await studentForm.getByRole('button', { name: 'Записать согласие' }).click();
    await page.getByText('Согласие записано.').waitFor();
    await shot(page, 'registry-consents');
    const teacherForm = page.getByRole('form', { name: 'Записать согласие: Петрова Анна Сергеевна' });
    await teacherForm.getByRole('button', { name: 'Записать согласие' }).click();
    await page.getByText('Согласия есть у всех участников.').waitFor();

    // A pair «учитель – ученик» from today.
    const [student] = await platform.sql(`SELECT id FROM registry_participants WHERE full_name = 'Иванов Иван Иванович'`);
    const [teacher] = await platform.sql(`SELECT id FROM registry_participants WHERE full_name = 'Петрова Анна Сергеевна'`);
    await page.getByRole('link', { name: 'Пары и группы' }).click();
    await page.getByRole('heading', { level: 1, name: 'Наставнические пары и группы' }).waitFor();
    await page.getByLabel('Форма наставничества').selectOption('TEACHER_STUDENT');
    await page.locator(`input[name="mentor-${teacher.id}"]`).check();
    await page.locator(`input[name="mentee-${student.id}"]`).check();
    await page.getByRole('button', { name: 'Создать' }).click();
    await page.getByText('Пара или группа создана.').waitFor();
    await page.getByRole('cell', { name: 'пара', exact: true }).waitFor();
    await shot(page, 'registry-pairs');

    if (SCREENSHOTS) {
      await page.getByRole('link', { name: 'Загрузка реестра' }).click();
      await page.locator('h1').waitFor();
      // One field and two buttons: the phone is the width that matters.
      await shot(page, 'registry-import', { wide: false });
    }

    // The report: typed enrollment, the rest from the registry, one figure changed by hand.
    await page.goto(`${platform.url}/schools/${schoolId}/report?year=${YEAR}&quarter=${QUARTER}`);
    await page.getByRole('heading', { level: 1, name: 'Квартальный отчёт' }).waitFor();
    await page.getByLabel(label('STUDENTS')).fill('500');
    await page.getByLabel(label('TEACHERS')).fill('40');
    await page.getByRole('button', { name: 'Заполнить из реестра' }).click();
    await page.getByText('Расхождений с реестром: 0').waitFor();
    const expected: Record<string, string> = {
      STUDENTS: '500',
      MENTEES_STUDENTS: '1',
      MENTEES_STUDENTS_TEACHER_STUDENT: '1',
      MENTEES_STUDENTS_STUDENT_STUDENT: '0',
      MENTORS_STUDENTS: '0',
      TEACHERS: '40',
      MENTEES_TEACHERS: '0',
      MENTORS_TEACHERS: '1',
      PAIRS: '1',
      GROUPS: '0',
      MENTEES_CATEGORY_GIFTED: '1',
      CONSENTS: '2',
    };
    for (const [code, value] of Object.entries(expected))
      expect([code, await page.getByLabel(label(code)).inputValue()]).toEqual([code, value]);
    await expect(page.locator('[data-code="PAIRS"] .registry-value').innerText()).resolves.toBe('по реестру: 1');
    await expect(page.locator('[data-code="STUDENTS"] .registry-value').count()).resolves.toBe(0);

    await page.getByLabel(label('PAIRS')).fill('2');
    await page.getByText('Расхождений с реестром: 1').waitFor();
    await expect(page.locator('[data-code="PAIRS"]').getAttribute('class')).resolves.toContain('differs-from-registry');
    await shot(page, 'registry-report');

    await page.getByRole('button', { name: 'Отправить на проверку' }).click();
    await page.getByText('Отчёт отправлен на проверку.').waitFor();
    await page.locator('[data-code="PAIRS"] .warning-text').getByText('Значение расходится с реестром участников школы.').waitFor();

    const [report] = await platform.sql(
      `SELECT status, figures FROM quarterly_reports WHERE school_id = $1 AND year = $2 AND quarter = $3`,
      [schoolId, YEAR, QUARTER],
    );
    expect(report.status).toBe('SUBMITTED');
    const stored = typeof report.figures === 'string' ? JSON.parse(report.figures) : report.figures;
    expect(JSON.stringify(stored)).toContain('"PAIRS"');
    expect(watched.errors).toEqual([]);
    expect(watched.foreignRequests).toEqual([]);
  });
});
