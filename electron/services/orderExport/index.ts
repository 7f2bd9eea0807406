// Exporting a ledger view (the grid's filter, sort and visible columns) as .xlsx or CSV.
import { FIELD_BY_KEY, ORDER_FIELDS, type OrderFieldKey } from '../../../shared/fields';
import type { ExportRequest } from '../../../shared/contract/imports';
import { epochMsFromCst, nowCst } from '../../../shared/time';
import { ORDER_COLUMNS, ORDER_FROM, toOrderRow } from '../../ledger/orders';
import { orderByOfSort, whereOfFilter } from '../../ledger/orderPages';
import type { Db } from '../../ledger/open';
import type { OrderRow } from '../../../shared/api';
import { encodeGbk } from './gbk';
import { maskName, maskPhone, maskPhonesInText } from './mask';
import { XlsxSheetWriter, type XlsxCell } from './xlsxWriter';

export { encodeGbk } from './gbk';
export { maskName, maskPhone, maskPhonesInText } from './mask';

export interface ExportResult {
  fileName: string;
  bytes: Uint8Array;
  rows: number;
}

const FREE_TEXT: ReadonlySet<string> = new Set(['title', 'content', 'address', 'replyContent', 'note']);

/** The text of one exported cell, masked when asked. */
export function exportText(key: OrderFieldKey, row: OrderRow, mask: boolean): string {
  const raw = key === 'unitId' ? row.unitName : (row[key as keyof OrderRow] as string | number | null);
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
  const msAsUtc = epochMsFromCst(ts) + 8 * 3600 * 1000;
  return msAsUtc / 86_400_000 + 25569;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function exportOrders(db: Db, req: ExportRequest): ExportResult {
  const keys = (req.columns.length > 0 ? req.columns : ORDER_FIELDS.map((f) => f.key)) as OrderFieldKey[];
  const where = whereOfFilter(req.filter);
  const orderBy = orderByOfSort(req.sort);
  const total = (db.prepare(`SELECT count(*) AS n FROM ${ORDER_FROM} WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
  const rows = db.prepare(`SELECT ${ORDER_COLUMNS} FROM ${ORDER_FROM} WHERE ${where.sql} ORDER BY ${orderBy}`).iterate(...where.params) as Iterable<Record<string, string | number | null>>;
  const now = nowCst();
  const stamp = now.slice(0, 16).replace(/[-:]/g, '').replace(' ', '-');
  const headers = keys.map((k) => FIELD_BY_KEY[k].label);
  let count = 0;
  if (req.format === 'csv') {
    const lines: string[] = [headers.map(csvField).join(',')];
    for (const r of rows) {
      const row = toOrderRow(r);
      lines.push(keys.map((k) => csvField(guardFormula(exportText(k, row, req.mask)))).join(','));
      count++;
    }
    const text = `${lines.join('\r\n')}\r\n`;
    const bytes = req.encoding === 'gbk' ? encodeGbk(text).bytes : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    return { fileName: `工单台账_${stamp}${req.encoding === 'gbk' ? '_GBK' : ''}.csv`, bytes, rows: count };
  }
  const writer = new XlsxSheetWriter({
    title: req.title ?? `工单台账（${now.slice(0, 16)} 导出，共 ${total} 件${req.mask ? '，已隐去来电人信息' : ''}）`,
    headers,
    widths: keys.map((k) => Math.max(8, Math.min(60, Math.round(FIELD_BY_KEY[k].width / 7)))),
    sheetName: '工单台账',
  });
  for (const r of rows) {
    const row = toOrderRow(r);
    writer.addRow(keys.map((k): XlsxCell => {
      const def = FIELD_BY_KEY[k];
      const value = row[k as keyof OrderRow];
      if (def.type === 'datetime' && typeof value === 'string') return { t: 'date', serial: excelSerialOfCst(value) };
      const text = exportText(k, row, req.mask);
      return text === '' ? null : { t: 'text', v: text };
    }));
    count++;
  }
  return { fileName: `工单台账_${stamp}.xlsx`, bytes: writer.finish(), rows: count };
}
