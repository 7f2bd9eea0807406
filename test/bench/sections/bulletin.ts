// 通报 on the large ledger: drafting a month's bulletin through the dispatcher ('bulletins.draft':
// figures, late orders, typical contents, the drafted words, the laid-out pages' HTML), and writing
// it to PDF (the kept-open Chromium; the first, cold call includes the launch) and to .docx. The
// raw baseline of the draft is the statistics alone ('stats.compute' for the same month and scheme,
// with 环比/同比), which the draft cannot be faster than; the rest is what the bulletin adds.
import { createContext } from '../../../electron/api/context';
import { dispatch } from '../../../electron/api/dispatch';
import { chromiumState, closeChromium } from '../../../electron/services/bulletin/chromium';
import { renderBulletin } from '../../../electron/services/bulletin/outputs';
import { DEFAULT_SCHEME_ID } from '../../../electron/services/stats/schemes';
import type { BulletinDocument } from '../../../shared/bulletin/model';
import type { BenchSection } from '../context';
import { median, medianMs } from '../report';

const RUNS = 5;
const TARGET_MS = { draft: 1000, output: 3000 };

async function medianAsyncMs(fn: () => Promise<unknown>, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(times);
}

export const bulletinSection: BenchSection = {
  name: 'bulletin',
  title: "通报 ('bulletins.draft' through the dispatcher for the last whole month; PDF and .docx of it; raw: 'stats.compute' of the same month)",
  async run(ctx) {
    const bench = ctx.ledger();
    const db = bench.ledger.db;
    const last = (db.prepare(`SELECT max(received_at) AS m FROM orders WHERE deleted = 0`).get() as { m: string }).m;
    const [y, m] = [Number(last.slice(0, 4)), Number(last.slice(5, 7))];
    const month = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    const asOf = `${last.slice(0, 10)} 23:59:59`;
    const apiCtx = createContext(bench.ledger, { who: '性能测试', source: 'system' }, 'bench');
    const call = <T>(method: string, input: unknown): T => {
      const r = dispatch(apiCtx, method as never, input as never);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as T;
    };
    const statsMs = medianMs(() => call('stats.compute', { period: month, asOf, schemeId: DEFAULT_SCHEME_ID }), RUNS, 1);
    ctx.report.add({ section: 'bulletin', name: `raw: stats.compute ${month} (${DEFAULT_SCHEME_ID})`, value: statsMs, unit: 'ms' });
    let doc: BulletinDocument | null = null;
    let pages = 0;
    const draftMs = medianMs(() => {
      const v = call<{ document: BulletinDocument; pages: number }>('bulletins.draft', { period: month, scheme: DEFAULT_SCHEME_ID, template: 'redhead', asOf });
      doc = v.document;
      pages = v.pages;
    }, RUNS, 1);
    ctx.report.add({
      section: 'bulletin', name: `draft ${month}: figures, words, ${pages} pages`, value: draftMs, unit: 'ms', baseline: statsMs,
      note: `target < ${TARGET_MS.draft} ms`, ok: draftMs < TARGET_MS.draft,
    });
    const document = doc as unknown as BulletinDocument;
    await closeChromium();
    const coldT = process.hrtime.bigint();
    await renderBulletin(document, 'pdf');
    const coldMs = Number(process.hrtime.bigint() - coldT) / 1e6;
    // Once per process (and after the idle close): shown, but the target is the median below.
    ctx.report.add({ section: 'bulletin', name: 'PDF, first (launches Chromium)', value: coldMs, unit: 'ms', note: 'once per process' });
    const pdfMs = await medianAsyncMs(() => renderBulletin(document, 'pdf'), RUNS);
    const { launches } = await chromiumState();
    ctx.report.add({
      section: 'bulletin', name: `PDF, kept-open Chromium (${launches} launch${launches === 1 ? '' : 'es'} for ${RUNS + 1} PDFs)`, value: pdfMs, unit: 'ms',
      note: `target < ${TARGET_MS.output} ms`, ok: pdfMs < TARGET_MS.output,
    });
    await renderBulletin(document, 'docx');
    const docxMs = await medianAsyncMs(() => renderBulletin(document, 'docx'), RUNS);
    ctx.report.add({ section: 'bulletin', name: '.docx', value: docxMs, unit: 'ms', note: `target < ${TARGET_MS.output} ms`, ok: docxMs < TARGET_MS.output });
    await closeChromium();
  },
};
