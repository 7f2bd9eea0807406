// The table as an .xlsx in the layout of the bulletins' attachments: a title, the column groups
// merged over their columns (办结得分（35分）over 工单数 and 得分), group headings (镇街/部门),
// total rows, thin borders, SimSun. Shared: the page builds it in the browser (both transports),
// `hotline stats --xlsx FILE` in Node.
import type ExcelJS from 'exceljs';
import { formatCell, type StatsResult } from '../contract/stats';

export interface SheetLine {
  kind: 'group' | 'row' | 'total';
  cells: string[];
}

/** The printed lines of the table (after the header), in the scheme's layout. */
export function tableLines(r: StatsResult): SheetLine[] {
  const s = r.settings;
  const lines: SheetLine[] = [];
  const cellsOf = (cols: { value: number | string | null }[]) => cols.map((c, i) => formatCell(r.columns[i], c.value));
  const totalOf = (kind: 'town' | 'dept' | 'all'): SheetLine | null => {
    const g = r.groups.find((x) => x.kind === kind);
    return g ? { kind: 'total', cells: [...(s.serial ? [''] : []), s.totalLabel, ...cellsOf(g.columns)] } : null;
  };
  const groups: ('town' | 'dept' | 'all')[] = s.groupByKind ? [...s.groupOrder] : ['all'];
  for (const g of groups) {
    const rows = r.rows.filter((x) => g === 'all' || x.kind === g);
    if (rows.length === 0) continue;
    if (g !== 'all') lines.push({ kind: 'group', cells: [s.groupLabels[g]] });
    const total = s.totals === 'perGroup' && g !== 'all' ? totalOf(g) : null;
    if (total && s.totalPosition === 'top') lines.push(total);
    rows.forEach((row, i) => {
      const name = row.parent && s.subUnits === 'withParent' ? `　${row.unit}` : row.unit;
      lines.push({ kind: 'row', cells: [...(s.serial ? [String(row.rank ?? i + 1)] : []), name, ...cellsOf(row.columns)] });
    });
    if (total && s.totalPosition === 'bottom') lines.push(total);
  }
  if (s.totals === 'overall' || (s.totals === 'perGroup' && !s.groupByKind)) {
    const total = totalOf('all');
    if (total) lines.push(total);
  }
  return lines;
}

export async function statsWorkbookBytes(r: StatsResult): Promise<ArrayBuffer> {
  const mod = await import('exceljs');
  const Workbook = (mod.default ?? mod).Workbook as typeof ExcelJS.Workbook;
  const wb = new Workbook();
  const ws = wb.addWorksheet('统计表', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const s = r.settings;
  const lead = s.serial ? ['序号', s.unitLabel] : [s.unitLabel];
  const width = lead.length + r.columns.length;
  const font = { name: '宋体', size: 11 };
  const border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } } as const;
  ws.addRow([s.title.replace('{period}', r.period.label)]);
  ws.mergeCells(1, 1, 1, width);
  ws.getCell(1, 1).font = { name: '方正小标宋简体', size: 16, bold: true };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  const hasGroups = r.columns.some((c) => c.group);
  const top = ws.addRow([...lead, ...r.columns.map((c) => c.group ?? c.label)]).number;
  if (hasGroups) {
    const second = ws.addRow([...lead, ...r.columns.map((c) => c.label)]).number;
    for (let c = 1; c <= lead.length; c++) ws.mergeCells(top, c, second, c);
    // Merge each run of columns under the same group; a column without a group spans both rows.
    let c = 0;
    while (c < r.columns.length) {
      const g = r.columns[c].group;
      let end = c;
      while (g && end + 1 < r.columns.length && r.columns[end + 1].group === g) end++;
      const col = lead.length + c + 1;
      if (!g) ws.mergeCells(top, col, second, col);
      else if (end > c) ws.mergeCells(top, col, top, lead.length + end + 1);
      c = end + 1;
    }
  }
  const headerRows = hasGroups ? 2 : 1;
  for (let rr = top; rr < top + headerRows; rr++) {
    ws.getRow(rr).eachCell((cell) => { cell.font = { ...font, bold: true }; cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }; cell.border = border; });
  }
  for (const line of tableLines(r)) {
    const row = ws.addRow(line.cells);
    if (line.kind === 'group') ws.mergeCells(row.number, 1, row.number, width);
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      cell.font = { ...font, bold: line.kind !== 'row' };
      cell.border = border;
      cell.alignment = { horizontal: c === (s.serial ? 2 : 1) || line.kind === 'group' ? 'left' : 'center', vertical: 'middle', wrapText: true };
    }
  }
  ws.columns.forEach((col, i) => { col.width = i === (s.serial ? 1 : 0) ? 28 : i === 0 && s.serial ? 6 : 12; });
  ws.views = [{ state: 'frozen', ySplit: top + headerRows - 1 }];
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer;
}
