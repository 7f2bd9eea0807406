// Files that cannot be imported: a clear Chinese message and a ledger left exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempLedger, type TempLedger } from '../fixtures/makeLedger';
import {
  formulasXlsx, headerOnlyXlsx, hugeCellXlsx, millionRowsCsv, passwordProtectedXlsx, pngAsXlsx, truncatedXlsx, zipBombXlsx,
} from '../fixtures/makeImportFixtures';
import { dispatch } from '../../electron/api/dispatch';

let t: TempLedger;
beforeAll(() => {
  t = makeTempLedger();
  t.call('units.create', { name: '城关镇' });
});
afterAll(() => t.close());

function ledgerState() {
  const db = t.ledger.db;
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    orders: n(`SELECT count(*) AS n FROM orders`),
    units: n(`SELECT count(*) AS n FROM units`),
    audit: n(`SELECT count(*) AS n FROM audit_log`),
    batches: n(`SELECT count(*) AS n FROM import_batches`),
  };
}

const cases: [string, string, () => Buffer, RegExp][] = [
  ['empty', '工单.xlsx', () => Buffer.alloc(0), /是空的/],
  ['wrong type (a picture named .xlsx)', '工单.xlsx', pngAsXlsx, /不是 Excel 表格/],
  ['wrong extension', '工单.pdf', () => Buffer.from('%PDF-1.4'), /不支持的文件类型 \.pdf/],
  ['password-protected', '工单.xlsx', passwordProtectedXlsx, /有密码保护/],
  ['truncated', '工单.xlsx', truncatedXlsx, /不完整/],
  ['zip bomb', '工单.xlsx', zipBombXlsx, /压缩比异常/],
  ['1,000,000 rows', '工单.csv', millionRowsCsv, /超过 300,000 行/],
  ['a 10 MB cell', '工单.xlsx', hugeCellXlsx, /第 3 行第 C 列的内容超过 32767 字/],
  ['formulas', '工单.xlsx', formulasXlsx, /含公式（第 2 行第 C 列）/],
  ['a header and no data', '工单.xlsx', headerOnlyXlsx, /没有数据/],
  ['no header at all', '工单.csv', () => Buffer.from('a,b,c\n1,2,3\n'), /找不到表头/],
];

describe('bad files', () => {
  it.each(cases)('%s: refused with a clear message, ledger untouched', (_name, fileName, make, message) => {
    const before = ledgerState();
    const file = { fileName, base64: make().toString('base64') };
    for (const method of ['imports.preview', 'imports.commit'] as const) {
      const r = dispatch(t.ctx, method, { file });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('bad_file');
        expect(r.error.message).toMatch(message);
      }
    }
    expect(ledgerState()).toEqual(before);
  });
});
