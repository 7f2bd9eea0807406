// 统计考评 in the browser on the 合水 sample's ledger: the period and scheme give the sample's
// table (合计 first, remarks naming late orders); a number opens its orders in 台账.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot, startServe, tempLedgerPath, goToPage, type Served } from './harness';
import { buildFixtureFile } from '../fixtures/seeds/build';
import { heshuiSpec } from '../fixtures/seeds/heshui';

let served: Served;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  const file = tempLedgerPath('stats');
  buildFixtureFile(file, heshuiSpec());
  served = await startServe(file);
  browser = await launchBrowser();
  ({ page, errors } = await openApp(browser, served.url));
  await goToPage(page, served.url, '/stats');
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

test('2020年4月 with the 合水 scheme prints the sample\'s table', async () => {
  await page.getByLabel('期间类型').selectOption('month');
  await page.getByLabel('年份').selectOption('2020');
  await page.getByLabel('月份或季度').selectOption('4');
  await page.getByLabel('截至时间').fill('2020-05-06T09:00:00');
  await page.getByLabel('考评方案').selectOption('timely');
  const table = page.getByRole('table', { name: '统计表' });
  const row = (unit: string) => table.locator('tr', { has: page.locator('td.unit', { hasText: new RegExp(`^${unit}$`) }) });
  // Polled: the row is there already under the scheme shown before 合水's table arrives.
  await expect.poll(async () => (await row('板桥镇').locator('td').allTextContents()).slice(0, 8)).toEqual(['板桥镇', '5', '4', '1', '0', '50.00%', '75.00%', '工单编号：DH202004080005\n超期15天办结']);
  const totals = await table.locator('tr.total-row').allTextContents();
  expect(totals).toHaveLength(2);
  expect(totals[0]).toMatch(/^合计18162085\.71%92\.86%/);
  expect(await page.locator('.stats-summary').textContent()).toContain('受理 232 件');
  await expect.poll(() => page.locator('.stats-chart canvas').count()).toBeGreaterThanOrEqual(3);
  await screenshot(page, 'stats-heshui');
});

test('clicking a unit\'s 受理量 opens its orders in the ledger', async () => {
  const table = page.getByRole('table', { name: '统计表' });
  const row = table.locator('tr', { has: page.locator('td.unit', { hasText: /^板桥镇$/ }) });
  await row.locator('td').nth(1).getByRole('button').click();
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/ledger\?filter=/);
  const filter = JSON.parse(await page.evaluate(() => new URLSearchParams(location.hash.split('?')[1]).get('filter') ?? '{}'));
  expect(filter).toMatchObject({ from: '2020-04-01 00:00:00', to: '2020-05-01 00:00:00', unitIds: [expect.any(Number)] });
  await expect.poll(() => page.getByText('DH202004080005').count(), { timeout: 20_000 }).toBeGreaterThan(0);
  await screenshot(page, 'stats-click-through');
  expect(errors).toEqual([]);
});
