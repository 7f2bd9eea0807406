// Columns of the units directory: every cell edits through units.update.
import type { ColDef, ValueSetterParams } from 'ag-grid-community';
import type { Unit } from '../../shared/api';
import { UNIT_KIND_LABEL, unitKindFromLabel } from '../../shared/units';

export type UnitChange = Partial<{ name: string; kind: 'town' | 'dept'; parentId: number | null; aliases: string[]; sortOrder: number; active: boolean }>;
export type UnitWriter = (unit: Unit, changes: UnitChange) => void;

function setterOf(write: UnitWriter, toChange: (v: unknown, unit: Unit) => UnitChange | null) {
  return (p: ValueSetterParams<Unit>) => {
    if (!p.data || p.newValue === p.oldValue) return false;
    const change = toChange(p.newValue, p.data);
    if (change) write(p.data, change);
    return false;
  };
}

/** Aliases as the clerk types them: separated by 、，, or ; */
export function aliasesOfText(text: string): string[] {
  return [...new Set(text.split(/[、，,;；\s]+/).map((s) => s.trim()).filter(Boolean))];
}

export function unitColumnsOf(units: readonly Unit[], write: UnitWriter): ColDef<Unit>[] {
  return [
    { field: 'name', headerName: '单位名称', width: 240, editable: true,
      cellRenderer: (p: { data?: Unit; value?: string }) => (p.data?.parentId ? `└ ${p.value}` : p.value),
      valueSetter: setterOf(write, (v) => ({ name: String(v ?? '').trim() })) },
    {
      colId: 'kind', headerName: '单位类型', width: 100, editable: true,
      valueGetter: (p) => (p.data ? UNIT_KIND_LABEL[p.data.kind] : ''),
      cellEditor: 'agSelectCellEditor', cellEditorParams: { values: ['镇街', '部门'] },
      valueSetter: setterOf(write, (v) => { const k = unitKindFromLabel(String(v)); return k ? { kind: k } : null; }),
    },
    {
      colId: 'parent', headerName: '上级单位', width: 180, editable: true,
      valueGetter: (p) => p.data?.parentName ?? '',
      cellEditor: 'agSelectCellEditor',
      cellEditorParams: (p: { data?: Unit }) => ({ values: ['', ...units.filter((u) => u.id !== p.data?.id && u.parentId === null).map((u) => u.name)] }),
      valueSetter: setterOf(write, (v) => {
        const name = String(v ?? '');
        if (!name) return { parentId: null };
        const parent = units.find((u) => u.name === name);
        return parent ? { parentId: parent.id } : null;
      }),
    },
    {
      colId: 'aliases', headerName: '别名', width: 260, editable: true,
      valueGetter: (p) => p.data?.aliases.join('、') ?? '',
      valueSetter: setterOf(write, (v) => ({ aliases: aliasesOfText(String(v ?? '')) })),
    },
    {
      field: 'sortOrder', headerName: '排序', width: 80, editable: true,
      valueSetter: setterOf(write, (v) => (/^-?\d+$/.test(String(v).trim()) ? { sortOrder: Number(v) } : null)),
    },
    {
      field: 'active', headerName: '启用', width: 80, editable: true,
      cellDataType: 'boolean',
      valueSetter: setterOf(write, (v) => ({ active: Boolean(v) })),
    },
    { field: 'orderCount', headerName: '工单数', width: 90, type: 'rightAligned' },
    { colId: 'id', headerName: '编号', width: 70, valueGetter: (p) => p.data?.id, hide: true },
  ];
}
