// `hotline import` and `hotline export` as a clerk runs them.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { main } from '../../electron/cli';
import { makeTempDir } from '../fixtures/makeLedger';
import { headerOnlyXlsx, platformRows, workbookBytes } from '../fixtures/makeImportFixtures';

let dir: string;
let remove: () => void;
let stdout: string;
let stderr: string;

async function run(...argv: string[]): Promise<number> {
  stdout = '';
  stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((c) => { stdout += String(c); return true; });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c) => { stderr += String(c); return true; });
  try {
    return await main(argv);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

beforeEach(() => {
  ({ dir, remove } = makeTempDir());
  fs.writeFileSync(path.join(dir, '宁强2月.xlsx'), workbookBytes(platformRows()));
  fs.writeFileSync(path.join(dir, 'empty.xlsx'), headerOnlyXlsx());
});
afterEach(() => remove());

describe('hotline import', () => {
  it('prints the summary as JSON, creates unknown units, and orders list shows 工单编号 as strings', async () => {
    const db = path.join(dir, 'l.sqlite3');
    expect(await run('import', path.join(dir, '宁强2月.xlsx'), '--db', db, '--map', '来电人身份证号=备注', '--json')).toBe(0);
    const s = JSON.parse(stdout);
    expect(s).toMatchObject({ batch: 1, inserted: 4, updated: 0, unchanged: 0, rejected: [], created: { units: ['城关镇', '市场局', '县住房和城乡建设局', '新区管委会'], categories: ['新能源汽车类'] } });
    expect(await run('orders', 'list', '--db', db, '--json')).toBe(0);
    const orders = JSON.parse(stdout) as { orderNo: unknown; note: unknown }[];
    expect(orders.map((o) => o.orderNo).sort()).toEqual(['00123', '202402070001', '202402070002', '202402080004']);
    expect(orders.find((o) => o.orderNo === '202402070001')!.note).toBe('610725199001010011');
  });

  it('--dry-run writes nothing; --strict refuses unknown units; exit 1 with nothing imported, and no batch is kept', async () => {
    const db = path.join(dir, 'l.sqlite3');
    expect(await run('import', path.join(dir, '宁强2月.xlsx'), '--db', db, '--dry-run', '--json')).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ batch: null, inserted: 4 });
    expect(await run('import', path.join(dir, '宁强2月.xlsx'), '--db', db, '--strict', '--json')).toBe(1);
    expect(JSON.parse(stdout).rejected).toHaveLength(5);
    expect(stderr).toBe('没有导入任何工单\n');
    // All files or none: the bad second file undoes the first.
    expect(await run('import', path.join(dir, '宁强2月.xlsx'), path.join(dir, 'empty.xlsx'), '--db', db)).toBe(1);
    expect(stderr).toMatch(/empty\.xlsx 在表头（第 1 行）之下没有数据/);
    expect(await run('orders', 'list', '--db', db, '--json')).toBe(0);
    expect(JSON.parse(stdout)).toEqual([]);
    expect(await run('import', path.join(dir, '宁强2月.xlsx'), '--db', db, '--map', '身份证=不存在的字段')).toBe(2);
  });
});

describe('hotline export', () => {
  it('writes the period as .xlsx and a unit as GBK CSV, masked when asked', async () => {
    const db = path.join(dir, 'l.sqlite3');
    await run('import', path.join(dir, '宁强2月.xlsx'), '--db', db);
    const xlsx = path.join(dir, 'out.xlsx');
    expect(await run('export', '--db', db, '--out', xlsx, '--period', '2024-02', '--mask')).toBe(0);
    const ws = XLSX.read(fs.readFileSync(xlsx)).Sheets['工单台账'];
    expect(ws.A1.v).toBe('工单台账（2024年2月）');
    const rows = XLSX.utils.sheet_to_json<Record<string, string>>(ws, { range: 1, raw: false });
    expect(rows.map((r) => r['联系电话'])).toContain('138****5678');
    expect(rows.map((r) => r['诉求人'])).toContain('张*');
    const csv = path.join(dir, 'out.csv');
    expect(await run('export', '--db', db, '--out', csv, '--unit', '城关镇', '--encoding', 'gbk', '--json')).toBe(0);
    expect(JSON.parse(stdout).rows).toBe(1);
    expect(new TextDecoder('gb18030').decode(fs.readFileSync(csv))).toMatch(/^工单编号,受理时间,.*\r\n202402070001,2024-02-07 09:05:00,/);
    expect(await run('export', '--db', db, '--out', path.join(dir, 'x.pdf'))).toBe(2);
  });
});
