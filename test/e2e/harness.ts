// End-to-end harness: the real CLI serving a real ledger file, driven in Debian's Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page, type ConsoleMessage } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const OUTPUT_DIR = path.join(ROOT, 'test-output');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function tempLedgerPath(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hotline-e2e-${name}-`));
  return path.join(dir, 'ledger.sqlite3');
}

/** Runs one CLI command to completion (e.g. demo data) and returns its stdout. */
export async function runCli(args: readonly string[]): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron', 'cli.ts'), ...args], { cwd: ROOT, env: process.env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code: number = await new Promise((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`hotline ${args.join(' ')} exited ${code}: ${stderr}`);
  return stdout;
}

export interface Served {
  url: string;
  stop: () => Promise<void>;
}

/** `hotline serve --db FILE`: waits for the URL, the first line of stdout. */
export async function startServe(db: string): Promise<Served> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron', 'cli.ts'), 'serve', '--db', db], {
    cwd: ROOT,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const lines = readline.createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL: ${stderr}`)), 60_000);
    lines.once('line', (line) => { clearTimeout(timer); resolve(line.trim()); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited ${code}: ${stderr}`)); });
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run', '--lang=zh-CN'],
  });
}

export interface AppPage {
  page: Page;
  /** Console errors and uncaught page errors seen so far: a test ends by expecting none. */
  errors: string[];
}

export async function openApp(browser: Browser, url: string): Promise<AppPage> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'America/New_York', // the app must not depend on the PC's time zone
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => { errors.push(String(e)); if (process.env.E2E_STACKS) console.log('STACK', e.stack); });
  await page.goto(url);
  return { page, errors };
}

/** What openDemoApp gives a test: the ledger file, its server, the browser and the open page. */
export interface DemoApp extends AppPage {
  db: string;
  served: Served;
  browser: Browser;
}

/** A demo ledger of `orders` orders (`hotline demo`), served, and open in Chromium on `route`. */
export async function openDemoApp(name: string, orders: number, route: string): Promise<DemoApp> {
  const db = tempLedgerPath(name);
  await runCli(['demo', '--db', db, '--orders', String(orders)]);
  const served = await startServe(db);
  const browser = await launchBrowser();
  const { page, errors } = await openApp(browser, served.url);
  await goToPage(page, served.url, route);
  return { db, served, browser, page, errors };
}

/** Opens one of the app's pages ('/bulletin', '/settings' …) in a page already holding the access token. */
export async function goToPage(page: Page, servedUrl: string, route: string): Promise<void> {
  await page.goto(`${servedUrl.split('#')[0]}#${route}`);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  const file = path.join(OUTPUT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Calls the served API directly, as the page would: to check what the ledger holds. */
export async function apiCall<T = unknown>(servedUrl: string, method: string, input: unknown = {}): Promise<T> {
  const u = new URL(servedUrl);
  const token = /token=([^&]+)/.exec(u.hash)?.[1] ?? '';
  const response = await fetch(`${u.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hotline-token': token },
    body: JSON.stringify(input),
  });
  const envelope = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!envelope.ok) throw new Error(envelope.error?.message ?? 'API error');
  return envelope.value as T;
}

/** Holds the next call of `method` for `ms` before it goes through, so a test can look at the page
 *  while the save is in flight. The route expires after that one call: Playwright removes it only once
 *  the handler has finished (an unroute while the handler waits lets the request go on without it,
 *  and the handler's own continue then fails with "Route is already handled"). */
export async function delayNextCall(page: Page, method: string, ms: number): Promise<void> {
  await page.route(`**/api/${method}`, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await route.continue();
  }, { times: 1 });
}

/** The cell of a displayed row in a column, whichever pinned/center container holds it. */
export function cell(page: Page, rowIndex: number, colId: string) {
  return page.locator(`.ag-row[row-index="${rowIndex}"] .ag-cell[col-id="${colId}"]`);
}
