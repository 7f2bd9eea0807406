// Statistics on small ledgers built for one question each: periods, as-of, zero denominators,
// sub-units, a year boundary, comparisons, adjustments, schemes as data, the deadline trap.
import { afterEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir, makeTempLedger, TEST_ACTOR, type TempLedger } from '../fixtures/makeLedger';
import { buildFixtureLedger, timesOf, type FixtureOrder } from '../fixtures/seeds/build';
import { closeLedger, type Ledger } from '../../electron/ledger/open';
import { insertOrders } from '../../electron/ledger/orders';
import { insertUnit } from '../../electron/ledger/units';
import { recomputeDeadlines } from '../../electron/services/deadlines';
import { computeStats } from '../../electron/services/stats/compute';
import { breakdownCells, COMPARED_RAW_KEYS, comparedRawTotals, lateOrders, lateOrdersSql, lateRemarksByUnit, paramsOf, rawFiguresByUnit, rawFiguresByUnitPlain, sumRaw } from '../../electron/services/stats/figures';
import { syntheticOrders, unitSpecs } from '../../electron/services/synthetic';
import { ensureUnits } from '../../electron/services/demo';
import { unitIdByName } from '../../electron/ledger/units';
import { daysLateBetween } from '../../electron/services/deadlines';
import { lastYearPeriod, monthsOf, parsePeriod, previousPeriod } from '../../shared/period';
import { BUILT_IN_SCHEMES } from '../../electron/services/stats/schemes';
import { main } from '../../electron/cli';
import { formatCell, type StatsResult } from '../../shared/contract/stats';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function fixture(orders: FixtureOrder[], units = [{ name: '甲镇', kind: 'town' as const }, { name: '乙局', kind: 'dept' as const }]): Ledger & { file: string } {
  const { dir, remove } = makeTempDir();
  const file = path.join(dir, 'ledger.sqlite3');
  const ledger = buildFixtureLedger(file, { units, orders });
  cleanups.push(() => { closeLedger(ledger); remove(); });
  return Object.assign(ledger, { file });
}

let seq = 0;
function order(unit: string | null, receivedAt: string, extra: Partial<FixtureOrder> = {}): FixtureOrder {
  return { orderNo: `T${String(++seq).padStart(8, '0')}`, unit, receivedAt, ...timesOf(receivedAt), ...extra };
}

/** The SQL texts `run` prepares on the ledger, and what it returns. */
function preparedSqls<T>(db: Ledger['db'], run: () => T): { sqls: string[]; value: T } {
  const sqls: string[] = [];
  const prepare = db.prepare.bind(db);
  const spy = vi.spyOn(db, 'prepare').mockImplementation(((sql: string) => {
    sqls.push(sql);
    return prepare(sql);
  }) as typeof db.prepare);
  try {
    return { sqls, value: run() };
  } finally {
    spy.mockRestore();
  }
}

