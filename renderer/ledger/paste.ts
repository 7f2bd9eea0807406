// A block pasted from Excel/WPS lands like in a spreadsheet: from the focused cell rightwards
// and downwards over the displayed columns and rows.
import type { GridApi } from 'ag-grid-community';
import type { OrderRow } from '../../shared/api';
import { isEditableField, FIELD_BY_KEY, type OrderFieldKey } from '../../shared/fields';
import { cellsOfClipboardText } from './tsv';
import type { LooseEdit } from './useLedgerWrites';

export interface PastePlan {
  edits: LooseEdit[];
  /** Cells that cannot take a value at all (read-only column, no row there). */
  skipped: string[];
}

export function pastePlanOf(api: GridApi<OrderRow>, text: string): PastePlan | null {
  const focused = api.getFocusedCell();
  if (!focused || focused.rowIndex == null) return null;
  const cells = cellsOfClipboardText(text);
  if (cells.length === 0) return null;
  const columns = api.getAllDisplayedColumns();
  const startCol = columns.findIndex((c) => c.getColId() === focused.column.getColId());
  const edits: LooseEdit[] = [];
  const skipped: string[] = [];
  cells.forEach((rowCells, r) => {
    const node = api.getDisplayedRowAtIndex(focused.rowIndex + r);
    if (!node?.data) { skipped.push(`第 ${r + 1} 行没有对应的工单`); return; }
    rowCells.forEach((value, c) => {
      const column = columns[startCol + c];
      if (!column) { skipped.push(`第 ${r + 1} 行第 ${c + 1} 列超出表格`); return; }
      const field = column.getColId();
      if (!isEditableField(field)) {
        skipped.push(`${FIELD_BY_KEY[field as OrderFieldKey]?.label ?? field}不可修改`);
        return;
      }
      edits.push({ id: node.data!.id, field, value: value.trim() === '' ? null : value });
    });
  });
  return { edits, skipped };
}
