// The order's life on a real ledger: derived due times, extensions, returns, rework, visits,
// rule changes with their recompute and audit, and the grid edits that must refresh all of it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertOrders, type NewOrder } from '../../electron/ledger/orders';
import { insertUnit } from '../../electron/ledger/units';
import { recomputeDeadlines } from '../../electron/services/deadlines';
import { makeTempLedger, TEST_ACTOR, type TempLedger } from '../fixtures/makeLedger';
import type { MethodInput } from '../../shared/api';

let t: TempLedger;
let town: number;
let dept: number;

beforeEach(() => {
  t = makeTempLedger();
  t.ledger.db.transaction(() => {
    town = insertUnit(t.ledger.db, TEST_ACTOR, { name: '城关镇' });
    dept = insertUnit(t.ledger.db, TEST_ACTOR, { name: '县市场监管局' });
  })();
});
afterEach(() => t.close());

let serial = 0;
function seed(o: Partial<NewOrder> = {}): number {
  const order: NewOrder = { orderNo: `D2024${String(++serial).padStart(6, '0')}`, receivedAt: '2024-02-07 09:00:00', handling: '转办', unitId: town, appealType: '投诉', urgency: '一般', ...o };
  return t.ledger.db.transaction(() => insertOrders(t.ledger.db, TEST_ACTOR, [order]))()[0];
}

interface Stored {
  status: string; rule_due_at: string | null; effective_due_at: string | null; extended_due_at: string | null; rework_due_at: string | null;
  days_late: number | null; closed_on_time: number | null; replied_on_time: number | null; closed_at: string | null; replied_at: string | null;
  extension_count: number; rework_count: number; return_count: number; late_return_count: number; alert_count: number; visit_source: string | null;
}
const stored = (id: number) => t.ledger.db.prepare(`SELECT * FROM orders WHERE id = ?`).get(id) as Stored;
const record = (input: MethodInput<'deadlines.recordEvent'>) => t.call('deadlines.recordEvent', input);
const edit = (id: number, field: string, value: string | number | null) => t.call('orders.applyEdits', { edits: [{ id, field, value }] });
const counts = () => t.ledger.db.prepare(`SELECT (SELECT count(*) FROM order_events) AS events, (SELECT count(*) FROM audit_log) AS audit`).get();

describe('derived due times', () => {
  it('derives the due time from the rules when the order is created', () => {
    expect(stored(seed())).toMatchObject({ rule_due_at: '2024-02-20 23:59:59', effective_due_at: '2024-02-20 23:59:59', status: '待签收' });
    expect(stored(seed({ appealType: '咨询' })).effective_due_at).toBe('2024-02-18 23:59:59'); // 2/8, 2/9, 2/18 (Sunday, 调休上班)
    expect(stored(seed({ urgency: '紧急', receivedAt: '2024-02-09 20:15:00' })).effective_due_at).toBe('2024-02-10 20:15:00');
  });

  it('lets an explicit due time win over the rules, and a time limit on the order over the rule table', () => {
    const explicit = seed({ dueAt: '2024-02-09 18:00:00' });
    expect(stored(explicit)).toMatchObject({ rule_due_at: '2024-02-20 23:59:59', effective_due_at: '2024-02-09 18:00:00' });
    const own = seed();
    t.ledger.db.prepare(`UPDATE orders SET time_limit = '3天' WHERE id = ?`).run(own);
    t.ledger.db.transaction(() => recomputeDeadlines(t.ledger.db, TEST_ACTOR, { orderIds: [own] }))();
    expect(stored(own).effective_due_at).toBe('2024-02-10 23:59:59');
  });

  it('has no deadline for orders answered on the spot', () => {
    expect(stored(seed({ handling: '直接答复', unitId: null, closedAt: '2024-02-07 09:05:00' }))).toMatchObject({ effective_due_at: null, days_late: null, status: '直接办结' });
  });

  it('counts days late as started 24-hour periods after the due time', () => {
    const id = seed();
    edit(id, 'closedAt', '2024-02-20 23:59:59');
    expect(stored(id)).toMatchObject({ days_late: null, closed_on_time: 1 });
    edit(id, 'closedAt', '2024-02-21 00:00:00');
    expect(stored(id)).toMatchObject({ days_late: 1, closed_on_time: 0 });
    edit(id, 'closedAt', '2024-02-22 00:00:00'); // 24 hours and one second late
    expect(stored(id).days_late).toBe(2);
  });

  it('refreshes the derived fields when the grid edits the receipt time, the due time or the kind of appeal', () => {
    const id = seed();
    edit(id, 'receivedAt', '2024-02-08 09:00:00');
    expect(stored(id).effective_due_at).toBe('2024-02-21 23:59:59');
    edit(id, 'appealType', '咨询');
    expect(stored(id).effective_due_at).toBe('2024-02-19 23:59:59');
    edit(id, 'dueAt', '2024-03-01 12:00:00');
    expect(stored(id).effective_due_at).toBe('2024-03-01 12:00:00');
    edit(id, 'dueAt', null);
    expect(stored(id).effective_due_at).toBe('2024-02-19 23:59:59');
  });
});

