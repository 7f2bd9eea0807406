// The attachment tables as .xlsx in the sample's layout: a merged title row, the subtitle,
// header rows with their spans, group captions across the table, 小计/合计 rows, thin borders.
import ExcelJS from 'exceljs';
import type { AttachmentTable } from '../../../shared/bulletin/model';

const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

function addSheet(wb: ExcelJS.Workbook, t: AttachmentTable, name: string): void {
  const ws = wb.addWorksheet(name.slice(0, 31), { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const n = t.columns.length;
  ws.columns = t.columns.map((c) => ({ width: Math.max(6, Math.round(c.width * 2.2)) }));
  let r = 1;
  ws.mergeCells(r, 1, r, n);
  Object.assign(ws.getCell(r, 1), { value: t.title });
  ws.getCell(r, 1).font = { name: '方正小标宋简体', size: 18 };
  ws.getCell(r, 1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.getRow(r).height = 36;
  r++;
  if (t.subtitle) {
    ws.mergeCells(r, 1, r, n);
    ws.getCell(r, 1).value = t.subtitle;
    ws.getCell(r, 1).font = { name: '楷体_GB2312', size: 12 };
    ws.getCell(r, 1).alignment = { horizontal: 'center' };
    r++;
  }
  const headerStart = r;
  const occupied = new Set<string>();
  t.header.forEach((cells, hr) => {
    let col = 1;
    for (const c of cells) {
      while (occupied.has(`${r}:${col}`)) col++;
      const span = c.colSpan ?? 1;
      const rows = c.rowSpan ?? 1;
      if (span > 1 || rows > 1) ws.mergeCells(r, col, r + rows - 1, col + span - 1);
      for (let a = 0; a < rows; a++) for (let b = 0; b < span; b++) occupied.add(`${r + a}:${col + b}`);
      ws.getCell(r, col).value = c.text;
      col += span;
    }
    for (let col2 = 1; col2 <= n; col2++) {
      const cell = ws.getCell(r, col2);
      cell.font = { name: '黑体', size: 11 };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
    }
    void hr;
    r++;
  });
  ws.views = [{ state: 'frozen', ySplit: r - 1 }];
  ws.pageSetup.printTitlesRow = `${headerStart}:${r - 1}`;
  const numeric = (s: string) => /^-?\d+(\.\d+)?$/.test(s);
  const putRow = (values: string[], bold: boolean) => {
    values.forEach((v, i) => {
      const cell = ws.getCell(r, i + 1);
      cell.value = numeric(v) ? Number(v) : v;
      cell.font = { name: '仿宋_GB2312', size: 11, bold };
      cell.alignment = { horizontal: t.columns[i]?.align ?? 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
    });
    r++;
  };
  for (const g of t.groups) {
    if (g.caption) {
      ws.mergeCells(r, 1, r, n);
      ws.getCell(r, 1).value = g.caption;
      ws.getCell(r, 1).font = { name: '黑体', size: 11 };
      for (let c = 1; c <= n; c++) ws.getCell(r, c).border = BORDER;
      r++;
    }
    for (const row of g.rows) putRow(row, false);
    if (g.total) putRow(g.total, true);
  }
  if (t.total) putRow(t.total, true);
}

/** The .xlsx bytes: one sheet per attachment (附件1, 附件2 …). */
export async function xlsxOfAttachments(tables: AttachmentTable[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '12345热线台账';
  if (tables.length === 0) wb.addWorksheet('附件');
  tables.forEach((t, i) => addSheet(wb, t, tables.length === 1 ? '附件' : `附件${i + 1}`));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
