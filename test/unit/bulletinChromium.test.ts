// The kept-open Chromium behind the bulletin's PDF: started once and reused, launched again when it
// died, and never keeping a one-shot process (the CLI) alive after its PDF is written.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, chromiumState, closeChromium, withChromiumPage } from '../../electron/services/bulletin/chromium';
import { pdfFromHtml } from '../../electron/services/bulletin/pdf';

const PAGE = '<!DOCTYPE html><html><head><meta charset="utf-8"><style>@page{size:A4;margin:0}</style></head><body><p>一页</p></body></html>';
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

describe.skipIf(!fs.existsSync(CHROMIUM_PATH))('kept-open Chromium for PDFs', () => {
  afterAll(() => closeChromium());

  it('prints several PDFs with one browser', async () => {
    await closeChromium();
    const before = (await chromiumState()).launches;
    const a = await pdfFromHtml(PAGE);
    const first = await chromiumState();
    const [b, c] = await Promise.all([pdfFromHtml(PAGE), pdfFromHtml(PAGE.replace('一页', '两页'))]);
    const after = await chromiumState();
    for (const pdf of [a, b, c]) expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(after.launches - before).toBe(1);
    expect(after.pid).toBe(first.pid);
  }, 60_000);

  it('launches a new browser when the old one died', async () => {
    await pdfFromHtml(PAGE);
    const { pid, launches } = await chromiumState();
    expect(pid).not.toBeNull();
    process.kill(-pid!, 'SIGKILL');
    for (let i = 0; i < 50 && alive(pid!); i++) await new Promise((r) => setTimeout(r, 50));
    const pdf = await pdfFromHtml(PAGE);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const now = await chromiumState();
    expect(now.launches).toBe(launches + 1);
    expect(now.pid).not.toBe(pid);
  }, 60_000);

  it('starts afresh after a job that failed, and says what failed', async () => {
    await pdfFromHtml(PAGE);
    const { launches } = await chromiumState();
    await expect(withChromiumPage((b) => b.send('Page.noSuchCommand'))).rejects.toThrow(/Page.noSuchCommand/);
    expect((await pdfFromHtml(PAGE)).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await chromiumState()).launches).toBe(launches + 1);
  }, 60_000);

  it('lets a one-shot process exit as soon as its PDF is written, and takes the browser with it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-exit-'));
    try {
      const script = path.join(dir, 'once.mts');
      fs.writeFileSync(script, `
import { pdfFromHtml } from ${JSON.stringify(path.resolve('electron/services/bulletin/pdf.ts'))};
import { chromiumState } from ${JSON.stringify(path.resolve('electron/services/bulletin/chromium.ts'))};
const pdf = await pdfFromHtml(${JSON.stringify(PAGE)});
const { pid } = await chromiumState();
console.log(JSON.stringify({ bytes: pdf.length, pid }));
`);
      const started = Date.now();
      const out = execFileSync(path.resolve('node_modules/.bin/tsx'), [script], { encoding: 'utf8', timeout: 45_000 });
      const took = Date.now() - started;
      const { bytes, pid } = JSON.parse(out.trim().split('\n').pop()!) as { bytes: number; pid: number };
      expect(bytes).toBeGreaterThan(500);
      // Well under the idle timeout: nothing but the browser could have held the process longer.
      expect(took).toBeLessThan(30_000);
      // SIGKILLed on exit; the orphan is reaped by init a moment later.
      const deadline = Date.now() + 5000;
      while (alive(pid) && Date.now() < deadline) execFileSync('sleep', ['0.1']);
      expect(alive(pid)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
