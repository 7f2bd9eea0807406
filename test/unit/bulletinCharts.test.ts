// Charts in the bulletin: drawn by ECharts on the main side from the report's figures, placed on
// whole grid lines after their section, printed inline in the PDF and as a picture in the .docx.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulletinDocument } from '../../shared/bulletin/model';
import { bulletinChart, chartSvg, safeChartSvg } from '../../electron/services/bulletin/charts';
import { closeChromium } from '../../electron/services/bulletin/chromium';
import { LINE_PT } from '../../electron/services/bulletin/geometry';
import { layoutBulletin } from '../../electron/services/bulletin/layout';
import { bulletinPagesHtml, renderBulletin } from '../../electron/services/bulletin/outputs';
import { sampleReport } from './bulletinFixture';
import { readPnm } from './bulletinRaster';
import { dispatch } from '../../electron/api/dispatch';
import { previousMonthPeriod } from '../../shared/period';
import { makeTempLedger } from '../fixtures/makeLedger';
import { sampleDocument } from './bulletinSample';

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

function quarterReport() {
  const r = sampleReport();
  return { ...r, breakdowns: { ...r.breakdowns, month: [{ name: '2023-10', count: 2349, share: null }, { name: '2023-11', count: 2101, share: null }, { name: '2023-12', count: 2533, share: null }] } };
}

function withCharts(doc: BulletinDocument): BulletinDocument {
  const report = sampleReport();
  return { ...doc, charts: [bulletinChart({ kind: 'unitRanking', afterSection: 'overview' }, report), bulletinChart({ kind: 'categoryShare', afterSection: 'hotspots' }, report)] };
}

