// 逾期跟踪 in the browser: a prepared ledger with an overdue order; the board shows it under its
// unit, one click from its detail; approving an extension takes it off the overdue list.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiCall, launchBrowser, openApp, screenshot, startServe, tempLedgerPath, goToPage, delayNextCall, type Served } from './harness';
import type { Board, OrderRow } from '../../shared/api';

let served: Served;
let browser: Browser;
let page: Page;
let errors: string[];
let overdue: OrderRow;

beforeAll(async () => {
  served = await startServe(tempLedgerPath('board'));
  await apiCall(served.url, 'units.create', { name: '城关镇' });
  await apiCall(served.url, 'units.create', { name: '县市场监督管理局' });
  // Received 2024-03-04: 5 working days end 2024-03-11 23:59:59, long past.
  overdue = (await apiCall<{ order: OrderRow }>(served.url, 'orders.create', {
    values: { orderNo: 'E2E20240304001', receivedAt: '2024-03-04 09:00', handling: '转办', appealType: '投诉', urgency: '一般', unitId: '城关镇', title: '夜间施工噪音' },
  })).order;
  await apiCall(served.url, 'orders.create', {
    values: { orderNo: 'E2E20240304002', receivedAt: '2024-03-04 10:00', handling: '转办', appealType: '咨询', unitId: '县市场监督管理局', title: '营业执照办理', closedAt: '2024-03-05 10:00' },
  });
  browser = await launchBrowser();
  ({ page, errors } = await openApp(browser, served.url));
  await goToPage(page, served.url, '/board');
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

test('the board shows the overdue order under its unit, linked to its detail', async () => {
  await expect.poll(() => page.getByTestId('count-overdue').textContent()).toBe('1');
  const row = page.locator('tr[data-order-no="E2E20240304001"]');
  await expect.poll(() => row.count()).toBe(1);
  expect(await page.locator('.board-group h3').first().textContent()).toContain('城关镇');
  expect(await row.locator('a').getAttribute('href')).toBe(`#/ledger?order=${overdue.id}`);
  expect(await row.textContent()).toMatch(/2024-03-11 23:59.*已超期\d+天/);
  // The per-unit summary names its oldest overdue order; the closed one is nowhere.
  expect(await page.locator('.board-units').textContent()).toMatch(/城关镇.*E2E20240304001 超期\d+天/);
  expect(await page.locator('.board-page').textContent()).not.toContain('E2E20240304002');
  expect(await page.locator('.board-coverage').textContent()).toContain('工作日历覆盖 2004—2026 年');
  await screenshot(page, 'board-overdue');
});

test('the 催办单 of the unit lists the order, ready to copy or print', async () => {
  await page.locator('.board-group h3').getByRole('button', { name: '催办单' }).click();
  const dialog = page.getByRole('dialog', { name: '催办单' });
  await expect.poll(() => dialog.locator('pre').textContent()).toMatch(/城关镇：[\s\S]*工单编号：E2E20240304001[\s\S]*已超期\d+天/);
  await dialog.getByRole('button', { name: '复制' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('E2E20240304001');
  // Esc closes it, as 关闭 does.
  await page.keyboard.press('Escape');
  await expect.poll(() => dialog.count()).toBe(0);
});

test('approving an extension takes the order off the overdue list', async () => {
  await page.locator('tr[data-order-no="E2E20240304001"]').getByRole('button', { name: '延期' }).click();
  const dialog = page.getByRole('dialog', { name: '延期' });
  await dialog.getByLabel('新的截止时间').fill('2099-12-31T18:00:00');
  await dialog.getByLabel('延期理由').fill('需协调多部门现场处置');
  await dialog.getByRole('button', { name: '批准延期' }).click();
  await expect.poll(() => page.getByTestId('count-overdue').textContent()).toBe('0');
  expect(await page.locator('tr[data-order-no="E2E20240304001"]').count()).toBe(0);
  expect(await page.getByTestId('count-extended').textContent()).toBe('1');
  const board = await apiCall<Board>(served.url, 'deadlines.board', {});
  expect(board.counts.overdue).toBe(0);
  const events = await apiCall<{ deadline: { effectiveDueAt: string; extensionCount: number } }>(served.url, 'deadlines.orderEvents', { orderId: overdue.id });
  expect(events.deadline).toMatchObject({ effectiveDueAt: '2099-12-31 18:00:00', extensionCount: 1 });
  await page.getByRole('tab', { name: /本期延期/ }).click();
  await expect.poll(() => page.locator('tr[data-order-no="E2E20240304001"]').count()).toBe(1);
  await screenshot(page, 'board-extended');
  expect(errors).toEqual([]);
});

test('设置: a time-limit rule and next year’s holidays, each recomputing the due times', async () => {
  await goToPage(page, served.url, '/settings');
  await page.getByRole('tab', { name: '时限规则' }).click();
  const amounts = page.getByLabel('时限数值');
  await expect.poll(() => amounts.count()).toBe(3);
  await amounts.nth(2).fill('6');
  await page.getByRole('button', { name: '保存并重新计算' }).click();
  await expect.poll(() => page.locator('.toast').textContent()).toMatch(/重新计算了 2 件工单/);
  const limits = await apiCall<{ rules: { limit: { amount: number } }[] }>(served.url, 'timeLimits.get');
  expect(limits.rules[2].limit.amount).toBe(6);

  await page.getByRole('tab', { name: '节假日' }).click();
  await page.getByLabel('节假日列表').fill('2027-01-01 休 元旦\n2027-02-06 休 春节');
  // Saving recomputes the due times; meanwhile the section is read-only (no second save).
  await delayNextCall(page, 'holidays.import', 800);
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await page.getByRole('button', { name: '正在保存…' }).first().waitFor();
  expect(await page.getByLabel('节假日列表').isDisabled()).toBe(true);
  await expect.poll(() => page.locator('.toast').textContent()).toMatch(/新增 2 天/);
  await expect.poll(() => page.getByLabel('节假日列表').isDisabled()).toBe(false);
  const coverage = await apiCall<{ coveredYears: number[] }>(served.url, 'deadlines.coverage');
  expect(coverage.coveredYears).toContain(2027);
  await screenshot(page, 'settings-holidays');
  expect(errors).toEqual([]);
});
