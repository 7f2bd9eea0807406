// 逾期跟踪 on a prepared ledger, as of 2024-03-05 10:00: what is late, what is due, who to chase.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOrders, type NewOrder } from '../../electron/ledger/orders';
import { insertUnit } from '../../electron/ledger/units';
import { makeTempLedger, TEST_ACTOR, type TempLedger } from '../fixtures/makeLedger';
import type { Board, BoardListKey, MethodInput } from '../../shared/api';

const run = promisify(execFile);
const AS_OF = '2024-03-05 10:00:00';
let t: TempLedger;
let town: number;
let dept: number;
const ids: Record<string, number> = {};

function seed(key: string, o: Partial<NewOrder>): void {
  const order: NewOrder = { orderNo: `BRD${key}202403`, receivedAt: '2024-02-20 09:00:00', handling: '转办', appealType: '投诉', urgency: '一般', title: `工单${key}`, ...o };
  ids[key] = t.ledger.db.transaction(() => insertOrders(t.ledger.db, TEST_ACTOR, [order]))()[0];
}
const record = (input: MethodInput<'deadlines.recordEvent'>) => t.call('deadlines.recordEvent', input);

beforeAll(() => {
  t = makeTempLedger();
  t.ledger.db.transaction(() => {
    town = insertUnit(t.ledger.db, TEST_ACTOR, { name: '城关镇' });
    dept = insertUnit(t.ledger.db, TEST_ACTOR, { name: '县市场监管局' });
  })();
  seed('A', { unitId: town, receivedAt: '2024-02-20 09:00:00' }); // due 02-27 23:59:59: overdue
  seed('B', { unitId: town, receivedAt: '2024-02-28 09:00:00' }); // due 03-06 23:59:59: 38 hours left
  seed('C', { unitId: dept, receivedAt: '2024-02-29 09:00:00', appealType: '咨询' }); // due 03-05 23:59:59: today
  seed('D', { unitId: dept, receivedAt: '2024-03-04 20:00:00', urgency: '紧急' }); // due 03-05 20:00:00: today
  seed('E', { unitId: dept, receivedAt: '2024-02-01 09:00:00', closedAt: '2024-03-01 10:00:00' }); // due 02-07 (Sunday 02-04 was worked), closed late in March
  seed('F', { unitId: town, receivedAt: '2024-02-19 09:00:00', closedAt: '2024-03-06 10:00:00' }); // due 02-26, closed after the moment
  seed('G', { unitId: town, receivedAt: '2024-02-26 09:00:00' }); // due 03-04, extended to 03-08
  seed('H', { unitId: dept, receivedAt: '2024-03-04 09:00:00' }); // returned
  seed('I', { unitId: town, receivedAt: '2024-02-01 09:00:00', repliedAt: '2024-02-05 09:00:00', closedAt: '2024-02-05 10:00:00' }); // reworked
  seed('J', { unitId: town, receivedAt: '2024-02-01 09:00:00' }); // deleted
  seed('K', { unitId: town, receivedAt: '2024-03-06 09:00:00' }); // received after the moment
  seed('L', { unitId: null, handling: '直接答复', receivedAt: '2024-02-01 09:00:00' }); // answered on the spot
  record({ orderId: ids.G, type: 'extension_approved', at: '2024-03-04 15:00:00', newDueAt: '2024-03-08 23:59:59', reason: '需协调' });
  record({ orderId: ids.H, type: 'return', at: '2024-03-04 10:00:00', reason: '不属于本单位职责' });
  record({ orderId: ids.I, type: 'rework', at: '2024-03-01 10:00:00', reason: '回访不满意' });
  t.call('orders.setDeleted', { ids: [ids.J], deleted: true });
});
afterAll(() => t.close());

const orderNos = (board: Board, key: BoardListKey) => board.lists.find((l) => l.key === key)!.groups.flatMap((g) => g.orders.map((o) => o.orderNo.slice(3, 4))).sort();

