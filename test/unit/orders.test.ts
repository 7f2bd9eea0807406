// Work orders on a real ledger: every cell edit is validated as typed, refused edits leave the file
// as it was, applied ones are audited, status follows from the times, deletion is soft.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertOrders, nextLocalOrderNo, applyCellEdits, getOrderRow, type NewOrder } from '../../electron/ledger/orders';
import { insertUnit } from '../../electron/ledger/units';
import { dispatch } from '../../electron/api/dispatch';
import { statusOf } from '../../shared/status';
import { nowCst } from '../../shared/time';
import type { CellEdit, MethodOutput } from '../../shared/api';
import { makeTempLedger, TEST_ACTOR, type TempLedger } from '../fixtures/makeLedger';

let t: TempLedger;
let town: number;
let dept: number;

beforeEach(() => {
  t = makeTempLedger();
  t.ledger.db.transaction(() => {
    town = insertUnit(t.ledger.db, TEST_ACTOR, { name: '城关镇', aliases: ['城关'] });
    dept = insertUnit(t.ledger.db, TEST_ACTOR, { name: '县市场监管局', aliases: ['市场局'] });
  })();
});
afterEach(() => t.close());

function seedOrder(o: Partial<NewOrder> = {}): number {
  const order: NewOrder = { orderNo: `T${Math.random().toString().slice(2, 14)}`, receivedAt: '2024-02-07 09:00:00', ...o };
  return t.ledger.db.transaction(() => insertOrders(t.ledger.db, TEST_ACTOR, [order]))()[0];
}

type EditsOutput = MethodOutput<'orders.applyEdits'>;
function applyEdits(edits: CellEdit[], reason: 'edit' | 'paste' | 'undo' | 'redo' = 'edit'): EditsOutput {
  return t.call('orders.applyEdits', { edits, reason });
}
const edit1 = (id: number, field: CellEdit['field'], value: CellEdit['value']) => applyEdits([{ id, field, value }]);

function auditCount(): number {
  return (t.ledger.db.prepare(`SELECT count(*) AS n FROM audit_log`).get() as { n: number }).n;
}
function rawOrder(id: number) {
  return t.ledger.db.prepare(`SELECT * FROM orders WHERE id = ?`).get(id);
}

/** A refused edit must leave the order's stored row and the audit log exactly as they were. */
function expectRefused(id: number, field: CellEdit['field'], value: CellEdit['value'], message: RegExp | string) {
  const before = rawOrder(id);
  const audits = auditCount();
  const r = edit1(id, field, value);
  expect(r.applied).toEqual([]);
  expect(r.refused).toHaveLength(1);
  expect(r.refused[0]).toMatchObject({ id, field, value });
  if (typeof message === 'string') expect(r.refused[0].message).toContain(message);
  else expect(r.refused[0].message).toMatch(message);
  expect(r.refused[0].message).toMatch(/[\u4e00-\u9fff]/);
  expect(rawOrder(id)).toEqual(before);
  expect(auditCount()).toBe(audits);
}