describe('bulletin charts drawn from the figures', () => {
  it('draws each unit with its 办结率 and 满意率 as bars with labels', () => {
    const report = sampleReport();
    const svg = chartSvg('unitRanking', report);
    const t = texts(svg);
    expect(svg).toMatch(/^<svg[^>]*width="590"/);
    for (const unit of ['城管局', '联通公司', '郭楼街道', '万冢镇']) expect(t).toContain(unit);
    // 联通公司: 3 of 8 satisfied = 37.5%; every unit here closed all its orders = 100%.
    expect(t).toContain('37.5%');
    expect(t).toContain('100%');
    expect(t).toContain('各承办单位办结率、办理结果满意率');
    // Two series of bars, one per unit each: black and grey, nothing in the default palette.
    const bars = svg.match(/<path d="M[^"]*" fill="#000000"/g) ?? [];
    expect(bars.length).toBeGreaterThanOrEqual(report.rows.length);
    expect(svg).not.toMatch(/#5070dd|#b6d634/i);
  });

  it('draws the top categories with counts and shares, and a trend only for several months', () => {
    const t = texts(chartSvg('categoryShare', sampleReport()));
    expect(t).toContain('城市综合类');
    expect(t).toContain('699件（29.76%）');
    expect(() => chartSvg('monthlyTrend', sampleReport())).toThrow(/两个月以上/);
    const trend = texts(chartSvg('monthlyTrend', quarterReport()));
    expect(trend).toEqual(expect.arrayContaining(['10月份', '11月份', '12月份', '2349', '2101', '2533']));
  });

  it('keeps unit names as text, never as markup', () => {
    const report = sampleReport();
    report.rows[0] = { ...report.rows[0], unit: '<script>alert(1)</script>局' };
    const svg = chartSvg('unitRanking', report);
    expect(svg).not.toContain('<script>');
    expect(safeChartSvg(svg)).toBe(svg);
  });

  it('refuses a document chart that could run or fetch anything', () => {
    const svg = chartSvg('categoryShare', sampleReport());
    expect(safeChartSvg(svg)).toBe(svg);
    for (const bad of [
      '<svg><script>alert(1)</script></svg>', '<svg onload="alert(1)"></svg>', '<svg><image href="http://x/y.png"/></svg>',
      '<svg><foreignObject><iframe src="x"></iframe></foreignObject></svg>', '<svg><style>@import url(http://x)</style></svg>', '<p>not svg</p>',
    ]) expect(safeChartSvg(bad)).toBeNull();
    const doc = sampleDocument();
    const evil = { ...doc, charts: [{ kind: 'unitRanking' as const, afterSection: 'overview', title: 'x', svg: '<svg onload="alert(1)" viewBox="0 0 590 300"></svg>' }] };
    expect(bulletinPagesHtml(evil)).not.toContain('onload');
  });

  it('places a chart on whole grid lines after its section, never split, and the pages grow by its lines', () => {
    const plain = layoutBulletin(sampleDocument());
    const charted = layoutBulletin(withCharts(sampleDocument()));
    const figs = charted.pages.flatMap((p) => p.items.filter((i) => i.kind === 'svg').map((i) => ({ page: p.number, ...i })));
    expect(figs).toHaveLength(2);
    for (const f of figs) {
      expect(f.y / LINE_PT).toBeCloseTo(Math.round(f.y / LINE_PT), 6);
      expect(f.y + f.height).toBeLessThanOrEqual(22 * LINE_PT + 0.01);
    }
    expect(charted.pages.length).toBeGreaterThan(plain.pages.length);
    // The first chart follows the 总体情况 text and comes before the 热点问题 heading.
    const html = bulletinPagesHtml(withCharts(sampleDocument()));
    expect(html.indexOf('群众诉求得到及时有效解决')).toBeLessThan(html.indexOf('各承办单位办结率'));
    expect(html.indexOf('各承办单位办结率')).toBeLessThan(html.indexOf('二、热点问题'));
  });
});

describe("'bulletins.chart' on a ledger", () => {
  it('draws a chart from the ledger\'s figures and says in Chinese why one cannot be drawn', () => {
    const t = makeTempLedger();
    try {
      t.call('demo.load', { orders: 600 });
      const query = { period: previousMonthPeriod().text, scheme: 'counts', template: 'redhead' };
      const chart = t.call('bulletins.chart', { ...query, kind: 'unitRanking', afterSection: 'problems', title: '本月各单位办结情况' });
      expect(chart).toMatchObject({ kind: 'unitRanking', afterSection: 'problems', title: '本月各单位办结情况' });
      const units = t.ledger.db.prepare(`SELECT DISTINCT u.name FROM orders o JOIN units u ON u.id = o.unit_id WHERE o.deleted = 0`).all() as { name: string }[];
      expect(units.some((u) => texts(chart.svg).includes(u.name))).toBe(true);
      const trend = dispatch(t.ctx, 'bulletins.chart', { ...query, kind: 'monthlyTrend', afterSection: 'overview' });
      expect(trend.ok).toBe(false);
      if (!trend.ok) expect(trend.error.message).toMatch(/两个月以上/);
      expect(dispatch(t.ctx, 'bulletins.chart', { ...query, kind: 'pie3d', afterSection: 'overview' }).ok).toBe(false);
    } finally {
      t.close();
    }
  });
});

const haveTools = fs.existsSync('/usr/bin/chromium') && fs.existsSync('/usr/bin/pdftoppm');

describe.skipIf(!haveTools)('bulletin charts in the PDF and the .docx', () => {
  let dir: string;
  let doc: BulletinDocument;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-charts-'));
    doc = withCharts(sampleDocument());
  });
  afterAll(async () => { fs.rmSync(dir, { recursive: true, force: true }); await closeChromium(); });

  it('prints the chart on its page: its labels as text and its bars as ink in the text block', async () => {
    const pdf = path.join(dir, 'c.pdf');
    fs.writeFileSync(pdf, await renderBulletin(doc, 'pdf'));
    const layout = layoutBulletin(doc);
    const page = layout.pages.find((p) => p.items.some((i) => i.kind === 'svg'))!;
    const fig = page.items.find((i) => i.kind === 'svg')!;
    const text = execFileSync('pdftotext', ['-f', String(page.number), '-l', String(page.number), pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('各承办单位办结率、办理结果满意率');
    expect(text).toContain('联通公司');
    execFileSync('pdftoppm', ['-r', '60', '-f', String(page.number), '-l', String(page.number), '-png', pdf, path.join(dir, 'look')]);
    execFileSync('pdftoppm', ['-r', '100', '-gray', '-f', String(page.number), '-l', String(page.number), pdf, path.join(dir, 'g')]);
    const r = readPnm(path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('g-'))!));
    // Black bars: rows inside the chart's area with a long dark run (text never makes 10 mm of ink).
    const px = 100 / 25.4;
    const top = Math.round((37 + (fig.y / 72) * 25.4) * px);
    const bottom = Math.round((37 + ((fig.y + fig.height) / 72) * 25.4) * px);
    let barRows = 0;
    for (let y = top; y < bottom; y++) {
      let run = 0, best = 0;
      for (let x = Math.round(28 * px); x < Math.round(184 * px); x++) { run = r.data[y * r.width + x] < 80 ? run + 1 : 0; best = Math.max(best, run); }
      if (best > 10 * px) barRows++;
    }
    expect(barRows).toBeGreaterThan(10);
  }, 120_000);

  it('puts the chart into the .docx as a picture (SVG with a PNG fallback) of the block width', async () => {
    const file = path.join(dir, 'c.docx');
    fs.writeFileSync(file, await renderBulletin(doc, 'docx'));
    const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n');
    expect(names.filter((n) => /^word\/media\/.+\.png$/.test(n))).toHaveLength(2);
    expect(names.filter((n) => /^word\/media\/.+\.svg$/.test(n))).toHaveLength(2);
    const xml = execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8' });
    expect(xml).toContain('asvg:svgBlip');
    // 156 mm in EMU (36,000 per mm), within a millimetre.
    const cx = Number(/<wp:extent cx="(\d+)"/.exec(xml)![1]);
    expect(Math.abs(cx / 36000 - 156)).toBeLessThan(1);
    const png = execFileSync('unzip', ['-p', file, names.find((n) => n.endsWith('.png'))!]);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // Shot at 3 device pixels per CSS pixel: about 290 dpi across 156 mm.
    expect(png.readUInt32BE(16)).toBe(590 * 3);
  }, 120_000);
});
