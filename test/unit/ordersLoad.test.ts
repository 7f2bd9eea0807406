// The bulk load of orders (loadOrders: demo and synthetic ledgers, large loads) against the
// one-by-one insert (insertOrders): the same rows, derived deadline fields and search results;
// one audit row for the load that every order's history shows; indexes whole afterwards; a
// failed load leaves nothing. And the 逾期跟踪 board's as-of queries, which read narrower indexes
// by how long orders stayed open, against a plain scan of every order.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertOrders, loadOrders, type NewOrder } from '../../electron/ledger/orders';
import { insertUnit } from '../../electron/ledger/units';
import { recomputeDeadlines } from '../../electron/services/deadlines';
import { randomSource, syntheticOrders, unitSpecs } from '../../electron/services/synthetic';
import { ensureUnits } from '../../electron/services/demo';
import { unitIdByName } from '../../electron/ledger/units';
import { cstFromEpochMs, epochMsFromCst } from '../../shared/time';
import { makeTempLedger, TEST_ACTOR, type TempLedger } from '../fixtures/makeLedger';
import type { Db } from '../../electron/ledger/open';

let a: TempLedger;
let b: TempLedger;
beforeEach(() => { a = makeTempLedger(); b = makeTempLedger(); });
afterEach(() => { a.close(); b.close(); });

function syntheticFor(t: TempLedger, count: number, seed = 7): NewOrder[] {
  const db = t.ledger.db;
  const specs = unitSpecs(12);
  db.transaction(() => ensureUnits(db, TEST_ACTOR, specs))();
  const out: NewOrder[] = [];
  for (const o of syntheticOrders({ count, from: '2024-01-01 00:00:00', to: '2024-06-30 23:59:59', asOf: '2024-07-01 00:00:00', units: specs, seed })) {
    const { unitName, ...order } = o;
    // Every tenth without an explicit due time, so the rules and the calendar decide it.
    out.push({ ...order, dueAt: out.length % 10 === 0 ? null : order.dueAt, unitId: unitName ? unitIdByName(db, unitName) ?? null : null });
  }
  return out;
}

const ORDER_COLUMNS = `id, order_no, received_at, channel, appeal_type, category, title, content, caller, phone, address, urgency, handling,
  unit_id, due_at, signed_at, replied_at, reply_content, closed_at, status, visit_result, visit_resolved, visit_process, note, deleted,
  rule_due_at, extended_due_at, rework_due_at, effective_due_at, days_late, replied_on_time, closed_on_time, due_warning`;
