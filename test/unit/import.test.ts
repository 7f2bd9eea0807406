// Importing the city platform's spreadsheets into a real ledger.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempLedger, type TempLedger } from '../fixtures/makeLedger';
import {
  csvGbk, csvUtf8, csvUtf8Bom, mergedHeaderRows, platformRows, workbookBytes,
} from '../fixtures/makeImportFixtures';
import type { OrderRow } from '../../shared/api';

let t: TempLedger;

const upload = (fileName: string, bytes: Buffer) => ({ fileName, base64: bytes.toString('base64') });

function allOrders(): OrderRow[] {
  return t.call('orders.page', { startRow: 0, endRow: 1000, sort: [{ colId: 'orderNo', sort: 'asc' }], filter: {} }).rows;
}

function byNo(no: string): OrderRow {
  const o = allOrders().find((x) => x.orderNo === no);
  if (!o) throw new Error(`no order ${no}`);
  return o;
}

beforeEach(() => {
  t = makeTempLedger();
  t.call('units.create', { name: '城关镇' });
  t.call('units.create', { name: '县市场监督管理局', aliases: ['市场局'] });
  t.call('units.create', { name: '县住房和城乡建设局' });
});
afterEach(() => t.close());

describe('preview of a county export', () => {
  it('finds the header under the title row, maps the platform words, and writes nothing', () => {
    const p = t.call('imports.preview', { file: upload('宁强2月.xlsx', workbookBytes(platformRows())) });
    expect(p.headerRow).toBe(2);
    expect(p.counts).toEqual({ new: 4, changed: 0, unchanged: 0, rejected: 0 });
    const mapped = Object.fromEntries(p.columns.map((c) => [c.header, c.target]));
    expect(mapped).toMatchObject({ 工单号: 'orderNo', 来电时间: 'receivedAt', 工单来源: 'channel', 一级业务分类: 'category', 主办单位: 'unitId', 来电人身份证号: null });
    expect(p.unknowns.map((u) => [u.field, u.name, u.action, u.kind])).toEqual([
      ['category', '新能源汽车类', 'create', null],
      ['unitId', '新区管委会', 'create', 'dept'],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))) as never);
    expect(allOrders()).toHaveLength(0);
    expect(t.call('units.list', {}).units.map((u) => u.name)).not.toContain('新区管委会');
  });
});