describe('the board as of a moment', () => {
  it('counts and lists overdue, due today, due within 24 hours, and what happened this period', () => {
    const board = t.call('deadlines.board', { asOf: AS_OF });
    expect(board.asOf).toBe(AS_OF);
    expect(board.periodFrom).toBe('2024-03-01 00:00:00');
    expect(board.counts).toEqual({ overdue: 2, dueToday: 2, due24h: 2, closedLate: 1, extended: 1, returned: 1, reworked: 1 });
    expect(orderNos(board, 'overdue')).toEqual(['A', 'F']);
    expect(orderNos(board, 'dueToday')).toEqual(['C', 'D']);
    expect(orderNos(board, 'due24h')).toEqual(['C', 'D']);
    expect(orderNos(board, 'closedLate')).toEqual(['E']);
    expect(orderNos(board, 'extended')).toEqual(['G']);
    expect(orderNos(board, 'returned')).toEqual(['H']);
    expect(orderNos(board, 'reworked')).toEqual(['I']);
  });

  it('gives days late as of the moment, hours left for what is not yet due, and the status then', () => {
    const board = t.call('deadlines.board', { asOf: AS_OF });
    const overdue = board.lists.find((l) => l.key === 'overdue')!;
    const byNo = Object.fromEntries(overdue.groups.flatMap((g) => g.orders).map((o) => [o.orderNo.slice(3, 4), o]));
    expect(byNo.A).toMatchObject({ effectiveDueAt: '2024-02-27 23:59:59', daysLate: 7, hoursLeft: null, unitName: '城关镇', status: '待签收' });
    // F was closed on 03-06: as of 03-05 it was still open, 8 started days late.
    expect(byNo.F).toMatchObject({ effectiveDueAt: '2024-02-26 23:59:59', daysLate: 8, closedAt: null, status: '待签收' });
    const today = board.lists.find((l) => l.key === 'dueToday')!.groups.flatMap((g) => g.orders);
    expect(today.map((o) => [o.orderNo.slice(3, 4), o.hoursLeft])).toEqual([['D', 10], ['C', 14]]);
    const closedLate = board.lists.find((l) => l.key === 'closedLate')!.groups[0].orders[0];
    expect(closedLate).toMatchObject({ closedAt: '2024-03-01 10:00:00', daysLate: 23 });
    const returned = board.lists.find((l) => l.key === 'returned')!.groups[0].orders[0];
    expect(returned).toMatchObject({ status: '已退单', returnCount: 1 });
  });

  it('groups by unit and sums up each unit with its oldest overdue order', () => {
    const board = t.call('deadlines.board', { asOf: AS_OF });
    expect(board.lists.find((l) => l.key === 'overdue')!.groups.map((g) => [g.unitName, g.orders.length])).toEqual([['城关镇', 2]]);
    expect(board.units).toEqual([
      { unitId: town, unitName: '城关镇', open: 5, overdue: 2, due24h: 0, oldestOverdue: { id: ids.F, orderNo: 'BRDF202403', effectiveDueAt: '2024-02-26 23:59:59', daysLate: 8 } },
      { unitId: dept, unitName: '县市场监管局', open: 3, overdue: 0, due24h: 2, oldestOverdue: null },
    ]);
  });

  it('drops an order from the overdue list once its extension is approved', () => {
    seed('M', { unitId: dept, receivedAt: '2024-02-26 09:00:00' }); // due 03-04 23:59:59
    expect(orderNos(t.call('deadlines.board', { asOf: AS_OF }), 'overdue')).toEqual(['A', 'F', 'M']);
    record({ orderId: ids.M, type: 'extension_approved', at: '2024-03-05 09:00:00', newDueAt: '2024-03-11 23:59:59' });
    const after = t.call('deadlines.board', { asOf: AS_OF });
    expect(orderNos(after, 'overdue')).toEqual(['A', 'F']);
    expect(orderNos(after, 'extended')).toEqual(['G', 'M']);
    t.call('orders.setDeleted', { ids: [ids.M], deleted: true });
  });

  it('caps the lists but not the counts', () => {
    const board = t.call('deadlines.board', { asOf: AS_OF, limit: 1 });
    const overdue = board.lists.find((l) => l.key === 'overdue')!;
    expect(overdue).toMatchObject({ total: 2, truncated: true });
    expect(overdue.groups.flatMap((g) => g.orders)).toHaveLength(1);
    expect(board.counts.overdue).toBe(2);
  });

  it('sums up every unit the same whatever the cap, naming an oldest overdue order the capped list leaves out', () => {
    seed('N', { unitId: dept, receivedAt: '2024-02-23 09:00:00' }); // due 03-01 23:59:59: overdue, third by due time
    const capped = t.call('deadlines.board', { asOf: AS_OF, limit: 1 });
    expect(orderNos(capped, 'overdue')).toEqual(['F']);
    expect(capped.units).toEqual(t.call('deadlines.board', { asOf: AS_OF }).units);
    expect(capped.units.find((u) => u.unitId === dept)!.oldestOverdue).toEqual({ id: ids.N, orderNo: 'BRDN202403', effectiveDueAt: '2024-03-01 23:59:59', daysLate: 4 });
    t.call('orders.setDeleted', { ids: [ids.N], deleted: true });
  });

  it('says which years the calendar covers', () => {
    const board = t.call('deadlines.board', { asOf: AS_OF });
    expect(board.coverage.summary).toBe('工作日历覆盖 2004—2026 年');
    expect(board.coverage.warning).toBeNull();
    expect(t.call('deadlines.board', { asOf: '2026-12-01 09:00:00' }).coverage.warning).toMatch(/2027/);
  });

  it('refuses a moment that is not a time', () => {
    expect(() => t.call('deadlines.board', { asOf: '昨天' })).toThrow(/统计时点“昨天”不是有效的日期时间/);
  });
});

