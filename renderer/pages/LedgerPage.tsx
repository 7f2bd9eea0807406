// 台账: the work orders in a spreadsheet-like grid. Paging, sorting and filtering run in SQL
// (AG Grid's infinite row model); every edit goes through the API and can be undone.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColumnState, GridApi, GridReadyEvent, IDatasource, IGetRowsParams } from 'ag-grid-community';
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import { call, messageOf } from '../api';
import type { Dictionaries, OrderFilter, OrderRow, Unit } from '../../shared/api';
import { useRoute, navigate, currentRoute } from '../route';
import { showToast } from '../components/Toast';
import { columnDefsOf } from '../ledger/columns';
import { EditStack } from '../ledger/editStack';
import { FilterBar } from '../ledger/FilterBar';
import { OrderPanel } from '../ledger/OrderPanel';
import { ColumnChooser } from '../ledger/ColumnChooser';
import { Welcome } from '../ledger/Welcome';
import { pastePlanOf } from '../ledger/paste';
import { useLedgerWrites } from '../ledger/useLedgerWrites';
import { ImportDialog } from '../import/ImportDialog';
import { ExportDialog, type LedgerView } from '../export/ExportDialog';
import { isEditableField } from '../../shared/fields';
import { gridTheme } from '../gridTheme';

const COLUMN_STATE_KEY = 'ui.ledger.columns';
const PAGE_SIZE = 100;
// One stack per window: undo survives switching pages and back.
const editStack = new EditStack();

/** A filter handed over in the address: '#/ledger?filter={…}' from the board or statistics. */
function filterFromRoute(query: URLSearchParams): OrderFilter {
  const raw = query.get('filter');
  if (!raw) return {};
  try {
    return JSON.parse(raw) as OrderFilter;
  } catch {
    return {};
  }
}

