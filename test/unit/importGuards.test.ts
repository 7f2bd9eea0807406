// The zip guard in front of SheetJS: it inflates every entry and refuses a zip whose entries
// inflate to more than they declare, are corrupt, or are cut short; SheetJS then reads the bytes
// the guard inflated, for that one read only.
import zlib from 'node:zlib';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it, vi } from 'vitest';
import { readGuardedWorkbook } from '../../electron/services/fileGuards';
import { readRawSheet } from '../../electron/services/orderImport';
import { readSheetRows } from '../../electron/services/spreadsheet';
import { crc32, zipArchive } from '../fixtures/zipArchive';
import { minimalXlsx } from '../fixtures/makeImportFixtures';

const guarded = (fileName: string, bytes: Uint8Array) => readGuardedWorkbook(fileName, bytes, { type: 'buffer', dense: true });

const rows = (n: number) => Array.from({ length: n }, (_, i) =>
  `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>工单${i}</t></is></c><c r="B${i + 1}"><v>${45000 + i}</v></c></row>`).join('');

function packed(data: Buffer, declared = data.length, crc = crc32(data)) {
  return { deflated: zlib.deflateRawSync(data), crc, size: declared };
}

describe('zip guard', () => {
  it('passes an honest workbook, also one whose sheet inflates to many windows', () => {
    const bytes = minimalXlsx(rows(20_000)); // a sheet of about 1.7 MB of XML
    expect(() => guarded('工单.xlsx', bytes)).not.toThrow();
    expect(readRawSheet('工单.xlsx', bytes).rows).toHaveLength(20_000);
  });

  it('refuses an entry that inflates to more than it declares (a lying zip bomb) before inflating it all', () => {
    const sheet = Buffer.alloc(50 * 1024 * 1024, 0x20);
    const bomb = zipArchive([['xl/worksheets/sheet1.xml', packed(sheet, 1000)]]);
    const started = performance.now();
    expect(() => guarded('炸弹.xlsx', bomb)).toThrow(/解压后的大小与声明不符（疑似“压缩炸弹”）/);
    // Refused at the first window past the declared 1,000 bytes, not after inflating 50 MB.
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('refuses an entry that inflates to less than it declares, a wrong CRC, corrupt and truncated deflate data', () => {
    const xml = Buffer.from(`<worksheet><sheetData>${rows(2000)}</sheetData></worksheet>`);
    const broken = /已损坏（压缩包内容不完整或校验不符）/;
    expect(() => guarded('a.xlsx', zipArchive([['s.xml', packed(xml, xml.length + 10)]]))).toThrow(broken);
    expect(() => guarded('a.xlsx', zipArchive([['s.xml', packed(xml, xml.length, (crc32(xml) ^ 1) >>> 0)]]))).toThrow(broken);
    const deflated = zlib.deflateRawSync(xml);
    const flipped = Buffer.from(deflated);
    flipped[Math.floor(flipped.length / 2)] ^= 0x5a;
    flipped[3] ^= 0xff;
    expect(() => guarded('a.xlsx', zipArchive([['s.xml', { deflated: flipped, crc: crc32(xml), size: xml.length }]]))).toThrow(broken);
    const cut = deflated.subarray(0, deflated.length - 40);
    expect(() => guarded('a.xlsx', zipArchive([['s.xml', { deflated: cut, crc: crc32(xml), size: xml.length }]]))).toThrow(broken);
  });
});

/** How many entries of a zip are deflated (from its central directory). */
function deflatedEntries(zip: Buffer): number {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let n = 0;
  for (let i = 0, p = zip.readUInt32LE(end + 16); i < zip.readUInt16LE(end + 10); i++) {
    if (zip.readUInt16LE(p + 10) === 8) n++;
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return n;
}

/** Counts the inflates run during fn: the guard's (a zlib handle each) and SheetJS's (inflateRawSync). */
function inflatesDuring(fn: () => void): { guard: number; sheetJs: number } {
  const guard = vi.spyOn(zlib, 'createInflateRaw');
  const sheetJs = vi.spyOn(zlib, 'inflateRawSync');
  try {
    fn();
    return { guard: guard.mock.calls.length, sheetJs: sheetJs.mock.calls.length };
  } finally {
    guard.mockRestore();
    sheetJs.mockRestore();
  }
}

describe('each entry inflated once', () => {
  const bookOf = (label: string) => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['工单编号', '诉求内容'], ...Array.from({ length: 500 }, (_, i) => [`HC${i}`, `${label}${i}`])]), '工单');
    return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
  };

  it('an order import and a units/adjustments read inflate every deflated entry once, in the guard', () => {
    for (const bytes of [minimalXlsx(rows(5000)), bookOf('内容')]) {
      const n = deflatedEntries(bytes);
      expect(n).toBeGreaterThanOrEqual(5);
      let sheet: unknown[][] = [];
      expect(inflatesDuring(() => { sheet = readRawSheet('工单.xlsx', bytes).rows; })).toEqual({ guard: n, sheetJs: 0 });
      expect(sheet.length).toBeGreaterThan(500);
      expect(inflatesDuring(() => { sheet = readSheetRows('单位.xlsx', bytes); })).toEqual({ guard: n, sheetJs: 0 });
      expect(sheet.length).toBeGreaterThan(500);
    }
  });

  it('a corrupt entry or a bomb is refused by the import before SheetJS inflates anything', () => {
    const xml = Buffer.from(`<?xml version="1.0"?><worksheet><sheetData>${rows(2000)}</sheetData></worksheet>`);
    const flipped = zlib.deflateRawSync(xml);
    flipped[Math.floor(flipped.length / 2)] ^= 0x5a;
    flipped[3] ^= 0xff;
    const corrupt = zipArchive([['xl/worksheets/sheet1.xml', { deflated: flipped, crc: crc32(xml), size: xml.length }]]);
    const bomb = zipArchive([['xl/worksheets/sheet1.xml', packed(Buffer.alloc(4 * 1024 * 1024, 0x20), 1000)]]);
    for (const read of [() => readRawSheet('a.xlsx', corrupt), () => readSheetRows('a.xlsx', corrupt)]) {
      expect(inflatesDuring(() => expect(read).toThrow(/已损坏（压缩包内容不完整或校验不符）/)).sheetJs).toBe(0);
    }
    for (const read of [() => readRawSheet('b.xlsx', bomb), () => readSheetRows('b.xlsx', bomb)]) {
      expect(inflatesDuring(() => expect(read).toThrow(/疑似“压缩炸弹”/)).sheetJs).toBe(0);
    }
  });

  it('keeps nothing after a read: the next file gets its own bytes, also after a read SheetJS gave up half way', () => {
    const a = bookOf('甲');
    const b = bookOf('乙');
    expect(readSheetRows('a.xlsx', a)[1][1]).toBe('甲0');
    expect(readSheetRows('b.xlsx', b)[1][1]).toBe('乙0');
    // SheetJS stops at the second entry (its local header claims encryption) after the guard passed
    // the file and SheetJS took the first entry's bytes from it.
    const stopped = Buffer.from(a);
    const second = stopped.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), 4);
    stopped.writeUInt16LE(stopped.readUInt16LE(second + 6) | 1, second + 6);
    expect(() => readGuardedWorkbook('a.xlsx', stopped, { type: 'buffer' })).toThrow(/encryption/i);
    // A read outside the guard inflates every entry itself: none of the stopped read's entries is left to serve.
    expect(inflatesDuring(() => XLSX.read(a, { type: 'buffer' })).sheetJs).toBe(deflatedEntries(a));
  });
});
