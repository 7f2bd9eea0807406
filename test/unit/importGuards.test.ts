// The zip guard in front of SheetJS: it inflates every entry (keeping none of it) and refuses a
// zip whose entries inflate to more than they declare, are corrupt, or are cut short.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { assertSafeSpreadsheet } from '../../electron/services/fileGuards';
import { readRawSheet } from '../../electron/services/orderImport';
import { crc32, zipArchive } from '../fixtures/zipArchive';
import { minimalXlsx } from '../fixtures/makeImportFixtures';

const rows = (n: number) => Array.from({ length: n }, (_, i) =>
  `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>工单${i}</t></is></c><c r="B${i + 1}"><v>${45000 + i}</v></c></row>`).join('');

function packed(data: Buffer, declared = data.length, crc = crc32(data)) {
  return { deflated: zlib.deflateRawSync(data), crc, size: declared };
}

describe('zip guard', () => {
  it('passes an honest workbook, also one whose sheet inflates to many windows', () => {
    const bytes = minimalXlsx(rows(20_000)); // a sheet of about 1.7 MB of XML
    expect(() => assertSafeSpreadsheet('工单.xlsx', bytes)).not.toThrow();
    expect(readRawSheet('工单.xlsx', bytes).rows).toHaveLength(20_000);
  });

  it('refuses an entry that inflates to more than it declares (a lying zip bomb) before inflating it all', () => {
    const sheet = Buffer.alloc(50 * 1024 * 1024, 0x20);
    const bomb = zipArchive([['xl/worksheets/sheet1.xml', packed(sheet, 1000)]]);
    const started = performance.now();
    expect(() => assertSafeSpreadsheet('炸弹.xlsx', bomb)).toThrow(/解压后的大小与声明不符（疑似“压缩炸弹”）/);
    // Refused at the first window past the declared 1,000 bytes, not after inflating 50 MB.
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('refuses an entry that inflates to less than it declares, a wrong CRC, corrupt and truncated deflate data', () => {
    const xml = Buffer.from(`<worksheet><sheetData>${rows(2000)}</sheetData></worksheet>`);
    const broken = /已损坏（压缩包内容不完整或校验不符）/;
    expect(() => assertSafeSpreadsheet('a.xlsx', zipArchive([['s.xml', packed(xml, xml.length + 10)]]))).toThrow(broken);
    expect(() => assertSafeSpreadsheet('a.xlsx', zipArchive([['s.xml', packed(xml, xml.length, (crc32(xml) ^ 1) >>> 0)]]))).toThrow(broken);
    const deflated = zlib.deflateRawSync(xml);
    const flipped = Buffer.from(deflated);
    flipped[Math.floor(flipped.length / 2)] ^= 0x5a;
    flipped[3] ^= 0xff;
    expect(() => assertSafeSpreadsheet('a.xlsx', zipArchive([['s.xml', { deflated: flipped, crc: crc32(xml), size: xml.length }]]))).toThrow(broken);
    const cut = deflated.subarray(0, deflated.length - 40);
    expect(() => assertSafeSpreadsheet('a.xlsx', zipArchive([['s.xml', { deflated: cut, crc: crc32(xml), size: xml.length }]]))).toThrow(broken);
  });
});
