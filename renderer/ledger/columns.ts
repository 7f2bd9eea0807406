// The grid's columns, one per order field of shared/fields.ts, with the editor each type needs.
import { createElement } from 'react';
import type { ColDef, ICellRendererParams, ValueSetterParams } from 'ag-grid-community';
import { ORDER_FIELDS, type FieldDef } from '../../shared/fields';
import type { Dictionaries, OrderRow, Unit } from '../../shared/api';

/** Receives a typed or selected value for a cell; the grid shows it only once the ledger accepted it. */
export type CellWriter = (row: OrderRow, field: string, value: string | number | null) => void;

function editorOf(def: FieldDef, dictionaries: Dictionaries, units: readonly Unit[]): Partial<ColDef<OrderRow>> {
  switch (def.type) {
    case 'dict':
      return { cellEditor: 'agSelectCellEditor', cellEditorParams: { values: ['', ...dictionaries[def.dict!]] } };
    case 'unit':
      return {
        cellEditor: 'agSelectCellEditor',
        cellEditorParams: { values: ['', ...units.filter((u) => u.active).map((u) => u.name)] },
      };
    case 'longtext':
      return { cellEditor: 'agLargeTextCellEditor', cellEditorPopup: true, cellEditorParams: { maxLength: 20000, rows: 8, cols: 60 } };
    default:
      return { cellEditor: 'agTextCellEditor' };
  }
}

/** The narrow column that opens an order's detail panel (double-click is the spreadsheet's edit). */
function detailColumn(open: (id: number) => void): ColDef<OrderRow> {
  return {
    colId: 'detail',
    headerName: '',
    width: 64,
    pinned: 'left',
    cellStyle: { paddingLeft: '6px', paddingRight: '6px' },
    sortable: false,
    resizable: false,
    suppressMovable: true,
    cellRenderer: (p: ICellRendererParams<OrderRow>) =>
      p.data ? createElement('button', { type: 'button', className: 'link detail-link', onClick: () => open(p.data!.id) }, '详情') : null,
  };
}

export function columnDefsOf(dictionaries: Dictionaries, units: readonly Unit[], write: CellWriter, open: (id: number) => void): ColDef<OrderRow>[] {
  return [detailColumn(open), ...fieldColumnsOf(dictionaries, units, write)];
}

function fieldColumnsOf(dictionaries: Dictionaries, units: readonly Unit[], write: CellWriter): ColDef<OrderRow>[] {
  return ORDER_FIELDS.map((f) => {
    const def = f as FieldDef;
    const editable = def.type !== 'derived';
    const col: ColDef<OrderRow> = {
      colId: def.key,
      headerName: def.label,
      width: def.width,
      sortable: true,
      editable,
      // The unit column shows the name but stores the unit's id.
      field: (def.type === 'unit' ? 'unitName' : def.key) as keyof OrderRow,
      tooltipField: def.type === 'longtext' ? (def.key as keyof OrderRow) : undefined,
      ...(editable ? editorOf(def, dictionaries, units) : {}),
      valueSetter: (p: ValueSetterParams<OrderRow>) => {
        if (!p.data || p.newValue === p.oldValue) return false;
        const value = p.newValue === '' || p.newValue === undefined ? null : (p.newValue as string);
        write(p.data, def.key, value);
        return false; // the row is replaced when the ledger has accepted the value
      },
    };
    if (def.key === 'orderNo') col.pinned = 'left';
    if (def.key === 'status') col.cellClass = (p) => `status status-${p.value ?? ''}`;
    return col;
  });
}
