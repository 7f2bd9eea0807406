// 统计考评 on the large ledger: 'stats.compute' through the dispatcher (as the page calls it:
// per-unit figures, the scheme's columns, breakdowns, 环比 and 同比) for one month and one year,
// with every built-in scheme; and the per-unit figures query alone. The raw baseline is a bare
// SELECT unit_id, count(*) … GROUP BY unit_id over the same rows, in the same run.
import { createContext } from '../../../electron/api/context';
import { dispatch } from '../../../electron/api/dispatch';
import { rawFiguresByUnit } from '../../../electron/services/stats/figures';
import { parsePeriod } from '../../../shared/period';
import { BUILT_IN_SCHEMES } from '../../../electron/services/stats/schemes';
import type { BenchSection } from '../context';
import { medianMs } from '../report';

const RUNS = 7;
const TARGET_MS = { month: 100, year: 500 };
const TARGET_RATIO = 3;

export const statsSection: BenchSection = {
  name: 'stats',
  title: "Statistics ('stats.compute' through the dispatcher; raw: bare SELECT unit_id, count(*) … GROUP BY unit_id)",
  run(ctx) {
    const bench = ctx.ledger();
    const db = bench.ledger.db;
    const last = (db.prepare(`SELECT max(received_at) AS m FROM orders WHERE deleted = 0`).get() as { m: string }).m;
    // The last whole month and whole year before the newest order.
    const [y, m] = [Number(last.slice(0, 4)), Number(last.slice(5, 7))];
    const month = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    const year = String(y - 1);
    const asOf = `${last.slice(0, 10)} 23:59:59`;
    const apiCtx = createContext(bench.ledger, { who: '性能测试', source: 'system' }, 'bench');
    const bare = db.prepare(`SELECT unit_id, count(*) AS n FROM orders WHERE deleted = 0 AND received_at >= ? AND received_at < ? GROUP BY unit_id`);
    for (const [kind, text] of [['month', month], ['year', year]] as const) {
      const p = parsePeriod(text);
      const rows = (db.prepare(`SELECT count(*) AS n FROM orders WHERE deleted = 0 AND received_at >= ? AND received_at < ?`).get(p.from, p.to) as { n: number }).n;
      const rawMs = medianMs(() => bare.all(p.from, p.to), RUNS, 2);
      ctx.report.add({ section: 'stats', name: `raw: count by unit, ${p.label} (${rows.toLocaleString('en')} orders)`, value: rawMs, unit: 'ms' });
      const figuresMs = medianMs(() => rawFiguresByUnit(db, { from: p.from, to: p.to, asOf, channels: null, visitSource: 'any', basicSatisfiedWeight: 1 }), RUNS, 2);
      ctx.report.add({
        section: 'stats', name: `${p.label}: 23 figures per unit (one query)`, value: figuresMs, unit: 'ms', baseline: rawMs,
        note: `target ratio ≤ ${TARGET_RATIO}`, ok: figuresMs / rawMs <= TARGET_RATIO,
      });
      for (const scheme of BUILT_IN_SCHEMES) {
        const ms = medianMs(() => {
          const r = dispatch(apiCtx, 'stats.compute', { period: text, asOf, schemeId: scheme.id });
          if (!r.ok) throw new Error(r.error.message);
        }, RUNS, 1);
        ctx.report.add({
          section: 'stats', name: `${p.label}: ${scheme.id} (table, breakdowns, 环比/同比)`, value: ms, unit: 'ms', baseline: rawMs,
          note: `target < ${TARGET_MS[kind]} ms`, ok: ms < TARGET_MS[kind],
        });
      }
    }
  },
};
