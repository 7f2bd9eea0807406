// The printed bulletin measured like a reader with a ruler: the PDF rendered to pixels.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulletinDocument } from '../../shared/bulletin/model';
import { attachmentTables } from '../../electron/services/bulletin/attachments';
import { draftBulletin } from '../../electron/services/bulletin/draft';
import { bulletinTemplate } from '../../electron/services/bulletin/templates';
import { bulletinPagesHtml, renderBulletin } from '../../electron/services/bulletin/outputs';
import { closeChromium } from '../../electron/services/bulletin/chromium';
import { sampleReport } from './bulletinFixture';

const DPI = 100;
const PX_PER_MM = DPI / 25.4;
const haveTools = fs.existsSync('/usr/bin/chromium') && fs.existsSync('/usr/bin/pdftoppm');

interface Raster { width: number; height: number; channels: number; data: Buffer }

/** Reads a binary PPM/PGM written by pdftoppm. */
function readPnm(file: string): Raster {
  const buf = fs.readFileSync(file);
  const header: string[] = [];
  let pos = 0;
  while (header.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[pos]))) pos++;
    let tok = '';
    while (!/\s/.test(String.fromCharCode(buf[pos]))) tok += String.fromCharCode(buf[pos++]);
    header.push(tok);
  }
  pos++;
  return { width: +header[1], height: +header[2], channels: header[0] === 'P6' ? 3 : 1, data: buf.subarray(pos) };
}

function dark(r: Raster, x: number, y: number): boolean {
  const i = (y * r.width + x) * r.channels;
  return r.channels === 1 ? r.data[i] < 128 : r.data[i] + r.data[i + 1] + r.data[i + 2] < 3 * 128;
}

function red(r: Raster, x: number, y: number): boolean {
  const i = (y * r.width + x) * 3;
  return r.data[i] > 200 && r.data[i + 1] < 80 && r.data[i + 2] < 80;
}

/** Rows of the page with ink between two x positions, grouped into text lines. */
function inkRows(r: Raster, x0: number, x1: number, y0: number, y1: number): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let y = y0; y < y1; y++) {
    let ink = false;
    for (let x = x0; x < x1 && !ink; x++) ink = dark(r, x, y);
    if (ink && start < 0) start = y;
    if (!ink && start >= 0) { out.push([start, y]); start = -1; }
  }
  if (start >= 0) out.push([start, y1]);
  return out;
}

function bbox(r: Raster, y0: number, y1: number): { left: number; right: number; top: number; bottom: number } {
  let left = r.width, right = 0, top = r.height, bottom = 0;
  for (let y = y0; y < y1; y++) for (let x = 0; x < r.width; x++) {
    if (!dark(r, x, y)) continue;
    left = Math.min(left, x); right = Math.max(right, x); top = Math.min(top, y); bottom = Math.max(bottom, y);
  }
  return { left, right, top, bottom };
}

function sampleDocument(): BulletinDocument {
  const report = sampleReport();
  const t = bulletinTemplate('inspection');
  const d = draftBulletin({
    period: '2023-10', report, months: [], typical: {}, previouslyNamed: [], previouslyPraised: [], template: t,
    late: [{ orderNo: '231007102349106144', unit: '联通公司', receivedAt: '2023-10-07 10:23:49', dueAt: '2023-10-10 23:59:59', repliedAt: '2023-10-19 10:00:00', closedAt: null, urgent: false, daysLate: 9 }],
  });
  return {
    header: { ...t.header, organ: '督查通报', docPrefix: '平督通报', docYear: 2023, docNumber: 71, issueNo: null, title: d.title, signDate: '2023-11-06', printDate: '2023-11-06', copies: 30 },
    sections: d.sections,
    attachments: attachmentTables(report, '2023年10月份各承办单位12345热线件办理情况统计表'),
    charts: [],
  };
}

describe.skipIf(!haveTools)('bulletin PDF measured on the rendered page', () => {
  let dir: string;
  let pages: Raster[];
  let color: Raster;
  let pdfInfo: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-pdf-'));
    const pdf = await renderBulletin(sampleDocument(), 'pdf');
    fs.writeFileSync(path.join(dir, 'b.pdf'), pdf);
    pdfInfo = execFileSync('pdfinfo', [path.join(dir, 'b.pdf')], { encoding: 'utf8' });
    execFileSync('pdftoppm', ['-r', String(DPI), '-gray', path.join(dir, 'b.pdf'), path.join(dir, 'g')]);
    execFileSync('pdftoppm', ['-r', '50', '-f', '1', '-l', '1', path.join(dir, 'b.pdf'), path.join(dir, 'c')]);
    const files = fs.readdirSync(dir).filter((f) => f.startsWith('g-')).sort();
    pages = files.map((f) => readPnm(path.join(dir, f)));
    color = readPnm(path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('c-'))!));
  }, 120_000);
  afterAll(async () => { fs.rmSync(dir, { recursive: true, force: true }); await closeChromium(); });

  it('prints on A4 pages', () => {
    expect(pdfInfo).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(pages.length).toBeGreaterThanOrEqual(4);
  });

  it('draws the red rule across the 156 mm text block on the first page', () => {
    let best = 0;
    for (let y = 0; y < color.height; y++) {
      let n = 0;
      for (let x = 0; x < color.width; x++) if (red(color, x, y)) n++;
      best = Math.max(best, n);
    }
    const ruleMm = best / (50 / 25.4);
    expect(ruleMm).toBeGreaterThan(154);
    expect(ruleMm).toBeLessThan(158);
  });

  it('keeps a full body page inside the text block: 28 mm left, 37 mm top, 156 × 225 mm, 22 lines', () => {
    const page = pages[1];
    const bodyBottom = Math.round((37 + 225) * PX_PER_MM);
    const box = bbox(page, 0, bodyBottom + 2);
    expect(box.left / PX_PER_MM).toBeGreaterThan(27);
    expect(box.left / PX_PER_MM).toBeLessThan(29);
    expect((page.width - box.right) / PX_PER_MM).toBeGreaterThan(25);
    expect((page.width - box.right) / PX_PER_MM).toBeLessThan(27.5);
    // The first line's glyphs sit inside its 28.95 pt grid line, whose top is 37 mm down.
    expect(box.top / PX_PER_MM).toBeGreaterThan(37);
    expect(box.top / PX_PER_MM).toBeLessThan(37 + 10.2);
    const lines = inkRows(page, Math.round(28 * PX_PER_MM), Math.round(184 * PX_PER_MM), Math.round(36 * PX_PER_MM), bodyBottom + 2);
    expect(lines.length).toBe(22);
  });

  it('numbers the pages — N —: odd pages on the right, even pages on the left, 7 mm below the block', () => {
    const y0 = Math.round((37 + 225 + 5) * PX_PER_MM);
    const y1 = Math.round((37 + 225 + 14) * PX_PER_MM);
    const odd = bbox(pages[0], y0, y1);
    const even = bbox(pages[1], y0, y1);
    expect(odd.right / PX_PER_MM).toBeGreaterThan(175);
    expect(odd.left / PX_PER_MM).toBeGreaterThan(150);
    expect(even.left / PX_PER_MM).toBeLessThan(50);
    expect(even.left / PX_PER_MM).toBeGreaterThan(28);
  });

  it('gives the same page HTML for the same document (the reprint of an issued bulletin)', () => {
    const doc = sampleDocument();
    expect(bulletinPagesHtml(JSON.parse(JSON.stringify(doc)))).toBe(bulletinPagesHtml(doc));
  });
});
