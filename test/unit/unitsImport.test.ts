// Importing a unit list (.xlsx, .csv in UTF-8 with BOM or GBK) into a real ledger: what lands,
// which rows are refused and why (by sheet row number), and that importing again changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { dispatch } from '../../electron/api/dispatch';
import type { Unit, UnitImportSummary } from '../../shared/api';
import { UNITS_DIR, encodeGbk } from '../fixtures/makeUnitFiles';
import { makeTempLedger, type TempLedger } from '../fixtures/makeLedger';

let t: TempLedger;
beforeEach(() => { t = makeTempLedger(); });
afterEach(() => t.close());

function importBytes(fileName: string, bytes: Buffer): UnitImportSummary {
  return t.call('units.import', { fileName, base64: bytes.toString('base64') });
}
const importFixture = (name: string) => importBytes(name, fs.readFileSync(path.join(UNITS_DIR, name)));
const units = (): Map<string, Unit> => new Map(t.call('units.list', {}).units.map((u) => [u.name, u]));
const auditCount = () => (t.ledger.db.prepare(`SELECT count(*) AS n FROM audit_log`).get() as { n: number }).n;

describe('units import from .xlsx', () => {
  it('reads the list below a title row; refuses bad rows by sheet row number', () => {
    const r = importFixture('units.xlsx');
    expect([...r.created].sort()).toEqual(
      ['城关镇', '县人力资源和社会保障局', '劳动监察大队', '稽查一中队', '县市场监管局', '城关社区', '稽查大队', '县供电公司'].sort(),
    );
    expect(r.updated).toEqual([]);
    expect(r.unchanged).toBe(0);
    expect(r.rejected).toEqual([
      { row: 10, column: '单位名称', message: '单位名称为空' },
      { row: 11, column: '单位类型', message: '单位类型“事业单位”应为“镇街”或“部门”' },
      { row: 12, column: '排序', message: '排序“第一”应为整数' },
      { row: 13, column: '单位名称', message: '单位“城关镇”在文件中重复出现' },
      { row: 14, column: '上级单位', message: '上级单位“县统计委员会”不存在' },
      { row: 15, column: '别名', message: '“市场局”已是单位“县市场监管局”的名称或别名' },
    ]);

    const u = units();
    expect(u.size).toBe(8);
    expect(u.get('城关镇')).toMatchObject({ kind: 'town', parentId: null, aliases: ['城关'], sortOrder: 1 });
    expect(u.get('县人力资源和社会保障局')).toMatchObject({ kind: 'dept', aliases: ['人社局', '县人社局'], sortOrder: 2 });
    expect(u.get('劳动监察大队')).toMatchObject({ kind: 'dept', parentName: '县人力资源和社会保障局', sortOrder: 3 });
    expect(u.get('县市场监管局')).toMatchObject({ aliases: ['县市场监督管理局', '市场局'].sort(), sortOrder: 4 });
    expect(u.get('城关社区')).toMatchObject({ kind: 'town', parentName: '城关镇' });
    expect(u.get('稽查大队')).toMatchObject({ parentName: '县市场监管局' });
    expect(u.get('稽查一中队')).toMatchObject({ parentName: '稽查大队' });
    expect(u.get('县供电公司')).toMatchObject({ kind: 'dept', sortOrder: 9 });
    expect(u.has('县城管局')).toBe(false); // its refused alias took the whole row with it
    // Each created unit is in the audit log, with who imported it.
    expect(t.ledger.db.prepare(`SELECT count(*) AS n FROM audit_log WHERE entity = 'unit' AND action = 'create' AND who = '测试员'`).get()).toEqual({ n: 8 });
  });

  it('importing the same file again changes nothing', () => {
    importFixture('units.xlsx');
    const before = { units: t.call('units.list', {}).units, audits: auditCount() };
    const again = importFixture('units.xlsx');
    expect(again.created).toEqual([]);
    expect(again.updated).toEqual([]);
    expect(again.unchanged).toBe(8);
    expect(again.rejected.map((x) => x.row)).toEqual([10, 11, 12, 13, 14, 15]);
    expect(t.call('units.list', {}).units).toEqual(before.units);
    expect(auditCount()).toBe(before.audits);
  });

  it('reports sheet row numbers when the data does not start in the first row', () => {
    const r = importFixture('units-offset.xlsx');
    expect(r.created).toEqual(['县民政局']);
    expect(r.rejected).toEqual([{ row: 5, column: '排序', message: '排序“第二”应为整数' }]);
  });
});

