// A full recompute derives the orders without life events in SQL and the rest in JS (deriveRow);
// a recompute of given orders is JS only. Both must store exactly the same values for every kind
// of order: explicit and imported due times, limits written on the order, hour / day / working-day
// rules, years the calendar does not cover, orders answered on the spot, closed late or on time.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { insertOrders, type NewOrder } from '../../electron/ledger/orders';
import { insertUnit } from '../../electron/ledger/units';
import { recomputeDeadlines } from '../../electron/services/deadlines';
import { randomSource } from '../../electron/services/synthetic';
import { cstFromEpochMs, epochMsFromCst } from '../../shared/time';
import { makeTempLedger, TEST_ACTOR, type TempLedger } from '../fixtures/makeLedger';

let t: TempLedger;
beforeEach(() => { t = makeTempLedger(); });
afterEach(() => t.close());

const DERIVED = 'rule_due_at, extended_due_at, rework_due_at, effective_due_at, days_late, replied_on_time, closed_on_time, due_warning, extension_count, rework_count, return_count, late_return_count, alert_count, status';

function seedVariety(count: number): number[] {
  const db = t.ledger.db;
  const rnd = randomSource(4);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const unitId = db.transaction(() => insertUnit(db, TEST_ACTOR, { name: '城关镇' }))();
  const from = epochMsFromCst('2023-09-01 00:00:00');
  const span = epochMsFromCst('2027-02-01 00:00:00') - from;
  const orders: NewOrder[] = [];
  for (let i = 0; i < count; i++) {
    const received = from + Math.floor(rnd() * span);
    const later = (days: number) => cstFromEpochMs(received + Math.floor(rnd() * days * 86_400_000));
    const replied = rnd() < 0.6 ? later(12) : null;
    orders.push({
      orderNo: `SQL${String(i).padStart(6, '0')}`,
      receivedAt: cstFromEpochMs(received),
      handling: pick(['转办', '转办', '转办', '直接答复', '转外地', null]),
      appealType: pick(['咨询', '投诉', '求助', '建议', null]),
      urgency: pick(['一般', '一般', '紧急', null]),
      unitId: rnd() < 0.9 ? unitId : null,
      dueAt: rnd() < 0.2 ? later(8) : null,
      signedAt: rnd() < 0.7 ? later(1) : null,
      repliedAt: replied,
      closedAt: replied && rnd() < 0.8 ? cstFromEpochMs(epochMsFromCst(replied) + 3_600_000) : null,
    });
  }
  // Closed exactly one and two whole days after the due time: 1 and 2 days late, not 2 and 3.
  for (let i = 0; i < count; i += 97) {
    const o = orders[i];
    const day = o.receivedAt.slice(0, 10);
    Object.assign(o, { handling: '转办', dueAt: `${day} 23:59:59`, repliedAt: `${day} 23:59:59`, closedAt: cstFromEpochMs(epochMsFromCst(`${day} 23:59:59`) + (1 + (i % 2)) * 86_400_000) });
  }
  const ids = db.transaction(() => insertOrders(db, TEST_ACTOR, orders))();
  // What an import may write besides the fields, and life events on a few orders.
  db.transaction(() => {
    for (const id of ids) {
      const r = rnd();
      if (r < 0.1) db.prepare(`UPDATE orders SET time_limit = ? WHERE id = ?`).run(pick(['3天', '24小时', '10个工作日', '尽快', '2个工作日']), id);
      else if (r < 0.15) db.prepare(`UPDATE orders SET extended_due_at = datetime(received_at, '+9 days') WHERE id = ?`).run(id);
      else if (r < 0.18) db.prepare(`UPDATE orders SET rework_count = 1, alert_count = 2 WHERE id = ?`).run(id);
      else if (r < 0.21) db.prepare(`INSERT INTO order_events (order_id, type, at, who, data) SELECT id, 'extension_approved', received_at, 't', json_object('newDueAt', datetime(received_at, '+7 days')) FROM orders WHERE id = ?`).run(id);
      else if (r < 0.23) db.prepare(`INSERT INTO order_events (order_id, type, at, who, data) SELECT id, 'rework', datetime(received_at, '+2 days'), 't', NULL FROM orders WHERE id = ?`).run(id);
    }
  })();
  return ids;
}