const rowsOf = (db: Db) => db.prepare(`SELECT ${ORDER_COLUMNS} FROM orders ORDER BY id`).all();
const indexesOf = (db: Db) => db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'orders' ORDER BY name`).all();
const searchIds = (db: Db, match: string) => db.prepare(`SELECT rowid FROM orders_search WHERE orders_search MATCH ? ORDER BY rowid`).pluck().all(match);

describe('loadOrders', () => {
  it('stores the same orders, derived fields and search tokens as insertOrders and a recompute', () => {
    const orders = syntheticFor(a, 6_000);
    syntheticFor(b, 0);
    const indexesBefore = indexesOf(a.ledger.db);
    const load = a.ledger.db.transaction(() => loadOrders(a.ledger.db, TEST_ACTOR, [orders.slice(0, 2_500), orders.slice(2_500)], { label: '测试批量', expected: orders.length }))();
    b.ledger.db.transaction(() => insertOrders(b.ledger.db, TEST_ACTOR, orders))();
    expect(load).toMatchObject({ firstId: 1, count: 6_000 });
    expect(rowsOf(a.ledger.db)).toEqual(rowsOf(b.ledger.db));
    // A full recompute finds nothing to change: the load derived exactly what it would.
    expect(a.ledger.db.transaction(() => recomputeDeadlines(a.ledger.db, TEST_ACTOR, { reason: '核对' }))()).toMatchObject({ scanned: 6_000, changed: 0 });
    // The indexes dropped for the load are all back, exactly as they were, and consistent.
    expect(indexesOf(a.ledger.db)).toEqual(indexesBefore);
    expect(a.ledger.db.pragma('integrity_check', { simple: true })).toBe('ok');
    for (const q of ['"噪音"', '"小区" AND "物业"', '"张"*', '"13"']) expect(searchIds(a.ledger.db, q)).toEqual(searchIds(b.ledger.db, q));
    expect(searchIds(a.ledger.db, '"噪音"').length).toBeGreaterThan(100);
  });

  it('writes one audit row for the load, and each order’s history begins with it', () => {
    const orders = syntheticFor(a, 300);
    const before = (a.ledger.db.prepare(`SELECT count(*) AS n FROM audit_log`).get() as { n: number }).n;
    a.ledger.db.transaction(() => loadOrders(a.ledger.db, { who: '张三', source: 'import' }, [orders], { label: '导入 宁强2月.xlsx', batchId: null }))();
    expect((a.ledger.db.prepare(`SELECT count(*) AS n FROM audit_log`).get() as { n: number }).n).toBe(before + 1);
    const { history } = a.call('orders.get', { id: 123 });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'create', who: '张三', source: 'import', newValue: '导入 宁强2月.xlsx：批量新建 300 件工单' });
    a.call('orders.applyEdits', { edits: [{ id: 123, field: 'note', value: '已电话督办' }], reason: 'edit' });
    expect(a.call('orders.get', { id: 123 }).history.map((h) => [h.action, h.newValue])).toEqual([
      ['update', '已电话督办'], ['create', '导入 宁强2月.xlsx：批量新建 300 件工单'],
    ]);
    // An order created on its own keeps its own row.
    const [own] = a.ledger.db.transaction(() => insertOrders(a.ledger.db, TEST_ACTOR, [{ orderNo: 'OWN1', receivedAt: '2024-07-01 09:00:00' }]))();
    expect(a.call('orders.get', { id: own }).history.map((h) => [h.action, h.newValue])).toEqual([['create', 'OWN1']]);
  });

  it('leaves nothing when the load fails, not even the dropped indexes', () => {
    const orders = syntheticFor(a, 6_000);
    const db = a.ledger.db;
    const before = { indexes: indexesOf(db), audit: db.prepare(`SELECT count(*) AS n FROM audit_log`).get() };
    // The second chunk repeats a 工单编号: the UNIQUE constraint fails half-way through the load.
    expect(() => db.transaction(() => loadOrders(db, TEST_ACTOR, [orders.slice(0, 5_000), [orders[3]]], { label: '失败', expected: 6_000 }))()).toThrow(/UNIQUE/);
    expect(db.prepare(`SELECT count(*) AS n FROM orders`).get()).toEqual({ n: 0 });
    expect(db.prepare(`SELECT count(*) AS n FROM orders_search`).get()).toEqual({ n: 0 });
    expect(indexesOf(db)).toEqual(before.indexes);
    expect(db.prepare(`SELECT count(*) AS n FROM audit_log`).get()).toEqual(before.audit);
    expect(() => loadOrders(db, TEST_ACTOR, [orders], { label: '无事务' })).toThrow(/事务/);
  });

  it('numbers after the orders already there and keeps their indexes', () => {
    const orders = syntheticFor(a, 40);
    const db = a.ledger.db;
    db.transaction(() => insertOrders(db, TEST_ACTOR, orders.slice(0, 10)))();
    const load = db.transaction(() => loadOrders(db, TEST_ACTOR, [orders.slice(10)], { label: '追加' }))();
    expect(load).toMatchObject({ firstId: 11, count: 30 });
    expect(db.prepare(`SELECT order_no FROM orders WHERE id = 11`).pluck().get()).toBe(orders[10].orderNo);
  });

  it('starts with the first order: empty chunks before it are skipped, a load of none leaves no trace', () => {
    const orders = syntheticFor(a, 6_000);
    const db = a.ledger.db;
    const auditRows = () => db.prepare(`SELECT count(*) FROM audit_log`).pluck().get() as number;
    const indexes = indexesOf(db);
    const before = auditRows();
    const none = db.transaction(() => loadOrders(db, TEST_ACTOR, [[], []], { label: '空', expected: 0 }))();
    expect(none).toEqual({ firstId: 1, count: 0, auditId: null });
    expect(auditRows()).toBe(before);
    const load = db.transaction(() => loadOrders(db, TEST_ACTOR, [[], orders, []], { label: '先空后有', expected: orders.length }))();
    expect(load).toMatchObject({ firstId: 1, count: 6_000 });
    expect(auditRows()).toBe(before + 1);
    expect(db.prepare(`SELECT new_value FROM audit_log WHERE id = ?`).pluck().get(load.auditId)).toBe('先空后有：批量新建 6000 件工单');
    expect(indexesOf(db)).toEqual(indexes);
  });
});

describe('the board as of a moment in the past', () => {
  it('finds exactly the orders open then, however long they stayed open, and those closed late in the period', () => {
    const db = a.ledger.db;
    const unit = db.transaction(() => insertUnit(db, TEST_ACTOR, { name: '城关镇' }))();
    const rnd = randomSource(11);
    const from = epochMsFromCst('2023-01-01 00:00:00');
    const orders: NewOrder[] = [];
    // Open for seconds, hours, days, months or years (groups 1 to 9 of orders_closed_span), or still open.
    const spans = [5, 70, 3_000, 50_000, 400_000, 5e6, 4e7, 2e8];
    for (let i = 0; i < 3_000; i++) {
      const received = from + Math.floor(rnd() * 800 * 86_400_000);
      const span = spans[i % spans.length] * (0.5 + rnd());
      const closed = i % 9 === 0 ? null : cstFromEpochMs(received + Math.floor(span * 1000));
      orders.push({
        orderNo: `ASOF${i}`, receivedAt: cstFromEpochMs(received), handling: '转办', unitId: unit, appealType: '投诉', urgency: '一般',
        dueAt: cstFromEpochMs(received + Math.floor(rnd() * 10 * 86_400_000)), repliedAt: closed, closedAt: closed,
      });
    }
    db.transaction(() => loadOrders(db, TEST_ACTOR, [orders], { label: '时点测试', expected: orders.length }))();
    const all = db.prepare(`SELECT id, received_at, closed_at, effective_due_at FROM orders`).all() as { id: number; received_at: string; closed_at: string | null; effective_due_at: string }[];
    for (const asOf of ['2023-03-01 12:00:00', '2023-11-15 08:30:00', '2024-06-30 23:59:59', '2025-02-01 00:00:00']) {
      const board = a.call('deadlines.board', { asOf, limit: 10_000 });
      const open = all.filter((o) => o.received_at <= asOf && (o.closed_at === null || o.closed_at > asOf));
      const overdue = open.filter((o) => o.effective_due_at < asOf).map((o) => o.id).sort((x, y) => x - y);
      const listed = (key: string) => board.lists.find((l) => l.key === key)!.groups.flatMap((g) => g.orders.map((o) => o.id)).sort((x, y) => x - y);
      expect(listed('overdue')).toEqual(overdue);
      expect(board.units.reduce((n, u) => n + u.open, 0)).toBe(open.length);
      const periodFrom = `${asOf.slice(0, 8)}01 00:00:00`;
      const closedLate = all.filter((o) => o.closed_at !== null && o.closed_at >= periodFrom && o.closed_at <= asOf && o.closed_at > o.effective_due_at).map((o) => o.id).sort((x, y) => x - y);
      expect(listed('closedLate')).toEqual(closedLate);
    }
    expect(all.filter((o) => o.closed_at !== null && o.closed_at > '2024-06-30 23:59:59' && o.received_at <= '2024-06-30 23:59:59').length).toBeGreaterThan(20);
  });

  it('reads the board through its indexes, never a scan of every order', () => {
    const db = a.ledger.db;
    const plans: string[] = [];
    const prepare = db.prepare.bind(db);
    (db as unknown as { prepare: (sql: string) => unknown }).prepare = (sql: string) => {
      if (/^\s*SELECT/.test(sql) && /FROM orders|JOIN orders/.test(sql)) {
        plans.push(...(prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ asOf: '2024-01-01 00:00:00', periodFrom: '2024-01-01 00:00:00', unitId: 1, in24h: '2024-01-02 00:00:00', ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [[`asOfLess${i + 1}`, '2023-01-01 00:00:00'], [`periodFromLess${i + 1}`, '2023-01-01 00:00:00']]).flat()) }) as { detail: string }[]).map((p) => p.detail));
      }
      return prepare(sql);
    };
    try {
      a.call('deadlines.board', { asOf: '2024-01-01 00:00:00' });
      a.call('deadlines.reminder', { unitId: db.transaction(() => insertUnit(db, TEST_ACTOR, { name: '城关镇' }))(), asOf: '2024-01-01 00:00:00' });
    } finally {
      (db as unknown as { prepare: unknown }).prepare = prepare;
    }
    // The open orders come from the index alone (migration 009), without reading their rows.
    expect(plans.some((p) => p.includes('COVERING INDEX orders_open'))).toBe(true);
    expect(plans.some((p) => p.includes('orders_closed_span'))).toBe(true);
    for (const index of ['orders_extended', 'orders_returned', 'orders_reworked']) expect(plans.some((p) => p.includes(index))).toBe(true);
    expect(plans.filter((p) => /^SCAN o\b|^SCAN orders\b/.test(p))).toEqual([]);
  });

  it('lists orders extended, returned or reworked in the period by their events or, imported without events, by their counts', () => {
    const db = a.ledger.db;
    const unit = db.transaction(() => insertUnit(db, TEST_ACTOR, { name: '城关镇' }))();
    const orders: NewOrder[] = ['02-05', '03-02', '03-03', '03-04', '03-05'].map((d, i) => ({
      orderNo: `EVT${i}`, receivedAt: `2024-${d} 09:00:00`, handling: '转办', unitId: unit, appealType: '投诉', urgency: '一般',
    }));
    const ids = db.transaction(() => insertOrders(db, TEST_ACTOR, orders))();
    // Counts an import wrote without events: in the period (03-02 …), and before it (02-05).
    db.transaction(() => {
      db.prepare(`UPDATE orders SET extension_count = 1 WHERE id IN (?, ?)`).run(ids[0], ids[1]);
      db.prepare(`UPDATE orders SET return_count = 2 WHERE id = ?`).run(ids[2]);
      db.prepare(`UPDATE orders SET rework_count = 1 WHERE id = ?`).run(ids[3]);
    })();
    a.call('deadlines.recordEvent', { orderId: ids[4], type: 'extension_approved', at: '2024-03-05 15:00:00', newDueAt: '2024-03-20 23:59:59', reason: '需协调' });
    const board = a.call('deadlines.board', { asOf: '2024-03-10 12:00:00' });
    const listed = (key: string) => board.lists.find((l) => l.key === key)!.groups.flatMap((g) => g.orders.map((o) => o.orderNo)).sort();
    expect(listed('extended')).toEqual(['EVT1', 'EVT4']);
    expect(listed('returned')).toEqual(['EVT2']);
    expect(listed('reworked')).toEqual(['EVT3']);
    expect(board.counts).toMatchObject({ extended: 2, returned: 1, reworked: 1 });
  });
});