describe('units import from .csv', () => {
  const expectCsvResult = (r: UnitImportSummary, rejectedRow: number) => {
    expect([...r.created].sort()).toEqual(['东城街道办事处', '县教育局', '县第一中学'].sort());
    expect(r.rejected).toEqual([{ row: rejectedRow, column: '单位类型', message: '单位类型“卫生”应为“镇街”或“部门”' }]);
    const u = units();
    expect(u.get('东城街道办事处')).toMatchObject({ kind: 'town', aliases: ['东城办', '东城街道'].sort(), sortOrder: 1 });
    expect(u.get('县第一中学')).toMatchObject({ kind: 'dept', parentName: '县教育局', sortOrder: 3 });
  };

  it('reads UTF-8 with a BOM', () => {
    expectCsvResult(importFixture('units-utf8-bom.csv'), 5);
  });

  it('reads GBK with a title line above the header', () => {
    const bytes = fs.readFileSync(path.join(UNITS_DIR, 'units-gbk.csv'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow(); // really not UTF-8
    expectCsvResult(importFixture('units-gbk.csv'), 6);
    expect(importFixture('units-gbk.csv')).toMatchObject({ created: [], updated: [], unchanged: 3 });
  });

  it('updates what a later list changes: kind, sort order, new aliases, parent', () => {
    importFixture('units.xlsx');
    const r = importBytes('更新.csv', encodeGbk(['单位名称,单位类型,排序,别名,上级单位', '城关镇,,20,城关街道', '市场局,部门,,,', '劳动监察大队,镇街,,,城关镇'].join('\n')));
    expect(r.rejected).toEqual([]);
    expect([...r.updated].sort()).toEqual(['城关镇', '劳动监察大队'].sort());
    expect(r.unchanged).toBe(1); // 市场局 names 县市场监管局, which is a 部门 already
    const u = units();
    expect(u.get('城关镇')).toMatchObject({ sortOrder: 20, aliases: ['城关', '城关街道'] });
    expect(u.get('劳动监察大队')).toMatchObject({ kind: 'town', parentName: '城关镇' });
  });

  it('understands the words offices use for the kind', () => {
    const csv = ['单位名称,单位类型', '甲镇,乡镇', '乙办,街道办', '丙所,县直部门', '丁局,县直单位', '戊公司,企业', '己处,镇 街', '庚站,事业'].join('\n');
    const r = importBytes('kinds.csv', Buffer.from(csv, 'utf8'));
    const u = units();
    expect([u.get('甲镇')?.kind, u.get('乙办')?.kind, u.get('己处')?.kind]).toEqual(['town', 'town', 'town']);
    expect([u.get('丙所')?.kind, u.get('丁局')?.kind, u.get('戊公司')?.kind]).toEqual(['dept', 'dept', 'dept']);
    expect(r.rejected).toEqual([{ row: 8, column: '单位类型', message: '单位类型“事业”应为“镇街”或“部门”' }]);
  });

  it('finds the columns under the other names offices give them', () => {
    const csv = ['承办单位,类别,主管单位,简称,排序号', '县教育局,部门,,教育局,5', '县第一中学,,县教育局,一中,', '县实验小学,学校,县教育局,,'].join('\n');
    const r = importBytes('名录.csv', Buffer.from(csv, 'utf8'));
    expect(r.created).toEqual(['县教育局', '县第一中学']);
    expect(r.rejected).toEqual([{ row: 4, column: '单位类型', message: '单位类型“学校”应为“镇街”或“部门”' }]);
    expect(units().get('县第一中学')).toMatchObject({ parentName: '县教育局', aliases: ['一中'] });
    expect(units().get('县教育局')).toMatchObject({ sortOrder: 5, aliases: ['教育局'] });
  });

  it('refuses a parent cycle on the row that would make it', () => {
    importFixture('units.xlsx');
    const r = importBytes('cycle.csv', Buffer.from('单位名称,上级单位\n县人力资源和社会保障局,劳动监察大队\n', 'utf8'));
    expect(r.rejected).toEqual([{ row: 2, column: '上级单位', message: '上级单位不能是本单位或其下属单位' }]);
    expect(units().get('县人力资源和社会保障局')?.parentId).toBeNull();
  });
});

describe('files that are not a unit list', () => {
  it.each([
    ['名录.docx', Buffer.from('PK\u0003\u0004whatever'), '不支持的文件类型 .docx'],
    ['名录.xlsx', Buffer.from('这不是一个表格文件'.repeat(50)), '文件已损坏或不是表格文件'],
    ['名录.csv', Buffer.from('名称,类型\n城关镇,镇街\n', 'utf8'), '找不到“单位名称”列'],
    ['名录.csv', Buffer.alloc(0), '是空的'],
  ])('%s is refused with a Chinese message and nothing is written', (fileName, bytes, message) => {
    const audits = auditCount();
    const r = dispatch(t.ctx, 'units.import', { fileName, base64: bytes.toString('base64') });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('bad_file');
      expect(r.error.message).toContain(message);
    }
    expect(units().size).toBe(0);
    expect(auditCount()).toBe(audits);
  });
});
