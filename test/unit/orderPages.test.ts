// The grid's data source: every page served by keyset seeks, anchors and the search index must
// be exactly the rows a plain ORDER BY … LIMIT … OFFSET over the whole table gives, for any
// filter, sort and offset, and must follow the ledger after an edit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { ANCHOR_STRIDE, OrderPager, type SortSpec } from '../../electron/ledger/orderPages';
import { insertOrders, setOrdersDeleted, type NewOrder } from '../../electron/ledger/orders';
import { ensureUnits } from '../../electron/services/demo';
import { randomSource, syntheticOrders, unitSpecs } from '../../electron/services/synthetic';
import { unitIdByName } from '../../electron/ledger/units';
import { FIELD_BY_KEY, type OrderFieldKey } from '../../shared/fields';
import { searchMatchExpression, searchTokens } from '../../shared/search';
import type { OrderFilter } from '../../shared/api';
import { makeTempLedger, TEST_ACTOR, type TempLedger } from '../fixtures/makeLedger';

const ORDERS = 3500;
let t: TempLedger;
let unitIds: number[];

beforeAll(() => {
  t = makeTempLedger();
  const db = t.ledger.db;
  const specs = unitSpecs(20);
  const rnd = randomSource(7);
  db.transaction(() => {
    ensureUnits(db, TEST_ACTOR, specs);
    const batch: NewOrder[] = [];
    for (const o of syntheticOrders({ count: ORDERS, from: '2025-01-01 08:00:00', to: '2025-03-31 18:00:00', asOf: '2025-03-20 00:00:00', units: specs, seed: 11 })) {
      const { unitName, ...order } = o;
      // Whole hours, so many orders share a receipt time and ties are broken by id.
      const receivedAt = rnd() < 0.5 ? `${order.receivedAt.slice(0, 13)}:00:00` : order.receivedAt;
      batch.push({ ...order, receivedAt, unitId: unitName ? unitIdByName(db, unitName) ?? null : null });
    }
    insertOrders(db, TEST_ACTOR, batch);
  })();
  const all = (db.prepare(`SELECT id FROM orders`).all() as { id: number }[]).map((r) => r.id);
  db.transaction(() => setOrdersDeleted(db, TEST_ACTOR, all.filter(() => rnd() < 0.05), true))();
  unitIds = (db.prepare(`SELECT DISTINCT unit_id AS id FROM orders WHERE unit_id IS NOT NULL ORDER BY unit_id`).all() as { id: number }[]).map((r) => r.id);
});
afterAll(() => t.close());

