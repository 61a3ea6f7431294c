import * as fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hashPassword } from '@mm/passwords';
import { createOrg, OrgFixture } from '../harness/fixtures';
import { Platform, startPlatform } from '../harness/platform';
import { buildWebApp, launchChromium, signIn, watchPage } from './browser';

/*
 * In Chromium: an account whose password a coordinator chose is taken to «Смена пароля» before
 * anything else; after the change it works normally, and «Выйти» revokes the token on the server.
 */
describe('web app: forced password change and logout', () => {
  let platform: Platform;
  let browser: Browser;
  let org: OrgFixture;
  let webDir: string;
  let context: BrowserContext;

  beforeAll(async () => {
    webDir = await buildWebApp();
    platform = await startPlatform({ env: { WEB_DIR: webDir } });
    browser = await launchChromium();
    org = await createOrg(platform, 'PWD', 1);
    await platform.sql(`UPDATE users SET password_hash = $2, must_change_password = true WHERE id = $1`, [
      org.curators[0]!.id,
      await hashPassword('Chosen-by-coordinator-1'),
    ]);
  }, 240_000);
  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await platform?.close();
    if (webDir) fs.rmSync(webDir, { recursive: true, force: true });
  });

  it('asks for a new password first, then lets the curator in; logging out revokes the token', async () => {
    context = await browser.newContext({ locale: 'ru-RU' });
    context.setDefaultTimeout(20_000);
    const page: Page = await context.newPage();
    const watched = watchPage(page, platform.url);
    const curator = org.curators[0]!;
    await signIn(page, platform.url, curator.email, 'Chosen-by-coordinator-1');
    await page.getByRole('heading', { level: 1, name: 'Смена пароля' }).waitFor();
    await page.getByText('Пароль этой учётной записи задал координатор').waitFor();

    await page.getByLabel('Текущий пароль', { exact: true }).fill('Chosen-by-coordinator-1');
    await page.getByLabel('Новый пароль', { exact: true }).fill('Мой-собственный-пароль-1');
    await page.getByLabel('Новый пароль ещё раз', { exact: true }).fill('Другой-пароль-2');
    await page.getByRole('button', { name: 'Сменить пароль' }).click();
    await page.getByText('Новые пароли не совпадают.').waitFor();

    await page.getByLabel('Новый пароль ещё раз', { exact: true }).fill('Мой-собственный-пароль-1');
    await page.getByRole('button', { name: 'Сменить пароль' }).click();
    await page.getByRole('heading', { level: 1, name: 'Квартальный отчёт' }).waitFor();
    expect(await platform.sql(`SELECT must_change_password FROM users WHERE id = $1`, [curator.id])).toEqual([
      { must_change_password: false },
    ]);

    const token = await page.evaluate(() => (globalThis as any).sessionStorage.getItem('mm.accessToken') as string | null);
    expect((await platform.gql(`{ me { email } }`, {}, token!)).data.me.email).toBe(curator.email);
    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/login'));
    // The logout request is sent as the page leaves: give it a moment.
    let code: string | undefined;
    for (let i = 0; i < 50 && code !== 'UNAUTHENTICATED'; i++) {
      code = (await platform.gql(`{ me { email } }`, {}, token!)).errors?.[0]?.extensions?.code;
      if (code !== 'UNAUTHENTICATED') await new Promise((r) => setTimeout(r, 100));
    }
    expect(code).toBe('UNAUTHENTICATED');
    expect(watched.errors).toEqual([]);
  }, 120_000);
});
