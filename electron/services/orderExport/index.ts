// Exporting a ledger view (the grid's filter, sort and visible columns) as .xlsx or CSV.
//
// The rows are read on a read-only connection of their own inside one read transaction: the
// export sees one consistent snapshot of the ledger although it yields to the event loop while
// exceljs compresses, and the app's own connection stays free for the grid meanwhile (a
// better-sqlite3 connection with an open iterator refuses every other statement).
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { FIELD_BY_KEY, ORDER_FIELDS, type OrderFieldKey } from '../../../shared/fields';
import type { ExportRequest } from '../../../shared/contract/imports';
import { CST_OFFSET_MS, epochMsFromCst, nowCst } from '../../../shared/time';
import { ORDER_FROM } from '../../ledger/orders';
import { orderByOfSort, whereOfFilter } from '../../ledger/orderPages';
import type { Ledger } from '../../ledger/open';
import { encodeGbk } from './gbk';
import { maskName, maskPhone, maskPhonesInText } from './mask';

export { encodeGbk } from './gbk';
export { maskName, maskPhone, maskPhonesInText } from './mask';

export interface ExportResult {
  fileName: string;
  bytes: Uint8Array;
  rows: number;
}

const FREE_TEXT: ReadonlySet<string> = new Set(['title', 'content', 'address', 'replyContent', 'note']);

/** The text of one exported value as the ledger stores it (the unit by its name), masked when asked. */
export function exportText(key: OrderFieldKey, raw: string | number | null | undefined, mask: boolean): string {
  if (raw === null || raw === undefined) return '';
  const text = String(raw);
  if (!mask) return text;
  if (key === 'phone') return maskPhone(text);
  if (key === 'caller') return maskName(text);
  if (FREE_TEXT.has(key)) return maskPhonesInText(text);
  return text;
}

