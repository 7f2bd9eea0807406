// Show or hide columns (AG Grid Community has no columns panel); the layout is saved with the grid's.
import { useState } from 'react';
import type { GridApi } from 'ag-grid-community';
import type { OrderRow } from '../../shared/api';

export function ColumnChooser({ api }: { api: GridApi<OrderRow> | null }) {
  const [open, setOpen] = useState(false);
  const [, redraw] = useState(0);
  if (!api) return null;
  const columns = api.getColumns() ?? [];
  return (
    <div className="popover-anchor">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>列…</button>
      {open ? (
        <div className="popover column-chooser" role="dialog" aria-label="显示的列">
          {columns.map((c) => (
            <label key={c.getColId()}>
              <input
                type="checkbox"
                checked={c.isVisible()}
                disabled={c.getColId() === 'orderNo'}
                onChange={(e) => { api.setColumnsVisible([c.getColId()], e.target.checked); redraw((n) => n + 1); }}
              />
              {c.getColDef().headerName}
            </label>
          ))}
          <div className="popover-actions">
            <button type="button" onClick={() => { api.resetColumnState(); redraw((n) => n + 1); }}>恢复默认布局</button>
            <button type="button" onClick={() => setOpen(false)}>关闭</button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
