// The grid's data source on the large ledger: 'orders.page' through the dispatcher, as the
// renderer calls it, against a bare SELECT of 100 rows by primary key in the same run.
import { createContext } from '../../../electron/api/context';
import { dispatch } from '../../../electron/api/dispatch';
import { openLedger, closeLedger } from '../../../electron/ledger/open';
import type { OrderFilter } from '../../../shared/api';
import type { BenchSection } from '../context';
import { median, medianMs, timeMs } from '../report';
import type { SortSpec } from '../../../electron/ledger/orderPages';

const TARGET_MS = 50;
const RUNS = 15;
const PAGE = 100;

interface PageCase {
  name: string;
  filter: OrderFilter;
  sort?: SortSpec[];
  /** The start row of each timed run (run index, rows matching the filter → start row). */
  start: (run: number, rowCount: number) => number;
  /** A target applies (the four pages of the issue). */
  target: boolean;
}

export const ledgerPagesSection: BenchSection = {
  name: 'pages',
  title: "Grid pages ('orders.page' through the dispatcher, 100 rows, default sort 受理时间 desc)",
  run(ctx) {
    const bench = ctx.ledger();
    const db = bench.ledger.db;
    const total = (db.prepare(`SELECT count(*) AS n FROM orders WHERE deleted = 0`).get() as { n: number }).n;
    const busiest = db.prepare(`SELECT unit_id AS id, count(*) AS n FROM orders WHERE deleted = 0 AND unit_id IS NOT NULL GROUP BY unit_id ORDER BY n DESC LIMIT 1`).get() as { id: number; n: number };
    const deep = Math.min(900_000, Math.max(0, total - PAGE));
    const cases: PageCase[] = [
      { name: 'first page', filter: {}, start: () => 0, target: true },
      { name: `deep page (startRow ${deep.toLocaleString('en')})`, filter: {}, start: () => deep, target: true },
      { name: 'unit + status (已办结)', filter: { unitIds: [busiest.id], statuses: ['已办结'] }, start: () => 0, target: true },
      { name: "text '噪音' (2 Chinese chars)", filter: { text: '噪音' }, start: () => 0, target: true },
      // Beyond the four of the issue: the ways a clerk also moves through the grid.
      // Jumps to places no block was served from yet: each a seek past an anchor plus a short OFFSET.
      { name: 'deep pages at other offsets', filter: {}, start: (i, n) => Math.floor(((i + 1) * 0.061 % 1) * Math.max(0, n - PAGE)), target: false },
      { name: 'scrolling on: next block', filter: {}, start: (i, n) => Math.min(Math.floor(n / 2) + PAGE * i, Math.max(0, n - PAGE)), target: false },
      { name: "text '幸福小区' (4 chars, confirmed)", filter: { text: '幸福小区' }, start: () => 0, target: false },
      { name: "text '张' (1 char: a token-prefix lookup)", filter: { text: '张' }, start: () => 0, target: false },
      { name: "text '噪音', jumps deep into its matches", filter: { text: '噪音' }, start: (i, n) => Math.floor(((i + 1) * 0.061 % 1) * Math.max(0, n - PAGE)), target: false },
      { name: 'sort by 截止时间 asc', filter: {}, sort: [{ colId: 'dueAt', sort: 'asc' }], start: () => 0, target: false },
    ];

    // Raw baseline: a bare prepared SELECT of 100 whole rows by primary key, at varying places.
    const maxId = (db.prepare(`SELECT max(id) AS n FROM orders`).get() as { n: number }).n;
    const rawSelect = db.prepare(`SELECT * FROM orders WHERE id BETWEEN ? AND ?`);
    let k = 0;
    const rawMs = medianMs(() => {
      const from = 1 + ((k++ * 104_729) % Math.max(1, maxId - PAGE));
      return rawSelect.all(from, from + PAGE - 1);
    }, RUNS * 3, 3);
    ctx.report.add({ section: 'pages', name: 'raw: SELECT 100 rows by id', value: rawMs, unit: 'ms', note: `median of ${RUNS * 3}` });

    const counter = createContext(bench.ledger, { who: '性能测试', source: 'ui' }, 'bench');
    for (const c of cases) {
      // Cold: a fresh connection and pager (no remembered count, anchors or block keys, SQLite's
      // page cache empty); the operating system's file cache stays as it is.
      const cold = openLedger(bench.file, { create: false });
      const coldCtx = createContext(cold, { who: '性能测试', source: 'ui' }, 'bench');
      // How many rows the filter matches, learnt beforehand so the start rows fall inside them.
      const counted = dispatch(counter, 'orders.page', { startRow: 0, endRow: 1, sort: [], filter: c.filter });
      if (!counted.ok) throw new Error(counted.error.message);
      let rowCount = (counted.value as { rowCount: number }).rowCount;
      const call = (run: number) => {
        const start = c.start(run, rowCount);
        const r = dispatch(coldCtx, 'orders.page', { startRow: start, endRow: start + PAGE, sort: c.sort ?? [], filter: c.filter });
        if (!r.ok) throw new Error(r.error.message);
        const v = r.value as { rows: unknown[]; rowCount: number };
        if (rowCount >= 0 && v.rows.length !== Math.min(PAGE, rowCount - start)) throw new Error(`${c.name}: ${v.rows.length} rows at ${start} of ${rowCount}`);
        rowCount = v.rowCount;
      };
      const coldMs = timeMs(() => call(0));
      // Warm: the same pager answering again, as the grid's next requests find it.
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) times.push(timeMs(() => call(i)));
      closeLedger(cold);
      const warm = median(times);
      ctx.report.add({
        section: 'pages', name: c.name, value: warm, unit: 'ms', baseline: rawMs,
        note: `median of ${RUNS}; cold ${coldMs.toFixed(1)} ms; of ${rowCount.toLocaleString('en')} rows${c.target ? `; target < ${TARGET_MS} ms` : ''}`,
        ok: c.target ? warm < TARGET_MS : undefined,
      });
      if (c.target) {
        ctx.report.add({ section: 'pages', name: `${c.name}, cold`, value: coldMs, unit: 'ms', baseline: rawMs, note: 'first request on a fresh connection and pager' });
      }
    }
  },
};