/** What the export takes from the grid: the filter, the sort and the visible field columns in order. */
function viewOf(api: GridApi<OrderRow> | null, filter: OrderFilter): LedgerView {
  // A grid being torn down (leaving the page) answers undefined: export the filter alone then.
  const live = api && !api.isDestroyed() ? api : null;
  return {
    filter,
    sort: (live?.getColumnState() ?? []).filter((c) => c.sort).map((c) => ({ colId: c.colId, sort: c.sort as 'asc' | 'desc' })),
    columns: (live?.getAllDisplayedColumns() ?? []).map((c) => c.getColId()).filter((id) => isEditableField(id) || id === 'status'),
  };
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export default function LedgerPage() {
  const route = useRoute();
  const [filter, setFilter] = useState<OrderFilter>(() => filterFromRoute(route.query));
  const [dictionaries, setDictionaries] = useState<Dictionaries | null>(null);
  const [units, setUnits] = useState<Unit[]>([]);
  const [api, setApi] = useState<GridApi<OrderRow> | null>(null);
  const [rowCount, setRowCount] = useState<number | null>(null);
  const [ledgerEmpty, setLedgerEmpty] = useState(false);
  const [version, setVersion] = useState(0);
  const [selectedIds, setSelectedIds] = useState<number[]>([]);
  const [importOpen, setImportOpen] = useState(false);
  const [exportOpen, setExportOpen] = useState(false);
  const [, setStackTick] = useState(0);
  const panelId = route.query.get('order') ? Number(route.query.get('order')) : null;
  const gridBox = useRef<HTMLDivElement>(null);

  useEffect(() => editStack.subscribe(() => setStackTick((n) => n + 1)), []);
  useEffect(() => setFilter(filterFromRoute(route.query)), [route.query.get('filter')]); // eslint-disable-line react-hooks/exhaustive-deps

  const loadLookups = useCallback(async () => {
    try {
      const [d, u, info] = await Promise.all([call('dictionaries.get', {}), call('units.list', {}), call('app.info', {})]);
      setDictionaries(d);
      setUnits(u.units);
      setLedgerEmpty(info.orderCount === 0);
    } catch (e) {
      showToast(messageOf(e), 'error');
    }
  }, []);
  useEffect(() => void loadLookups(), [loadLookups]);

  const onChanged = useCallback(() => setVersion((v) => v + 1), []);
  const { writeCell, applyAsStep, setDeleted, createOrder } = useLedgerWrites(api, editStack, onChanged);

  // Reads the address when called (not from render) so the columns that use it never change.
  const openOrder = useCallback((id: number | null) => {
    const query: Record<string, string> = {};
    const f = currentRoute().query.get('filter');
    if (f) query.filter = f;
    if (id !== null) query.order = String(id);
    navigate('/ledger', query);
  }, []);

  const columnDefs = useMemo(
    () => (dictionaries ? columnDefsOf(dictionaries, units, writeCell, openOrder) : []),
    [dictionaries, units, writeCell, openOrder],
  );

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows: (p: IGetRowsParams) => {
        call('orders.page', {
          startRow: p.startRow,
          endRow: p.endRow,
          sort: p.sortModel.map((s) => ({ colId: s.colId, sort: s.sort })),
          filter,
        }).then(
          (page) => {
            setRowCount(page.rowCount);
            p.successCallback(page.rows, page.rowCount);
          },
          (e) => {
            showToast(messageOf(e), 'error');
            p.failCallback();
          },
        );
      },
    }),
    [filter],
  );

  const onGridReady = useCallback(async (e: GridReadyEvent<OrderRow>) => {
    setApi(e.api);
    try {
      const { value } = await call('settings.get', { key: COLUMN_STATE_KEY });
      if (Array.isArray(value)) e.api.applyColumnState({ state: value as ColumnState[], applyOrder: true });
    } catch {
      // a layout that cannot be read is not worth an error: the default layout is shown
    }
  }, []);

  // The clerk's layout (order, width, hidden) is kept in the ledger's settings.
  const saveTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const saveColumnState = useCallback(() => {
    // Read the layout now, while the grid is alive (column events also fire as it is torn down
    // on leaving the page); only the saving waits for the clerk to finish dragging.
    const state = api && !api.isDestroyed() ? api.getColumnState() : undefined;
    if (!Array.isArray(state) || state.length === 0) return;
    const layout = state.map(({ colId, width, hide, pinned }) => ({ colId, width, hide, pinned }));
    clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => {
      call('settings.set', { key: COLUMN_STATE_KEY, value: layout }).catch((e) => showToast(messageOf(e), 'error'));
    }, 400);
  }, [api]);

  const undo = useCallback(async () => {
    try {
      const label = await editStack.undo();
      showToast(label ? `已撤销：${label}` : '没有可撤销的操作');
    } catch (e) {
      showToast(`撤销失败：${messageOf(e)}`, 'error');
    }
  }, []);
  const redo = useCallback(async () => {
    try {
      const label = await editStack.redo();
      showToast(label ? `已重做：${label}` : '没有可重做的操作');
    } catch (e) {
      showToast(`重做失败：${messageOf(e)}`, 'error');
    }
  }, []);

  // Ctrl+Z / Ctrl+Y anywhere on the page except while typing in a field or editing a cell.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || isTyping(e.target) || (api?.getEditingCells().length ?? 0) > 0) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) { e.preventDefault(); void undo(); }
      else if (key === 'y' || (key === 'z' && e.shiftKey)) { e.preventDefault(); void redo(); }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [api, undo, redo]);

  // Paste from Excel/WPS: the browser's paste event carries the tab-separated text.
  useEffect(() => {
    const box = gridBox.current;
    if (!box || !api) return;
    const onPaste = (e: ClipboardEvent) => {
      if ((api.getEditingCells().length ?? 0) > 0) return; // pasting inside an editor is the editor's business
      const text = e.clipboardData?.getData('text/plain') ?? '';
      const plan = pastePlanOf(api, text);
      if (!plan) return;
      e.preventDefault();
      if (plan.skipped.length > 0) showToast(`部分单元格未粘贴：${plan.skipped.slice(0, 3).join('；')}`, 'error');
      void applyAsStep(plan.edits, 'paste', `粘贴 ${plan.edits.length} 个单元格`);
    };
    box.addEventListener('paste', onPaste);
    return () => box.removeEventListener('paste', onPaste);
  }, [api, applyAsStep]);


  const onImported = useCallback(() => {
    setImportOpen(false);
    setLedgerEmpty(false);
    void loadLookups();
    api?.refreshInfiniteCache();
    onChanged();
  }, [api, loadLookups, onChanged]);

  const showWelcome = ledgerEmpty && !filter.deleted;
  const inRecycleBin = !!filter.deleted;

  return (
    <div className="page ledger-page">
      <div className="toolbar">
        <h1>{inRecycleBin ? '回收站' : '台账'}</h1>
        <span className="row-count" aria-live="polite">{rowCount === null ? '' : `共 ${rowCount.toLocaleString('zh-CN')} 件`}</span>
        <div className="spacer" />
        {inRecycleBin ? (
          <button type="button" disabled={selectedIds.length === 0} onClick={() => void setDeleted(selectedIds, false)}>恢复所选</button>
        ) : (
          <>
            <button type="button" onClick={async () => { const o = await createOrder(); if (o) openOrder(o.id); }}>新增工单</button>
            <button type="button" disabled={selectedIds.length === 0} onClick={() => void setDeleted(selectedIds, true)}>删除所选{selectedIds.length ? `（${selectedIds.length}）` : ''}</button>
          </>
        )}
        <button type="button" onClick={undo} disabled={!editStack.canUndo} title={editStack.undoLabel ? `撤销：${editStack.undoLabel}（Ctrl+Z）` : '撤销（Ctrl+Z）'}>撤销</button>
        <button type="button" onClick={redo} disabled={!editStack.canRedo} title={editStack.redoLabel ? `重做：${editStack.redoLabel}（Ctrl+Y）` : '重做（Ctrl+Y）'}>重做</button>
        <ColumnChooser api={api} />
        <button type="button" onClick={() => setImportOpen(true)}>导入工单</button>
        <button type="button" onClick={() => setExportOpen(true)}>导出</button>
        <button type="button" className={inRecycleBin ? 'active' : undefined} onClick={() => setFilter({ ...filter, deleted: inRecycleBin ? undefined : true })}>
          {inRecycleBin ? '返回台账' : '回收站'}
        </button>
      </div>
      <FilterBar filter={filter} onChange={setFilter} units={units} dictionaries={dictionaries} />
      {showWelcome ? (
        <Welcome onImport={() => setImportOpen(true)} onLoaded={() => { setLedgerEmpty(false); void loadLookups(); api?.refreshInfiniteCache(); onChanged(); }} />
      ) : null}
      <div className={`ledger-body${showWelcome ? ' hidden' : ''}`}>
        <div className="grid-box" ref={gridBox} data-testid="ledger-grid">
          {dictionaries ? (
            <AgGridReact<OrderRow>
              theme={gridTheme}
              columnDefs={columnDefs}
              defaultColDef={{ resizable: true, suppressHeaderMenuButton: true }}
              rowModelType="infinite"
              datasource={datasource}
              cacheBlockSize={PAGE_SIZE}
              maxBlocksInCache={50}
              getRowId={(p) => String(p.data.id)}
              localeText={AG_GRID_LOCALE_CN}
              rowSelection={{ mode: 'multiRow', checkboxes: true, headerCheckbox: false, enableClickSelection: false }}
              selectionColumnDef={{ pinned: 'left', width: 44 }}
              onSelectionChanged={(e) => setSelectedIds(e.api.getSelectedRows().map((r) => r.id))}
              onGridReady={onGridReady}
              onColumnMoved={(e) => e.finished && saveColumnState()}
              onColumnResized={(e) => e.finished && saveColumnState()}
              onColumnVisible={saveColumnState}
              onColumnPinned={saveColumnState}
              onCellFocused={(e) => {
                if (panelId === null || e.rowIndex == null) return;
                const row = e.api.getDisplayedRowAtIndex(e.rowIndex)?.data;
                if (row && row.id !== panelId) openOrder(row.id);
              }}
              stopEditingWhenCellsLoseFocus
              enterNavigatesVerticallyAfterEdit
              suppressColumnVirtualisation
              tooltipShowDelay={600}
            />
          ) : null}
        </div>
        {panelId !== null && Number.isInteger(panelId) ? <OrderPanel id={panelId} version={version} onClose={() => openOrder(null)} /> : null}
      </div>
      <ImportDialog open={importOpen} onClose={() => setImportOpen(false)} onImported={onImported} />
      <ExportDialog
        open={exportOpen}
        onClose={() => setExportOpen(false)}
        view={exportOpen ? viewOf(api, filter) : { filter, sort: [], columns: [] }}
      />
    </div>
  );
}