/** SQLite's plan of a query, its lines joined by ' | '. */
function planOf(db: Ledger['db'], sql: string, ...params: unknown[]): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((p) => p.detail).join(' | ');
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => { out += String(c); return true; });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => { err += String(c); return true; });
  try {
    return { code: await main(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('migrations 004 and 007', () => {
  it('adds the adjustments and schemes tables, and the per-unit index the statistics read without sorting', () => {
    const t = makeTempLedger();
    cleanups.push(() => t.close());
    const db = t.ledger.db;
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(7);
    const names = (db.prepare(`SELECT name FROM sqlite_master`).all() as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['unit_adjustments', 'stats_schemes', 'orders_stats_by_unit']));
    expect(names).not.toContain('orders_stats');
    const moments = { from: '2024-01-01 00:00:00', to: '2025-01-01 00:00:00', asOf: '2025-01-01 00:00:00' };
    const { sqls } = preparedSqls(db, () => rawFiguresByUnit(db, { ...moments, channels: null, visitSource: 'city', basicSatisfiedWeight: 1 }));
    const plans = sqls.map((sql) => planOf(db, sql, moments));
    // An empty ledger has no open order: the settled sums (per unit, then without a unit) after the open-order check.
    expect(plans.length).toBe(3);
    expect(plans[0]).toMatch(/orders_open \(deleted=\?\)/);
    // Units outermost, each unit's period one range of the index; no temporary b-tree (sort).
    for (const plan of plans.slice(1)) {
      expect(plan).toMatch(/orders_stats_by_unit \(deleted=\? AND unit_id=\? AND received_at>\? AND received_at<\?\)/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('migration 010: breakdowns step from one value combination to the next in orders_breakdown and count each one\'s period as a range; 011: late orders from their partial index', () => {
    const l = fixture([order('甲镇', '2025-03-03 09:00:00'), order('乙局', '2025-03-04 09:00:00')]);
    const db = l.db;
    const q = { from: '2025-03-01 00:00:00', to: '2025-04-01 00:00:00', asOf: '2025-04-01 00:00:00', channels: null, visitSource: 'any' as const, basicSatisfiedWeight: 1 };
    const { sqls, value: cells } = preparedSqls(db, () => breakdownCells(db, q));
    const plans = sqls.map((sql) => planOf(db, sql, ...Array.from({ length: sql.split('?').length - 1 }, () => 'x')));
    // Migration 013 (011 before it): the late list reads only orders closed late or not closed, unit by unit, from the index alone.
    const latePlan = planOf(db, lateOrdersSql(q), paramsOf(q));
    expect(latePlan).toMatch(/COVERING INDEX orders_late_candidates \(deleted=\? AND unit_id=\? AND received_at>\? AND received_at<\?\)/);
    expect(latePlan).not.toMatch(/TEMP B-TREE/);
    expect(cells.reduce((a, c) => a + c.count, 0)).toBe(2);
    expect(plans.some((p) => /orders_breakdown \(deleted=\? AND category=\? AND appeal_type=\? AND channel=\? AND handling=\? AND received_at>\? AND received_at<\?\)/.test(p))).toBe(true);
    expect(plans.some((p) => /orders_breakdown \(deleted=\? AND category=\? AND appeal_type>\?\)/.test(p))).toBe(true);
    for (const plan of plans) {
      expect(plan).toMatch(/COVERING INDEX orders_breakdown/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('migration 012: 环比/同比 read one range of orders_compared, with the channel filter inside it', () => {
    const l = fixture([order('甲镇', '2025-03-03 09:00:00', { visitResult: '满意' }), order(null, '2025-03-04 09:00:00')]);
    const db = l.db;
    const q = { from: '2025-03-01 00:00:00', to: '2025-04-01 00:00:00', asOf: '2025-04-01 00:00:00', channels: ['12345热线电话'], visitSource: 'city' as const, basicSatisfiedWeight: 1 };
    const { sqls } = preparedSqls(db, () => comparedRawTotals(db, q));
    expect(sqls).toHaveLength(1);
    const { asOf: _a, ...params } = paramsOf(q);
    const plan = planOf(db, sqls[0], params);
    expect(plan).toMatch(/COVERING INDEX orders_compared \(deleted=\? AND received_at>\? AND received_at<\?\)/);
    expect(plan).not.toMatch(/TEMP B-TREE|orders_stats_by_unit/);
  });

  it('migration 013: a moved due time rewrites none of the statistics\' indexes that hold every order, a flipped on-time flag does', () => {
    const t = makeTempLedger();
    cleanups.push(() => t.close());
    const db = t.ledger.db;
    const rootOf = new Map((db.prepare(`SELECT name, rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'orders'`).all() as { name: string; rootpage: number }[])
      .map((r) => [r.rootpage, r.name]));
    /** The indexes an UPDATE of these columns opens for writing (SQLite's program: OpenWrite of each index's root page). */
    const indexesWrittenBy = (sets: string) => (db.prepare(`EXPLAIN UPDATE orders SET ${sets} WHERE id = 1`).all() as { opcode: string; p2: number }[])
      .filter((op) => op.opcode === 'OpenWrite' && rootOf.has(op.p2)).map((op) => rootOf.get(op.p2)).sort();
    // A rule or calendar change moves due times: only the open and late-candidate orders' partial indexes follow.
    expect(indexesWrittenBy('rule_due_at = NULL, effective_due_at = NULL, days_late = NULL, due_warning = NULL')).toEqual(['orders_late_candidates', 'orders_open']);
    // A flipped flag (about one order in a hundred) does: the packs count it.
    expect(indexesWrittenBy('replied_on_time = NULL')).toEqual(['orders_stats_by_unit']);
    expect(indexesWrittenBy('closed_on_time = NULL')).toEqual(['orders_closed_span', 'orders_compared', 'orders_late_candidates', 'orders_stats_by_unit']);
  });

  it('a packed sum that overflows (over 2,097,151 orders in one sum) falls back: 环比/同比 unit by unit, then plain counts', () => {
    const orders = [order('甲镇', '2025-03-03 09:00:00', { visitResult: '满意' }), order('乙局', '2025-03-05 09:00:00', { visitResult: '不满意' }), order(null, '2025-03-04 09:00:00')];
    const q = { from: '2025-03-01 00:00:00', to: '2025-04-01 00:00:00', asOf: '2025-04-01 00:00:00', channels: null, visitSource: 'any' as const, basicSatisfiedWeight: 1 };
    /** Runs `fn` on a new ledger whose statements matching `overflows` fail as SQLite fails an overflowing sum. */
    const withOverflow = <T,>(overflows: RegExp, fn: (db: Ledger['db']) => T): { sqls: string[]; value: T } => {
      const db = fixture(orders).db;
      const prepare = db.prepare.bind(db);
      const sqls: string[] = [];
      const spy = vi.spyOn(db, 'prepare').mockImplementation(((sql: string) => {
        sqls.push(sql);
        if (!overflows.test(sql)) return prepare(sql);
        const fail = () => { throw new Error('integer overflow'); };
        return { safeIntegers: () => undefined, get: fail, all: fail };
      }) as unknown as typeof db.prepare);
      try {
        return { sqls, value: fn(db) };
      } finally {
        spy.mockRestore();
      }
    };
    const plain = withOverflow(/$^/, (db) => sumRaw(rawFiguresByUnitPlain(db, q).values())).value;
    const expected = Object.fromEntries(COMPARED_RAW_KEYS.map((k) => [k, plain[k]]));
    expect(plain.received).toBe(3);
    const byUnit = withOverflow(/orders_compared/, (db) => comparedRawTotals(db, q));
    expect(byUnit.value).toEqual(expected);
    expect(byUnit.sqls.some((sql) => /GROUP BY u\.id/.test(sql))).toBe(true);
    expect(withOverflow(/sum\(/, (db) => comparedRawTotals(db, q)).value).toEqual(expected);
    const figures = withOverflow(/sum\(/, (db) => rawFiguresByUnit(db, q)).value;
    expect(sumRaw(figures.values())).toEqual(plain);
  });
});

describe('packed figures (migrations 007, 013) against the plain FILTER counts', () => {
  it('a period settled by the as-of moment is summed from the stored packs; one order settled later or still open is counted as of the moment', () => {
    // Orders 2 and 3 late (closed after due); order 3 closed 2025-03-20, after the middle moment.
    const settledOrders = [
      order('甲镇', '2025-03-03 09:00:00', { visitResult: '满意', visitProcess: '基本满意' }),
      order('甲镇', '2025-03-05 09:00:00', { ...timesOf('2025-03-05 09:00:00', { lateDays: 3 }), visitResult: '不满意' }),
      order('乙局', '2025-03-10 10:00:00', timesOf('2025-03-10 10:00:00', { lateDays: 5 })),
      order(null, '2025-03-04 09:00:00'),
    ];
    const cases = [
      { orders: settledOrders, asOf: '2025-06-01 00:00:00', stored: true },
      { orders: settledOrders, asOf: '2025-03-18 00:00:00', stored: false },
      { orders: [...settledOrders, order('乙局', '2025-03-12 10:00:00', timesOf('2025-03-12 10:00:00', { closeAfterDays: null }))], asOf: '2025-06-01 00:00:00', stored: false },
    ];
    for (const c of cases) {
      const db = fixture(c.orders).db;
      const q = { from: '2025-03-01 00:00:00', to: '2025-04-01 00:00:00', asOf: c.asOf, channels: null, visitSource: 'any' as const, basicSatisfiedWeight: 1 };
      const { sqls, value: packed } = preparedSqls(db, () => rawFiguresByUnit(db, q));
      const sorted = <T,>(m: Map<number | null, T>) => [...m].sort((a, b) => (a[0] ?? -1) - (b[0] ?? -1));
      expect(sorted(packed)).toEqual(sorted(rawFiguresByUnitPlain(db, q)));
      // The as-of query (a CASE per order between stored and live packs) runs only when needed.
      expect(sqls.some((sql) => /CASE WHEN coalesce\(max\(closed_at, replied_at\), closed_at\) <= @asOf/.test(sql))).toBe(!c.stored);
      expect(sumRaw(packed.values()).received).toBe(c.orders.length);
    }
  });

  it('count the same for every as-of moment, visit source and channel filter, and name the same late orders', () => {
    const t = makeTempLedger();
    cleanups.push(() => t.close());
    const db = t.ledger.db;
    const specs = unitSpecs(12);
    db.transaction(() => ensureUnits(db, TEST_ACTOR, specs))();
    const ids = new Map(specs.map((u) => [u.name, unitIdByName(db, u.name) ?? null]));
    const orders = [...syntheticOrders({ count: 4000, from: '2024-11-01 00:00:00', to: '2025-03-31 23:59:59', asOf: '2025-03-20 00:00:00', units: specs, seed: 7 })]
      .map(({ unitName, ...o }) => ({ ...o, unitId: unitName ? ids.get(unitName) ?? null : null }));
    db.transaction(() => insertOrders(db, TEST_ACTOR, orders))();
    const total = (m: Map<number | null, { received: number }>) => [...m.values()].reduce((a, r) => a + r.received, 0);
    const sorted = <T,>(m: Map<number | null, T>) => [...m].sort((a, b) => (a[0] ?? -1) - (b[0] ?? -1));
    // Moments before, inside and after the orders' lives: packed stored counts and the live fallback both count.
    for (const asOf of ['2024-10-01 00:00:00', '2025-01-15 12:00:00', '2025-03-20 00:00:00', '2030-01-01 00:00:00']) {
      for (const visitSource of ['any', 'city', 'county'] as const) {
        for (const channels of [null, ['12345热线电话', '市长信箱']]) {
          const q = { from: '2024-12-01 00:00:00', to: '2025-03-01 00:00:00', asOf, channels, visitSource, basicSatisfiedWeight: 1 };
          const packed = rawFiguresByUnit(db, q);
          const plain = rawFiguresByUnitPlain(db, q);
          expect(sorted(packed)).toEqual(sorted(plain));
          // 环比/同比's narrow count: the same totals of what it compares.
          const plainTotals = sumRaw(plain.values());
          expect(comparedRawTotals(db, q)).toEqual(Object.fromEntries(COMPARED_RAW_KEYS.map((k) => [k, plainTotals[k]])));
          if (!channels) expect(total(packed)).toBeGreaterThan(1500);
        }
      }
      const q = { from: '2024-12-01 00:00:00', to: '2025-03-01 00:00:00', asOf, channels: null, visitSource: 'any' as const, basicSatisfiedWeight: 1 };
      const late = lateOrders(db, q);
      const expected = db.prepare(`SELECT id, order_no AS orderNo, unit_id AS unitId, closed_at AS closedAt, effective_due_at AS dueAt FROM orders
        WHERE deleted = 0 AND received_at >= @from AND received_at < @to AND unit_id IS NOT NULL AND effective_due_at IS NOT NULL
          AND ((closed_at <= @asOf AND closed_at > effective_due_at) OR ((closed_at IS NULL OR closed_at > @asOf) AND effective_due_at < @asOf))
        ORDER BY received_at, id`).all({ from: q.from, to: q.to, asOf }) as { id: number; orderNo: string; unitId: number; closedAt: string | null; dueAt: string }[];
      const byUnit = (rows: { unitId: number; id: number }[]) => [...rows].sort((a, b) => a.unitId - b.unitId || 0);
      expect(byUnit(late)).toEqual(byUnit(expected.map((r) => {
        const open = r.closedAt == null || r.closedAt > asOf;
        return { id: r.id, orderNo: r.orderNo, unitId: r.unitId, open, daysLate: daysLateBetween(r.dueAt, open ? asOf : r.closedAt!) };
      })));
      if (asOf === '2025-03-20 00:00:00') expect(late.length).toBeGreaterThan(20);
      // With a limit: each unit's most days late, ties in receipt order.
      const worst = lateOrders(db, q, 2);
      const units = [...new Set(late.map((l) => l.unitId))];
      expect(worst).toEqual(units.flatMap((u) => late.filter((l) => l.unitId === u)
        .map((l, i) => ({ l, i })).sort((a, b) => b.l.daysLate - a.l.daysLate || a.i - b.i).slice(0, 2).map((x) => x.l)));
      if (asOf === '2025-03-20 00:00:00') expect(worst.length).toBeLessThan(late.length);
      expect(lateOrders(db, q, 0)).toEqual([]);
      // 备注 written in SQL: each unit's late orders as the list above names them, filled in one by one;
      // placeholders anywhere in a template, repeated or missing.
      const templates = { closedLate: '{daysLate}天：{orderNo}（{orderNo}）', overdueOpen: '未办结' };
      const remarks = new Map<number, string>();
      for (const l of late) {
        const line = (l.open ? templates.overdueOpen : templates.closedLate).replaceAll('{orderNo}', l.orderNo).replaceAll('{daysLate}', String(l.daysLate));
        remarks.set(l.unitId, remarks.has(l.unitId) ? `${remarks.get(l.unitId)}\n${line}` : line);
      }
      expect(lateRemarksByUnit(db, q, templates)).toEqual(remarks);
    }
    // Breakdown cells against a plain GROUP BY, with a missing and an empty category kept apart.
    db.prepare(`UPDATE orders SET category = NULL WHERE id % 7 = 0`).run();
    db.prepare(`UPDATE orders SET category = '' WHERE id % 11 = 0`).run();
    for (const channels of [null, ['市长信箱']]) {
      const q = { from: '2024-12-01 00:00:00', to: '2025-03-01 00:00:00', asOf: '2025-03-20 00:00:00', channels, visitSource: 'any' as const, basicSatisfiedWeight: 1 };
      const key = (c: { category: string | null; appealType: string | null; channel: string | null; handling: string | null; count: number }) => JSON.stringify([c.category, c.appealType, c.channel, c.handling, c.count]);
      const plain = db.prepare(`SELECT category, appeal_type AS appealType, channel, handling, count(*) AS count FROM orders
        WHERE deleted = 0 AND received_at >= ? AND received_at < ?${channels ? ` AND channel = '市长信箱'` : ''} GROUP BY 1, 2, 3, 4`).all(q.from, q.to) as Parameters<typeof key>[0][];
      const cells = breakdownCells(db, q);
      expect(cells.map(key).sort()).toEqual(plain.map(key).sort());
      expect(cells.some((c) => c.category === null) && cells.some((c) => c.category === '')).toBe(true);
    }
  });
});

describe('periods', () => {
  it('reads a month, quarter, half-year, year and a range of days', () => {
    expect(parsePeriod('2023-02')).toMatchObject({ kind: 'month', firstDay: '2023-02-01', lastDay: '2023-02-28', from: '2023-02-01 00:00:00', to: '2023-03-01 00:00:00', label: '2023年2月' });
    expect(parsePeriod('2024-q1')).toMatchObject({ kind: 'quarter', text: '2024-Q1', lastDay: '2024-03-31', label: '2024年第一季度' });
    expect(parsePeriod('2025-H1')).toMatchObject({ kind: 'half', firstDay: '2025-01-01', lastDay: '2025-06-30', label: '2025年上半年' });
    expect(parsePeriod('2024-H2')).toMatchObject({ firstDay: '2024-07-01', to: '2025-01-01 00:00:00', label: '2024年下半年' });
    expect(parsePeriod('2025')).toMatchObject({ kind: 'year', lastDay: '2025-12-31', to: '2026-01-01 00:00:00', label: '2025年' });
    expect(parsePeriod('2025-03-01..2025-03-15')).toMatchObject({ kind: 'range', to: '2025-03-16 00:00:00', label: '2025年3月1日至3月15日' });
    expect(parsePeriod('2024-02')).toMatchObject({ lastDay: '2024-02-29' });
  });

  it('refuses what it cannot read, in Chinese', () => {
    for (const bad of ['2025-13', '2025-Q5', '2025-H3', '25', '2025-02-30..2025-03-01', '2025-03-15..2025-03-01', '上个月']) {
      expect(() => parsePeriod(bad), bad).toThrow(/期间/);
    }
  });

  it('steps back across year boundaries for 环比 and 同比', () => {
    expect(previousPeriod(parsePeriod('2024-01')).text).toBe('2023-12');
    expect(previousPeriod(parsePeriod('2024-Q1')).text).toBe('2023-Q4');
    expect(previousPeriod(parsePeriod('2024-Q3')).text).toBe('2024-Q2');
    expect(previousPeriod(parsePeriod('2025-H1')).text).toBe('2024-H2');
    expect(previousPeriod(parsePeriod('2025')).text).toBe('2024');
    expect(previousPeriod(parsePeriod('2025-01-01..2025-01-10')).text).toBe('2024-12-22..2024-12-31');
    expect(lastYearPeriod(parsePeriod('2024-02')).text).toBe('2023-02');
    expect(lastYearPeriod(parsePeriod('2024-02-01..2024-02-29')).text).toBe('2023-02-01..2023-02-28');
    expect(monthsOf(parsePeriod('2024-12-20..2025-02-02'))).toEqual(['2024-12', '2025-01', '2025-02']);
  });
});

describe('figures', () => {
  it('counts a period that spans a year boundary to the second', () => {
    const l = fixture([
      order('甲镇', '2024-12-19 23:59:59'),
      order('甲镇', '2024-12-20 00:00:00'),
      order('甲镇', '2024-12-31 23:59:59'),
      order('乙局', '2025-01-01 00:00:00'),
      order('乙局', '2025-01-10 23:59:59'),
      order('乙局', '2025-01-11 00:00:00'),
    ]);
    const r = computeStats(l.db, { period: '2024-12-20..2025-01-10', asOf: '2025-03-01 00:00:00' });
    expect(r.totals.received).toBe(4);
    expect(r.breakdowns.month).toEqual([{ name: '2024-12', count: 2, share: 50 }, { name: '2025-01', count: 2, share: 50 }]);
    expect(r.rows.map((x) => [x.unit, x.received])).toEqual([['甲镇', 2], ['乙局', 2]]);
    expect(r.compare.previous.period).toMatchObject({ from: '2024-11-28', to: '2024-12-19' });
    expect(r.compare.previous.totals.received).toBe(1);
    expect(r.compare.previous.receivedChange).toBe(300);
  });

  it('takes figures as of a moment: later replies, closings and visits have not happened yet', () => {
    const l = fixture([
      order('甲镇', '2025-03-03 09:00:00', { dueAt: '2025-03-10 23:59:59', repliedAt: '2025-03-12 10:00:00', closedAt: '2025-03-12 10:00:00' }),
      order('甲镇', '2025-03-04 09:00:00', { dueAt: '2025-03-11 23:59:59', repliedAt: '2025-03-05 10:00:00', closedAt: '2025-03-05 10:00:00' }),
    ]);
    const early = computeStats(l.db, { period: '2025-03', asOf: '2025-03-11 12:00:00', schemeId: 'timely' });
    expect(early.rows[0]).toMatchObject({ received: 2, closed: 1, closedOnTime: 1, closedLate: 0, overdueOpen: 1, overdue: 1 });
    expect(early.rows[0].late).toEqual([{ orderNo: expect.any(String), daysLate: 1, open: true }]);
    expect(early.rows[0].columns.find((c) => c.key === 'remark')!.value).toMatch(/超期1天未办结$/);
    const later = computeStats(l.db, { period: '2025-03', asOf: '2025-03-31' });
    expect(later.asOf).toBe('2025-03-31 23:59:59');
    expect(later.rows[0]).toMatchObject({ closed: 2, closedOnTime: 1, closedLate: 1, overdueOpen: 0, overdue: 1, repliedOnTime: 1, closedOnTimeRate: 50 });
    expect(later.rows[0].late).toEqual([{ orderNo: expect.any(String), daysLate: 2, open: false }]);
    // The page asks for no late list; a scheme that names late orders in 备注 still names them all there.
    const listed = computeStats(l.db, { period: '2025-03', asOf: '2025-03-31', lateLimit: 0 });
    expect(listed.rows[0]).toMatchObject({ overdue: 1, late: [] });
    const remarked = computeStats(l.db, { period: '2025-03', asOf: '2025-03-31', schemeId: 'timely', lateLimit: 0 });
    expect(remarked.rows[0].late).toEqual([]);
    expect(remarked.rows[0].columns.find((c) => c.key === 'remark')!.value).toMatch(/超期2天办结$/);
  });

  it('names late orders received in the same second in 备注 in id order, not in the index\'s order', () => {
    // The first has the later due time: orders_late_candidates holds it second.
    const first = order('甲镇', '2025-03-03 09:00:00', { dueAt: '2025-03-09 23:59:59', closedAt: '2025-03-12 10:00:00' });
    const second = order('甲镇', '2025-03-03 09:00:00', { dueAt: '2025-03-08 23:59:59', closedAt: '2025-03-12 10:00:00' });
    const l = fixture([first, second]);
    const r = computeStats(l.db, { period: '2025-03', asOf: '2025-03-31', schemeId: 'timely', lateLimit: 0 });
    expect(r.rows[0].columns.find((c) => c.key === 'remark')!.value)
      .toBe(`工单编号：${first.orderNo}\n超期3天办结\n工单编号：${second.orderNo}\n超期4天办结`);
  });

  it('gives no rate where nothing was asked: null, printed 未抽访 (or the scheme\'s own words), never 0', async () => {
    const l = fixture([
      order('甲镇', '2025-05-06 09:00:00', { visitResult: '满意', visitProcess: '不满意', visitResolved: '已解决', visitSource: 'city' }),
      order('乙局', '2025-05-06 10:00:00'),
    ]);
    const r = computeStats(l.db, { period: '2025-05', asOf: '2025-06-01 00:00:00', schemeId: 'satisfaction' });
    const b = r.rows.find((x) => x.unit === '乙局')!;
    expect(b).toMatchObject({ resultAsked: 0, resultRate: null, processRate: null, resolvedRate: null });
    expect(b.columns.find((c) => c.key === 'resultRate')!.value).toBeNull();
    expect(formatCell(r.columns.find((c) => c.key === 'resultRate')!, null)).toBe('市级未抽访');
    const a = r.rows.find((x) => x.unit === '甲镇')!;
    expect(a).toMatchObject({ resultRate: 100, processRate: 0, resolvedRate: 100 });
    const empty = computeStats(l.db, { period: '2025-04', asOf: '2025-06-01 00:00:00' });
    expect(empty.rows).toEqual([]);
    expect(empty.totals).toMatchObject({ received: 0, resultRate: null, closedOnTimeRate: null });
    expect(r.compare.previous).toMatchObject({ receivedChange: null, resultRateDelta: null });
    const cliOut = await cli(['stats', '--db', l.file, '--period', '2025-05', '--as-of', '2025-06-01 00:00:00', '--scheme', 'satisfaction']);
    expect(cliOut.out).toMatch(/乙局\t1\t0\t0\t市级未抽访\t市级未抽访/);
  });

  it('weighs 基本满意 as the scheme says: 1, 0.5 or 0', () => {
    const l = fixture([
      order('甲镇', '2025-05-06 09:00:00', { visitResult: '满意' }),
      order('甲镇', '2025-05-06 10:00:00', { visitResult: '基本满意' }),
      order('甲镇', '2025-05-06 11:00:00', { visitResult: '不满意' }),
      order('甲镇', '2025-05-06 12:00:00', { visitResult: '基本满意' }),
    ]);
    const counts = BUILT_IN_SCHEMES.find((s) => s.id === 'counts')!;
    const rate = (w: 0 | 0.5 | 1) =>
      computeStats(l.db, { period: '2025-05', asOf: '2025-06-01', scheme: { ...counts, id: 'w', settings: { ...counts.settings, basicSatisfiedWeight: w } } }).rows[0].resultRate;
    expect([rate(1), rate(0.5), rate(0)]).toEqual([75, 50, 25]);
  });

  it('compares with the previous period and the same period last year: rates in points, counts in percent', () => {
    const l = fixture([
      ...[1, 2, 3, 4].map((d) => order('甲镇', `2025-03-0${d} 09:00:00`, { visitResult: d <= 3 ? '满意' : '不满意', visitProcess: '满意' })),
      ...[1, 2].map((d) => order('甲镇', `2025-02-0${d} 09:00:00`, { visitResult: d === 1 ? '满意' : '不满意', visitProcess: '满意' })),
      ...[1, 2, 3, 4, 5].map((d) => order('甲镇', `2024-03-0${d} 09:00:00`, { visitResult: '满意', visitProcess: d === 1 ? '不满意' : '满意' })),
    ]);
    const r = computeStats(l.db, { period: '2025-03', asOf: '2025-06-01' });
    expect(r.totals.resultRate).toBe(75);
    expect(r.compare.previous).toMatchObject({ period: { text: '2025-02', label: '2025年2月' }, resultRateDelta: 25, processRateDelta: 0, receivedChange: 100 });
    expect(r.compare.lastYear).toMatchObject({ period: { text: '2024-03' }, resultRateDelta: -25, processRateDelta: 20, receivedChange: -20 });
  });

  it('counts every order in the totals, including those answered directly or sent elsewhere, and filters by channel and kind', () => {
    const l = fixture([
      order('甲镇', '2025-05-06 09:00:00', { channel: '市长信箱' }),
      order('乙局', '2025-05-06 09:00:00'),
      order(null, '2025-05-07 09:00:00', { handling: '直接答复' }),
      order(null, '2025-05-07 10:00:00', { handling: '转外地' }),
    ]);
    const r = computeStats(l.db, { period: '2025-05', asOf: '2025-06-01' });
    expect(r.totals.received).toBe(4);
    expect(r.rows.reduce((s, x) => s + x.received, 0)).toBe(2);
    expect(r.breakdowns.handling.map((h) => [h.name, h.count])).toEqual([['转办', 2], ['直接答复', 1], ['转外地', 1]]);
    const mailbox = computeStats(l.db, { period: '2025-05', asOf: '2025-06-01', channels: ['市长信箱'] });
    expect(mailbox.rows.map((x) => x.unit)).toEqual(['甲镇']);
    expect(mailbox.totals.received).toBe(1);
    expect(computeStats(l.db, { period: '2025-05', asOf: '2025-06-01', kind: 'dept' }).rows.map((x) => x.unit)).toEqual(['乙局']);
  });
});

describe('the deadline trap', () => {
  it('an order received before Spring Festival 2024 and closed on 2月19日 is on time under the 调休 calendar', () => {
    const t: TempLedger = makeTempLedger();
    cleanups.push(() => t.close());
    const db = t.ledger.db;
    db.transaction(() => {
      const unitId = insertUnit(db, TEST_ACTOR, { name: '甲镇', kind: 'town' });
      insertOrders(db, TEST_ACTOR, [
        // 5 working days after 2月7日: 8日, 18日 (Sunday, 调休上班), 19日, 20日 … due 2月20日 23:59:59;
        // a Monday–Friday calendar would say 2月14日 and call it late.
        { orderNo: 'CJ20240207001', receivedAt: '2024-02-07 10:00:00', appealType: '投诉', urgency: '一般', handling: '转办', unitId, repliedAt: '2024-02-19 15:00:00', closedAt: '2024-02-19 15:00:00' },
        { orderNo: 'CJ20240207002', receivedAt: '2024-02-07 11:00:00', appealType: '投诉', urgency: '一般', handling: '转办', unitId, repliedAt: '2024-02-21 09:00:00', closedAt: '2024-02-21 09:00:00' },
      ]);
      recomputeDeadlines(db, TEST_ACTOR);
    })();
    const due = db.prepare(`SELECT effective_due_at AS d FROM orders WHERE order_no = 'CJ20240207001'`).get() as { d: string };
    expect(due.d).toBe('2024-02-20 23:59:59');
    const r = computeStats(db, { period: '2024-02', asOf: '2024-03-05', schemeId: 'timely' });
    expect(r.rows[0]).toMatchObject({ received: 2, closedOnTime: 1, closedLate: 1 });
    expect(r.rows[0].late).toEqual([{ orderNo: 'CJ20240207002', daysLate: 1, open: false }]);
  });
});

describe('sub-units and adjustments', () => {
  const units = [
    { name: '人社局', kind: 'dept' as const },
    { name: '劳动监察大队', kind: 'dept' as const, parent: '人社局' },
    { name: '住建局', kind: 'dept' as const },
    { name: '房管所', kind: 'dept' as const, parent: '住建局' },
  ];

  it('scores a unit with its sub-units and keeps their own rows; points entered by import, all or nothing', async () => {
    const l = fixture([order('人社局', '2024-01-05 09:00:00'), order('劳动监察大队', '2024-02-05 09:00:00'), order('房管所', '2024-03-05 09:00:00')], units);
    const { dir, remove } = makeTempDir();
    cleanups.push(remove);
    const good = path.join(dir, 'points.csv');
    fs.writeFileSync(good, '单位名称,期间,加分,减分,事由\n人社局,2024-Q1,2,1,按时报送总结\n劳动监察大队,2024-02,4.8,,欠薪案件化解\n住建局,2024-Q1,3.6,4,回复质量\n房管所,2024-Q1,4.1,6,逾期\n');
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, '单位名称,期间,加分,减分,事由\n人社局,2024-Q1,2,1,好\n不存在局,2024-Q1,1,,x\n住建局,2024-Q9,1,,x\n');
    const refused = await cli(['adjust', 'import', bad, '--db', l.file]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/第 3 行“单位名称”：单位“不存在局”不在单位名录中.*共 2 行有误.*未导入/);
    const ok = await cli(['adjust', 'import', good, '--db', l.file, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toEqual({ imported: 4, rejected: [] });
    const r = JSON.parse((await cli(['stats', '--db', l.file, '--period', '2024-Q1', '--scheme', 'bonus-penalty', '--as-of', '2024-04-19', '--json'])).out) as StatsResult;
    expect(r.rows.map((x) => [x.unit, x.parent, x.bonus, x.penalty, x.score, x.rank])).toEqual([
      ['人社局', null, 2, 1, 100, 1],
      ['劳动监察大队', '人社局', 4.8, 0, null, null],
      ['住建局', null, 3.6, 4, 97.7, 2],
      ['房管所', '住建局', 4.1, 6, null, null],
    ]);
    // A month's points count toward its quarter, not toward another month.
    const jan = computeStats(l.db, { period: '2024-01', asOf: '2024-04-19', schemeId: 'bonus-penalty' });
    expect(jan.rows.find((x) => x.unit === '劳动监察大队')).toBeUndefined();
  });
});

describe('schemes are data', () => {
  it('runs a scheme from a file, and refuses a broken one with a Chinese message', async () => {
    const l = fixture([order('甲镇', '2025-05-06 09:00:00', { visitResult: '满意' }), order('乙局', '2025-05-06 09:00:00')]);
    const { dir, remove } = makeTempDir();
    cleanups.push(remove);
    const file = path.join(dir, 'mine.json');
    fs.writeFileSync(file, JSON.stringify({
      id: 'mine', name: '我县方案',
      settings: { sort: [{ key: 'score', dir: 'desc' }], scoreColumn: 'score' },
      columns: [
        { key: 'received', label: '承办件数', value: { figure: 'received' } },
        { key: 'score', label: '得分', value: { sum: ['closedPart', 'visitPart'] }, format: 'number' },
        { key: 'closedPart', label: '办结', value: { ratio: ['closed', 'received'], scale: 60 }, format: 'number' },
        { key: 'visitPart', label: '满意', value: { ratio: ['resultSatisfied', 'resultAsked'], scale: 40, whenZero: 20 }, format: 'number' },
      ],
    }));
    const r = JSON.parse((await cli(['stats', '--db', l.file, '--period', '2025-05', '--scheme-file', file, '--as-of', '2025-06-01', '--json'])).out) as StatsResult;
    expect(r.scheme).toEqual({ id: 'mine', name: '我县方案' });
    expect(r.rows.map((x) => [x.unit, x.score, x.rank])).toEqual([['甲镇', 100, 1], ['乙局', 80, 2]]);
    fs.writeFileSync(file, JSON.stringify({ id: 'mine', name: '坏方案', columns: [{ key: 's', label: '得分', value: { sum: ['nothing'] } }] }));
    const broken = await cli(['stats', '--db', l.file, '--period', '2025-05', '--scheme-file', file]);
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/求和引用了不存在的列：nothing/);
    const unknown = await cli(['stats', '--db', l.file, '--period', '2025-05', '--scheme', 'nope']);
    expect(unknown.err).toMatch(/考评方案“nope”不存在/);
  });

  it('keeps an office\'s copy in the ledger; built-in ones cannot be overwritten', () => {
    const t = makeTempLedger();
    cleanups.push(() => t.close());
    const weighted = t.call('stats.schemes', {}).schemes.find((s) => s.id === 'weighted')!;
    expect(() => t.call('stats.saveScheme', { scheme: { ...weighted } })).toThrow(/内置方案/);
    const copy = { ...weighted, id: 'weighted-2', name: '百分制（本县）', builtIn: true };
    const saved = t.call('stats.saveScheme', { scheme: copy }).scheme;
    expect(saved).toMatchObject({ id: 'weighted-2', builtIn: false });
    expect(t.call('stats.schemes', {}).schemes.map((s) => s.id)).toEqual(['counts', 'weighted', 'bonus-penalty', 'timely', 'satisfaction', 'ontime', 'weighted-2']);
    t.call('stats.deleteScheme', { id: 'weighted-2' });
    expect(t.call('stats.schemes', {}).schemes).toHaveLength(6);
    expect(() => t.call('stats.deleteScheme', { id: 'counts' })).toThrow(/内置方案不能删除/);
  });

  it('lists the orders behind a number for the click-through', async () => {
    const l = fixture([
      order('甲镇', '2025-03-03 09:00:00', { dueAt: '2025-03-04 23:59:59', closedAt: '2025-03-06 10:00:00', repliedAt: '2025-03-06 10:00:00' }),
      order('甲镇', '2025-03-03 10:00:00'),
      order('乙局', '2025-03-03 11:00:00'),
    ]);
    const ids = (l.db.prepare(`SELECT id FROM orders ORDER BY id`).all() as { id: number }[]).map((x) => x.id);
    const unitId = (l.db.prepare(`SELECT id FROM units WHERE name = '甲镇'`).get() as { id: number }).id;
    const handlersCtx = { ledger: l, actor: TEST_ACTOR, pager: undefined as never, checkpoints: undefined as never, appVersion: 'test' };
    const { statsHandlers } = await import('../../electron/api/statsHandlers');
    {
      const late = statsHandlers['stats.orderIds'](handlersCtx, { period: '2025-03', asOf: '2025-04-01', unitId, figure: 'closedLate', withSubUnits: false });
      expect(late).toEqual({ ids: [ids[0]], filter: { from: '2025-03-01 00:00:00', to: '2025-04-01 00:00:00', unitIds: [unitId] } });
      const all = statsHandlers['stats.orderIds'](handlersCtx, { period: '2025-03', asOf: '2025-04-01', unitId: null, figure: 'received', withSubUnits: false });
      expect(all.ids).toEqual(ids);
    }
  });
});
