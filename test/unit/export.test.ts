// Exporting ledger views: round trips through .xlsx and CSV (UTF-8 and GBK), formula injection,
// masking, and what a supervisor sees when opening the .xlsx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { makeTempLedger, type TempLedger } from '../fixtures/makeLedger';
import { ORDER_FIELDS } from '../../shared/fields';
import type { OrderRow } from '../../shared/api';
import { encodeGbk, maskName, maskPhone, maskPhonesInText } from '../../electron/services/orderExport';
import { dispatchAsync } from '../../electron/api/dispatch';

let source: TempLedger;
const TRICKY = {
  content: '=HYPERLINK("http://x","点我")，含逗号,引号"和\n换行',
  title: '-5度低温求助',
  caller: '@张三',
  note: '+86 备注 𠀾',
  phone: '13812345678',
};

function allOrders(t: TempLedger): OrderRow[] {
  const out: OrderRow[] = [];
  for (let start = 0; ; start += 1000) {
    const page = t.call('orders.page', { startRow: start, endRow: start + 1000, sort: [{ colId: 'orderNo', sort: 'asc' }], filter: {} });
    out.push(...page.rows);
    if (out.length >= page.rowCount) return out;
  }
}

/** What a clerk compares: every field, units by name. */
function comparable(rows: OrderRow[]) {
  return rows.map((o) => Object.fromEntries(ORDER_FIELDS.filter((f) => f.key !== 'unitId').map((f) => [f.key, o[f.key as keyof OrderRow]]).concat([['unitName', o.unitName]])));
}

beforeAll(() => {
  source = makeTempLedger();
  source.call('demo.load', { orders: 300 });
  const { order } = source.call('orders.create', {});
  source.call('orders.applyEdits', { edits: Object.entries(TRICKY).map(([field, value]) => ({ id: order.id, field: field as never, value })) });
});
afterAll(() => source.close());

async function exported(input: Parameters<TempLedger['call']>[1] & object) {
  const e = await dispatchAsync(source.ctx, 'imports.export', input);
  if (!e.ok) throw new Error(e.error.message);
  const r = e.value as { fileName: string; base64: string; rows: number };
  return { ...r, bytes: Buffer.from(r.base64, 'base64') };
}

describe('round trips: export → import into an empty ledger → the same orders', () => {
  it.each([
    ['xlsx', { format: 'xlsx' }],
    ['CSV UTF-8', { format: 'csv', encoding: 'utf8' }],
    ['CSV GBK', { format: 'csv', encoding: 'gbk' }],
  ] as const)('%s', async (_name, options) => {
    const file = await exported(options);
    expect(file.rows).toBe(301);
    const target = makeTempLedger();
    try {
      const s = target.call('imports.commit', { file: { fileName: file.fileName, base64: file.bytes.toString('base64') } });
      expect(s.rejected).toEqual([]);
      expect(s.inserted).toBe(301);
      const expected = comparable(allOrders(source));
      // GBK has no 𠀾: it becomes '?', the only difference a GBK file is allowed to make.
      if (options.format === 'csv' && options.encoding === 'gbk') for (const o of expected) if (typeof o.note === 'string') o.note = o.note.replace('𠀾', '?');
      expect(comparable(allOrders(target))).toEqual(expected);
    } finally {
      target.close();
    }
  });
});