describe('order events', () => {
  it('replaces the due time with an approved extension, and keeps the request and refusal apart', () => {
    const id = seed();
    record({ orderId: id, type: 'sign', at: '2024-02-07 10:00:00' });
    record({ orderId: id, type: 'extension_request', at: '2024-02-19 10:00:00', newDueAt: '2024-02-27', reason: '需现场核查' });
    expect(stored(id)).toMatchObject({ effective_due_at: '2024-02-20 23:59:59', extension_count: 0 });
    const r = record({ orderId: id, type: 'extension_approved', at: '2024-02-19 15:00:00', newDueAt: '2024-02-27 23:59:59' });
    expect(r.event.data).toMatchObject({ newDueAt: '2024-02-27 23:59:59', previousDueAt: '2024-02-20 23:59:59', requestId: expect.any(Number) });
    expect(r.deadline).toMatchObject({ effectiveDueAt: '2024-02-27 23:59:59', extendedDueAt: '2024-02-27 23:59:59', extensionCount: 1 });
    expect(() => record({ orderId: id, type: 'extension_refused', at: '2024-02-19 16:00:00' })).toThrow(/没有待审批的延期申请/);
    record({ orderId: id, type: 'close', at: '2024-02-26 10:00:00' });
    expect(stored(id)).toMatchObject({ status: '已办结', days_late: null, closed_on_time: 1 });
  });

  it('refuses an extension that does not move the due time later, and writes nothing', () => {
    const id = seed();
    const before = counts();
    expect(() => record({ orderId: id, type: 'extension_approved', at: '2024-02-08 10:00:00', newDueAt: '2024-02-15 23:59:59' })).toThrow(/应晚于当前截止时间（2024-02-20 23:59:59）/);
    expect(() => record({ orderId: id, type: 'extension_approved', at: '2024-02-06 10:00:00', newDueAt: '2024-03-15' })).toThrow(/早于受理时间/);
    expect(() => record({ orderId: id, type: 'extension_approved', newDueAt: '下周一' })).toThrow(/不是有效的日期时间/);
    expect(counts()).toEqual(before);
    expect(stored(id).effective_due_at).toBe('2024-02-20 23:59:59');
  });

  it('flags a return outside the window as 逾期退单, shows 已退单 until the order goes to another unit', () => {
    const inTime = seed({ receivedAt: '2024-03-04 09:00:00' });
    record({ orderId: inTime, type: 'return', at: '2024-03-04 10:30:00', reason: '不属于本单位职责' });
    expect(stored(inTime)).toMatchObject({ status: '已退单', return_count: 1, late_return_count: 0 });
    expect(() => record({ orderId: inTime, type: 'return', at: '2024-03-04 10:40:00', reason: '再退' })).toThrow(/已退单/);
    edit(inTime, 'unitId', dept);
    expect(stored(inTime).status).toBe('待签收');
    // Two hours and one second after dispatch (the receipt) is too late.
    const late = seed({ receivedAt: '2024-03-04 09:00:00' });
    const r = record({ orderId: late, type: 'return', at: '2024-03-04 11:00:01', reason: '职责不清' });
    expect(r.event.data).toMatchObject({ late: true, windowHours: 2, unitId: town });
    expect(stored(late)).toMatchObject({ return_count: 1, late_return_count: 1 });
  });

  it('uses the office return window from the time-limit settings', () => {
    const current = t.call('timeLimits.get', {});
    t.call('timeLimits.set', { rules: current.rules, returnWindowHours: 4 });
    const id = seed({ receivedAt: '2024-03-04 09:00:00' });
    expect(record({ orderId: id, type: 'return', at: '2024-03-04 12:00:00', reason: '非本单位' }).event.data.late).toBe(false);
  });

  it('reopens an order for rework with a new due time and a growing rework count', () => {
    const id = seed({ receivedAt: '2024-03-04 09:00:00' });
    record({ orderId: id, type: 'sign', at: '2024-03-04 09:30:00' });
    record({ orderId: id, type: 'reply', at: '2024-03-13 10:00:00', content: '已处理' });
    record({ orderId: id, type: 'close', at: '2024-03-13 11:00:00' }); // due 03-11: closed 2 days late
    expect(stored(id)).toMatchObject({ status: '已办结', days_late: 2 });
    record({ orderId: id, type: 'visit', at: '2024-03-14 09:00:00', source: 'city', result: '不满意', resolved: '未解决' });
    expect(stored(id)).toMatchObject({ visit_source: 'city' });
    const r = record({ orderId: id, type: 'rework', at: '2024-03-14 10:00:00', reason: '群众不满意' });
    expect(r.order).toMatchObject({ status: '重办中', closedAt: null, repliedAt: null, visitResult: '不满意' });
    expect(r.event.data).toMatchObject({ previousClosedAt: '2024-03-13 11:00:00', previousRepliedAt: '2024-03-13 10:00:00' });
    // 5 working days from the rework day: 3/15, 3/18, 3/19, 3/20, 3/21.
    expect(stored(id)).toMatchObject({ rework_count: 1, rework_due_at: '2024-03-21 23:59:59', effective_due_at: '2024-03-21 23:59:59', days_late: null });
    record({ orderId: id, type: 'reply', at: '2024-03-20 10:00:00' });
    expect(stored(id).status).toBe('已回复');
    record({ orderId: id, type: 'close', at: '2024-03-20 11:00:00' });
    expect(stored(id)).toMatchObject({ status: '已办结', closed_on_time: 1 });
    record({ orderId: id, type: 'rework', at: '2024-03-21 10:00:00', newDueAt: '2024-03-22 18:00:00' });
    expect(stored(id)).toMatchObject({ rework_count: 2, effective_due_at: '2024-03-22 18:00:00' });
  });

  it('checks a visit: after the reply, values from the dictionaries, at least one answer', () => {
    const id = seed();
    expect(() => record({ orderId: id, type: 'visit', source: 'county', at: '2024-02-08 10:00:00', result: '满意' })).toThrow(/尚未回复或办结/);
    record({ orderId: id, type: 'close', at: '2024-02-09 10:00:00' });
    expect(() => record({ orderId: id, type: 'visit', source: 'county', at: '2024-02-09 11:00:00' })).toThrow(/至少/);
    expect(() => record({ orderId: id, type: 'visit', source: 'county', at: '2024-02-09 11:00:00', result: '很好' })).toThrow(/不在可选值中/);
    expect(stored(id).visit_source).toBeNull();
    record({ orderId: id, type: 'visit', source: 'county', at: '2024-02-09 11:00:00', result: '基本满意', process: '满意', resolved: '已解决' });
    expect(t.call('orders.get', { id }).order).toMatchObject({ visitResult: '基本满意', visitProcess: '满意', visitResolved: '已解决' });
  });

  it('counts alerts, keeps urges and supervision on the record, and refuses events on a closed order where they make no sense', () => {
    const id = seed();
    record({ orderId: id, type: 'urge', at: '2024-02-19 09:00:00', note: '电话催办' });
    record({ orderId: id, type: 'supervise', at: '2024-02-19 10:00:00' });
    record({ orderId: id, type: 'alert', at: '2024-02-21 00:10:00' });
    record({ orderId: id, type: 'close', at: '2024-02-22 10:00:00' });
    record({ orderId: id, type: 'alert', at: '2024-02-22 11:00:00' });
    expect(stored(id).alert_count).toBe(2);
    expect(() => record({ orderId: id, type: 'urge' })).toThrow(/已办结，无需催办/);
    expect(() => record({ orderId: id, type: 'sign' })).toThrow(/已办结/);
    const { events } = t.call('deadlines.orderEvents', { orderId: id });
    expect(events.map((e) => e.label)).toEqual(['催办', '督办', '告警', '办结', '告警']);
    expect(events[0]).toMatchObject({ who: '测试员', note: '电话催办' });
    const history = t.call('orders.get', { id }).history.map((h) => h.action);
    expect(history).toContain('event.urge');
  });

  it('refuses events dated in the future or on a deleted order', () => {
    const id = seed();
    expect(() => record({ orderId: id, type: 'sign', at: '2099-01-01 10:00:00' })).toThrow(/晚于当前时间/);
    t.call('orders.setDeleted', { ids: [id], deleted: true });
    expect(() => record({ orderId: id, type: 'sign', at: '2024-02-08 10:00:00' })).toThrow(/已删除/);
  });

  it('adds events to counts an import wrote, and a recompute keeps them', () => {
    const id = seed();
    t.ledger.db.prepare(`UPDATE orders SET rework_count = 2, alert_count = 3, extended_due_at = '2024-02-25 23:59:59' WHERE id = ?`).run(id);
    t.ledger.db.transaction(() => recomputeDeadlines(t.ledger.db, TEST_ACTOR, { orderIds: [id] }))();
    expect(stored(id)).toMatchObject({ rework_count: 2, alert_count: 3, effective_due_at: '2024-02-25 23:59:59' });
    record({ orderId: id, type: 'alert', at: '2024-02-26 10:00:00' });
    t.ledger.db.transaction(() => recomputeDeadlines(t.ledger.db, TEST_ACTOR))();
    expect(stored(id)).toMatchObject({ alert_count: 4, rework_count: 2 });
  });
});

