// The ledger opened from a number of the statistics: exactly the orders behind it, and a period
// handed over as timestamps with an exclusive end.
import { expect, test } from 'vitest';
import { makeTempLedger } from '../fixtures/makeLedger';

test('filter.ids shows exactly those orders; a timestamp "to" is exclusive, a day "to" includes the day', () => {
  const t = makeTempLedger();
  try {
    t.call('demo.load', { orders: 200 });
    const all = t.call('orders.page', { startRow: 0, endRow: 200, sort: [{ colId: 'receivedAt', sort: 'asc' }], filter: {} }).rows;
    const picked = [all[3].id, all[50].id, all[120].id];
    const page = t.call('orders.page', { startRow: 0, endRow: 100, sort: [], filter: { ids: picked } });
    expect(page.rowCount).toBe(3);
    expect(page.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual([...picked].sort((a, b) => a - b));

    const at = all[60].receivedAt;
    const before = t.call('orders.page', { startRow: 0, endRow: 300, sort: [], filter: { to: at } }).rows;
    expect(before.every((r) => r.receivedAt < at)).toBe(true);
    expect(before.length).toBe(all.filter((r) => r.receivedAt < at).length);
    const day = at.slice(0, 10);
    const throughDay = t.call('orders.page', { startRow: 0, endRow: 300, sort: [], filter: { to: day } }).rowCount;
    expect(throughDay).toBe(all.filter((r) => r.receivedAt.slice(0, 10) <= day).length);
  } finally {
    t.close();
  }
});
