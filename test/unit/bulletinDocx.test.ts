// The bulletin's .docx checked like a reader would: opened by another word processor (LibreOffice,
// headless), printed to PDF, rendered to pixels and measured with the same ruler as our own PDF.
//
// LibreOffice's .docx importer drops two paragraph settings that Word and WPS honour (its
// writerfilter ignores w:autoSpaceDE/w:autoSpaceDN and reads w:overflowPunct inverted), so before
// printing, the test applies the document's own settings to the flat ODF LibreOffice made of it:
// no automatic space between Chinese and digits, no punctuation hanging into the margin. That is
// the layout Word and WPS give the file; without it LibreOffice widens every line with a number.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeChromium } from '../../electron/services/bulletin/chromium';
import { renderBulletin } from '../../electron/services/bulletin/outputs';
import { fontConfigFile } from '../../electron/services/bulletin/pdf';
import { sampleDocument } from './bulletinSample';
import { bbox, bboxMm, inkRows, readPnm, widestRedRow, type Raster } from './bulletinRaster';

const DPI = 100;
const PX_PER_MM = DPI / 25.4;
const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((f) => fs.existsSync(f));
const haveTools = SOFFICE !== undefined && fs.existsSync('/usr/bin/chromium') && fs.existsSync('/usr/bin/pdftoppm');
if (!haveTools) console.warn('bulletinDocx: LibreOffice (soffice), Chromium or pdftoppm missing — the .docx is not checked through LibreOffice here.');

function soffice(dir: string, to: string, file: string): string {
  execFileSync(SOFFICE!, [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--convert-to', to, '--outdir', dir, file], {
    env: { ...process.env, FONTCONFIG_FILE: fontConfigFile() }, stdio: 'pipe', timeout: 120_000,
  });
  return path.join(dir, `${path.basename(file).replace(/\.[^.]+$/, '')}.${to}`);
}

const pageCount = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);