describe('rule changes', () => {
  it('recomputes derived due times, not explicit ones, in one step the audit log names', () => {
    const complaint = seed({ appealType: '投诉' });
    const consult = seed({ appealType: '咨询' });
    const explicit = seed({ appealType: '投诉', dueAt: '2024-02-09 18:00:00' });
    const rules = t.call('timeLimits.get', {});
    expect(rules.rules).toEqual(rules.defaults.rules);
    const r = t.call('timeLimits.set', {
      rules: [{ appealType: '投诉', urgency: null, limit: { unit: 'workdays', amount: 10 } }, ...rules.rules],
      returnWindowHours: 2,
    });
    expect(r.recomputed).toMatchObject({ scanned: 3, changed: 2 }); // the explicit one's rule due changes, its effective due does not
    expect(stored(complaint).effective_due_at).toBe('2024-02-27 23:59:59');
    expect(stored(consult).effective_due_at).toBe('2024-02-18 23:59:59');
    expect(stored(explicit)).toMatchObject({ rule_due_at: '2024-02-27 23:59:59', effective_due_at: '2024-02-09 18:00:00' });
    const audit = t.ledger.db.prepare(`SELECT action, field, old_value, new_value FROM audit_log WHERE entity = 'settings' ORDER BY id`).all() as { action: string; new_value: string; old_value: string }[];
    expect(audit[0]).toMatchObject({ action: 'update', old_value: expect.stringContaining('其他 5个工作日'), new_value: expect.stringContaining('投诉 10个工作日') });
    expect(audit[1]).toMatchObject({ action: 'deadlines.recompute', new_value: expect.stringMatching(/时限规则修改.*3 件.*2 件有变化/) });
  });

  it('refuses a rule table without a catch-all last row', () => {
    expect(() => t.call('timeLimits.set', { rules: [{ appealType: '投诉', urgency: null, limit: { unit: 'days', amount: 3 } }], returnWindowHours: 2 })).toThrow(/最后一行/);
  });
});

