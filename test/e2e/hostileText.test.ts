// Text fields holding HTML and script are shown as text in the grid and the detail panel, never run.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { apiCall, cell, launchBrowser, openApp, runCli, startServe, tempLedgerPath, type Served } from './harness';
import type { OrderRow } from '../../shared/api';

const PAYLOAD = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>噪音扰民';

let served: Served;
let browser: Browser;

beforeAll(async () => {
  const db = tempLedgerPath('hostile');
  await runCli(['demo', '--db', db, '--orders', '30']);
  served = await startServe(db);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

test('HTML and script in 诉求内容 and 诉求人 are displayed literally and do not execute', async () => {
  const page1 = await apiCall<{ rows: OrderRow[] }>(served.url, 'orders.page', { startRow: 0, endRow: 1, sort: [], filter: {} });
  const id = page1.rows[0].id;
  const result = await apiCall<{ applied: unknown[]; refused: unknown[] }>(served.url, 'orders.applyEdits', {
    edits: [
      { id, field: 'content', value: PAYLOAD },
      { id, field: 'caller', value: '<b onmouseover="window.__pwned=3">张三</b>' },
    ],
  });
  expect(result.refused).toEqual([]);
  const { page, errors } = await openApp(browser, served.url);
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs++; void d.dismiss(); });
  await expect.poll(() => page.locator('.row-count').textContent(), { timeout: 30_000 }).toBe('共 30 件');
  await expect.poll(() => cell(page, 0, 'content').textContent(), { timeout: 30_000 }).toBe(PAYLOAD);
  await cell(page, 0, 'caller').hover();
  await cell(page, 0, 'detail').getByRole('button', { name: '详情' }).click();
  const panel = page.getByRole('complementary', { name: '工单详情' });
  await expect.poll(() => panel.textContent()).toContain(PAYLOAD);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toBe(0);
  expect(errors).toEqual([]);
});