describe('applyCellEdits: dates', () => {
  it.each([
    ['2024-02-07 10:05:00', '2024-02-07 10:05:00'],
    ['2024/2/7 10:05', '2024-02-07 10:05:00'],
    ['2024.2.7 10:05:30', '2024-02-07 10:05:30'],
    ['2024年2月7日 10时5分', '2024-02-07 10:05:00'],
    ['2024年2月8日', '2024-02-08 00:00:00'],
    ['2024-02-07T10:05', '2024-02-07 10:05:00'],
    ['  2024-2-9   8:00 ', '2024-02-09 08:00:00'],
    ['2024-02-07 10：05', '2024-02-07 10:05:00'], // a Chinese input method's full-width colon
    ['２０２４－０２－０７　１０：０５', '2024-02-07 10:05:00'],
    ['2024年2月7日10点', '2024-02-07 10:00:00'],
    ['2024年2月7日 14时', '2024-02-07 14:00:00'],
  ])('stores %j as CST text %j', (typed, stored) => {
    const id = seedOrder();
    const r = edit1(id, 'repliedAt', typed);
    expect(r.refused).toEqual([]);
    expect(r.applied).toEqual([{ id, field: 'repliedAt', oldValue: null, newValue: stored }]);
    expect(getOrderRow(t.ledger.db, id).repliedAt).toBe(stored);
  });

  it.each(['2024-02-30', '2024-13-01 08:00', '2024-02-07 24:00', '明天', '7/2/2024', '20240207', '2024-02-07 9:61', 'abc', '2024-02-07 10', '2024-02-07 10:', '2024年2月7日25点'])(
    'refuses %j with a Chinese message and changes nothing',
    (typed) => {
      const id = seedOrder();
      expectRefused(id, 'repliedAt', typed, '不是有效的日期时间');
    },
  );

  it('does not depend on the machine time zone', () => {
    const id = seedOrder();
    edit1(id, 'signedAt', '2024/3/10 2:30'); // a time that does not exist in New York (DST starts)
    expect(getOrderRow(t.ledger.db, id).signedAt).toBe('2024-03-10 02:30:00');
  });

  it('refuses an empty 受理时间 but lets other dates be cleared', () => {
    const id = seedOrder({ repliedAt: '2024-02-08 09:00:00' });
    expectRefused(id, 'receivedAt', '  ', '受理时间不能为空');
    const r = edit1(id, 'repliedAt', '');
    expect(r.applied).toEqual([{ id, field: 'repliedAt', oldValue: '2024-02-08 09:00:00', newValue: null }]);
  });
});

describe('applyCellEdits: other field types', () => {
  it('select fields take only dictionary values', () => {
    const id = seedOrder();
    expect(edit1(id, 'channel', '微信公众号').applied).toHaveLength(1);
    expect(edit1(id, 'appealType', '投诉').applied).toHaveLength(1);
    expect(edit1(id, 'category', '城市管理类').applied).toHaveLength(1);
    expect(edit1(id, 'urgency', '紧急').applied).toHaveLength(1);
    expectRefused(id, 'channel', '抖音', '来源渠道“抖音”不在可选值中');
    expectRefused(id, 'urgency', '特急', '紧急程度“特急”不在可选值中');
    expectRefused(id, 'appealType', '投 诉', '不在可选值中');
    expect(getOrderRow(t.ledger.db, id)).toMatchObject({ channel: '微信公众号', appealType: '投诉', category: '城市管理类', urgency: '紧急' });
  });

  it('a value the office added to a dictionary becomes acceptable', () => {
    const id = seedOrder();
    expectRefused(id, 'category', '文旅类', '不在可选值中');
    t.ledger.db.prepare(`INSERT INTO dictionary_entries (kind, name, sort_order) VALUES ('category', '文旅类', 99)`).run();
    expect(edit1(id, 'category', '文旅类').applied).toHaveLength(1);
  });

  it('承办单位 takes a known unit by name, alias or id; the history shows names', () => {
    const id = seedOrder();
    expect(edit1(id, 'unitId', '城关').applied).toEqual([{ id, field: 'unitId', oldValue: null, newValue: town }]);
    expect(getOrderRow(t.ledger.db, id)).toMatchObject({ unitId: town, unitName: '城关镇' });
    expect(edit1(id, 'unitId', dept).applied).toEqual([{ id, field: 'unitId', oldValue: town, newValue: dept }]);
    expect(edit1(id, 'unitId', '市场局').applied).toEqual([]); // the same unit by its alias: no change
    expectRefused(id, 'unitId', '县教育局', '承办单位“县教育局”不在单位名录中');
    expectRefused(id, 'unitId', 9999, '承办单位不存在');
    const history = t.call('orders.get', { id }).history.filter((h) => h.field === 'unitId');
    expect(history.map((h) => [h.oldValue, h.newValue])).toEqual([
      ['城关镇', '县市场监管局'],
      [null, '城关镇'],
    ]);
    expect(history[0].fieldLabel).toBe('承办单位');
  });

  it('联系电话 takes digits and separators only', () => {
    const id = seedOrder();
    expect(edit1(id, 'phone', '0917-1234567').applied).toHaveLength(1);
    expect(edit1(id, 'phone', '138 0013 8000').applied).toHaveLength(1);
    expectRefused(id, 'phone', '张三', '联系电话“张三”只能包含数字');
    expectRefused(id, 'phone', '12', '联系电话');
  });

  it('text is trimmed and stored as typed; long text is refused', () => {
    const id = seedOrder();
    expect(edit1(id, 'content', '  小区门口路灯不亮，已持续一周。\n请尽快维修。  ').applied[0].newValue).toBe('小区门口路灯不亮，已持续一周。\n请尽快维修。');
    const tooLong = '长'.repeat(20_000) + '多';
    const r = dispatch(t.ctx, 'orders.applyEdits', { edits: [{ id, field: 'content', value: tooLong }] });
    expect(r.ok).toBe(false); // the contract refuses it before the ledger sees it
  });
});