describe('a ledger from before deadlines (version 1)', () => {
  it('keeps explicit due times on upgrade, says a recompute is needed, and computes the rest on request', async () => {
    const Database = (await import('better-sqlite3')).default;
    const { migration001 } = await import('../../electron/ledger/migrations/001_init');
    const { openLedger, closeLedger } = await import('../../electron/ledger/open');
    const file = `${t.dir}/old.sqlite3`;
    const old = new Database(file);
    old.exec(migration001.sql);
    const insert = old.prepare(`INSERT INTO orders (order_no, received_at, handling, appeal_type, due_at, closed_at, status, created_at, updated_at)
      VALUES (?, ?, '转办', '投诉', ?, ?, ?, '2024-01-01 00:00:00', '2024-01-01 00:00:00')`);
    insert.run('OLD0001', '2024-02-07 09:00:00', '2024-02-09 18:00:00', '2024-02-11 10:00:00', '已办结');
    insert.run('OLD0002', '2024-02-07 09:00:00', null, null, '待签收');
    old.pragma('user_version = 1');
    old.close();
    const upgraded = openLedger(file);
    try {
      const row = (no: string) => upgraded.db.prepare(`SELECT effective_due_at, days_late FROM orders WHERE order_no = ?`).get(no);
      expect(row('OLD0001')).toEqual({ effective_due_at: '2024-02-09 18:00:00', days_late: 2 });
      expect(row('OLD0002')).toEqual({ effective_due_at: null, days_late: null });
      const { boardOf } = await import('../../electron/services/board');
      expect(boardOf(upgraded.db, { asOf: '2024-03-01 00:00:00', limit: 10 }).recomputeNeeded).toBe(true);
      upgraded.db.transaction(() => recomputeDeadlines(upgraded.db, TEST_ACTOR))();
      expect(row('OLD0002')).toEqual({ effective_due_at: '2024-02-20 23:59:59', days_late: null });
      expect(boardOf(upgraded.db, { asOf: '2024-03-01 00:00:00', limit: 10 }).recomputeNeeded).toBe(false);
    } finally {
      closeLedger(upgraded);
    }
  });
});
