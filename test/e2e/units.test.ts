// 承办单位 in the browser: add a unit with its kind guessed from the name, edit it in the grid.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiCall, launchBrowser, openApp, screenshot, startServe, tempLedgerPath, goToPage, delayNextCall, type Served } from './harness';
import type { Unit } from '../../shared/api';

let served: Served;
let browser: Browser;
let page: Page;
let errors: string[];

const units = () => apiCall<{ units: Unit[] }>(served.url, 'units.list').then((r) => r.units);

beforeAll(async () => {
  served = await startServe(tempLedgerPath('units'));
  browser = await launchBrowser();
  ({ page, errors } = await openApp(browser, served.url));
  await goToPage(page, served.url, '/units');
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

test('a new unit gets its kind from its name, a sub-unit its parent, and aliases', async () => {
  await page.getByRole('textbox', { name: '单位名称' }).fill('城关镇');
  await expect.poll(() => page.getByRole('combobox', { name: '单位类型' }).locator('option').first().textContent()).toBe('按名称判断：镇街');
  await page.getByRole('button', { name: '添加单位' }).click();
  await expect.poll(async () => (await units()).map((u) => [u.name, u.kind])).toEqual([['城关镇', 'town']]);

  await page.getByRole('textbox', { name: '单位名称' }).fill('县住房和城乡建设局');
  await page.getByRole('textbox', { name: '别名' }).fill('住建局、县住建局');
  // A slow save: the form is read-only until the unit lands, so the next unit typed is not wiped
  // by it, and the new unit is already in 上级单位 when the form opens again.
  await delayNextCall(page, 'units.create', 800);
  await page.getByRole('button', { name: '添加单位' }).click();
  await expect.poll(() => page.getByRole('textbox', { name: '单位名称' }).isDisabled()).toBe(true);
  await page.getByRole('button', { name: '正在添加…' }).waitFor();
  await page.getByRole('textbox', { name: '单位名称' }).fill('县住建局物业股');
  await page.getByRole('combobox', { name: '上级单位' }).selectOption({ label: '县住房和城乡建设局' });
  await page.getByRole('button', { name: '添加单位' }).click();
  await expect.poll(async () => (await units()).length).toBe(3);
  const all = await units();
  const parent = all.find((u) => u.name === '县住房和城乡建设局')!;
  expect(parent.kind).toBe('dept');
  expect(parent.aliases.sort()).toEqual(['住建局', '县住建局'].sort());
  expect(all.find((u) => u.name === '县住建局物业股')!.parentId).toBe(parent.id);
  await expect.poll(() => page.locator('.ag-cell[col-id="name"]').allTextContents()).toContain('└ 县住建局物业股');
});

test('renaming a unit in the grid keeps the old name as an alias', async () => {
  const row = page.locator('.ag-row', { has: page.locator('.ag-cell[col-id="name"]', { hasText: /^城关镇$/ }) });
  await row.locator('.ag-cell[col-id="name"]').dblclick();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('城关镇人民政府');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await units()).find((u) => u.name === '城关镇人民政府')?.aliases).toEqual(['城关镇']);
  await screenshot(page, 'units');
  expect(errors).toEqual([]);
});
