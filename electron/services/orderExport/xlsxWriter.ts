// A small synchronous, streaming .xlsx writer for one styled sheet. The API's handlers are
// synchronous (one transaction, one envelope) and exceljs's streaming WorkbookWriter is
// asynchronous only, so the sheet is written here, in the same spirit: rows become XML as they
// are read from the ledger and are deflated 500 rows at a time (sync-flushed deflate blocks
// concatenate into one valid stream), so only the compressed sheet is ever held in memory.
// Cells are inline strings, numbers and date serials; a string cell is never a formula, so
// nothing a caller typed can run in Excel.
import zlib from 'node:zlib';

export type XlsxCell = { t: 'text'; v: string } | { t: 'date'; serial: number } | { t: 'number'; v: number } | null;

export interface XlsxSheetOptions {
  title: string;
  headers: string[];
  /** Column widths in characters. */
  widths: number[];
  sheetName: string;
}

const STYLE = { normal: 0, title: 1, header: 2, text: 3, date: 4, number: 5 } as const;

function xmlEscape(text: string): string {
  // Control characters other than tab/newline are not allowed in XML 1.0.
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

export function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A zip entry whose data is already deflated (raw deflate), with its CRC and size. */
interface PackedEntry {
  deflated: Buffer[];
  crc: number;
  size: number;
}

export class XlsxSheetWriter {
  private packed: PackedEntry = { deflated: [], crc: 0, size: 0 };
  private pending: string[] = [];
  private rowIndex = 0;

  constructor(private readonly opts: XlsxSheetOptions) {
    const { widths } = opts;
    this.pack(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
        `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
        `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>` +
        `<sheetViews><sheetView workbookViewId="0"><pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A3" sqref="A3"/></sheetView></sheetViews>` +
        `<sheetFormatPr defaultRowHeight="16"/>` +
        `<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>` +
        `<sheetData>`,
      false,
    );
    this.addRaw([{ t: 'text', v: opts.title }], STYLE.title, 28);
    this.addRaw(opts.headers.map((h) => ({ t: 'text', v: h })), STYLE.header, 20);
  }

  /** Deflates a piece of the sheet; the last piece closes the deflate stream. */
  private pack(xml: string, last: boolean): void {
    const buf = Buffer.from(xml, 'utf8');
    this.packed.crc = crc32(buf, this.packed.crc);
    this.packed.size += buf.length;
    this.packed.deflated.push(zlib.deflateRawSync(buf, { level: 6, finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH }));
  }

  private addRaw(cells: XlsxCell[], style: number | null, height?: number): void {
    const r = ++this.rowIndex;
    let xml = `<row r="${r}"${height ? ` ht="${height}" customHeight="1"` : ''}>`;
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c];
      const ref = `${columnName(c)}${r}`;
      if (cell === null) {
        xml += `<c r="${ref}" s="${style ?? STYLE.text}"/>`;
        continue;
      }
      switch (cell.t) {
        case 'text':
          xml += `<c r="${ref}" s="${style ?? STYLE.text}" t="inlineStr"><is><t xml:space="preserve">${xmlEscape(cell.v)}</t></is></c>`;
          break;
        case 'date':
          xml += `<c r="${ref}" s="${style ?? STYLE.date}"><v>${cell.serial}</v></c>`;
          break;
        case 'number':
          xml += `<c r="${ref}" s="${style ?? STYLE.number}"><v>${cell.v}</v></c>`;
          break;
      }
    }
    this.pending.push(`${xml}</row>`);
    if (this.pending.length >= 500) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.pack(this.pending.join(''), false);
    this.pending = [];
  }

  addRow(cells: XlsxCell[]): void {
    this.addRaw(cells, null);
  }

  get dataRows(): number {
    return this.rowIndex - 2;
  }

  /** The finished .xlsx file. */
  finish(): Buffer {
    this.flush();
    const { headers, sheetName } = this.opts;
    const lastCol = columnName(Math.max(headers.length - 1, 0));
    this.pack(
      `</sheetData>` +
        (headers.length > 1 ? `<mergeCells count="1"><mergeCell ref="A1:${lastCol}1"/></mergeCells>` : '') +
        `<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>` +
        `<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>` +
        `<headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter>` +
        `</worksheet>`,
      true,
    );
    const safeName = xmlEscape(sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Sheet1');
    const files: [string, Buffer | PackedEntry][] = [
      ['[Content_Types].xml', Buffer.from(CONTENT_TYPES)],
      ['_rels/.rels', Buffer.from(ROOT_RELS)],
      ['docProps/app.xml', Buffer.from(APP_XML)],
      ['xl/workbook.xml', Buffer.from(workbookXml(safeName))],
      ['xl/_rels/workbook.xml.rels', Buffer.from(WORKBOOK_RELS)],
      ['xl/styles.xml', Buffer.from(STYLES_XML)],
      ['xl/worksheets/sheet1.xml', this.packed],
    ];
    this.packed = { deflated: [], crc: 0, size: 0 };
    return zipArchive(files);
  }
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`;

const APP_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>12345热线台账</Application></Properties>`;

const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;

function workbookXml(sheetName: string): string {
  // _xlnm.Print_Titles repeats the header row (row 2) on every printed page.
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets><sheet name="${sheetName}" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'${sheetName.replace(/'/g, "''")}'!$2:$2</definedName></definedNames></workbook>`;
}

// Styles: 0 normal, 1 title (bold 14, centred), 2 header (bold, grey, bordered, centred),
// 3 text (bordered, '@'), 4 date (bordered, yyyy-mm-dd hh:mm:ss), 5 number (bordered).
const STYLES_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts><fonts count="3"><font><sz val="11"/><name val="宋体"/><charset val="134"/></font><font><b/><sz val="11"/><name val="宋体"/><charset val="134"/></font><font><b/><sz val="14"/><name val="宋体"/><charset val="134"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFE7E6E6"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf><xf numFmtId="49" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf><xf numFmtId="49" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf><xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf><xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf></cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

export function crc32(buf: Buffer, previous = 0): number {
  const native = (zlib as unknown as { crc32?: (b: Buffer, v?: number) => number }).crc32;
  if (native) return native(buf, previous) >>> 0;
  let c = ~previous;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** A zip archive of the given files, each deflated (or already deflated). */
export function zipArchive(files: [string, Buffer | PackedEntry][]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const entry: PackedEntry = Buffer.isBuffer(data) ? { deflated: [zlib.deflateRawSync(data, { level: 6 })], crc: crc32(data), size: data.length } : data;
    const deflated = Buffer.concat(entry.deflated);
    const crc = entry.crc;
    const size = entry.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(0x0800, 8);
    record.writeUInt16LE(8, 10);
    record.writeUInt16LE(0, 12);
    record.writeUInt16LE(0x21, 14);
    record.writeUInt32LE(crc, 16);
    record.writeUInt32LE(deflated.length, 20);
    record.writeUInt32LE(size, 24);
    record.writeUInt16LE(nameBytes.length, 28);
    record.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, deflated);
    central.push(record, nameBytes);
    offset += 30 + nameBytes.length + deflated.length;
  }
  const cdSize = central.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...central, end]);
}