describe('applyCellEdits: 工单编号', () => {
  it('keeps an 18-digit number exactly, as text', () => {
    const id = seedOrder();
    const no = '202402070912345678';
    expect(edit1(id, 'orderNo', no).applied).toHaveLength(1);
    expect(getOrderRow(t.ledger.db, id).orderNo).toBe(no);
    const stored = t.ledger.db.prepare(`SELECT order_no, typeof(order_no) AS type FROM orders WHERE id = ?`).get(id);
    expect(stored).toEqual({ order_no: no, type: 'text' });
    // A number that JavaScript cannot hold exactly is refused by the contract rather than rounded.
    const r = dispatch(t.ctx, 'orders.applyEdits', { edits: [{ id, field: 'orderNo', value: 202402070912345679 }] });
    expect(r.ok).toBe(false);
    expect(getOrderRow(t.ledger.db, id).orderNo).toBe(no);
  });

  it('is unique and required, with a Chinese refusal', () => {
    const a = seedOrder({ orderNo: 'DH202402070001' });
    const b = seedOrder({ orderNo: 'DH202402070002' });
    expectRefused(b, 'orderNo', 'DH202402070001', '工单编号 DH202402070001 已存在');
    expectRefused(b, 'orderNo', '', '工单编号不能为空');
    expectRefused(b, 'orderNo', '工单一号', '工单编号“工单一号”只能由字母、数字');
    expect(edit1(a, 'orderNo', 'DH202402070001').applied).toEqual([]); // its own number again: no change, no clash
  });

  it('a 工单编号 one row gives up in a paste may go to another row of the same paste', () => {
    const a = seedOrder({ orderNo: 'A0001' });
    const b = seedOrder({ orderNo: 'B0001' });
    const r = applyEdits([
      { id: a, field: 'orderNo', value: 'B0001' },
      { id: b, field: 'orderNo', value: 'C0001' },
    ], 'paste');
    expect(r.refused).toEqual([]);
    expect(getOrderRow(t.ledger.db, a).orderNo).toBe('B0001');
    expect(getOrderRow(t.ledger.db, b).orderNo).toBe('C0001');
  });

  it('the same new 工单编号 pasted into two rows lands once and is refused once, without an internal error', () => {
    const a = seedOrder({ orderNo: 'A0001' });
    const b = seedOrder({ orderNo: 'B0001' });
    const r = applyEdits([
      { id: a, field: 'orderNo', value: 'X0001' },
      { id: b, field: 'orderNo', value: 'X0001' },
    ], 'paste');
    expect(r.applied.map((x) => x.id)).toEqual([a]);
    expect(r.refused).toEqual([{ id: b, field: 'orderNo', value: 'X0001', message: '工单编号 X0001 已存在' }]);
    expect([getOrderRow(t.ledger.db, a).orderNo, getOrderRow(t.ledger.db, b).orderNo]).toEqual(['X0001', 'B0001']);
  });

  it('numbers may pass along a chain in one paste whatever order the rows are written in', () => {
    const a = seedOrder({ orderNo: 'A0001' });
    const b = seedOrder({ orderNo: 'B0001' });
    // a is touched first, b gives up B0001 second, a takes B0001 last.
    const r = applyEdits([
      { id: a, field: 'caller', value: '张三' },
      { id: b, field: 'orderNo', value: 'C0001' },
      { id: a, field: 'orderNo', value: 'B0001' },
    ], 'paste');
    expect(r.refused).toEqual([]);
    expect([getOrderRow(t.ledger.db, a).orderNo, getOrderRow(t.ledger.db, b).orderNo]).toEqual(['B0001', 'C0001']);
    // A straight swap would need a moment with two equal numbers: both cells are refused, nothing breaks.
    const swap = applyEdits([
      { id: a, field: 'orderNo', value: 'C0001' },
      { id: b, field: 'orderNo', value: 'B0001' },
    ], 'paste');
    expect(swap.refused).toHaveLength(2);
    expect([getOrderRow(t.ledger.db, a).orderNo, getOrderRow(t.ledger.db, b).orderNo]).toEqual(['B0001', 'C0001']);
  });
});

