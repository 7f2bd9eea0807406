// Deadlines on the large ledger: recomputing the derived fields of every order (orders/s) and the
// 逾期跟踪 board's queries (median ms). Everything this section writes is rolled back, so the
// cached ledger stays as built.
import { createContext } from '../../../electron/api/context';
import { dispatch } from '../../../electron/api/dispatch';
import { recomputeDeadlines } from '../../../electron/services/deadlines';
import type { Actor } from '../../../electron/ledger/audit';
import type { BenchSection } from '../context';
import { medianMs, timeMs } from '../report';

const RECOMPUTE_TARGET = 100_000; // orders/s
const BOARD_TARGET_MS = 100;
const ACTOR: Actor = { who: '性能测试', source: 'system' };
/** The synthetic ledger's own "now" (see benchLedger.ts), and a moment in its past. */
const AS_OF = '2026-11-01 00:00:00';
const PAST = '2025-06-15 12:00:00';

export const deadlinesSection: BenchSection = {
  name: 'deadlines',
  title: 'Deadlines (recomputeDeadlines over every order; the 逾期跟踪 board through the dispatcher)',
  run(ctx) {
    const section = 'deadlines';
    const bench = ctx.ledger();
    const db = bench.ledger.db;
    const orders = (db.prepare(`SELECT count(*) AS n FROM orders`).get() as { n: number }).n;
    const rate = (ms: number) => orders / (ms / 1000);
    if (orders === 0) throw new Error(`the bench ledger ${bench.file} holds no orders (another run rebuilding it?)`);

    // 1. Nothing changed: reading and deriving every order (what a no-op rule save costs).
    db.exec('BEGIN');
    try {
      const ms = timeMs(() => recomputeDeadlines(db, ACTOR, { reason: 'bench' }));
      ctx.report.add({ section, name: `recompute ${orders.toLocaleString('en')} orders, none changed`, value: rate(ms), unit: 'orders/s', note: `${(ms / 1000).toFixed(1)} s; target ≥ ${RECOMPUTE_TARGET.toLocaleString('en')}`, ok: rate(ms) >= RECOMPUTE_TARGET });
    } finally {
      db.exec('ROLLBACK');
    }

    // 2. Every order's due time moves: explicit due times removed (untimed), so the rules decide
    // for every dispatched order; baseline: a bare UPDATE of the two due columns of every row.
    // Measured twice, each in its own rolled-back transaction. The first run of a process is the
    // one a clerk waits for and the target is checked on it; the second (memory and WAL space the
    // first left behind reused) is printed for context: it is a third faster here.
    const runs: { ms: number; rawMs: number; changed: number }[] = [];
    for (let run = 0; run < 2; run++) {
      db.exec('BEGIN');
      try {
        db.exec(`UPDATE orders SET due_at = NULL`);
        const rawMs = timeMs(() => db.exec(`UPDATE orders SET rule_due_at = received_at, effective_due_at = received_at`));
        db.exec(`UPDATE orders SET rule_due_at = NULL, effective_due_at = NULL`);
        let changed = 0;
        const ms = timeMs(() => { changed = recomputeDeadlines(db, ACTOR, { reason: 'bench' }).changed; });
        runs.push({ ms, rawMs, changed });
      } finally {
        db.exec('ROLLBACK');
      }
    }
    runs.forEach((r, i) => ctx.report.add({
      section, name: `recompute ${orders.toLocaleString('en')} orders, ${r.changed.toLocaleString('en')} changed${i === 0 ? '' : ' (run again)'}`, value: rate(r.ms), unit: 'orders/s',
      baseline: rate(r.rawMs), note: `${(r.ms / 1000).toFixed(1)} s; raw = bare UPDATE of 2 columns; ${i === 0 ? `target ≥ ${RECOMPUTE_TARGET.toLocaleString('en')}` : 'context, no target'}`,
      ok: i === 0 ? rate(r.ms) >= RECOMPUTE_TARGET : undefined,
    }));

    // 3. The board, with life events on a sample of orders (2% extended, 1% returned, 0.5% reworked).
    db.exec('BEGIN');
    try {
      const events = (type: string, modulo: number, data: string) => db.prepare(
        `INSERT INTO order_events (order_id, type, at, who, data)
         SELECT id, ?, datetime(received_at, '+1 day'), '性能测试', ${data} FROM orders WHERE id % ? = 0 AND unit_id IS NOT NULL`,
      ).run(type, modulo).changes;
      const n = events('extension_approved', 50, `json_object('newDueAt', datetime(received_at, '+10 days'))`)
        + events('return', 100, `json_object('reason', '非本单位职责', 'late', json('false'))`)
        + events('rework', 200, `NULL`);
      const recomputed = db.prepare(`SELECT DISTINCT order_id FROM order_events`).pluck().all() as number[];
      recomputeDeadlines(db, ACTOR, { orderIds: recomputed });
      const api = createContext(bench.ledger, ACTOR, 'bench');
      const call = (method: string, input: unknown) => {
        const r = dispatch(api, method, input);
        if (!r.ok) throw new Error(r.error.message);
        return r.value;
      };
      const busiest = db.prepare(`SELECT unit_id FROM orders WHERE deleted = 0 AND unit_id IS NOT NULL GROUP BY unit_id ORDER BY count(*) DESC LIMIT 1`).pluck().get() as number;
      const board = call('deadlines.board', { asOf: AS_OF }) as { counts: Record<string, number> };
      const past = call('deadlines.board', { asOf: PAST }) as { counts: Record<string, number> };
      ctx.report.add({ section, name: `life events added for the board (rolled back)`, value: n, unit: 'events' });
      const cases: [string, () => unknown][] = [
        [`board as of ${AS_OF} (${board.counts.overdue} overdue, ${board.counts.closedLate} closed late this month)`, () => call('deadlines.board', { asOf: AS_OF })],
        [`board as of ${PAST} (${past.counts.overdue} overdue then)`, () => call('deadlines.board', { asOf: PAST })],
        ['board as of now', () => call('deadlines.board', {})],
        ['催办单 of the busiest unit', () => call('deadlines.reminder', { unitId: busiest, asOf: AS_OF })],
        [`board as of ${AS_OF}, lists up to 20,000 orders (as the CLI asks)`, () => call('deadlines.board', { asOf: AS_OF, limit: 20_000 })],
      ];
      for (const [name, fn] of cases) {
        const ms = medianMs(fn, 9, 1);
        ctx.report.add({ section, name, value: ms, unit: 'ms', note: `median of 9; target < ${BOARD_TARGET_MS} ms`, ok: ms < BOARD_TARGET_MS });
      }
    } finally {
      db.exec('ROLLBACK');
    }
    // The rolled-back transactions above left ~700 MB of WAL frames that the kernel would write
    // back to disk while the next section measures; truncating the WAL drops them unwritten.
    db.pragma('wal_checkpoint(TRUNCATE)');
  },
};
