// 通报 issued in the browser on a demo ledger: header settings saved, last month drafted, a
// paragraph edited, the draft saved and issued with the proposed 文号; then an order is edited
// in the ledger, and the issued bulletin, reopened, shows and exports exactly what was issued.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { previousMonthPeriod, previousPeriod } from '../../shared/period';
import { nowCst } from '../../shared/time';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { apiCall, goToPage, OUTPUT_DIR, openDemoApp, screenshot, type Served } from './harness';

let served: Served;
let browser: Browser;
let page: Page;
let errors: string[];
let preview: FrameLocator;
let dir: string;

const period = previousMonthPeriod().text; // the month the page proposes
const monthBeforeIt = previousPeriod(previousMonthPeriod()).text;
const year = nowCst().slice(0, 4);
const docNo = `白政办发〔${year}〕1号`;
const added = '本月各承办单位认真履职，热线运行平稳有序。';
const squeeze = (s: string | null) => (s ?? '').replace(/\s/g, '');
const previewText = async () => squeeze(await preview.locator('body').textContent());
const receivedIn = (text: string) => Number(/共受理群众诉求(\d+)件/.exec(text)?.[1]);
function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

interface Summary { id: number; status: string; numberText: string; title: string }

beforeAll(async () => {
  let db: string;
  ({ db, served, browser, page, errors } = await openDemoApp('bulletin-issue', 2000, '/bulletin'));
  dir = path.dirname(db);
  preview = page.frameLocator('iframe[title="通报预览"]');
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

test('版头设置 are saved and propose the first 文号 of the prefix', async () => {
  await page.getByRole('button', { name: '版头设置' }).click();
  const form = page.getByRole('form', { name: '版头设置' });
  await expect.poll(() => form.getByLabel('发文机关标志').inputValue()).toContain('文件');
  await form.getByLabel('发文机关标志').fill('白水县人民政府办公室文件');
  await form.getByLabel('文号前缀').fill('白政办发');
  await form.getByLabel('署名').fill('白水县人民政府办公室');
  await form.getByLabel('印发机关').fill('白水县人民政府办公室');
  await form.getByLabel('附注').fill('联系人：聂洋 电话：3151139');
  await form.getByLabel('共印份数').fill('abc');
  await form.getByRole('button', { name: '保存版头设置' }).click();
  await expect.poll(() => form.getByRole('alert').textContent()).toContain('共印份数应为正整数');
  await form.getByLabel('共印份数').fill('60');
  await form.getByRole('button', { name: '保存版头设置' }).click();
  await expect.poll(() => form.getByRole('status').textContent()).toBe('已保存');
  expect(await form.textContent()).toContain(`下一期将用：${docNo}`);
  await screenshot(page, 'bulletin-settings');
  await form.getByRole('button', { name: '收起' }).click();
});

test('a drafted, edited bulletin is saved as a draft and listed', async () => {
  await page.getByLabel('期间').fill(period);
  await page.getByLabel('考评方案').selectOption('counts');
  await page.getByLabel('模板').selectOption('redhead');
  await page.getByRole('button', { name: '起草', exact: true }).click();
  await expect.poll(previewText, { timeout: 30_000 }).toContain(docNo);
  expect(await previewText()).toContain('白水县人民政府办公室文件');
  expect(await previewText()).toContain('共印60份');
  await page.getByLabel('编辑段落').selectOption({ label: '总体情况' });
  const box = page.getByLabel('段落文字');
  await box.fill(`${await box.inputValue()}\n${added}`);
  await page.getByRole('button', { name: '应用修改' }).click();
  await expect.poll(previewText).toContain(added);
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect.poll(() => page.getByRole('table', { name: '通报列表' }).locator('tbody tr').count()).toBe(1);
  const row = page.getByRole('table', { name: '通报列表' }).locator('tbody tr').first();
  expect(await row.textContent()).toContain('草稿');
  // Saved: the edit is in the ledger, not only in the page.
  const [stored] = (await apiCall<{ bulletins: Summary[] }>(served.url, 'bulletins.list')).bulletins;
  const opened = await apiCall<{ document: { sections: { key: string; edited: string | null }[] } }>(served.url, 'bulletins.open', { id: stored.id });
  expect(opened.document.sections.find((s) => s.key === 'overview')?.edited).toContain(added);
  // A chart added to the saved draft is stored with it and drawn in the pages.
  await page.getByLabel('图表类型').selectOption('unitRanking');
  await page.getByLabel('图表位置').selectOption('overview');
  await page.getByRole('button', { name: '添加图表' }).click();
  await expect.poll(async () => (await apiCall<{ document: { charts: unknown[] } }>(served.url, 'bulletins.open', { id: stored.id })).document.charts.length).toBe(1);
  await expect.poll(() => preview.locator('svg').count()).toBeGreaterThan(0);
});

test('印发 asks first, says the figures are frozen, and takes the 文号', async () => {
  await page.getByRole('button', { name: '印发…' }).click();
  const dialog = page.getByRole('dialog', { name: '印发通报' });
  expect(await dialog.textContent()).toContain('数字、文字和版式即被冻结');
  expect(await dialog.getByLabel('文号序号').inputValue()).toBe('1');
  expect(await dialog.textContent()).toContain(`将印为：${docNo}`);
  await screenshot(page, 'bulletin-issue-dialog');
  await dialog.getByRole('button', { name: '确认印发' }).click();
  await expect.poll(() => page.getByRole('table', { name: '通报列表' }).locator('tbody tr').first().textContent()).toContain('已印发');
  expect(await page.getByRole('table', { name: '通报列表' }).locator('tbody tr').first().textContent()).toContain(docNo);
  // Read-only now: no editor, no 印发, 重新打印 instead of 打印.
  await expect.poll(() => page.getByLabel('编辑段落').count()).toBe(0);
  expect(await page.getByRole('button', { name: '印发…' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: '重新打印' }).count()).toBe(1);
  await screenshot(page, 'bulletin-issued');
});

test('after an order is edited the issued bulletin reopens and exports unchanged', async () => {
  const [issued] = (await apiCall<{ bulletins: Summary[] }>(served.url, 'bulletins.list')).bulletins;
  expect(issued).toMatchObject({ status: 'issued', numberText: docNo });
  const before = await previewText();
  expect(before).toContain(added);
  const pdfBefore = path.join(dir, 'before.pdf');
  const r = await apiCall<{ base64: string }>(served.url, 'bulletins.render', { id: issued.id, format: 'pdf' });
  fs.writeFileSync(pdfBefore, Buffer.from(r.base64, 'base64'));
  const htmlBefore = (await apiCall<{ base64: string }>(served.url, 'bulletins.render', { id: issued.id, format: 'html' })).base64;

  // An order of the period moves to the month before: the period's count drops by one.
  const [y, m] = period.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  const rows = (await apiCall<{ rows: { id: number; unitId: number | null }[] }>(served.url, 'orders.page', { startRow: 0, endRow: 50, filter: { from: `${period}-01 00:00:00`, to: `${next} 00:00:00` } })).rows;
  const order = rows.find((o) => o.unitId != null)!;
  const edit = await apiCall<{ applied: unknown[] }>(served.url, 'orders.applyEdits', { edits: [{ id: order.id, field: 'receivedAt', value: `${monthBeforeIt}-15 10:00:00` }] });
  expect(edit.applied).toHaveLength(1);
  const fresh = await apiCall<{ html: string }>(served.url, 'bulletins.draft', { period, scheme: 'counts', template: 'redhead' });
  expect(receivedIn(squeeze(fresh.html.replace(/<[^>]+>/g, '')))).toBe(receivedIn(before) - 1);

  // The clerk comes back another day: the page opened afresh, the bulletin opened from the list.
  await page.reload();
  await page.getByRole('button', { name: `打开 ${issued.title}` }).click();
  await expect.poll(previewText, { timeout: 30_000 }).toContain(docNo);
  expect(await previewText()).toBe(before);
  expect(await page.getByLabel('编辑段落').count()).toBe(0);
  expect((await apiCall<{ base64: string }>(served.url, 'bulletins.render', { id: issued.id, format: 'html' })).base64).toBe(htmlBefore);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: '导出 PDF' }).click()]);
  const pdfAfter = path.join(dir, 'after.pdf');
  fs.copyFileSync(await download.path(), pdfAfter);
  const textAfter = pdfText(pdfAfter);
  expect(textAfter).toBe(pdfText(pdfBefore));
  expect(squeeze(textAfter)).toContain(docNo);
  expect(squeeze(textAfter)).toContain(added);
  expect(await page.getByRole('table', { name: '通报列表' }).locator('tbody tr').first().textContent()).toContain('已印发');
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  await screenshot(page, 'bulletin-reopened');
});