describe('applyCellEdits: audit, status and time order', () => {
  it('appends one audit row per applied edit with old and new values, who and how', () => {
    const id = seedOrder({ caller: '王女士' });
    const before = auditCount();
    const r = applyEdits([
      { id, field: 'caller', value: '李先生' },
      { id, field: 'phone', value: '13800138000' },
      { id, field: 'channel', value: '不存在的渠道' },
    ], 'paste');
    expect(r.applied).toHaveLength(2);
    expect(r.refused).toHaveLength(1);
    const rows = t.ledger.db
      .prepare(`SELECT who, source, action, entity, entity_id, field, old_value, new_value FROM audit_log WHERE id > ? ORDER BY id`)
      .all(0)
      .slice(before);
    expect(rows).toEqual([
      { who: '测试员', source: 'ui', action: 'paste', entity: 'order', entity_id: id, field: 'caller', old_value: '王女士', new_value: '李先生' },
      { who: '测试员', source: 'ui', action: 'paste', entity: 'order', entity_id: id, field: 'phone', old_value: null, new_value: '13800138000' },
    ]);
    // What the renderer gets back is the row as stored now.
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ id, caller: '李先生', phone: '13800138000', channel: null });
  });

  it('the free-text search follows edits of 诉求内容 and 诉求人, and survives edits of other fields', () => {
    const id = seedOrder({ content: '小区门口路灯不亮', caller: '王女士' });
    const found = (text: string) => t.call('orders.page', { startRow: 0, endRow: 10, filter: { text } }).rows.map((r) => r.id);
    expect(found('路灯')).toEqual([id]);
    edit1(id, 'category', '城市管理类');
    edit1(id, 'repliedAt', '2024-02-08 10:00');
    expect(found('路灯')).toEqual([id]);
    applyEdits([{ id, field: 'content', value: '楼道积水严重' }, { id, field: 'caller', value: '赵先生' }], 'paste');
    expect(found('路灯')).toEqual([]);
    expect(found('积水')).toEqual([id]);
    expect(found('赵先生')).toEqual([id]);
  });

  it('an edit to the value already there writes nothing', () => {
    const id = seedOrder({ caller: '王女士' });
    const before = rawOrder(id);
    const audits = auditCount();
    const r = edit1(id, 'caller', ' 王女士 ');
    expect(r).toEqual({ applied: [], refused: [], rows: [] });
    expect(rawOrder(id)).toEqual(before);
    expect(auditCount()).toBe(audits);
  });

  it('status follows from the times and the handling', () => {
    const id = seedOrder({ handling: '转办' });
    const status = () => getOrderRow(t.ledger.db, id).status;
    expect(status()).toBe('待签收');
    edit1(id, 'signedAt', '2024-02-07 10:00');
    expect(status()).toBe('办理中');
    edit1(id, 'repliedAt', '2024-02-09 16:00');
    expect(status()).toBe('已回复');
    edit1(id, 'closedAt', '2024-02-10 09:00');
    expect(status()).toBe('已办结');
    edit1(id, 'closedAt', '');
    expect(status()).toBe('已回复');
    edit1(id, 'handling', '直接答复');
    expect(status()).toBe('直接办结');
    edit1(id, 'handling', '转外地');
    expect(status()).toBe('转外地');
    // The stored status is always what the shared rule says.
    const o = getOrderRow(t.ledger.db, id);
    expect(o.status).toBe(statusOf(o));
  });

  it('refuses times out of order: nothing before 受理, 办结 not before 回复', () => {
    const id = seedOrder({ receivedAt: '2024-02-07 09:00:00', repliedAt: '2024-02-08 10:00:00' });
    expectRefused(id, 'repliedAt', '2024-02-07 08:59', /回复时间（2024-02-07 08:59:00）早于受理时间/);
    expectRefused(id, 'signedAt', '2024-02-06', '签收时间');
    expectRefused(id, 'dueAt', '2024-02-01', '截止时间');
    expectRefused(id, 'closedAt', '2024-02-08 09:00', /办结时间（2024-02-08 09:00:00）早于回复时间/);
    // Moving 受理 after an existing 回复 is refused too.
    expectRefused(id, 'receivedAt', '2024-02-09', '早于受理时间');
    expect(edit1(id, 'closedAt', '2024-02-08 10:00').applied).toHaveLength(1); // the same moment is fine
  });

  it('a pasted row that moves all its times later lands whole, and its undo lands whole', () => {
    const id = seedOrder({ receivedAt: '2024-01-01 09:00:00', repliedAt: '2024-01-02 09:00:00', closedAt: '2024-01-03 09:00:00' });
    const pasted = applyEdits([
      { id, field: 'receivedAt', value: '2024-03-01 09:00' },
      { id, field: 'repliedAt', value: '2024-03-02 09:00' },
      { id, field: 'closedAt', value: '2024-03-03 09:00' },
    ], 'paste');
    expect(pasted.refused).toEqual([]);
    expect(getOrderRow(t.ledger.db, id)).toMatchObject({ receivedAt: '2024-03-01 09:00:00', repliedAt: '2024-03-02 09:00:00', closedAt: '2024-03-03 09:00:00' });
    // Undo sends the old values back, last edit first.
    const undo = applyEdits([...pasted.applied].reverse().map((a) => ({ id: a.id, field: a.field as CellEdit['field'], value: a.oldValue })), 'undo');
    expect(undo.refused).toEqual([]);
    expect(getOrderRow(t.ledger.db, id)).toMatchObject({ receivedAt: '2024-01-01 09:00:00', repliedAt: '2024-01-02 09:00:00', closedAt: '2024-01-03 09:00:00' });
    const actions = t.ledger.db.prepare(`SELECT action FROM audit_log WHERE entity = 'order' AND entity_id = ? AND action <> 'create'`).all(id);
    expect(actions).toEqual([...Array(3).fill({ action: 'paste' }), ...Array(3).fill({ action: 'undo' })]);
  });

  it('a pasted row whose times contradict each other is refused cell by cell, never stored', () => {
    const id = seedOrder({ receivedAt: '2024-01-01 09:00:00' });
    const r = applyEdits([
      { id, field: 'repliedAt', value: '2024-01-05 09:00' },
      { id, field: 'closedAt', value: '2024-01-04 09:00' },
    ], 'paste');
    expect(r.applied.map((a) => a.field)).toEqual(['repliedAt']);
    expect(r.refused.map((a) => a.field)).toEqual(['closedAt']);
    const o = getOrderRow(t.ledger.db, id);
    expect(o.closedAt).toBeNull();
    expect(o.status).toBe('已回复');
  });

  it('edits to an order that does not exist are refused', () => {
    const r = edit1(424242, 'caller', '张三');
    expect(r.refused[0].message).toBe('工单不存在（编号 424242）');
  });
});