const snapshot = () => t.ledger.db.prepare(`SELECT id, ${DERIVED} FROM orders ORDER BY id`).all();
const clear = () => t.ledger.db.exec(`UPDATE orders SET rule_due_at = NULL, rework_due_at = NULL, effective_due_at = '2000-01-01 00:00:00', days_late = -1,
  replied_on_time = NULL, closed_on_time = 7, due_warning = 'x', status = '?'`);

it('stores the same derived values through the SQL pass as through deriveRow', () => {
  const ids = seedVariety(3000);
  const db = t.ledger.db;
  const byJs = () => db.transaction(() => recomputeDeadlines(db, TEST_ACTOR, { orderIds: ids }))();
  const full = () => db.transaction(() => recomputeDeadlines(db, TEST_ACTOR))();
  byJs();
  const expected = snapshot();
  // The variety is there: every kind of value occurs.
  const rows = expected as Record<string, unknown>[];
  expect(rows.some((r) => r.due_warning)).toBe(true);
  expect(rows.some((r) => (r.days_late as number) > 0)).toBe(true);
  expect(new Set(rows.map((r) => r.status)).size).toBeGreaterThanOrEqual(6);
  expect(full().changed).toBe(0);
  clear();
  expect(full().changed).toBe(3000);
  expect(snapshot()).toEqual(expected);
  // Only an on-time flag wrong (due times right): the flag alone is written back, each of the two.
  const flippedClosed = db.prepare(`UPDATE orders SET closed_on_time = 1 - closed_on_time WHERE closed_on_time IS NOT NULL AND id % 3 = 0`).run().changes;
  const flippedReplied = db.prepare(`UPDATE orders SET replied_on_time = 1 - replied_on_time WHERE replied_on_time IS NOT NULL AND id % 3 = 1`).run().changes;
  expect(flippedClosed).toBeGreaterThan(100);
  expect(flippedReplied).toBeGreaterThan(100);
  expect(full().changed).toBe(flippedClosed + flippedReplied);
  expect(snapshot()).toEqual(expected);

  // After a rule change, both ways agree again.
  const rules = t.call('timeLimits.get', {});
  t.call('timeLimits.set', { rules: [{ appealType: '投诉', urgency: null, limit: { unit: 'days', amount: 4 } }, { appealType: null, urgency: '紧急', limit: { unit: 'hours', amount: 12 } }, ...rules.rules], returnWindowHours: 2 });
  const afterFull = snapshot();
  clear();
  byJs();
  expect(snapshot()).toEqual(afterFull);
});

it('leaves every order and the rules as they were when a recompute fails part-way through a write', () => {
  seedVariety(3000);
  const db = t.ledger.db;
  db.transaction(() => recomputeDeadlines(db, TEST_ACTOR))();
  const before = snapshot();
  const rulesBefore = t.call('timeLimits.get', {});
  const auditBefore = db.prepare(`SELECT count(*) FROM audit_log`).pluck().get();
  const longerLimits = { rules: [{ appealType: null, urgency: null, limit: { unit: 'days' as const, amount: 9 } }], returnWindowHours: rulesBefore.returnWindowHours };
  // The recompute runs in the dispatcher's transaction without a savepoint of its own: the orders
  // it wrote before the failure must go back with the rest of the call.
  db.exec(`CREATE TEMP TRIGGER fail_midway AFTER UPDATE OF effective_due_at ON orders WHEN NEW.id = 2000
    BEGIN SELECT RAISE(ABORT, '磁盘空间不足'); END`);
  try {
    expect(() => t.call('timeLimits.set', longerLimits))
      .toThrow(/磁盘空间不足/);
  } finally {
    db.exec(`DROP TRIGGER temp.fail_midway`);
  }
  expect(snapshot()).toEqual(before);
  expect(t.call('timeLimits.get', {})).toEqual(rulesBefore);
  expect(db.prepare(`SELECT count(*) FROM audit_log`).pluck().get()).toBe(auditBefore);
  // And the same change without the failure does move the due times (the test above is not idle).
  t.call('timeLimits.set', longerLimits);
  expect(snapshot()).not.toEqual(before);
});