describe('the .xlsx a supervisor opens', () => {
  it('has a title row, the header, dates as dates, 工单编号 as text, print setup and frozen header', async () => {
    const file = await exported({ format: 'xlsx', columns: ['orderNo', 'receivedAt', 'unitId', 'content', 'caller', 'phone'], sort: [{ colId: 'receivedAt', sort: 'asc' }] });
    expect(file.fileName).toMatch(/^工单台账_\d{8}-\d{4}\.xlsx$/);
    const wb = XLSX.read(file.bytes, { type: 'buffer', cellNF: true, cellFormula: true });
    const ws = wb.Sheets[wb.SheetNames[0]];
    expect(String(ws.A1.v)).toMatch(/^工单台账（.*共 301 件）$/);
    expect(['A2', 'B2', 'C2', 'D2', 'E2', 'F2'].map((a) => ws[a].v)).toEqual(['工单编号', '受理时间', '承办单位', '诉求内容', '诉求人', '联系电话']);
    const first = allOrders(source).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id - b.id)[0];
    // 工单编号 is a text cell with the Text format, so editing it in Excel keeps every digit.
    expect(ws.A3).toMatchObject({ t: 's', v: first.orderNo, z: '@' });
    expect(ws.B3.t).toBe('n');
    expect(XLSX.SSF.format(ws.B3.z as string, ws.B3.v as number)).toBe(first.receivedAt);
    expect(ws['!merges']).toEqual([{ s: { r: 0, c: 0 }, e: { r: 0, c: 5 } }]);
    // No cell anywhere is a formula.
    expect(Object.keys(ws).filter((k) => !k.startsWith('!') && ws[k].f)).toEqual([]);
    const zip = XLSX.CFB.read(file.bytes, { type: 'buffer' });
    const text = (name: string) => Buffer.from(zip.FileIndex[zip.FullPaths.findIndex((p: string) => p.endsWith(`/${name}`))].content as Uint8Array).toString('utf8');
    const sheet = text('xl/worksheets/sheet1.xml');
    expect(sheet).toContain('state="frozen"');
    expect(sheet).toContain('<pageSetup paperSize="9" orientation="landscape"');
    expect(sheet).toContain('第 &amp;P 页，共 &amp;N 页');
    expect(sheet).toMatch(/<col min="1" max="1" width="\d+"/);
    expect(sheet).toContain('fitToWidth="1" fitToHeight="0"');
    // The header row (row 2) is printed at the top of every page.
    expect(text('xl/workbook.xml')).toMatch(/<definedName name="_xlnm.Print_Titles" localSheetId="0">&apos;工单台账&apos;!\$2:\$2<\/definedName>/);
    const styles = text('xl/styles.xml');
    expect(styles).toContain('<b/>');
    expect(styles).toMatch(/<border><left style="thin">/);
  });

  it('exports only the filtered view, in its sort order', async () => {
    const units = source.call('units.list', {}).units.filter((u) => u.orderCount > 0);
    const unit = units[0];
    const file = await exported({ format: 'csv', filter: { unitIds: [unit.id] }, sort: [{ colId: 'receivedAt', sort: 'desc' }], columns: ['orderNo', 'receivedAt'] });
    expect(file.rows).toBe(unit.orderCount);
    const lines = file.bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('工单编号,受理时间');
    const times = lines.slice(1).map((l) => l.split(',')[1]);
    expect(times).toEqual([...times].sort().reverse());
  });
});

describe('formula injection', () => {
  it('a CSV cell starting with = + - @ gets a leading apostrophe; .xlsx cells stay plain text', async () => {
    const csv = await exported({ format: 'csv', columns: ['orderNo', 'title', 'content', 'caller', 'note'], filter: { text: '13812345678' } });
    const text = csv.bytes.subarray(3).toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""点我"")，含逗号,引号""和\n换行"`);
    expect(text).toContain(",'-5度低温求助,");
    expect(text).toContain(",'@张三,");
    expect(text).toContain(",'+86 备注 𠀾");
    const xlsx = await exported({ format: 'xlsx', columns: ['content'], filter: { text: '13812345678' } });
    const ws = XLSX.read(xlsx.bytes, { type: 'buffer', cellFormula: true }).Sheets['工单台账'];
    expect(ws.A3).toMatchObject({ t: 's', v: TRICKY.content });
    expect(ws.A3.f).toBeUndefined();
  });
});

describe('masking', () => {
  it('masks phones and names and phone numbers inside the text', async () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0916-3212345')).toBe('091****2345');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskPhonesInText('请回电13812345678或15900001111')).toBe('请回电138****5678或159****1111');
    const csv = await exported({ format: 'csv', mask: true, columns: ['caller', 'phone', 'content'] });
    const text = csv.bytes.subarray(3).toString('utf8');
    expect(text).not.toMatch(/1[3-9]\d{9}/);
    expect(text).toContain("'@**,138****5678");
  });
});

describe('GBK', () => {
  it('encodes what GBK has and marks what it lacks', () => {
    const { bytes, unmappable } = encodeGbk('工单A𠀾€');
    expect(new TextDecoder('gbk').decode(bytes)).toBe('工单A?€');
    expect(unmappable).toBe(1);
  });
});

describe('a long export', () => {
  it('reads one snapshot on its own connection: the grid keeps working and a write meanwhile is not half in the file', async () => {
    const t = makeTempLedger();
    try {
      t.call('demo.load', { orders: 1200 });
      const before = t.call('orders.page', { startRow: 0, endRow: 1, sort: [], filter: {} }).rowCount;
      const running = dispatchAsync(t.ctx, 'imports.export', { format: 'xlsx', columns: ['orderNo'] });
      // The export is now paused mid-sheet (it yields every few hundred rows) with its rows still being read.
      expect(t.call('orders.page', { startRow: 0, endRow: 10, sort: [], filter: {} }).rows).toHaveLength(10);
      t.call('orders.create', {});
      const e = await running;
      expect(e.ok).toBe(true);
      if (!e.ok) return;
      const { rows, base64 } = e.value as { rows: number; base64: string };
      expect(rows).toBe(before);
      const ws = XLSX.read(Buffer.from(base64, 'base64'), { type: 'buffer' }).Sheets['工单台账'];
      expect(XLSX.utils.decode_range(ws['!ref']!).e.r + 1).toBe(before + 2);
      expect(t.call('orders.page', { startRow: 0, endRow: 1, sort: [], filter: {} }).rowCount).toBe(before + 1);
    } finally {
      t.close();
    }
  });
});
