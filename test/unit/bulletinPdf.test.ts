// The printed bulletin measured like a reader with a ruler: the PDF rendered to pixels.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulletinPagesHtml, renderBulletin } from '../../electron/services/bulletin/outputs';
import { closeChromium } from '../../electron/services/bulletin/chromium';
import { sampleDocument } from './bulletinSample';
import { bbox, bboxMm, inkRows, readPnm, widestRedRow, type Raster } from './bulletinRaster';

const DPI = 100;
const PX_PER_MM = DPI / 25.4;
const haveTools = fs.existsSync('/usr/bin/chromium') && fs.existsSync('/usr/bin/pdftoppm');

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
    const best = widestRedRow(color);
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
    const odd = bboxMm(pages[0], PX_PER_MM, 37 + 225 + 5, 37 + 225 + 14);
    const even = bboxMm(pages[1], PX_PER_MM, 37 + 225 + 5, 37 + 225 + 14);
    expect(odd.right).toBeGreaterThan(175);
    expect(odd.left).toBeGreaterThan(150);
    expect(even.left).toBeLessThan(50);
    expect(even.left).toBeGreaterThan(28);
  });

  it('gives the same page HTML for the same document (the reprint of an issued bulletin)', () => {
    const doc = sampleDocument();
    expect(bulletinPagesHtml(JSON.parse(JSON.stringify(doc)))).toBe(bulletinPagesHtml(doc));
  });
});
