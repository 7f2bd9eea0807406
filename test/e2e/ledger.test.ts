// The clerk's first session with the ledger, in Chromium against `hotline serve` on a real file.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiCall, cell, launchBrowser, openApp, screenshot, startServe, tempLedgerPath, type Served } from './harness';
import type { OrderRow } from '../../shared/api';

let served: Served;
let browser: Browser;
let page: Page;
let errors: string[];

type PageResult = { rows: OrderRow[]; rowCount: number };
const firstRows = (n: number) =>
  apiCall<PageResult>(served.url, 'orders.page', { startRow: 0, endRow: n, sort: [], filter: {} }).then((r) => r.rows);

async function gridShowsRows(): Promise<void> {
  await page.locator('.ag-row[row-index="0"] .ag-cell[col-id="orderNo"]').first().waitFor();
}

beforeAll(async () => {
  served = await startServe(tempLedgerPath('ledger'));
  browser = await launchBrowser();
  ({ page, errors } = await openApp(browser, served.url));
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

describe('台账 in the browser', () => {
  test('an empty ledger offers 导入工单 and 加载示例数据; the demo fills the grid', async () => {
    await page.getByRole('heading', { name: '台账还是空的' }).waitFor();
    await page.getByRole('button', { name: '加载示例数据' }).click();
    await gridShowsRows();
    await expect.poll(() => page.locator('.row-count').textContent()).toBe('共 400 件');
  });

  test('the text filter finds an order by a phrase of its content', async () => {
    const target = (await firstRows(50))[37];
    const phrase = target.content!.slice(3, 9);
    await page.getByRole('searchbox', { name: '搜索' }).fill(phrase);
    await expect.poll(() => page.locator('.row-count').textContent()).not.toBe('共 400 件');
    await expect.poll(() => page.locator(`.ag-cell[col-id="orderNo"]:text-is("${target.orderNo}")`).count()).toBe(1);
    const shown = await page.locator('.ag-row .ag-cell[col-id="content"]').allTextContents();
    expect(shown.length).toBeGreaterThan(0);
    for (const text of shown) expect(text).toContain(phrase);
    await page.getByRole('button', { name: '清除筛选' }).click();
    await expect.poll(() => page.locator('.row-count').textContent()).toBe('共 400 件');
  });

  test('a typed edit is saved; a pasted 3×2 block lands and one undo takes it all back', async () => {
    const before = await firstRows(3);
    // Type into 诉求人 of the first row.
    await cell(page, 0, 'caller').dblclick();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('王测试');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await firstRows(1))[0].caller).toBe('王测试');
    await expect.poll(() => cell(page, 0, 'caller').textContent()).toBe('王测试');

    // Paste 诉求人 + 联系电话 for rows 1..3 from the clipboard, as copied from Excel.
    await cell(page, 1, 'caller').click();
    await page.evaluate(() => navigator.clipboard.writeText('张甲\t13800000001\r\n李乙\t13800000002\r\n赵丙\t13800000003\r\n'));
    await page.keyboard.press('Control+V');
    await expect.poll(async () => (await firstRows(4)).slice(1).map((r) => [r.caller, r.phone])).toEqual([
      ['张甲', '13800000001'], ['李乙', '13800000002'], ['赵丙', '13800000003'],
    ]);
    await expect.poll(() => cell(page, 3, 'phone').textContent()).toBe('13800000003');

    // One undo takes back the whole paste, and only the paste.
    await page.getByRole('button', { name: '撤销' }).click();
    const expected = [...before.slice(1, 3).map((r) => [r.caller, r.phone])];
    await expect.poll(async () => (await firstRows(3)).slice(1).map((r) => [r.caller, r.phone])).toEqual(expected);
    expect((await firstRows(1))[0].caller).toBe('王测试');
  });

  test('after a reload the grid shows exactly the kept edits', async () => {
    const rows = await firstRows(4);
    await page.reload();
    await gridShowsRows();
    for (let i = 0; i < 4; i++) {
      await expect.poll(() => cell(page, i, 'caller').textContent()).toBe(rows[i].caller ?? '');
    }
    expect(rows[0].caller).toBe('王测试');
    expect(rows.slice(1).map((r) => r.caller)).not.toContain('张甲');
  });

  test('an invalid date is refused in Chinese and nothing reaches the file', async () => {
    const before = (await firstRows(1))[0];
    await cell(page, 0, 'dueAt').dblclick();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2024-13-45');
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('不是有效的日期时间');
    expect((await firstRows(1))[0].dueAt).toBe(before.dueAt);
    await expect.poll(() => cell(page, 0, 'dueAt').textContent()).toBe(before.dueAt ?? '');
  });

  test('the side panel shows the order and its history from the audit log', async () => {
    await cell(page, 0, 'detail').getByRole('button', { name: '详情' }).click();
    const panel = page.getByRole('complementary', { name: '工单详情' });
    await panel.waitFor();
    await expect.poll(() => panel.locator('table.history').textContent()).toContain('王测试');
    await screenshot(page, 'ledger');
  });

  test('deleting selected orders is soft and undoable; the recycle bin restores', async () => {
    const [first] = await firstRows(1);
    await cell(page, 0, 'ag-Grid-SelectionColumn').locator('input[type=checkbox]').check();
    await page.getByRole('button', { name: /删除所选/ }).click();
    await expect.poll(() => page.locator('.row-count').textContent()).toBe('共 399 件');
    await page.getByRole('button', { name: '回收站' }).click();
    await expect.poll(() => page.locator('.row-count').textContent()).toBe('共 1 件');
    await expect.poll(() => cell(page, 0, 'orderNo').textContent()).toBe(first.orderNo);
    await page.getByRole('button', { name: '返回台账' }).click();
    await page.keyboard.press('Control+Z');
    await expect.poll(() => page.locator('.row-count').textContent()).toBe('共 400 件');
    expect((await firstRows(1))[0].id).toBe(first.id);
  });

  test('the column layout (a hidden column) is remembered after a reload', async () => {
    await page.getByRole('button', { name: '列…' }).click();
    await page.getByRole('dialog', { name: '显示的列' }).getByLabel('地址').uncheck();
    await page.getByRole('button', { name: '关闭', exact: true }).click();
    await expect.poll(() => page.locator('.ag-header-cell[col-id="address"]').count()).toBe(0);
    // The layout is saved after a short pause (a drag fires many column events): reload only
    // once the ledger holds it, however slow the machine.
    const savedHidden = async () => {
      const { value } = await apiCall<{ value: unknown }>(served.url, 'settings.get', { key: 'ui.ledger.columns' });
      return Array.isArray(value) && value.some((c: { colId?: string; hide?: boolean }) => c.colId === 'address' && c.hide === true);
    };
    await expect.poll(savedHidden, { timeout: 10_000 }).toBe(true);
    await page.reload();
    await gridShowsRows();
    await expect.poll(() => page.locator('.ag-header-cell[col-id="title"]').count()).toBe(1);
    expect(await page.locator('.ag-header-cell[col-id="address"]').count()).toBe(0);
  });

  test('every page opens without console errors', async () => {
    for (const name of ['逾期跟踪', '统计考评', '通报', '承办单位', '设置', '台账']) {
      await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name, exact: true }).click();
      await page.waitForLoadState('networkidle');
      await page.locator('.page h1').first().waitFor();
    }
    expect(errors).toEqual([]);
  });
});