describe('soft delete and restore', () => {
  it('marks an order deleted, refuses edits to it, and restores it, each step audited', () => {
    const id = seedOrder({ caller: '王女士' });
    expect(t.call('orders.setDeleted', { ids: [id], deleted: true })).toEqual({ changed: 1 });
    expect(t.call('orders.setDeleted', { ids: [id], deleted: true })).toEqual({ changed: 0 }); // already deleted
    expect(getOrderRow(t.ledger.db, id).deleted).toBe(true);
    expect(t.ledger.db.prepare(`SELECT count(*) AS n FROM orders`).get()).toEqual({ n: 1 }); // nothing removed
    expectRefused(id, 'caller', '李先生', '已删除，请先恢复');
    expect(t.call('app.info', {}).orderCount).toBe(0);

    expect(t.call('orders.setDeleted', { ids: [id], deleted: false })).toEqual({ changed: 1 });
    expect(getOrderRow(t.ledger.db, id)).toMatchObject({ deleted: false, caller: '王女士' });
    expect(edit1(id, 'caller', '李先生').applied).toHaveLength(1);
    const history = t.call('orders.get', { id }).history.map((h) => [h.action, h.oldValue, h.newValue]);
    expect(history).toEqual([
      ['update', '王女士', '李先生'],
      ['restore', 'true', 'false'],
      ['delete', 'false', 'true'],
      ['create', null, expect.any(String)],
    ]);
  });
});