describe('commit', () => {
  it('keeps 工单编号 and phones as text, turns every date spelling into CST text, and creates unknown units', () => {
    const s = t.call('imports.commit', { file: upload('宁强2月.xlsx', workbookBytes(platformRows())) });
    expect(s).toMatchObject({ inserted: 4, updated: 0, unchanged: 0, rejectedRows: 0 });
    expect(s.created.units).toEqual(['新区管委会']);
    expect(s.created.categories).toEqual(['新能源汽车类']);
    const a = byNo('202402070001');
    expect(a).toMatchObject({ receivedAt: '2024-02-07 09:05:00', phone: '13812345678', unitName: '城关镇', visitResult: '满意', channel: '12345热线电话' });
    expect(byNo('202402070002')).toMatchObject({ receivedAt: '2024-02-07 10:30:00', channel: '微信公众号', unitName: '县市场监督管理局', phone: '0916-3212345' });
    expect(byNo('00123')).toMatchObject({ receivedAt: '2024-02-08 00:00:00', visitResult: '基本满意' });
    // 办理时限 given as a day is the due time at the end of that day.
    expect(byNo('202402080004')).toMatchObject({ dueAt: '2024-02-20 23:59:59', unitName: '新区管委会', category: '新能源汽车类' });
    const batches = t.call('imports.batches', {}).batches;
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ fileName: '宁强2月.xlsx', inserted: 4, createdUnits: ['新区管委会'] });
    expect(batches[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes nothing when the same file comes twice', () => {
    const file = upload('a.xlsx', workbookBytes(platformRows()));
    t.call('imports.commit', { file });
    const before = allOrders();
    const auditCount = () => (t.ledger.db.prepare(`SELECT count(*) AS n FROM audit_log WHERE entity = 'order'`).get() as { n: number }).n;
    const audits = auditCount();
    const s = t.call('imports.commit', { file });
    expect(s).toMatchObject({ inserted: 0, updated: 0, unchanged: 4, rejectedRows: 0 });
    expect(s.created).toEqual({ units: [], categories: [], values: [] });
    expect(allOrders()).toEqual(before);
    expect(auditCount()).toBe(audits);
    const p = t.call('imports.preview', { file });
    expect(p.earlierBatches).toHaveLength(2);
  });

  it('updates only what a newer export changes and keeps what the clerk typed by hand', () => {
    t.call('imports.commit', { file: upload('a.xlsx', workbookBytes(platformRows())) });
    const id = byNo('202402070001').id;
    t.call('orders.applyEdits', { edits: [{ id, field: 'note', value: '已电话督办' }, { id, field: 'address', value: '人民路1号' }] });
    const newer = platformRows();
    newer[2][10] = '不满意';
    const p = t.call('imports.preview', { file: upload('b.xlsx', workbookBytes(newer)) });
    expect(p.counts).toEqual({ new: 0, changed: 1, unchanged: 3, rejected: 0 });
    expect(p.changed[0]).toMatchObject({ orderNo: '202402070001', fields: [{ field: 'visitResult', oldValue: '满意', newValue: '不满意' }] });
    t.call('imports.commit', { file: upload('b.xlsx', workbookBytes(newer)) });
    expect(byNo('202402070001')).toMatchObject({ visitResult: '不满意', note: '已电话督办', address: '人民路1号' });
  });

  it('undo restores every order the batch touched and removes the ones it created', () => {
    t.call('imports.commit', { file: upload('a.xlsx', workbookBytes(platformRows())) });
    const first = allOrders();
    const newer = platformRows();
    newer[2][10] = '不满意';
    newer.push(['202402090005', '2024-02-09 08:00:00', '12345热线电话', '投诉', '城市管理类', '占道经营', '钱七', '13600003333', '城关镇', '5个工作日', '', '']);
    const s = t.call('imports.commit', { file: upload('b.xlsx', workbookBytes(newer)) });
    expect(s).toMatchObject({ inserted: 1, updated: 1 });
    // The new order's history says which import created it (one row for the batch's new orders).
    const created = t.call('orders.get', { id: byNo('202402090005').id }).history;
    expect(created).toEqual([expect.objectContaining({ action: 'create', source: 'import', newValue: '导入 b.xlsx：批量新建 1 件工单' })]);
    // The older batch cannot be undone while a later one changed the same orders.
    expect(() => t.call('imports.undo', { batchId: s.batch! - 1 })).toThrow(/请先撤销批次/);
    expect(t.call('imports.undo', { batchId: s.batch! })).toEqual({ restored: 1, removed: 1, kept: 0 });
    expect(allOrders()).toEqual(first.map((o) => ({ ...o, updatedAt: expect.any(String) })));
    expect(t.call('imports.batches', {}).batches[0].undoneAt).not.toBeNull();
    expect(() => t.call('imports.undo', { batchId: s.batch! })).toThrow(/已于/);
    // Importing the undone file again brings the removed order back.
    const again = t.call('imports.commit', { file: upload('b.xlsx', workbookBytes(newer)) });
    expect(again).toMatchObject({ inserted: 0, updated: 2 });
    expect(byNo('202402090005').deleted).toBe(false);
  });

  it('--strict refuses unknown units and values instead of creating them', () => {
    const s = t.call('imports.commit', { file: upload('a.xlsx', workbookBytes(platformRows())), strict: true });
    expect(s.inserted).toBe(3);
    expect(s.rejected).toEqual([
      expect.objectContaining({ row: 6, column: '一级业务分类' }),
      expect.objectContaining({ row: 6, column: '主办单位', message: expect.stringContaining('新区管委会') }),
    ]);
    expect(s.created.units).toEqual([]);
  });

  it('maps an unknown unit to an existing one and remembers it as an alias', () => {
    const s = t.call('imports.commit', {
      file: upload('a.xlsx', workbookBytes(platformRows())),
      decisions: [{ field: 'unitId', name: '新区管委会', action: 'map', target: '城关镇' }],
    });
    expect(s.created.units).toEqual([]);
    expect(byNo('202402080004').unitName).toBe('城关镇');
    expect(t.call('units.list', {}).units.find((u) => u.name === '城关镇')!.aliases).toContain('新区管委会');
  });

  it('a column mapped by hand is imported and the mapping can be saved and reused', () => {
    const rows = platformRows();
    rows[1][11] = '处理备注';
    const file = upload('a.xlsx', workbookBytes(rows));
    const p = t.call('imports.preview', { file });
    expect(p.columns.find((c) => c.header === '处理备注')!.target).toBeNull();
    t.call('imports.commit', { file, mapping: { 处理备注: 'note' }, saveMappingAs: '宁强平台' });
    expect(byNo('202402070001').note).toBe('610725199001010011');
    expect(t.call('imports.mappings', {}).mappings).toEqual([expect.objectContaining({ name: '宁强平台', mapping: { 处理备注: 'note' } })]);
    const again = t.call('imports.preview', { file });
    expect(again.columns.find((c) => c.header === '处理备注')).toMatchObject({ target: 'note', source: 'saved' });
  });
});