describe('催办单', () => {
  it('lists a unit’s overdue and soon-due orders, ready to print', () => {
    const r = t.call('deadlines.reminder', { unitId: town, asOf: AS_OF });
    expect(r.orderCount).toBe(2);
    expect(r.text).toContain('城关镇：');
    expect(r.text).toContain('截至2024年3月5日10时，你单位承办的以下 2 件12345热线工单');
    expect(r.text).toContain('1. 工单编号：BRDF202403；受理时间：2024-02-19 09:00；截止时间：2024-02-26 23:59；已超期8天；诉求：工单F');
    expect(r.text).toContain('2. 工单编号：BRDA202403');
    expect(r.text).not.toContain('BRDB202403');
    const d = t.call('deadlines.reminder', { unitId: dept, asOf: AS_OF });
    expect(d.text).toMatch(/一、24小时内到期（2 件）\n1\. 工单编号：BRDD202403.*剩余约10小时/);
  });
});

describe('hotline overdue', () => {
  it('prints overdue and soon-due open orders as JSON', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'electron/cli.ts', 'overdue', '--db', t.file, '--as-of', AS_OF, '--json'], { cwd: process.cwd() });
    const out = JSON.parse(stdout);
    expect(out.asOf).toBe(AS_OF);
    expect(out.overdue.map((o: { orderNo: string; unit: string; daysLate: number }) => [o.orderNo, o.unit, o.daysLate])).toEqual([
      ['BRDF202403', '城关镇', 8],
      ['BRDA202403', '城关镇', 7],
    ]);
    expect(out.dueSoon.map((o: { orderNo: string }) => o.orderNo)).toEqual(['BRDD202403', 'BRDC202403']);
  });

  it('says in Chinese when the moment is wrong, with exit status 1', async () => {
    const err = await run(process.execPath, ['--import', 'tsx', 'electron/cli.ts', 'overdue', '--db', t.file, '--as-of', '2024-13-01'], { cwd: process.cwd() }).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(/统计时点“2024-13-01”不是有效的日期时间/);
  });
});
