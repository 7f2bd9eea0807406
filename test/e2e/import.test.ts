// 导入工单 and 导出 in Chromium: upload a county export, map its one unknown column by hand,
// confirm, see the orders in the grid; then export the view and open the file again.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as XLSX from '@e965/xlsx';
import type { Browser, Page } from 'playwright-core';
import { ROOT, apiCall, launchBrowser, openApp, screenshot, startServe, tempLedgerPath, type Served } from './harness';
import type { ImportBatch, OrderRow } from '../../shared/api';

let served: Served;
let browser: Browser;
let page: Page;
let errors: string[];

const orders = () =>
  apiCall<{ rows: OrderRow[] }>(served.url, 'orders.page', { startRow: 0, endRow: 100, sort: [{ colId: 'orderNo', sort: 'asc' }], filter: {} }).then((r) => r.rows);

beforeAll(async () => {
  served = await startServe(tempLedgerPath('import'));
  await apiCall(served.url, 'units.create', { name: '城关镇' });
  await apiCall(served.url, 'units.create', { name: '县市场监督管理局', aliases: ['市场局'] });
  browser = await launchBrowser();
  ({ page, errors } = await openApp(browser, served.url));
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

test('upload a county export, map the unknown column, confirm, and see the orders in the grid', async () => {
  await page.getByRole('button', { name: '导入工单' }).first().click();
  const dialog = page.getByRole('dialog', { name: '导入工单' });
  await dialog.getByLabel('选择文件').setInputFiles(path.join(ROOT, 'test/fixtures/import/platform.xlsx'));
  const counts = dialog.getByLabel('预览结果');
  await expect.poll(() => counts.textContent()).toBe('新增 4更新 0未变 0拒绝 0');
  // 来电人身份证号 is not in the dictionary: the clerk keeps it in 备注.
  await dialog.getByLabel('“来电人身份证号”导入为').selectOption('note');
  await expect.poll(() => dialog.getByLabel('“来电人身份证号”导入为').inputValue()).toBe('note');
  await dialog.getByLabel('保存列映射名称').fill('宁强平台');
  // An unknown unit is proposed as a new 部门; an existing name is the clerk's other choice.
  await expect.poll(() => dialog.getByLabel('“新区管委会”的类型').inputValue()).toBe('dept');
  await screenshot(page, 'import-preview');
  await dialog.getByRole('button', { name: /确认导入/ }).click();
  await expect.poll(() => dialog.getByRole('status').textContent()).toMatch(/新增 4 件/);
  await dialog.getByRole('button', { name: '完成' }).click();
  await page.locator('.ag-cell[col-id="orderNo"]', { hasText: '202402070001' }).first().waitFor();
  const rows = await orders();
  expect(rows.map((o) => o.orderNo)).toEqual(['00123', '202402070001', '202402070002', '202402080004']);
  expect(rows.find((o) => o.orderNo === '202402070001')).toMatchObject({ note: '610725199001010011', phone: '13812345678', receivedAt: '2024-02-07 09:05:00' });
  expect((await apiCall<{ mappings: { name: string }[] }>(served.url, 'imports.mappings')).mappings.map((m) => m.name)).toEqual(['宁强平台']);
});

test('the batch appears in 导入记录 and the export of the view opens again', async () => {
  await page.getByRole('button', { name: '导入工单' }).first().click();
  const dialog = page.getByRole('dialog', { name: '导入工单' });
  await dialog.getByRole('button', { name: '导入记录' }).click();
  await expect.poll(() => dialog.locator('tbody tr').first().textContent()).toMatch(/#1.*platform\.xlsx/);
  await dialog.getByRole('button', { name: '关闭' }).click();
  await page.getByRole('button', { name: '导出', exact: true }).click();
  const exportDialog = page.getByRole('dialog', { name: '导出' });
  const [download] = await Promise.all([page.waitForEvent('download'), exportDialog.getByRole('button', { name: '导出', exact: true }).click()]);
  expect(download.suggestedFilename()).toMatch(/^工单台账_.*\.xlsx$/);
  const file = await download.path();
  const wb = XLSX.read(fs.readFileSync(file), { type: 'buffer' });
  const sheet = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]], { header: 1, raw: false });
  expect(sheet[0][0]).toMatch(/工单台账.*共 4 件/);
  expect(sheet[1]).toContain('工单编号');
  const noCol = sheet[1].indexOf('工单编号');
  expect(sheet.slice(2).map((r) => r[noCol]).sort()).toEqual(['00123', '202402070001', '202402070002', '202402080004']);
  const batches = await apiCall<{ batches: ImportBatch[] }>(served.url, 'imports.batches');
  expect(batches.batches).toHaveLength(1);
  expect(errors).toEqual([]);
});

test('Esc closes the export and import dialogs, as 关闭 does', async () => {
  // The export dialog is still open after the export above.
  const exportDialog = page.getByRole('dialog', { name: '导出' });
  await exportDialog.waitFor();
  await page.keyboard.press('Escape');
  await expect.poll(() => exportDialog.count()).toBe(0);
  await page.getByRole('button', { name: '导入工单' }).first().click();
  const importDialog = page.getByRole('dialog', { name: '导入工单' });
  await importDialog.waitFor();
  await page.keyboard.press('Escape');
  await expect.poll(() => importDialog.count()).toBe(0);
  expect(errors).toEqual([]);
});
