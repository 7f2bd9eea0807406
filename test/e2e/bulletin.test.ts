// 通报 in the browser on a demo ledger: draft last month's bulletin, see its A4 pages, edit a
// paragraph and see it printed, export a PDF.
import fs from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { previousMonthPeriod } from '../../shared/period';
import { apiCall, openDemoApp, screenshot, type Served } from './harness';

let served: Served;
let browser: Browser;
let page: Page;
let errors: string[];
let preview: FrameLocator;

beforeAll(async () => {
  ({ served, browser, page, errors } = await openDemoApp('bulletin', 2000, '/bulletin'));
  preview = page.frameLocator('iframe[title="通报预览"]');
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

test('drafting last month shows the title and 一、总体情况 on A4 pages', async () => {
  const period = previousMonthPeriod().text; // the month the page proposes
  await expect.poll(() => page.getByLabel('期间').inputValue()).toBe(period);
  await expect.poll(() => page.getByLabel('考评方案').locator('option').count()).toBeGreaterThan(0);
  await page.getByLabel('模板').selectOption('redhead');
  await page.getByRole('button', { name: '起草', exact: true }).click();
  const [y, m] = period.split('-').map(Number);
  const title = `关于${y}年${m}月份12345政务服务便民热线工单办理情况的通报`;
  await expect.poll(() => preview.locator('body').textContent(), { timeout: 30_000 }).toContain(title.slice(0, 12));
  const text = (await preview.locator('body').textContent()) ?? '';
  // The title may be broken over two lines; compare without line breaks.
  expect(text.replace(/\s/g, '')).toContain(title);
  expect(text).toContain('一、总体情况');
  // Every page is A4 (210 mm × 297 mm at 96 px per inch).
  const sizes = await preview.locator('section.page').evaluateAll((els) => els.map((e) => [Math.round(e.getBoundingClientRect().width), Math.round(e.getBoundingClientRect().height)]));
  expect(sizes.length).toBeGreaterThan(1);
  for (const s of sizes) expect(s).toEqual([794, 1123]);
  // The draft's figures are the ledger's: the count received in 总体情况 is 统计考评's.
  const stats = await apiCall<{ totals: { received: number } }>(served.url, 'stats.compute', { period, schemeId: await page.getByLabel('考评方案').inputValue() });
  expect(stats.totals.received).toBeGreaterThan(0);
  expect(text.replace(/\s/g, '')).toContain(`共受理群众诉求${stats.totals.received}件`);
});

test('in a 1280-pixel window the preview shows a page whole, and prints it at A4', async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  try {
    const frameBox = async () => (await page.locator('iframe[title="通报预览"]').boundingBox())!;
    const firstPage = preview.locator('section.page').first();
    // The page's right edge inside the frame (at 100 % it ran past it and was cut off).
    await expect.poll(async () => {
      const [f, p] = [await frameBox(), (await firstPage.boundingBox())!];
      return p.x + p.width <= f.x + f.width && p.x >= f.x;
    }).toBe(true);
    const root = preview.locator('html');
    const zoomOf = () => root.evaluate((el) => (el as HTMLElement).style.zoom);
    expect(Number(await zoomOf())).toBeLessThan(1);
    // Printing takes the zoom off, so the printed page is A4; after printing it fits again.
    await root.evaluate((el) => el.ownerDocument.defaultView!.dispatchEvent(new Event('beforeprint')));
    expect(await zoomOf()).toBe('');
    expect(await firstPage.evaluate((el) => Math.round(el.getBoundingClientRect().width))).toBe(794);
    await root.evaluate((el) => el.ownerDocument.defaultView!.dispatchEvent(new Event('afterprint')));
    expect(Number(await zoomOf())).toBeLessThan(1);
  } finally {
    await page.setViewportSize({ width: 1440, height: 900 });
  }
  // Wide enough again: the page at its printed size.
  await expect.poll(() => preview.locator('html').evaluate((el) => (el as HTMLElement).style.zoom)).toBe('');
});

test('an edited paragraph is printed in the preview', async () => {
  await page.getByLabel('编辑段落').selectOption({ label: '总体情况' });
  // The clerk reads further down; an edit must not throw the preview back to the top.
  await preview.locator('html').evaluate((el) => el.ownerDocument.defaultView!.scrollTo(0, 900));
  const box = page.getByLabel('段落文字');
  const original = await box.inputValue();
  expect(original.startsWith('一、总体情况')).toBe(true);
  const added = '本月热线平台运行平稳，各承办单位认真履职。';
  await box.fill(`${original}\n${added}`);
  await page.getByRole('button', { name: '应用修改' }).click();
  await expect.poll(async () => ((await preview.locator('body').textContent()) ?? '').replace(/\s/g, '')).toContain(added);
  await expect.poll(() => page.getByLabel('编辑段落').locator('option:checked').textContent()).toBe('总体情况（已修改）');
  await expect.poll(() => preview.locator('html').evaluate((el) => el.ownerDocument.defaultView!.scrollY)).toBe(900);
  await screenshot(page, 'bulletin');
});

test('导出 PDF downloads a PDF of the edited bulletin', async () => {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: '导出 PDF' }).click()]);
  expect(download.suggestedFilename()).toMatch(/通报\.pdf$/);
  const file = await download.path();
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(bytes.length).toBeGreaterThan(10_000);
});

test('导出 Word and 导出 Excel download an Office file; a bad period says why', async () => {
  for (const [name, ext] of [['导出 Word', 'docx'], ['导出 Excel', 'xlsx']] as const) {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name }).click()]);
    expect(download.suggestedFilename().endsWith(`.${ext}`)).toBe(true);
    expect(fs.readFileSync(await download.path()).subarray(0, 2).toString('latin1')).toBe('PK');
  }
  await page.getByLabel('期间').fill('2026-13');
  await page.getByRole('button', { name: '起草', exact: true }).click();
  await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/期间/);
  expect(errors).toEqual([]);
});
