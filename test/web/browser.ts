import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Browser, chromium, Page } from 'playwright-core';
import { skipSystemBinaries } from '@mm/embedded';

const ROOT = path.resolve(__dirname, '../..');
export const CHROMIUM = '/usr/bin/chromium';

const COMMON_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Debian's Chromium where it is installed (system fonts); otherwise — a machine with Node alone, or
 * MM_TEST_SKIP_SYSTEM_BINARIES=1 — the Chromium inside the npm package @sparticuz/chromium, unpacked
 * to the temp folder. Never a browser downloaded at run time; no background traffic (closed network).
 */
export async function chromiumExecutable(): Promise<{ executablePath: string; args: string[]; source: 'debian' | 'npm' }> {
  if (!skipSystemBinaries() && fs.existsSync(CHROMIUM)) return { executablePath: CHROMIUM, args: COMMON_ARGS, source: 'debian' };
  const packaged = (await import('@sparticuz/chromium')).default;
  // Not packaged.args: those are for one-shot serverless runs (one process, web security off).
  return { executablePath: await packaged.executablePath(), args: COMMON_ARGS, source: 'npm' };
}

export async function launchChromium(): Promise<Browser> {
  const { executablePath, args } = await chromiumExecutable();
  return chromium.launch({ executablePath, timeout: 30_000, args });
}

/**
 * Builds the web app into a folder of this test run's own (the API serves it through WEB_DIR), so a
 * concurrent `npm run build` rewriting dist/web cannot pull files from under the browser.
 */
export async function buildWebApp(): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-web-'));
  await promisify(execFile)(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'apps/web/vite.config.mts',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 },
  );
  if (!fs.existsSync(path.join(outDir, 'index.html'))) throw new Error(`vite build wrote no index.html into ${outDir}`);
  return outDir;
}

/** Signs in through the login page and waits for the role's start page. */
export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('Электронная почта').fill(email);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 });
}

/** Collects uncaught page errors and failed requests to other origins: the app must load nothing from elsewhere. */
export function watchPage(page: Page, origin: string): { errors: string[]; foreignRequests: string[] } {
  const watched = { errors: [] as string[], foreignRequests: [] as string[] };
  page.on('pageerror', (error) => watched.errors.push(error.message));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) watched.foreignRequests.push(url);
  });
  return watched;
}

/** Browser tests write their pages to docs/screenshots only when asked (WEB_SCREENSHOTS=1). */
export const SCREENSHOTS = process.env.WEB_SCREENSHOTS === '1';
export const SCREENSHOT_DIR = path.resolve(__dirname, '../../docs/screenshots');

/** With WEB_SCREENSHOTS=1: the whole page at 1366 px and at 375 px (name-phone.png; either can be left out), then back to 1366 px. */
export async function shot(page: Page, name: string, { wide = true, phone = true } = {}): Promise<void> {
  if (!SCREENSHOTS) return;
  // Scrolled to the end, a sticky bar (the report's «Сохранить черновик») sits in its place instead of over a field.
  const toEnd = () => page.evaluate(() => (globalThis as any).window.scrollTo(0, (globalThis as any).document.body.scrollHeight));
  if (wide) {
    await toEnd();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  }
  if (phone) {
    await page.setViewportSize({ width: 375, height: 800 });
    await toEnd();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-phone.png`), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });
  }
}