describe.skipIf(!haveTools)('bulletin .docx printed by LibreOffice and measured', () => {
  let dir: string;
  let docxXml: { styles: string; document: string };
  let pages: Raster[];
  let color: Raster;
  let loPdf: string;
  let ourPages: number;
  let text: string[];
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-docx-'));
    const doc = sampleDocument();
    const docx = path.join(dir, 'b.docx');
    fs.writeFileSync(docx, await renderBulletin(doc, 'docx'));
    fs.writeFileSync(path.join(dir, 'ours.pdf'), await renderBulletin(doc, 'pdf'));
    ourPages = pageCount(path.join(dir, 'ours.pdf'));
    const unzip = (part: string) => execFileSync('unzip', ['-p', docx, part], { encoding: 'utf8' });
    docxXml = { styles: unzip('word/styles.xml'), document: unzip('word/document.xml') };
    const fodt = soffice(dir, 'fodt', docx);
    const flat = fs.readFileSync(fodt, 'utf8');
    fs.writeFileSync(fodt, flat.replaceAll('style:text-autospace="ideograph-alpha"', 'style:text-autospace="none"').replaceAll('style:punctuation-wrap="hanging"', 'style:punctuation-wrap="simple"'));
    loPdf = soffice(dir, 'pdf', fodt);
    execFileSync('pdftoppm', ['-r', String(DPI), '-gray', loPdf, path.join(dir, 'g')]);
    execFileSync('pdftoppm', ['-r', '50', '-f', '1', '-l', '1', loPdf, path.join(dir, 'c')]);
    pages = fs.readdirSync(dir).filter((f) => f.startsWith('g-')).sort().map((f) => readPnm(path.join(dir, f)));
    color = readPnm(path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('c-'))!));
    text = pages.map((_, i) => execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-layout', loPdf, '-'], { encoding: 'utf8' }));
  }, 240_000);
  afterAll(async () => { fs.rmSync(dir, { recursive: true, force: true }); await closeChromium(); });

  it('asks Word and WPS for no automatic CJK–digit spacing, no widow control and no hanging punctuation, in schema order', () => {
    expect(docxXml.styles).toMatch(/<w:pPrDefault><w:pPr><w:widowControl w:val="0"\/><w:overflowPunct w:val="0"\/><w:autoSpaceDE w:val="0"\/><w:autoSpaceDN w:val="0"\/><w:spacing /);
    // Never out of order inside a paragraph (the docx library puts autoSpaceDN after w:jc).
    expect(docxXml.document).not.toMatch(/<w:jc [^>]*\/><w:autoSpace/);
  });

  it('is A4 with the page count of our own PDF', () => {
    expect(execFileSync('pdfinfo', [loPdf], { encoding: 'utf8' })).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    // Known gap: on the attachment page LibreOffice starts the table about 10 pt lower than the
    // layout, so with a full last page the 版记's last row can spill onto a page of its own.
    expect(pages.length).toBeGreaterThanOrEqual(ourPages);
    expect(pages.length).toBeLessThanOrEqual(ourPages + 1);
  });

  it('breaks every body page line for line as our own PDF does', () => {
    const ours = path.join(dir, 'ours.pdf');
    const pageText = (pdf: string, n: number) => execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdf, '-'], { encoding: 'utf8' })
      .split('\n').map((l) => l.replace(/\s+/g, '')).filter(Boolean);
    // The pages before the attachment (附件) page: the text the clerk wrote and the figures.
    const bodyPages = Array.from({ length: ourPages }, (_, i) => i + 1).filter((n) => !pageText(ours, n)[0]?.startsWith('附件'));
    expect(bodyPages.length).toBeGreaterThanOrEqual(3);
    for (const n of bodyPages) expect(pageText(loPdf, n)).toEqual(pageText(ours, n));
  });

  it('draws the red rule 156 mm wide on the first page', () => {
    const best = widestRedRow(color);
    expect(best / (50 / 25.4)).toBeGreaterThan(155);
    expect(best / (50 / 25.4)).toBeLessThan(157.5);
  });

  it('keeps a full body page inside the text block (28 mm left, 26 mm right, 37 mm top, within 1 mm) with 22 lines', () => {
    const page = pages[1];
    const bodyBottom = Math.round((37 + 225) * PX_PER_MM);
    const box = bbox(page, 0, bodyBottom + 2);
    expect(Math.abs(box.left / PX_PER_MM - 28)).toBeLessThan(1);
    expect(Math.abs((page.width - box.right) / PX_PER_MM - 26)).toBeLessThan(1);
    expect(box.top / PX_PER_MM).toBeGreaterThan(37);
    expect(box.top / PX_PER_MM).toBeLessThan(37 + 10.2);
    const lines = inkRows(page, Math.round(28 * PX_PER_MM), Math.round(184 * PX_PER_MM), Math.round(36 * PX_PER_MM), bodyBottom + 2);
    expect(lines.length).toBe(22);
    // On the grid: 22 lines of 28.95 pt fill the 225 mm block.
    const pitchMm = (lines[21][0] - lines[0][0]) / 21 / PX_PER_MM;
    expect(pitchMm).toBeGreaterThan(28.95 * 25.4 / 72 - 0.1);
    expect(pitchMm).toBeLessThan(28.95 * 25.4 / 72 + 0.1);
  });

  it('numbers the pages — N —, odd on the right and even on the left, below the text block', () => {
    expect(text[0]).toMatch(/—\s*1\s*—/);
    expect(text[1]).toMatch(/—\s*2\s*—/);
    const odd = bboxMm(pages[0], PX_PER_MM, 37 + 225 + 3, 37 + 225 + 16);
    const even = bboxMm(pages[1], PX_PER_MM, 37 + 225 + 3, 37 + 225 + 16);
    expect(odd.left).toBeGreaterThan(150);
    expect(even.right).toBeLessThan(70);
    expect(even.left).toBeGreaterThan(28);
  });
});
