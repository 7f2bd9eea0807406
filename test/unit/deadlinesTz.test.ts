// Deadlines may not depend on the machine's time zone: the same ledger computed in a child process
// under TZ=UTC, Asia/Shanghai and America/New_York gives the same due times, days late and board.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = process.cwd();
const at = (p: string) => JSON.stringify(path.join(root, p));

// Runs in the child: a fresh ledger, orders around Spring Festival 2024, National Day 2023 and
// the end of the calendar's data, an extension, a rework, and the board as of a moment.
const SCENARIO = `
const { makeTempLedger, TEST_ACTOR } = await import(${at('test/fixtures/makeLedger.ts')});
const { insertOrders } = await import(${at('electron/ledger/orders.ts')});
const { insertUnit } = await import(${at('electron/ledger/units.ts')});
const t = makeTempLedger();
const db = t.ledger.db;
const unitId = db.transaction(() => insertUnit(db, TEST_ACTOR, { name: '城关镇' }))();
const base = { handling: '转办', unitId, appealType: '投诉', urgency: '一般' };
const orders = [
  { orderNo: 'TZ0001', receivedAt: '2024-02-07 23:30:00' },
  { orderNo: 'TZ0002', receivedAt: '2023-09-28 00:10:00', appealType: '咨询' },
  { orderNo: 'TZ0003', receivedAt: '2024-03-09 23:59:59', urgency: '紧急', closedAt: '2024-03-11 10:00:00' },
  { orderNo: 'TZ0004', receivedAt: '2026-12-30 08:00:00' },
  { orderNo: 'TZ0005', receivedAt: '2024-02-26 09:00:00' },
  { orderNo: 'TZ0006', receivedAt: '2024-02-01 00:00:01', repliedAt: '2024-02-05 09:00:00', closedAt: '2024-02-08 01:00:00' },
];
const ids = db.transaction(() => insertOrders(db, TEST_ACTOR, orders.map((o) => ({ ...base, ...o }))))();
t.call('deadlines.recordEvent', { orderId: ids[4], type: 'extension_approved', at: '2024-03-04 15:00:00', newDueAt: '2024-03-08' });
t.call('deadlines.recordEvent', { orderId: ids[5], type: 'rework', at: '2024-03-01 23:30:00' });
const rows = db.prepare('SELECT order_no, rule_due_at, effective_due_at, days_late, due_warning, status FROM orders ORDER BY id').all();
const board = t.call('deadlines.board', { asOf: '2024-03-05 10:00:00' });
const reminder = t.call('deadlines.reminder', { unitId, asOf: '2024-03-05 10:00:00' });
console.log(JSON.stringify({ rows, counts: board.counts, units: board.units, periodFrom: board.periodFrom, reminder: reminder.text }));
t.close();
`;

async function scenarioUnder(tz: string) {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCENARIO], { cwd: root, env: { ...process.env, TZ: tz } });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe('deadlines under three time zones', () => {
  it('gives identical results under UTC, Asia/Shanghai and America/New_York', async () => {
    const [utc, shanghai, newYork] = await Promise.all(['UTC', 'Asia/Shanghai', 'America/New_York'].map(scenarioUnder));
    expect(shanghai).toEqual(utc);
    expect(newYork).toEqual(utc);
    const due = Object.fromEntries(utc.rows.map((r: { order_no: string; effective_due_at: string }) => [r.order_no, r.effective_due_at]));
    expect(due).toEqual({
      TZ0001: '2024-02-20 23:59:59',
      TZ0002: '2023-10-09 23:59:59',
      TZ0003: '2024-03-10 23:59:59',
      TZ0004: '2027-01-06 23:59:59',
      TZ0005: '2024-03-08 23:59:59',
      TZ0006: '2024-03-08 23:59:59',
    });
    expect(utc.rows[2]).toMatchObject({ days_late: 1, status: '已办结' });
    expect(utc.rows[3].due_warning).toMatch(/2027/);
    expect(utc.rows[5].status).toBe('重办中');
    expect(utc.counts).toMatchObject({ overdue: 2, extended: 1, reworked: 1 }); // TZ0001 and TZ0002
  }, 120_000);
});