test('an edited draft not yet saved is not thrown away without asking; a saved draft can be deleted, an issued one stays', async () => {
  const list = page.getByRole('table', { name: '通报列表' }).locator('tbody tr');
  const [issued] = (await apiCall<{ bulletins: Summary[] }>(served.url, 'bulletins.list')).bulletins;
  await page.getByRole('button', { name: '起草', exact: true }).click();
  await expect.poll(() => page.getByText('未保存的草稿').count(), { timeout: 30_000 }).toBe(1);
  const ask = page.getByRole('dialog', { name: '放弃未保存的草稿' });
  // A chart added to the fresh draft is the clerk's work too: leaving asks first.
  await page.getByLabel('图表类型').selectOption('unitRanking');
  await page.getByLabel('图表位置').selectOption('overview');
  await page.getByRole('button', { name: '添加图表' }).click();
  await expect.poll(() => preview.locator('svg').count()).toBeGreaterThan(0);
  await page.getByRole('button', { name: `打开 ${issued.title}` }).click();
  await expect.poll(() => ask.count()).toBe(1);
  await ask.getByRole('button', { name: '取消' }).click();
  await expect.poll(() => ask.count()).toBe(0);
  await page.getByLabel('编辑段落').selectOption({ label: '开头' });
  await page.getByLabel('段落文字').fill('这是尚未保存的修改。');
  await page.getByRole('button', { name: '应用修改' }).click();
  await expect.poll(previewText).toContain('这是尚未保存的修改。');
  await page.getByRole('button', { name: `打开 ${issued.title}` }).click();
  await expect.poll(() => ask.count()).toBe(1);
  await ask.getByRole('button', { name: '取消' }).click();
  expect(await previewText()).toContain('这是尚未保存的修改。');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect.poll(() => list.count()).toBe(2);
  await page.getByRole('button', { name: '删除草稿' }).click();
  await page.getByRole('dialog', { name: '删除草稿' }).getByRole('button', { name: '删除' }).click();
  await expect.poll(() => list.count()).toBe(1);
  expect(await list.first().textContent()).toContain('已印发');
  expect((await apiCall<{ bulletins: Summary[] }>(served.url, 'bulletins.list')).bulletins.map((b) => b.id)).toEqual([issued.id]);
});

test('设置 → 通报版头 shows the same settings and proposes the next 文号 after the one issued', async () => {
  await goToPage(page, served.url, '/settings');
  await page.getByRole('tab', { name: '通报版头' }).click();
  const form = page.getByRole('form', { name: '版头设置' });
  await expect.poll(() => form.getByLabel('文号前缀').inputValue()).toBe('白政办发');
  expect(await form.textContent()).toContain(`下一期将用：白政办发〔${year}〕2号`);
  await page.getByLabel('版头样式').selectOption('brief');
  await expect.poll(() => form.getByLabel('简报名称').inputValue()).toContain('热线动态');
  expect(await form.textContent()).toContain('（第1期）');
  expect(errors).toEqual([]);
});