/** A cell starting with = + - @ (or tab, CR) would run as a formula in a spreadsheet: defuse it. */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Excel's serial number of a CST timestamp, so the cell shows the same wall-clock time. */
export function excelSerialOfCst(ts: string): number {
  const msAsUtc = epochMsFromCst(ts) + CST_OFFSET_MS;
  // Whole seconds as a fraction of a day, rounded so the cell reads back as the same second.
  return Math.round((msAsUtc / 86_400_000 + 25569) * 1e10) / 1e10;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

type Cell = string | number | null;

/** The view's rows, each the exported columns' values in the order of the keys (承办单位: the unit's name). */
interface ViewRows {
  rows: Iterable<Cell[]>;
  total: number;
}

/**
 * The view's rows from one snapshot of the ledger; `fn` may await between rows. Only the exported
 * columns are read, as arrays read by position: named rows cost half the read time of 100,000
 * orders, and an object per order built only to be read back cost about a second more.
 */
async function withViewRows<T>(ledger: Ledger, req: ExportRequest, keys: OrderFieldKey[], fn: (view: ViewRows) => Promise<T>): Promise<T> {
  const db = new Database(ledger.path, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.exec('BEGIN');
    const where = whereOfFilter(req.filter);
    const total = (db.prepare(`SELECT count(*) AS n FROM ${ORDER_FROM} WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
    const columns = keys.map((k) => (k === 'unitId' ? 'u.name' : `o.${FIELD_BY_KEY[k].column}`));
    const select = db.prepare(`SELECT ${columns.join(', ')} FROM ${ORDER_FROM} WHERE ${where.sql} ORDER BY ${orderByOfSort(req.sort)}`).raw();
    return await fn({ rows: select.iterate(...where.params) as Iterable<Cell[]>, total });
  } finally {
    db.close(); // ends the read transaction and any iterator still open
  }
}

export async function exportOrders(ledger: Ledger, req: ExportRequest): Promise<ExportResult> {
  const keys = (req.columns.length > 0 ? req.columns : ORDER_FIELDS.map((f) => f.key)) as OrderFieldKey[];
  const now = nowCst();
  const stamp = now.slice(0, 16).replace(/[-:]/g, '').replace(' ', '-');
  const headers = keys.map((k) => FIELD_BY_KEY[k].label);
  if (req.format === 'csv') {
    return withViewRows(ledger, req, keys, async ({ rows }) => {
      const lines: string[] = [headers.map(csvField).join(',')];
      for (const row of rows) {
        lines.push(keys.map((k, c) => csvField(guardFormula(exportText(k, row[c], req.mask)))).join(','));
      }
      const text = `${lines.join('\r\n')}\r\n`;
      const bytes = req.encoding === 'gbk' ? encodeGbk(text).bytes : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
      return { fileName: `工单台账_${stamp}${req.encoding === 'gbk' ? '_GBK' : ''}.csv`, bytes, rows: lines.length - 1 };
    });
  }
  return withViewRows(ledger, req, keys, async (view) => {
    const title = req.title ?? `工单台账（${now.slice(0, 16)} 导出，共 ${view.total} 件${req.mask ? '，已隐去来电人信息' : ''}）`;
    const { bytes, rows: count } = await ordersWorkbook(view, keys, headers, title, req.mask);
    return { fileName: `工单台账_${stamp}.xlsx`, bytes, rows: count };
  });
}

const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
// One object per kind of cell: exceljs caches a style by object identity, so a style shared by
// every cell is serialised once instead of 2,000,000 times.
const STYLE = {
  title: { font: { bold: true, size: 14 }, alignment: { horizontal: 'center', vertical: 'middle' } },
  header: {
    numFmt: '@', font: { bold: true }, border: BORDER, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } },
  },
  // '@' (Text): 工单编号 and phone numbers stay the digits they are when the clerk edits the cell.
  text: { numFmt: '@', border: BORDER, alignment: { vertical: 'top' } },
  date: { numFmt: 'yyyy-mm-dd hh:mm:ss', border: BORDER, alignment: { vertical: 'top' } },
} satisfies Record<string, Partial<ExcelJS.Style>>;

/** Rows written between two turns of the event loop, so the zip stream drains as the sheet grows. */
const ROWS_PER_TURN = 500;

/**
 * The view as a styled .xlsx through exceljs's streaming writer: every row is committed as it is
 * read, so memory holds the compressed file and a few hundred rows, not the sheet.
 */
async function ordersWorkbook({ rows }: ViewRows, keys: OrderFieldKey[], headers: string[], title: string, mask: boolean) {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => { sink.on('end', resolve); sink.on('error', reject); });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  wb.creator = '12345热线台账';
  const ws = wb.addWorksheet('工单台账', {
    pageSetup: {
      paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2',
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页', evenFooter: '&C第 &P 页，共 &N 页' },
    views: [{ state: 'frozen', xSplit: 0, ySplit: 2, topLeftCell: 'A3', activeCell: 'A3' }],
  });
  ws.columns = keys.map((k) => ({ width: Math.max(8, Math.min(60, Math.round(FIELD_BY_KEY[k].width / 7))) }));
  const titleRow = ws.addRow([title]);
  titleRow.height = 28;
  titleRow.getCell(1).style = STYLE.title;
  if (keys.length > 1) ws.mergeCells(1, 1, 1, keys.length);
  titleRow.commit();
  const headerRow = ws.addRow(headers);
  headerRow.height = 20;
  for (let c = 1; c <= keys.length; c++) headerRow.getCell(c).style = STYLE.header;
  headerRow.commit();
  const isDate = keys.map((k) => FIELD_BY_KEY[k].type === 'datetime');
  let count = 0;
  for (const order of rows) {
    const row = ws.addRow([]);
    for (let c = 0; c < keys.length; c++) {
      const cell = row.getCell(c + 1);
      const value = order[c];
      if (isDate[c] && typeof value === 'string') {
        cell.value = excelSerialOfCst(value);
        cell.style = STYLE.date;
        continue;
      }
      const text = exportText(keys[c], value, mask);
      // A string cell is never a formula in exceljs ({formula} objects are), so nothing typed runs.
      if (text !== '') cell.value = text;
      cell.style = STYLE.text;
    }
    row.commit();
    if (++count % ROWS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  ws.commit();
  await wb.commit();
  await finished;
  return { bytes: Buffer.concat(chunks), rows: count };
}
