// The statistics table as .xlsx in the attachment's layout: read back with exceljs as Excel would.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { makeTempDir } from '../fixtures/makeLedger';
import { buildFixtureLedger } from '../fixtures/seeds/build';
import { heshuiSpec, HESHUI_AS_OF, HESHUI_PERIOD } from '../fixtures/seeds/heshui';
import { computeStats } from '../../electron/services/stats/compute';
import { main } from '../../electron/cli';
import { closeLedger, type Ledger } from '../../electron/ledger/open';
import { statsWorkbookBytes } from '../../shared/stats/statsWorkbook';

let ledger: Ledger;
let remove: () => void;
let dir: string;
beforeAll(() => {
  const d = makeTempDir();
  remove = d.remove;
  dir = d.dir;
  ledger = buildFixtureLedger(path.join(d.dir, 'heshui.sqlite3'), heshuiSpec());
});
afterAll(() => { closeLedger(ledger); remove(); });

async function sheetOf(schemeId: string): Promise<ExcelJS.Worksheet> {
  const r = computeStats(ledger.db, { period: HESHUI_PERIOD, asOf: HESHUI_AS_OF, schemeId });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await statsWorkbookBytes(r));
  return wb.worksheets[0];
}

const text = (ws: ExcelJS.Worksheet, row: number) => (ws.getRow(row).values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)));

describe('statistics export', () => {
  it('lays out 合水 as its attachments: title, header, group heading, 合计 first, remarks naming late orders', async () => {
    const ws = await sheetOf('timely');
    expect(text(ws, 1)[0]).toBe('2020年4月政务服务热线转办情况统计表');
    expect(text(ws, 2)).toEqual(['单位名称', '受理量（件）', '限时办结量（件）', '逾期办结量（件）', '逾期未办结量（件）', '限时办结率（%）', '群众对处理结果满意率（%）', '备注']);
    expect(text(ws, 3)[0]).toBe('乡镇');
    expect(ws.getCell('A3').isMerged).toBe(true);
    expect(text(ws, 4)).toEqual(['合计', '18', '16', '2', '0', '85.71%', '92.86%', '']);
    expect(text(ws, 7)).toEqual(['板桥镇', '5', '4', '1', '0', '50.00%', '75.00%', '工单编号：DH202004080005\n超期15天办结']);
    const all = Array.from({ length: ws.rowCount }, (_, i) => text(ws, i + 1)[0]);
    expect(all).toContain('部门');
    expect(all.filter((x) => x === '合计')).toHaveLength(2);
  });

  it('merges a column group over its columns (金台 百分制: 办结得分（35分）)', async () => {
    const ws = await sheetOf('weighted');
    expect(text(ws, 2).slice(0, 4)).toEqual(['序号', '部门名称', '办结得分（35分）', '办结得分（35分）']);
    expect(text(ws, 3).slice(2, 5)).toEqual(['受理工单数', '办结工单数', '得分']);
    expect(ws.getCell('C2').isMerged && ws.getCell('E2').isMerged).toBe(true);
    expect(ws.getCell('A2').isMerged).toBe(true);
    expect(text(ws, 4)[0]).toBe('1');
  });

  it('hotline stats --xlsx FILE writes the same workbook the page exports, and still prints the table', async () => {
    const file = path.join(dir, 'out', '合水 2020-04.xlsx');
    let out = '';
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => { out += String(c); return true; });
    let code: number;
    try {
      code = await main(['stats', '--db', path.join(dir, 'heshui.sqlite3'), '--period', HESHUI_PERIOD, '--as-of', HESHUI_AS_OF, '--scheme', 'timely', '--xlsx', file]);
    } finally {
      o.mockRestore();
    }
    expect(code).toBe(0);
    expect(out).toContain('已输出统计表');
    expect(out).toContain('板桥镇');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(file) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const page = await sheetOf('timely');
    expect(ws.rowCount).toBe(page.rowCount);
    for (let i = 1; i <= ws.rowCount; i++) expect(text(ws, i)).toEqual(text(page, i));
    expect(text(ws, 4)).toEqual(['合计', '18', '16', '2', '0', '85.71%', '92.86%', '']);
  });

  it('refuses an --xlsx name that is not .xlsx (usage, exit 2) and writes nothing', async () => {
    const e = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['stats', '--db', path.join(dir, 'heshui.sqlite3'), '--period', HESHUI_PERIOD, '--xlsx', path.join(dir, 't.csv')])).toBe(2);
    } finally {
      e.mockRestore();
    }
    expect(fs.existsSync(path.join(dir, 't.csv'))).toBe(false);
  });
});