/** The naive answer: the filter written out plainly, substring by instr, LIMIT/OFFSET. */
function naivePage(filter: OrderFilter, sort: readonly SortSpec[], startRow: number, endRow: number): { ids: number[]; count: number } {
  const db = t.ledger.db;
  const where: string[] = ['o.deleted = ?'];
  const params: unknown[] = [filter.deleted ? 1 : 0];
  if (filter.from) { where.push('o.received_at >= ?'); params.push(filter.from.length === 10 ? `${filter.from} 00:00:00` : filter.from); }
  if (filter.to) { where.push('o.received_at <= ?'); params.push(filter.to.length === 10 ? `${filter.to} 23:59:59` : filter.to); }
  for (const [column, values] of [['unit_id', filter.unitIds], ['status', filter.statuses], ['channel', filter.channels]] as const) {
    if (values?.length) { where.push(`o.${column} IN (${values.map(() => '?').join(',')})`); params.push(...values); }
  }
  const text = filter.text?.trim().toLowerCase();
  if (text) {
    where.push(`(instr(lower(o.order_no), ?) OR instr(lower(coalesce(o.content, '')), ?) OR instr(lower(coalesce(o.caller, '')), ?) OR instr(coalesce(o.phone, ''), ?))`);
    params.push(text, text, text, text);
  }
  const keys: string[] = [];
  let idDir = 'DESC';
  for (const s of sort) {
    const dir = s.sort === 'asc' ? 'ASC' : 'DESC';
    idDir = dir;
    if (s.colId === 'id') break;
    keys.push(s.colId === 'unitId' ? `u.name ${dir}` : `o.${FIELD_BY_KEY[s.colId as OrderFieldKey].column} ${dir}`);
  }
  if (keys.length === 0 && !sort.some((s) => s.colId === 'id')) keys.push('o.received_at DESC');
  const order = [...keys, `o.id ${idDir}`].join(', ');
  const sqlFrom = `FROM orders o LEFT JOIN units u ON u.id = o.unit_id WHERE ${where.join(' AND ')}`;
  const ids = (db.prepare(`SELECT o.id ${sqlFrom} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...params, endRow - startRow, startRow) as { id: number }[]).map((r) => r.id);
  const count = (db.prepare(`SELECT count(*) AS n ${sqlFrom}`).get(...params) as { n: number }).n;
  return { ids, count };
}

const SORTS: SortSpec[][] = [
  [],
  [{ colId: 'receivedAt', sort: 'asc' }],
  [{ colId: 'dueAt', sort: 'asc' }],
  [{ colId: 'dueAt', sort: 'desc' }],
  [{ colId: 'unitId', sort: 'asc' }],
  [{ colId: 'unitId', sort: 'desc' }, { colId: 'closedAt', sort: 'asc' }],
  [{ colId: 'status', sort: 'asc' }, { colId: 'receivedAt', sort: 'desc' }],
  [{ colId: 'category', sort: 'desc' }, { colId: 'visitResult', sort: 'asc' }],
  [{ colId: 'id', sort: 'asc' }],
];

function filters(): OrderFilter[] {
  return [
    {},
    { deleted: true },
    { text: '噪音' },
    { text: '幸福小区' },
    { text: '  小区楼下 ' },
    { text: '张' },
    { text: '区' },
    { text: '7' },
    { text: '138' },
    { text: '2025' },
    { unitIds: unitIds.slice(0, 1), statuses: ['已办结'] },
    { unitIds: unitIds.slice(1, 4), statuses: ['已办结', '办理中', '待签收'] },
    { from: '2025-02-01', to: '2025-02-28', channels: ['12345热线电话'] },
    { from: '2025-03-01 12:00:00', text: '欠薪', deleted: false },
    { text: '拖欠工资', unitIds: unitIds.slice(0, 6) },
    { text: '没有这样的内容' },
  ];
}

function expectSame(pager: OrderPager, filter: OrderFilter, sort: readonly SortSpec[], startRow: number, endRow: number) {
  const got = pager.page(filter, sort, startRow, endRow);
  const want = naivePage(filter, sort, startRow, endRow);
  expect({ ids: got.rows.map((r) => r.id), count: got.rowCount }, `${JSON.stringify(filter)} ${JSON.stringify(sort)} ${startRow}-${endRow}`).toEqual(want);
  return got;
}

describe('OrderPager', () => {
  it('the test ledger needs the anchors: more rows than one anchor stride', () => {
    expect(ANCHOR_STRIDE * 2).toBeLessThan(ORDERS);
    expect(naivePage({ text: '噪音' }, [], 0, 10).count).toBeGreaterThan(50);
    expect(naivePage({ deleted: true }, [], 0, 10).count).toBeGreaterThan(50);
  });

  it('serves the same rows as ORDER BY/LIMIT/OFFSET: scrolling in blocks and jumping at random', () => {
    const rnd = randomSource(99);
    filters().forEach((filter, i) => {
      // Half the sorts for each filter (alternating), the default order always: enough cases for two cores.
      for (const sort of SORTS.filter((_, j) => j === 0 || (i + j) % 2 === 0)) {
        // A fresh pager: nothing remembered from other cases. Text filters alternate between
        // pages that start from the search index and pages that walk the sort index.
        const pager = new OrderPager(t.ledger.db, (i + sort.length) % 2 ? 0 : 5000);
        const { count } = naivePage(filter, sort, 0, 1);
        // Scrolling down block by block: each block a seek past the previous one.
        for (let start = 0; start < Math.min(count, 700); start += 100) expectSame(pager, filter, sort, start, start + 100);
        // Jumps anywhere (past anchors, between remembered blocks, past the end), odd block sizes.
        for (let i = 0; i < 6; i++) {
          const start = Math.floor(rnd() * (count + 50));
          expectSame(pager, filter, sort, start, start + 1 + Math.floor(rnd() * 150));
        }
        if (count > 0) expectSame(pager, filter, sort, count - 1, count + 99);
      }
    });
  }, 120_000);

  it('a jump deep into the ledger then scrolling back up and down stays exact', () => {
    const pager = new OrderPager(t.ledger.db);
    for (const start of [3000, 2100, 2200, 1999, 2000, 1000, 999, 0, 3300, 3200]) expectSame(pager, {}, [], start, start + 100);
  });

  it('follows the ledger after an edit through the API, and after a write by another connection', () => {
    const pager = t.ctx.pager;
    const sort: SortSpec[] = [{ colId: 'receivedAt', sort: 'asc' }];
    const before = expectSame(pager, {}, sort, 2000, 2100);
    expectSame(pager, { text: '噪音' }, [], 0, 100);
    const moved = before.rows[50];
    // The clerk moves an order to the top (earliest) and writes a word no other order has.
    const edited = t.call('orders.applyEdits', { edits: [{ id: moved.id, field: 'receivedAt', value: '2024-12-31 23:00:00' }, { id: moved.id, field: 'content', value: '楼上深夜噪音，另有渗水' }] });
    expect(edited.refused).toEqual([]);
    const top = expectSame(pager, {}, sort, 0, 100);
    expect(top.rows[0].id).toBe(moved.id);
    expectSame(pager, {}, sort, 2000, 2100);
    expect(expectSame(pager, { text: '渗水' }, [], 0, 100).rows.map((r) => r.id)).toEqual([moved.id]);
    expectSame(pager, { text: '噪音' }, [], 0, 100);

    t.call('orders.setDeleted', { ids: [moved.id], deleted: true });
    expect(expectSame(pager, { text: '渗水' }, [], 0, 100).rows).toEqual([]);
    expect(expectSame(pager, { text: '渗水', deleted: true }, [], 0, 100).rows.map((r) => r.id)).toEqual([moved.id]);

    // Another program writes the file: PRAGMA data_version tells the pager its keys are stale.
    const other = new Database(t.file);
    const victim = expectSame(pager, {}, sort, 1500, 1600).rows[10].id;
    other.prepare(`UPDATE orders SET received_at = '2026-01-01 00:00:00' WHERE id = ?`).run(victim);
    other.close();
    const after = expectSame(pager, {}, sort, 1500, 1600);
    expect(after.rows.map((r) => r.id)).not.toContain(victim);
  });
});

describe('search tokens', () => {
  it('index every neighbouring pair of letters or digits, and the last character of each run alone', () => {
    expect(searchTokens('噪音扰民', null, 'A 张', '138')).toBe('噪音 音扰 扰民 民 a 张 13 38 8');
    expect(searchTokens('𠀀𠀁，Ab')).toBe('𠀀𠀁 𠀁 ab b');
  });

  it('look a query up by its pairs, or by its single characters as token prefixes', () => {
    expect(searchMatchExpression(' 幸福小区 ')).toBe('"幸福" AND "福小" AND "小区"');
    expect(searchMatchExpression('"噪音" OR x')).toBe('"噪音" AND "or"');
    expect(searchMatchExpression('张')).toBe('"张"*');
    expect(searchMatchExpression('，。')).toBeNull();
  });
});
