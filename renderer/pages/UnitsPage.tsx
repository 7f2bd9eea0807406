// 承办单位: the directory of handling units, edited in place; new units get a guessed kind.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import { call, fileToBase64, messageOf } from '../api';
import type { Unit, UnitImportSummary } from '../../shared/api';
import { guessUnitKind, UNIT_KIND_LABEL, type UnitKind } from '../../shared/units';
import { showToast } from '../components/Toast';
import { gridTheme } from '../gridTheme';
import { aliasesOfText, unitColumnsOf, type UnitChange } from '../units/unitColumns';

/** Each unit followed by its sub-units, so the directory reads as a tree. */
function unitsInTreeOrder(units: readonly Unit[]): Unit[] {
  const children = new Map<number, Unit[]>();
  for (const u of units) if (u.parentId !== null) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  const known = new Set(units.map((u) => u.id));
  return units
    .filter((u) => u.parentId === null || !known.has(u.parentId))
    .flatMap((u) => [u, ...(children.get(u.id) ?? [])]);
}

export default function UnitsPage() {
  const [units, setUnits] = useState<Unit[]>([]);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<UnitKind | ''>('');
  const [parentId, setParentId] = useState('');
  const [aliases, setAliases] = useState('');
  // While a unit is being added the form is read-only: what the clerk typed for the next unit
  // would otherwise be wiped when the first one lands, and its 上级单位 list is not yet updated.
  const [adding, setAdding] = useState(false);
  const [summary, setSummary] = useState<UnitImportSummary | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const reload = useCallback(async () => {
    try {
      setUnits((await call('units.list', {})).units);
    } catch (e) {
      showToast(messageOf(e), 'error');
    }
  }, []);
  useEffect(() => void reload(), [reload]);

  const write = useCallback(async (unit: Unit, changes: UnitChange) => {
    try {
      await call('units.update', { id: unit.id, changes });
      await reload();
    } catch (e) {
      showToast(`${unit.name}：${messageOf(e)}`, 'error');
    }
  }, [reload]);
  const columns = useMemo(() => unitColumnsOf(units, write), [units, write]);

  const guessed = name.trim() ? guessUnitKind(name) : null;
  const add = async (e: React.FormEvent) => {
    e.preventDefault();
    setAdding(true);
    try {
      const { unit } = await call('units.create', {
        name: name.trim(),
        kind: kind || undefined,
        parentId: parentId ? Number(parentId) : null,
        aliases: aliasesOfText(aliases),
      });
      showToast(`已添加 ${unit.name}（${UNIT_KIND_LABEL[unit.kind]}）`);
      setName(''); setKind(''); setParentId(''); setAliases('');
      await reload();
    } catch (err) {
      showToast(messageOf(err), 'error');
    } finally {
      setAdding(false);
    }
  };

  const importFile = async (file: File) => {
    try {
      const result = await call('units.import', { fileName: file.name, base64: await fileToBase64(file) });
      setSummary(result);
      await reload();
    } catch (e) {
      showToast(messageOf(e), 'error');
    }
  };

  const towns = units.filter((u) => u.kind === 'town').length;
  return (
    <div className="page units-page">
      <div className="toolbar">
        <h1>承办单位</h1>
        <span className="row-count">共 {units.length} 个（镇街 {towns}，部门 {units.length - towns}）</span>
        <div className="spacer" />
        <button type="button" onClick={() => fileInput.current?.click()}>从表格导入…</button>
        <input ref={fileInput} type="file" hidden accept=".xlsx,.xls,.csv" aria-label="单位名录文件"
          onChange={(e) => { const f = e.target.files?.[0]; if (f) void importFile(f); e.target.value = ''; }} />
      </div>
      <form className="unit-form" onSubmit={add}>
        <input aria-label="单位名称" placeholder="单位名称（必填）" disabled={adding} value={name} onChange={(e) => setName(e.target.value)} required />
        <select aria-label="单位类型" disabled={adding} value={kind} onChange={(e) => setKind(e.target.value as UnitKind | '')}>
          <option value="">{guessed ? `按名称判断：${UNIT_KIND_LABEL[guessed]}` : '单位类型（按名称判断）'}</option>
          <option value="town">镇街</option>
          <option value="dept">部门</option>
        </select>
        <select aria-label="上级单位" disabled={adding} value={parentId} onChange={(e) => setParentId(e.target.value)}>
          <option value="">无上级单位</option>
          {units.filter((u) => u.parentId === null).map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
        </select>
        <input aria-label="别名" placeholder="别名，用顿号分隔" disabled={adding} value={aliases} onChange={(e) => setAliases(e.target.value)} />
        <button type="submit" className="primary" disabled={adding || !name.trim()}>{adding ? '正在添加…' : '添加单位'}</button>
      </form>
      {summary ? (
        <div className="import-summary" role="status">
          导入完成：新增 {summary.created.length} 个，更新 {summary.updated.length} 个，未变 {summary.unchanged} 个，拒绝 {summary.rejected.length} 行。
          {summary.rejected.length > 0 ? (
            <ul>{summary.rejected.slice(0, 20).map((r) => <li key={`${r.row}-${r.column}`}>第 {r.row} 行 {r.column}：{r.message}</li>)}</ul>
          ) : null}
          <button type="button" className="link" onClick={() => setSummary(null)}>知道了</button>
        </div>
      ) : null}
      <div className="grid-box">
        <AgGridReact<Unit>
          theme={gridTheme}
          rowData={unitsInTreeOrder(units)}
          columnDefs={columns}
          getRowId={(p) => String(p.data.id)}
          localeText={AG_GRID_LOCALE_CN}
          defaultColDef={{ resizable: true, sortable: true }}
          stopEditingWhenCellsLoseFocus
        />
      </div>
    </div>
  );
}