describe('other formats', () => {
  it.each([
    ['utf8.csv', csvUtf8],
    ['utf8-bom.csv', csvUtf8Bom],
    ['gbk.csv', csvGbk],
  ])('CSV %s: text stays text, encoding detected', (name, make) => {
    const s = t.call('imports.commit', { file: upload(name, make()) });
    expect(s).toMatchObject({ inserted: 4, rejectedRows: 0 });
    expect(byNo('00123')).toMatchObject({ caller: '王五', unitName: '县住房和城乡建设局', content: '拖欠工资' });
    expect(byNo('202402070001').phone).toBe('13812345678');
  });

  it('a legacy .xls (BIFF8) reads like the .xlsx', () => {
    const s = t.call('imports.commit', { file: upload('宁强2月.xls', workbookBytes(platformRows(), 'biff8')) });
    expect(s).toMatchObject({ inserted: 4, rejectedRows: 0 });
    expect(byNo('202402070001')).toMatchObject({ receivedAt: '2024-02-07 09:05:00', phone: '13812345678' });
  });

  it('a header over two merged rows', () => {
    const { rows, merges } = mergedHeaderRows();
    const s = t.call('imports.commit', { file: upload('merged.xlsx', workbookBytes(rows, 'xlsx', merges)) });
    expect(s).toMatchObject({ inserted: 2, rejectedRows: 0 });
    expect(byNo('MH0002')).toMatchObject({ visitResult: '不满意', visitResolved: '未解决', visitProcess: '基本满意', unitName: '县住房和城乡建设局' });
  });
});

describe('rejected rows', () => {
  it('names the row, the column and the reason, and imports the rest', () => {
    const rows = platformRows();
    rows[2][1] = '2024-13-45';
    rows[3][0] = { t: 'n', v: 1.8e17 } as never;
    rows[4][8] = '';
    rows.push(['202402070001', '2024-02-09 08:00:00']);
    const s = t.call('imports.commit', { file: upload('a.xlsx', workbookBytes(rows)) });
    expect(s.inserted).toBe(2);
    expect(s.rejected).toEqual([
      { row: 3, column: '来电时间', message: expect.stringContaining('不是有效的日期时间') },
      { row: 4, column: '工单号', message: expect.stringContaining('末尾几位已经丢失') },
      { row: 7, column: '工单号', message: '工单编号 202402070001 与第 3 行重复' },
    ]);
  });
});

describe('the order’s life from the platform’s columns', () => {
  it('办理时限, 延期至, 重办次数, 退单次数, 逾期退单 and 告警次数 land in the deadline fields and the due time follows', () => {
    const rows = [
      ['工单编号', '受理时间', '承办单位', '办理时限', '延期至', '重办次数', '退单次数', '逾期退单', '告警次数', '回访来源'],
      ['LF0001', '2024-02-07 09:00:00', '城关镇', '5个工作日', '', '', '', '', '', '县级回访'],
      ['LF0002', '2024-02-07 09:00:00', '城关镇', '5个工作日', '2024-03-01', '2', '1', '是', '3', '市级抽访'],
    ];
    const s = t.call('imports.commit', { file: upload('life.xlsx', workbookBytes(rows)) });
    expect(s).toMatchObject({ inserted: 2, rejectedRows: 0, warnings: [] });
    const life = (no: string) => t.ledger.db.prepare(
      `SELECT time_limit, extended_due_at, effective_due_at, rework_count, return_count, late_return_count, alert_count, visit_source FROM orders WHERE order_no = ?`,
    ).get(no);
    // Spring Festival 2024: 5 working days from 2024-02-07 end on 2024-02-20.
    expect(life('LF0001')).toMatchObject({ time_limit: '5个工作日', effective_due_at: '2024-02-20 23:59:59', rework_count: 0, alert_count: 0, visit_source: 'county' });
    expect(life('LF0002')).toMatchObject({
      extended_due_at: '2024-03-01 23:59:59', effective_due_at: '2024-03-01 23:59:59', rework_count: 2, return_count: 1, late_return_count: 1, alert_count: 3, visit_source: 'city',
    });
  });
});

describe('undo after the clerk edited an imported order', () => {
  it('keeps the clerk’s later value of a field the import also changed, and says so', () => {
    t.call('imports.commit', { file: upload('a.xlsx', workbookBytes(platformRows())) });
    const newer = platformRows();
    newer[2][10] = '不满意';
    newer[2][5] = '夜间烧烤噪音扰民（补充）';
    const s = t.call('imports.commit', { file: upload('b.xlsx', workbookBytes(newer)) });
    const id = byNo('202402070001').id;
    t.call('orders.applyEdits', { edits: [{ id, field: 'visitResult', value: '基本满意' }] });
    expect(t.call('imports.undo', { batchId: s.batch! })).toEqual({ restored: 1, removed: 0, kept: 1 });
    expect(byNo('202402070001')).toMatchObject({ visitResult: '基本满意', content: '夜间烧烤噪音扰民' });
  });
});

describe('a category the ledger spells differently', () => {
  it('mapped once to an existing value, it is remembered for the next file', () => {
    const decisions = [{ field: 'category' as const, name: '新能源汽车类', action: 'map' as const, target: '城市管理类' }];
    t.call('imports.commit', { file: upload('a.xlsx', workbookBytes(platformRows())), decisions });
    expect(byNo('202402080004').category).toBe('城市管理类');
    expect(t.call('dictionaries.get', {}).category).not.toContain('新能源汽车类');
    const rows = platformRows();
    rows[5][0] = '202402080009';
    const p = t.call('imports.preview', { file: upload('b.xlsx', workbookBytes(rows)) });
    expect(p.unknowns.map((u) => u.name)).toEqual([]);
    expect(p.counts.new).toBe(1);
  });
});