describe('creating orders', () => {
  it('numbers a new order BD + CST date + sequence', () => {
    const today = nowCst().slice(0, 10).replace(/-/g, '');
    const first = t.call('orders.create', {}).order;
    const second = t.call('orders.create', { values: { caller: '赵先生', unitId: '城关镇', channel: '12345网站' } }).order;
    expect(first.orderNo).toBe(`BD${today}0001`);
    expect(second).toMatchObject({ orderNo: `BD${today}0002`, caller: '赵先生', unitId: town, unitName: '城关镇', channel: '12345网站', status: '待签收', deleted: false });
    expect(first.receivedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const created = t.ledger.db.prepare(`SELECT action, new_value FROM audit_log WHERE entity = 'order' AND entity_id = ?`).all(second.id);
    expect(created).toEqual([{ action: 'create', new_value: `BD${today}0002` }]);
  });

  it('nextLocalOrderNo counts per CST day and ignores numbers that do not end in a sequence', () => {
    const db = t.ledger.db;
    expect(nextLocalOrderNo(db, '2024-02-07 23:59:59')).toBe('BD202402070001');
    seedOrder({ orderNo: 'BD202402070001' });
    seedOrder({ orderNo: 'BD202402070007' });
    seedOrder({ orderNo: 'BD202402080001' });
    expect(nextLocalOrderNo(db, '2024-02-07 08:00:00')).toBe('BD202402070008');
    // A clerk may type any number; one that merely starts like ours must not break the sequence.
    seedOrder({ orderNo: 'BD20240207X1' });
    seedOrder({ orderNo: 'bd202402079999' });
    expect(nextLocalOrderNo(db, '2024-02-07 08:00:00')).toBe('BD202402070008');
  });

  it('refuses invalid values and writes nothing', () => {
    const audits = auditCount();
    for (const values of [{ unitId: '不存在的单位' }, { receivedAt: '2024-02-07', repliedAt: '2024-02-06' }, { orderNo: '工单' }]) {
      const r = dispatch(t.ctx, 'orders.create', { values });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('validation');
        expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    expect(t.ledger.db.prepare(`SELECT count(*) AS n FROM orders`).get()).toEqual({ n: 0 });
    expect(auditCount()).toBe(audits);
  });

  it('refuses a duplicate 工单编号 on create', () => {
    seedOrder({ orderNo: '202402070912345678' });
    const r = dispatch(t.ctx, 'orders.create', { values: { orderNo: '202402070912345678' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', message: '工单编号 202402070912345678 已存在' } });
  });

  it('applyCellEdits inside a caller transaction rolls back with it', () => {
    const id = seedOrder({ caller: '王女士' });
    const db = t.ledger.db;
    expect(() =>
      db.transaction(() => {
        applyCellEdits(db, TEST_ACTOR, [{ id, field: 'caller', value: '李先生' }], 'update');
        throw new Error('后续步骤失败');
      })(),
    ).toThrow('后续步骤失败');
    expect(getOrderRow(db, id).caller).toBe('王女士');
  });
});
